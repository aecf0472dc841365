//! Every retry is a `tracing` event. Alone in its test binary: a subscriber set with
//! `set_default` misses an event whose callsite another test thread registers at the same
//! moment (tracing caches callsite interest process-wide), which made this test fail about
//! one run in four while the retry tests ran beside it.

mod support;

use ovh_api::mock::MockOvh;
use serde_json::Value;

use support::{capture_logs, fast_retries, unavailable};

#[tokio::test]
async fn every_retry_is_a_tracing_event() {
    let (logs, _guard) = capture_logs(tracing::Level::WARN);

    let ovh = MockOvh::start().await;
    ovh.on("GET", "/down").reply_with(unavailable(504));
    let client = ovh
        .client_builder()
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let _ = client.get::<Value>("/down").await.unwrap_err();
    let logs = logs.text();
    assert_eq!(logs.matches("retrying").count(), 2, "{logs}");
    assert!(logs.contains("HTTP 504"), "{logs}");
    assert!(!logs.contains(ovh_api::mock::DEFAULT_APP_SECRET), "{logs}");
}
