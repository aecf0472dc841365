//! OAuth2 access tokens for service accounts (client credentials grant), or
//! a fixed token given by the user.
//!
//! The token is requested from the endpoint's token URL with HTTP Basic
//! authentication (client id and secret) and the form
//! `grant_type=client_credentials&scope=…`; it is cached, shared by clones,
//! and requested again shortly before it expires or when the API refuses it.

use std::fmt;
use std::time::Duration;

use base64::Engine;
use bytes::Bytes;
use hyper::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use serde::Deserialize;
use tokio::time::Instant;

use crate::runtime::auth::refresh::Refreshable;
use crate::runtime::auth::secret::Secret;
use crate::runtime::error::{Error, OAuth2Error, Result};
use crate::runtime::http::transport::{Answer, Outgoing, Transport};

/// The scope asked for when none is configured.
pub const DEFAULT_SCOPE: &str = "all";

/// Longest margin before expiry at which a token is renewed.
const MAX_RENEW_MARGIN: Duration = Duration::from_secs(60);

/// An access token and when to stop using it.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// The `Authorization` header value, `Bearer …`, marked sensitive.
    pub(crate) header: HeaderValue,
    /// When to renew it; `None` for a token with no known lifetime.
    renew_at: Option<Instant>,
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("header", &"Bearer [redacted]")
            .field("renew_at", &self.renew_at)
            .finish()
    }
}

impl Token {
    fn new(access_token: &str, expires_in: Option<Duration>) -> Option<Token> {
        let mut header = HeaderValue::try_from(format!("Bearer {access_token}")).ok()?;
        header.set_sensitive(true);
        // Renew a tenth of the lifetime early, at most a minute early.
        let renew_at =
            expires_in.map(|life| Instant::now() + life - (life / 10).min(MAX_RENEW_MARGIN));
        Some(Token { header, renew_at })
    }

    fn is_stale(&self) -> bool {
        self.renew_at.is_some_and(|at| Instant::now() >= at)
    }
}

/// Where a client's bearer tokens come from.
pub(crate) enum TokenSource {
    /// A token given as is (`access_token`), never renewed.
    Fixed(Token),
    /// The client credentials grant.
    ClientCredentials(Box<ClientCredentials>),
}

/// A service account: client id and secret, and the cached token.
pub(crate) struct ClientCredentials {
    /// As configured, for messages.
    token_url: String,
    /// The same, ready to send to.
    token_uri: hyper::Uri,
    client_id: String,
    client_secret: Secret,
    scope: String,
    token: Refreshable<Token>,
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenSource::Fixed(_) => f.write_str("AccessToken([redacted])"),
            TokenSource::ClientCredentials(c) => f
                .debug_struct("ClientCredentials")
                .field("token_url", &c.token_url)
                .field("client_id", &c.client_id)
                .field("client_secret", &c.client_secret)
                .field("scope", &c.scope)
                .finish_non_exhaustive(),
        }
    }
}

impl TokenSource {
    /// A fixed access token; refused if it cannot be sent in a header.
    pub(crate) fn fixed(access_token: &Secret) -> Result<TokenSource> {
        Token::new(access_token.expose(), None)
            .map(TokenSource::Fixed)
            .ok_or_else(|| {
                Error::InvalidParameter(
                    "the access token holds characters not allowed in an HTTP header".into(),
                )
            })
    }

    /// The client credentials grant against `token_url` (`token_uri`, parsed once).
    pub(crate) fn client_credentials(
        token_url: String,
        token_uri: hyper::Uri,
        client_id: String,
        client_secret: Secret,
        scope: String,
    ) -> TokenSource {
        TokenSource::ClientCredentials(Box::new(ClientCredentials {
            token_url,
            token_uri,
            client_id,
            client_secret,
            scope,
            token: Refreshable::new(),
        }))
    }

    /// A usable token: the cached one, or a new one when there is none or
    /// it is about to expire (one request however many callers wait).
    pub(crate) async fn token(&self, http: &Transport) -> Result<Token> {
        match self {
            TokenSource::Fixed(token) => Ok(token.clone()),
            TokenSource::ClientCredentials(c) => {
                c.token.get(Token::is_stale, || c.request(http)).await
            }
        }
    }

    /// A new token to replace `rejected`, which the API refused; `None` when
    /// the token is fixed and cannot be renewed.
    pub(crate) async fn renew(&self, http: &Transport, rejected: &Token) -> Result<Option<Token>> {
        match self {
            TokenSource::Fixed(_) => Ok(None),
            TokenSource::ClientCredentials(c) => c
                .token
                .refresh(rejected, || c.request(http))
                .await
                .map(Some),
        }
    }
}

/// The token endpoint's answer; only what is used.
#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    expires_in: Option<f64>,
}

/// An OAuth2 error answer (RFC 6749 §5.2).
#[derive(Deserialize)]
struct ErrorAnswer {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

impl ClientCredentials {
    /// The token request: a form POST with HTTP Basic credentials (RFC 6749 §2.3.1).
    fn token_request(&self, form: String) -> Result<Outgoing> {
        let credentials = base64::engine::general_purpose::STANDARD.encode(format!(
            "{}:{}",
            self.client_id,
            self.client_secret.expose()
        ));
        let mut basic = HeaderValue::try_from(format!("Basic {credentials}")).map_err(|_| {
            Error::InvalidParameter("the OAuth2 client credentials are not header text".into())
        })?;
        basic.set_sensitive(true);
        let mut headers = HeaderMap::with_capacity(3);
        headers.insert(AUTHORIZATION, basic);
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        Ok(Outgoing {
            method: hyper::Method::POST,
            uri: self.token_uri.clone(),
            headers,
            body: Some(Bytes::from(form)),
        })
    }

    async fn request(&self, http: &Transport) -> Result<Token> {
        let form = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("grant_type", "client_credentials")
            .append_pair("scope", &self.scope)
            .finish();
        let Answer { status, body, .. } = http
            .send(self.token_request(form)?)
            .await
            .map_err(Error::Network)?;
        tracing::debug!(
            target: "ovh_api::oauth2",
            token_url = %self.token_url,
            status,
            "OAuth2 token request"
        );
        if !(200..300).contains(&status) {
            let (error, description) = match serde_json::from_slice::<ErrorAnswer>(&body) {
                Ok(answer) => (answer.error, answer.error_description),
                Err(_) => (
                    format!(
                        "unexpected answer {:?}",
                        String::from_utf8_lossy(&body)
                            .chars()
                            .take(100)
                            .collect::<String>()
                    ),
                    None,
                ),
            };
            return Err(OAuth2Error::Refused {
                url: self.token_url.clone(),
                status,
                error,
                description,
            }
            .into());
        }
        let invalid = |reason: String| OAuth2Error::InvalidToken {
            url: self.token_url.clone(),
            reason,
        };
        let answer: TokenAnswer =
            serde_json::from_slice(&body).map_err(|e| invalid(e.to_string()))?;
        if let Some(kind) = answer
            .token_type
            .as_deref()
            .filter(|t| !t.eq_ignore_ascii_case("bearer"))
        {
            return Err(invalid(format!("token type {kind:?} is not Bearer")).into());
        }
        let expires_in = match answer.expires_in {
            None => None,
            Some(secs) if secs.is_finite() && (0.0..=1e9).contains(&secs) => {
                Some(Duration::from_secs_f64(secs))
            }
            Some(secs) => {
                return Err(invalid(format!("expires_in {secs} is not a lifetime")).into())
            }
        };
        if answer.access_token.is_empty() {
            return Err(invalid("the access token is empty".into()).into());
        }
        Token::new(&answer.access_token, expires_in)
            .ok_or_else(|| invalid("the access token is not valid header text".into()).into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_tokens_or_secrets() {
        let fixed = TokenSource::fixed(&Secret::new("TOKEN123")).unwrap();
        let cc = TokenSource::client_credentials(
            "https://auth.example/token".into(),
            hyper::Uri::from_static("https://auth.example/token"),
            "my-id".into(),
            Secret::new("SECRET456"),
            DEFAULT_SCOPE.into(),
        );
        let token = Token::new("TOKEN789", Some(Duration::from_secs(10))).unwrap();
        let shown = format!("{fixed:?} {cc:?} {token:?} {:?}", token.header);
        for secret in ["TOKEN123", "SECRET456", "TOKEN789"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("my-id"), "{shown}");
    }

    #[test]
    fn tokens_that_cannot_be_headers_are_refused() {
        assert!(TokenSource::fixed(&Secret::new("a\nb")).is_err());
    }

    #[tokio::test(start_paused = true)]
    async fn tokens_are_renewed_shortly_before_expiry() {
        let token = Token::new("t", Some(Duration::from_secs(3600))).unwrap();
        assert!(!token.is_stale());
        tokio::time::advance(Duration::from_secs(3539)).await;
        assert!(!token.is_stale());
        tokio::time::advance(Duration::from_secs(2)).await;
        assert!(token.is_stale());
        let short = Token::new("t", Some(Duration::from_secs(10))).unwrap();
        tokio::time::advance(Duration::from_secs(9)).await;
        assert!(short.is_stale());
        assert!(!Token::new("t", None).unwrap().is_stale());
    }
}
