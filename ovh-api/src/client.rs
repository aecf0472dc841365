//! The client: configuration, connection pool, server clock, sending.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio::sync::OnceCell;

use crate::config::{Config, ConfigLookup};
use crate::endpoint::Endpoint;
use crate::error::{ConfigError, Credential, Error, Result};
use crate::request::{ApiRequest, Method, RequestParts};
use crate::response::RawResponse;
use crate::secret::Secret;
use crate::signing::signature;

/// Default time allowed for one call, as in the Python client.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(180);

/// Default `User-Agent` header.
pub const DEFAULT_USER_AGENT: &str = concat!("ovh-api-rust/", env!("CARGO_PKG_VERSION"));

/// Largest clock difference accepted from `/auth/time` (about a century):
/// far beyond any real clock error, small enough to rule out garbage.
const MAX_CLOCK_DELTA_SECS: i64 = 100 * 366 * 24 * 3600;

/// An OVH API client.
///
/// Cheap to clone: clones share the connection pool and the server clock
/// offset, so one client can serve many tasks at once.
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

struct Inner {
    http: reqwest::Client,
    endpoint: Endpoint,
    application_key: Option<String>,
    application_secret: Option<Secret>,
    consumer_key: Option<Secret>,
    timeout: Duration,
    /// Server clock minus local clock, in seconds, fetched once from
    /// `/auth/time`; shared with clones and derived clients.
    time_delta: Arc<OnceCell<i64>>,
    /// `X-Schemas-Version` sent on /v2 calls.
    schemas_version: Option<String>,
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

    /// A client identical to this one (same pool, same clock offset) that
    /// signs with another consumer key, e.g. one just obtained from
    /// [`Client::new_consumer_key_request`].
    pub fn with_consumer_key(&self, consumer_key: impl Into<Secret>) -> Client {
        let inner = &self.inner;
        Client {
            inner: Arc::new(Inner {
                http: inner.http.clone(),
                endpoint: inner.endpoint.clone(),
                application_key: inner.application_key.clone(),
                application_secret: inner.application_secret.clone(),
                consumer_key: Some(consumer_key.into()),
                timeout: inner.timeout,
                time_delta: Arc::clone(&inner.time_delta),
                schemas_version: inner.schemas_version.clone(),
            }),
        }
    }

    /// A request with any method; see also [`Client::get`] and friends.
    pub fn request<T>(&self, method: Method, path: impl Into<String>) -> ApiRequest<T> {
        ApiRequest::new(self, method, path)
    }

    /// The server clock offset (server − local, seconds), asking
    /// `/auth/time` the first time. Concurrent first callers share one
    /// request.
    pub async fn time_delta(&self) -> Result<i64> {
        self.inner
            .time_delta
            .get_or_try_init(|| self.fetch_time_delta())
            .await
            .copied()
    }

    async fn fetch_time_delta(&self) -> Result<i64> {
        let parts = RequestParts {
            method: Method::Get,
            path: "/auth/time".to_owned(),
            query: Vec::new(),
            body: None,
            fields: None,
            signed: false,
            headers: Vec::new(),
        };
        let raw = self.dispatch(parts, None).await?;
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

    /// Sends a request: checks credentials, gets the server clock when the
    /// call is signed, then dispatches it.
    pub(crate) async fn execute(&self, parts: RequestParts) -> Result<RawResponse> {
        let inner = &self.inner;
        // Check every credential a signed call needs before anything (even
        // /auth/time) is sent. Unsigned calls, like the Python client's,
        // send the application key only when there is one.
        let signing = if parts.signed {
            if inner.application_key.is_none() {
                return Err(Error::MissingCredential(Credential::ApplicationKey));
            }
            let secret = inner
                .application_secret
                .as_ref()
                .ok_or(Error::MissingCredential(Credential::ApplicationSecret))?;
            let consumer_key = inner
                .consumer_key
                .as_ref()
                .ok_or(Error::MissingCredential(Credential::ConsumerKey))?;
            let delta = self.time_delta().await?;
            Some(Signing {
                secret,
                consumer_key,
                delta,
            })
        } else {
            None
        };
        self.dispatch(parts, signing).await
    }

    /// Builds the exact URL, signs it when asked, sends it, and returns what
    /// came back without interpreting the status.
    async fn dispatch(
        &self,
        parts: RequestParts,
        signing: Option<Signing<'_>>,
    ) -> Result<RawResponse> {
        let inner = &self.inner;
        let url = self.url(&parts)?;
        let mut request = inner.http.request(parts.method.to_reqwest(), url.clone());
        if let Some(application_key) = &inner.application_key {
            request = request.header("X-Ovh-Application", application_key);
        }
        for (name, value) in &parts.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        if let Some(version) = inner.schemas_version.as_deref() {
            if crate::v2::is_v2_path(&parts.path) {
                request = request.header(crate::v2::SCHEMAS_VERSION_HEADER, version);
            }
        }
        let body = parts.body.as_deref().unwrap_or_default();
        if parts.body.is_some() {
            request = request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.to_vec());
        }
        if let Some(signing) = signing {
            // Stamped as late as possible: OVH rejects stale timestamps.
            let timestamp = unix_now().saturating_add(signing.delta);
            let signature = signature(
                signing.secret.expose(),
                signing.consumer_key.expose(),
                parts.method.as_str(),
                url.as_str(),
                body,
                timestamp,
            );
            request = request
                .header("X-Ovh-Consumer", signing.consumer_key.expose())
                .header("X-Ovh-Timestamp", timestamp.to_string())
                .header("X-Ovh-Signature", signature);
        }

        let started = Instant::now();
        let response = request.send().await.map_err(|e| self.transport_error(e))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|e| self.transport_error(e))?
            .to_vec();
        let raw = RawResponse {
            status,
            headers,
            body,
        };
        // The path and query id only: never headers, which hold credentials.
        tracing::debug!(
            method = parts.method.as_str(),
            path = url.path(),
            status,
            duration_ms = started.elapsed().as_millis() as u64,
            query_id = raw.query_id().unwrap_or(""),
            "OVH API call"
        );
        Ok(raw)
    }

    /// The exact URL sent, and signed: base (or host root for `/v1`, `/v2`),
    /// path, then query pairs.
    fn url(&self, parts: &RequestParts) -> Result<url::Url> {
        let mut url = self.inner.endpoint.url_for(&parts.path);
        for (i, pair) in parts.query.iter().enumerate() {
            let separator = if i == 0 && !parts.path.contains('?') {
                '?'
            } else {
                '&'
            };
            url.push(separator);
            url.push_str(pair);
        }
        url::Url::parse(&url)
            .map_err(|e| Error::InvalidParameter(format!("cannot build a URL from {url:?}: {e}")))
    }

    fn transport_error(&self, error: reqwest::Error) -> Error {
        if error.is_timeout() {
            Error::Timeout(self.inner.timeout)
        } else {
            Error::Network(error)
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("endpoint", &inner.endpoint.base_url())
            .field("application_key", &inner.application_key)
            .field("application_secret", &inner.application_secret)
            .field("consumer_key", &inner.consumer_key)
            .field("timeout", &inner.timeout)
            .finish()
    }
}

/// What a signed call needs besides the request itself.
struct Signing<'a> {
    secret: &'a Secret,
    consumer_key: &'a Secret,
    delta: i64,
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
}

impl ClientBuilder {
    /// A builder with nothing set.
    pub fn new() -> Self {
        Self::default()
    }

    /// The endpoint: a name (`ovh-eu`, `ovh-us`, `ovh-ca`, `kimsufi-eu`,
    /// `kimsufi-ca`, `soyoustart-eu`, `soyoustart-ca`) or an `http(s)://`
    /// base URL.
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

    /// Time allowed for one call (default 180 s).
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
        let endpoint = config.endpoint.ok_or(ConfigError::MissingEndpoint)?;
        let endpoint = Endpoint::parse(&endpoint)?;
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let http = reqwest::Client::builder()
            .use_rustls_tls()
            .timeout(timeout)
            .user_agent(self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT))
            .build()
            .map_err(Error::Network)?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                endpoint,
                application_key: config.application_key,
                application_secret: config.application_secret,
                consumer_key: config.consumer_key,
                timeout,
                time_delta: Arc::new(OnceCell::new()),
                schemas_version: self.schemas_version,
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("explicit", &self.explicit)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("config_file", &self.config_file)
            .field("schemas_version", &self.schemas_version)
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
