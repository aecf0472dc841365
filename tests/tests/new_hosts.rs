//! OVH's newer API hosts (`api.eu.ovhcloud.com`, `api.ca.ovhcloud.com`,
//! `api.us.ovhcloud.com`), end to end against the mock under those very names:
//! `ClientBuilder::resolve` connects each host to the mock on 127.0.0.1 while
//! the URLs the client signs, and its `Host` header, name the host, and the mock
//! checks every signature over `http://` + `Host` + path, as OVH does over what
//! it receives. The mock speaks plain HTTP, so the bases are
//! `http://api.<region>.ovhcloud.com/1.0`: only the scheme differs from the
//! real `https://` one, and the host is what the token URL and createToken
//! pages follow.

mod support;

use std::net::SocketAddr;

use ovh_api::consumer_key::{create_token_url, AccessRule};
use ovh_api::mock::{
    sign, MockOvh, RecordedRequest, SignatureCheck, DEFAULT_APP_KEY, DEFAULT_APP_SECRET,
    DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_CONSUMER_KEY,
};
use ovh_api::{Client, ClientBuilder, ConfigLookup, Endpoint, Method};
use serde_json::{json, Value};

use support::isolated_lookup;

/// Each newer region, its API host and the token URL OVH gives it.
const REGIONS: [(&str, &str); 3] = [
    (
        "api.eu.ovhcloud.com",
        "https://auth.eu.ovhcloud.com/oauth2/token",
    ),
    (
        "api.ca.ovhcloud.com",
        "https://auth.ca.ovhcloud.com/oauth2/token",
    ),
    (
        "api.us.ovhcloud.com",
        "https://us.ovhcloud.com/auth/oauth2/token",
    ),
];

/// The mock's application-key client, calling it as `http://{host}/1.0`.
fn signed_client(mock: &MockOvh, host: &str) -> Client {
    mock.client_builder()
        .endpoint(format!("http://{host}/1.0"))
        .resolve(host, mock.addr())
        .build()
        .unwrap()
}

/// The calls the mock received, without the client's clock sync and token requests.
fn api_call(mock: &MockOvh, index: usize) -> RecordedRequest {
    mock.requests().swap_remove(index)
}

#[tokio::test]
async fn signed_calls_to_each_new_host_are_verified_over_that_host() {
    for (host, _) in REGIONS {
        let mock = MockOvh::start().await;
        mock.on("GET", "/me")
            .reply(&json!({"nichandle": "xx1-ovh"}));
        mock.on("POST", "/me/contact").reply(&json!({"id": 7}));
        mock.on("GET", "/v2/iam/policy").reply(&json!([]));
        let client = signed_client(&mock, host);

        let me: Value = client.get("/me").await.unwrap();
        assert_eq!(me["nichandle"], "xx1-ovh");
        let created: Value = client
            .post("/me/contact")
            .query("lang", "fr")
            .body(&json!({"firstName": "Ada"}))
            .await
            .unwrap();
        assert_eq!(created["id"], 7);
        let _: Value = client.get("/v2/iam/policy").await.unwrap();

        let expected = [
            format!("http://{host}/1.0/me"),
            format!("http://{host}/1.0/me/contact?lang=fr"),
            format!("http://{host}/v2/iam/policy"),
        ];
        let calls = mock.requests();
        assert_eq!(calls.len(), expected.len(), "{calls:#?}");
        for (call, url) in calls.iter().zip(expected) {
            assert_eq!(call.header("host"), Some(host));
            // The URL the mock verified the signature over is the one the client signed.
            assert_eq!(call.url, url);
            assert_eq!(call.signature, SignatureCheck::Valid, "{url}");
        }
        // The clock sync went to the same host, unsigned.
        let time = &mock.all_requests()[0];
        assert_eq!(time.path, "/1.0/auth/time");
        assert_eq!(time.header("host"), Some(host));
    }
}

#[tokio::test]
async fn the_mock_refuses_a_signature_made_for_another_host() {
    // Signed for api.eu.ovhcloud.com, sent to api.ca.ovhcloud.com: the mock
    // checks over the host it received, so the signature does not match.
    let mock = MockOvh::start().await;
    mock.on("GET", "/me").reply(&json!({}));
    let timestamp = mock.server_time();
    let signature = sign(
        DEFAULT_APP_SECRET,
        DEFAULT_CONSUMER_KEY,
        "GET",
        "http://api.eu.ovhcloud.com/1.0/me",
        b"",
        timestamp,
    );
    let http = reqwest::Client::builder()
        .no_proxy()
        .resolve("api.ca.ovhcloud.com", mock.addr())
        .build()
        .unwrap();
    let status = http
        .get("http://api.ca.ovhcloud.com/1.0/me")
        .header("x-ovh-application", DEFAULT_APP_KEY)
        .header("x-ovh-consumer", DEFAULT_CONSUMER_KEY)
        .header("x-ovh-timestamp", timestamp)
        .header("x-ovh-signature", &signature)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 400);
    let refused = api_call(&mock, 0);
    match &refused.signature {
        SignatureCheck::Mismatch { signed_url, .. } => {
            assert_eq!(signed_url, "http://api.ca.ovhcloud.com/1.0/me");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_explicit_port_in_the_url_wins_over_the_resolved_one() {
    // `http://api.eu.ovhcloud.com:PORT/1.0`, the host resolved to the mock's
    // address with a port nothing listens on: the URL's port is the one used,
    // and signed; the token URL still follows the host alone.
    let mock = MockOvh::start().await;
    mock.on("GET", "/me")
        .reply(&json!({"nichandle": "xx1-ovh"}));
    let port = mock.addr().port();
    let base = format!("http://api.eu.ovhcloud.com:{port}/1.0");
    let client = mock
        .client_builder()
        .endpoint(&base)
        .resolve("api.eu.ovhcloud.com", SocketAddr::new(mock.addr().ip(), 9))
        .build()
        .unwrap();
    assert_eq!(
        client.endpoint().oauth2_token_url(),
        Some("https://auth.eu.ovhcloud.com/oauth2/token")
    );
    let _: Value = client.get("/me").await.unwrap();
    let call = api_call(&mock, 0);
    assert_eq!(
        call.header("host"),
        Some(format!("api.eu.ovhcloud.com:{port}").as_str())
    );
    assert_eq!(call.url, format!("{base}/me"));
    assert!(call.signature.is_valid(), "{:?}", call.signature);
}

#[test]
fn each_new_host_resolves_its_oauth2_token_url() {
    for (host, token_url) in REGIONS {
        // The real base, the mock-facing one and an explicit port: the host alone counts.
        for base in [
            format!("https://{host}/1.0"),
            format!("http://{host}/1.0"),
            format!("http://{host}:8080/1.0"),
        ] {
            let endpoint = Endpoint::parse(&base).unwrap();
            assert_eq!(endpoint.oauth2_token_url(), Some(token_url), "{base}");
            // A service-account client built on it asks that URL for its tokens.
            let client = Client::builder()
                .config_lookup(isolated_lookup())
                .endpoint(&base)
                .client_id("id")
                .client_secret("the-client-secret")
                .build()
                .unwrap();
            let shown = format!("{client:?}");
            assert!(shown.contains(token_url), "{base}: {shown}");
            assert!(!shown.contains("the-client-secret"), "{shown}");
        }
    }
}

#[test]
fn ovh_conf_names_a_new_host_as_the_endpoint_and_its_section() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ovh.conf");
    std::fs::write(
        &file,
        "[default]\nendpoint=https://api.ca.ovhcloud.com/1.0\n\n\
         [https://api.ca.ovhcloud.com/1.0]\nclient_id=ca-account\nclient_secret=ca-secret\n",
    )
    .unwrap();
    let client = Client::builder()
        .config_lookup(ConfigLookup::new(
            Vec::<(String, String)>::new(),
            dir.path(),
            None,
        ))
        .config_file(&file)
        .build()
        .unwrap();
    assert_eq!(
        client.endpoint().base_url(),
        "https://api.ca.ovhcloud.com/1.0"
    );
    let shown = format!("{client:?}");
    assert!(shown.contains("ca-account"), "{shown}");
    assert!(
        shown.contains("https://auth.ca.ovhcloud.com/oauth2/token"),
        "{shown}"
    );
    assert!(!shown.contains("ca-secret"), "{shown}");
}

/// A service account on `http://{host}/1.0`: its token URL is the one the
/// table gives the host, made the mock's (`http`, the mock's path), its host
/// resolved to the mock as well.
fn oauth2_builder(mock: &MockOvh, host: &str) -> (ClientBuilder, String) {
    let base = format!("http://{host}/1.0");
    let real = Endpoint::parse(&base).unwrap().oauth2_token_url().unwrap();
    let token_host = url_host(real);
    // The mock's token path, under the token host.
    let path = &mock.token_url()[mock.root_url().len()..];
    let token_url = format!("http://{token_host}{path}");
    let builder = Client::builder()
        .config_lookup(isolated_lookup())
        .endpoint(base)
        .resolve(host, mock.addr())
        .resolve(&token_host, mock.addr())
        .oauth2_token_url(token_url)
        .client_id(DEFAULT_CLIENT_ID)
        .client_secret(DEFAULT_CLIENT_SECRET);
    (builder, token_host)
}

/// The host of an `https://host/...` URL.
fn url_host(url: &str) -> String {
    let rest = url.strip_prefix("https://").unwrap();
    rest.split('/').next().unwrap().to_owned()
}

#[tokio::test]
async fn an_oauth2_client_on_each_new_host_gets_a_token_and_calls_with_it() {
    for (host, token_url) in REGIONS {
        let mock = MockOvh::start().await;
        mock.on("GET", "/me").reply(&json!({"nichandle": "sa-1"}));
        let (builder, token_host) = oauth2_builder(&mock, host);
        assert_eq!(url_host(token_url), token_host);
        let client = builder.build().unwrap();
        for _ in 0..2 {
            let me: Value = client.get("/me").await.unwrap();
            assert_eq!(me["nichandle"], "sa-1");
        }

        let all = mock.all_requests();
        assert_eq!(all.len(), 3, "one token, two calls: {all:#?}");
        let token_request = &all[0];
        assert_eq!(
            (token_request.method.as_str(), token_request.path.as_str()),
            ("POST", "/auth/oauth2/token")
        );
        assert_eq!(token_request.header("host"), Some(token_host.as_str()));
        assert_eq!(
            token_request.body_str(),
            Some("grant_type=client_credentials&scope=all")
        );
        for call in &all[1..] {
            assert_eq!(call.header("host"), Some(host));
            assert_eq!(call.url, format!("http://{host}/1.0/me"));
            assert_eq!(call.signature, SignatureCheck::Bearer);
            assert!(!call.is_signed());
        }
        assert_eq!(mock.token_requests(), 1);
        assert_eq!(mock.time_requests(), 0, "bearer calls need no clock");
    }
}

#[tokio::test]
async fn create_token_urls_of_the_new_hosts_are_on_their_root() {
    let rules = [
        AccessRule::new(Method::Get, "/me"),
        AccessRule::new(Method::Get, "/me/bill/*"),
        AccessRule::new(Method::Delete, "/domain/zone/*/record/*"),
    ];
    let query = "GET=/me&GET=/me/bill/*&DELETE=/domain/zone/*/record/*";
    for (host, _) in REGIONS {
        let endpoint = Endpoint::parse(&format!("https://{host}/1.0")).unwrap();
        assert_eq!(
            create_token_url(&endpoint, &rules),
            format!("https://{host}/createToken/?{query}")
        );
        // A client on the host builds the same page from its own endpoint.
        let mock = MockOvh::start().await;
        let client = signed_client(&mock, host);
        assert_eq!(
            create_token_url(client.endpoint(), &rules),
            format!("http://{host}/createToken/?{query}")
        );
    }
}
