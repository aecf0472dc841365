//! The `network_burst` example, run as a process against the mock OVH server (`ovh_api::mock`).

use crate::support::run_example;
use ovh_api::mock::{MockOvh, RecordedRequest};
use serde_json::{json, Value};

/// A `dedicated.server.DedicatedWithIAM` as the API returns it.
fn server(name: &str, datacenter: &str, id: i64) -> Value {
    json!({
        "availabilityZone": format!("eu-west-{datacenter}-a"),
        "bootId": 1,
        "commercialRange": "advance-1",
        "datacenter": datacenter,
        "iam": {"id": format!("0000-{id}"), "urn": format!("urn:v1:eu:resource:dedicatedServer:{name}")},
        "ip": format!("51.75.0.{id}"),
        "linkSpeed": 1000,
        "monitoring": true,
        "name": name,
        "newUpgradeSystem": true,
        "noIntervention": false,
        "os": "debian12_64",
        "powerState": "poweron",
        "professionalUse": false,
        "rack": "S123B45",
        "region": "eu-west-sbg",
        "rescueMail": null,
        "reverse": format!("{name}."),
        "rootDevice": null,
        "serverId": id,
        "state": "ok",
        "supportLevel": "pro",
    })
}

/// Three servers, two of them in sbg1.
async fn mock_with_servers() -> MockOvh {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/dedicated/server").reply_json(
        200,
        &json!([
            "ns1.ip-51-75-0.eu",
            "ns2.ip-51-75-0.eu",
            "ns3.ip-51-75-0.eu"
        ]),
    );
    for (name, datacenter, id) in [
        ("ns1.ip-51-75-0.eu", "sbg1", 1),
        ("ns2.ip-51-75-0.eu", "rbx8", 2),
        ("ns3.ip-51-75-0.eu", "sbg1", 3),
    ] {
        ovh.on("GET", &format!("/dedicated/server/{name}"))
            .reply_json(200, &server(name, datacenter, id));
        ovh.on("PUT", &format!("/dedicated/server/{name}/burst"))
            .reply_json(200, &Value::Null);
    }
    ovh
}

fn puts(requests: &[RecordedRequest]) -> Vec<&RecordedRequest> {
    requests.iter().filter(|r| r.method == "PUT").collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn enables_burst_on_the_servers_of_the_default_datacenter_only() {
    let ovh = mock_with_servers().await;
    let out = run_example(&ovh, "network_burst", &[], "").await;
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(
        out.stdout.lines().collect::<Vec<_>>(),
        [
            "burst enabled on ns1.ip-51-75-0.eu",
            "burst enabled on ns3.ip-51-75-0.eu"
        ]
    );
    assert!(out.stderr.is_empty(), "{}", out.stderr);

    let requests = ovh.requests();
    assert!(requests.iter().all(|r| r.signature.is_valid()));
    let mut gets: Vec<&str> = requests
        .iter()
        .filter(|r| r.method == "GET")
        .map(|r| r.api_path())
        .collect();
    gets.sort_unstable();
    assert_eq!(
        gets,
        [
            "/dedicated/server",
            "/dedicated/server/ns1.ip-51-75-0.eu",
            "/dedicated/server/ns2.ip-51-75-0.eu",
            "/dedicated/server/ns3.ip-51-75-0.eu",
        ]
    );
    let puts = puts(&requests);
    assert_eq!(
        puts.iter().map(|r| r.api_path()).collect::<Vec<_>>(),
        [
            "/dedicated/server/ns1.ip-51-75-0.eu/burst",
            "/dedicated/server/ns3.ip-51-75-0.eu/burst",
        ]
    );
    for put in puts {
        assert_eq!(put.body_str(), Some(r#"{"status":"active"}"#));
        assert_eq!(put.header("content-type"), Some("application/json"));
        assert_eq!(put.status, 200);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn another_datacenter_can_be_chosen() {
    let ovh = mock_with_servers().await;
    let out = run_example(&ovh, "network_burst", &["--datacenter", "rbx8"], "").await;
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(out.stdout, "burst enabled on ns2.ip-51-75-0.eu\n");
    let requests = ovh.requests();
    let puts = puts(&requests);
    assert_eq!(puts.len(), 1);
    assert_eq!(
        puts[0].api_path(),
        "/dedicated/server/ns2.ip-51-75-0.eu/burst"
    );
    assert_eq!(puts[0].json(), Some(json!({"status": "active"})));
}

#[tokio::test(flavor = "multi_thread")]
async fn dry_run_prints_without_putting() {
    let ovh = mock_with_servers().await;
    let out = run_example(&ovh, "network_burst", &["--dry-run"], "").await;
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(
        out.stdout.lines().collect::<Vec<_>>(),
        [
            "would enable burst on ns1.ip-51-75-0.eu (dry run)",
            "would enable burst on ns3.ip-51-75-0.eu (dry run)"
        ]
    );
    let requests = ovh.requests();
    assert_eq!(requests.len(), 4, "{requests:#?}");
    assert!(puts(&requests).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn no_server_in_the_datacenter_is_said() {
    let ovh = mock_with_servers().await;
    let out = run_example(&ovh, "network_burst", &["--datacenter", "gra3"], "").await;
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(out.stdout, "no dedicated server in gra3\n");
    assert!(puts(&ovh.requests()).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_put_fails_with_one_line_on_stderr() {
    let ovh = mock_with_servers().await;
    ovh.on("PUT", "/dedicated/server/ns1.ip-51-75-0.eu/burst")
        .reply_error_code(403, "NOT_GRANTED_CALL", "This call has not been granted");
    let out = run_example(&ovh, "network_burst", &[], "").await;
    assert_eq!(out.stdout, "", "nothing enabled");
    let line = out.error_line("not-granted-call");
    assert!(
        line.contains("HTTP 403") && line.contains("This call has not been granted"),
        "{line}"
    );
    // It stopped at the first failure: ns3 was not touched.
    let requests = ovh.requests();
    assert_eq!(puts(&requests).len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_server_fails_with_one_line_on_stderr() {
    let ovh = mock_with_servers().await;
    ovh.on("GET", "/dedicated/server/ns2.ip-51-75-0.eu")
        .reply_error_code(
            404,
            "NOT_FOUND",
            "The requested object (serviceName = ns2.ip-51-75-0.eu) does not exist",
        );
    let out = run_example(&ovh, "network_burst", &["--datacenter", "rbx8"], "").await;
    let line = out.error_line("not-found");
    assert!(line.contains("serviceName = ns2.ip-51-75-0.eu"), "{line}");
    assert!(puts(&ovh.requests()).is_empty());
}
