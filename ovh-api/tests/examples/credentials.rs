//! The `credentials` example, run as a process against the mock OVH server (`ovh_api::mock`).

use std::time::Duration;

use crate::support::run_example;
use ovh_api::mock::MockOvh;
use serde_json::{json, Value};

/// An `api.Credential` as the API returns it.
fn credential(id: i64, application_id: i64, expiration: Value, last_use: Value) -> Value {
    json!({
        "allowedIPs": null,
        "applicationId": application_id,
        "creation": "2024-01-15T09:30:00+01:00",
        "credentialId": id,
        "expiration": expiration,
        "lastUse": last_use,
        "ovhSupport": false,
        "rules": [{"method": "GET", "path": "/*"}],
        "status": "validated",
    })
}

/// An `api.Application` as the API returns it.
fn application(id: i64, name: &str, description: &str, status: &str) -> Value {
    json!({
        "applicationId": id,
        "applicationKey": format!("key{id}"),
        "description": description,
        "name": name,
        "status": status,
    })
}

fn mock_credentials(ovh: &MockOvh) {
    ovh.on("GET", "/me/api/credential")
        .reply_json(200, &json!([101, 202]));
    ovh.on("GET", "/me/api/credential/101")
        .reply_json(
            200,
            &credential(
                101,
                11,
                json!("2025-01-15T09:30:00+01:00"),
                json!("2024-06-01T12:00:00+02:00"),
            ),
        )
        // The first credential answers last: the table keeps the list's order.
        .delay(Duration::from_millis(300));
    ovh.on("GET", "/me/api/credential/101/application")
        .reply_json(200, &application(11, "backup", "Nightly backups", "active"));
    ovh.on("GET", "/me/api/credential/202")
        .reply_json(200, &credential(202, 22, Value::Null, Value::Null));
    ovh.on("GET", "/me/api/credential/202/application")
        .reply_json(
            200,
            &application(22, "monitoring", "Grafana exporter", "blocked"),
        );
}

#[tokio::test(flavor = "multi_thread")]
async fn prints_a_table_of_validated_credentials_with_their_applications() {
    let ovh = MockOvh::start().await;
    mock_credentials(&ovh);
    let out = run_example(&ovh, "credentials", &[], "").await;
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stderr.is_empty(), "{}", out.stderr);

    // One header line, one separator, one line per credential, in order.
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", out.stdout);
    let cells = |line: &str| -> Vec<String> {
        line.trim_matches('|')
            .split('|')
            .map(|cell| cell.trim().to_owned())
            .collect()
    };
    assert_eq!(
        cells(lines[0]),
        [
            "ID",
            "App Name",
            "Description",
            "Token Creation",
            "Token Expiration",
            "Token Last Use"
        ]
    );
    assert!(lines[1].chars().all(|c| "|-: ".contains(c)), "{}", lines[1]);
    assert_eq!(
        cells(lines[2]),
        [
            "101",
            "[active] backup",
            "Nightly backups",
            "2024-01-15T09:30:00+01:00",
            "2025-01-15T09:30:00+01:00",
            "2024-06-01T12:00:00+02:00"
        ]
    );
    assert_eq!(
        cells(lines[3]),
        [
            "202",
            "[blocked] monitoring",
            "Grafana exporter",
            "2024-01-15T09:30:00+01:00",
            "never",
            "never"
        ]
    );
    // Columns are aligned: every line has the same width.
    assert!(lines
        .iter()
        .all(|l| l.chars().count() == lines[0].chars().count()));

    let requests = ovh.requests();
    assert!(requests.iter().all(|r| r.signature.is_valid()));
    assert!(requests.iter().all(|r| r.method == "GET"));
    assert_eq!(requests[0].api_path(), "/me/api/credential");
    assert_eq!(requests[0].raw_query.as_deref(), Some("status=validated"));
    let mut paths: Vec<&str> = requests[1..].iter().map(|r| r.api_path()).collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "/me/api/credential/101",
            "/me/api/credential/101/application",
            "/me/api/credential/202",
            "/me/api/credential/202/application",
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_status_filter_can_be_changed() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me/api/credential")
        .reply_json(200, &json!([]));
    let out = run_example(&ovh, "credentials", &["--status", "pendingValidation"], "").await;
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(out.stdout.lines().count(), 2, "header only: {}", out.stdout);
    let requests = ovh.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].query_param("status"), Some("pendingValidation"));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_status_is_refused_before_sending() {
    let ovh = MockOvh::start().await;
    let out = run_example(&ovh, "credentials", &["--status", "valid"], "").await;
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr.contains("invalid value 'valid'"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("pendingValidation"), "{}", out.stderr);
    assert!(ovh.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_application_lookup_fails_with_one_line_on_stderr() {
    let ovh = MockOvh::start().await;
    mock_credentials(&ovh);
    ovh.on("GET", "/me/api/credential/202/application")
        .reply_error_code(403, "NOT_GRANTED_CALL", "This call has not been granted");
    let out = run_example(&ovh, "credentials", &[], "").await;
    assert!(out.stdout.is_empty(), "no partial table: {}", out.stdout);
    let line = out.error_line("not-granted-call");
    assert!(
        line.contains("HTTP 403") && line.contains("This call has not been granted"),
        "{line}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_html_gateway_error_is_reported_as_an_invalid_response() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me/api/credential").reply_raw(
        502,
        "text/html",
        "<html><body>502 Bad Gateway</body></html>",
    );
    let out = run_example(&ovh, "credentials", &[], "").await;
    let line = out.error_line("invalid-response");
    assert!(line.contains("HTTP 502"), "{line}");
}
