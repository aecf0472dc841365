//! The `vps_contact` example against the fake OVH server.

mod support;

use fake_ovh::{FakeOvh, Method};
use serde_json::json;
use support::run_example;

const VPS: &str = "vps-1234abcd.vps.ovh.net";

#[tokio::test(flavor = "multi_thread")]
async fn posts_only_the_technical_contact() {
    let ovh = FakeOvh::start().await;
    let path = format!("/vps/{VPS}/changeContact");
    ovh.on(Method::POST, &path)
        .respond_json(200, json!([1001, 1002]));
    let out = run_example(&ovh, "vps_contact", &[VPS, "xx9-ovh"], "").await;
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(
        out.stdout,
        format!("Contact change to xx9-ovh requested for {VPS} (tasks: 1001, 1002)\n")
    );
    let call = ovh
        .requests()
        .into_iter()
        .find(|r| r.api_path() == path)
        .unwrap();
    assert!(call.signature.is_valid());
    // The admin and billing contacts are left alone: not sent at all.
    assert_eq!(call.json().unwrap(), json!({"contactTech": "xx9-ovh"}));
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_vps_gets_a_clear_message() {
    let ovh = FakeOvh::start().await;
    ovh.on(Method::POST, "/vps/nope/changeContact")
        .respond_error(
            404,
            "Client::NotFound",
            "The requested object (serviceName = nope) does not exist",
        );
    let out = run_example(&ovh, "vps_contact", &["nope", "xx9-ovh"], "").await;
    assert_eq!(out.code, Some(1));
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr
            .starts_with("error: not-found: no VPS named \"nope\" on this account"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("HTTP 404") && out.stderr.contains("query id"),
        "{}",
        out.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn not_granted_is_reported_as_such() {
    let ovh = FakeOvh::start().await;
    ovh.on(Method::POST, &format!("/vps/{VPS}/changeContact"))
        .respond_error(403, "NOT_GRANTED_CALL", "This call has not been granted");
    let out = run_example(&ovh, "vps_contact", &[VPS, "xx9-ovh"], "").await;
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.starts_with("error: not-granted-call:"),
        "{}",
        out.stderr
    );
}
