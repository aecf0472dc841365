//! How a client authenticates a call: application keys and consumer keys (signatures, with
//! the server clock), OAuth2 bearer tokens, and what a refused credential fixes.

use std::fmt;
use std::sync::Arc;

use hyper::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE};

use crate::runtime::auth::config::Config;
use crate::runtime::auth::endpoint::{is_v2_path, Endpoint};
use crate::runtime::auth::oauth2::{Token, TokenSource, DEFAULT_SCOPE};
use crate::runtime::auth::secret::Secret;
use crate::runtime::auth::signing::signature;
use crate::runtime::call::method::Method;
use crate::runtime::call::parts::RequestParts;
use crate::runtime::error::{ConfigError, Credential, Error, Result};
use crate::runtime::http::response::RawResponse;
use crate::runtime::http::retry::{self};
use crate::runtime::http::transport::{uri_of, Outgoing};

use super::{
    unix_now, Client, MAX_CLOCK_DELTA_SECS, X_OVH_APPLICATION, X_OVH_CONSUMER, X_OVH_SIGNATURE,
    X_OVH_TIMESTAMP, X_SCHEMAS_VERSION,
};

/// How signed calls are authenticated.
#[derive(Clone)]
pub(super) enum Auth {
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
pub(super) struct Consumer {
    key: Secret,
    header: Result<HeaderValue, ()>,
}

impl Consumer {
    pub(super) fn new(key: Secret) -> Self {
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
pub(super) enum Authorization<'a> {
    None,
    Signed {
        secret: &'a Secret,
        consumer: &'a Consumer,
        delta: i64,
    },
    Bearer(Token),
}

impl<'a> Authorization<'a> {
    /// OVH refused the signature's timestamp: asks `/auth/time` again (once for all the
    /// clones sharing the clock) and signs the next attempt with the new offset.
    pub(super) async fn resync_clock(
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
    pub(super) async fn renew_token(
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
pub(super) enum Refusal {
    /// `QUERY_TIME_OUT` on a signed call: the clock offset is stale.
    Timestamp,
    /// HTTP 401 on a bearer call: the token expired or was revoked.
    Token,
}

/// Which refusals a call has answered already: each is answered once, so that a second
/// one (the fix did not help) is returned or retried like any other answer.
#[derive(Default)]
pub(super) struct CredentialFixes {
    clock_resynced: bool,
    token_renewed: bool,
}

impl CredentialFixes {
    /// The refusal in `outcome` that this call has not answered yet, now marked answered.
    pub(super) fn first_refusal(
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

/// How signed calls will be authenticated: application keys, OAuth2 client
/// credentials or a fixed access token — never two of them.
pub(super) fn auth(config: &Config, endpoint: &Endpoint, scope: Option<String>) -> Result<Auth> {
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

impl Client {
    pub(super) async fn fetch_time_delta(&self) -> Result<i64> {
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

    /// What a call needs to be authenticated. Every credential it needs is
    /// checked before anything (even `/auth/time`) is sent. Unsigned calls,
    /// like the Python client's, send the application key only when there
    /// is one.
    pub(super) async fn authorize(&self, parts: &RequestParts) -> Result<Authorization<'_>> {
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

    /// The HTTP request of one attempt: URL, headers, body, and the signature
    /// or token.
    pub(super) fn prepare(
        &self,
        parts: &RequestParts,
        auth: &Authorization<'_>,
    ) -> Result<Outgoing> {
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
}
