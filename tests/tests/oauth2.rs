//! OAuth2 service accounts, end to end: the mock issues and checks
//! tokens.

mod support;

use std::time::Duration;

use ovh_api::mock::{MockOvh, Reply, SignatureCheck, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET};
use ovh_api::{Client, ClientBuilder, ConfigError, ConfigLookup, Credential, Error, OAuth2Error};
use serde_json::{json, Value};

use support::isolated_lookup;

/// A service-account client of the mock.
fn builder(ovh: &MockOvh) -> ClientBuilder {
    Client::builder()
        .config_lookup(isolated_lookup())
        .endpoint(ovh.base_url())
        .oauth2_token_url(ovh.token_url())
        .client_id(DEFAULT_CLIENT_ID)
        .client_secret(DEFAULT_CLIENT_SECRET)
}

fn client(ovh: &MockOvh) -> Client {
    builder(ovh).build().unwrap()
}

fn api_calls(ovh: &MockOvh) -> Vec<ovh_api::mock::RecordedRequest> {
    ovh.all_requests()
        .into_iter()
        .filter(|r| r.path != "/auth/oauth2/token")
        .collect()
}

#[tokio::test]
async fn calls_carry_a_bearer_token_and_no_signature() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me")
        .reply_json(200, &json!({"nichandle": "sa-1"}));
    let me: Value = client(&ovh).get("/me").await.unwrap();
    assert_eq!(me["nichandle"], "sa-1");

    let requests = ovh.all_requests();
    assert_eq!(requests.len(), 2, "{requests:#?}");
    let token_request = &requests[0];
    assert_eq!(token_request.path, "/auth/oauth2/token");
    assert_eq!(token_request.method, "POST");
    assert_eq!(
        token_request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        token_request.body_str(),
        Some("grant_type=client_credentials&scope=all")
    );
    assert!(token_request
        .header("authorization")
        .is_some_and(|a| a.starts_with("Basic ")));

    let call = &requests[1];
    assert_eq!(call.signature, SignatureCheck::Bearer);
    assert!(call.header("authorization").unwrap().starts_with("Bearer "));
    for header in [
        "x-ovh-application",
        "x-ovh-consumer",
        "x-ovh-timestamp",
        "x-ovh-signature",
    ] {
        assert_eq!(call.header(header), None, "{header}");
    }
    assert_eq!(ovh.time_requests(), 0, "no /auth/time with OAuth2");
}

#[tokio::test]
async fn the_scope_is_configurable_and_unsigned_calls_carry_no_token() {
    let ovh = MockOvh::start().await;
    let client = builder(&ovh).oauth2_scope("read write").build().unwrap();
    ovh.on("GET", "/me").reply_json(200, &json!({}));
    let _: Value = client.get("/me").await.unwrap();
    let _: i64 = client.get("/auth/time").unsigned().await.unwrap();
    let requests = ovh.all_requests();
    assert_eq!(
        requests[0].body_str(),
        Some("grant_type=client_credentials&scope=read+write")
    );
    assert_eq!(requests[2].api_path(), "/auth/time");
    assert_eq!(requests[2].header("authorization"), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_concurrent_calls_share_one_token_request() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me").reply_json(200, &json!({}));
    ovh.set_token_delay(Duration::from_millis(100));
    let client = client(&ovh);
    let calls = (0..100).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.get::<Value>("/me").await })
    });
    for call in futures::future::join_all(calls).await {
        call.unwrap().unwrap();
    }
    assert_eq!(ovh.token_requests(), 1);
    assert_eq!(api_calls(&ovh).len(), 100);
    assert!(api_calls(&ovh)
        .iter()
        .all(|r| r.signature == SignatureCheck::Bearer));
}

// A paused clock: the client counts the token's lifetime in the runtime's time, which the
// sleeps below move exactly and at once. The mock counts it on the real clock: with a
// 100 s lifetime it refuses nothing during the test, so every renewal seen is the client's own.
#[tokio::test(start_paused = true)]
async fn a_token_is_renewed_shortly_before_it_expires() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me").reply_json(200, &json!({}));
    ovh.set_token_lifetime(100);
    let client = client(&ovh);
    let _: Value = client.get("/me").await.unwrap();
    let _: Value = client.get("/me").await.unwrap();
    assert_eq!(ovh.token_requests(), 1, "still fresh");
    // Renewed a tenth of its lifetime early (from 90 s on), before it expires (at 100 s):
    // not yet at 89 s, already at 91 s.
    tokio::time::sleep(Duration::from_secs(89)).await;
    let _: Value = client.get("/me").await.unwrap();
    assert_eq!(ovh.token_requests(), 1, "still fresh at 89 s");
    tokio::time::sleep(Duration::from_secs(2)).await;
    let _: Value = client.get("/me").await.unwrap();
    assert_eq!(ovh.token_requests(), 2, "renewed at 91 s");
    assert!(api_calls(&ovh).iter().all(|r| r.status == 200));
}

#[tokio::test]
async fn a_refused_token_is_renewed_once_and_the_call_sent_again() {
    let ovh = MockOvh::start().await;
    ovh.on("DELETE", "/me/thing").reply_json(200, &json!(null));
    let client = client(&ovh);
    client.delete::<()>("/me/thing").await.unwrap();
    ovh.revoke_tokens();
    // Even a POST: the 401 means it was refused before being processed.
    ovh.on("POST", "/me/order")
        .reply_json(200, &json!({"id": 1}));
    let answer: Value = client.post("/me/order").body(&json!({})).await.unwrap();
    assert_eq!(answer, json!({"id": 1}));
    assert_eq!(ovh.token_requests(), 2);
    let statuses: Vec<_> = api_calls(&ovh).iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 401, 200]);

    // A route that keeps answering 401: one renewal, then the error.
    ovh.on("GET", "/always401")
        .reply_error_code(401, "INVALID_TOKEN", "nope");
    let err = client.get::<Value>("/always401").await.unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert_eq!(ovh.token_requests(), 3);
    assert_eq!(
        api_calls(&ovh)
            .iter()
            .filter(|r| r.api_path() == "/always401")
            .count(),
        2
    );
}

#[tokio::test]
async fn bad_client_credentials_are_a_clear_error() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me").reply_json(200, &json!({}));
    let client = builder(&ovh)
        .client_secret("wrong-secret-value")
        .build()
        .unwrap();
    let err = client.get::<Value>("/me").await.unwrap_err();
    match &err {
        Error::OAuth2(OAuth2Error::Refused { status, error, .. }) => {
            assert_eq!(*status, 401);
            assert_eq!(error, "invalid_client");
        }
        other => panic!("expected a refused token request, got {other:?}"),
    }
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("invalid_client"), "{shown}");
    assert!(shown.contains(&ovh.token_url()), "{shown}");
    assert!(!shown.contains("wrong-secret-value"), "{shown}");
    assert_eq!(err.kind_name(), "oauth2");
    assert!(api_calls(&ovh).is_empty(), "nothing sent to the API");
}

#[tokio::test]
async fn unusable_token_answers_are_typed_errors_not_panics() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me").reply_json(200, &json!({}));
    let cases = [
        Reply::raw(200, "text/html", "<html>login</html>"),
        Reply::json(200, &json!({"access_token": 5})),
        Reply::json(200, &json!({"token_type": "Bearer"})),
        Reply::json(200, &json!({"access_token": ""})),
        Reply::json(200, &json!({"access_token": "a\u{7f}b"})),
        Reply::json(200, &json!({"access_token": "t", "token_type": "mac"})),
        Reply::json(200, &json!({"access_token": "t", "expires_in": -5})),
        Reply::json(200, &json!({"access_token": "t", "expires_in": 1e300})),
    ];
    for case in cases {
        ovh.set_token_reply(Some(case.clone()));
        let err = client(&ovh).get::<Value>("/me").await.unwrap_err();
        assert!(
            matches!(err, Error::OAuth2(OAuth2Error::InvalidToken { .. })),
            "{case:?}: {err:?}"
        );
    }
    ovh.set_token_reply(Some(Reply::raw(500, "text/html", "<html>down</html>")));
    let err = client(&ovh).get::<Value>("/me").await.unwrap_err();
    assert!(
        matches!(err, Error::OAuth2(OAuth2Error::Refused { status: 500, .. })),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_fixed_access_token_is_sent_as_is_and_never_renewed() {
    let ovh = MockOvh::start().await;
    ovh.add_access_token("fixed-token-123");
    ovh.on("GET", "/me").reply_json(200, &json!({}));
    let client = Client::builder()
        .config_lookup(isolated_lookup())
        .endpoint(ovh.base_url())
        .access_token("fixed-token-123")
        .build()
        .unwrap();
    let _: Value = client.get("/me").await.unwrap();
    assert_eq!(
        ovh.all_requests()[0].header("authorization"),
        Some("Bearer fixed-token-123")
    );
    ovh.revoke_tokens();
    let err = client.get::<Value>("/me").await.unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert_eq!(ovh.token_requests(), 0);
    assert!(!format!("{client:?}").contains("fixed-token-123"));
}

#[tokio::test]
async fn credentials_come_from_the_environment_and_files_like_other_keys() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me").reply_json(200, &json!({}));
    // Environment.
    let lookup = ConfigLookup::with_files(
        [
            ("OVH_ENDPOINT", ovh.base_url()),
            ("OVH_CLIENT_ID", DEFAULT_CLIENT_ID.to_owned()),
            ("OVH_CLIENT_SECRET", DEFAULT_CLIENT_SECRET.to_owned()),
            ("OVH_OAUTH2_TOKEN_URL", ovh.token_url()),
        ],
        Vec::new(),
    );
    let client = Client::builder().config_lookup(lookup).build().unwrap();
    let _: Value = client.get("/me").await.unwrap();
    // A file: the section named after the (custom) endpoint URL.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ovh.conf");
    std::fs::write(
        &file,
        format!(
            "[default]\nendpoint={base}\n\n[{base}]\nclient_id={DEFAULT_CLIENT_ID}\n\
             client_secret={DEFAULT_CLIENT_SECRET}\noauth2_token_url={token}\n",
            base = ovh.base_url(),
            token = ovh.token_url()
        ),
    )
    .unwrap();
    let client = Client::builder()
        .config_lookup(isolated_lookup())
        .config_file(&file)
        .build()
        .unwrap();
    let _: Value = client.get("/me").await.unwrap();
    assert_eq!(ovh.token_requests(), 2);
    assert!(api_calls(&ovh)
        .iter()
        .all(|r| r.signature == SignatureCheck::Bearer && r.status == 200));
}

#[test]
fn mixing_application_keys_and_oauth2_is_a_config_error_naming_both() {
    let cases: [(ClientBuilder, &str, &str); 3] = [
        (
            Client::builder().application_key("ak").client_id("id"),
            "application_key",
            "client_id",
        ),
        (
            Client::builder().consumer_key("ck").client_secret("s"),
            "consumer_key",
            "client_secret",
        ),
        (
            Client::builder().client_id("id").access_token("t"),
            "client_id",
            "access_token",
        ),
    ];
    for (builder, first, second) in cases {
        let err = builder
            .config_lookup(isolated_lookup())
            .endpoint("ovh-eu")
            .build()
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::Config(ConfigError::ConflictingCredentials { .. })
            ),
            "{err:?}"
        );
        let message = err.to_string();
        assert!(
            message.contains(first) && message.contains(second),
            "{message}"
        );
    }
}

#[test]
fn token_urls_come_from_the_endpoint_table_or_must_be_given() {
    let build = |endpoint: &str| {
        Client::builder()
            .config_lookup(isolated_lookup())
            .endpoint(endpoint)
            .client_id("id")
            .client_secret("s3cr3t")
            .build()
    };
    for (endpoint, token_url) in [
        ("ovh-eu", "https://www.ovh.com/auth/oauth2/token"),
        ("ovh-ca", "https://ca.ovh.com/auth/oauth2/token"),
        ("ovh-us", "https://us.ovhcloud.com/auth/oauth2/token"),
        (
            "https://eu.api.ovh.com/1.0",
            "https://www.ovh.com/auth/oauth2/token",
        ),
        (
            "https://api.eu.ovhcloud.com/1.0",
            "https://auth.eu.ovhcloud.com/oauth2/token",
        ),
    ] {
        let shown = format!("{:?}", build(endpoint).unwrap());
        assert!(shown.contains(token_url), "{endpoint}: {shown}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
    }
    for endpoint in [
        "kimsufi-eu",
        "kimsufi-ca",
        "soyoustart-eu",
        "soyoustart-ca",
        "https://proxy.example.com/1.0",
    ] {
        let err = build(endpoint).unwrap_err();
        assert!(
            matches!(err, Error::Config(ConfigError::NoOAuth2TokenUrl { .. })),
            "{endpoint}: {err:?}"
        );
        assert!(err.to_string().contains("oauth2_token_url"), "{err}");
    }
    // An override wins, whatever the endpoint; the new domain family works
    // as a custom URL.
    let client = Client::builder()
        .config_lookup(isolated_lookup())
        .endpoint("kimsufi-eu")
        .client_id("id")
        .client_secret("s")
        .oauth2_token_url("https://auth.eu.ovhcloud.com/oauth2/token")
        .build()
        .unwrap();
    assert!(format!("{client:?}").contains("https://auth.eu.ovhcloud.com/oauth2/token"));
}

#[tokio::test]
async fn half_of_the_client_credentials_is_reported_before_anything_is_sent() {
    let ovh = MockOvh::start().await;
    let client = Client::builder()
        .config_lookup(isolated_lookup())
        .endpoint(ovh.base_url())
        .oauth2_token_url(ovh.token_url())
        .client_id("id")
        .build()
        .unwrap();
    let err = client.get::<Value>("/me").await.unwrap_err();
    assert!(
        matches!(err, Error::MissingCredential(Credential::ClientSecret)),
        "{err:?}"
    );
    assert!(err.to_string().contains("OVH_CLIENT_SECRET"), "{err}");
    assert!(ovh.all_requests().is_empty());
}
