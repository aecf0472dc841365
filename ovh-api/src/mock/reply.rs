//! One answer of the mock ([`Reply`]) and OVH's error body shape.

use std::time::Duration;

use serde::Serialize;
use serde_json::{json, Value};

/// One HTTP answer of the mock: status, body, headers and a delay.
///
/// ```
/// use std::time::Duration;
/// use ovh_api::mock::Reply;
///
/// let ok = Reply::json(200, &serde_json::json!({"state": "ok"}));
/// let slow = Reply::json(200, &[1, 2, 3]).with_delay(Duration::from_millis(200));
/// let busy = Reply::too_many_requests(2); // 429, Retry-After: 2
/// let gone = Reply::error(404, "This service does not exist");
/// let refused = Reply::error_code(403, "NOT_GRANTED_CALL", "This call has not been granted");
/// let html = Reply::raw(502, "text/html", "<h1>502 Bad Gateway</h1>");
/// # let _ = (ok, slow, busy, gone, refused, html);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    status: u16,
    content_type: Option<String>,
    body: Vec<u8>,
    headers: Vec<(String, String)>,
    delay: Duration,
}

impl Reply {
    /// `status` with `body` serialized as JSON. A body that cannot be
    /// serialized (a map with non-string keys…) becomes a 500 saying so.
    pub fn json<T: Serialize + ?Sized>(status: u16, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => Reply::raw(status, "application/json", bytes),
            Err(e) => {
                tracing::error!(target: "ovh_api::mock", error = %e, "mock OVH: reply body not serializable");
                Reply::error_code(
                    500,
                    "MOCK_BAD_BODY",
                    &format!("mock OVH: the reply body could not be serialized as JSON: {e}"),
                )
            }
        }
    }

    /// An error in OVH's shape, without `errorCode`:
    /// `{"class":"Client::NotFound","message":…,"httpCode":"404 Not Found"}`.
    pub fn error(status: u16, message: &str) -> Self {
        Reply::json(status, &ovh_error_body(status, None, message))
    }

    /// An error in OVH's shape with an `errorCode` (`NOT_GRANTED_CALL`,
    /// `INVALID_CREDENTIAL`…), which the client maps to its error kind.
    pub fn error_code(status: u16, error_code: &str, message: &str) -> Self {
        Reply::json(status, &ovh_error_body(status, Some(error_code), message))
    }

    /// 429 "Too many requests" with `Retry-After: retry_after_secs`.
    pub fn too_many_requests(retry_after_secs: u64) -> Self {
        Reply::error(429, "Too many requests")
            .with_header("Retry-After", &retry_after_secs.to_string())
    }

    /// Any content type and body, sent as they are.
    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status,
            content_type: Some(content_type.to_owned()),
            body: body.into(),
            headers: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    /// No body and no content type (`204`, say).
    pub fn empty(status: u16) -> Self {
        Reply {
            status,
            content_type: None,
            body: Vec::new(),
            headers: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    /// Adds a header (an invalid name or value is left out of the answer).
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Waits `delay` before answering.
    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// The HTTP status (an invalid one is answered 500).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The body bytes.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    pub(crate) fn null() -> Self {
        Reply::raw(200, "application/json", "null")
    }

    pub(crate) fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    pub(crate) fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    pub(crate) fn delay(&self) -> Duration {
        self.delay
    }

    pub(crate) fn add_delay(&mut self, delay: Duration) {
        self.delay = self.delay.saturating_add(delay);
    }
}

/// OVH's JSON error body: `{"class":"Client::Forbidden","message":…,
/// "errorCode":…,"httpCode":"403 Forbidden"}` (`errorCode` only when given).
pub fn ovh_error_body(status: u16, error_code: Option<&str>, message: &str) -> Value {
    let reason = hyper::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Unknown");
    let class_name: String = reason.split_whitespace().collect();
    let class = match status {
        400..=499 => format!("Client::{class_name}"),
        500..=599 => format!("Server::{class_name}"),
        _ => class_name,
    };
    let mut body = json!({
        "class": class,
        "message": message,
        "httpCode": format!("{status} {reason}"),
    });
    if let Some(code) = error_code {
        body["errorCode"] = json!(code);
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_shape() {
        assert_eq!(
            ovh_error_body(
                403,
                Some("NOT_GRANTED_CALL"),
                "This call has not been granted"
            ),
            json!({
                "class": "Client::Forbidden",
                "message": "This call has not been granted",
                "errorCode": "NOT_GRANTED_CALL",
                "httpCode": "403 Forbidden",
            })
        );
        assert_eq!(
            ovh_error_body(404, None, "gone"),
            json!({"class": "Client::NotFound", "message": "gone", "httpCode": "404 Not Found"})
        );
        assert_eq!(
            ovh_error_body(503, Some("X"), "m")["class"],
            json!("Server::ServiceUnavailable")
        );
    }

    #[test]
    fn unserializable_bodies_become_500() {
        let mut map = std::collections::HashMap::new();
        map.insert(vec![1u8], 1);
        let reply = Reply::json(200, &map);
        assert_eq!(reply.status(), 500);
        assert!(String::from_utf8_lossy(reply.body()).contains("MOCK_BAD_BODY"));
    }

    #[test]
    fn too_many_requests_says_when_to_retry() {
        let reply = Reply::too_many_requests(3);
        assert_eq!(reply.status(), 429);
        assert_eq!(
            reply.headers(),
            [("Retry-After".to_owned(), "3".to_owned())]
        );
    }
}
