//! A prebuilt `reqwest::Client` given to the builder is the one that sends.

mod support;

use ovh_api::mock::MockOvh;
use serde_json::{json, Value};

use support::isolated_lookup;

#[tokio::test]
async fn a_prebuilt_client_with_a_proxy_is_used_for_every_request() {
    // The fake server plays an HTTP proxy: requests for a host that does
    // not exist reach it only through the proxy setting of the client.
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me")
        .reply_json(200, &json!({"nichandle": "xx1-ovh"}));
    let http = reqwest::Client::builder()
        .proxy(reqwest::Proxy::http(ovh.root_url()).unwrap())
        .build()
        .unwrap();
    let client = ovh_api::Client::builder()
        .config_lookup(isolated_lookup())
        .endpoint("http://api.example.invalid/1.0")
        .application_key(ovh_api::mock::DEFAULT_APP_KEY)
        .application_secret(ovh_api::mock::DEFAULT_APP_SECRET)
        .consumer_key(ovh_api::mock::DEFAULT_CONSUMER_KEY)
        .http_client(http)
        .user_agent("my-tool/1.0")
        .build()
        .unwrap();
    let me: Value = client.get("/me").await.unwrap();
    assert_eq!(me["nichandle"], "xx1-ovh");
    let requests = ovh.all_requests();
    assert_eq!(requests.len(), 2, "/auth/time, then /me");
    for request in &requests {
        assert_eq!(request.header("host"), Some("api.example.invalid"));
        assert_eq!(request.header("user-agent"), Some("my-tool/1.0"));
    }
    // Signed for the URL the client meant, which is what the proxy forwards.
    assert!(
        requests[1].signature.is_valid(),
        "{:?}",
        requests[1].signature
    );
    assert_eq!(requests[1].url, "http://api.example.invalid/1.0/me");
}

#[tokio::test]
async fn the_default_client_sends_the_default_user_agent() {
    let ovh = MockOvh::start().await;
    let _: i64 = ovh.client().get("/auth/time").unsigned().await.unwrap();
    assert_eq!(
        ovh.all_requests()[0].header("user-agent"),
        Some(ovh_api::DEFAULT_USER_AGENT)
    );
}

#[tokio::test]
async fn a_prebuilt_client_keeps_its_own_user_agent_unless_one_is_set() {
    let ovh = MockOvh::start().await;
    let http = reqwest::Client::builder()
        .user_agent("their-tool/2.0")
        .build()
        .unwrap();
    let client = ovh.client_builder().http_client(http).build().unwrap();
    let _: i64 = client.get("/auth/time").unsigned().await.unwrap();
    assert_eq!(
        ovh.all_requests()[0].header("user-agent"),
        Some("their-tool/2.0")
    );
}

#[tokio::test]
async fn redirects_are_not_followed() {
    // A signed call is valid only for the URL it was signed for: a redirect is an answer.
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me").reply_with(
        ovh_api::mock::Reply::empty(302)
            .with_header("location", &format!("{}/other", ovh.base_url())),
    );
    let error = ovh.client().get::<Value>("/me").await.unwrap_err();
    assert_eq!(error.status(), Some(302), "{error:?}");
    let paths: Vec<String> = ovh
        .requests()
        .iter()
        .map(|r| r.api_path().to_owned())
        .collect();
    assert_eq!(paths, ["/me"]);
}
