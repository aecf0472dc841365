//! The `iam_policies` example, run as a process against the mock OVH server (`ovh_api::mock`): every page of
//! `GET /v2/iam/policy` becomes rows of one table.

use crate::support::run_example;
use ovh_api::mock::{MockOvh, Reply};
use serde_json::{json, Value};

const POLICIES: &str = "/v2/iam/policy";

fn policy(i: usize, identities: &[&str], resources: usize) -> Value {
    json!({
        "id": format!("6956639e-3848-11ee-ae3c-00505680000{i}"),
        "name": format!("policy-{i}"),
        "owner": "xx1234-ovh",
        "identities": identities,
        "resources": (0..resources)
            .map(|r| json!({"urn": format!("urn:v1:eu:resource:vps:vps-{r}")}))
            .collect::<Vec<_>>(),
        "permissions": {"allow": [{"action": "vps:apiovh:*"}]},
        "readOnly": false,
        "createdAt": "2024-01-01T00:00:00Z",
    })
}

fn cells(line: &str) -> Vec<String> {
    line.trim_matches('|')
        .split('|')
        .map(|cell| cell.trim().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn prints_every_policy_of_every_page_as_a_table() {
    let ovh = MockOvh::start().await;
    let policies: Vec<Value> = (0..5)
        .map(|i| {
            policy(
                i,
                &[
                    "urn:v1:eu:identity:group:xx1234-ovh/devs",
                    "urn:v1:eu:identity:user:xx1234-ovh/ada",
                ][..(i % 2 + 1)],
                i,
            )
        })
        .collect();
    ovh.on_v2_list(POLICIES, policies);
    let out = run_example(&ovh, "iam_policies", &["--page-size", "2"], "").await;
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        7,
        "header, separator, 5 policies:\n{}",
        out.stdout
    );
    assert_eq!(cells(lines[0]), ["Name", "ID", "Identities", "Resources"]);
    assert_eq!(
        cells(lines[2]),
        [
            "policy-0",
            "6956639e-3848-11ee-ae3c-005056800000",
            "urn:v1:eu:identity:group:xx1234-ovh/devs",
            "0"
        ]
    );
    assert_eq!(
        cells(lines[3]),
        [
            "policy-1",
            "6956639e-3848-11ee-ae3c-005056800001",
            "urn:v1:eu:identity:group:xx1234-ovh/devs, urn:v1:eu:identity:user:xx1234-ovh/ada",
            "1"
        ]
    );
    assert_eq!(cells(lines[6])[0], "policy-4");
    assert_eq!(cells(lines[6])[3], "4");
    // Three pages of two, each signed, each with the page size.
    let pages: Vec<_> = ovh
        .all_requests()
        .into_iter()
        .filter(|r| r.path == POLICIES)
        .collect();
    assert_eq!(pages.len(), 3);
    for r in &pages {
        assert!(r.signature.is_valid(), "{:?}", r.signature);
        assert_eq!(r.header("x-pagination-size"), Some("2"));
    }
    assert_eq!(
        pages[2].header("x-pagination-cursor"),
        Some("cursor-00000004")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn without_page_size_the_servers_default_applies() {
    let ovh = MockOvh::start().await;
    ovh.on_v2_list(POLICIES, (0..3).map(|i| policy(i, &[], 0)))
        .default_page_size(2);
    let out = run_example(&ovh, "iam_policies", &[], "").await;
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(out.stdout.lines().count(), 5, "{}", out.stdout);
    let pages: Vec<_> = ovh
        .all_requests()
        .into_iter()
        .filter(|r| r.path == POLICIES)
        .collect();
    assert_eq!(pages.len(), 2);
    assert!(pages
        .iter()
        .all(|r| r.header("x-pagination-size").is_none()));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_error_on_a_later_page_is_one_line() {
    let ovh = MockOvh::start().await;
    ovh.on_v2_list(POLICIES, (0..4).map(|i| policy(i, &[], 0)))
        .fail_request(
            1,
            Reply::error_code(403, "NOT_GRANTED_CALL", "This call has not been granted"),
        );
    let out = run_example(&ovh, "iam_policies", &["--page-size", "2"], "").await;
    let line = out.error_line("not-granted-call");
    assert!(line.contains("HTTP 403"), "{line}");
    assert!(out.stdout.is_empty(), "no half table: {}", out.stdout);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_size_of_zero_is_refused() {
    let ovh = MockOvh::start().await;
    let out = run_example(&ovh, "iam_policies", &["--page-size", "0"], "").await;
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(ovh.all_requests().is_empty());
}
