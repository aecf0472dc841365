//! The `call` example, run as a process against the mock OVH server (`ovh_api::mock`).

use crate::support::{run_example, run_example_with};
use ovh_api::mock::{MockOvh, DEFAULT_APP_KEY, DEFAULT_APP_SECRET, DEFAULT_CONSUMER_KEY};
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread")]
async fn get_prints_pretty_json() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me")
        .reply_json(200, &json!({"nichandle": "xx1-ovh", "firstname": "Ada"}));
    let out = run_example(&ovh, "call", &["GET", "/me"], "").await;
    assert_eq!(out.code, Some(0), "{out:?}");
    let printed: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(printed, json!({"nichandle": "xx1-ovh", "firstname": "Ada"}));
    assert!(
        out.stdout.contains("\n  \"firstname\": \"Ada\""),
        "pretty: {}",
        out.stdout
    );
    let requests = ovh.all_requests();
    let me = requests.iter().find(|r| r.api_path() == "/me").unwrap();
    assert_eq!(me.method, "GET");
    assert_eq!(me.raw_query, None);
    assert!(me.is_signed() && me.signature.is_valid());
}

#[tokio::test(flavor = "multi_thread")]
async fn post_sends_the_body_compact_and_signed() {
    let ovh = MockOvh::start().await;
    let path = "/email/domain/example.com/redirection";
    ovh.on("POST", path).reply_json(200, &json!({"id": "r1"}));
    let body = r#"{ "from": "a@example.com", "to": "b@example.com", "localCopy": false }"#;
    let out = run_example(&ovh, "call", &["POST", path, body], "").await;
    assert_eq!(out.code, Some(0), "{out:?}");
    let call = ovh.all_requests().pop().unwrap();
    assert_eq!((call.method.as_str(), call.api_path()), ("POST", path));
    assert!(call.signature.is_valid());
    assert_eq!(
        call.body_str(),
        // As written: serde_json keeps the members' order (`preserve_order`).
        Some(r#"{"from":"a@example.com","to":"b@example.com","localCopy":false}"#)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn query_in_the_path_is_sent_and_signed() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me/bill")
        .reply_json(200, &json!(["FR1", "FR2"]));
    let out = run_example(&ovh, "call", &["GET", "/me/bill?date.from=2024-01-01"], "").await;
    assert_eq!(out.code, Some(0), "{out:?}");
    let call = ovh.all_requests().pop().unwrap();
    assert_eq!(call.query_param("date.from"), Some("2024-01-01"));
    assert!(call.signature.is_valid());
}

#[tokio::test(flavor = "multi_thread")]
async fn no_auth_sends_unsigned() {
    let ovh = MockOvh::start().await;
    let out = run_example(&ovh, "call", &["--no-auth", "GET", "/auth/time"], "").await;
    assert_eq!(out.code, Some(0), "{out:?}");
    let time: i64 = out.stdout.trim().parse().unwrap();
    assert!((time - ovh.server_time()).abs() <= 2);
    let requests = ovh.all_requests();
    assert_eq!(requests.len(), 1);
    assert!(!requests[0].is_signed());
}

#[tokio::test(flavor = "multi_thread")]
async fn api_errors_are_one_line_on_stderr_with_a_failure_code() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me").reply_error_code(
        403,
        "NOT_GRANTED_CALL",
        "This call has not been granted",
    );
    let out = run_example(&ovh, "call", &["GET", "/me"], "").await;
    assert!(out.stdout.is_empty());
    let line = out.error_line("not-granted-call");
    assert!(
        line.contains("HTTP 403") && line.contains("This call has not been granted"),
        "{line}"
    );
    assert!(line.contains("query id EU."), "{line}");
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_body_is_reported_before_sending() {
    let ovh = MockOvh::start().await;
    let out = run_example(&ovh, "call", &["POST", "/me/x", "{not json"], "").await;
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.contains("the body is not JSON"),
        "{}",
        out.stderr
    );
    assert!(ovh.all_requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn configuration_comes_from_ovh_conf_in_the_working_directory() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me")
        .reply_json(200, &json!({"nichandle": "conf-ovh"}));
    let dir = tempfile::tempdir().unwrap();
    let base = ovh.base_url();
    std::fs::write(
        dir.path().join("ovh.conf"),
        format!(
            "[default]\nendpoint={base}\n\n[{base}]\napplication_key={DEFAULT_APP_KEY}\n\
             application_secret={DEFAULT_APP_SECRET}\nconsumer_key={DEFAULT_CONSUMER_KEY}\n"
        ),
    )
    .unwrap();
    let out = run_example_with("call", &["GET", "/me"], "", dir.path(), &[]).await;
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.contains("conf-ovh"));

    // The environment wins over the file: a wrong consumer key from the
    // environment is what gets sent.
    let out = run_example_with(
        "call",
        &["GET", "/me"],
        "",
        dir.path(),
        &[("OVH_CONSUMER_KEY", "unknown-ck".to_owned())],
    )
    .await;
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(out.stderr.contains("invalid-credential"), "{}", out.stderr);
}
