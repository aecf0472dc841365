//! Drives the mock OVH server (`ovh_api::mock`) with a plain reqwest client, signing with the
//! mock's own `sign` (written independently of the client's signing code; its fixed test
//! values are in `mock/signature.rs`), not with an `ovh_api::Client`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ovh_api::mock::{
    sign, MockOvh, Reply, SignatureCheck, DEFAULT_APP_KEY, DEFAULT_APP_SECRET, DEFAULT_CONSUMER_KEY,
};
use reqwest::header::HeaderValue;
use reqwest::Method;
use serde_json::{json, Value};

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Credentials and clock used to sign a request.
struct Creds<'a> {
    app_key: &'a str,
    app_secret: &'a str,
    consumer_key: &'a str,
    timestamp: i64,
}

impl Default for Creds<'_> {
    fn default() -> Self {
        Creds {
            app_key: DEFAULT_APP_KEY,
            app_secret: DEFAULT_APP_SECRET,
            consumer_key: DEFAULT_CONSUMER_KEY,
            timestamp: now(),
        }
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().build().unwrap()
}

/// Sends a signed request to `url`, signing exactly `url` and `body`.
async fn signed(method: Method, url: &str, body: Option<&str>, c: Creds<'_>) -> reqwest::Response {
    let body = body.unwrap_or("");
    let sig = sign(
        c.app_secret,
        c.consumer_key,
        method.as_str(),
        url,
        body.as_bytes(),
        c.timestamp,
    );
    let mut req = client()
        .request(method, url)
        .header("X-Ovh-Application", c.app_key)
        .header("X-Ovh-Consumer", c.consumer_key)
        .header("X-Ovh-Timestamp", c.timestamp.to_string())
        .header("X-Ovh-Signature", sig);
    if !body.is_empty() {
        req = req
            .header("Content-Type", "application/json")
            .body(body.to_owned());
    }
    req.send().await.unwrap()
}

/// Sends an unsigned request (application key only).
async fn unsigned(method: Method, url: &str, body: Option<&str>) -> reqwest::Response {
    let mut req = client()
        .request(method, url)
        .header("X-Ovh-Application", DEFAULT_APP_KEY);
    if let Some(body) = body {
        req = req
            .header("Content-Type", "application/json")
            .body(body.to_owned());
    }
    req.send().await.unwrap()
}

/// Status, query id header and JSON body of a response.
async fn parts(resp: reqwest::Response) -> (u16, Option<String>, Value) {
    let status = resp.status().as_u16();
    let qid = resp
        .headers()
        .get("x-ovh-queryid")
        .map(|v| v.to_str().unwrap().to_owned());
    let bytes = resp.bytes().await.unwrap();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, qid, body)
}

#[tokio::test]
async fn signed_get_with_query_is_accepted_and_recorded() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me/bill")
        .reply_json(200, &json!(["FR123", "FR456"]));
    let url = format!(
        "{}/me/bill?date.from=2024-01-01&name=a%20b%2Bc",
        ovh.base_url()
    );
    let (status, qid, body) = parts(signed(Method::GET, &url, None, Creds::default()).await).await;
    assert_eq!(status, 200);
    assert!(qid.unwrap().starts_with("EU.ext-3."));
    assert_eq!(body, json!(["FR123", "FR456"]));

    let reqs = ovh.all_requests();
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(r.method, "GET");
    assert_eq!(r.path, "/1.0/me/bill");
    assert_eq!(r.api_path(), "/me/bill");
    assert_eq!(
        r.raw_query.as_deref(),
        Some("date.from=2024-01-01&name=a%20b%2Bc")
    );
    assert_eq!(r.query_param("date.from"), Some("2024-01-01"));
    assert_eq!(r.query_param("name"), Some("a b+c"));
    assert_eq!(r.url, url);
    assert!(r.is_signed());
    assert_eq!(r.signature, SignatureCheck::Valid);
    assert_eq!(r.header("x-ovh-consumer"), Some(DEFAULT_CONSUMER_KEY));
    assert!(r.body.is_empty());
    assert_eq!(r.status, 200);
    assert!(!r.has_stray_auth_headers());
}

#[tokio::test]
async fn signed_post_with_body_is_accepted_and_recorded() {
    let ovh = MockOvh::start().await;
    ovh.on("POST", "/me/contact")
        .reply_json(200, &json!({"id": 42}));
    let url = format!("{}/me/contact", ovh.base_url());
    let body = r#"{"firstName":"Jean","lastName":"Dupont"}"#;
    let (status, _, resp) =
        parts(signed(Method::POST, &url, Some(body), Creds::default()).await).await;
    assert_eq!(status, 200);
    assert_eq!(resp, json!({"id": 42}));
    let r = &ovh.all_requests()[0];
    assert_eq!(r.body_str(), Some(body));
    assert_eq!(
        r.json(),
        Some(json!({"firstName": "Jean", "lastName": "Dupont"}))
    );
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert!(r.signature.is_valid());
}

#[tokio::test]
async fn wrong_signature_is_rejected() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me").reply_json(200, &json!({}));
    // Signed for another URL than the one sent.
    let url = format!("{}/me", ovh.base_url());
    let ts = now();
    let sig = sign(
        DEFAULT_APP_SECRET,
        DEFAULT_CONSUMER_KEY,
        "GET",
        "http://elsewhere/1.0/me",
        b"",
        ts,
    );
    let resp = client()
        .get(&url)
        .header("X-Ovh-Application", DEFAULT_APP_KEY)
        .header("X-Ovh-Consumer", DEFAULT_CONSUMER_KEY)
        .header("X-Ovh-Timestamp", ts.to_string())
        .header("X-Ovh-Signature", &sig)
        .send()
        .await
        .unwrap();
    let (status, qid, body) = parts(resp).await;
    assert_eq!(status, 400);
    assert!(qid.is_some());
    assert_eq!(
        body,
        json!({"class": "Client::BadRequest", "message": "Invalid signature",
               "errorCode": "INVALID_SIGNATURE", "httpCode": "400 Bad Request"})
    );
    match &ovh.all_requests()[0].signature {
        SignatureCheck::Mismatch {
            received,
            signed_url,
            expected,
        } => {
            assert_eq!(received, &sig);
            assert_eq!(signed_url, &url);
            assert_eq!(
                expected,
                &sign(
                    DEFAULT_APP_SECRET,
                    DEFAULT_CONSUMER_KEY,
                    "GET",
                    &url,
                    b"",
                    ts
                )
            );
        }
        other => panic!("unexpected verdict {other:?}"),
    }

    // Body signed differently from what is sent.
    ovh.on("POST", "/me/contact").reply_json(200, &json!({}));
    let url = format!("{}/me/contact", ovh.base_url());
    let sig = sign(
        DEFAULT_APP_SECRET,
        DEFAULT_CONSUMER_KEY,
        "POST",
        &url,
        b"{}",
        ts,
    );
    let resp = client()
        .post(&url)
        .header("X-Ovh-Application", DEFAULT_APP_KEY)
        .header("X-Ovh-Consumer", DEFAULT_CONSUMER_KEY)
        .header("X-Ovh-Timestamp", ts.to_string())
        .header("X-Ovh-Signature", &sig)
        .header("Content-Type", "application/json")
        .body(r#"{"a":1}"#)
        .send()
        .await
        .unwrap();
    let (status, _, body) = parts(resp).await;
    assert_eq!(status, 400);
    assert_eq!(body["errorCode"], "INVALID_SIGNATURE");
}

#[tokio::test]
async fn unknown_application_and_consumer_keys_are_rejected() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me").reply_json(200, &json!({}));
    let url = format!("{}/me", ovh.base_url());

    let creds = Creds {
        app_key: "nope",
        ..Creds::default()
    };
    let (status, _, body) = parts(signed(Method::GET, &url, None, creds).await).await;
    assert_eq!(status, 403);
    assert_eq!(
        body,
        json!({"class": "Client::Forbidden", "message": "Invalid application key",
               "errorCode": "INVALID_KEY", "httpCode": "403 Forbidden"})
    );

    let creds = Creds {
        consumer_key: "unknown-ck",
        ..Creds::default()
    };
    let (status, _, body) = parts(signed(Method::GET, &url, None, creds).await).await;
    assert_eq!(status, 403);
    assert_eq!(body["errorCode"], "INVALID_CREDENTIAL");
    assert_eq!(body["message"], "This credential does not exist");

    // Added credentials are accepted.
    ovh.add_application("app2", "secret2");
    ovh.add_consumer_key("ck2");
    let creds = Creds {
        app_key: "app2",
        app_secret: "secret2",
        consumer_key: "ck2",
        ..Creds::default()
    };
    let (status, _, _) = parts(signed(Method::GET, &url, None, creds).await).await;
    assert_eq!(status, 200);

    // Removed ones are not.
    ovh.remove_consumer_key("ck2");
    let creds = Creds {
        app_key: "app2",
        app_secret: "secret2",
        consumer_key: "ck2",
        ..Creds::default()
    };
    let (status, _, _) = parts(signed(Method::GET, &url, None, creds).await).await;
    assert_eq!(status, 403);

    let verdicts: Vec<_> = ovh
        .all_requests()
        .into_iter()
        .map(|r| r.signature)
        .collect();
    assert_eq!(
        verdicts,
        vec![
            SignatureCheck::UnknownApplication,
            SignatureCheck::UnknownConsumer,
            SignatureCheck::Valid,
            SignatureCheck::UnknownConsumer,
        ]
    );
}

#[tokio::test]
async fn out_of_time_timestamp_is_rejected_and_offset_applies() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me").reply_json(200, &json!({}));
    let url = format!("{}/me", ovh.base_url());

    let creds = Creds {
        timestamp: now() - 60,
        ..Creds::default()
    };
    let (status, _, body) = parts(signed(Method::GET, &url, None, creds).await).await;
    assert_eq!(status, 400);
    assert_eq!(body["message"], "Query out of time");
    assert_eq!(body["errorCode"], "QUERY_TIME_OUT");
    assert!(matches!(
        ovh.all_requests()[0].signature,
        SignatureCheck::OutOfTime { skew_secs } if (-62..=-58).contains(&skew_secs)
    ));

    // Server one hour ahead: the local clock is out of time, the server's is fine.
    ovh.set_time_offset(3600);
    let (status, _, _) = parts(signed(Method::GET, &url, None, Creds::default()).await).await;
    assert_eq!(status, 400);
    let creds = Creds {
        timestamp: now() + 3600,
        ..Creds::default()
    };
    let (status, _, _) = parts(signed(Method::GET, &url, None, creds).await).await;
    assert_eq!(status, 200);

    // Garbage timestamp.
    let creds = Creds {
        timestamp: 0,
        ..Creds::default()
    };
    let resp = client()
        .get(&url)
        .header("X-Ovh-Application", creds.app_key)
        .header("X-Ovh-Consumer", creds.consumer_key)
        .header("X-Ovh-Timestamp", "soon")
        .header("X-Ovh-Signature", "$1$00")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    assert_eq!(
        ovh.all_requests().last().unwrap().signature,
        SignatureCheck::BadTimestamp
    );
}

#[tokio::test]
async fn auth_time_honours_offset_and_is_counted() {
    let ovh = MockOvh::start().await;
    let url = format!("{}/auth/time", ovh.base_url());
    let (status, qid, body) = parts(unsigned(Method::GET, &url, None).await).await;
    assert_eq!(status, 200);
    assert!(qid.is_some());
    let t = body.as_i64().expect("bare integer");
    assert!((t - now()).abs() <= 2);

    ovh.set_time_offset(-3600);
    // Even without any header.
    let resp = client().get(&url).send().await.unwrap();
    let t = resp.text().await.unwrap().parse::<i64>().unwrap();
    assert!((t - (now() - 3600)).abs() <= 2);
    assert!((ovh.server_time() - (now() - 3600)).abs() <= 2);
    assert_eq!(ovh.time_requests(), 2);
    assert_eq!(ovh.all_requests().len(), 2);
}

#[tokio::test]
async fn unsigned_call_to_authenticated_route_needs_login() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me").reply_json(200, &json!({}));
    ovh.on("GET", "/order/catalog/public/eco")
        .unauthenticated()
        .reply_json(200, &json!({"plans": []}));

    let (status, qid, body) =
        parts(unsigned(Method::GET, &format!("{}/me", ovh.base_url()), None).await).await;
    assert_eq!(status, 401);
    assert!(qid.is_some());
    assert_eq!(body, json!({"message": "You must login first"}));

    let url = format!("{}/order/catalog/public/eco", ovh.base_url());
    let (status, _, body) = parts(unsigned(Method::GET, &url, None).await).await;
    assert_eq!(status, 200);
    assert_eq!(body, json!({"plans": []}));

    // An unsigned request carrying a consumer key is flagged.
    client()
        .get(&url)
        .header("X-Ovh-Application", DEFAULT_APP_KEY)
        .header("X-Ovh-Consumer", DEFAULT_CONSUMER_KEY)
        .send()
        .await
        .unwrap();
    let reqs = ovh.all_requests();
    assert_eq!(reqs[0].signature, SignatureCheck::Unsigned);
    assert!(!reqs[0].is_signed());
    assert!(!reqs[1].has_stray_auth_headers());
    assert!(reqs[2].has_stray_auth_headers());
}

#[tokio::test]
async fn unknown_route_is_ovh_404() {
    let ovh = MockOvh::start().await;
    let url = format!("{}/no/such/thing", ovh.base_url());
    let (status, qid, body) = parts(signed(Method::GET, &url, None, Creds::default()).await).await;
    assert_eq!(status, 404);
    assert!(qid.is_some());
    assert_eq!(body["class"], "Client::NotFound");
    let message = body["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "Got an invalid (or empty) URL: no mock rule matched GET /1.0/no/such/thing;"
        ),
        "{message}"
    );
    assert_eq!(body["httpCode"], "404 Not Found");
    assert!(body["errorCode"].is_string());
    // Same path, other method.
    ovh.on("GET", "/no/such/thing").reply_json(200, &json!(1));
    let (status, _, _) = parts(signed(Method::DELETE, &url, None, Creds::default()).await).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn v2_paths_are_served_from_the_root() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/v2/iam/policy")
        .reply_json(200, &json!([{"id": "p1"}]));
    let url = format!("{}/v2/iam/policy", ovh.root_url());
    let (status, _, body) = parts(signed(Method::GET, &url, None, Creds::default()).await).await;
    assert_eq!(status, 200);
    assert_eq!(body, json!([{"id": "p1"}]));
    let r = &ovh.all_requests()[0];
    assert_eq!(r.path, "/v2/iam/policy");
    assert_eq!(r.api_path(), "/v2/iam/policy");
    // Not under /1.0.
    let url = format!("{}/v2/iam/policy", ovh.base_url());
    let (status, _, _) = parts(signed(Method::GET, &url, None, Creds::default()).await).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn percent_encoded_paths_match_as_received() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/domain/zone/ex%2Fample.com")
        .reply_json(200, &json!("ok"));
    let url = format!("{}/domain/zone/ex%2Fample.com", ovh.base_url());
    let (status, _, _) = parts(signed(Method::GET, &url, None, Creds::default()).await).await;
    assert_eq!(status, 200);
    assert_eq!(
        ovh.all_requests()[0].path,
        "/1.0/domain/zone/ex%2Fample.com"
    );
}

#[tokio::test]
async fn sequences_repeat_their_last_answer() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me/task/1").reply_sequence(vec![
        Reply::json(200, &json!({"status": "todo"})),
        Reply::json(200, &json!({"status": "doing"})),
        Reply::json(200, &json!({"status": "done"})).with_header("X-Extra", "yes"),
    ]);
    let url = format!("{}/me/task/1", ovh.base_url());
    let mut seen = Vec::new();
    for _ in 0..5 {
        let resp = signed(Method::GET, &url, None, Creds::default()).await;
        let extra = resp.headers().get("x-extra").cloned();
        let (_, _, body) = parts(resp).await;
        seen.push((body["status"].as_str().unwrap().to_owned(), extra));
    }
    let yes = Some(HeaderValue::from_static("yes"));
    assert_eq!(
        seen,
        vec![
            ("todo".to_owned(), None),
            ("doing".to_owned(), None),
            ("done".to_owned(), yes.clone()),
            ("done".to_owned(), yes.clone()),
            ("done".to_owned(), yes),
        ]
    );
    // Re-registering resets the sequence.
    ovh.on("GET", "/me/task/1")
        .reply_sequence(vec![Reply::json(200, &json!({"status": "todo"}))]);
    let (_, _, body) = parts(signed(Method::GET, &url, None, Creds::default()).await).await;
    assert_eq!(body["status"], "todo");
}

// A paused clock: the mock's delays and reqwest's timeouts are timers of the runtime, whose
// time moves only when every task waits, straight to the next timer. So a 3 s delay outlasts a
// 300 ms timeout, and an answer without delay beats a 2 s one, whatever the machine's load.
#[tokio::test(start_paused = true)]
async fn delays_trigger_client_timeouts_and_are_recorded() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/slow")
        .unauthenticated()
        .reply_json(200, &json!("late"))
        .delay(Duration::from_secs(3));
    let url = format!("{}/slow", ovh.base_url());
    let err = client()
        .get(&url)
        .timeout(Duration::from_millis(300))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(ovh.all_requests().len(), 1);

    // Per-response delays: first answer slow, second fast.
    ovh.on("GET", "/flaky")
        .unauthenticated()
        .reply_sequence(vec![
            Reply::json(200, &json!(1)).with_delay(Duration::from_secs(3)),
            Reply::json(200, &json!(2)),
        ]);
    let url = format!("{}/flaky", ovh.base_url());
    let first = client()
        .get(&url)
        .timeout(Duration::from_millis(300))
        .send()
        .await;
    assert!(first.unwrap_err().is_timeout());
    let second = client()
        .get(&url)
        .timeout(Duration::from_secs(2))
        .send()
        .await
        .unwrap();
    assert_eq!(second.text().await.unwrap(), "2");
}

#[tokio::test]
async fn raw_and_error_responses() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/gateway")
        .reply_raw(502, "text/html", "<html>Bad gateway</html>");
    ovh.on("GET", "/me/bill").reply_error_code(
        403,
        "NOT_GRANTED_CALL",
        "This call has not been granted",
    );

    let url = format!("{}/gateway", ovh.base_url());
    let resp = signed(Method::GET, &url, None, Creds::default()).await;
    assert_eq!(resp.status().as_u16(), 502);
    assert_eq!(resp.headers()["content-type"], "text/html");
    assert!(resp.headers().contains_key("x-ovh-queryid"));
    assert_eq!(resp.text().await.unwrap(), "<html>Bad gateway</html>");

    let url = format!("{}/me/bill", ovh.base_url());
    let (status, qid, body) = parts(signed(Method::GET, &url, None, Creds::default()).await).await;
    assert_eq!(status, 403);
    assert!(qid.is_some());
    assert_eq!(
        body,
        json!({"class": "Client::Forbidden", "message": "This call has not been granted",
               "errorCode": "NOT_GRANTED_CALL", "httpCode": "403 Forbidden"})
    );
}

#[tokio::test]
async fn credential_request_issues_a_usable_consumer_key() {
    let ovh = MockOvh::start().await;
    let url = format!("{}/auth/credential", ovh.base_url());
    let req = json!({
        "accessRules": [{"method": "GET", "path": "/me"}, {"method": "POST", "path": "/me/*"}],
        "redirection": "https://example.com/done",
        "allowedIPs": ["192.0.2.0/24"],
    });
    let (status, qid, body) =
        parts(unsigned(Method::POST, &url, Some(&req.to_string())).await).await;
    assert_eq!(status, 200);
    assert!(qid.is_some());
    assert_eq!(body["state"], "pendingValidation");
    let ck = body["consumerKey"].as_str().unwrap().to_owned();
    assert!(body["validationUrl"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{}/auth/?credentialToken=", ovh.root_url())));

    let creds = ovh.credentials();
    assert_eq!(creds.len(), 1);
    assert_eq!(creds[0].consumer_key, ck);
    assert_eq!(creds[0].application_key, DEFAULT_APP_KEY);
    assert_eq!(creds[0].access_rules.len(), 2);
    assert_eq!(creds[0].access_rules[1].path, "/me/*");
    assert_eq!(
        creds[0].redirection.as_deref(),
        Some("https://example.com/done")
    );
    assert_eq!(creds[0].allowed_ips, Some(vec!["192.0.2.0/24".to_owned()]));

    // The new key signs requests.
    ovh.on("GET", "/me").reply_json(200, &json!({}));
    let creds = Creds {
        consumer_key: &ck,
        ..Creds::default()
    };
    let me = format!("{}/me", ovh.base_url());
    let (status, _, _) = parts(signed(Method::GET, &me, None, creds).await).await;
    assert_eq!(status, 200);

    // Unknown application.
    let resp = client()
        .post(&url)
        .header("X-Ovh-Application", "nope")
        .header("Content-Type", "application/json")
        .body(req.to_string())
        .send()
        .await
        .unwrap();
    let (status, _, body) = parts(resp).await;
    assert_eq!(status, 403);
    assert_eq!(body["errorCode"], "INVALID_KEY");

    // A canned response replaces the built-in handler.
    ovh.on("POST", "/auth/credential")
        .reply_error_code(400, "INVALID_PARAMETER", "nope");
    let (status, _, _) = parts(unsigned(Method::POST, &url, Some(&req.to_string())).await).await;
    assert_eq!(status, 400);
    assert_eq!(ovh.credentials().len(), 1);
}

#[tokio::test]
async fn malformed_requests_get_400() {
    let ovh = MockOvh::start().await;
    ovh.on("POST", "/me/contact")
        .unauthenticated()
        .reply_json(200, &json!({}));
    let url = format!("{}/me/contact", ovh.base_url());

    // Body without Content-Type.
    let resp = client().post(&url).body("{}").send().await.unwrap();
    let (status, _, body) = parts(resp).await;
    assert_eq!(status, 400);
    assert_eq!(body["errorCode"], "INVALID_CONTENT_TYPE");

    // Body that is not JSON.
    let resp = client()
        .post(&url)
        .header("Content-Type", "application/json")
        .body("{nope")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);

    // Non-UTF-8 header value.
    let resp = client()
        .post(&url)
        .header(
            "X-Ovh-Application",
            HeaderValue::from_bytes(b"\xff\xfe").unwrap(),
        )
        .header("X-Ovh-Signature", "$1$x")
        .send()
        .await
        .unwrap();
    let (status, qid, body) = parts(resp).await;
    assert_eq!(status, 400);
    assert!(qid.is_some());
    assert_eq!(body["errorCode"], "INVALID_HEADER");

    // Charset parameter is fine.
    let resp = client()
        .post(&url)
        .header("Content-Type", "application/json; charset=utf-8")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(ovh.all_requests().len(), 4);
}

#[tokio::test]
async fn server_stops_on_drop() {
    let ovh = MockOvh::start().await;
    let url = format!("{}/auth/time", ovh.base_url());
    drop(ovh);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let res = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap()
        .get(&url)
        .timeout(Duration::from_secs(2))
        .send()
        .await;
    assert!(res.is_err());
}
