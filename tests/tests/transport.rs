//! The runtime end to end: every call goes through the mock OVH server (`ovh_api::mock`),
//! which checks signatures the way OVH does.

mod support;

use std::time::Duration;

use ovh_api::mock::{MockOvh, SignatureCheck, DEFAULT_APP_SECRET, DEFAULT_CONSUMER_KEY};
use ovh_api::{ApiErrorKind, Credential, Error};
use serde_json::{json, Value};

#[tokio::test]
async fn signed_calls_are_accepted_for_every_method_with_and_without_query_and_body() {
    let ovh = MockOvh::start().await;
    for (method, path) in [
        ("GET", "/me"),
        ("GET", "/me/bill"),
        ("POST", "/email/domain/example.com/redirection"),
        ("POST", "/me/task"),
        ("PUT", "/me"),
        ("PUT", "/dedicated/server/ns1/burst"),
        ("DELETE", "/me/sshKey/k1"),
        ("DELETE", "/me/sshKey/k2"),
    ] {
        ovh.on(method, path).reply_json(200, &json!({"ok": true}));
    }
    let client = ovh.client();
    let body = json!({"from": "a@example.com", "to": "b@example.com", "localCopy": false});

    let _: Value = client.get("/me").await.unwrap();
    let _: Value = client
        .get("/me/bill")
        .query("date.from", "2024-01-01")
        .query("date.to", "2024-12-31 23:59")
        .await
        .unwrap();
    let _: Value = client
        .post("/email/domain/example.com/redirection")
        .body(&body)
        .await
        .unwrap();
    let _: Value = client.post("/me/task").query("x", &true).await.unwrap();
    let _: Value = client
        .put("/me")
        .body(&json!({"city": "Roubaix é"}))
        .await
        .unwrap();
    let _: Value = client
        .put("/dedicated/server/ns1/burst")
        .query("dry", &false)
        .body(&json!({"status": "active"}))
        .await
        .unwrap();
    let _: Value = client.delete("/me/sshKey/k1").await.unwrap();
    let _: Value = client
        .delete("/me/sshKey/k2")
        .query("force", &1)
        .await
        .unwrap();

    let calls: Vec<_> = ovh
        .all_requests()
        .into_iter()
        .filter(|r| r.api_path() != "/auth/time")
        .collect();
    assert_eq!(calls.len(), 8);
    for call in &calls {
        assert_eq!(
            call.signature,
            SignatureCheck::Valid,
            "{} {}",
            call.method,
            call.url
        );
        assert_eq!(call.status, 200, "{} {}", call.method, call.url);
    }
    assert_eq!(
        calls[1].raw_query.as_deref(),
        Some("date.from=2024-01-01&date.to=2024-12-31%2023%3A59")
    );
    assert_eq!(calls[1].query_param("date.to"), Some("2024-12-31 23:59"));
    assert_eq!(
        calls[2].body_str(),
        // As built: serde_json keeps the members' order (`preserve_order`).
        Some(r#"{"from":"a@example.com","to":"b@example.com","localCopy":false}"#)
    );
    assert_eq!(calls[2].header("content-type"), Some("application/json"));
    assert_eq!(calls[0].header("content-type"), None);
    assert!(calls[0].body.is_empty());
}

#[tokio::test]
async fn unsigned_calls_carry_only_the_application_key() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/auth/details")
        .unauthenticated()
        .reply_json(200, &json!({}));
    let client = ovh.client();
    let _: Value = client.get("/auth/details").unsigned().await.unwrap();
    let time: i64 = client.get("/auth/time").unsigned().await.unwrap();
    assert!((time - ovh.server_time()).abs() <= 1);

    let requests = ovh.all_requests();
    assert_eq!(requests.len(), 2, "an unsigned call needs no /auth/time");
    for request in requests {
        assert!(!request.is_signed());
        assert!(!request.has_stray_auth_headers());
        assert_eq!(
            request.header("x-ovh-application"),
            Some(ovh_api::mock::DEFAULT_APP_KEY)
        );
    }
}

#[tokio::test]
async fn unsigned_call_to_an_authenticated_route_is_refused() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me").reply_json(200, &json!({}));
    let err = ovh
        .client()
        .get::<Value>("/me")
        .unsigned()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.api().unwrap().message, "You must login first");
}

#[tokio::test]
async fn server_time_delta_is_applied() {
    let ovh = MockOvh::start().await;
    ovh.set_time_offset(3600);
    ovh.on("GET", "/me")
        .reply_json(200, &json!({"nichandle": "xx1-ovh"}));
    let client = ovh.client();
    let me: Value = client.get("/me").await.unwrap();
    assert_eq!(me["nichandle"], "xx1-ovh");
    let delta = client.time_delta().await.unwrap();
    assert!((3599..=3601).contains(&delta), "{delta}");
    let call = ovh
        .all_requests()
        .into_iter()
        .find(|r| r.api_path() == "/me")
        .unwrap();
    let timestamp: i64 = call.header("x-ovh-timestamp").unwrap().parse().unwrap();
    assert!((timestamp - ovh.server_time()).abs() <= 2);
    assert!(call.signature.is_valid());
}

#[tokio::test]
async fn a_stale_clock_offset_is_refused_then_resynced_once() {
    // The check the delta exists for: a timestamp an hour off is refused
    // (QUERY_TIME_OUT); the client then asks /auth/time again, once, and
    // signs anew, even with retries off.
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me").reply_json(200, &json!({}));
    let client = ovh
        .client_builder()
        .retry_policy(ovh_api::RetryPolicy::none())
        .build()
        .unwrap();
    client.time_delta().await.unwrap(); // learnt with offset 0
    ovh.set_time_offset(-3600);
    ovh.clear_requests();
    let _: Value = client.get("/me").await.unwrap();
    let statuses: Vec<_> = ovh
        .all_requests()
        .iter()
        .map(|r| (r.api_path().to_owned(), r.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("/me".to_owned(), 400),
            ("/auth/time".to_owned(), 200),
            ("/me".to_owned(), 200)
        ]
    );
    assert_eq!(ovh.time_requests(), 2);
    let delta = client.time_delta().await.unwrap();
    assert!((delta + 3600).abs() <= 1, "{delta}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_first_calls_ask_the_time_once() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me").reply_json(200, &json!({}));
    let client = ovh.client();
    let calls = (0..50).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.get::<Value>("/me").await })
    });
    for result in futures::future::join_all(calls).await {
        result.unwrap().unwrap();
    }
    assert_eq!(ovh.time_requests(), 1);
    assert_eq!(ovh.all_requests().len(), 51);
}

#[tokio::test]
async fn error_statuses_map_to_kinds_with_message_code_and_query_id() {
    let ovh = MockOvh::start().await;
    let cases = [
        (400, "INVALID_ARGUMENT", ApiErrorKind::BadParameters),
        (403, "NOT_GRANTED_CALL", ApiErrorKind::NotGrantedCall),
        (403, "NOT_CREDENTIAL", ApiErrorKind::NotCredential),
        (403, "INVALID_KEY", ApiErrorKind::InvalidKey),
        (403, "INVALID_CREDENTIAL", ApiErrorKind::InvalidCredential),
        (403, "FORBIDDEN", ApiErrorKind::Forbidden),
        (404, "NOT_FOUND", ApiErrorKind::NotFound),
        (409, "CONFLICT", ApiErrorKind::Conflict),
        (460, "EXPIRED", ApiErrorKind::Expired),
        (500, "INTERNAL", ApiErrorKind::Other),
        (503, "UNAVAILABLE", ApiErrorKind::Other),
    ];
    for (i, (status, code, _)) in cases.iter().enumerate() {
        ovh.on("GET", &format!("/case/{i}")).reply_error_code(
            *status,
            code,
            &format!("message {i}"),
        );
    }
    let client = ovh.client();
    for (i, (status, code, kind)) in cases.iter().enumerate() {
        let err = client.get::<Value>(format!("/case/{i}")).await.unwrap_err();
        let api = err.api().unwrap_or_else(|| panic!("{err}"));
        assert_eq!(api.kind, *kind, "{status} {code}");
        assert_eq!(api.status, *status);
        assert_eq!(api.message, format!("message {i}"));
        assert_eq!(api.error_code.as_deref(), Some(*code));
        let query_id = api.query_id.as_deref().expect("query id");
        assert!(!query_id.is_empty());
        assert!(err.to_string().contains(query_id), "{err}");
    }
}

#[tokio::test]
async fn html_502_is_an_invalid_response_with_its_status() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me")
        .reply_raw(502, "text/html", "<html><body>Bad Gateway</body></html>");
    let client = ovh
        .client_builder()
        .retry_policy(ovh_api::RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.get::<Value>("/me").await.unwrap_err();
    match err {
        Error::InvalidResponse {
            status, body_start, ..
        } => {
            assert_eq!(status, 502);
            assert!(body_start.contains("Bad Gateway"));
        }
        other => panic!("expected an invalid response, got {other:?}"),
    }
}

#[tokio::test]
async fn an_unreachable_server_is_a_network_error() {
    // A port that was just free: nothing listens there any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .unwrap()
        .port();
    let client = ovh_api::Client::builder()
        .config_lookup(support::isolated_lookup())
        .endpoint(format!("http://127.0.0.1:{port}/1.0"))
        .application_key("ak")
        .retry_policy(ovh_api::RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap();
    let err = client
        .get::<Value>("/auth/time")
        .unsigned()
        .await
        .unwrap_err();
    // Nothing was sent, so the call was tried three times.
    assert!(
        matches!(&err, Error::Network(e) if e.attempts() == 3),
        "{err:?}"
    );
    assert_eq!(err.attempts(), 3);
    assert!(
        err.to_string().ends_with("(gave up after 3 attempts)"),
        "{err}"
    );
    assert_eq!(err.kind_name(), "network");
    assert_eq!(err.status(), None);
}

#[tokio::test]
async fn an_impossible_server_time_is_an_invalid_response_not_a_panic() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/auth/time")
        .reply_json(200, &json!(i64::MIN));
    let err = ovh.client().get::<Value>("/me").await.unwrap_err();
    match &err {
        Error::InvalidResponse { status, reason, .. } => {
            assert_eq!(*status, 200);
            assert!(reason.contains("not a plausible server time"), "{reason}");
        }
        other => panic!("expected an invalid response, got {other:?}"),
    }
    // Nothing was signed with a garbage clock.
    assert!(ovh
        .all_requests()
        .iter()
        .all(|r| r.api_path() == "/auth/time"));
}

// A paused clock: the client's timeout and the mock's delay are timers of the runtime, whose
// time moves only when every task waits, straight to the next timer.
#[tokio::test(start_paused = true)]
async fn slow_answers_time_out() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me")
        .reply_json(200, &json!({}))
        .delay(Duration::from_secs(5));
    let client = ovh
        .client_builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    client.time_delta().await.unwrap();
    let started = tokio::time::Instant::now();
    let err = client.get::<Value>("/me").await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    // At the timeout, not when the answer came (5 s).
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[tokio::test]
async fn dropped_calls_are_cancelled_and_the_client_stays_usable() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/slow")
        .reply_json(200, &json!(1))
        .delay(Duration::from_secs(30));
    ovh.on("GET", "/fast").reply_json(200, &json!(2));
    let client = ovh.client();
    let slow = client.get::<Value>("/slow");
    assert!(tokio::time::timeout(Duration::from_millis(200), slow)
        .await
        .is_err());
    let fast: Value = client.get("/fast").await.unwrap();
    assert_eq!(fast, json!(2));
}

#[tokio::test]
async fn v1_and_v2_paths_go_to_the_host_root() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/v2/iam/policy")
        .reply_json(200, &json!([{"id": "p1"}]));
    ovh.on("GET", "/v1/me").reply_json(200, &json!({"v": 1}));
    let client = ovh.client();
    let policies: Value = client.get("/v2/iam/policy").await.unwrap();
    assert_eq!(policies[0]["id"], "p1");
    let _: Value = client.get("/v1/me").await.unwrap();
    let paths: Vec<_> = ovh.all_requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(paths, ["/1.0/auth/time", "/v2/iam/policy", "/v1/me"]);
    assert!(ovh.all_requests()[1].signature.is_valid());
}

#[tokio::test]
async fn path_parameters_stay_one_segment() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me/bill/..%2Fme%3Fx%3D1")
        .reply_json(200, &json!({"billId": "odd"}));
    let client = ovh.client();
    let bill: Value = ovh_api::ApiRequest::from_template(
        &client,
        ovh_api::Method::Get,
        "/me/bill/{billId}",
        &["../me?x=1"],
    )
    .await
    .unwrap();
    assert_eq!(bill["billId"], "odd");
    let call = ovh.all_requests().pop().unwrap();
    assert_eq!(call.path, "/1.0/me/bill/..%2Fme%3Fx%3D1");
    assert_eq!(call.raw_query, None);
    assert!(call.signature.is_valid());

    let err = ovh_api::ApiRequest::<Value>::from_template(
        &client,
        ovh_api::Method::Get,
        "/me/bill/{billId}",
        &[".."],
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::InvalidParameter(_)), "{err}");
}

#[tokio::test]
async fn missing_credentials_are_reported_before_anything_is_sent() {
    let ovh = MockOvh::start().await;
    // Explicit values only, the consumer key left out.
    let no_ck = ovh_api::Client::builder()
        .config_lookup(support::isolated_lookup())
        .endpoint(ovh.base_url())
        .application_key(ovh_api::mock::DEFAULT_APP_KEY)
        .application_secret(DEFAULT_APP_SECRET);
    let err = no_ck
        .build()
        .unwrap()
        .get::<Value>("/me")
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::MissingCredential(Credential::ConsumerKey)),
        "{err}"
    );
    let no_secret = ovh_api::Client::builder()
        .config_lookup(support::isolated_lookup())
        .endpoint(ovh.base_url())
        .application_key(ovh_api::mock::DEFAULT_APP_KEY)
        .consumer_key(DEFAULT_CONSUMER_KEY)
        .build()
        .unwrap();
    let err = no_secret.get::<Value>("/me").await.unwrap_err();
    assert!(
        matches!(err, Error::MissingCredential(Credential::ApplicationSecret)),
        "{err}"
    );
    let nothing = ovh_api::Client::builder()
        .config_lookup(support::isolated_lookup())
        .endpoint(ovh.base_url())
        .build()
        .unwrap();
    let err = nothing.get::<Value>("/me").await.unwrap_err();
    assert!(
        matches!(err, Error::MissingCredential(Credential::ApplicationKey)),
        "{err}"
    );
    let err = nothing
        .new_consumer_key_request()
        .add_rule(ovh_api::Method::Get, "/me")
        .request()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::MissingCredential(Credential::ApplicationKey)),
        "{err}"
    );
    assert!(ovh.all_requests().is_empty());
    // Unsigned calls need no key at all.
    let time: i64 = nothing.get("/auth/time").unsigned().await.unwrap();
    assert!(time > 0);
    assert_eq!(ovh.all_requests()[0].header("x-ovh-application"), None);
}

#[tokio::test]
async fn consumer_key_request_sends_rules_and_returns_a_usable_key() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me")
        .reply_json(200, &json!({"nichandle": "xx1-ovh"}));
    let client = ovh_api::Client::builder()
        .config_lookup(support::isolated_lookup())
        .endpoint(ovh.base_url())
        .application_key(ovh_api::mock::DEFAULT_APP_KEY)
        .application_secret(DEFAULT_APP_SECRET)
        .build()
        .unwrap();
    let granted = client
        .new_consumer_key_request()
        .add_rules(ovh_api::consumer_key::READ_ONLY, "/me")
        .add_recursive_rules(ovh_api::consumer_key::READ_WRITE_SAFE, "/dedicated/server")
        .redirection("https://example.com/done")
        .allowed_ips(["203.0.113.0/24"])
        .request()
        .await
        .unwrap();
    assert_eq!(
        granted.state,
        ovh_api::consumer_key::CredentialState::PendingValidation
    );
    assert!(
        granted.validation_url.starts_with(&ovh.root_url()),
        "{}",
        granted.validation_url
    );

    let request = ovh.all_requests().pop().unwrap();
    assert!(!request.is_signed());
    assert_eq!(request.path, "/1.0/auth/credential");
    assert_eq!(
        request.json().unwrap(),
        json!({
            "accessRules": [
                {"method": "GET", "path": "/me"},
                {"method": "GET", "path": "/dedicated/server"},
                {"method": "POST", "path": "/dedicated/server"},
                {"method": "PUT", "path": "/dedicated/server"},
                {"method": "GET", "path": "/dedicated/server/*"},
                {"method": "POST", "path": "/dedicated/server/*"},
                {"method": "PUT", "path": "/dedicated/server/*"},
            ],
            "redirection": "https://example.com/done",
            "allowedIPs": ["203.0.113.0/24"],
        })
    );
    let issued = ovh.credentials().pop().unwrap();
    assert_eq!(granted.consumer_key.expose(), issued.consumer_key);

    let client = client.with_consumer_key(granted.consumer_key.clone());
    let me: Value = client.get("/me").await.unwrap();
    assert_eq!(me["nichandle"], "xx1-ovh");
    let call = ovh.all_requests().pop().unwrap();
    assert_eq!(
        call.header("x-ovh-consumer"),
        Some(issued.consumer_key.as_str())
    );
    assert!(call.signature.is_valid());
}

#[tokio::test]
async fn lowest_level_call_returns_status_headers_and_body_and_sends_extra_headers() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me/bill/a,b").reply_error_code(
        404,
        "NOT_FOUND",
        "The requested object (billId = a) does not exist",
    );
    let client = ovh.client();
    let raw = client
        .get::<()>("/me/bill/a,b")
        .header("X-Ovh-Batch", ",")
        .send_raw()
        .await
        .unwrap();
    assert_eq!(raw.status, 404);
    assert!(raw.query_id().is_some());
    assert!(String::from_utf8_lossy(&raw.body).contains("does not exist"));
    let call = ovh.all_requests().pop().unwrap();
    assert_eq!(call.header("x-ovh-batch"), Some(","));
    assert!(call.signature.is_valid());
}

#[tokio::test]
async fn empty_and_204_answers_decode_as_unit() {
    let ovh = MockOvh::start().await;
    ovh.on("DELETE", "/me/sshKey/k")
        .reply_raw(204, "application/json", "");
    ovh.on("POST", "/me/x")
        .reply_raw(200, "application/json", "");
    let client = ovh.client();
    client.delete::<()>("/me/sshKey/k").await.unwrap();
    let value: Value = client.post("/me/x").await.unwrap();
    assert_eq!(value, Value::Null);
}

#[tokio::test]
async fn a_consumer_key_answer_that_does_not_decode_is_not_quoted_in_the_error() {
    let ovh = MockOvh::start().await;
    // No `validationUrl`: the answer cannot be used, but it holds a key.
    ovh.on("POST", "/auth/credential").reply_json(
        200,
        &json!({"consumerKey": "ck-secret-0123456789", "state": "pendingValidation"}),
    );
    let client = ovh_api::Client::builder()
        .config_lookup(support::isolated_lookup())
        .endpoint(ovh.base_url())
        .application_key(ovh_api::mock::DEFAULT_APP_KEY)
        .build()
        .unwrap();
    let err = client
        .new_consumer_key_request()
        .add_rules(ovh_api::consumer_key::READ_ONLY, "/me")
        .request()
        .await
        .unwrap_err();
    assert_eq!(err.kind_name(), "invalid-response");
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("validationUrl"), "{shown}");
    assert!(!shown.contains("ck-secret-0123456789"), "{shown}");
}
