//! OVH's error bodies, end to end: today's shape (`class`, `details` naming the missing IAM
//! actions) and the older one (`errorCode`), and what the refused call needed (its
//! consumer-key rule and IAM actions), for typed calls, paginated /v2 lists and raw calls.

use ovh_api::mock::{MockOvh, Reply};
use ovh_api::{ApiError, ApiErrorKind, Error, TypedCall};
use serde_json::{json, Value};

/// The 403 OVH answers today to a call the caller's IAM policies do not allow.
fn refused_by_iam(action: &str) -> Reply {
    Reply::json(
        403,
        &json!({
            "class": "Client::Forbidden",
            "message": "This call has not been granted",
            "details": {
                "unauthorizedActionsByIAM": action,
                "unauthorizedActionsByAuthentication": "",
            },
        }),
    )
}

/// The API error of `err`, or a panic saying what it was instead.
fn api(err: &Error) -> &ApiError {
    err.api()
        .unwrap_or_else(|| panic!("expected an API error, got {err:?}"))
}

#[tokio::test]
async fn a_typed_call_refused_by_iam_says_what_it_needs_and_what_is_missing() {
    let ovh = MockOvh::start().await;
    ovh.on_call(|c| c.me().bill().bill_id("FR1").get())
        .untyped()
        .reply_with(refused_by_iam("account:apiovh:me/bill/get"));
    let client = ovh.client();
    let err = client.me().bill().bill_id("FR1").get().await.unwrap_err();
    let api = api(&err);
    assert_eq!(api.status, 403);
    assert_eq!(api.class, Some("Client::Forbidden".into()));
    assert_eq!(api.error_code, None);
    // As in the Python client, only `errorCode` picks a kind.
    assert_eq!(api.kind, ApiErrorKind::Other);
    assert_eq!(api.missing_iam_actions(), ["account:apiovh:me/bill/get"]);
    assert!(api.missing_authorizations().is_empty());
    let needed = api
        .needed
        .as_ref()
        .expect("a typed call knows its operation");
    assert_eq!(needed.rule.to_string(), "GET /me/bill/*");
    let call = client.me().bill().bill_id("FR1").get();
    assert_eq!(needed.rule, call.access_rule());
    assert_eq!(needed.iam_actions, call.iam_actions());

    let message = err.to_string();
    assert!(message.contains("GET /me/bill/*"), "{message}");
    assert!(message.contains("account:apiovh:me/bill/get"), "{message}");
    let query_id = err.query_id().expect("the mock sends a query id");
    assert_eq!(
        message,
        format!(
            "OVH API answered HTTP 403: This call has not been granted [Client::Forbidden]; \
             this call needs GET /me/bill/* (IAM account:apiovh:me/bill/get); OVH says \
             missing: account:apiovh:me/bill/get (query id {query_id})"
        )
    );

    // `.send_with_meta()` decodes the same error.
    let err = client
        .me()
        .bill()
        .bill_id("FR1")
        .get()
        .send_with_meta()
        .await
        .unwrap_err();
    assert_eq!(api_needed(&err), Some("GET /me/bill/*".into()));
}

/// The rule an error says its call needed, as text.
fn api_needed(err: &Error) -> Option<String> {
    api(err).needed.as_ref().map(|n| n.rule.to_string())
}

#[tokio::test]
async fn a_raw_call_refused_with_the_older_body_finds_its_operation() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me/bill/FR2").reply_json(
        403,
        &json!({
            "errorCode": "NOT_GRANTED_CALL",
            "httpCode": "403 Forbidden",
            "message": "This call has not been granted",
        }),
    );
    let err = ovh.client().get::<Value>("/me/bill/FR2").await.unwrap_err();
    let api = api(&err);
    assert_eq!(api.kind, ApiErrorKind::NotGrantedCall);
    assert_eq!(api.error_code.as_deref(), Some("NOT_GRANTED_CALL"));
    assert_eq!((api.class.as_ref(), api.details.len()), (None, 0));
    assert!(api.missing_iam_actions().is_empty());
    let needed = api
        .needed
        .as_ref()
        .expect("the path matches GET /me/bill/{billId}");
    assert_eq!(
        needed.to_string(),
        "GET /me/bill/* (IAM account:apiovh:me/bill/get)"
    );
    let query_id = err.query_id().unwrap();
    assert_eq!(
        err.to_string(),
        format!(
            "OVH API answered HTTP 403: This call has not been granted [NOT_GRANTED_CALL]; \
             this call needs GET /me/bill/* (IAM account:apiovh:me/bill/get) \
             (query id {query_id})"
        )
    );
}

#[tokio::test]
async fn a_raw_path_matching_no_operation_names_only_what_ovh_says() {
    let ovh = MockOvh::start().await;
    ovh.on("POST", "/not/an/api")
        .reply_with(refused_by_iam("a:x, a:y"));
    let err = ovh.client().post::<Value>("/not/an/api").await.unwrap_err();
    let api = api(&err);
    assert_eq!(api.needed, None);
    assert_eq!(api.missing_iam_actions(), ["a:x", "a:y"]);
    let message = err.to_string();
    assert!(
        message.contains("granted [Client::Forbidden]; OVH says missing: a:x, a:y (query id"),
        "{message}"
    );
    assert!(!message.contains("this call needs"), "{message}");
}

#[tokio::test]
async fn a_paginated_v2_list_refused_needs_its_rule() {
    let ovh = MockOvh::start().await;
    ovh.on_call(|c| c.v2().iam().policy().get())
        .untyped()
        .reply_with(refused_by_iam("iam:apiovh:policy/get"));
    let client = ovh.client();
    let err = client.v2().iam().policy().get().await.unwrap_err();
    let needed = api(&err)
        .needed
        .clone()
        .expect("a typed call knows its operation");
    let call = client.v2().iam().policy().get();
    assert_eq!(needed.rule.to_string(), "GET /v2/iam/policy");
    assert_eq!(needed.iam_actions, call.iam_actions());
    assert!(
        err.to_string()
            .contains("this call needs GET /v2/iam/policy"),
        "{err}"
    );
}

#[tokio::test]
async fn other_statuses_show_the_class_and_keep_their_message() {
    let ovh = MockOvh::start().await;
    // The mock's errors carry a class, as OVH's do today.
    ovh.on_call(|c| c.me().bill().bill_id("FR3").get())
        .reply_error(404, "This bill does not exist");
    let client = ovh.client();
    let err = client.me().bill().bill_id("FR3").get().await.unwrap_err();
    let api = api(&err);
    assert_eq!(api.kind, ApiErrorKind::NotFound);
    assert_eq!(api.class.as_deref(), Some("Client::NotFound"));
    // Known, but not printed: a 404 is not about access.
    assert_eq!(api_needed(&err), Some("GET /me/bill/*".into()));
    let query_id = err.query_id().unwrap();
    assert_eq!(
        err.to_string(),
        format!(
            "OVH API answered HTTP 404: This bill does not exist [Client::NotFound] \
             (query id {query_id})"
        )
    );
    // An HTML 403 is an unusable answer, as before.
    ovh.on("GET", "/me")
        .reply_raw(403, "text/html", "<h1>Forbidden</h1>");
    let err = client.me().get().await.unwrap_err();
    assert!(
        matches!(err, Error::InvalidResponse { status: 403, .. }),
        "{err:?}"
    );
}
