//! Shared helpers for the end-to-end tests.

#![allow(dead_code)]

use ovh_api::mock::{MockOvh, DEFAULT_APP_KEY, DEFAULT_APP_SECRET, DEFAULT_CONSUMER_KEY};
use ovh_api::ConfigLookup;

/// A lookup with an empty environment and no configuration files, so tests
/// never read the developer's real configuration.
pub fn isolated_lookup() -> ConfigLookup {
    ConfigLookup::with_files(Vec::<(String, String)>::new(), Vec::new())
}

/// The path of a compiled `ovh-api` example. The examples are built once per
/// test process (a no-op when `cargo test --workspace` just built them), so a
/// test never runs a stale binary, e.g. under `cargo test -p ovh-tests`.
pub fn example_binary(name: &str) -> std::path::PathBuf {
    static BUILT: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    // Test binaries live in target/<profile>/deps; examples in
    // target/<profile>/examples.
    let exe = std::env::current_exe().expect("current test binary");
    let profile_dir = exe
        .parent()
        .and_then(std::path::Path::parent)
        .expect("target/<profile>");
    BUILT.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut command = std::process::Command::new(cargo);
        command.args(["build", "--quiet", "-p", "ovh-api", "--examples"]);
        // The features `cargo test --workspace` builds ovh-api with (tests/Cargo.toml), so
        // nothing is rebuilt, and the /v2 examples exist.
        command.args(["--features", "v2-iam,v2-public-cloud,v2-vrack-services"]);
        if profile_dir.ends_with("release") {
            command.arg("--release");
        }
        let status = command.status().expect("run cargo build --examples");
        assert!(status.success(), "cargo build -p ovh-api --examples failed");
    });
    let binary = profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(binary.exists(), "{} was not built", binary.display());
    binary
}

/// What a finished example process printed.
#[derive(Debug)]
pub struct Output {
    /// Exit code (`None` if killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Output {
    /// Asserts that the example failed the way every example reports an
    /// error (exit code 1, exactly one line on stderr starting with
    /// `error: <kind>: `) and returns that line for further checks.
    pub fn error_line(&self, kind: &str) -> &str {
        assert_eq!(self.code, Some(1), "{self:?}");
        let line = self.stderr.trim_end();
        assert_eq!(line.lines().count(), 1, "{line}");
        assert!(line.starts_with(&format!("error: {kind}: ")), "{line}");
        line
    }
}

/// Runs an example against the mock, isolated from the real
/// environment: an empty environment but for `OVH_*` pointing at the fake
/// server, and a temporary HOME and working directory.
pub async fn run_example(ovh: &MockOvh, name: &str, args: &[&str], stdin: &str) -> Output {
    let dir = tempfile::tempdir().expect("tempdir");
    let env = [
        ("OVH_ENDPOINT", ovh.base_url()),
        ("OVH_APPLICATION_KEY", DEFAULT_APP_KEY.to_owned()),
        ("OVH_APPLICATION_SECRET", DEFAULT_APP_SECRET.to_owned()),
        ("OVH_CONSUMER_KEY", DEFAULT_CONSUMER_KEY.to_owned()),
    ];
    run_example_with(name, args, stdin, dir.path(), &env).await
}

/// Runs an example with exactly this environment (plus `PATH` and `HOME`
/// set to `dir`) in working directory `dir`.
pub async fn run_example_with(
    name: &str,
    args: &[&str],
    stdin: &str,
    dir: &std::path::Path,
    env: &[(&str, String)],
) -> Output {
    use tokio::io::AsyncWriteExt;
    let binary = example_binary(name);
    let mut command = tokio::process::Command::new(binary);
    command
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("HOME", dir)
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true);
    let mut child = command.spawn().expect("spawn example");
    let mut child_stdin = child.stdin.take().expect("stdin");
    child_stdin
        .write_all(stdin.as_bytes())
        .await
        .expect("write stdin");
    drop(child_stdin);
    let output = tokio::time::timeout(std::time::Duration::from_secs(60), child.wait_with_output())
        .await
        .expect("example finished within 60 s")
        .expect("example output");
    Output {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
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
