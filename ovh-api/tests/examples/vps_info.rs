//! The `vps_info` example, run as a process against the mock OVH server (`ovh_api::mock`).

use std::time::Duration;

use crate::support::run_example;
use ovh_api::mock::MockOvh;
use serde_json::{json, Value};

/// A `services.Service` (`/vps/{serviceName}/serviceInfos`) as the API
/// returns it.
fn service_infos(name: &str, id: i64, expiration: &str) -> Value {
    json!({
        "canDeleteAtExpiration": true,
        "contactAdmin": "xx1234-ovh",
        "contactBilling": "xx1234-ovh",
        "contactTech": "yy5678-ovh",
        "creation": "2023-05-01",
        "domain": name,
        "engagedUpTo": null,
        "expiration": expiration,
        "possibleRenewPeriod": [1, 3, 6, 12],
        "renew": {
            "automatic": true,
            "deleteAtExpiration": false,
            "forced": false,
            "manualPayment": false,
            "period": 1,
        },
        "renewalType": "automaticV2016",
        "serviceId": id,
        "status": "ok",
    })
}

/// The JSON documents printed one after the other.
fn documents(stdout: &str) -> Vec<Value> {
    serde_json::Deserializer::from_str(stdout)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .expect("stdout is a sequence of JSON documents")
}

/// `expected` without its `null` fields (the SDK leaves absent optional
/// fields out).
#[tokio::test(flavor = "multi_thread")]
async fn prints_each_vps_service_infos_as_pretty_json_in_list_order() {
    let ovh = MockOvh::start().await;
    let vps = [
        ("vps-1a2b3c4d.vps.ovh.net", 2001, "2025-05-01", 200),
        ("vps-5e6f7a8b.vps.ovh.net", 2002, "2025-08-15", 0),
    ];
    ovh.on("GET", "/vps").reply_json(
        200,
        &json!(["vps-1a2b3c4d.vps.ovh.net", "vps-5e6f7a8b.vps.ovh.net"]),
    );
    for (name, id, expiration, delay_ms) in vps {
        ovh.on("GET", &format!("/vps/{name}/serviceInfos"))
            .reply_json(200, &service_infos(name, id, expiration))
            .delay(Duration::from_millis(delay_ms));
    }

    let out = run_example(&ovh, "vps_info", &[], "").await;
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    let printed = documents(&out.stdout);
    let expected: Vec<Value> = vps
        .iter()
        .map(|(name, id, expiration, _)| service_infos(name, *id, expiration))
        .collect();
    // As OVH sent them, nulls included.
    assert_eq!(printed, expected);
    assert!(out.stdout.starts_with("{\n  \""), "pretty: {}", out.stdout);
    assert!(
        out.stdout
            .contains("\n  \"domain\": \"vps-1a2b3c4d.vps.ovh.net\",\n"),
        "{}",
        out.stdout
    );

    let requests = ovh.requests();
    assert_eq!(requests.len(), 3, "{requests:#?}");
    assert!(requests.iter().all(|r| r.signature.is_valid()));
    assert!(requests.iter().all(|r| r.method == "GET"));
    assert_eq!(requests[0].api_path(), "/vps");
    let mut paths: Vec<&str> = requests[1..].iter().map(|r| r.api_path()).collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "/vps/vps-1a2b3c4d.vps.ovh.net/serviceInfos",
            "/vps/vps-5e6f7a8b.vps.ovh.net/serviceInfos",
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn no_vps_prints_nothing() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/vps").reply_json(200, &json!([]));
    let out = run_example(&ovh, "vps_info", &[], "").await;
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(out.stdout, "");
    assert_eq!(ovh.requests().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_call_fails_with_one_line_on_stderr() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/vps")
        .reply_json(200, &json!(["vps-1a2b3c4d.vps.ovh.net"]));
    ovh.on("GET", "/vps/vps-1a2b3c4d.vps.ovh.net/serviceInfos")
        .reply_error_code(403, "NOT_GRANTED_CALL", "This call has not been granted");
    let out = run_example(&ovh, "vps_info", &[], "").await;
    assert!(out.stdout.is_empty());
    let line = out.error_line("not-granted-call");
    assert!(
        line.contains("HTTP 403") && line.contains("This call has not been granted"),
        "{line}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_html_gateway_error_is_reported_as_an_invalid_response() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/vps").reply_raw(
        502,
        "text/html",
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
    );
    let out = run_example(&ovh, "vps_info", &[], "").await;
    let line = out.error_line("invalid-response");
    assert!(line.contains("HTTP 502"), "{line}");
}
