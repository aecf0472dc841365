//! The client: construction, configuration, connection pool, server clock,
//! sending. The ways to start a call (`get`, `post`, `get_batch`, …) are in
//! `raw.rs`.

use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures::future::Either;
use hyper::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use tokio::time::Instant;

use crate::operations::ALL as ALL_OPERATIONS;
use crate::runtime::auth::access::{AccessLog, AccessRule};
use crate::runtime::auth::config::{Config, ConfigLookup};
use crate::runtime::auth::endpoint::{is_v2_path, Endpoint};
use crate::runtime::auth::oauth2::{Token, TokenSource, DEFAULT_SCOPE};
use crate::runtime::auth::refresh::Refreshable;
use crate::runtime::auth::secret::Secret;
use crate::runtime::auth::signing::signature;
use crate::runtime::call::method::Method;
use crate::runtime::call::parts::RequestParts;
use crate::runtime::error::{ConfigError, Credential, Error, Result};
use crate::runtime::http::rate_limit::RateLimiter;
use crate::runtime::http::resolve::HostOverrides;
use crate::runtime::http::response::{RawResponse, Sent};
use crate::runtime::http::retry::{self, RetryPolicy};
use crate::runtime::http::transport::{uri_of, Answer, NetworkError, Outgoing, Transport};

/// Default time allowed for one call, all its attempts included, as in the
/// Python client.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(180);

/// A deadline that never comes, for timeouts too long for the clock (about 30 years, as
/// tokio's own "far future").
const FAR_FUTURE: Duration = Duration::from_secs(86_400 * 365 * 30);

/// Largest clock difference accepted from `/auth/time` (about a century):
/// far beyond any real clock error, small enough to rule out garbage.
const MAX_CLOCK_DELTA_SECS: i64 = 100 * 366 * 24 * 3600;

const X_OVH_APPLICATION: HeaderName = HeaderName::from_static("x-ovh-application");
const X_OVH_CONSUMER: HeaderName = HeaderName::from_static("x-ovh-consumer");
const X_OVH_TIMESTAMP: HeaderName = HeaderName::from_static("x-ovh-timestamp");
const X_OVH_SIGNATURE: HeaderName = HeaderName::from_static("x-ovh-signature");
const X_SCHEMAS_VERSION: HeaderName = HeaderName::from_static("x-schemas-version");

/// An OVH API client.
///
/// Cheap to clone: clones share the connection pool, the server clock
/// offset, the OAuth2 token and the rate limit, so one client can serve many
/// tasks at once.
///
/// ```no_run
/// # async fn demo() -> ovh_api::Result<()> {
/// // Endpoint and keys from the environment or ovh.conf:
/// let client = ovh_api::Client::new()?;
/// let me: serde_json::Value = client.get("/me").await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// Everything a client holds; a clone shares the pool, rate limit and clock (`Arc`s, and
/// the HTTP client's own shared pool).
#[derive(Clone)]
struct Inner {
    http: Transport,
    endpoint: Endpoint,
    application_key: Option<String>,
    /// `X-Ovh-Application`, ready to send.
    application_header: Option<HeaderValue>,
    auth: Auth,
    timeout: Duration,
    retry: RetryPolicy,
    /// Shared with clones and derived clients.
    rate_limit: Option<Arc<RateLimiter>>,
    /// Server clock minus local clock, in seconds, from `/auth/time`;
    /// shared with clones and derived clients.
    clock: Arc<Refreshable<i64>>,
    /// `X-Schemas-Version` sent on /v2 calls.
    schemas_version: Option<SchemasVersion>,
    /// The access rules and IAM actions of the calls sent, when recorded; shared with clones
    /// and derived clients.
    access_log: Option<Arc<AccessLog>>,
}

/// The `X-Schemas-Version` value as given, and as a header, parsed once, when it is header
/// text (a call on /v2 says when it is not).
#[derive(Clone)]
struct SchemasVersion {
    text: String,
    header: Option<HeaderValue>,
}

/// How signed calls are authenticated.
#[derive(Clone)]
enum Auth {
    /// OVH application keys: the secret and consumer key sign each call
    /// (either may be missing until a call needs it).
    Keys {
        application_secret: Option<Secret>,
        consumer_key: Option<Consumer>,
    },
    /// OAuth2 bearer tokens.
    Bearer(Arc<TokenSource>),
    /// Half of the OAuth2 client credentials.
    Missing(Credential),
}

/// A consumer key, and its `X-Ovh-Consumer` header value (marked
/// sensitive), or why it cannot be one.
#[derive(Clone)]
struct Consumer {
    key: Secret,
    header: Result<HeaderValue, ()>,
}

impl Consumer {
    fn new(key: Secret) -> Self {
        let header = HeaderValue::from_str(key.expose())
            .map(|mut value| {
                value.set_sensitive(true);
                value
            })
            .map_err(|_| ());
        Consumer { key, header }
    }
}

impl fmt::Debug for Consumer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.key.fmt(f)
    }
}

/// What one attempt of a call carries to prove who sends it.
enum Authorization<'a> {
    None,
    Signed {
        secret: &'a Secret,
        consumer: &'a Consumer,
        delta: i64,
    },
    Bearer(Token),
}

// Not methods of `Client`: every name there is reserved against generated methods
// (`runtime/reserved.rs`).
impl<'a> Authorization<'a> {
    /// OVH refused the signature's timestamp: asks `/auth/time` again (once for all the
    /// clones sharing the clock) and signs the next attempt with the new offset.
    async fn resync_clock(
        &mut self,
        client: &'a Client,
        parts: &RequestParts,
        attempt: u32,
    ) -> Result<()> {
        let Authorization::Signed { delta, .. } = self else {
            return Ok(());
        };
        tracing::warn!(
            target: "ovh_api::client",
            method = parts.method.as_str(),
            attempt,
            "OVH refused the timestamp (QUERY_TIME_OUT): re-syncing the clock"
        );
        let stale = *delta;
        // Boxed, like every rare path here: inline, it would enlarge the future of every call.
        let refresh = client
            .inner
            .clock
            .refresh(&stale, || client.fetch_time_delta());
        *delta = Box::pin(refresh).await?;
        Ok(())
    }

    /// OVH refused the access token: renews it (once for all the clones sharing it) for
    /// the next attempt. `false` when it cannot be renewed (a fixed token): the refusal
    /// is then the answer.
    async fn renew_token(
        &mut self,
        client: &Client,
        parts: &RequestParts,
        attempt: u32,
    ) -> Result<bool> {
        let inner = &*client.inner;
        let (Auth::Bearer(source), Authorization::Bearer(rejected)) = (&inner.auth, &*self) else {
            return Ok(false);
        };
        // Boxed, like every rare path here: inline, it would enlarge the future of every call.
        let Some(token) = Box::pin(source.renew(&inner.http, rejected)).await? else {
            return Ok(false);
        };
        tracing::warn!(
            target: "ovh_api::client",
            method = parts.method.as_str(),
            attempt,
            "OVH refused the access token (HTTP 401): renewed it"
        );
        *self = Authorization::Bearer(token);
        Ok(true)
    }
}

/// Why OVH refused an attempt before processing it, when fixing the credentials and
/// sending again at once can succeed, whatever the method (nothing was acted on).
enum Refusal {
    /// `QUERY_TIME_OUT` on a signed call: the clock offset is stale.
    Timestamp,
    /// HTTP 401 on a bearer call: the token expired or was revoked.
    Token,
}

/// Which refusals a call has answered already: each is answered once, so that a second
/// one (the fix did not help) is returned or retried like any other answer.
#[derive(Default)]
struct CredentialFixes {
    clock_resynced: bool,
    token_renewed: bool,
}

impl CredentialFixes {
    /// The refusal in `outcome` that this call has not answered yet, now marked answered.
    fn first_refusal(
        &mut self,
        outcome: &Result<RawResponse>,
        auth: &Authorization<'_>,
    ) -> Option<Refusal> {
        let Ok(raw) = outcome else {
            return None;
        };
        match auth {
            Authorization::Signed { .. }
                if !self.clock_resynced && retry::is_query_time_out(raw) =>
            {
                self.clock_resynced = true;
                Some(Refusal::Timestamp)
            }
            Authorization::Bearer(_) if raw.status == 401 && !self.token_renewed => {
                self.token_renewed = true;
                Some(Refusal::Token)
            }
            _ => None,
        }
    }
}

/// What one call may spend on retrying transient failures: the policy's backoff, a number
/// of attempts, and the call's deadline.
struct RetryBudget<'a> {
    policy: &'a RetryPolicy,
    max_attempts: u32,
    deadline: Instant,
}

impl<'a> RetryBudget<'a> {
    /// The budget of a call: the request's own policy, else the client's.
    fn new(parts: &'a RequestParts, client_policy: &'a RetryPolicy, deadline: Instant) -> Self {
        let policy = parts.retry.as_ref().unwrap_or(client_policy);
        // GET, PUT and DELETE are idempotent; a POST (or a PATCH) may have been acted on even
        // when its answer is an error, so it is retried only when the request says it may be.
        let idempotent_method = matches!(parts.method, Method::Get | Method::Put | Method::Delete);
        let retryable = idempotent_method || !parts.signed || parts.idempotent;
        RetryBudget {
            policy,
            max_attempts: if retryable { policy.attempts() } else { 1 },
            deadline,
        }
    }

    /// How long to wait before attempt `attempt + 1`; `None` to return `outcome` as it is:
    /// it is not a transient failure, the attempts are used up, or the wait would end at
    /// or past the deadline (sleeping would only end in a timeout that hides this answer).
    fn wait_before_retry(
        &self,
        parts: &RequestParts,
        outcome: &Result<RawResponse>,
        attempt: u32,
    ) -> Option<Duration> {
        let (reason, retry_after) = retry::transient(outcome)?;
        if attempt >= self.max_attempts {
            return None;
        }
        let wait = self.policy.wait(attempt, retry_after);
        if Instant::now()
            .checked_add(wait)
            .is_none_or(|end| end >= self.deadline)
        {
            return None;
        }
        tracing::warn!(
            target: "ovh_api::client",
            method = parts.method.as_str(),
            attempt,
            max_attempts = self.max_attempts,
            reason,
            wait_ms = wait.as_millis() as u64,
            "OVH API call failed transiently: retrying"
        );
        Some(wait)
    }
}

impl Client {
    /// A client configured from the environment and `ovh.conf` files alone
    /// (see [`crate::config`]).
    pub fn new() -> Result<Client> {
        ClientBuilder::new().build()
    }

    /// A builder to set values explicitly; unset values are looked up as
    /// [`Client::new`] does.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The endpoint this client calls.
    pub fn endpoint(&self) -> &Endpoint {
        &self.inner.endpoint
    }

    /// The application key, when configured.
    pub fn application_key(&self) -> Option<&str> {
        self.inner.application_key.as_deref()
    }

    /// The access rules of the calls sent so far (by this client, its clones and the clients
    /// derived from it), sorted, each once, path parameters as `*` by the operation's
    /// template; empty unless built with [`ClientBuilder::record_access`].
    pub fn recorded_access_rules(&self) -> Vec<AccessRule> {
        self.inner
            .access_log
            .as_ref()
            .map_or_else(Vec::new, |log| log.rules())
    }

    /// The IAM actions OVH's schemas require for the calls sent so far, sorted, each once;
    /// empty unless built with [`ClientBuilder::record_access`].
    pub fn recorded_iam_actions(&self) -> Vec<String> {
        self.inner
            .access_log
            .as_ref()
            .map_or_else(Vec::new, |log| log.iam_actions())
    }

    /// A client identical to this one (same pool, same clock offset, same
    /// rate limit) that signs with another consumer key, e.g. one just
    /// obtained from [`Client::new_consumer_key_request`].
    pub fn with_consumer_key(&self, consumer_key: impl Into<Secret>) -> Client {
        let inner = &self.inner;
        let application_secret = match &inner.auth {
            Auth::Keys {
                application_secret, ..
            } => application_secret.clone(),
            _ => None,
        };
        Client {
            inner: Arc::new(Inner {
                auth: Auth::Keys {
                    application_secret,
                    consumer_key: Some(Consumer::new(consumer_key.into())),
                },
                ..Inner::clone(inner)
            }),
        }
    }

    /// The server clock offset (server − local, seconds), asking
    /// `/auth/time` the first time. Concurrent first callers share one
    /// request.
    pub async fn time_delta(&self) -> Result<i64> {
        self.inner
            .clock
            .get(|_| false, || self.fetch_time_delta())
            .await
    }

    async fn fetch_time_delta(&self) -> Result<i64> {
        let mut parts = RequestParts::new(Method::Get, "/auth/time".to_owned());
        parts.signed = false;
        let raw = self.dispatch(&parts, &Authorization::None).await?;
        let server_time: i64 = raw.clone().decode()?;
        // Any real clock difference is far from overflowing; a value that
        // would overflow is not a time at all.
        server_time
            .checked_sub(unix_now())
            .filter(|delta| {
                delta
                    .checked_abs()
                    .is_some_and(|d| d < MAX_CLOCK_DELTA_SECS)
            })
            .ok_or_else(|| raw.invalid(format!("{server_time} is not a plausible server time")))
    }

    /// Sends a request, retrying as the policy allows, all attempts within
    /// the client's timeout. Returns the last answer, how many attempts
    /// were made and, for an error status, what the call needs to be allowed.
    pub(crate) fn execute(
        self,
        parts: Result<RequestParts>,
    ) -> impl Future<Output = Result<Sent>> + Send + 'static {
        // Not an `async fn` taking the `Result`: that would keep it for the whole
        // call next to the parts taken out of it.
        match parts {
            Ok(parts) => Either::Left(self.execute_parts(parts)),
            Err(error) => Either::Right(std::future::ready(Err(error))),
        }
    }

    /// [`Client::execute`] once the request is known to be well formed.
    async fn execute_parts(self, parts: RequestParts) -> Result<Sent> {
        if let Some(log) = &self.inner.access_log {
            log.record(ALL_OPERATIONS, parts.method, &parts.path, parts.operation);
        }
        let timeout = self.inner.timeout;
        // `Duration::MAX` (no timeout, in effect) must not overflow the clock.
        let deadline = Instant::now()
            .checked_add(timeout)
            .unwrap_or_else(|| Instant::now() + FAR_FUTURE);
        let mut attempts = 0;
        let outcome =
            tokio::time::timeout_at(deadline, self.attempts(&parts, deadline, &mut attempts)).await;
        match outcome {
            Ok(Ok(raw)) => {
                // Only an error reads it: a raw path is matched against the table for one only.
                let needed = if raw.is_success() {
                    None
                } else {
                    parts.needed_access(ALL_OPERATIONS)
                };
                Ok(Sent {
                    raw,
                    attempts,
                    needed,
                })
            }
            Ok(Err(error)) => Err(error.after_attempts(attempts)),
            Err(_) => Err(Error::Timeout {
                after: timeout,
                attempts,
            }),
        }
    }

    /// The attempt loop: authorize, wait for the rate limit, send; then
    /// re-sync the clock, renew the token or back off and try again when
    /// the answer calls for it.
    async fn attempts(
        &self,
        parts: &RequestParts,
        deadline: Instant,
        attempts: &mut u32,
    ) -> Result<RawResponse> {
        let budget = RetryBudget::new(parts, &self.inner.retry, deadline);
        let mut fixes = CredentialFixes::default();
        let mut auth = self.authorize(parts).await?;
        loop {
            *attempts += 1;
            if let Some(limiter) = &self.inner.rate_limit {
                limiter.acquire().await;
            }
            // In a block: the answer is not kept in the future during the wait.
            let wait = {
                let outcome = self.dispatch(parts, &auth).await;
                // Refused before being processed: fix the credentials and send again at once.
                let fixed = match fixes.first_refusal(&outcome, &auth) {
                    Some(Refusal::Timestamp) => {
                        auth.resync_clock(self, parts, *attempts).await?;
                        true
                    }
                    Some(Refusal::Token) => auth.renew_token(self, parts, *attempts).await?,
                    None => false,
                };
                if fixed {
                    continue;
                }
                match budget.wait_before_retry(parts, &outcome, *attempts) {
                    Some(wait) => wait,
                    None => return outcome,
                }
            };
            tokio::time::sleep(wait).await;
            if let Authorization::Bearer(_) = auth {
                // The token may have expired during the wait.
                auth = self.authorize(parts).await?;
            }
        }
    }

    /// What a call needs to be authenticated. Every credential it needs is
    /// checked before anything (even `/auth/time`) is sent. Unsigned calls,
    /// like the Python client's, send the application key only when there
    /// is one.
    async fn authorize(&self, parts: &RequestParts) -> Result<Authorization<'_>> {
        if !parts.signed {
            return Ok(Authorization::None);
        }
        let inner = &*self.inner;
        match &inner.auth {
            Auth::Keys {
                application_secret,
                consumer_key,
            } => {
                if inner.application_key.is_none() {
                    return Err(Error::MissingCredential(Credential::ApplicationKey));
                }
                let secret = application_secret
                    .as_ref()
                    .ok_or(Error::MissingCredential(Credential::ApplicationSecret))?;
                let consumer = consumer_key
                    .as_ref()
                    .ok_or(Error::MissingCredential(Credential::ConsumerKey))?;
                let delta = self.time_delta().await?;
                Ok(Authorization::Signed {
                    secret,
                    consumer,
                    delta,
                })
            }
            Auth::Bearer(source) => Ok(Authorization::Bearer(source.token(&inner.http).await?)),
            Auth::Missing(credential) => Err(Error::MissingCredential(*credential)),
        }
    }

    /// Builds the exact URL, signs it or adds the token, sends it once, and
    /// returns what came back without interpreting the status.
    async fn dispatch(
        &self,
        parts: &RequestParts,
        auth: &Authorization<'_>,
    ) -> Result<RawResponse> {
        // Built outside the future: what is only needed before sending then takes no
        // room in the future of every call (which is boxed per call).
        let request = self.prepare(parts, auth)?;
        let logging = tracing::enabled!(target: "ovh_api::client", tracing::Level::DEBUG);
        let started = logging.then(std::time::Instant::now);
        let path = logging.then(|| request.uri.path().to_owned());
        let Answer {
            status,
            headers,
            body,
        } = self
            .inner
            .http
            .send(request)
            .await
            .map_err(|e| self.transport_error(e))?;
        let raw = RawResponse {
            status,
            headers,
            body,
        };
        // The path and query id only: never headers, which hold credentials.
        if let (Some(path), Some(started)) = (path, started) {
            tracing::debug!(
                target: "ovh_api::client",
                method = parts.method.as_str(),
                path,
                status,
                duration_ms = started.elapsed().as_millis() as u64,
                query_id = raw.query_id().unwrap_or(""),
                "OVH API call"
            );
        }
        Ok(raw)
    }

    /// The HTTP request of one attempt: URL, headers, body, and the signature
    /// or token.
    fn prepare(&self, parts: &RequestParts, auth: &Authorization<'_>) -> Result<Outgoing> {
        let inner = &*self.inner;
        let url = self.url(parts)?;
        let body = parts.body.to_bytes()?;
        let mut headers = HeaderMap::with_capacity(8);
        if let Some(application) = &inner.application_header {
            headers.insert(X_OVH_APPLICATION, application.clone());
        }
        for (name, value) in &parts.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::InvalidParameter(format!("{name:?} is not a header name")))?;
            let value = HeaderValue::from_str(value).map_err(|_| {
                Error::InvalidParameter(format!("the value of header {name} is not header text"))
            })?;
            headers.append(name, value);
        }
        if let Some(version) = &inner.schemas_version {
            if is_v2_path(&parts.path) {
                let value = version.header.clone().ok_or_else(|| {
                    Error::InvalidParameter(format!(
                        "schemas_version {:?} is not header text",
                        version.text
                    ))
                })?;
                headers.insert(X_SCHEMAS_VERSION, value);
            }
        }
        if body.is_some() {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        match auth {
            Authorization::None => {}
            Authorization::Signed {
                secret,
                consumer,
                delta,
            } => {
                // Stamped as late as possible, and anew at every attempt:
                // OVH rejects stale timestamps.
                let timestamp = unix_now().saturating_add(*delta);
                let signature = signature(
                    secret.expose(),
                    consumer.key.expose(),
                    parts.method.as_str(),
                    url.as_str(),
                    body.as_deref().unwrap_or_default(),
                    timestamp,
                );
                let header = consumer.header.clone().map_err(|()| {
                    Error::InvalidParameter("the consumer key is not header text".into())
                })?;
                headers.insert(X_OVH_CONSUMER, header);
                headers.insert(X_OVH_TIMESTAMP, HeaderValue::from(timestamp));
                let mut signature = HeaderValue::try_from(signature)
                    .map_err(|_| Error::InvalidParameter("unsendable signature".into()))?;
                signature.set_sensitive(true);
                headers.insert(X_OVH_SIGNATURE, signature);
            }
            Authorization::Bearer(token) => {
                headers.insert(AUTHORIZATION, token.header.clone());
            }
        }
        let uri = uri_of(url).map_err(Error::InvalidParameter)?;
        Ok(Outgoing {
            method: parts.method.to_http(),
            uri,
            headers,
            body,
        })
    }

    /// The exact URL sent, and signed: base (or host root for `/v1`, `/v2`),
    /// path, then query pairs.
    fn url(&self, parts: &RequestParts) -> Result<url::Url> {
        let url = self.inner.endpoint.url_for(&parts.path_and_query());
        url::Url::parse(&url)
            .map_err(|e| Error::InvalidParameter(format!("cannot build a URL from {url:?}: {e}")))
    }

    fn transport_error(&self, error: NetworkError) -> Error {
        if error.is_timeout() {
            Error::Timeout {
                after: self.inner.timeout,
                attempts: 1,
            }
        } else {
            Error::Network(error)
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        let mut s = f.debug_struct("Client");
        s.field("endpoint", &inner.endpoint.base_url())
            .field("application_key", &inner.application_key);
        match &inner.auth {
            Auth::Keys {
                application_secret,
                consumer_key,
            } => s
                .field("application_secret", application_secret)
                .field("consumer_key", consumer_key),
            Auth::Bearer(source) => s.field("oauth2", source),
            Auth::Missing(credential) => s.field("missing", credential),
        };
        s.field("timeout", &inner.timeout)
            .field("retry", &inner.retry)
            .field("rate_limit", &inner.rate_limit)
            .finish()
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// Builds a [`Client`]. Values set here win over the environment, which
/// wins over configuration files (see [`crate::config`]).
#[derive(Default)]
pub struct ClientBuilder {
    explicit: Config,
    timeout: Option<Duration>,
    user_agent: Option<String>,
    config_file: Option<PathBuf>,
    lookup: Option<ConfigLookup>,
    schemas_version: Option<String>,
    retry: Option<RetryPolicy>,
    max_requests_per_second: Option<f64>,
    http: Option<reqwest::Client>,
    /// Host names and the addresses to connect to instead of DNS's, as given.
    resolve: Vec<(String, SocketAddr)>,
    oauth2_scope: Option<String>,
    record_access: bool,
}

impl ClientBuilder {
    /// A builder with nothing set.
    pub fn new() -> Self {
        Self::default()
    }

    /// The endpoint: a name from [`ENDPOINTS`](crate::ENDPOINTS) (`ovh-eu`,
    /// …) or an `http(s)://` base URL.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.explicit.endpoint = Some(endpoint.into());
        self
    }

    /// The application key.
    pub fn application_key(mut self, key: impl Into<String>) -> Self {
        self.explicit.application_key = Some(key.into());
        self
    }

    /// The application secret.
    pub fn application_secret(mut self, secret: impl Into<Secret>) -> Self {
        self.explicit.application_secret = Some(secret.into());
        self
    }

    /// The consumer key.
    pub fn consumer_key(mut self, key: impl Into<Secret>) -> Self {
        self.explicit.consumer_key = Some(key.into());
        self
    }

    /// The OAuth2 client id of a service account (client credentials).
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.explicit.client_id = Some(client_id.into());
        self
    }

    /// The OAuth2 client secret of a service account.
    pub fn client_secret(mut self, secret: impl Into<Secret>) -> Self {
        self.explicit.client_secret = Some(secret.into());
        self
    }

    /// A fixed OAuth2 access token, sent as `Authorization: Bearer …` and
    /// never renewed.
    pub fn access_token(mut self, token: impl Into<Secret>) -> Self {
        self.explicit.access_token = Some(token.into());
        self
    }

    /// The OAuth2 token URL, instead of the endpoint's (needed for a custom
    /// endpoint URL outside OVH's known hosts).
    pub fn oauth2_token_url(mut self, url: impl Into<String>) -> Self {
        self.explicit.oauth2_token_url = Some(url.into());
        self
    }

    /// The OAuth2 scope asked for (default `all`).
    pub fn oauth2_scope(mut self, scope: impl Into<String>) -> Self {
        self.oauth2_scope = Some(scope.into());
        self
    }

    /// How transient failures are retried (default: 3 attempts, see
    /// [`RetryPolicy`]); [`RetryPolicy::none()`] turns retries off.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Sends at most this many requests a second (every attempt counts),
    /// spaced evenly, across this client and all its clones. Must be
    /// positive and finite.
    pub fn max_requests_per_second(mut self, rate: f64) -> Self {
        self.max_requests_per_second = Some(rate);
        self
    }

    /// Sends through this HTTP client (proxies, custom root certificates,
    /// pool settings…) instead of building one. Its own settings apply; the
    /// builder's [`timeout`](Self::timeout) still bounds each call, and
    /// [`user_agent`](Self::user_agent), when set, is sent with each request.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Connects to `addr` whenever a request goes to `host`, instead of the addresses DNS
    /// gives for it, as curl's `--resolve` and reqwest's `ClientBuilder::resolve` do. Only
    /// the connection changes: the URL signed and sent, the `Host` header and the TLS server
    /// name still name `host`. The port of `addr` is used unless the URL names one (port 0:
    /// the scheme's). Applies to OAuth2 token requests too.
    ///
    /// Useful to test against a local server under OVH's real host names (the mock checks
    /// signatures over the URL the client signed, see `ovh_api::mock`), or to reach OVH at an
    /// address of your choice (a gateway, a fixed address, split-horizon DNS) without
    /// changing the URLs, and so the signatures, OVH receives.
    ///
    /// ```no_run
    /// # fn demo() -> ovh_api::Result<()> {
    /// let client = ovh_api::Client::builder()
    ///     .endpoint("https://api.eu.ovhcloud.com/1.0")
    ///     .resolve("api.eu.ovhcloud.com", "192.0.2.10:443".parse().unwrap())
    ///     .build()?;
    /// # let _ = client; Ok(()) }
    /// ```
    ///
    /// Host names are compared without case and a trailing dot; the last address given for
    /// a host wins. Building fails when `host` is not a host name, and with a given
    /// [`http_client`](Self::http_client), which resolves names as it was built to (use
    /// reqwest's `resolve` there). When a proxy variable is set in the environment (see
    /// [`http_client`](Self::http_client)), connections go to the proxy, which resolves the
    /// API host itself; `host` may then name the proxy.
    pub fn resolve(mut self, host: impl Into<String>, addr: SocketAddr) -> Self {
        self.resolve.push((host.into(), addr));
        self
    }

    /// Time allowed for one call, all its attempts included (default 180 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Pins the schema version of /v2 answers: sends `X-Schemas-Version: <version>` (a
    /// `major.minor` such as `"1.0"`) on every /v2 call, and on no /1.0 call.
    pub fn schemas_version(mut self, version: impl Into<String>) -> Self {
        self.schemas_version = Some(version.into());
        self
    }

    /// Records the access rule and IAM actions of every call the client (and its clones)
    /// sends, read back with [`Client::recorded_access_rules`] and
    /// [`Client::recorded_iam_actions`]: what a consumer key or an IAM policy for this
    /// program must allow. A typed call is recorded by its operation's template, a raw call
    /// by the template of the compiled-in operation its path matches, else by its path.
    pub fn record_access(mut self, record: bool) -> Self {
        self.record_access = record;
        self
    }

    /// Reads this configuration file instead of the default search list.
    pub fn config_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.config_file = Some(path.into());
        self
    }

    /// Looks unset values up here instead of the process environment and
    /// default files (useful in tests).
    pub fn config_lookup(mut self, lookup: ConfigLookup) -> Self {
        self.lookup = Some(lookup);
        self
    }

    /// Resolves the configuration and builds the client. Missing keys are
    /// reported when a call needs them, so a client without a consumer key
    /// can still request one.
    pub fn build(self) -> Result<Client> {
        let mut lookup = self.lookup.unwrap_or_else(ConfigLookup::from_process);
        if let Some(path) = self.config_file {
            lookup = lookup.with_file(path);
        }
        let config = lookup.resolve(&self.explicit)?;
        let endpoint = config
            .endpoint
            .as_deref()
            .ok_or(ConfigError::MissingEndpoint)?;
        let endpoint = Endpoint::parse(endpoint)?;
        let auth = auth(&config, &endpoint, self.oauth2_scope)?;
        let application_header = config
            .application_key
            .as_deref()
            .map(|key| config_header("application_key", key))
            .transpose()?;
        let rate_limit = match self.max_requests_per_second {
            None => None,
            Some(rate) => match RateLimiter::new(rate) {
                Some(limiter) => Some(Arc::new(limiter)),
                None => {
                    return Err(ConfigError::InvalidValue {
                        name: "max_requests_per_second",
                        reason: format!(
                            "{rate} is not a positive number of at least one request a year"
                        ),
                    }
                    .into())
                }
            },
        };
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let user_agent = self
            .user_agent
            .as_deref()
            .map(|agent| config_header("user_agent", agent))
            .transpose()?;
        let overrides = host_overrides(&self.resolve, self.http.is_some())?;
        // The timeout is applied around all attempts, not by the HTTP client.
        let http = Transport::new(self.http, user_agent, overrides).map_err(Error::Network)?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                endpoint,
                application_key: config.application_key,
                application_header,
                auth,
                timeout,
                retry: self.retry.unwrap_or_default(),
                rate_limit,
                clock: Arc::new(Refreshable::new()),
                schemas_version: self.schemas_version.map(|text| SchemasVersion {
                    header: HeaderValue::from_str(&text).ok(),
                    text,
                }),
                access_log: self.record_access.then(Arc::default),
            }),
        })
    }
}

/// The host overrides given to [`ClientBuilder::resolve`], or the config error saying why
/// they cannot apply.
fn host_overrides(
    given: &[(String, SocketAddr)],
    has_http_client: bool,
) -> Result<HostOverrides, ConfigError> {
    let invalid = |reason: String| ConfigError::InvalidValue {
        name: "resolve",
        reason,
    };
    if has_http_client && !given.is_empty() {
        // Silently ignored, the overrides would send the calls to the real host instead.
        return Err(invalid(
            "a client given with http_client resolves host names as it was built to: \
             set them there (reqwest::ClientBuilder::resolve)"
                .into(),
        ));
    }
    HostOverrides::new(given).map_err(invalid)
}

/// A configured value sent as a header, or the config error naming it.
fn config_header(name: &'static str, value: &str) -> Result<HeaderValue, ConfigError> {
    HeaderValue::from_str(value).map_err(|_| ConfigError::InvalidValue {
        name,
        reason: "not valid header text".into(),
    })
}

/// How signed calls will be authenticated: application keys, OAuth2 client
/// credentials or a fixed access token — never two of them.
fn auth(config: &Config, endpoint: &Endpoint, scope: Option<String>) -> Result<Auth> {
    let first_set = |candidates: &[(&'static str, bool)]| {
        candidates
            .iter()
            .find(|(_, set)| *set)
            .map(|(name, _)| *name)
    };
    let keys = first_set(&[
        ("application_key", config.application_key.is_some()),
        ("application_secret", config.application_secret.is_some()),
        ("consumer_key", config.consumer_key.is_some()),
    ]);
    let client = first_set(&[
        ("client_id", config.client_id.is_some()),
        ("client_secret", config.client_secret.is_some()),
    ]);
    let token = first_set(&[("access_token", config.access_token.is_some())]);
    for (first, second) in [(keys, client), (keys, token), (client, token)] {
        if let (Some(first), Some(second)) = (first, second) {
            return Err(ConfigError::ConflictingCredentials { first, second }.into());
        }
    }
    if let Some(token) = &config.access_token {
        return Ok(Auth::Bearer(Arc::new(TokenSource::fixed(token)?)));
    }
    if client.is_none() {
        return Ok(Auth::Keys {
            application_secret: config.application_secret.clone(),
            consumer_key: config.consumer_key.clone().map(Consumer::new),
        });
    }
    let (Some(client_id), Some(client_secret)) = (&config.client_id, &config.client_secret) else {
        return Ok(Auth::Missing(if config.client_id.is_none() {
            Credential::ClientId
        } else {
            Credential::ClientSecret
        }));
    };
    let token_url = match (&config.oauth2_token_url, endpoint.oauth2_token_url()) {
        (Some(url), _) => url.clone(),
        (None, Some(url)) => url.to_owned(),
        (None, None) => {
            return Err(ConfigError::NoOAuth2TokenUrl {
                endpoint: endpoint.config_section().to_owned(),
            }
            .into())
        }
    };
    let token_uri = url::Url::parse(&token_url)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .and_then(|u| uri_of(u).ok())
        .ok_or_else(|| ConfigError::InvalidValue {
            name: "oauth2_token_url",
            reason: format!("{token_url:?} is not an http(s) URL"),
        })?;
    Ok(Auth::Bearer(Arc::new(TokenSource::client_credentials(
        token_url,
        token_uri,
        client_id.clone(),
        client_secret.clone(),
        scope.unwrap_or_else(|| DEFAULT_SCOPE.to_owned()),
    ))))
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("explicit", &self.explicit)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("config_file", &self.config_file)
            .field("schemas_version", &self.schemas_version)
            .field("retry", &self.retry)
            .field("max_requests_per_second", &self.max_requests_per_second)
            .field("resolve", &self.resolve)
            .field("oauth2_scope", &self.oauth2_scope)
            .field("record_access", &self.record_access)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_is_send_sync_and_cheap_to_clone() {
        fn assert_send_sync<T: Send + Sync + Clone>() {}
        assert_send_sync::<Client>();
    }

    #[test]
    fn debug_never_shows_secrets() {
        let builder = Client::builder()
            .endpoint("ovh-eu")
            .application_key("APPKEY")
            .application_secret("APPSECRET")
            .consumer_key("CONSUMERKEY");
        let shown_builder = format!("{builder:?}");
        let client = builder
            .config_lookup(ConfigLookup::with_files(
                Vec::<(String, String)>::new(),
                Vec::new(),
            ))
            .build()
            .unwrap();
        let shown = format!("{shown_builder} {client:?} {client:#?}");
        assert!(shown.contains("APPKEY"), "{shown}");
        assert!(!shown.contains("APPSECRET"), "{shown}");
        assert!(!shown.contains("CONSUMERKEY"), "{shown}");
    }

    #[test]
    fn resolve_refuses_what_it_cannot_apply() {
        let builder = || {
            Client::builder()
                .config_lookup(ConfigLookup::with_files(
                    Vec::<(String, String)>::new(),
                    Vec::new(),
                ))
                .endpoint("https://api.eu.ovhcloud.com/1.0")
        };
        let addr: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        let refusals = [
            builder().resolve("api.eu.ovhcloud.com:443", addr),
            builder()
                .resolve("api.eu.ovhcloud.com", addr)
                .http_client(reqwest::Client::new()),
        ];
        for refused in refusals {
            let err = refused.build().unwrap_err();
            assert!(
                matches!(
                    err,
                    Error::Config(ConfigError::InvalidValue {
                        name: "resolve",
                        ..
                    })
                ),
                "{err}"
            );
        }
        let client = builder()
            .resolve("API.eu.ovhcloud.com.", addr)
            .build()
            .unwrap();
        // The endpoint, and so every URL signed, is unchanged.
        assert_eq!(
            client.endpoint().base_url(),
            "https://api.eu.ovhcloud.com/1.0"
        );
    }

    #[test]
    fn missing_endpoint_is_a_config_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("ovh.conf");
        std::fs::write(&file, "[ovh-eu]\napplication_key=ak\n").unwrap();
        let err = Client::builder()
            .config_lookup(ConfigLookup::new(
                Vec::<(String, String)>::new(),
                dir.path(),
                None,
            ))
            .config_file(&file)
            .build()
            .unwrap_err();
        assert!(
            matches!(err, Error::Config(ConfigError::MissingEndpoint)),
            "{err}"
        );
    }
}
