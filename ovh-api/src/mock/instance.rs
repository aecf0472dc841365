//! [`MockOvh`]: a running mock, what users call to add rules and read what it received.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use super::paths::TOKEN_PATH;
use super::recording::RecordedRequest;
use super::replay::{Replay, ReplayReport};
use super::reply::Reply;
use super::rules::Rule;
use super::server;
use super::state::{IssuedCredential, Shared};
use super::typed::TypedRule;
use crate::cassette::{Cassette, CassetteError};
use crate::consumer_key::rule_for_path;
use crate::consumer_key::AccessRule;
use crate::{Client, ClientBuilder, ConfigLookup, Method, TypedCall};

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

    /// Starts a mock (as [`MockOvh::start`]) that answers the exchanges of the cassette at
    /// `path`, recorded by a client built with
    /// [`ClientBuilder::record_to`](crate::ClientBuilder::record_to): each request gets the
    /// answer of the first exchange not played yet that it matches on method, path, query
    /// string and JSON body (a recorded `"<redacted>"` matches any value; headers, the
    /// timestamp and the signature are not compared). Requests made at once may so come in
    /// another order than recorded, and the same request made again (a retry, a poll) gets
    /// the next recorded answer.
    ///
    /// Signatures are checked as [`MockOvh::start`]'s are, with the default credentials:
    /// [`MockOvh::client`] and [`MockOvh::client_builder`] give a client that signs right.
    /// The clock sync (`GET /auth/time`, never recorded) is answered by the mock's clock;
    /// a rule added with [`MockOvh::on`] answers before the cassette. A request that matches
    /// no exchange left is answered 400 `REPLAY_MISMATCH`, its message naming what came and
    /// what was expected, and listed by [`MockOvh::replay_report`], with the exchanges
    /// never played. A recorded `Retry-After` and a wait's polls replay as recorded: under
    /// tokio's paused clock (`#[tokio::test(start_paused = true)]`) nothing really sleeps.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> ovh_api::Result<()> {
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let path = dir.path().join("session.jsonl");
    /// # { let live = ovh_api::mock::MockOvh::start().await;
    /// #   live.on("GET", "/me").reply(&serde_json::json!({"nichandle": "xx1-ovh"}));
    /// #   let c = live.client_builder().record_to(&path).build()?;
    /// #   let _: serde_json::Value = c.get("/me").await?; }
    /// use ovh_api::mock::MockOvh;
    ///
    /// let mock = MockOvh::replay(&path).await?; // a cassette recorded earlier
    /// let me: serde_json::Value = mock.client().get("/me").await?;
    /// assert_eq!(me["nichandle"], "xx1-ovh");
    /// let report = mock.replay_report();
    /// assert!(report.is_exact(), "{report}");
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// When the cassette cannot be read ([`Cassette::read`]): a missing, empty, foreign or
    /// cut-short file, or a line that is not an exchange, named with its line.
    ///
    /// # Panics
    ///
    /// As [`MockOvh::start`]: outside a tokio runtime, or when no local port can be bound.
    pub async fn replay(path: impl AsRef<std::path::Path>) -> Result<MockOvh, CassetteError> {
        let cassette = Cassette::read(path)?;
        Ok(MockOvh::replay_cassette(cassette).await)
    }

    /// Starts a mock replaying a cassette already read (say with
    /// [`Cassette::read_lenient`], to replay what a crashed recording left), as
    /// [`MockOvh::replay`] does.
    ///
    /// # Panics
    ///
    /// As [`MockOvh::start`].
    pub async fn replay_cassette(cassette: Cassette) -> MockOvh {
        let mock = MockOvh::start().await;
        // A consumer key OVH issued during the recording (`POST /auth/credential`) is recorded
        // as the marker: a replayed program signs with the marker, which is then a known key.
        mock.add_consumer_key(crate::cassette::REDACTED);
        mock.shared.state().replay = Some(Replay::new(cassette));
        mock
    }

    /// What a replaying mock made of its cassette so far: the exchanges played, the requests
    /// that matched none, the exchanges never played. For a mock not replaying, an empty
    /// report (no cassette, nothing played).
    ///
    /// ```text
    /// let report = mock.replay_report();
    /// assert!(report.is_exact(), "{report}"); // lists every difference
    /// ```
    pub fn replay_report(&self) -> ReplayReport {
        match &self.shared.state().replay {
            Some(replay) => replay.report(),
            None => ReplayReport {
                cassette: std::path::PathBuf::new(),
                played: 0,
                mismatches: Vec::new(),
                unplayed: Vec::new(),
            },
        }
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
    /// `path`, and returns it to configure. See [Rules](crate::mock#rules): `{name}`
    /// segments match any segment, and the latest matching rule answers.
    pub fn on(&self, method: &str, path: &str) -> Rule<'_> {
        Rule::add(&self.shared, method, path)
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
        TypedRule::add(&self.shared, client, target)
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
        format!("{}{}", self.shared.root_url, TOKEN_PATH)
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
