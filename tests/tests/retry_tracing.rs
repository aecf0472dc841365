//! Every retry is a `tracing` event. Alone in its test binary: a subscriber set with
//! `set_default` misses an event whose callsite another test thread registers at the same
//! moment (tracing caches callsite interest process-wide), which made this test fail about
//! one run in four while the retry tests ran beside it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use ovh_api::mock::{MockOvh, Reply};
use ovh_api::RetryPolicy;
use serde_json::Value;

fn unavailable(status: u16) -> Reply {
    Reply::raw(status, "text/html", format!("<html>{status}</html>"))
}

fn client(ovh: &MockOvh) -> ovh_api::Client {
    let fast = RetryPolicy::default()
        .initial_backoff(Duration::from_millis(2))
        .max_backoff(Duration::from_millis(10));
    ovh.client_builder().retry_policy(fast).build().unwrap()
}

#[tokio::test]
async fn every_retry_is_a_tracing_event() {
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::WARN)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let ovh = MockOvh::start().await;
    ovh.on("GET", "/down").reply_with(unavailable(504));
    let _ = client(&ovh).get::<Value>("/down").await.unwrap_err();
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert_eq!(logs.matches("retrying").count(), 2, "{logs}");
    assert!(logs.contains("HTTP 504"), "{logs}");
    assert!(!logs.contains(ovh_api::mock::DEFAULT_APP_SECRET), "{logs}");
}
