//! Typed dates end to end through the mock OVH server: a `Bill`'s `date` keeps the text OVH
//! sent and reads as an instant where it can; a date setter takes a text, a `jiff` or a
//! `chrono` value and sends OVH's RFC 3339.

use ovh_api::mock::MockOvh;
use ovh_api::models::billing::Bill;
use ovh_api::DateTime;
use serde_json::{json, Value};

/// A bill as `GET /me/bill/{billId}` answers it, dated `date`.
fn bill(id: &str, date: &str) -> Value {
    let price = |cents: i64, text: &str, value: f64| json!({"currencyCode": "EUR", "priceInUcents": cents, "text": text, "value": value});
    json!({
        "billId": id,
        "category": "purchase-web",
        "date": date,
        "orderId": 123456789,
        "password": "kxqzpwv",
        "pdfUrl": format!("https://www.ovh.com/cgi-bin/order/facture.pdf?reference={id}"),
        "priceWithTax": price(1438800000, "14.39 €", 14.39),
        "priceWithoutTax": price(1199000000, "11.99 €", 11.99),
        "tax": price(239800000, "2.40 €", 2.4),
        "url": format!("https://www.ovh.com/cgi-bin/order/facture.cgi?reference={id}")
    })
}

/// Serves `answer` for `GET /me/bill/{id}` and fetches it through the typed API.
async fn fetched(ovh: &MockOvh, id: &str, answer: &Value) -> Bill {
    ovh.on("GET", &format!("/me/bill/{id}"))
        .reply_json(200, answer);
    ovh.client().me().bill().bill_id(id).get().await.unwrap()
}

#[tokio::test]
async fn a_bill_date_keeps_its_text_and_reads_as_an_instant() {
    let ovh = MockOvh::start().await;
    let answer = bill("FR1", "2024-01-02T10:00:00+01:00");
    let b = fetched(&ovh, "FR1", &answer).await;
    assert_eq!(b.date.as_str(), "2024-01-02T10:00:00+01:00");
    assert_eq!(b.date.unix_timestamp(), Some(1704186000));
    assert_eq!(b.date.date().and_then(|d| d.year()), Some(2024));
    assert_eq!(serde_json::to_value(&b).unwrap(), answer);
}

#[tokio::test]
async fn a_date_ovh_writes_as_zeros_decodes_without_an_instant_and_encodes_back() {
    let ovh = MockOvh::start().await;
    let answer = bill("FR0", "0000-00-00 00:00:00");
    let b = fetched(&ovh, "FR0", &answer).await;
    assert_eq!(b.date.as_str(), "0000-00-00 00:00:00");
    assert_eq!(b.date.unix_timestamp(), None);
    assert!(jiff::Timestamp::try_from(&b.date).is_err());
    assert_eq!(serde_json::to_value(&b).unwrap(), answer);
}

#[tokio::test]
async fn date_from_takes_jiff_and_chrono_values_and_sends_rfc_3339() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me/bill").reply_json(200, &json!([]));
    let client = ovh.client();
    let instant: jiff::Timestamp = "2024-01-02T09:00:00Z".parse().unwrap();
    let paris = instant.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(1)));
    let utc = chrono::DateTime::<chrono::Utc>::from_timestamp(1704186000, 0).unwrap();
    let bills = client.me().bill();
    bills.get().date_from(instant).await.unwrap();
    bills
        .get()
        .date_from(&paris)
        .date_to(paris.clone())
        .await
        .unwrap();
    bills.get().date_from(utc).await.unwrap();
    bills.get().date_from("2024-01-01").await.unwrap();
    let sent: Vec<Option<String>> = ovh
        .requests()
        .iter()
        .map(|r| r.query_param("date.from").map(str::to_owned))
        .collect();
    assert_eq!(
        sent,
        [
            Some("2024-01-02T09:00:00Z".to_owned()),
            Some("2024-01-02T10:00:00+01:00".to_owned()),
            Some("2024-01-02T09:00:00Z".to_owned()),
            Some("2024-01-01".to_owned()),
        ]
    );
    assert_eq!(
        ovh.requests()[1].query_param("date.to"),
        Some("2024-01-02T10:00:00+01:00")
    );
}

#[tokio::test]
async fn bills_sort_and_filter_by_instant_whatever_their_offset() {
    let ovh = MockOvh::start().await;
    let dates = [
        ("FR1", "2024-03-01T10:00:00+01:00"),
        ("FR2", "2024-01-15T08:00:00Z"),
        ("FR3", "0000-00-00 00:00:00"),
        ("FR4", "2024-06-01T00:30:00+02:00"),
    ];
    let mut bills = Vec::new();
    for (id, date) in dates {
        bills.push(fetched(&ovh, id, &bill(id, date)).await);
    }
    // Bills of the 90 days before 1 June 2024 (UTC), as a user filters with jiff.
    let end: jiff::Timestamp = "2024-06-01T00:00:00Z".parse().unwrap();
    let start = end - jiff::SignedDuration::from_hours(90 * 24);
    let recent: Vec<&str> = bills
        .iter()
        .filter(|b| jiff::Timestamp::try_from(&b.date).is_ok_and(|t| (start..end).contains(&t)))
        .map(|b| b.bill_id.as_str())
        .collect();
    // `FR4` is written 1 June but is 31 May 22:30 UTC, inside; `FR1` (1 March) and `FR2` are
    // before the start; `FR3` has no instant.
    assert_eq!(recent, ["FR4"]);
    let end = DateTime::from(end).unix_timestamp().unwrap();
    assert_eq!(bills[3].date.unix_timestamp(), Some(end - 90 * 60));
    bills.sort_by(|a, b| a.date.cmp(&b.date));
    let order: Vec<&str> = bills.iter().map(|b| b.bill_id.as_str()).collect();
    assert_eq!(order, ["FR3", "FR2", "FR1", "FR4"]);
}
