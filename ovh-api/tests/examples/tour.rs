//! The `tour` example: on a clean machine it runs every step against the mock it starts
//! itself; configured, it runs only the read-only steps against the configured API.

use crate::support::{run_example, run_example_with};
use ovh_api::mock::{MockOvh, DEFAULT_APP_KEY, DEFAULT_APP_SECRET, DEFAULT_CONSUMER_KEY};
use serde_json::{json, Value};

/// Runs the tour with an empty environment, an empty HOME and working directory: no
/// `ovh.conf`, no `OVH_*` variable.
async fn run_clean(args: &[&str]) -> crate::support::Output {
    let dir = tempfile::tempdir().expect("tempdir");
    run_example_with("tour", args, "", dir.path(), &[]).await
}

#[tokio::test(flavor = "multi_thread")]
async fn with_nothing_configured_it_walks_every_step_against_its_own_mock() {
    let out = run_clean(&[]).await;
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    let stdout = &out.stdout;

    // Says plainly where it talks.
    let first = stdout.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(
            "ovh-api tour: talking to a LOCAL MOCK of the OVH API at http://127.0.0.1:"
        ),
        "{first}"
    );
    assert!(stdout.contains("Nothing here reaches OVH"), "{stdout}");

    // Every step, in order.
    let steps: Vec<&str> = stdout.lines().filter(|l| l.starts_with("== ")).collect();
    assert_eq!(
        steps,
        [
            "== 1. welcome",
            "== 2. bills",
            "== 3. mail redirection",
            "== 4. VPS information",
            "== 5. network burst, dry run",
            "== 6. a /v2 list, cursor-paginated",
            "== 7. a long-running operation: a reboot, waited for",
        ]
    );

    // Each call, then its typed result.
    for expected in [
        "GET /me\n  -> models::nichandle::Nichandle { nichandle: \"la1234-ovh\", firstname: \"Ada\", country: \"GB\" }\nWelcome Ada\n",
        "GET /me/bill?date.from=2024-01-01\n  -> Vec<String> [\"GB4920071\", \"GB4920072\", \"GB4920073\"]\n",
        "GET /me/bill/GB4920071,GB4920072,GB4920073 (one batch request, X-Ovh-Batch: ,)\n",
        "  -> models::billing::Bill { bill_id: \"GB4920072\", date: \"2024-02-29T10:00:00+01:00\", price_with_tax: \"£25.20\" }\n",
        "POST /email/domain/example.com/redirection {\"from\":\"ada@example.com\",\"to\":\"ada.lovelace@example.org\",\"localCopy\":false}\n  -> models::email::domain::TaskSpecialAccount { id: \"4242\"",
        "  -> models::email::domain::RedirectionGlobal { from: \"ada@example.com\", to: \"ada.lovelace@example.org\" }\n",
        "GET /vps/vps-1a2b3c4d.vps.ovh.net\n  -> models::vps::Vps { state: \"running\", zone: \"Region OpenStack: os-sbg5\", vcore: 2, memory_limit: 4096 }\n",
        "GET /vps/vps-5e6f7a8b.vps.ovh.net/serviceInfos\n  -> models::services::Service { expiration: \"2025-08-15\", renew.automatic: Some(true) }\n",
        "would enable burst on ns1.ip-51-75-0.eu: PUT /dedicated/server/ns1.ip-51-75-0.eu/burst {\"status\":\"active\"} (dry run: not sent)\n",
        "burst already active on ns2.ip-51-75-0.eu\n",
        "  -> models::v2::iam::policy::Response { name: \"admins\", identities: 1 }\n  -> models::v2::iam::policy::Response { name: \"developers\", identities: 1 }\n  -> models::v2::iam::policy::Response { name: \"read-only-auditors\", identities: 1 }\n",
        // The reboot's task, watched until done: its answer, then two polls.
        "POST /dedicated/server/ns1.ip-51-75-0.eu/reboot, then .watch(): GET /dedicated/server/ns1.ip-51-75-0.eu/task/{taskId} until finished\n  -> models::dedicated::server::Task { task_id: 4711, function: \"hardReboot\", status: \"todo\" }\n  -> models::dedicated::server::Task { task_id: 4711, function: \"hardReboot\", status: \"doing\" }\n  -> models::dedicated::server::Task { task_id: 4711, function: \"hardReboot\", status: \"done\" }\n",
    ] {
        assert!(stdout.contains(expected), "missing {expected:?} in:\n{stdout}");
    }
    // The dry run sends no PUT; every request but the clock sync was signed and checked.
    assert!(
        stdout.ends_with(
            "The mock received 19 API calls; 19 carried a valid signature, checked as OVH checks it.\n"
        ),
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn live_with_nothing_configured_is_one_clear_error() {
    let out = run_clean(&["--live"]).await;
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    let line = out.error_line("invalid-config");
    assert!(line.contains("endpoint"), "{line}");
}

/// A configured API (here a mock playing OVH) with an account and empty lists.
async fn configured_api() -> MockOvh {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me")
        .reply(&json!({"nichandle": "xx1234-ovh", "firstname": "Grace"}));
    ovh.on("GET", "/me/bill").reply(&json!([]));
    ovh.on("GET", "/vps").reply(&json!(["vps-1.vps.ovh.net"]));
    ovh.on("GET", "/vps/{serviceName}")
        .reply(&json!({"name": "vps-1.vps.ovh.net", "state": "running", "zone": "z", "vcore": 1, "memoryLimit": 2048}));
    ovh.on("GET", "/vps/{serviceName}/serviceInfos")
        .reply(&json!({"domain": "vps-1.vps.ovh.net", "expiration": "2026-01-01", "status": "ok"}));
    ovh.on("GET", "/dedicated/server").reply(&json!([]));
    ovh.on_v2_list("/v2/iam/policy", Vec::<Value>::new());
    ovh
}

#[tokio::test(flavor = "multi_thread")]
async fn with_credentials_configured_it_runs_only_the_read_only_steps_for_real() {
    let ovh = configured_api().await;
    let out = run_example(&ovh, "tour", &[], "").await;
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout.starts_with(&format!(
            "ovh-api tour: talking to the REAL OVH API at {} (read-only calls only).\n",
            ovh.base_url()
        )),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("MOCK"), "{}", out.stdout);
    assert!(out.stdout.contains("Welcome Grace\n"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("== 3. mail redirection\n(skipped against the real API: it would create a redirection)\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(
            "== 7. a long-running operation: a reboot, waited for\n(skipped against the real API: it would reboot a server)\n"
        ),
        "{}",
        out.stdout
    );
    let requests = ovh.all_requests();
    assert!(requests.iter().all(|r| r.method == "GET"), "{requests:#?}");
    assert!(requests.iter().all(|r| r.status == 200), "{requests:#?}");
    let paths: Vec<&str> = requests
        .iter()
        .map(|r| r.api_path())
        .filter(|p| *p != "/auth/time")
        .collect();
    assert_eq!(
        paths,
        [
            "/me",
            "/me/bill",
            "/vps",
            "/vps/vps-1.vps.ovh.net",
            "/vps/vps-1.vps.ovh.net/serviceInfos",
            "/dedicated/server",
            "/v2/iam/policy",
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn mock_wins_over_configured_credentials_when_asked() {
    let ovh = MockOvh::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let env = [
        ("OVH_ENDPOINT", ovh.base_url()),
        ("OVH_APPLICATION_KEY", DEFAULT_APP_KEY.to_owned()),
        ("OVH_APPLICATION_SECRET", DEFAULT_APP_SECRET.to_owned()),
        ("OVH_CONSUMER_KEY", DEFAULT_CONSUMER_KEY.to_owned()),
    ];
    let out = run_example_with("tour", &["--mock"], "", dir.path(), &env).await;
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.contains("LOCAL MOCK"), "{}", out.stdout);
    assert!(
        ovh.all_requests().is_empty(),
        "the configured API is left alone"
    );
}
