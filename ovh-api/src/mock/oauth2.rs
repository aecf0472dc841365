//! The OAuth2 token endpoint (client credentials grant) and bearer tokens.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::json;

use super::reply::Reply;
use super::signature::SignatureCheck;
use super::state::Shared;

/// `POST /auth/oauth2/token`: checks the client (HTTP Basic, or `client_id`
/// and `client_secret` in the form), issues a token.
pub(crate) fn token(shared: &Shared, body: &[u8], authorization: Option<&str>) -> Reply {
    let mut state = shared.state();
    let delay = state.token_delay;
    if let Some(reply) = state.token_reply.clone() {
        return reply.with_delay(delay);
    }
    let form: HashMap<String, String> = url::form_urlencoded::parse(body).into_owned().collect();
    let oauth_error = |status: u16, error: &str, description: &str| {
        Reply::json(
            status,
            &json!({"error": error, "error_description": description}),
        )
        .with_delay(delay)
    };
    if form.get("grant_type").map(String::as_str) != Some("client_credentials") {
        return oauth_error(
            400,
            "unsupported_grant_type",
            "only client_credentials is supported",
        );
    }
    let (id, secret) = basic_credentials(authorization).unwrap_or_else(|| {
        (
            form.get("client_id").cloned().unwrap_or_default(),
            form.get("client_secret").cloned().unwrap_or_default(),
        )
    });
    if state.oauth2_clients.get(&id) != Some(&secret) {
        return oauth_error(401, "invalid_client", "Invalid client credentials");
    }
    let token = shared.random_hex(40);
    let lifetime = state.token_lifetime;
    state.tokens.insert(
        token.clone(),
        Instant::now() + Duration::from_secs(lifetime.min(1 << 30)),
    );
    Reply::json(
        200,
        &json!({
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": lifetime,
            "scope": form.get("scope").cloned().unwrap_or_default(),
        }),
    )
    .with_delay(delay)
}

/// The client id and secret of an `Authorization: Basic …` header.
fn basic_credentials(authorization: Option<&str>) -> Option<(String, String)> {
    let encoded = authorization?.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let pair = String::from_utf8(decoded).ok()?;
    let (id, secret) = pair.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

/// Checks an `Authorization: Bearer` token.
pub(crate) fn check_bearer(shared: &Shared, token: &str) -> SignatureCheck {
    match shared.state().tokens.get(token) {
        Some(until) if *until > Instant::now() => SignatureCheck::Bearer,
        _ => SignatureCheck::BadBearer,
    }
}
