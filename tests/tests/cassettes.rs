//! Cassettes end to end: a session recorded against the mock (`ClientBuilder::record_to`)
//! replays (`MockOvh::replay`) with the same answers, a changed program is reported, no secret
//! reaches the file, retries, pages and polls are one exchange each, and bad files are typed
//! errors naming the file and line. And dry runs (`ClientBuilder::dry_run`): reads go out,
//! changes do not.

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use ovh_api::cassette::{Cassette, CassetteError};
use ovh_api::mock::{
    MockOvh, Reply, DEFAULT_APP_KEY, DEFAULT_APP_SECRET, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET,
    DEFAULT_CONSUMER_KEY,
};
use ovh_api::models::billing::Bill;
use ovh_api::models::dedicated::server::Task;
use ovh_api::{Client, Error, Method, WaitPolicy};
use serde_json::{json, Value};

use support::{fast_retries, isolated_lookup, unavailable};

const PASSWORD: &str = "hunter2-the-password";
const SERVER: &str = "ns1.example.net";

/// A cassette path in a fresh folder (kept alive by the returned guard).
fn cassette_path() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("session.jsonl");
    (dir, path)
}

/// The mock the program is recorded against.
async fn live_mock() -> MockOvh {
    let mock = MockOvh::start().await;
    mock.on("GET", "/me")
        .reply(&json!({"nichandle": "xx1-ovh", "firstname": "Ada"}));
    mock.on_call(|c| c.me().bill().get())
        .reply(&vec!["FR1".to_string(), "FR2".to_string()]);
    let bill = Bill {
        bill_id: "FR1".into(),
        ..Bill::default()
    };
    mock.on_call(|c| c.me().bill().bill_id("FR1").get())
        .reply(&bill);
    mock.on("POST", "/me/x/account")
        .reply(&json!({"login": "ada", "password": PASSWORD, "id": 7}));
    mock.on("DELETE", "/me/sshKey/{keyName}")
        .reply_json(200, &Value::Null);
    mock
}

/// The program under test: a few typed calls, a raw POST with a password, a DELETE; what it
/// got, as text.
async fn program(client: &Client) -> ovh_api::Result<Vec<String>> {
    let me = client.me().get().await?;
    let bills = client.me().bill().get().await?;
    let bill = client.me().bill().bill_id(&bills[0]).get().await?;
    let account: Value = client
        .post("/me/x/account")
        .body(&json!({"login": "ada", "password": PASSWORD}))
        .await?;
    client.me().ssh_key().key_name("laptop").delete().await?;
    Ok(vec![
        format!("{:?}", me.firstname),
        format!("{bills:?}"),
        bill.bill_id,
        account["id"].to_string(),
    ])
}

#[tokio::test]
async fn a_recorded_program_replays_exactly() {
    let (_dir, path) = cassette_path();
    let live = live_mock().await;
    let client = live.client_builder().record_to(&path).build().unwrap();
    let recorded = program(&client).await.unwrap();
    assert_eq!(
        recorded,
        ["Some(\"Ada\")", "[\"FR1\", \"FR2\"]", "FR1", "7"]
    );

    let cassette = Cassette::read(&path).unwrap();
    let calls: Vec<String> = cassette
        .exchanges()
        .iter()
        .map(|e| format!("{} {} {:?}", e.method, e.path, e.operation))
        .collect();
    assert_eq!(
        calls,
        [
            "GET /me Some(\"/me\")",
            "GET /me/bill Some(\"/me/bill\")",
            "GET /me/bill/FR1 Some(\"/me/bill/{billId}\")",
            "POST /me/x/account None",
            "DELETE /me/sshKey/laptop Some(\"/me/sshKey/{keyName}\")",
        ]
    );

    let replay = MockOvh::replay(&path).await.unwrap();
    let replayed = program(&replay.client()).await.unwrap();
    // The same answers, but the password: the cassette never held it.
    assert_eq!(replayed, recorded);
    let report = replay.replay_report();
    assert!(report.is_exact(), "{report}");
    assert_eq!(report.played, 5);
    // Signatures are checked as the mock checks them, and were right.
    let requests = replay.requests();
    assert_eq!(requests.len(), 5);
    assert!(requests.iter().all(|r| r.signature.is_valid()));
    // Query ids come back as recorded.
    let live_ids: Vec<Option<String>> = cassette
        .exchanges()
        .iter()
        .map(|e| e.headers.get("x-ovh-queryid").cloned())
        .collect();
    assert!(live_ids.iter().all(Option::is_some), "{live_ids:?}");
    let answer = replay.client().me().get().send_with_meta().await;
    assert!(answer.is_err(), "a sixth call matches nothing left");
}

#[tokio::test]
async fn a_changed_program_gets_the_mismatch_report() {
    let (_dir, path) = cassette_path();
    let live = live_mock().await;
    let client = live.client_builder().record_to(&path).build().unwrap();
    program(&client).await.unwrap();

    let replay = MockOvh::replay(&path).await.unwrap();
    let client = replay.client();
    client.me().get().await.unwrap();
    // The program changed: another query, then stops.
    let error = client
        .me()
        .bill()
        .get()
        .date_from("2024-01-01T00:00:00Z")
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(400), "{error}");
    let api = error.api().unwrap();
    assert_eq!(
        api.error_code.as_deref(),
        Some("REPLAY_MISMATCH"),
        "{error:#?}"
    );
    let message = api.message.clone();
    assert!(
        message.contains("received GET /me/bill?date.from=2024-01-01T00%3A00%3A00Z")
            && message.contains("expected (cassette line 3) GET /me/bill"),
        "{message}"
    );

    let report = replay.replay_report();
    assert!(!report.is_exact());
    assert_eq!(report.played, 1);
    assert_eq!(report.mismatches.len(), 1);
    assert_eq!(report.mismatches[0].expected.as_ref().unwrap().line(), 3);
    let unplayed: Vec<usize> = report.unplayed.iter().map(|e| e.line()).collect();
    assert_eq!(unplayed, [3, 4, 5, 6]);
    let shown = report.to_string();
    assert!(
        shown.contains("1 of 5 exchanges played, 1 mismatch, 4 not played")
            && shown.contains("not played: line 5: POST /me/x/account with body"),
        "{shown}"
    );

    // A changed body is a mismatch too; a redacted member matches any value.
    let replay = MockOvh::replay(&path).await.unwrap();
    let client = replay.client();
    program_until_post(&client).await;
    let changed: ovh_api::Result<Value> = client
        .post("/me/x/account")
        .body(&json!({"login": "bob", "password": "another"}))
        .await;
    assert_eq!(changed.unwrap_err().status(), Some(400));
    let same_but_password: Value = client
        .post("/me/x/account")
        .body(&json!({"login": "ada", "password": "another"}))
        .await
        .unwrap();
    assert_eq!(same_but_password["id"], 7);
    assert_eq!(same_but_password["password"], "<redacted>");
}

/// The program's first three calls.
async fn program_until_post(client: &Client) {
    client.me().get().await.unwrap();
    client.me().bill().get().await.unwrap();
    client.me().bill().bill_id("FR1").get().await.unwrap();
}

/// Asserts the cassette at `path` holds none of `secrets`.
fn assert_holds_none(path: &Path, secrets: &[&str]) {
    let text = std::fs::read_to_string(path).unwrap();
    for secret in secrets {
        assert!(!secret.is_empty());
        assert!(
            !text.contains(secret),
            "{secret:?} in the cassette:\n{text}"
        );
    }
}

#[tokio::test]
async fn the_cassette_holds_no_secret() {
    let (_dir, path) = cassette_path();
    let live = live_mock().await;
    let client = live.client_builder().record_to(&path).build().unwrap();
    program(&client).await.unwrap();
    let signatures: Vec<String> = live
        .requests()
        .iter()
        .filter_map(|r| r.header("x-ovh-signature").map(str::to_owned))
        .collect();
    assert_eq!(signatures.len(), 5);
    let mut secrets = vec![
        DEFAULT_APP_SECRET,
        DEFAULT_CONSUMER_KEY,
        DEFAULT_APP_KEY,
        PASSWORD,
        "$1$",
    ];
    secrets.extend(signatures.iter().map(String::as_str));
    assert_holds_none(&path, &secrets);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(r#""password":"<redacted>""#), "{text}");
    let lower = text.to_ascii_lowercase();
    for header in [
        "x-ovh-application",
        "x-ovh-consumer",
        "x-ovh-signature",
        "x-ovh-timestamp",
        "authorization",
    ] {
        assert!(!lower.contains(header), "{header} in the cassette:\n{text}");
    }

    // A password query parameter (as the typed API marks one) is left out too.
    let (_dir, path) = cassette_path();
    let client = live.client_builder().record_to(&path).build().unwrap();
    live.on("GET", "/me/voucher").reply(&json!(1));
    let _: Value = client
        .get("/me/voucher")
        .query("voucher", PASSWORD)
        .redact_query("voucher")
        .await
        .unwrap();
    assert_holds_none(&path, &[PASSWORD]);
    let replay = MockOvh::replay(&path).await.unwrap();
    let _: Value = replay
        .client()
        .get("/me/voucher")
        .query("voucher", PASSWORD)
        .await
        .unwrap();
    assert!(replay.replay_report().is_exact());
}

/// Members the schemas type as passwords under names that do not say so (`access` in the
/// answer of `GET /me/insight`, `code` in the body of `POST
/// /me/accessRestriction/backupCode/validate`) are left out by their type, in typed calls and
/// in raw calls of the same paths; the replay still matches.
#[tokio::test]
async fn password_typed_members_are_left_out_whatever_their_name() {
    const TOKEN: &str = "insight-token-9f8e7d";
    const CODE: &str = "otp-code-314159";
    let live = MockOvh::start().await;
    live.on("GET", "/me/insight").reply(&json!({
        "access": TOKEN, "createdAt": "2024-01-02T10:00:00+01:00",
        "expireAt": "2024-02-02T10:00:00+01:00"
    }));
    live.on("POST", "/me/accessRestriction/backupCode/validate")
        .reply(&json!({"remainingCodes": 9}));
    let (_dir, path) = cassette_path();
    let client = live.client_builder().record_to(&path).build().unwrap();
    let insight = client.me().insight().get().await.unwrap();
    assert_eq!(insight.access, TOKEN);
    let validate = client.me().access_restriction().backup_code().validate();
    validate.post(CODE).await.unwrap();
    let raw: Value = client.get("/me/insight").await.unwrap();
    assert_eq!(raw["access"], TOKEN);
    let _: Value = client
        .post("/me/accessRestriction/backupCode/validate")
        .body(&json!({"code": CODE}))
        .await
        .unwrap();
    assert_holds_none(&path, &[TOKEN, CODE]);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        text.matches(r#""access":"<redacted>""#).count(),
        2,
        "{text}"
    );
    assert_eq!(text.matches(r#""code":"<redacted>""#).count(), 2, "{text}");

    let replay = MockOvh::replay(&path).await.unwrap();
    let again = replay.client();
    again.me().insight().get().await.unwrap();
    let validate = again.me().access_restriction().backup_code().validate();
    validate.post(CODE).await.unwrap();
    let _: Value = again.get("/me/insight").await.unwrap();
    let _: Value = again
        .post("/me/accessRestriction/backupCode/validate")
        .body(&json!({"code": CODE}))
        .await
        .unwrap();
    assert!(
        replay.replay_report().is_exact(),
        "{:?}",
        replay.replay_report()
    );
}

/// A program that asks for a consumer key and then calls with it: the key OVH issued is
/// recorded as the marker, and the replayed program, signing with the marker, is accepted.
#[tokio::test]
async fn a_consumer_key_issued_while_recording_replays() {
    async fn program(client: &Client) -> ovh_api::Result<String> {
        let granted = client
            .new_consumer_key_request()
            .allow(&client.me().get())
            .request()
            .await?;
        let me = client
            .with_consumer_key(granted.consumer_key)
            .me()
            .get()
            .await?;
        Ok(me.nichandle)
    }
    let live = MockOvh::start().await;
    live.on("GET", "/me")
        .reply(&json!({"nichandle": "xx1-ovh", "firstname": "Ada"}));
    let (_dir, path) = cassette_path();
    let client = live.client_builder().record_to(&path).build().unwrap();
    assert_eq!(program(&client).await.unwrap(), "xx1-ovh");
    let issued: Vec<String> = live
        .credentials()
        .iter()
        .map(|c| c.consumer_key.clone())
        .collect();
    assert_eq!(issued.len(), 1);
    assert_holds_none(&path, &[issued[0].as_str()]);

    let replay = MockOvh::replay(&path).await.unwrap();
    assert_eq!(program(&replay.client()).await.unwrap(), "xx1-ovh");
    assert!(
        replay.replay_report().is_exact(),
        "{}",
        replay.replay_report()
    );
}

#[tokio::test]
async fn an_oauth2_session_records_no_token_and_no_client_secret() {
    let (_dir, path) = cassette_path();
    let live = live_mock().await;
    let client = Client::builder()
        .config_lookup(isolated_lookup())
        .endpoint(live.base_url())
        .client_id(DEFAULT_CLIENT_ID)
        .client_secret(DEFAULT_CLIENT_SECRET)
        .oauth2_token_url(live.token_url())
        .record_to(&path)
        .build()
        .unwrap();
    client.me().get().await.unwrap();
    assert_eq!(live.token_requests(), 1);
    let token = live.requests()[0]
        .header("authorization")
        .unwrap()
        .trim_start_matches("Bearer ")
        .to_owned();
    assert_holds_none(&path, &[DEFAULT_CLIENT_SECRET, DEFAULT_CLIENT_ID, &token]);
    assert_eq!(Cassette::read(&path).unwrap().exchanges().len(), 1);
}

/// A task of a reboot, in `status`.
fn task(status: &str) -> Task {
    serde_json::from_value(json!({
        "taskId": 1, "function": "hardReboot", "status": status,
        "startDate": "2026-12-06T10:00:00+01:00", "lastUpdate": "2026-12-06T10:00:00+01:00",
        "needSchedule": false, "comment": null, "doneDate": null,
    }))
    .unwrap()
}

/// A retried GET, a /v2 list in pages, a reboot waited for: what each gave.
async fn retries_pages_and_a_wait(client: &Client) -> ovh_api::Result<(Value, usize, String)> {
    let flaky: Value = client.get("/flaky").await?;
    let policies: Vec<Value> = client.get("/v2/iam/policy").pages().page_size(2).await?;
    let policy = WaitPolicy::default()
        .initial_delay(Duration::ZERO)
        .interval(Duration::from_secs(10));
    let done = client
        .dedicated()
        .server()
        .service_name(SERVER)
        .reboot()
        .post()
        .wait_with(policy)
        .await?;
    let status = done.status.map(|s| s.to_string()).unwrap_or_default();
    Ok((flaky, policies.len(), status))
}

#[tokio::test(start_paused = true)]
async fn each_attempt_page_and_poll_is_one_exchange_and_replays_on_a_paused_clock() {
    let (_dir, path) = cassette_path();
    let live = MockOvh::start().await;
    live.on("GET", "/flaky").reply_sequence([
        unavailable(503),
        Reply::too_many_requests(30),
        Reply::json(200, &json!({"ok": true})),
    ]);
    let items: Vec<Value> = (0..5).map(|i| json!({"id": i})).collect();
    live.on_v2_list("/v2/iam/policy", items);
    live.on_call(|c| c.dedicated().server().service_name(SERVER).reboot().post())
        .reply(&task("todo"));
    live.on_call(|c| {
        c.dedicated()
            .server()
            .service_name(SERVER)
            .task()
            .task_id(1)
            .get()
    })
    .reply_task(&task("todo"), ["todo", "doing", "done"]);
    let record = |path: &Path| {
        live.client_builder()
            .retry_policy(fast_retries())
            .record_to(path)
            .build()
            .unwrap()
    };
    let recorded = retries_pages_and_a_wait(&record(&path)).await.unwrap();
    assert_eq!(recorded, (json!({"ok": true}), 5, "done".to_owned()));

    let cassette = Cassette::read(&path).unwrap();
    let lines: Vec<String> = cassette
        .exchanges()
        .iter()
        .map(|e| {
            let cursor = e
                .headers
                .get("x-pagination-cursor-next")
                .map_or("", |_| " (next)");
            format!("{} {} {}{cursor}", e.method, e.path, e.status)
        })
        .collect();
    let poll = format!("GET /dedicated/server/{SERVER}/task/1 200");
    assert_eq!(
        lines,
        [
            "GET /flaky 503".to_owned(),
            "GET /flaky 429".into(),
            "GET /flaky 200".into(),
            "GET /v2/iam/policy 200 (next)".into(),
            "GET /v2/iam/policy 200 (next)".into(),
            "GET /v2/iam/policy 200".into(),
            format!("POST /dedicated/server/{SERVER}/reboot 200"),
            poll.clone(),
            poll.clone(),
            poll,
        ]
    );
    assert_eq!(cassette.exchanges()[1].headers["retry-after"], "30");
    assert!(cassette.exchanges()[0].response_text.as_deref() == Some("<html>503</html>"));

    let replay = MockOvh::replay(&path).await.unwrap();
    let started = tokio::time::Instant::now();
    let client = replay
        .client_builder()
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let replayed = retries_pages_and_a_wait(&client).await.unwrap();
    assert_eq!(replayed, recorded);
    let report = replay.replay_report();
    assert!(report.is_exact(), "{report}");
    // The recorded Retry-After and the polls' interval were waited on the paused clock.
    assert!(
        started.elapsed() >= Duration::from_secs(30 + 20),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_dry_run_sends_reads_and_keeps_changes() {
    let live = live_mock().await;
    // No consumer key: a change in a dry run is neither signed nor preceded by a clock sync.
    let client = Client::builder()
        .config_lookup(isolated_lookup())
        .endpoint(live.base_url())
        .application_key(DEFAULT_APP_KEY)
        .dry_run(true)
        .build()
        .unwrap();
    let error = client
        .me()
        .ssh_key()
        .post("ssh-ed25519 AAAA", "laptop")
        .await
        .unwrap_err();
    let Error::DryRun(target) = &error else {
        panic!("{error:#?}");
    };
    assert_eq!(error.kind_name(), "dry-run");
    assert_eq!(error.to_string(), "dry run: POST /me/sshKey not sent");
    assert_eq!(target.method(), Method::Post);
    assert_eq!(
        target.body(),
        Some(&br#"{"key":"ssh-ed25519 AAAA","keyName":"laptop"}"#[..])
    );
    let deleted = client.me().ssh_key().key_name("laptop").delete().await;
    assert!(matches!(deleted, Err(Error::DryRun(_))), "{deleted:?}");
    assert!(live.all_requests().is_empty(), "{:?}", live.all_requests());
    let kept: Vec<String> = client
        .dry_run_calls()
        .iter()
        .map(|c| format!("{} {}", c.method(), c.path()))
        .collect();
    assert_eq!(kept, ["POST /me/sshKey", "DELETE /me/sshKey/laptop"]);

    // Reads go out (signed, with the keys of a normal client).
    let client = live.client_builder().dry_run(true).build().unwrap();
    let me = client.me().get().await.unwrap();
    assert_eq!(me.firstname.as_deref(), Some("Ada"));
    let put = client
        .put::<Value>("/me")
        .body(&json!({"firstname": "Bob"}))
        .await;
    assert!(matches!(put, Err(Error::DryRun(_))), "{put:?}");
    let methods: Vec<String> = live.requests().iter().map(|r| r.method.clone()).collect();
    assert_eq!(methods, ["GET"]);
    // A clone shares what was kept.
    assert_eq!(client.clone().dry_run_calls().len(), 1);
}

#[tokio::test]
async fn bad_cassettes_are_typed_errors_naming_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let header = "{\"cassette\":\"ovh-api\",\"version\":1}\n";
    let exchange = "{\"method\":\"GET\",\"path\":\"/me\",\"status\":200,\"response\":{\"nichandle\":\"xx1-ovh\"}}\n";
    let cases: [(&str, String, Option<usize>); 4] = [
        ("missing.jsonl", String::new(), None),
        ("empty.jsonl", String::new(), Some(1)),
        (
            "truncated.jsonl",
            format!("{header}{exchange}{{\"method\":\"GET\",\"pa"),
            Some(3),
        ),
        (
            "foreign.jsonl",
            "[package]\nname = \"x\"\n".to_owned(),
            Some(1),
        ),
    ];
    for (name, text, line) in cases {
        let path = dir.path().join(name);
        if name != "missing.jsonl" {
            std::fs::write(&path, text).unwrap();
        }
        let error = MockOvh::replay(&path).await.unwrap_err();
        let shown = error.to_string();
        assert!(shown.contains(&path.display().to_string()), "{shown}");
        assert_eq!(error.path(), path);
        assert_eq!(error.line(), line, "{shown}");
        if let Some(line) = line {
            assert!(shown.contains(&format!("line {line}")), "{shown}");
        }
        let kind_ok = match name {
            "missing.jsonl" => matches!(error, CassetteError::Io { .. }),
            "empty.jsonl" => matches!(error, CassetteError::Empty { .. }),
            "truncated.jsonl" => matches!(error, CassetteError::Truncated { .. }),
            _ => matches!(error, CassetteError::NotACassette { .. }),
        };
        assert!(kind_ok, "{name}: {error:?}");
    }
    // What a crashed recording left replays up to its last complete line.
    let truncated = Cassette::read_lenient(dir.path().join("truncated.jsonl")).unwrap();
    let replay = MockOvh::replay_cassette(truncated).await;
    let me: Value = replay.client().get("/me").await.unwrap();
    assert_eq!(me["nichandle"], "xx1-ovh");
    assert!(replay.replay_report().is_exact());
    // A cassette that cannot be created fails the build, as an `Error::Cassette`.
    let live = MockOvh::start().await;
    let unwritable = dir.path().join("no/such/folder/session.jsonl");
    let error = live
        .client_builder()
        .record_to(&unwritable)
        .build()
        .unwrap_err();
    assert!(
        matches!(error, Error::Cassette(CassetteError::Io { .. })),
        "{error:?}"
    );
    assert_eq!(error.kind_name(), "cassette");
}
