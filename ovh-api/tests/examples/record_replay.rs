//! The `record_replay` example, run as a process: it records a session against its own mock
//! and replays the cassette.

use crate::support::run_example_with;
use ovh_api::mock::{DEFAULT_APP_KEY, DEFAULT_APP_SECRET, DEFAULT_CONSUMER_KEY};

#[tokio::test(flavor = "multi_thread")]
async fn records_then_replays_the_same_answers_exactly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run_example_with(
        "record_replay",
        &["--cassette", "me.jsonl"],
        "",
        dir.path(),
        &[],
    )
    .await;
    assert_eq!(out.code, Some(0), "{out:?}");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "recorded: xx1-ovh (1), bill FR1 of order 42",
            "cassette: me.jsonl",
            "replayed: xx1-ovh (1), bill FR1 of order 42",
            "cassette me.jsonl: 3 of 3 exchanges played, 0 mismatches, 0 not played",
        ]
    );
    let cassette = std::fs::read_to_string(dir.path().join("me.jsonl")).unwrap();
    assert_eq!(cassette.lines().count(), 4, "{cassette}");
    assert!(cassette.starts_with("{\"cassette\":\"ovh-api\",\"version\":1}\n"));
    for secret in [
        DEFAULT_APP_KEY,
        DEFAULT_APP_SECRET,
        DEFAULT_CONSUMER_KEY,
        "$1$",
    ] {
        assert!(!cassette.contains(secret), "{secret} in {cassette}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_changed_program_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let args = ["--cassette", "me.jsonl", "--changed"];
    let out = run_example_with("record_replay", &args, "", dir.path(), &[]).await;
    let line = out.error_line("bad-parameters");
    assert!(line.contains("[REPLAY_MISMATCH]"), "{line}");
    assert!(
        out.stdout
            .contains("1 of 3 exchanges played, 1 mismatch, 2 not played")
            && out.stdout.contains(
                "mismatch: received GET /me/bill?date.from=2024-01-01T00%3A00%3A00Z; \
                 expected (cassette line 3) GET /me/bill"
            ),
        "{}",
        out.stdout
    );
}
