//! The `mail_redirection` example against the mock OVH server (`ovh_api::mock`).

use crate::support::run_example;
use ovh_api::mock::MockOvh;
use serde_json::json;

const PATH: &str = "/email/domain/example.com/redirection";

#[tokio::test(flavor = "multi_thread")]
async fn posts_from_to_and_no_local_copy() {
    let ovh = MockOvh::start().await;
    ovh.on("POST", PATH).reply_json(
        200,
        &json!({"id": "42", "account": "a", "action": "add", "date": "2024-06-01T10:00:00+02:00", "domain": "example.com", "type": "redirect"}),
    );
    let out = run_example(
        &ovh,
        "mail_redirection",
        &["example.com", "a@example.com", "b@example.org"],
        "",
    )
    .await;
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(
        out.stdout,
        "Redirection a@example.com -> b@example.org requested on example.com (task 42)\n"
    );
    let call = ovh
        .all_requests()
        .into_iter()
        .find(|r| r.api_path() == PATH)
        .unwrap();
    assert_eq!(call.method, "POST");
    assert!(call.signature.is_valid());
    assert_eq!(
        call.json().unwrap(),
        json!({"from": "a@example.com", "to": "b@example.org", "localCopy": false})
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_domain_is_a_not_found_line() {
    let ovh = MockOvh::start().await;
    ovh.on("POST", "/email/domain/nope.example/redirection")
        .reply_error_code(
            404,
            "Client::NotFound",
            "The requested object (domain = nope.example) does not exist",
        );
    let out = run_example(
        &ovh,
        "mail_redirection",
        &["nope.example", "a@x", "b@y"],
        "",
    )
    .await;
    assert_eq!(out.code, Some(1));
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr
            .starts_with("error: not-found: OVH API answered HTTP 404"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("query id"), "{}", out.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_domain_with_a_slash_stays_one_segment() {
    let ovh = MockOvh::start().await;
    let out = run_example(&ovh, "mail_redirection", &["a/../b", "x@y", "z@w"], "").await;
    // Not routed on the mock: a 404, but on the literal segment.
    assert_eq!(out.code, Some(1));
    let call = ovh.all_requests().pop().unwrap();
    assert_eq!(call.path, "/1.0/email/domain/a%2F..%2Fb/redirection");
}
