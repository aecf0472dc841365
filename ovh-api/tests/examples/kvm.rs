//! The `kvm` example, run as a process against the mock OVH server (`ovh_api::mock`).

use crate::support::{run_example, run_example_with};
use ovh_api::mock::{
    MockOvh, RecordedRequest, Reply, DEFAULT_APP_KEY, DEFAULT_APP_SECRET, DEFAULT_CONSUMER_KEY,
};
use serde_json::json;

const SERVER: &str = "ns123456.ip-51-75-0.eu";
const ACCESS: &str = "/dedicated/server/ns123456.ip-51-75-0.eu/features/ipmi/access";
const TASK: &str = "/dedicated/server/ns123456.ip-51-75-0.eu/task/4242";
const JNLP: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<jnlp spec=\"1.0+\" codebase=\"https://kvm.example/\">\n  \
<application-desc main-class=\"com.example.Kvm\"/>\n</jnlp>\n";

/// A `dedicated.server.Task` as the API returns it for the POST.
fn task() -> serde_json::Value {
    json!({
        "comment": null,
        "doneDate": null,
        "function": "ipmi/configureIPMIAccess",
        "lastUpdate": "2024-05-01T10:00:00+02:00",
        "startDate": "2024-05-01T10:00:00+02:00",
        "status": "init",
        "taskId": 4242,
    })
}

/// The mock answering the POST with the task, and the task GET with `init` then `done`.
fn task_done(ovh: &MockOvh) {
    ovh.on("POST", ACCESS).reply_json(200, &task());
    let mut done = task();
    done["status"] = json!("done");
    ovh.on("GET", TASK)
        .reply_sequence(vec![Reply::json(200, &task()), Reply::json(200, &done)]);
}

/// The `dedicated.server.IpmiAccessValue` of a ready access.
fn ready() -> Reply {
    Reply::json(
        200,
        &json!({"expiration": "2024-05-01T10:15:00+02:00", "value": JNLP}),
    )
}

/// OVH's answer while the access is being prepared.
fn not_ready() -> Reply {
    Reply::error_code(
        404,
        "NOT_FOUND",
        "The requested object (type = kvmipJnlp) does not exist",
    )
}

/// The POST, the task polls (`task_polls` of them), then `gets` GETs of the access.
fn assert_post_then_gets(requests: &[RecordedRequest], task_polls: usize, gets: usize) {
    assert_eq!(requests.len(), 1 + task_polls + gets, "{requests:#?}");
    assert!(requests.iter().all(|r| r.signature.is_valid()));
    let post = &requests[0];
    assert_eq!(post.method, "POST");
    assert_eq!(post.api_path(), ACCESS);
    assert_eq!(
        post.json(),
        Some(json!({"ipToAllow": "203.0.113.7", "ttl": 15, "type": "kvmipJnlp"}))
    );
    for poll in &requests[1..1 + task_polls] {
        assert_eq!(poll.method, "GET");
        assert_eq!(poll.api_path(), TASK);
    }
    for get in &requests[1 + task_polls..] {
        assert_eq!(get.method, "GET");
        assert_eq!(get.api_path(), ACCESS);
        assert_eq!(get.raw_query.as_deref(), Some("type=kvmipJnlp"));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn waits_for_the_task_then_until_ready_then_writes_the_value_to_a_file() {
    let ovh = MockOvh::start().await;
    task_done(&ovh);
    ovh.on("GET", ACCESS).reply_sequence(vec![
        not_ready(),
        // Ready but no value yet counts as not ready too.
        Reply::json(200, &json!({"expiration": null, "value": null})),
        ready(),
    ]);
    let out = run_example(
        &ovh,
        "kvm",
        &["--initial-delay-ms", "10", SERVER, "203.0.113.7"],
        "",
    )
    .await;
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.stdout);
    let path = std::path::PathBuf::from(out.stdout.trim_end());
    let written = std::fs::read_to_string(&path).expect("the printed file exists");
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777
    };
    std::fs::remove_file(&path).unwrap();
    assert_eq!(written, JNLP, "the value itself, not a list");
    assert!(
        name.starts_with("kvm-ns123456.ip-51-75-0.eu-") && name.ends_with(".jnlp"),
        "{name}"
    );
    #[cfg(unix)]
    assert_eq!(mode, 0o600, "the file holds a session secret");

    assert_post_then_gets(&ovh.requests(), 2, 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn never_ready_fails_clearly_after_the_timeout() {
    let ovh = MockOvh::start().await;
    task_done(&ovh);
    ovh.on("GET", ACCESS).reply_with(not_ready());
    let out = run_example(
        &ovh,
        "kvm",
        &[
            SERVER,
            "203.0.113.7",
            "--timeout",
            "1",
            "--initial-delay-ms",
            "20",
        ],
        "",
    )
    .await;
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    let line = out.error_line("wait-timeout");
    assert!(
        line.starts_with(
            "error: wait-timeout: the KVM access to ns123456.ip-51-75-0.eu was still not ready after 1.0 s; try again, or raise --timeout ["
        ),
        "{line}"
    );
    // How many checks fit in the second depends on the machine's speed (the example runs on
    // the real clock): at least one, after the task's two polls.
    let requests = ovh.requests();
    let gets = requests
        .iter()
        .filter(|r| r.api_path() == ACCESS && r.method == "GET")
        .count();
    assert!(gets >= 1, "{requests:#?}");
    assert_post_then_gets(&requests, 2, gets);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_request_fails_with_one_line_on_stderr_and_no_polling() {
    let ovh = MockOvh::start().await;
    ovh.on("POST", ACCESS).reply_error_code(
        403,
        "NOT_GRANTED_CALL",
        "This call has not been granted",
    );
    let out = run_example(&ovh, "kvm", &[SERVER, "203.0.113.7"], "").await;
    assert!(out.stdout.is_empty());
    let line = out.error_line("not-granted-call");
    assert!(
        line.contains("HTTP 403") && line.contains("This call has not been granted"),
        "{line}"
    );
    assert_post_then_gets(&ovh.requests(), 0, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_gateway_error_while_polling_is_polled_through() {
    let ovh = MockOvh::start().await;
    task_done(&ovh);
    // A 502 is retried (three attempts in all); one that persists is still not final for
    // the wait, which polls again.
    let bad_gateway = Reply::raw(502, "text/html", "<html><h1>502 Bad Gateway</h1></html>");
    ovh.on("GET", ACCESS).reply_sequence(vec![
        not_ready(),
        bad_gateway.clone(),
        bad_gateway.clone(),
        bad_gateway,
        ready(),
    ]);
    let out = run_example(
        &ovh,
        "kvm",
        &["--initial-delay-ms", "10", SERVER, "203.0.113.7"],
        "",
    )
    .await;
    assert_eq!(out.code, Some(0), "{out:?}");
    let path = std::path::PathBuf::from(out.stdout.trim_end());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), JNLP);
    std::fs::remove_file(&path).unwrap();
    assert_post_then_gets(&ovh.requests(), 2, 5);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invalid_address_is_refused_before_sending() {
    let ovh = MockOvh::start().await;
    let out = run_example(&ovh, "kvm", &[SERVER, "203.0.113"], "").await;
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr.contains("invalid value '203.0.113'"),
        "{}",
        out.stderr
    );
    assert!(ovh.requests().is_empty());
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn launch_opens_the_file_with_javaws() {
    use std::os::unix::fs::PermissionsExt;

    let ovh = MockOvh::start().await;
    task_done(&ovh);
    ovh.on("GET", ACCESS).reply_with(ready());
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let javaws = bin.join("javaws");
    std::fs::write(
        &javaws,
        "#!/bin/sh\nprintf '%s' \"$1\" > \"$HOME/javaws-was-given\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&javaws, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let env = [
        ("OVH_ENDPOINT", ovh.base_url()),
        ("OVH_APPLICATION_KEY", DEFAULT_APP_KEY.to_owned()),
        ("OVH_APPLICATION_SECRET", DEFAULT_APP_SECRET.to_owned()),
        ("OVH_CONSUMER_KEY", DEFAULT_CONSUMER_KEY.to_owned()),
        ("PATH", path),
    ];
    let out = run_example_with(
        "kvm",
        &["--launch", SERVER, "203.0.113.7"],
        "",
        dir.path(),
        &env,
    )
    .await;
    assert_eq!(out.code, Some(0), "{out:?}");
    let printed = out.stdout.trim_end().to_owned();
    let given =
        std::fs::read_to_string(dir.path().join("javaws-was-given")).expect("javaws was run");
    let written = std::fs::read_to_string(&printed).unwrap();
    std::fs::remove_file(&printed).unwrap();
    assert_eq!(given, printed);
    assert_eq!(written, JNLP);
}
