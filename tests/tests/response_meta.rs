//! `.send_with_meta()`: a typed answer together with its status, headers, query id and attempt
//! count, end to end through the mock OVH server.

mod support;

use ovh_api::mock::{MockOvh, Reply};
use ovh_api::models::billing::ArchiveTypeEnum;
use ovh_api::{Error, Response};
use serde_json::{json, Value};

use support::fast_retries;

/// The query ids the mock gives its answers start so (`EU.ext-3.<time>.<n>.<random>`).
const MOCK_QUERY_ID_PREFIX: &str = "EU.ext-3.";

#[tokio::test]
async fn a_typed_answer_comes_with_its_status_headers_and_query_id() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me").reply_with(
        Reply::json(
            200,
            &json!({"nichandle": "xx1-ovh", "email": "a@example.com"}),
        )
        .with_header("X-Extra", "yes"),
    );
    let mut me = ovh.client().me().get().send_with_meta().await.unwrap();
    // Deref to the model.
    assert_eq!(me.nichandle, "xx1-ovh");
    assert_eq!(me.status(), 200);
    assert_eq!(me.attempts(), 1);
    assert_eq!(me.headers()["x-extra"], "yes");
    let query_id = me.query_id().unwrap().to_owned();
    assert!(query_id.starts_with(MOCK_QUERY_ID_PREFIX), "{query_id}");
    assert_eq!(me.headers()["x-ovh-queryid"], query_id.as_str());
    // DerefMut, then the value itself.
    me.email = "b@example.com".into();
    let me = me.into_inner();
    assert_eq!(me.email, "b@example.com");

    // Another call, another query id.
    let again = ovh.client().me().get().send_with_meta().await.unwrap();
    assert_ne!(again.query_id(), Some(query_id.as_str()));
}

#[tokio::test]
async fn generated_wrappers_send_with_meta_with_their_setters() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me/bill")
        .reply_json(200, &json!(["FR1", "FR2"]));
    let bills: Response<Vec<String>> = ovh
        .client()
        .me()
        .bill()
        .get()
        .date_from("2024-01-01")
        .header("X-Trace", "t1")
        .send_with_meta()
        .await
        .unwrap();
    assert_eq!(bills.len(), 2);
    assert_eq!(*bills, ["FR1", "FR2"]);
    assert_eq!(bills.status(), 200);
    let call = ovh.requests().pop().unwrap();
    assert_eq!(call.query_param("date.from"), Some("2024-01-01"));
    assert_eq!(call.header("x-trace"), Some("t1"));
    assert!(call.signature.is_valid());
}

#[tokio::test]
async fn a_status_other_than_200_is_kept() {
    let ovh = MockOvh::start().await;
    ovh.on("POST", "/me/bill/export")
        .reply_with(Reply::empty(204));
    let exported = ovh
        .client()
        .me()
        .bill()
        .export()
        .post(ArchiveTypeEnum::Zip)
        .send_with_meta()
        .await
        .unwrap();
    assert_eq!(exported.status(), 204);
    assert!(exported.query_id().is_some());
}

#[tokio::test]
async fn an_error_status_is_still_an_error() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me")
        .reply_error_code(404, "NOT_FOUND", "gone");
    let err = ovh.client().me().get().send_with_meta().await.unwrap_err();
    let Error::Api(api) = &err else {
        panic!("expected an API error, got {err:?}")
    };
    assert_eq!(api.status, 404);
    assert_eq!(api.message, "gone");
    assert!(api
        .query_id
        .as_deref()
        .is_some_and(|id| id.starts_with(MOCK_QUERY_ID_PREFIX)));
}

#[tokio::test]
async fn a_retried_call_counts_its_attempts() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me").reply_sequence([
        Reply::error(503, "busy"),
        Reply::json(
            200,
            &json!({"nichandle": "xx1-ovh", "email": "a@example.com"}),
        ),
    ]);
    let client = ovh
        .client_builder()
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let me = client.me().get().send_with_meta().await.unwrap();
    assert_eq!(me.attempts(), 2);
    assert_eq!(me.nichandle, "xx1-ovh");

    // After retries that all fail, the error keeps its count too.
    ovh.on("GET", "/down").reply_error(503, "busy");
    let err = client
        .get::<Value>("/down")
        .send_with_meta()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.attempts(), 3);
}

#[tokio::test]
async fn an_answer_that_does_not_decode_is_an_invalid_response() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me/bill")
        .reply_json(200, &json!({"not": "a list"}));
    let err = ovh
        .client()
        .me()
        .bill()
        .get()
        .send_with_meta()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidResponse { status: 200, .. }),
        "{err:?}"
    );
}
