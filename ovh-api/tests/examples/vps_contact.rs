//! The `vps_contact` example against the mock OVH server (`ovh_api::mock`).

use crate::support::run_example;
use ovh_api::mock::MockOvh;
use serde_json::json;

const VPS: &str = "vps-1234abcd.vps.ovh.net";

#[tokio::test(flavor = "multi_thread")]
async fn posts_only_the_technical_contact() {
    let ovh = MockOvh::start().await;
    let path = format!("/vps/{VPS}/changeContact");
    ovh.on("POST", &path).reply_json(200, &json!([1001, 1002]));
    let out = run_example(&ovh, "vps_contact", &[VPS, "xx9-ovh"], "").await;
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(
        out.stdout,
        format!("Contact change to xx9-ovh requested for {VPS} (tasks: 1001, 1002)\n")
    );
    let call = ovh
        .all_requests()
        .into_iter()
        .find(|r| r.api_path() == path)
        .unwrap();
    assert!(call.signature.is_valid());
    // The admin and billing contacts are left alone: not sent at all.
    assert_eq!(call.json().unwrap(), json!({"contactTech": "xx9-ovh"}));
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_vps_gets_a_clear_message() {
    let ovh = MockOvh::start().await;
    ovh.on("POST", "/vps/nope/changeContact").reply_error_code(
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
    let ovh = MockOvh::start().await;
    ovh.on("POST", &format!("/vps/{VPS}/changeContact"))
        .reply_error_code(403, "NOT_GRANTED_CALL", "This call has not been granted");
    let out = run_example(&ovh, "vps_contact", &[VPS, "xx9-ovh"], "").await;
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.starts_with("error: not-granted-call:"),
        "{}",
        out.stderr
    );
}
