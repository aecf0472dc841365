//! The cassette format: a header line, then one [`Exchange`] a line, each a JSON object
//! (JSON Lines), and what a recording leaves out.
//!
//! Stable across versions: a reader accepts every version up to [`FORMAT_VERSION`], and a
//! new member is optional (an older reader skips it). The testing guide documents it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What the header line's `cassette` member holds: the file is a cassette of this SDK.
pub const FORMAT_NAME: &str = "ovh-api";

/// The format version this SDK writes, and the newest it reads.
pub const FORMAT_VERSION: u64 = 1;

/// What a cassette holds in place of a secret: a password-like body member's value, or the
/// value of a query parameter OVH types as a password. Replaying, a recorded marker matches
/// any value.
pub const REDACTED: &str = "<redacted>";

/// The answer headers a cassette keeps (lower case); the others are left out.
pub const KEPT_HEADERS: [&str; 4] = [
    "content-type",
    "x-ovh-queryid",
    "x-pagination-cursor-next",
    "retry-after",
];

/// The first line of a cassette: `{"cassette":"ovh-api","version":1}`.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Header {
    /// [`FORMAT_NAME`].
    pub(crate) cassette: String,
    /// The format version, [`FORMAT_VERSION`] when written.
    pub(crate) version: u64,
}

impl Header {
    /// The header this SDK writes.
    pub(crate) fn current() -> Self {
        Header {
            cassette: FORMAT_NAME.to_owned(),
            version: FORMAT_VERSION,
        }
    }
}

/// One exchange of a cassette: a request the client sent (one attempt of a call, one page of
/// a list, one poll of a wait) and the answer it got, secrets left out.
///
/// On its line, members in this order, those without a value left out:
///
/// ```text
/// {"method":"GET","path":"/me/bill","query":"date.from=2024-01-01","operation":"/me/bill",
///  "status":200,"headers":{"content-type":"application/json","x-ovh-queryid":"EU.ext-1…"},
///  "response":["FR1","FR2"]}
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Exchange {
    /// The HTTP method, `GET`, `POST`, `PUT`, `DELETE` or `PATCH`.
    pub method: String,
    /// The path relative to the endpoint (`/me/bill/FR1`; `/v2/…` for /v2), percent-encoded
    /// as sent, without the query string.
    pub path: String,
    /// The query string as sent (percent-encoded, without `?`), a password parameter's value
    /// replaced by [`REDACTED`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// The typed operation's path template (`/me/bill/{billId}`), for a typed call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// The JSON body sent, password-like members' values replaced by [`REDACTED`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<Value>,
    /// The answer's HTTP status.
    pub status: u16,
    /// The answer's headers among [`KEPT_HEADERS`], by lower-case name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// The answer's body when it is JSON, password-like members' values replaced by
    /// [`REDACTED`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Value>,
    /// The answer's body when it is not JSON (an HTML error page, say), as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_text: Option<String>,
    /// The line of the cassette it was read from (0 when not read from a file).
    #[serde(skip)]
    pub(crate) line: usize,
}

impl Exchange {
    /// The line of the cassette this exchange was read from, counted from 1 (the header is
    /// line 1); 0 for an exchange not read from a file.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The request as one line of text: `GET /me/bill?date.from=2024-01-01`, then the body
    /// when there is one.
    pub fn request_line(&self) -> String {
        let mut shown = format!("{} {}", self.method, self.path);
        if let Some(query) = self.query.as_deref().filter(|q| !q.is_empty()) {
            shown.push('?');
            shown.push_str(query);
        }
        if let Some(body) = &self.request {
            shown.push_str(" with body ");
            shown.push_str(&body.to_string());
        }
        shown
    }

    /// The answer's body as the API sent it (the JSON re-serialized compact), empty when it
    /// had none.
    pub fn response_body(&self) -> Vec<u8> {
        match (&self.response, &self.response_text) {
            (Some(json), _) => json.to_string().into_bytes(),
            (None, Some(text)) => text.clone().into_bytes(),
            (None, None) => Vec::new(),
        }
    }
}

/// Name endings of the members whose values a cassette leaves out, compared on the name's
/// letters and digits in lower case (`adminPassword`, `client_secret`, `X-Auth-Token`,
/// `consumerKey`, `privateKeyPassphrase`). An ending, not a word anywhere in the name:
/// `passwordLastUpdate`, `tokenId` or `secretId` are dates and ids a replay needs as recorded.
const SECRET_ENDINGS: [&str; 12] = [
    "password",
    "passwords",
    "secret",
    "secrets",
    "secretkey",
    "passphrase",
    "privatekey",
    "token",
    "tokens",
    "presharedkey",
    "kubeconfig",
    "consumerkey",
];

/// Whether a member's name says its value is a secret.
fn is_secret_name(name: &str) -> bool {
    let folded: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    SECRET_ENDINGS.iter().any(|ending| folded.ends_with(ending))
}

/// Replaces, at any depth, every string held by a member whose name says it is a secret with
/// [`REDACTED`] (a list or map of them too), as a recording does to the bodies it writes.
/// The name's ending decides, compared on its letters and digits in lower case: `password`,
/// `secret`, `secretKey`, `passphrase`, `privateKey`, `token`, `preSharedKey`, `kubeconfig`,
/// `consumerKey` (and the plurals `passwords`, `secrets`, `tokens`). Other values are kept:
/// `canChangePassword: true` says nothing secret, and `tokenId` or `passwordLastUpdate` are
/// ids and dates a replay needs as they were.
///
/// ```
/// let mut body = serde_json::json!({"login": "ada", "adminPassword": "hunter2", "canChangePassword": true});
/// ovh_api::cassette::redact(&mut body);
/// assert_eq!(body, serde_json::json!({"login": "ada", "adminPassword": "<redacted>", "canChangePassword": true}));
/// ```
pub fn redact(json: &mut Value) {
    match json {
        Value::Object(members) => {
            for (name, value) in members.iter_mut() {
                if is_secret_name(name) {
                    redact_strings(value);
                } else {
                    redact(value);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

/// Every string in `value` replaced by [`REDACTED`].
pub(crate) fn redact_strings(value: &mut Value) {
    match value {
        Value::String(text) => *text = REDACTED.to_owned(),
        Value::Array(items) => items.iter_mut().for_each(redact_strings),
        Value::Object(members) => members.values_mut().for_each(redact_strings),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secret_members_are_replaced_and_dates_and_ids_kept() {
        let mut body = json!({
            "password": "hunter2",
            "adminPassword": ["a", "b"],
            "canChangePassword": true,
            "tokenId": "t-1",
            "passwordLastUpdate": "2024-01-01",
            "nested": [{"clientSecret": "s", "X-Auth-Token": "x", "name": "kept"}],
            "consumerKey": "ck",
        });
        redact(&mut body);
        assert_eq!(
            body,
            json!({
                "password": REDACTED,
                "adminPassword": [REDACTED, REDACTED],
                "canChangePassword": true,
                "tokenId": "t-1",
                "passwordLastUpdate": "2024-01-01",
                "nested": [{"clientSecret": REDACTED, "X-Auth-Token": REDACTED, "name": "kept"}],
                "consumerKey": REDACTED,
            })
        );
    }

    #[test]
    fn an_exchange_is_one_line_members_in_order() {
        let exchange = Exchange {
            method: "GET".into(),
            path: "/me/bill".into(),
            query: Some("a=1".into()),
            operation: Some("/me/bill".into()),
            request: None,
            status: 200,
            headers: BTreeMap::from([("content-type".into(), "application/json".into())]),
            response: Some(json!(["FR1"])),
            response_text: None,
            line: 0,
        };
        let line = serde_json::to_string(&exchange).unwrap();
        assert_eq!(
            line,
            r#"{"method":"GET","path":"/me/bill","query":"a=1","operation":"/me/bill","status":200,"headers":{"content-type":"application/json"},"response":["FR1"]}"#
        );
        assert_eq!(exchange.request_line(), "GET /me/bill?a=1");
        assert_eq!(exchange.response_body(), br#"["FR1"]"#);
    }
}
