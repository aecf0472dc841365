//! [`ClientBuilder`]: every setting of a client, resolved against the configuration when
//! it is built.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use hyper::header::HeaderValue;

use crate::runtime::auth::config::{Config, ConfigLookup};
use crate::runtime::auth::endpoint::Endpoint;
use crate::runtime::auth::refresh::Refreshable;
use crate::runtime::auth::secret::Secret;
use crate::runtime::cassette::write::Recorder;
use crate::runtime::error::{ConfigError, Error, Result};
use crate::runtime::http::rate_limit::RateLimiter;
use crate::runtime::http::resolve::HostOverrides;
use crate::runtime::http::retry::RetryPolicy;
use crate::runtime::http::transport::Transport;

use super::auth::auth;
use super::{Client, Inner, SchemasVersion, DEFAULT_TIMEOUT};

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
    record_to: Option<PathBuf>,
    dry_run: bool,
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

    /// Records every exchange the client (and its clones) makes to a cassette at `path`:
    /// each attempt of a call (a retried call gives one line per attempt), each page of a
    /// /v2 list, each poll of a wait, with its answer. `MockOvh::replay` (feature `mock`)
    /// answers them back in a test. [`build`](Self::build) creates the file (emptying an
    /// existing one) and writes its header line; each exchange is then appended as one
    /// JSON line, flushed, so a program that stops half-way leaves a readable cassette.
    ///
    /// Secrets stay out: no request header is kept (`X-Ovh-Application`, `X-Ovh-Consumer`,
    /// `X-Ovh-Signature`, `Authorization`), nor the clock sync (`GET /auth/time`) or OAuth2
    /// token requests; the values of query parameters OVH types as a password and of body
    /// members named as secrets (`password`, `adminPassword`, `clientSecret`, `token`,
    /// `consumerKey`, `privateKey`, …: the name's ending) are replaced by `"<redacted>"`.
    /// A member typed as a password under another name (`me.insight.Access.access`) is
    /// kept: read a cassette before committing it. The format and the record → commit →
    /// replay loop are in the guide `ovh_api::guide::testing`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> ovh_api::Result<()> {
    /// # let mock = ovh_api::mock::MockOvh::start().await;
    /// # mock.on("GET", "/me").reply(&serde_json::json!({"nichandle": "xx1-ovh"}));
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let path = dir.path().join("session.jsonl");
    /// let client = mock.client_builder().record_to(&path).build()?;
    /// let _: serde_json::Value = client.get("/me").await?;
    /// let cassette = std::fs::read_to_string(&path).unwrap();
    /// assert_eq!(cassette.lines().count(), 2); // the header, then GET /me
    /// # Ok(()) }
    /// ```
    pub fn record_to(mut self, path: impl Into<PathBuf>) -> Self {
        self.record_to = Some(path.into());
        self
    }

    /// A dry run: `GET`s are sent as usual, every other call (`POST`, `PUT`, `DELETE`,
    /// `PATCH`) is not sent, nor signed, nor preceded by a clock sync: it is kept (read them
    /// with [`Client::dry_run_calls`], bodies as they would have been sent) and answered
    /// [`Error::DryRun`] with its [`CallTarget`](crate::CallTarget). Code that needs the
    /// answer stops there; code that does not goes on. With
    /// [`record_access`](Self::record_access), the calls not sent are recorded too: what a
    /// consumer key for the real run must allow.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> ovh_api::Result<()> {
    /// # let mock = ovh_api::mock::MockOvh::start().await;
    /// # mock.on("GET", "/me").reply(&serde_json::json!({"nichandle": "xx1-ovh"}));
    /// let client = mock.client_builder().dry_run(true).build()?;
    /// let _: serde_json::Value = client.get("/me").await?; // sent
    /// let sms = client.post::<serde_json::Value>("/sms/x/jobs").body(&serde_json::json!({"message": "hi"}));
    /// match sms.await {
    ///     Err(ovh_api::Error::DryRun(call)) => assert_eq!(call.body(), Some(&br#"{"message":"hi"}"#[..])),
    ///     other => panic!("{other:?}"),
    /// }
    /// assert_eq!(client.dry_run_calls().len(), 1);
    /// assert_eq!(mock.requests().len(), 1); // the GET only
    /// # Ok(()) }
    /// ```
    pub fn dry_run(mut self, dry_run: bool) -> Self {
        self.dry_run = dry_run;
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
        let recorder = match &self.record_to {
            Some(path) => Some(Arc::new(Recorder::create(path)?)),
            None => None,
        };
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
                recorder,
                dry_run: self.dry_run.then(Arc::default),
            }),
        })
    }
}

// Not methods of `Client`: every name there is reserved against generated methods
// (`runtime/call/reserved.rs`).

/// The host overrides given to [`ClientBuilder::resolve`], or the config error saying why
/// they cannot apply.
pub(super) fn host_overrides(
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
pub(super) fn config_header(name: &'static str, value: &str) -> Result<HeaderValue, ConfigError> {
    HeaderValue::from_str(value).map_err(|_| ConfigError::InvalidValue {
        name,
        reason: "not valid header text".into(),
    })
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
            .field("record_to", &self.record_to)
            .field("dry_run", &self.dry_run)
            .finish_non_exhaustive()
    }
}
