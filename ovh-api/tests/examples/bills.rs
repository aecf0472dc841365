//! The `bills` example, run as a process against the mock OVH server (`ovh_api::mock`).

use std::time::Duration;

use ovh_api::mock::{MockOvh, RecordedRequest};
use serde_json::{json, Value};

use crate::support::{run_example, start_example, wait_for_requests};

/// A `billing.Bill` as the API returns it.
fn bill(id: &str, date: &str, price: &str) -> Value {
    let value: f64 = price.trim_end_matches(" €").parse().unwrap();
    json!({
        "billId": id,
        "date": date,
        "orderId": 123456,
        "password": "secret",
        "pdfUrl": format!("https://www.ovh.com/cgi-bin/order/facture.pdf?reference={id}&passwd=secret"),
        "url": format!("https://www.ovh.com/cgi-bin/order/facture.cgi?reference={id}&passwd=secret"),
        "category": "autorenew",
        "priceWithTax": {"currencyCode": "EUR", "priceInUcents": 0, "text": price, "value": value},
        "priceWithoutTax": {"currencyCode": "EUR", "priceInUcents": 0, "text": price, "value": value},
        "tax": {"currencyCode": "EUR", "priceInUcents": 0, "text": "0.00 €", "value": 0.0},
    })
}

fn expected_line(id: &str, date: &str, price: &str) -> String {
    format!(
        "{id:>12} ({date}): {price:>10} --> \
         https://www.ovh.com/cgi-bin/order/facture.pdf?reference={id}&passwd=secret"
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn prints_one_line_per_bill_in_list_order_even_when_details_arrive_out_of_order() {
    let ovh = MockOvh::start().await;
    let bills = [
        ("FR00000001", "2024-01-31T10:00:00+01:00", "12.00 €", 600),
        ("FR00000002", "2024-02-29T10:00:00+01:00", "7.50 €", 0),
        ("FR00000003", "2024-03-31T10:00:00+02:00", "120.99 €", 300),
    ];
    ovh.on("GET", "/me/bill")
        .reply_json(200, &json!(["FR00000001", "FR00000002", "FR00000003"]));
    for (id, date, price, delay_ms) in bills {
        ovh.on("GET", &format!("/me/bill/{id}"))
            .reply_json(200, &bill(id, date, price))
            .delay(Duration::from_millis(delay_ms));
    }

    let out = run_example(
        &ovh,
        "bills",
        &["--from", "2024-01-01", "--to", "2024-12-31"],
        "",
    )
    .await;

    assert_eq!(out.code, Some(0), "{out:?}");
    let expected: Vec<String> = bills
        .iter()
        .map(|(id, date, price, _)| expected_line(id, date, price))
        .collect();
    assert_eq!(out.stdout.lines().collect::<Vec<_>>(), expected);
    assert!(out.stderr.is_empty(), "{}", out.stderr);

    let requests = ovh.requests();
    assert_eq!(requests.len(), 2, "{requests:#?}");
    assert!(requests.iter().all(|r| r.signature.is_valid()));
    assert!(requests.iter().all(|r| r.method == "GET"));
    let list = &requests[0];
    assert_eq!(list.api_path(), "/me/bill");
    assert_eq!(list.query_param("date.from"), Some("2024-01-01"));
    assert_eq!(list.query_param("date.to"), Some("2024-12-31"));
    // The details: one batch GET.
    let batch = &requests[1];
    assert_eq!(
        batch.api_path(),
        "/me/bill/FR00000001,FR00000002,FR00000003"
    );
    assert_eq!(batch.header("x-ovh-batch"), Some(","));
    assert!(batch.raw_query.is_none(), "details carry no query");
}

/// The chunk sizes of the batch GETs among `requests`, sorted.
fn batch_sizes(requests: &[RecordedRequest]) -> Vec<usize> {
    let mut sizes: Vec<usize> = requests
        .iter()
        .filter(|r| r.header("x-ovh-batch").is_some())
        .map(|r| r.api_path().rsplit('/').next().unwrap().split(',').count())
        .collect();
    sizes.sort_unstable();
    sizes
}

#[tokio::test(flavor = "multi_thread")]
async fn details_are_fetched_fifty_per_batch_request_concurrently() {
    let ovh = MockOvh::start().await;
    let ids: Vec<String> = (1..=120).map(|i| format!("FR{i:08}")).collect();
    ovh.on("GET", "/me/bill").reply_json(200, &json!(ids));
    for id in &ids {
        ovh.on("GET", &format!("/me/bill/{id}"))
            .reply_json(200, &bill(id, "2024-01-31T10:00:00+01:00", "1.00 €"));
    }
    let out = run_example(&ovh, "bills", &[], "").await;
    assert_eq!(out.code, Some(0), "{out:?}");
    let printed: Vec<&str> = out.stdout.lines().collect();
    let expected: Vec<String> = ids
        .iter()
        .map(|id| expected_line(id, "2024-01-31T10:00:00+01:00", "1.00 €"))
        .collect();
    assert_eq!(printed, expected);
    let requests = ovh.requests();
    assert_eq!(
        requests[0].raw_query, None,
        "no date filter without --from/--to"
    );
    assert_eq!(requests.len(), 4, "{requests:#?}");
    assert_eq!(batch_sizes(&requests[1..]), [20, 50, 50]);

    // Concurrent, not one after the other: with every detail held (answered only after an
    // hour, so never during the test), all three batch requests still arrive. One at a time,
    // the second would wait for the first answer and never come.
    ovh.clear_requests();
    for id in &ids {
        ovh.on("GET", &format!("/me/bill/{id}"))
            .reply_json(200, &bill(id, "2024-01-31T10:00:00+01:00", "1.00 €"))
            .delay(Duration::from_secs(3600));
    }
    let dir = tempfile::tempdir().unwrap();
    let mut example = start_example(&ovh, "bills", &[], dir.path()).await;
    let held = wait_for_requests(&ovh, 4, "the list and three held batch GETs").await;
    assert_eq!(held[0].api_path(), "/me/bill");
    assert_eq!(batch_sizes(&held[1..]), [20, 50, 50]);
    assert!(
        example.try_wait().unwrap().is_none(),
        "no detail was answered, so the example is still waiting"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_bill_fails_with_one_line_on_stderr() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me/bill")
        .reply_json(200, &json!(["FR00000001"]));
    ovh.on("GET", "/me/bill/FR00000001").reply_error_code(
        404,
        "NOT_FOUND",
        "The requested object (billId = FR00000001) does not exist",
    );
    let out = run_example(&ovh, "bills", &[], "").await;
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    // The batch answer carries OVH's message for the id, not a status.
    let line = out.error_line("batch-item");
    assert!(line.contains("\"FR00000001\""), "{line}");
    assert!(line.contains("billId = FR00000001"), "{line}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_html_gateway_error_is_reported_as_an_invalid_response() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me/bill").reply_raw(
        502,
        "text/html",
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
    );
    let out = run_example(&ovh, "bills", &[], "").await;
    assert!(out.stdout.is_empty());
    let line = out.error_line("invalid-response");
    assert!(line.contains("HTTP 502"), "{line}");
    assert!(line.contains("gave up after 3 attempts"), "{line}");
    // A GET: retried twice.
    assert_eq!(ovh.requests().len(), 3);
}
