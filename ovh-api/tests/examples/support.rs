//! Running an example against the mock.

use ovh_api::mock::{MockOvh, DEFAULT_APP_KEY, DEFAULT_APP_SECRET, DEFAULT_CONSUMER_KEY};

/// The path of a compiled example: the one cargo built with this test, in
/// `target/<profile>/examples` (this test runs from `target/<profile>/deps`).
pub fn example_binary(name: &str) -> std::path::PathBuf {
    let exe = std::env::current_exe().expect("current test binary");
    let profile_dir = exe
        .parent()
        .and_then(std::path::Path::parent)
        .expect("target/<profile>");
    let binary = profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.exists(),
        "{} was not built: `cargo test -p ovh-api` builds the examples with this test \
         (`--test examples` alone does not: run `cargo build -p ovh-api --examples` first)",
        binary.display()
    );
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

/// The environment pointing an example at the mock with the default credentials.
fn mock_env(ovh: &MockOvh) -> [(&'static str, String); 4] {
    [
        ("OVH_ENDPOINT", ovh.base_url()),
        ("OVH_APPLICATION_KEY", DEFAULT_APP_KEY.to_owned()),
        ("OVH_APPLICATION_SECRET", DEFAULT_APP_SECRET.to_owned()),
        ("OVH_CONSUMER_KEY", DEFAULT_CONSUMER_KEY.to_owned()),
    ]
}

/// Runs an example against the mock, isolated from the real
/// environment: an empty environment but for `OVH_*` pointing at the fake
/// server, and a temporary HOME and working directory.
pub async fn run_example(ovh: &MockOvh, name: &str, args: &[&str], stdin: &str) -> Output {
    let dir = tempfile::tempdir().expect("tempdir");
    run_example_with(name, args, stdin, dir.path(), &mock_env(ovh)).await
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
    let child = spawn_example(name, args, stdin, dir, env).await;
    // A hang guard only (a broken example must not stall the run), never a measurement.
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

/// Starts an example against the mock (as [`run_example`] does) and returns it running; it is
/// killed when dropped. `dir` is its HOME and working directory.
pub async fn start_example(
    ovh: &MockOvh,
    name: &str,
    args: &[&str],
    dir: &std::path::Path,
) -> tokio::process::Child {
    spawn_example(name, args, "", dir, &mock_env(ovh)).await
}

async fn spawn_example(
    name: &str,
    args: &[&str],
    stdin: &str,
    dir: &std::path::Path,
    env: &[(&str, String)],
) -> tokio::process::Child {
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
    child
}

/// Waits until the mock has received `count` API calls (the clock sync aside) and returns
/// them. Polls; gives up after a minute, which only a broken client reaches (a hang guard,
/// never a measurement).
pub async fn wait_for_requests(
    ovh: &MockOvh,
    count: usize,
    what: &str,
) -> Vec<ovh_api::mock::RecordedRequest> {
    let started = std::time::Instant::now();
    loop {
        let requests = ovh.requests();
        if requests.len() >= count {
            return requests;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "waited a minute for {what}: got {} of {count} requests: {requests:#?}",
            requests.len()
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}
