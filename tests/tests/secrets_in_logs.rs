//! Secrets never appear in formatted values or logs. Alone in its test binary: it installs a
//! `tracing` subscriber, and tracing caches per process which call sites have one, so other
//! tests running beside it could make it miss the events it checks for.

mod support;

use ovh_api::mock::{MockOvh, DEFAULT_APP_SECRET, DEFAULT_CONSUMER_KEY};
use serde_json::{json, Value};

#[tokio::test]
async fn secrets_never_appear_in_formatted_output_or_logs() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me").reply_json(200, &json!({}));
    ovh.on("GET", "/denied")
        .reply_error_code(403, "NOT_GRANTED_CALL", "no");
    let (logs, _guard) = support::capture_logs(tracing::Level::TRACE);

    let builder = ovh.client_builder();
    let mut shown = format!("{builder:?}");
    let client = builder.build().unwrap();
    let _: Value = client.get("/me").await.unwrap();
    let err = client.get::<Value>("/denied").await.unwrap_err();
    let config = ovh_api::Config {
        endpoint: Some("ovh-eu".into()),
        application_key: Some("ak".into()),
        application_secret: Some(DEFAULT_APP_SECRET.into()),
        consumer_key: Some(DEFAULT_CONSUMER_KEY.into()),
        ..ovh_api::Config::default()
    };
    let lookup = ovh_api::ConfigLookup::with_files(
        [
            ("OVH_APPLICATION_SECRET", DEFAULT_APP_SECRET),
            ("OVH_CONSUMER_KEY", DEFAULT_CONSUMER_KEY),
        ],
        Vec::new(),
    );
    shown += &format!("{client:?} {client:#?} {err} {err:?} {config:?} {lookup:?}");
    let logs = logs.text();
    assert!(logs.contains("/1.0/me"), "the request was logged: {logs}");
    assert!(logs.contains("status=200"), "{logs}");
    for secret in [DEFAULT_APP_SECRET, DEFAULT_CONSUMER_KEY] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
        assert!(!logs.contains(secret), "{secret} in {logs}");
    }
    // Every signature header stays out of the logs as well.
    assert!(!logs.contains("$1$"), "{logs}");
}
