//! A proxy variable in the environment routes a default client's calls through the proxy,
//! as reqwest honours it. Alone in its test binary: it sets a process-wide variable.

mod support;

use ovh_api::mock::{MockOvh, DEFAULT_APP_KEY, DEFAULT_APP_SECRET, DEFAULT_CONSUMER_KEY};
use ovh_api::{Client, Error};
use serde_json::{json, Value};

use support::isolated_lookup;

/// A client for a host that does not exist, built from the process environment's proxies.
fn client() -> Client {
    Client::builder()
        .config_lookup(isolated_lookup())
        .endpoint("http://api.example.invalid/1.0")
        .application_key(DEFAULT_APP_KEY)
        .application_secret(DEFAULT_APP_SECRET)
        .consumer_key(DEFAULT_CONSUMER_KEY)
        .build()
        .unwrap()
}

#[tokio::test]
async fn http_proxy_in_the_environment_carries_the_default_clients_calls() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me")
        .reply_json(200, &json!({"nichandle": "xx1-ovh"}));

    // No proxy: the host does not resolve, and nothing reaches the mock.
    let error = client().get::<Value>("/me").await.unwrap_err();
    assert!(
        matches!(error.last(), Error::Network(e) if e.is_connect()),
        "{error:?}"
    );
    assert_eq!(ovh.all_requests().len(), 0);

    // SAFETY (edition 2021: a safe call): no other test runs in this binary.
    std::env::set_var("HTTP_PROXY", ovh.root_url());
    let me: Value = client().get("/me").await.unwrap();
    std::env::remove_var("HTTP_PROXY");

    assert_eq!(me["nichandle"], "xx1-ovh");
    let requests = ovh.all_requests();
    assert_eq!(requests.len(), 2, "/auth/time, then /me");
    for request in &requests {
        assert_eq!(request.header("host"), Some("api.example.invalid"));
        assert_eq!(
            request.header("user-agent"),
            Some(ovh_api::DEFAULT_USER_AGENT)
        );
    }
    assert_eq!(requests[1].url, "http://api.example.invalid/1.0/me");
    assert!(
        requests[1].signature.is_valid(),
        "{:?}",
        requests[1].signature
    );
}
