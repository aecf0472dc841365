//! The `cloud_instance` example (feature `cloud`), run as a process against the mock OVH
//! server: the instance and volume answers play OVH's statuses, the example waits at each
//! step. CI runs it with `cargo test -p ovh-api --features cloud --test examples cloud_instance`
//! after building the example with the same feature.

use crate::support::{run_example, run_example_with};
use ovh_api::mock::{MockOvh, RecordedRequest, Reply};
use serde_json::{json, Value};

const PROJECT: &str = "5f3b1c2d";
const INSTANCE: &str = "/cloud/project/5f3b1c2d/instance";
const VOLUME: &str = "/cloud/project/5f3b1c2d/volume";

const ARGS: &[&str] = &[
    PROJECT,
    "--region",
    "GRA11",
    "--flavor",
    "b2-7",
    "--image",
    "debian-12",
    "--ssh-key",
    "key-1",
    "--name",
    "web-1",
    "--interval-ms",
    "5",
    // Generous: the scenario's answers end every wait after a few polls.
    "--timeout",
    "600",
];

fn instance(status: &str) -> Value {
    json!({
        "id": "inst-1", "name": "web-1", "region": "GRA11", "status": status,
        "created": "2026-12-06T10:00:00Z", "ipAddresses": [
            {"ip": "51.75.0.10", "type": "public", "version": 4, "networkId": "n1", "gatewayIp": null}
        ],
        "operationIds": [], "flavor": null, "image": null, "sshKey": null, "monthlyBilling": null,
        "planCode": null, "rescuePassword": null, "currentMonthOutgoingTraffic": null,
    })
}

fn volume(status: &str, attached: &[&str]) -> Value {
    json!({
        "id": "vol-1", "name": "web-1-data", "region": "GRA11", "size": 10, "status": status,
        "attachedTo": attached, "bootable": false, "creationDate": "2026-12-06T10:01:00Z",
        "description": "", "type": "classic", "planCode": null,
    })
}

/// The mock playing the scenario: the instance builds for two polls, the volume is created
/// then available, and shows its attachment on the second read after the attach.
async fn scenario() -> MockOvh {
    let ovh = MockOvh::start().await;
    ovh.on("POST", INSTANCE).reply(&instance("BUILD"));
    ovh.on("GET", &format!("{INSTANCE}/inst-1")).reply_statuses(
        &instance("BUILD"),
        "status",
        ["BUILD", "BUILD", "ACTIVE"],
    );
    ovh.on("POST", VOLUME).reply(&volume("creating", &[]));
    ovh.on("GET", &format!("{VOLUME}/vol-1")).reply_sequence([
        Reply::json(200, &volume("creating", &[])),
        Reply::json(200, &volume("available", &[])),
        Reply::json(200, &volume("attaching", &[])),
        Reply::json(200, &volume("in-use", &["inst-1"])),
    ]);
    ovh.on("POST", &format!("{VOLUME}/vol-1/attach"))
        .reply(&volume("attaching", &[]));
    ovh
}

fn calls(requests: &[RecordedRequest]) -> Vec<String> {
    requests
        .iter()
        .map(|r| format!("{} {}", r.method, r.api_path()))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn creates_an_instance_waits_attaches_a_volume_and_waits_again() {
    let ovh = scenario().await;
    let out = run_example(&ovh, "cloud_instance", ARGS, "").await;
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "instance inst-1 created (BUILD)\n\
         instance inst-1 is ACTIVE\n\
         volume vol-1 created (creating)\n\
         volume vol-1 is available\n\
         volume vol-1 is attached to inst-1\n\
         instance  inst-1  web-1  GRA11  51.75.0.10\n\
         volume    vol-1  web-1-data  10 GB  attached to inst-1\n"
    );
    let requests = ovh.requests();
    assert!(requests.iter().all(|r| r.signature.is_valid()));
    let get_instance = format!("GET {INSTANCE}/inst-1");
    let get_volume = format!("GET {VOLUME}/vol-1");
    assert_eq!(
        calls(&requests),
        [
            format!("POST {INSTANCE}"),
            get_instance.clone(),
            get_instance.clone(),
            get_instance,
            format!("POST {VOLUME}"),
            get_volume.clone(),
            get_volume.clone(),
            format!("POST {VOLUME}/vol-1/attach"),
            get_volume.clone(),
            get_volume,
        ]
    );
    assert_eq!(
        requests[0].json(),
        Some(
            json!({"flavorId": "b2-7", "imageId": "debian-12", "name": "web-1", "region": "GRA11", "sshKeyId": "key-1"})
        )
    );
    assert_eq!(
        requests[4].json(),
        Some(json!({"name": "web-1-data", "region": "GRA11", "size": 10, "type": "classic"}))
    );
    assert_eq!(requests[7].json(), Some(json!({"instanceId": "inst-1"})));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_instance_in_error_stops_before_any_volume() {
    let ovh = scenario().await;
    ovh.on("GET", &format!("{INSTANCE}/inst-1")).reply_statuses(
        &instance("BUILD"),
        "status",
        ["BUILD", "ERROR"],
    );
    let out = run_example(&ovh, "cloud_instance", ARGS, "").await;
    let line = out.error_line("invalid-parameter");
    assert!(line.contains("instance inst-1 went to ERROR"), "{line}");
    assert!(ovh.requests().iter().all(|r| r.api_path() != VOLUME));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_instance_that_never_builds_times_out() {
    let ovh = scenario().await;
    ovh.on("GET", &format!("{INSTANCE}/inst-1"))
        .reply(&instance("BUILD"));
    let mut args = ARGS.to_vec();
    let timeout = args.iter().position(|a| *a == "--timeout").unwrap();
    args[timeout + 1] = "1";
    let out = run_example(&ovh, "cloud_instance", &args, "").await;
    let line = out.error_line("wait-timeout");
    assert!(line.contains(&format!("GET {INSTANCE}/inst-1")), "{line}");
}

#[tokio::test(flavor = "multi_thread")]
async fn dry_run_stops_at_the_first_change_and_prints_it_with_its_body() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut args = ARGS.to_vec();
    args.push("--dry-run");
    let out = run_example_with("cloud_instance", &args, "", dir.path(), &[]).await;
    assert_eq!(out.code, Some(0), "{out:?}");
    let expected = format!(
        "dry run: stopped at the first change, not sent:\n\
         POST {INSTANCE} {instance}\n  (the next steps need its answer)\n",
        instance = json!({"flavorId": "b2-7", "imageId": "debian-12", "name": "web-1", "region": "GRA11", "sshKeyId": "key-1"}),
    );
    assert_eq!(out.stdout, expected);
}

#[tokio::test(flavor = "multi_thread")]
async fn dry_run_against_an_account_sends_no_change() {
    let ovh = scenario().await;
    let mut args = ARGS.to_vec();
    args.push("--dry-run");
    let out = run_example(&ovh, "cloud_instance", &args, "").await;
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout.starts_with(&format!(
            "dry run: stopped at the first change, not sent:\nPOST {INSTANCE} "
        )),
        "{}",
        out.stdout
    );
    assert!(ovh.all_requests().is_empty(), "{:?}", ovh.all_requests());
}
