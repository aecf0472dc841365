//! The `services` example, run as a process against the mock OVH server (`ovh_api::mock`).

use std::time::Duration;

use crate::support::run_example;
use ovh_api::mock::MockOvh;
use serde_json::{json, Value};

/// A `services.expanded.Service` as the API returns it.
fn service(id: i64, route: &str, name: &str, product: &str) -> Value {
    json!({
        "serviceId": id,
        "parentServiceId": null,
        "tags": ["production"],
        "resource": {
            "displayName": name,
            "name": name,
            "product": {"name": product, "description": format!("{product} (monthly)")},
            "resellingProvider": null,
            "state": "active",
        },
        "route": {
            "path": format!("{route}/{{serviceName}}"),
            "url": format!("{route}/{name}"),
            "vars": [{"key": "serviceName", "value": name}],
        },
        "billing": {
            "expirationDate": "2025-05-01T00:00:00+02:00",
            "nextBillingDate": "2025-05-01T00:00:00+02:00",
            "plan": {"code": product, "invoiceName": format!("{product} (monthly)")},
        },
        "customer": {
            "contacts": [
                {"customerCode": "xx1234-ovh", "type": "administrator"},
                {"customerCode": "xx1234-ovh", "type": "technical"},
            ],
        },
    })
}

/// Asserts that `actual` has every field of `expected` with the same value
/// (recursively; a `null` in `expected` may also be absent from `actual`).
fn assert_includes(actual: &Value, expected: &Value, at: &str) {
    match (actual, expected) {
        (Value::Object(actual), Value::Object(expected)) => {
            for (key, value) in expected {
                let here = format!("{at}.{key}");
                match actual.get(key) {
                    Some(found) => assert_includes(found, value, &here),
                    None => assert!(value.is_null(), "{here} missing"),
                }
            }
        }
        (Value::Array(actual), Value::Array(expected)) => {
            assert_eq!(actual.len(), expected.len(), "{at}");
            for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
                assert_includes(a, e, &format!("{at}[{i}]"));
            }
        }
        _ => assert_eq!(actual, expected, "{at}"),
    }
}

/// The JSON documents printed one after the other.
fn documents(stdout: &str) -> Vec<Value> {
    serde_json::Deserializer::from_str(stdout)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .expect("stdout is a sequence of JSON documents")
}

#[tokio::test(flavor = "multi_thread")]
async fn prints_each_service_as_pretty_json_in_list_order() {
    let ovh = MockOvh::start().await;
    let services = [
        (
            1001,
            "/dedicated/server",
            "ns1.ip-51-75-0.eu",
            "24adv01",
            300,
        ),
        (1002, "/vps", "vps-1a2b3c4d.vps.ovh.net", "vps-le-2-4-80", 0),
        (1003, "/domain", "example.com", "domain-com", 100),
    ];
    ovh.on("GET", "/services")
        .reply_json(200, &json!([1001, 1002, 1003]));
    for (id, route, name, product, delay_ms) in services {
        ovh.on("GET", &format!("/services/{id}"))
            .reply_json(200, &service(id, route, name, product))
            .delay(Duration::from_millis(delay_ms));
    }

    let out = run_example(&ovh, "services", &[], "").await;
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    let printed = documents(&out.stdout);
    assert_eq!(printed.len(), 3, "{}", out.stdout);
    for (doc, (id, route, name, product, _)) in printed.iter().zip(services) {
        assert_includes(doc, &service(id, route, name, product), "");
    }
    // Pretty: one field per line, indented.
    assert!(out.stdout.starts_with("{\n  \""), "{}", out.stdout);
    assert!(
        out.stdout.contains("\n  \"serviceId\": 1001,\n"),
        "{}",
        out.stdout
    );

    let requests = ovh.requests();
    assert!(requests.iter().all(|r| r.signature.is_valid()));
    assert!(requests.iter().all(|r| r.method == "GET"));
    assert_eq!(requests[0].api_path(), "/services");
    assert_eq!(requests[0].raw_query, None);
    let mut paths: Vec<&str> = requests[1..].iter().map(|r| r.api_path()).collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        ["/services/1001", "/services/1002", "/services/1003"]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn routes_filter_the_list() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/services").reply_json(200, &json!([]));
    let out = run_example(
        &ovh,
        "services",
        &["--routes", "/dedicated/server,/vps"],
        "",
    )
    .await;
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(out.stdout, "");
    let requests = ovh.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].query_param("routes"),
        Some("/dedicated/server,/vps")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_service_fails_with_one_line_on_stderr() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/services").reply_json(200, &json!([1001]));
    ovh.on("GET", "/services/1001")
        .reply_error_code(404, "NOT_FOUND", "Service 1001 not found");
    let out = run_example(&ovh, "services", &[], "").await;
    assert!(out.stdout.is_empty());
    let line = out.error_line("not-found");
    assert!(
        line.contains("HTTP 404") && line.contains("Service 1001 not found"),
        "{line}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_list_fails_with_one_line_on_stderr() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/services").reply_error_code(
        403,
        "NOT_GRANTED_CALL",
        "This call has not been granted",
    );
    let out = run_example(&ovh, "services", &[], "").await;
    out.error_line("not-granted-call");
    assert_eq!(ovh.requests().len(), 1);
}
