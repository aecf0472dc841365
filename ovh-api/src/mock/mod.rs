//! A local mock of the OVH API, for your own tests (feature `mock`).
//!
//! [`MockOvh`] is a real HTTP server on `127.0.0.1` (a random port), running
//! on the current tokio runtime. You tell it what to answer with
//! [`MockOvh::on`], point a [`Client`] at it with
//! [`MockOvh::client`], run your code, then look at what it received with
//! [`MockOvh::requests`]. It behaves like OVH where it matters to a client:
//! it checks request signatures exactly as OVH does (a bad one is answered
//! 400 `INVALID_SIGNATURE`), serves `GET /auth/time`, answers errors in OVH's
//! shape, and supports batch GETs, /v2 cursor pagination and OAuth2 service
//! accounts.
//!
//! Add it to your tests only:
//!
//! ```toml
//! [dev-dependencies]
//! ovh-api = { git = "<this repository>", features = ["mock"] }
//! ```
//!
//! ```
//! use ovh_api::mock::MockOvh;
//! use serde_json::json;
//!
//! #[tokio::main]
//! async fn main() -> ovh_api::Result<()> {
//!     let mock = MockOvh::start().await; // 127.0.0.1, random port
//!     mock.on("GET", "/me").reply(&json!({"nichandle": "xx1-ovh", "firstname": "Ada"}));
//!     // `{param}` segments match any one segment; typed bodies are anything `Serialize`.
//!     mock.on("GET", "/me/bill/{billId}").reply(&json!({"billId": "FR1", "date": "2024-01-31"}));
//!
//!     let client = mock.client(); // a Client configured for the mock
//!     let me = client.me().get().await?; // signed, checked, answered
//!     assert_eq!(me.firstname.as_deref(), Some("Ada"));
//!
//!     // Every call is recorded: method, path, query, body, headers. (The
//!     // client's clock sync, GET /auth/time, is in `all_requests()` only.)
//!     assert_eq!(mock.requests().len(), 1);
//!     let call = &mock.requests()[0];
//!     assert_eq!((call.method.as_str(), call.api_path()), ("GET", "/me"));
//!     assert!(call.signature.is_valid());
//!     assert!(call.header("x-ovh-consumer").is_some());
//!
//!     // The latest rule for a route wins; errors come in OVH's shape.
//!     mock.on("GET", "/me").reply_error(404, "gone");
//!     let error = client.me().get().await.unwrap_err();
//!     assert_eq!(error.status(), Some(404));
//!     assert_eq!(error.kind_name(), "not-found");
//!     Ok(())
//! }
//! ```
//!
//! # Rules
//!
//! [`MockOvh::on`] adds a rule for a method and a path pattern and returns a
//! [`Rule`] to say what it answers ([`Rule::reply`], [`Rule::reply_json`],
//! [`Rule::reply_error`], [`Rule::reply_sequence`], [`Rule::reply_pages`], …),
//! after how long ([`Rule::delay`]), and whether it needs authentication
//! ([`Rule::unauthenticated`]). A new rule answers `200 null` until told
//! otherwise.
//!
//! * Paths are relative to `/1.0` (`"/me"` matches `/1.0/me`) unless they
//!   start with `/1.0/`, `/v1/` or `/v2/`. A query string in the pattern is
//!   ignored.
//! * A `{name}` segment matches any one non-empty segment, as sent
//!   (percent-encoded).
//! * When several rules match a request, the latest one answers.
//! * Rules need a valid signature or OAuth2 token (else 401 "You must login
//!   first"), except rules for `GET /auth/time` and `POST /auth/credential`.
//!
//! [`MockOvh::on_call`] makes a rule from a typed call instead
//! (`mock.on_call(|c| c.me().bill().get())`): it matches that call's method,
//! exact path and query string, and returns a [`TypedRule`] whose replies
//! must be of the call's answer type (a `Vec<String>` here; replying
//! anything else does not compile). Typed and pattern rules are one list:
//! the latest matching rule answers.
//!
//! # Under OVH's host names
//!
//! The mock checks a signature over `http://` + the request's `Host` header + its path and
//! query: the URL the client signed, whatever host it names. So a client can call it as
//! `api.eu.ovhcloud.com` (or any host), with
//! [`ClientBuilder::resolve`](crate::ClientBuilder::resolve) connecting that host to the
//! mock's address. The mock speaks plain HTTP, so the base is `http://`; a port left out
//! of the URL is the resolved address's.
//!
//! ```
//! # #[tokio::main] async fn main() -> ovh_api::Result<()> {
//! let mock = ovh_api::mock::MockOvh::start().await;
//! mock.on("GET", "/me").reply(&serde_json::json!({"nichandle": "xx1-ovh"}));
//! let client = mock
//!     .client_builder()
//!     .endpoint("http://api.eu.ovhcloud.com/1.0")
//!     .resolve("api.eu.ovhcloud.com", mock.addr())
//!     .build()?;
//! let _: serde_json::Value = client.get("/me").await?;
//! let call = &mock.requests()[0];
//! assert_eq!(call.url, "http://api.eu.ovhcloud.com/1.0/me");
//! assert!(call.signature.is_valid());
//! // The token URL follows the host (override it with the mock's `token_url()`).
//! assert_eq!(
//!     client.endpoint().oauth2_token_url(),
//!     Some("https://auth.eu.ovhcloud.com/oauth2/token")
//! );
//! # Ok(()) }
//! ```
//!
//! # Built in
//!
//! * `GET /1.0/auth/time`: the mock's clock ([`MockOvh::set_time_offset`]
//!   moves it).
//! * `POST /1.0/auth/credential`: issues consumer keys, known from then on
//!   ([`MockOvh::credentials`]).
//! * `POST /auth/oauth2/token` (at the root, [`MockOvh::token_url`]): the
//!   OAuth2 client credentials grant, for [`DEFAULT_CLIENT_ID`] /
//!   [`DEFAULT_CLIENT_SECRET`] and clients added with
//!   [`MockOvh::add_oauth2_client`]; calls with an issued
//!   `Authorization: Bearer` token count as authenticated.
//! * Batch GETs: `GET prefix/{id1},{id2},…` with `X-Ovh-Batch: ,` is answered
//!   `[{"key","value","error"}…]`, each id from the rule for `prefix/{id}` (a
//!   rule for the literal path of several ids answers instead).
//! * Every answer carries an `X-Ovh-QueryID` header.
//!
//! # Answers to bad requests (checked in this order)
//!
//! | Condition | Status | `errorCode` / `message` |
//! |---|---|---|
//! | A Host/`X-Ovh-*`/`Content-Type` header is not valid text | 400 | `INVALID_HEADER` |
//! | Non-empty body without `Content-Type: application/json` | 400 | `INVALID_CONTENT_TYPE` |
//! | Non-empty body that is not JSON | 400 | `INVALID_JSON` / `Invalid JSON received` |
//! | Signed, unknown or missing application key | 403 | `INVALID_KEY` / `Invalid application key` |
//! | Signed, unknown or missing consumer key | 403 | `INVALID_CREDENTIAL` / `This credential does not exist` |
//! | Signed, timestamp missing or not an integer | 400 | `INVALID_SIGNATURE` / `Invalid timestamp` |
//! | Signed, \|timestamp − mock time\| > [`MAX_CLOCK_SKEW_SECS`] | 400 | `QUERY_TIME_OUT` / `Query out of time` |
//! | Signed, signature mismatch | 400 | `INVALID_SIGNATURE` / `Invalid signature` |
//! | `Authorization: Bearer` with an unknown or expired token | 401 | `INVALID_TOKEN` |
//! | No rule for method + path | 404 | `NOT_FOUND` / `Got an invalid (or empty) URL: no mock rule matched GET /1.0/…; nearest rules: …` (at most 3: same method first, then the longest common path prefix) |
//! | Unauthenticated request to a rule requiring authentication | 401 | body `{"message":"You must login first"}` |
//!
//! (`QUERY_TIME_OUT`, `INVALID_HEADER`, `INVALID_CONTENT_TYPE`, `INVALID_JSON`
//! and `NOT_FOUND` are the mock's own error codes.) The mock never panics on
//! what it receives: anything it cannot make sense of gets an answer.

mod auth;
mod batch;
mod oauth2;
mod pagination;
mod recording;
mod rules;
mod server;
mod signature;
mod state;
mod typed;

pub use auth::{AccessRule, IssuedCredential};
pub use pagination::DEFAULT_PAGE_SIZE;
pub use recording::RecordedRequest;
pub use rules::{ovh_error_body, Reply, Rule};
pub use signature::{sign, SignatureCheck};
pub use typed::TypedRule;

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use crate::consumer_key::rule_for_path;
use crate::{Client, ClientBuilder, ConfigLookup, Method, TypedCall};
use state::Shared;

/// Application key of the default application, known to every mock.
pub const DEFAULT_APP_KEY: &str = "mockovh-app-key";
/// Application secret of [`DEFAULT_APP_KEY`].
pub const DEFAULT_APP_SECRET: &str = "mockovh-app-secret";
/// A consumer key known to every mock.
pub const DEFAULT_CONSUMER_KEY: &str = "mockovh-consumer-key";
/// OAuth2 client id of the default service account, known to every mock.
pub const DEFAULT_CLIENT_ID: &str = "mockovh-client-id";
/// OAuth2 client secret of [`DEFAULT_CLIENT_ID`].
pub const DEFAULT_CLIENT_SECRET: &str = "mockovh-client-secret";
/// Lifetime of issued access tokens unless [`MockOvh::set_token_lifetime`]
/// changes it.
pub const DEFAULT_TOKEN_LIFETIME_SECS: u64 = 3600;
/// Largest accepted difference, in seconds, between `X-Ovh-Timestamp` and the
/// mock's clock.
pub const MAX_CLOCK_SKEW_SECS: i64 = 5;

/// A running mock OVH API. It stops when dropped.
///
/// Every method takes `&self` and may be called while requests are in
/// flight.
pub struct MockOvh {
    shared: Arc<Shared>,
    addr: SocketAddr,
    /// The client [`MockOvh::on_call`] builds calls with, made once.
    call_client: OnceLock<Client>,
    /// Dropping it stops the server and its connections.
    _shutdown: tokio::sync::watch::Sender<()>,
}

impl std::fmt::Debug for MockOvh {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockOvh").field("addr", &self.addr).finish()
    }
}

impl MockOvh {
    /// Starts a mock on `127.0.0.1` and a random port, served by a task on
    /// the current tokio runtime. The default application
    /// ([`DEFAULT_APP_KEY`] / [`DEFAULT_APP_SECRET`]), [`DEFAULT_CONSUMER_KEY`]
    /// and the default service account ([`DEFAULT_CLIENT_ID`] /
    /// [`DEFAULT_CLIENT_SECRET`]) are known.
    ///
    /// # Panics
    ///
    /// Outside a tokio runtime, or when no local port can be bound (see
    /// [`MockOvh::try_start`]).
    pub async fn start() -> MockOvh {
        match MockOvh::try_start().await {
            Ok(mock) => mock,
            Err(e) => panic!("mock OVH: cannot listen on 127.0.0.1: {e}"),
        }
    }

    /// Like [`MockOvh::start`], but a failure to bind a local port is an
    /// error.
    pub async fn try_start() -> std::io::Result<MockOvh> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new(format!("http://{addr}")));
        {
            let mut state = shared.state();
            state
                .apps
                .insert(DEFAULT_APP_KEY.to_owned(), DEFAULT_APP_SECRET.to_owned());
            state.consumer_keys.insert(DEFAULT_CONSUMER_KEY.to_owned());
            state.oauth2_clients.insert(
                DEFAULT_CLIENT_ID.to_owned(),
                DEFAULT_CLIENT_SECRET.to_owned(),
            );
        }
        let (shutdown, stopped) = tokio::sync::watch::channel(());
        tokio::spawn(server::serve(listener, shared.clone(), stopped));
        tracing::debug!(target: "ovh_api::mock", %addr, "mock OVH listening");
        Ok(MockOvh {
            shared,
            addr,
            call_client: OnceLock::new(),
            _shutdown: shutdown,
        })
    }

    /// The socket address the mock listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`: the root, under which `/v1/…` and `/v2/…`
    /// live.
    pub fn root_url(&self) -> String {
        self.shared.root_url.clone()
    }

    /// `http://127.0.0.1:PORT/1.0`: the API base URL (the endpoint) to give a
    /// client.
    pub fn base_url(&self) -> String {
        format!("{}/1.0", self.shared.root_url)
    }

    /// A client for the mock: its endpoint, the default application and
    /// consumer key, and no configuration read from the environment or files.
    ///
    /// # Panics
    ///
    /// If the HTTP client cannot be built (the TLS backend failed to
    /// initialise); [`MockOvh::client_builder`] returns that error instead.
    pub fn client(&self) -> Client {
        match self.client_builder().build() {
            Ok(client) => client,
            Err(e) => panic!("mock OVH: cannot build a client: {e}"),
        }
    }

    /// The builder [`MockOvh::client`] builds, to change before building
    /// (retry policy, timeout, another consumer key…).
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .config_lookup(ConfigLookup::with_files(
                Vec::<(String, String)>::new(),
                Vec::new(),
            ))
            .endpoint(self.base_url())
            .application_key(DEFAULT_APP_KEY)
            .application_secret(DEFAULT_APP_SECRET)
            .consumer_key(DEFAULT_CONSUMER_KEY)
    }

    /// Adds a rule for `method` (case-insensitive) and the path pattern
    /// `path`, and returns it to configure. See [Rules](self#rules): `{name}`
    /// segments match any segment, and the latest matching rule answers.
    pub fn on(&self, method: &str, path: &str) -> Rule<'_> {
        Rule::add(self, method, path)
    }

    /// Adds a rule for the request a typed call sends: its method and exactly its path and
    /// query string (a call with other query parameters does not match; headers are not
    /// looked at). `call` builds it from a client for the mock. The rule's replies are of
    /// the call's answer type, [`TypedCall::Output`]: replying anything else does not compile.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> ovh_api::Result<()> {
    /// let mock = ovh_api::mock::MockOvh::start().await;
    /// mock.on_call(|c| c.me().bill().get()).reply(&vec!["FR1".to_string()]);
    /// mock.on_call(|c| c.me().get()).reply_error(404, "gone");
    ///
    /// let client = mock.client();
    /// assert_eq!(client.me().bill().get().await?, ["FR1"]);
    /// assert_eq!(client.me().get().await.unwrap_err().status(), Some(404));
    /// // Another query is another call: no rule, 404.
    /// let since = client.me().bill().get().date_from("2024-01-01");
    /// assert_eq!(since.await.unwrap_err().status(), Some(404));
    /// # Ok(()) }
    /// ```
    ///
    /// For a /v2 list ([`crate::Paged`]) the answer type is the `Vec` of every item, served
    /// page by page (see [`TypedRule`]). A call that cannot be built (sending it would fail
    /// before any request) gives a rule that matches nothing.
    ///
    /// # Panics
    ///
    /// As [`MockOvh::client`], the first time, if the client cannot be built.
    pub fn on_call<C: TypedCall>(
        &self,
        call: impl FnOnce(&Client) -> C,
    ) -> TypedRule<'_, C::Output> {
        let client = self.call_client.get_or_init(|| self.client());
        let target = call(client).call_target();
        TypedRule::add(self, client, target)
    }

    /// Serves `GET path` as a cursor-paginated /v2 list of `items`:
    /// shorthand for `on("GET", path).reply_pages(items)`.
    pub fn on_v2_list<T: serde::Serialize>(
        &self,
        path: &str,
        items: impl IntoIterator<Item = T>,
    ) -> Rule<'_> {
        self.on("GET", path).reply_pages(items)
    }

    /// The API calls received so far, in arrival order: every request but
    /// the client's own plumbing, its clock sync (`GET /1.0/auth/time`) and
    /// OAuth2 token requests (`POST /auth/oauth2/token`).
    /// [`MockOvh::all_requests`] has those too.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared
            .state()
            .requests
            .iter()
            .filter(|r| !r.is_plumbing())
            .cloned()
            .collect()
    }

    /// The consumer-key rules the API calls received so far needed ([`MockOvh::requests`]):
    /// sorted, each once, every path parameter as `*` by the template of the compiled-in
    /// operation the path matches (never by guessing which segment is an id); a path no
    /// operation matches as it is. What a consumer key for the code under test must allow.
    ///
    /// Every rule is listed, also one that another covers (`GET /dedicated/server/*` covers
    /// `GET /dedicated/server/*/task/*`): [`crate::consumer_key::minimize_rules`] drops those,
    /// as `ConsumerKeyRequest::allow_calls` does.
    ///
    /// ```
    /// # #[cfg(feature = "dedicated-server")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> ovh_api::Result<()> {
    /// use ovh_api::consumer_key::minimize_rules;
    /// use ovh_api::mock::MockOvh;
    ///
    /// let mock = MockOvh::start().await;
    /// let client = mock.client();
    /// mock.on("GET", "/dedicated/server/{serviceName}").reply(&serde_json::json!({}));
    /// mock.on("GET", "/dedicated/server/{serviceName}/task/{taskId}").reply(&serde_json::json!({}));
    /// client.get::<serde_json::Value>("/dedicated/server/ns1.example.net").await?;
    /// client.get::<serde_json::Value>("/dedicated/server/ns1.example.net/task/42").await?;
    ///
    /// let rules = mock.access_rules();
    /// let shown: Vec<String> = rules.iter().map(ToString::to_string).collect();
    /// assert_eq!(shown, ["GET /dedicated/server/*", "GET /dedicated/server/*/task/*"]);
    /// let minimal: Vec<String> = minimize_rules(rules).iter().map(ToString::to_string).collect();
    /// assert_eq!(minimal, ["GET /dedicated/server/*"]);
    /// # Ok(()) }
    /// # #[cfg(not(feature = "dedicated-server"))]
    /// # fn main() {}
    /// ```
    pub fn access_rules(&self) -> Vec<AccessRule> {
        self.needed_access().0.into_iter().collect()
    }

    /// The IAM actions OVH's schemas require for the API calls received so far, sorted, each
    /// once: what an IAM policy for the code under test must allow.
    pub fn iam_actions(&self) -> Vec<String> {
        self.needed_access()
            .1
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    /// The rules and actions of the API calls received (see [`rule_for_path`]).
    fn needed_access(&self) -> (BTreeSet<AccessRule>, BTreeSet<&'static str>) {
        let mut rules = BTreeSet::new();
        let mut actions = BTreeSet::new();
        for request in self.requests() {
            // The mock answers other methods (HEAD, ...) that no rule can allow.
            let Ok(method) = request.method.parse::<Method>() else {
                continue;
            };
            let (rule, needed) = rule_for_path(method, request.api_path());
            rules.insert(rule);
            actions.extend(needed);
        }
        (rules, actions)
    }

    /// Every request received so far, in arrival order, the client's clock
    /// sync and token requests included.
    pub fn all_requests(&self) -> Vec<RecordedRequest> {
        self.shared.state().requests.clone()
    }

    /// Forgets every recorded request (not the counters).
    pub fn clear_requests(&self) {
        self.shared.state().requests.clear();
    }

    /// How many `GET /1.0/auth/time` requests were received.
    pub fn time_requests(&self) -> usize {
        self.shared.time_requests.load(Ordering::SeqCst)
    }

    /// Registers an application, or changes its secret.
    pub fn add_application(&self, app_key: &str, app_secret: &str) {
        self.shared
            .state()
            .apps
            .insert(app_key.to_owned(), app_secret.to_owned());
    }

    /// Makes a consumer key known (valid for every application).
    pub fn add_consumer_key(&self, consumer_key: &str) {
        self.shared
            .state()
            .consumer_keys
            .insert(consumer_key.to_owned());
    }

    /// Forgets a consumer key, as if revoked.
    pub fn remove_consumer_key(&self, consumer_key: &str) {
        self.shared.state().consumer_keys.remove(consumer_key);
    }

    /// Sets the mock's clock to the real clock plus `secs` (`3600`: an hour
    /// ahead). Moves `/auth/time` and the timestamp check.
    pub fn set_time_offset(&self, secs: i64) {
        self.shared.time_offset.store(secs, Ordering::SeqCst);
    }

    /// The mock's current unix time (real clock plus offset).
    pub fn server_time(&self) -> i64 {
        self.shared.now()
    }

    /// Consumer keys issued by `POST /1.0/auth/credential`.
    pub fn credentials(&self) -> Vec<IssuedCredential> {
        self.shared.state().credentials.clone()
    }

    /// The OAuth2 token URL: `http://127.0.0.1:PORT/auth/oauth2/token`.
    pub fn token_url(&self) -> String {
        format!("{}{}", self.shared.root_url, state::TOKEN_PATH)
    }

    /// Registers an OAuth2 client (service account).
    pub fn add_oauth2_client(&self, client_id: &str, client_secret: &str) {
        self.shared
            .state()
            .oauth2_clients
            .insert(client_id.to_owned(), client_secret.to_owned());
    }

    /// Makes an access token valid (for good), as if issued elsewhere.
    pub fn add_access_token(&self, token: &str) {
        let forever = Instant::now() + Duration::from_secs(1 << 30);
        self.shared.state().tokens.insert(token.to_owned(), forever);
    }

    /// The `expires_in` of tokens issued from now on (they are refused after
    /// that many seconds).
    pub fn set_token_lifetime(&self, secs: u64) {
        self.shared.state().token_lifetime = secs;
    }

    /// Waits this long before answering token requests.
    pub fn set_token_delay(&self, delay: Duration) {
        self.shared.state().token_delay = delay;
    }

    /// Answers token requests with `reply` instead of issuing tokens (`None`
    /// restores the token endpoint).
    pub fn set_token_reply(&self, reply: Option<Reply>) {
        self.shared.state().token_reply = reply;
    }

    /// Forgets every access token issued so far (calls with them get 401).
    pub fn revoke_tokens(&self) {
        self.shared.state().tokens.clear();
    }

    /// How many token requests (`POST /auth/oauth2/token`) were received.
    pub fn token_requests(&self) -> usize {
        self.shared.token_requests.load(Ordering::SeqCst)
    }
}
