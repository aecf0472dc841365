//! The client: construction, configuration, connection pool, server clock,
//! sending. The ways to start a call (`get`, `post`, `get_batch`, …) are in
//! `call/raw.rs`; this module holds the client itself, `auth` how it authenticates a call,
//! `send` the send path, `builder` its settings.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hyper::header::{HeaderName, HeaderValue};

use crate::runtime::auth::access::{AccessLog, AccessRule};
use crate::runtime::auth::endpoint::Endpoint;
use crate::runtime::auth::refresh::Refreshable;
use crate::runtime::auth::secret::Secret;
use crate::runtime::call::target::CallTarget;
use crate::runtime::cassette::write::Recorder;
use crate::runtime::error::Result;
use crate::runtime::http::rate_limit::RateLimiter;
use crate::runtime::http::retry::RetryPolicy;
use crate::runtime::http::transport::Transport;

mod auth;
mod builder;
mod send;

use auth::{Auth, Consumer};
pub use builder::ClientBuilder;

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
    /// The cassette every exchange is appended to, when recording; shared with clones and
    /// derived clients.
    recorder: Option<Arc<Recorder>>,
    /// In a dry run, the calls not sent; shared with clones and derived clients.
    dry_run: Option<Arc<Mutex<Vec<CallTarget>>>>,
}

/// The `X-Schemas-Version` value as given, and as a header, parsed once, when it is header
/// text (a call on /v2 says when it is not).
#[derive(Clone)]
struct SchemasVersion {
    text: String,
    header: Option<HeaderValue>,
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

    /// The calls a dry run did not send (every `POST`, `PUT`, `DELETE` and `PATCH` of this
    /// client, its clones and the clients derived from it), in the order they were made,
    /// each with its body as it would have been sent; empty unless built with
    /// [`ClientBuilder::dry_run`].
    pub fn dry_run_calls(&self) -> Vec<CallTarget> {
        self.inner.dry_run.as_ref().map_or_else(Vec::new, |calls| {
            calls.lock().unwrap_or_else(|e| e.into_inner()).clone()
        })
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
            .field("recorder", &inner.recorder)
            .field("dry_run", &inner.dry_run.is_some())
            .finish()
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::net::SocketAddr;

    use super::*;
    use crate::runtime::auth::config::ConfigLookup;
    use crate::runtime::error::{ConfigError, Error};

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
