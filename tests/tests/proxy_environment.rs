//! A proxy variable in the environment routes a default client's calls through the proxy,
//! as reqwest honours it. Alone in its test binary: it sets process-wide variables.

use ovh_api::mock::MockOvh;
use ovh_api::{Client, Error};
use serde_json::{json, Value};

/// The mock's client, for a host that does not exist: only a proxy can reach the mock.
fn client(ovh: &MockOvh) -> Client {
    ovh.client_builder()
        .endpoint("http://api.example.invalid/1.0")
        .build()
        .unwrap()
}

#[tokio::test]
async fn http_proxy_in_the_environment_carries_the_default_clients_calls() {
    // SAFETY (edition 2021: safe calls): no other test runs in this binary. The machine's own
    // proxy settings are cleared, so that "no proxy" below means none.
    for name in [
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
        "NO_PROXY",
        "no_proxy",
    ] {
        std::env::remove_var(name);
    }
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me")
        .reply_json(200, &json!({"nichandle": "xx1-ovh"}));

    // No proxy: the host does not resolve, and nothing reaches the mock.
    let error = client(&ovh).get::<Value>("/me").await.unwrap_err();
    assert!(
        matches!(&error, Error::Network(e) if e.is_connect()),
        "{error:?}"
    );
    assert_eq!(ovh.all_requests().len(), 0);

    std::env::set_var("HTTP_PROXY", ovh.root_url());
    let me: Value = client(&ovh).get("/me").await.unwrap();
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

    // A proxy named by a host the builder resolves (`ClientBuilder::resolve`): the reqwest
    // client built for the variable connects to the proxy there. In this test, not one of its
    // own: the variables are process-wide.
    ovh.clear_requests();
    let port = ovh.addr().port();
    std::env::set_var("HTTP_PROXY", format!("http://proxy.example.invalid:{port}"));
    let resolved = ovh
        .client_builder()
        .endpoint("http://api.example.invalid/1.0")
        .resolve("proxy.example.invalid", ovh.addr())
        .build()
        .unwrap();
    let me: Value = resolved.get("/me").await.unwrap();
    std::env::remove_var("HTTP_PROXY");
    assert_eq!(me["nichandle"], "xx1-ovh");
    let call = &ovh.requests()[0];
    assert_eq!(call.header("host"), Some("api.example.invalid"));
    assert!(call.signature.is_valid(), "{:?}", call.signature);
}
