//! The `consumer_key` example against the mock OVH server (`ovh_api::mock`).

use crate::support::run_example_with;
use ovh_api::mock::{MockOvh, DEFAULT_APP_KEY, DEFAULT_APP_SECRET};
use serde_json::json;

/// Only the application's credentials: the example obtains the consumer key.
fn app_env(ovh: &MockOvh) -> Vec<(&'static str, String)> {
    vec![
        ("OVH_ENDPOINT", ovh.base_url()),
        ("OVH_APPLICATION_KEY", DEFAULT_APP_KEY.to_owned()),
        ("OVH_APPLICATION_SECRET", DEFAULT_APP_SECRET.to_owned()),
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn read_only_me_by_default_then_greets_with_the_new_key() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me")
        .reply_json(200, &json!({"nichandle": "xx1-ovh", "firstname": "Grace"}));
    let dir = tempfile::tempdir().unwrap();
    let out = run_example_with("consumer_key", &[], "\n", dir.path(), &app_env(&ovh)).await;
    assert_eq!(out.code, Some(0), "{out:?}");

    let issued = ovh.credentials();
    assert_eq!(issued.len(), 1);
    let issued = &issued[0];
    assert_eq!(
        issued
            .access_rules
            .iter()
            .map(|r| (r.method.as_str(), r.path.as_str()))
            .collect::<Vec<_>>(),
        [("GET", "/me")]
    );
    assert_eq!(
        out.stdout,
        format!(
            "Please visit {} to authenticate,\nthen press Enter to continue.\nWelcome Grace\nYour consumer key is {}\n",
            issued.validation_url, issued.consumer_key
        )
    );
    let requests = ovh.all_requests();
    let credential = requests
        .iter()
        .find(|r| r.api_path() == "/auth/credential")
        .unwrap();
    assert_eq!(credential.method, "POST");
    assert!(!credential.is_signed());
    let me = requests.iter().find(|r| r.api_path() == "/me").unwrap();
    assert_eq!(
        me.header("x-ovh-consumer"),
        Some(issued.consumer_key.as_str())
    );
    assert!(me.signature.is_valid());
}

#[tokio::test(flavor = "multi_thread")]
async fn full_asks_recursive_read_write_on_everything() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me")
        .reply_json(200, &json!({"nichandle": "xx1-ovh"}));
    let dir = tempfile::tempdir().unwrap();
    let out = run_example_with(
        "consumer_key",
        &["--full"],
        "\n",
        dir.path(),
        &app_env(&ovh),
    )
    .await;
    assert_eq!(out.code, Some(0), "{out:?}");
    let issued = &ovh.credentials()[0];
    // No first name: the nichandle is used.
    assert_eq!(
        out.stdout,
        format!(
            "Please visit {} to authenticate,\nthen press Enter to continue.\nWelcome xx1-ovh\nYour consumer key is {}\n",
            issued.validation_url, issued.consumer_key
        )
    );
    let rules: Vec<_> = issued
        .access_rules
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(rules, ["GET /*", "POST /*", "PUT /*", "DELETE /*"]);
    let requests = ovh.all_requests();
    let me = requests.iter().find(|r| r.api_path() == "/me").unwrap();
    assert_eq!(me.method, "GET");
    assert_eq!(
        me.header("x-ovh-consumer"),
        Some(issued.consumer_key.as_str())
    );
    assert!(me.signature.is_valid());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_key_not_validated_yet_fails_after_enter_with_one_line() {
    let ovh = MockOvh::start().await;
    // What OVH answers when the user pressed Enter without validating.
    ovh.on("GET", "/me").reply_error_code(
        403,
        "NOT_GRANTED_CALL",
        "This call has not been granted",
    );
    let dir = tempfile::tempdir().unwrap();
    let out = run_example_with("consumer_key", &[], "\n", dir.path(), &app_env(&ovh)).await;
    let line = out.error_line("not-granted-call");
    assert!(line.contains("HTTP 403"), "{line}");
    let issued = &ovh.credentials()[0];
    assert_eq!(
        out.stdout,
        format!(
            "Please visit {} to authenticate,\nthen press Enter to continue.\n",
            issued.validation_url
        ),
        "the key is not printed when it does not work"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_application_fails_before_waiting() {
    let ovh = MockOvh::start().await;
    ovh.on("POST", "/auth/credential")
        .unauthenticated()
        .reply_error_code(403, "INVALID_KEY", "Invalid application key");
    let dir = tempfile::tempdir().unwrap();
    let out = run_example_with("consumer_key", &[], "", dir.path(), &app_env(&ovh)).await;
    assert_eq!(out.code, Some(1));
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .starts_with("error: invalid-key: OVH API answered HTTP 403: Invalid application key"),
        "{}",
        out.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn for_example_asks_exactly_what_that_example_needs() {
    let ovh = MockOvh::start().await;
    let dir = tempfile::tempdir().unwrap();
    let args = ["--for-example", "least_privilege"];
    let out = run_example_with("consumer_key", &args, "", dir.path(), &app_env(&ovh)).await;
    assert_eq!(out.code, Some(0), "{out:?}");
    let issued = &ovh.credentials()[0];
    let rules: Vec<String> = issued.access_rules.iter().map(|r| r.to_string()).collect();
    assert_eq!(
        rules,
        [
            "GET /email/domain/*/redirection",
            "POST /email/domain/*/redirection",
            "GET /me/bill",
            "GET /me/bill/*"
        ]
    );
    assert_eq!(
        out.stdout,
        format!(
            "Please visit {} to validate the key,\nthen use the consumer key {}\n",
            issued.validation_url, issued.consumer_key
        )
    );
    // The key is not tried: nothing but the credential request was sent.
    assert!(ovh
        .requests()
        .iter()
        .all(|r| r.api_path() == "/auth/credential"));

    let out = run_example_with(
        "consumer_key",
        &["--for-example", "nope"],
        "",
        dir.path(),
        &app_env(&ovh),
    )
    .await;
    let line = out.error_line("invalid-parameter");
    assert!(line.contains("welcome, bills"), "{line}");
}
