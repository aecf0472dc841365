//! The `welcome` example against the mock OVH server (`ovh_api::mock`).

use crate::support::run_example;
use ovh_api::mock::MockOvh;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn greets_by_first_name() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me").reply_json(
        200,
        &json!({"nichandle": "xx1234-ovh", "firstname": "Ada", "name": "Lovelace", "email": "ada@example.com"}),
    );
    let out = run_example(&ovh, "welcome", &[], "").await;
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(out.stdout, "Welcome Ada\n");
    let calls = ovh.all_requests();
    let me = calls.iter().find(|r| r.api_path() == "/me").unwrap();
    assert_eq!(me.method, "GET");
    assert_eq!(me.raw_query, None);
    assert!(me.signature.is_valid());
}

#[tokio::test(flavor = "multi_thread")]
async fn not_granted_is_one_clear_line() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me").reply_error_code(
        403,
        "NOT_GRANTED_CALL",
        "This call has not been granted",
    );
    let out = run_example(&ovh, "welcome", &[], "").await;
    assert_eq!(out.code, Some(1));
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr.starts_with(
            "error: not-granted-call: OVH API answered HTTP 403: This call has not been granted"
        ),
        "{}",
        out.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn help_describes_the_program() {
    let ovh = MockOvh::start().await;
    let out = run_example(&ovh, "welcome", &["--help"], "").await;
    assert_eq!(out.code, Some(0));
    assert!(out.stdout.contains("GET /me"), "{}", out.stdout);
    assert!(ovh.all_requests().is_empty());
}
