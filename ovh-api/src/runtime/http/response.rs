//! What came back, and how it becomes a value (alone or in a [`Response`] with its status,
//! headers and query id) or an [`Error`].

use std::ops::{Deref, DerefMut};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use hyper::header::HeaderMap;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::runtime::auth::rule::NeededAccess;
use crate::runtime::codec::model::redact_secrets;
use crate::runtime::error::{ApiError, ApiErrorKind, Error, Result};

/// How many characters of an unusable body an error keeps.
const BODY_START_CHARS: usize = 200;

/// A response as received: status, headers and body bytes.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// HTTP status code.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// Body bytes (a cheap, reference-counted buffer: `&raw.body` is a `&[u8]`).
    pub body: Bytes,
}

impl RawResponse {
    /// The `X-Ovh-QueryID` header, OVH's identifier for this call.
    pub fn query_id(&self) -> Option<&str> {
        query_id(&self.headers)
    }

    /// The wait asked for by a `Retry-After` header: a number of seconds or
    /// an HTTP date (a date in the past is no wait). `None` when absent or
    /// unreadable.
    pub fn retry_after(&self) -> Option<Duration> {
        let value = self.headers.get("retry-after")?.to_str().ok()?.trim();
        if let Ok(secs) = value.parse::<u64>() {
            return Some(Duration::from_secs(secs));
        }
        let date = httpdate::parse_http_date(value).ok()?;
        Some(
            date.duration_since(SystemTime::now())
                .unwrap_or(Duration::ZERO),
        )
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Decodes a 2xx body as `T` (an empty body or 204 as JSON `null`, so
    /// `()` and `Option` work), or turns an error status into an
    /// [`Error::Api`].
    pub fn decode<T: DeserializeOwned>(self) -> Result<T> {
        self.decode_body()
    }

    /// [`RawResponse::decode`], keeping the answer.
    fn decode_body<T: DeserializeOwned>(&self) -> Result<T> {
        if !self.is_success() {
            return Err(self.error());
        }
        let body: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) {
            b"null"
        } else {
            &self.body
        };
        serde_json::from_slice(body).map_err(|e| self.invalid(e.to_string()))
    }

    /// The error an error status stands for. The body should be OVH's JSON
    /// error object; anything else is an invalid response.
    pub fn into_error(self) -> Error {
        self.error()
    }

    /// [`RawResponse::into_error`], keeping the answer.
    fn error(&self) -> Error {
        let body = if self.body.iter().all(u8::is_ascii_whitespace) {
            ErrorBody::default()
        } else {
            match serde_json::from_slice::<Value>(&self.body) {
                Ok(Value::Object(map)) => ErrorBody::from_object(map),
                Ok(Value::String(message)) => ErrorBody {
                    message,
                    ..ErrorBody::default()
                },
                // A 429 is a 429 whatever page a proxy put around it.
                _ if self.status == 429 => ErrorBody {
                    message: String::from("Too many requests"),
                    ..ErrorBody::default()
                },
                Ok(_) => return self.invalid("error body is not an object".into()),
                Err(e) => return self.invalid(e.to_string()),
            }
        };
        let kind = match ApiErrorKind::from_status(self.status, body.error_code.as_deref()) {
            ApiErrorKind::TooManyRequests { .. } => ApiErrorKind::TooManyRequests {
                retry_after: self.retry_after(),
            },
            kind => kind,
        };
        Error::from(ApiError {
            kind,
            status: self.status,
            message: body.message,
            error_code: body.error_code,
            class: body.class,
            details: body.details,
            // Only the call knows it: `Sent` adds it.
            needed: None,
            query_id: self.query_id().map(str::to_owned),
            attempts: 1,
        })
    }

    /// An [`Error::InvalidResponse`] for this response, saying why.
    pub(crate) fn invalid(&self, reason: String) -> Error {
        Error::InvalidResponse {
            status: self.status,
            reason,
            body_start: body_start(&self.body),
            query_id: self.query_id().map(str::to_owned),
            attempts: 1,
        }
    }
}

/// The first characters of a body for an error message; a JSON body with its secret-looking
/// members redacted first (an answer that did not decode may still carry a password).
fn body_start(body: &[u8]) -> String {
    let redacted = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|mut json| redact_secrets(&mut json).then(|| json.to_string()));
    let text = redacted.unwrap_or_else(|| String::from_utf8_lossy(body).into_owned());
    text.chars().take(BODY_START_CHARS).collect()
}

/// What an error body says, in either of OVH's shapes: today's (`class`, `message`, `details`)
/// or the older one (`errorCode`, `httpCode`, `message`). Members of another type are taken
/// as absent.
#[derive(Debug, Default)]
struct ErrorBody {
    message: String,
    error_code: Option<String>,
    class: Option<String>,
    details: Map<String, Value>,
}

impl ErrorBody {
    /// The members of an error object.
    fn from_object(mut map: Map<String, Value>) -> Self {
        let text = |map: &Map<String, Value>, key: &str| {
            map.get(key).and_then(Value::as_str).map(str::to_owned)
        };
        ErrorBody {
            message: text(&map, "message").unwrap_or_default(),
            error_code: text(&map, "errorCode"),
            class: text(&map, "class"),
            details: match map.remove("details") {
                Some(Value::Object(details)) => details,
                _ => Map::new(),
            },
        }
    }
}

/// An answer as a call's sending ends: the last attempt's response, how many attempts were
/// made, and what the call needs to be allowed (known only for an error status, the one case
/// it is read). Decoding it gives the call's value or its error, with both recorded.
#[derive(Debug)]
pub(crate) struct Sent {
    pub(crate) raw: RawResponse,
    pub(crate) attempts: u32,
    pub(crate) needed: Option<NeededAccess>,
}

impl Sent {
    /// The answer decoded, as [`RawResponse::decode`].
    pub(crate) fn decode<T: DeserializeOwned>(self) -> Result<T> {
        self.raw
            .decode_body()
            .map_err(|e| e.after_attempts(self.attempts).needing(self.needed))
    }

    /// The answer decoded, with its status and headers: an error status is an error, as
    /// with [`Sent::decode`].
    pub(crate) fn into_response<T: DeserializeOwned>(self) -> Result<Response<T>> {
        let value = match self.raw.decode_body() {
            Ok(value) => value,
            Err(e) => return Err(e.after_attempts(self.attempts).needing(self.needed)),
        };
        Ok(Response {
            value,
            status: self.raw.status,
            headers: self.raw.headers,
            attempts: self.attempts,
        })
    }

    /// The error an error status stands for, as [`RawResponse::into_error`].
    pub(crate) fn into_error(self) -> Error {
        self.raw
            .error()
            .after_attempts(self.attempts)
            .needing(self.needed)
    }
}

/// The `X-Ovh-QueryID` header, when readable.
fn query_id(headers: &HeaderMap) -> Option<&str> {
    headers.get("x-ovh-queryid").and_then(|v| v.to_str().ok())
}

/// A decoded answer with what came with it: the HTTP status, the headers, OVH's query id,
/// and how many attempts the call took. What `.send_with_meta()` of a typed call gives.
///
/// It derefs to the value (`response.field`, `response.len()`), and
/// [`into_inner`](Response::into_inner) takes the value out.
///
/// ```no_run
/// # async fn demo(client: ovh_api::Client) -> ovh_api::Result<()> {
/// let me = client.me().get().send_with_meta().await?;
/// println!("{} (query id {:?}, HTTP {})", me.nichandle, me.query_id(), me.status());
/// let me = me.into_inner();
/// # let _ = me; Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Response<T> {
    value: T,
    status: u16,
    headers: HeaderMap,
    attempts: u32,
}

impl<T> Response<T> {
    /// The decoded value.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The HTTP status of the answer (a success: error statuses are errors).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The answer's headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `X-Ovh-QueryID` header, OVH's identifier for this call (what OVH support asks
    /// for), when the answer had a readable one.
    pub fn query_id(&self) -> Option<&str> {
        query_id(&self.headers)
    }

    /// How many attempts the call took (1 unless it was retried, see
    /// [`RetryPolicy`](crate::RetryPolicy)).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

impl<T> Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Response<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, body: &str) -> RawResponse {
        let mut headers = HeaderMap::new();
        headers.insert("x-ovh-queryid", "EU.ext-1.q".parse().unwrap());
        RawResponse {
            status,
            headers,
            body: Bytes::from(body.to_owned()),
        }
    }

    /// `raw` as a call's sending ends, after `attempts` attempts.
    fn sent(raw: RawResponse, attempts: u32) -> Sent {
        Sent {
            raw,
            attempts,
            needed: None,
        }
    }

    #[test]
    fn a_response_keeps_status_headers_query_id_and_attempts() {
        let answer = sent(response(201, r#"["a","b"]"#), 2)
            .into_response::<Vec<String>>()
            .unwrap();
        assert_eq!(*answer, ["a", "b"]);
        assert_eq!(answer.len(), 2);
        assert_eq!(answer.status(), 201);
        assert_eq!(answer.query_id(), Some("EU.ext-1.q"));
        assert_eq!(answer.headers().len(), 1);
        assert_eq!(answer.attempts(), 2);
        assert_eq!(answer.into_inner(), ["a", "b"]);
        let err = sent(response(503, r#"{"message":"busy"}"#), 3)
            .into_response::<Value>()
            .unwrap_err();
        assert!(matches!(&err, Error::Api(api) if api.status == 503 && api.attempts == 3));
        let err = sent(response(200, "["), 1)
            .into_response::<Value>()
            .unwrap_err();
        assert!(matches!(err, Error::InvalidResponse { attempts: 1, .. }));
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let mut r = response(429, "{}");
        assert_eq!(r.retry_after(), None);
        r.headers.insert("retry-after", "7".parse().unwrap());
        assert_eq!(r.retry_after(), Some(Duration::from_secs(7)));
        let later = SystemTime::now() + Duration::from_secs(120);
        r.headers.insert(
            "retry-after",
            httpdate::fmt_http_date(later).parse().unwrap(),
        );
        let wait = r.retry_after().unwrap();
        assert!(
            wait > Duration::from_secs(110) && wait <= Duration::from_secs(120),
            "{wait:?}"
        );
        r.headers.insert(
            "retry-after",
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(r.retry_after(), Some(Duration::ZERO));
        for bad in ["soon", "-1", "1.5", ""] {
            r.headers.insert("retry-after", bad.parse().unwrap());
            assert_eq!(r.retry_after(), None, "{bad}");
        }
    }

    #[test]
    fn too_many_requests_carries_retry_after_even_with_an_html_body() {
        let mut r = response(429, "<html>slow down</html>");
        r.headers.insert("retry-after", "3".parse().unwrap());
        let err = r.decode::<Value>().unwrap_err();
        assert_eq!(
            err.api_kind(),
            Some(ApiErrorKind::TooManyRequests {
                retry_after: Some(Duration::from_secs(3))
            })
        );
        assert_eq!(err.kind_name(), "too-many-requests");
    }

    #[test]
    fn empty_and_204_bodies_decode_as_unit_or_null() {
        response(204, "").decode::<()>().unwrap();
        assert_eq!(response(200, "").decode::<Value>().unwrap(), Value::Null);
        assert_eq!(response(200, "null").decode::<Option<u8>>().unwrap(), None);
    }

    #[test]
    fn error_bodies_become_api_errors() {
        let err = response(
            403,
            r#"{"errorCode":"NOT_GRANTED_CALL","message":"This call has not been granted","httpCode":"403 Forbidden"}"#,
        )
        .decode::<Value>()
        .unwrap_err();
        let api = err.api().unwrap();
        assert_eq!(api.kind, ApiErrorKind::NotGrantedCall);
        assert_eq!(api.status, 403);
        assert_eq!(api.message, "This call has not been granted");
        assert_eq!(api.error_code.as_deref(), Some("NOT_GRANTED_CALL"));
        assert_eq!(api.query_id.as_deref(), Some("EU.ext-1.q"));
    }

    #[test]
    fn todays_error_bodies_keep_class_and_details() {
        let err = response(
            403,
            r#"{"class":"Client::Forbidden","message":"This call has not been granted","details":{"unauthorizedActionsByIAM":"account:apiovh:me/bill/get","unauthorizedActionsByAuthentication":""}}"#,
        )
        .decode::<Value>()
        .unwrap_err();
        let api = err.api().unwrap();
        // As in the Python client, the kind comes from `errorCode` only.
        assert_eq!(api.kind, ApiErrorKind::Other);
        assert_eq!(api.class.as_deref(), Some("Client::Forbidden"));
        assert_eq!(api.error_code, None);
        assert_eq!(api.message, "This call has not been granted");
        assert_eq!(api.details.len(), 2);
        assert_eq!(api.missing_iam_actions(), ["account:apiovh:me/bill/get"]);
        assert!(api.missing_authorizations().is_empty());
        // Decoded by hand, the answer does not know its call.
        assert_eq!(api.needed, None);
        // The older shape has neither; details that are not an object are none.
        let old = response(403, r#"{"errorCode":"INVALID_KEY","message":"m"}"#).into_error();
        let old = old.api().unwrap();
        assert_eq!((old.class.as_ref(), old.details.len()), (None, 0));
        let odd = response(500, r#"{"message":"m","class":7,"details":"text"}"#).into_error();
        let odd = odd.api().unwrap();
        assert_eq!((odd.class.as_ref(), odd.details.len()), (None, 0));
        assert_eq!(
            odd.to_string(),
            "OVH API answered HTTP 500: m (query id EU.ext-1.q)"
        );
    }

    #[test]
    fn a_sent_calls_error_carries_what_it_needed_and_its_attempts() {
        let needed = NeededAccess {
            rule: crate::runtime::auth::rule::AccessRule {
                method: "GET".into(),
                path: "/me/bill/*".into(),
            },
            iam_actions: vec!["a:me/bill/get".into()],
        };
        let refused = Sent {
            needed: Some(needed.clone()),
            ..sent(
                response(403, r#"{"class":"Client::Forbidden","message":"no"}"#),
                2,
            )
        };
        let err = refused.decode::<Value>().unwrap_err();
        let api = err.api().unwrap();
        assert_eq!((api.needed.as_ref(), api.attempts), (Some(&needed), 2));
        assert_eq!(
            err.to_string(),
            "OVH API answered HTTP 403: no [Client::Forbidden]; this call needs GET /me/bill/* \
             (IAM a:me/bill/get) (query id EU.ext-1.q) (gave up after 2 attempts)"
        );
        let batch = Sent {
            needed: Some(needed.clone()),
            ..sent(response(403, "{}"), 1)
        };
        assert_eq!(batch.into_error().api().unwrap().needed, Some(needed));
        // An HTML 403 is an invalid response, as before: it has no API error to carry it.
        let html = Sent {
            needed: None,
            ..sent(response(403, "<html>no</html>"), 1)
        };
        assert!(matches!(
            html.into_response::<Value>(),
            Err(Error::InvalidResponse { status: 403, .. })
        ));
    }

    #[test]
    fn non_json_bodies_are_invalid_responses() {
        let html = format!("<html>{}</html>", "x".repeat(500));
        let err = response(502, &html).decode::<Value>().unwrap_err();
        match err {
            Error::InvalidResponse {
                status,
                ref body_start,
                ref query_id,
                ..
            } => {
                assert_eq!(status, 502);
                assert_eq!(query_id.as_deref(), Some("EU.ext-1.q"));
                assert!(err.to_string().ends_with(" (query id EU.ext-1.q)"), "{err}");
                assert!(body_start.starts_with("<html>"));
                assert_eq!(body_start.chars().count(), BODY_START_CHARS);
            }
            other => panic!("unexpected {other:?}"),
        }
        let err = response(200, "not json").decode::<Value>().unwrap_err();
        assert!(matches!(err, Error::InvalidResponse { status: 200, .. }));
    }

    #[test]
    fn an_unusable_answer_does_not_quote_its_secrets() {
        // An answer of the wrong shape (a list expected) still carrying a client secret.
        let body =
            r#"{"clientId":"EU.abc","clientSecret":"s3cr3t-value","nested":{"password":"pw"}}"#;
        let err = response(200, body).decode::<Vec<String>>().unwrap_err();
        let shown = format!("{err} {err:?}");
        assert!(
            !shown.contains("s3cr3t-value") && !shown.contains("\"pw\""),
            "{shown}"
        );
        assert!(shown.contains("EU.abc"), "{shown}");
    }

    #[test]
    fn bodies_of_the_wrong_shape_are_invalid_responses() {
        let err = response(200, r#"{"a":1}"#)
            .decode::<Vec<String>>()
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidResponse { status: 200, .. }),
            "{err}"
        );
    }
}
