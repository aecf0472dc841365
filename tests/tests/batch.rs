//! Batch GETs, end to end: the mock answers `X-Ovh-Batch` requests
//! from the route of each id.

use std::time::Duration;

use ovh_api::mock::{MockOvh, RecordedRequest};
use ovh_api::models::billing::Bill;
use ovh_api::{BatchRequest, Error};
use serde_json::{json, Value};

fn batch_requests(ovh: &MockOvh) -> Vec<RecordedRequest> {
    ovh.all_requests()
        .into_iter()
        .filter(|r| r.header("x-ovh-batch").is_some())
        .collect()
}

fn bill(id: &str) -> Value {
    json!({
        "billId": id,
        "date": "2024-01-31T10:00:00+01:00",
        "orderId": 1,
        "password": "p",
        "pdfUrl": format!("https://www.ovh.com/{id}.pdf"),
        "url": format!("https://www.ovh.com/{id}"),
        "priceWithTax": {"currencyCode": "EUR", "priceInUcents": 0, "text": "1.00 €", "value": 1.0},
        "priceWithoutTax": {"currencyCode": "EUR", "priceInUcents": 0, "text": "1.00 €", "value": 1.0},
        "tax": {"currencyCode": "EUR", "priceInUcents": 0, "text": "0.00 €", "value": 0.0},
    })
}

#[tokio::test]
async fn one_signed_request_one_result_per_id_in_order_with_partial_failures() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me/bill/A").reply_json(200, &bill("A"));
    ovh.on("GET", "/me/bill/B").reply_error_code(
        404,
        "NOT_FOUND",
        "The requested object (billId = B) does not exist",
    );
    let client = ovh.client();
    let results = client
        .get_batch::<Bill>("/me/bill", ["A", "B", "C", "A"])
        .await
        .unwrap();
    assert_eq!(results.len(), 4);
    assert_eq!(results[0].as_ref().unwrap().bill_id, "A");
    assert_eq!(results[3].as_ref().unwrap().bill_id, "A");
    match &results[1] {
        Err(Error::BatchItem { key, message }) => {
            assert_eq!(key, "B");
            assert!(message.contains("billId = B"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(&results[2], Err(Error::BatchItem { key, .. }) if key == "C"));
    assert_eq!(results[2].as_ref().unwrap_err().kind_name(), "batch-item");

    let requests = batch_requests(&ovh);
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].api_path(), "/me/bill/A,B,C,A");
    assert_eq!(requests[0].header("x-ovh-batch"), Some(","));
    assert!(requests[0].signature.is_valid());
}

#[tokio::test]
async fn each_id_is_exactly_one_segment_and_unusable_ids_fail_alone() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me/bill/a%2Cb")
        .reply_json(200, &json!("comma"));
    ovh.on("GET", "/me/bill/c%2Fd%3Fe%23f")
        .reply_json(200, &json!("slash"));
    ovh.on("GET", "/me/bill/%C3%A9t%C3%A9")
        .reply_json(200, &json!("utf8"));
    let results = ovh
        .client()
        .get_batch::<String>("/me/bill", ["a,b", "..", "c/d?e#f", "", "été"])
        .await
        .unwrap();
    assert_eq!(results[0].as_ref().unwrap(), "comma");
    assert_eq!(results[2].as_ref().unwrap(), "slash");
    assert_eq!(results[4].as_ref().unwrap(), "utf8");
    for bad in [1, 3] {
        assert!(
            matches!(results[bad], Err(Error::InvalidParameter(_))),
            "{:?}",
            results[bad]
        );
    }
    let requests = batch_requests(&ovh);
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].api_path(),
        "/me/bill/a%2Cb,c%2Fd%3Fe%23f,%C3%A9t%C3%A9"
    );
    assert!(requests[0].signature.is_valid());
}

/// Lets every other task run, over and over, until `done`. The clock is paused and this task
/// keeps the runtime busy, so it does not move meanwhile: whatever `done` waits for happens
/// before any timer (a mock delay, say) fires. Gives up after a minute of real time, which only
/// a broken client reaches (a hang guard, never a measurement).
async fn run_others_until(what: &str, mut done: impl FnMut() -> bool) {
    let started = std::time::Instant::now();
    while !done() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "never happened: {what}"
        );
        tokio::task::yield_now().await;
    }
}

// Paused clock: the 400 ms answers take no real time, and the clock moves only when every task
// waits.
#[tokio::test(start_paused = true)]
async fn large_lists_are_split_into_chunks_sent_concurrently() {
    let ovh = MockOvh::start().await;
    let ids: Vec<u32> = (0..120).collect();
    for id in &ids {
        ovh.on("GET", &format!("/me/order/{id}"))
            .reply_json(200, &json!({"orderId": id}))
            .delay(Duration::from_millis(400));
    }
    let client = ovh.client();
    client.time_delta().await.unwrap();
    let started = tokio::time::Instant::now();
    let call = tokio::spawn({
        let (client, ids) = (client.clone(), ids.clone());
        async move { client.get_batch::<Value>("/me/order", &ids).await }
    });
    // Concurrent: all three requests arrive while the clock stands still, before any of
    // them can be answered. One at a time, the second would wait for the first answer.
    run_others_until("three batch requests in flight at once", || {
        batch_requests(&ovh).len() == 3
    })
    .await;
    assert_eq!(tokio::time::Instant::now(), started, "nothing answered yet");
    let results = call.await.unwrap().unwrap();
    let got: Vec<u64> = results
        .iter()
        .map(|r| r.as_ref().unwrap()["orderId"].as_u64().unwrap())
        .collect();
    assert_eq!(got, (0..120).collect::<Vec<u64>>());
    let mut sizes: Vec<usize> = batch_requests(&ovh)
        .iter()
        .map(|r| r.api_path().rsplit('/').next().unwrap().split(',').count())
        .collect();
    sizes.sort_unstable();
    assert_eq!(sizes, [20, 50, 50]);

    // A smaller chunk, one request at a time: three answers of 400 ms one after the other.
    ovh.clear_requests();
    let started = tokio::time::Instant::now();
    let results = client
        .get_batch::<Value>("/me/order", &ids[..10])
        .chunk_size(4)
        .max_in_flight(1)
        .await
        .unwrap();
    assert_eq!(results.len(), 10);
    assert_eq!(batch_requests(&ovh).len(), 3);
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(1200), "{waited:?}");
}

#[tokio::test]
async fn the_typed_entry_point_fills_the_template_and_decodes_each_value() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me/bill/X1").reply_json(200, &bill("X1"));
    ovh.on("GET", "/me/bill/X2")
        .reply_json(200, &json!("not a bill"));
    let results = BatchRequest::<Bill>::from_template(
        &ovh.client(),
        "/me/bill/{billId}",
        &[] as &[&str],
        ["X1", "X2"],
    )
    .await
    .unwrap();
    assert_eq!(results[0].as_ref().unwrap().bill_id, "X1");
    assert!(
        matches!(results[1], Err(Error::InvalidResponse { .. })),
        "{:?}",
        results[1]
    );

    ovh.on("GET", "/dedicated/server/ns%2F1/task/7")
        .reply_json(200, &json!({"taskId": 7}));
    let results = BatchRequest::<Value>::from_template(
        &ovh.client(),
        "/dedicated/server/{serviceName}/task/{taskId}",
        &["ns/1"],
        [7, 8],
    )
    .await
    .unwrap();
    assert_eq!(results[0].as_ref().unwrap()["taskId"], 7);
    assert!(results[1].is_err());
}

#[tokio::test]
async fn whole_request_failures_and_unusable_answers_are_errors_not_panics() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me/bill/h1,h2")
        .reply_raw(200, "text/html", "<html>not json</html>");
    ovh.on("GET", "/me/bill/o1,o2")
        .reply_json(200, &json!({"key": "o1"}));
    ovh.on("GET", "/me/bill/m1,m2")
        .reply_json(200, &json!([{"key": "m1", "value": 1, "error": null}]));
    ovh.on("GET", "/me/bill/d1,d2").reply_error_code(
        403,
        "NOT_GRANTED_CALL",
        "This call has not been granted",
    );
    let client = ovh.client();

    for ids in [["h1", "h2"], ["o1", "o2"]] {
        let err = client
            .get_batch::<Value>("/me/bill", ids)
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidResponse { status: 200, .. }),
            "{err:?}"
        );
    }
    // An answer missing an id: that id fails, the other is fine.
    let results = client
        .get_batch::<Value>("/me/bill", ["m1", "m2"])
        .await
        .unwrap();
    assert_eq!(results[0].as_ref().unwrap(), &json!(1));
    assert!(matches!(&results[1], Err(Error::BatchItem { key, .. }) if key == "m2"));

    let err = client
        .get_batch::<Value>("/me/bill", ["d1", "d2"])
        .await
        .unwrap_err();
    assert_eq!(err.api_kind(), Some(ovh_api::ApiErrorKind::NotGrantedCall));
}

#[tokio::test]
async fn an_empty_list_sends_nothing() {
    let ovh = MockOvh::start().await;
    let results = ovh
        .client()
        .get_batch::<Value>("/me/bill", Vec::<String>::new())
        .await
        .unwrap();
    assert!(results.is_empty());
    assert!(ovh.all_requests().is_empty());
}

/// The generated batch form of `GET /me/bill/{billId}`: the same wire call, typed results.
#[tokio::test]
async fn typed_batch_form_of_a_get_by_id() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me/bill/A").reply_json(200, &bill("A"));
    ovh.on("GET", "/me/bill/B")
        .reply_error_code(404, "NOT_FOUND", "no bill B");
    let client = ovh.client();
    let results = client
        .me()
        .bill()
        .bill_id_batch(["B", "A", "a,b"])
        .await
        .unwrap();
    assert_eq!(results.len(), 3);
    assert!(matches!(&results[0], Err(Error::BatchItem { key, .. }) if key == "B"));
    assert_eq!(results[1].as_ref().unwrap().bill_id, "A");
    assert!(results[2].is_err());
    let sent = batch_requests(&ovh);
    assert_eq!(sent.len(), 1, "one batch call");
    // Each id is one segment: the comma inside `a,b` is encoded, the separators are not.
    assert_eq!(sent[0].api_path(), "/me/bill/B,A,a%2Cb");
    assert!(sent[0].signature.is_valid());
}
