//! The `auth_time` example against the mock OVH server (`ovh_api::mock`).

use crate::support::run_example;
use ovh_api::mock::MockOvh;

#[tokio::test(flavor = "multi_thread")]
async fn prints_server_time_and_skew_unsigned() {
    let ovh = MockOvh::start().await;
    ovh.set_time_offset(-3600);
    let out = run_example(&ovh, "auth_time", &[], "").await;
    assert_eq!(out.code, Some(0), "{out:?}");
    let mut lines = out.stdout.lines();
    let server: i64 = lines
        .next()
        .and_then(|l| l.strip_prefix("server time: "))
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| panic!("{}", out.stdout));
    assert!((server - ovh.server_time()).abs() <= 2);
    let skew: i64 = lines
        .next()
        .and_then(|l| l.strip_prefix("local clock skew: "))
        .and_then(|t| t.strip_suffix(" s"))
        .and_then(|t| t.trim_start_matches('+').parse().ok())
        .unwrap_or_else(|| panic!("{}", out.stdout));
    assert!((3598..=3602).contains(&skew), "{skew}");
    let requests = ovh.all_requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].api_path(), "/auth/time");
    assert_eq!(requests[0].raw_query, None);
    assert!(!requests[0].is_signed());
}

#[tokio::test(flavor = "multi_thread")]
async fn html_502_is_an_invalid_response() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/auth/time").reply_raw(
        502,
        "text/html",
        "<html><h1>502 Bad Gateway</h1></html>",
    );
    let out = run_example(&ovh, "auth_time", &[], "").await;
    assert_eq!(out.code, Some(1));
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr.starts_with(
            "error: invalid-response: OVH API answered HTTP 502 with an unusable body"
        ),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("502 Bad Gateway"), "{}", out.stderr);
    // The fake server gives every answer a query id, this one included.
    assert!(out.stderr.contains("(query id EU.ext-3."), "{}", out.stderr);
}
