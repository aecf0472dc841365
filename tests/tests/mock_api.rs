//! `ovh_api::mock` as a user of the SDK sees it: rules with `{param}` patterns, the latest
//! rule winning, recording, signature rejection, /v2 pagination, 429 with `Retry-After`,
//! batch GETs and OAuth2, driven through `ovh_api::Client`.

use std::time::Duration;

use tokio::time::Instant;

use futures::TryStreamExt;
use ovh_api::mock::{MockOvh, Reply, SignatureCheck, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET};
use ovh_api::models::billing::Bill;
use ovh_api::{ApiErrorKind, ConfigLookup, RetryPolicy};
use serde::Serialize;
use serde_json::{json, Value};

#[tokio::test]
async fn the_issue_snippet() -> ovh_api::Result<()> {
    let mock = MockOvh::start().await;
    mock.on("GET", "/me")
        .reply(&json!({"nichandle": "xx1-ovh", "firstname": "Ada"}));
    let client = mock.client();
    let me = client.me().get().await?;
    assert_eq!(me.nichandle, "xx1-ovh");
    assert_eq!(me.firstname.as_deref(), Some("Ada"));
    assert_eq!(mock.requests().len(), 1);
    mock.on("GET", "/me").reply_error(404, "gone");
    let error = client.me().get().await.unwrap_err();
    assert_eq!(error.api_kind(), Some(ApiErrorKind::NotFound));
    assert_eq!(error.status(), Some(404));
    assert!(error.to_string().contains("gone"), "{error}");
    Ok(())
}

#[tokio::test]
async fn param_segments_match_any_one_segment() {
    let mock = MockOvh::start().await;
    mock.on("GET", "/vps/{serviceName}/ips/{ip}")
        .reply(&json!({"matched": "pattern"}));
    let client = mock.client();
    let hit: Value = client.get("/vps/vps-1.ovh.net/ips/1.2.3.4").await.unwrap();
    assert_eq!(hit, json!({"matched": "pattern"}));
    // Not the same number of segments, another method, an empty segment: no rule.
    for (method, path) in [
        ("GET", "/vps/vps-1.ovh.net/ips"),
        ("GET", "/vps/vps-1.ovh.net/ips/1.2.3.4/reverse"),
        ("DELETE", "/vps/vps-1.ovh.net/ips/1.2.3.4"),
    ] {
        let error = client
            .request::<Value>(
                if method == "GET" {
                    ovh_api::Method::Get
                } else {
                    ovh_api::Method::Delete
                },
                path,
            )
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(404), "{method} {path}");
    }
    // Absolute /v2 patterns too.
    mock.on("GET", "/v2/iam/policy/{policyId}")
        .reply(&json!({"id": "p1"}));
    let policy: Value = client.get("/v2/iam/policy/p1").await.unwrap();
    assert_eq!(policy["id"], "p1");
}

#[tokio::test]
async fn the_latest_matching_rule_answers() {
    let mock = MockOvh::start().await;
    let client = mock.client();
    mock.on("GET", "/me/bill/{billId}")
        .reply(&json!("any bill"));
    mock.on("GET", "/me/bill/FR1")
        .reply(&json!("FR1 in particular"));
    let any: String = client.get("/me/bill/FR2").await.unwrap();
    let fr1: String = client.get("/me/bill/FR1").await.unwrap();
    assert_eq!(
        (any.as_str(), fr1.as_str()),
        ("any bill", "FR1 in particular")
    );
    // A later pattern rule wins over the earlier literal one.
    mock.on("GET", "/me/bill/{id}")
        .reply(&json!("later pattern"));
    let fr1: String = client.get("/me/bill/FR1").await.unwrap();
    assert_eq!(fr1, "later pattern");
    // Same route again: the new rule starts fresh (200 null until told otherwise).
    mock.on("GET", "/me/bill/{id}");
    let null: Value = client.get("/me/bill/FR1").await.unwrap();
    assert_eq!(null, Value::Null);
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Contact {
    first_name: String,
    city: &'static str,
}

#[tokio::test]
async fn typed_bodies_sequences_and_rule_hits() {
    let mock = MockOvh::start().await;
    let rule = mock.on("POST", "/me/contact").reply_sequence([
        Reply::json(
            200,
            &Contact {
                first_name: "Ada".into(),
                city: "London",
            },
        ),
        Reply::error_code(409, "CONFLICT", "already there"),
    ]);
    let client = mock.client();
    let created: Value = client
        .post("/me/contact")
        .body(&json!({"firstName": "Ada"}))
        .await
        .unwrap();
    assert_eq!(created, json!({"firstName": "Ada", "city": "London"}));
    for _ in 0..2 {
        let error = client
            .post::<Value>("/me/contact")
            .await
            .expect_err("the last reply repeats");
        assert_eq!(error.api_kind(), Some(ApiErrorKind::Conflict));
    }
    assert_eq!(rule.hits(), 3);
    let answered = rule.requests();
    assert_eq!(answered.len(), 3);
    assert_eq!(answered[0].json(), Some(json!({"firstName": "Ada"})));
    assert_eq!(
        answered.iter().map(|r| r.status).collect::<Vec<_>>(),
        [200, 409, 409]
    );
}

#[tokio::test]
async fn recording_keeps_method_path_query_body_and_headers() {
    let mock = MockOvh::start().await;
    mock.on("PUT", "/dedicated/server/{name}/burst");
    let client = mock.client();
    let _: Value = client
        .put("/dedicated/server/ns1/burst")
        .query("dry", &true)
        .query("note", "a b")
        .body(&json!({"status": "active"}))
        .await
        .unwrap();
    let all = mock.all_requests();
    assert_eq!(
        all.iter()
            .map(|r| (r.method.as_str(), r.api_path()))
            .collect::<Vec<_>>(),
        [
            ("GET", "/auth/time"),
            ("PUT", "/dedicated/server/ns1/burst")
        ]
    );
    let calls = mock.requests();
    assert_eq!(calls.len(), 1, "the clock sync is plumbing");
    let call = &calls[0];
    assert_eq!(call.method, "PUT");
    assert_eq!(call.path, "/1.0/dedicated/server/ns1/burst");
    assert_eq!(call.raw_query.as_deref(), Some("dry=true&note=a%20b"));
    assert_eq!(call.query_param("note"), Some("a b"));
    assert_eq!(call.body_str(), Some(r#"{"status":"active"}"#));
    assert_eq!(call.header("content-type"), Some("application/json"));
    assert_eq!(
        call.header("x-ovh-application"),
        Some(ovh_api::mock::DEFAULT_APP_KEY)
    );
    assert_eq!(call.signature, SignatureCheck::Valid);
    assert_eq!(call.status, 200);
    mock.clear_requests();
    assert!(mock.all_requests().is_empty());
}

#[tokio::test]
async fn a_wrong_secret_is_answered_invalid_signature() {
    let mock = MockOvh::start().await;
    mock.on("GET", "/me")
        .reply(&json!({"nichandle": "xx1-ovh"}));
    let client = mock
        .client_builder()
        .application_secret("not-the-secret")
        .build()
        .unwrap();
    let error = client.get::<Value>("/me").await.unwrap_err();
    assert_eq!(error.status(), Some(400));
    let api = error.api().expect("an API error");
    assert_eq!(api.error_code.as_deref(), Some("INVALID_SIGNATURE"));
    let call = mock.requests().pop().unwrap();
    match call.signature {
        SignatureCheck::Mismatch {
            expected, received, ..
        } => assert_ne!(expected, received),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn v2_lists_page_with_cursors() {
    let mock = MockOvh::start().await;
    mock.on_v2_list(
        "/v2/iam/policy",
        (0..5).map(
            |i| json!({"id": format!("p{i}"), "name": format!("policy-{i}"), "identities": []}),
        ),
    )
    .default_page_size(2);
    let client = mock.client();
    let names: Vec<String> = client
        .v2()
        .iam()
        .policy()
        .get()
        .stream()
        .map_ok(|policy| policy.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        names,
        ["policy-0", "policy-1", "policy-2", "policy-3", "policy-4"]
    );
    let pages = mock.requests();
    assert_eq!(pages.len(), 3);
    assert_eq!(pages[0].header("x-pagination-cursor"), None);
    assert!(pages[1].header("x-pagination-cursor").is_some());
    assert!(pages.iter().all(|r| r.signature.is_valid()));
}

// Paused clocks (here and in the next test): the waits take no real time, and what a call
// took is measured in the runtime's time, exactly.
#[tokio::test(start_paused = true)]
async fn too_many_requests_is_retried_after_retry_after() {
    let mock = MockOvh::start().await;
    mock.on("GET", "/me/bill")
        .reply_sequence([Reply::too_many_requests(1), Reply::json(200, &["FR1"])]);
    let client = mock
        .client_builder()
        .retry_policy(RetryPolicy::default().max_attempts(2))
        .build()
        .unwrap();
    let started = Instant::now();
    let bills: Vec<String> = client.get("/me/bill").await.unwrap();
    assert_eq!(bills, ["FR1"]);
    // Retry-After: 1, not the default backoff (125 to 250 ms).
    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(1), "{waited:?}");
    let calls = mock.requests();
    assert_eq!(
        calls.iter().map(|r| r.status).collect::<Vec<_>>(),
        [429, 200]
    );
    // Without retries the 429 is the answer, with its Retry-After.
    let once = mock
        .client_builder()
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    mock.on("GET", "/me/bill")
        .reply_with(Reply::too_many_requests(7));
    let error = once.get::<Value>("/me/bill").await.unwrap_err();
    assert_eq!(
        error.api_kind(),
        Some(ApiErrorKind::TooManyRequests {
            retry_after: Some(Duration::from_secs(7))
        })
    );
}

#[tokio::test(start_paused = true)]
async fn delays_apply_per_rule_and_per_reply() {
    let mock = MockOvh::start().await;
    mock.on("GET", "/slow")
        .reply_with(Reply::json(200, &1).with_delay(Duration::from_millis(150)))
        .delay(Duration::from_millis(150));
    let client = mock.client();
    let started = Instant::now();
    let one: i64 = client.get("/slow").await.unwrap();
    assert_eq!(one, 1);
    // Both delays, one after the other.
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(300), "{waited:?}");
}

fn bill(id: &str) -> Value {
    json!({"billId": id, "date": "2024-01-31T10:00:00+01:00", "orderId": 1, "password": "p",
           "pdfUrl": "https://x/p.pdf", "url": "https://x/p", "priceWithTax": null,
           "priceWithoutTax": null, "tax": null})
}

#[tokio::test]
async fn batch_gets_answer_each_id_from_its_rule() {
    let mock = MockOvh::start().await;
    mock.on("GET", "/me/bill/{billId}")
        .reply(&bill("from-pattern"));
    mock.on("GET", "/me/bill/FR2").reply(&bill("FR2"));
    mock.on("GET", "/me/bill/FR3")
        .reply_error(404, "This bill does not exist");
    let client = mock.client();
    let ids = ["FR1", "FR2", "FR3"].map(String::from);
    let bills = client.get_batch::<Bill>("/me/bill", &ids).await.unwrap();
    assert_eq!(bills.len(), 3);
    assert_eq!(bills[0].as_ref().unwrap().bill_id, "from-pattern");
    assert_eq!(bills[1].as_ref().unwrap().bill_id, "FR2");
    let error = bills[2].as_ref().unwrap_err();
    assert!(
        error.to_string().contains("This bill does not exist"),
        "{error}"
    );
    let calls = mock.requests();
    assert_eq!(calls.len(), 1, "one request for the three ids");
    assert_eq!(calls[0].api_path(), "/me/bill/FR1,FR2,FR3");
    assert_eq!(calls[0].header("x-ovh-batch"), Some(","));
}

#[tokio::test]
async fn oauth2_service_accounts_get_bearer_tokens() {
    let mock = MockOvh::start().await;
    mock.on("GET", "/me").reply(&json!({"nichandle": "sa-ovh"}));
    let client = ovh_api::Client::builder()
        .config_lookup(ConfigLookup::with_files(
            Vec::<(String, String)>::new(),
            Vec::new(),
        ))
        .endpoint(mock.base_url())
        .client_id(DEFAULT_CLIENT_ID)
        .client_secret(DEFAULT_CLIENT_SECRET)
        .oauth2_token_url(mock.token_url())
        .build()
        .unwrap();
    let me: Value = client.get("/me").await.unwrap();
    assert_eq!(me["nichandle"], "sa-ovh");
    assert_eq!(mock.token_requests(), 1);
    let calls = mock.requests();
    assert_eq!(calls.len(), 1, "the token request is plumbing");
    assert_eq!(calls[0].signature, SignatureCheck::Bearer);
    assert!(calls[0]
        .header("authorization")
        .is_some_and(|a| a.starts_with("Bearer ")));
    // Revoked: the client fetches a new token once and resends.
    mock.revoke_tokens();
    let _: Value = client.get("/me").await.unwrap();
    assert_eq!(mock.token_requests(), 2);
}

#[tokio::test]
async fn bad_requests_get_answers_not_panics() {
    let mock = MockOvh::start().await;
    mock.on("GET", "/me").reply(&json!({}));
    let http = reqwest::Client::new();
    let base = mock.base_url();
    // Garbage everywhere; the mock answers each, and keeps serving.
    let answers = [
        http.get(format!("{base}/me"))
            .header("x-ovh-signature", "$1$nope")
            .header("x-ovh-timestamp", "not a number")
            .send()
            .await
            .unwrap()
            .status(),
        http.post(format!("{base}/me"))
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .await
            .unwrap()
            .status(),
        http.get(format!("{base}/me%ZZ/%%/{{}}"))
            .header("x-ovh-batch", ",")
            .send()
            .await
            .unwrap()
            .status(),
        http.get(format!("{base}/me"))
            .header("authorization", "Bearer unknown")
            .send()
            .await
            .unwrap()
            .status(),
        http.get(format!("{base}/v2/iam/policy"))
            .header("x-pagination-size", "-1")
            .send()
            .await
            .unwrap()
            .status(),
    ];
    assert_eq!(answers.map(|s| s.as_u16()), [403, 400, 200, 401, 404]);
    let me: Value = mock.client().get("/me").await.unwrap();
    assert_eq!(me, json!({}));
}

#[tokio::test]
async fn an_unmatched_request_names_itself_and_the_nearest_rules() {
    let mock = MockOvh::start().await;
    mock.on("GET", "/vps").reply(&json!([]));
    mock.on("POST", "/me/bill/{billId}/x").reply(&json!(null));
    mock.on_call(|c| c.me().bill().get().date_from("2023-01-01"))
        .reply(&vec!["FR1".to_string()]);
    mock.on("GET", "/me/bill/{billId}").reply(&bill("FR1"));
    mock.on("GET", "/me")
        .reply(&json!({"nichandle": "xx1-ovh"}));
    let client = mock.client();

    let error = client
        .me()
        .bill()
        .get()
        .date_from("2024-01-01")
        .await
        .unwrap_err();
    assert_eq!(error.api_kind(), Some(ApiErrorKind::NotFound), "{error}");
    let api = error.api().expect("an API error");
    assert_eq!(api.status, 404);
    assert_eq!(api.class.as_deref(), Some("Client::NotFound"));
    // OVH's message first, then what the test's author needs: the request and the nearest
    // rules, same method first, then by longest common path prefix, the latest first.
    assert_eq!(
        api.message,
        "Got an invalid (or empty) URL: no mock rule matched GET /1.0/me/bill?date.from=2024-01-01; \
         nearest rules: GET /1.0/me/bill/{billId}, GET /1.0/me/bill?date.from=2023-01-01, GET /1.0/me"
    );

    // Nothing registered: said so.
    let empty = MockOvh::start().await;
    let error = empty.client().me().get().await.unwrap_err();
    let message = &error.api().expect("an API error").message;
    assert_eq!(
        message,
        "Got an invalid (or empty) URL: no mock rule matched GET /1.0/me; the mock has no rules"
    );
}
