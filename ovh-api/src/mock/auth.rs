//! The built-in `/auth` routes: `GET /auth/time` and
//! `POST /auth/credential`.

use serde_json::json;

use super::reply::Reply;
use super::state::{IssuedCredential, Shared};

/// One access rule of a consumer key request: the client's own type.
pub use crate::consumer_key::AccessRule;

/// `GET /auth/time`: the mock's clock.
pub(crate) fn time(shared: &Shared) -> Reply {
    Reply::json(200, &shared.now())
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct CredentialBody {
    access_rules: Vec<AccessRule>,
    #[serde(default)]
    redirection: Option<String>,
    #[serde(default, rename = "allowedIPs")]
    allowed_ips: Option<Vec<String>>,
}

/// `POST /auth/credential`: issues a consumer key, pending validation.
pub(crate) fn credential(shared: &Shared, body: &[u8], app_key: Option<&str>) -> Reply {
    let Some(app_key) = app_key.filter(|k| shared.state().apps.contains_key(*k)) else {
        return Reply::error_code(403, "INVALID_KEY", "Invalid application key");
    };
    let parsed: CredentialBody = match serde_json::from_slice(body) {
        Ok(b) => b,
        Err(e) => {
            return Reply::error_code(
                400,
                "INVALID_PARAMETER",
                &format!("Invalid credential request: {e}"),
            )
        }
    };
    let consumer_key = shared.random_hex(32);
    let token = shared.random_hex(40);
    let validation_url = format!("{}/auth/?credentialToken={token}", shared.root_url);
    let mut state = shared.state();
    state.consumer_keys.insert(consumer_key.clone());
    state.credentials.push(IssuedCredential {
        application_key: app_key.to_owned(),
        consumer_key: consumer_key.clone(),
        access_rules: parsed.access_rules,
        redirection: parsed.redirection,
        allowed_ips: parsed.allowed_ips,
        validation_url: validation_url.clone(),
    });
    Reply::json(
        200,
        &json!({
            "validationUrl": validation_url,
            "consumerKey": consumer_key,
            "state": "pendingValidation",
        }),
    )
}
