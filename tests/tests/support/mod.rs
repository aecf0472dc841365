//! Shared helpers for the end-to-end tests.

#![allow(dead_code)]

use ovh_api::ConfigLookup;

/// A lookup with an empty environment and no configuration files, so tests
/// never read the developer's real configuration.
pub fn isolated_lookup() -> ConfigLookup {
    ConfigLookup::with_files(Vec::<(String, String)>::new(), Vec::new())
}

/// Retries with backoff short enough for tests.
pub fn fast_retries() -> ovh_api::RetryPolicy {
    ovh_api::RetryPolicy::default()
        .initial_backoff(std::time::Duration::from_millis(2))
        .max_backoff(std::time::Duration::from_millis(10))
}

/// An HTML error page with `status`, as a gateway sends.
pub fn unavailable(status: u16) -> ovh_api::mock::Reply {
    ovh_api::mock::Reply::raw(status, "text/html", format!("<html>{status}</html>"))
}

/// What a `tracing` subscriber writes (installed on this thread by [`capture_logs`]).
#[derive(Clone, Default)]
pub struct Logs(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Logs {
    /// Everything written so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Captures the events at `level` and above while the guard lives. tracing caches per process
/// which call sites have a subscriber: a test using this belongs alone in its binary.
pub fn capture_logs(level: tracing::Level) -> (Logs, tracing::subscriber::DefaultGuard) {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    (logs, tracing::subscriber::set_default(subscriber))
}
