//! What the mock received.

use std::time::Instant;

use hyper::header::HeaderMap;

use super::paths::{TIME_PATH, TOKEN_PATH};
use super::signature::SignatureCheck;

/// A request as the mock received it, and how it was answered.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// The HTTP method, as sent (`GET`, `POST`…).
    pub method: String,
    /// The path as received, percent-encoded, without the query:
    /// `/1.0/me/bill` ([`RecordedRequest::api_path`] drops the `/1.0`).
    pub path: String,
    /// The query string as received, without `?`.
    pub raw_query: Option<String>,
    /// The query string decoded into pairs, in order.
    pub query: Vec<(String, String)>,
    /// The URL the mock checks the signature against: `http://` + `Host` +
    /// path and query as sent.
    pub url: String,
    /// Every header.
    pub headers: HeaderMap,
    /// The body bytes, exactly.
    pub body: Vec<u8>,
    /// How the request authenticated (or failed to).
    pub signature: SignatureCheck,
    /// The status the mock answered.
    pub status: u16,
    /// When the mock received it (to check spacing and backoff).
    pub received_at: Instant,
    /// Index of the rule that answered, if one did.
    pub(crate) rule: Option<usize>,
}

impl RecordedRequest {
    /// The path relative to `/1.0` (`/1.0/me` → `/me`); other paths as they
    /// are (`/v2/iam/policy`).
    pub fn api_path(&self) -> &str {
        match self.path.strip_prefix("/1.0") {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => rest,
            _ => &self.path,
        }
    }

    /// A header's value as text, when present and valid.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The first decoded value of query parameter `name`.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON (`None` when empty or not JSON).
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The body as text, when valid UTF-8.
    pub fn body_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.body).ok()
    }

    /// The client's clock sync or an OAuth2 token request.
    pub(crate) fn is_plumbing(&self) -> bool {
        (self.method == "GET" && self.path == TIME_PATH)
            || (self.method == "POST" && self.path == TOKEN_PATH)
    }

    /// Whether the request carried `X-Ovh-Signature`.
    pub fn is_signed(&self) -> bool {
        self.headers.contains_key("x-ovh-signature")
    }

    /// True for an unsigned request that still carried `X-Ovh-Consumer` or
    /// `X-Ovh-Timestamp` (a client bug).
    pub fn has_stray_auth_headers(&self) -> bool {
        !self.is_signed()
            && (self.headers.contains_key("x-ovh-consumer")
                || self.headers.contains_key("x-ovh-timestamp"))
    }
}
