//! A call ready to send: method, path, query, body, signing choice.
//!
//! [`ApiRequest`] is both the raw escape hatch (`client.get::<Value>("/me")`)
//! and what every generated typed operation returns or wraps, so query
//! encoding, body serialization and response decoding live in one place.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;

use futures::FutureExt;

use percent_encoding::utf8_percent_encode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::runtime::auth::access::{Operation, Origin};
use crate::runtime::call::method::Method;
use crate::runtime::call::parts::RequestParts;
use crate::runtime::call::path::{fill_path, NOT_UNRESERVED};
use crate::runtime::client::Client;
use crate::runtime::codec::object::{to_body_value, to_body_vec};
use crate::runtime::error::{Error, Result};
use crate::runtime::http::response::{RawResponse, Response, Sent};
use crate::runtime::http::retry::RetryPolicy;

/// One API call ready to send; `.await` it to get the decoded response.
///
/// Errors made while building it (a body that does not serialize, a bad
/// path value) are kept and returned by the `.await`, so building stays
/// chainable.
///
/// ```no_run
/// # async fn demo(client: ovh_api::Client) -> ovh_api::Result<()> {
/// use serde_json::Value;
/// let bills: Vec<String> = client
///     .get("/me/bill")
///     .query("date.from", "2024-01-01")
///     .await?;
/// let me: Value = client.get("/me").await?;
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until it is awaited"]
pub struct ApiRequest<T> {
    pub(crate) client: Client,
    pub(crate) parts: Result<RequestParts>,
    /// The method, kept for the access rule even when the parts could not be built.
    pub(crate) method: Method,
    /// Where the call's access rule comes from.
    pub(crate) origin: Origin,
    pub(crate) response: PhantomData<fn() -> T>,
}

impl<T> ApiRequest<T> {
    /// A request for a path relative to the endpoint base (e.g. `/me`, or
    /// `/v2/iam/policy` for the host root). The path is sent as given; it may
    /// carry a query string, but not a `#` fragment: a fragment is never
    /// sent, so the signature could not match what OVH receives (write `#`
    /// in a value as `%23`).
    pub fn new(client: &Client, method: Method, path: impl Into<String>) -> Self {
        let mut path = path.into();
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        let (parts, origin) = if path.contains('#') {
            let error = Error::InvalidParameter(format!(
                "path {path:?} holds a '#': percent-encode it as %23"
            ));
            (Err(error), Origin::Unbuilt(path.into()))
        } else {
            (Ok(RequestParts::new(method, path)), Origin::Raw)
        };
        ApiRequest {
            client: client.clone(),
            parts,
            method,
            origin,
            response: PhantomData,
        }
    }

    /// A request for a path template such as `/me/bill/{billId}`, its
    /// placeholders filled in order with `params`, each percent-encoded as
    /// exactly one path segment (see [`fill_path`]).
    ///
    /// Its access rule is the template's, every placeholder as `*`
    /// ([`TypedCall::access_rule`](crate::TypedCall::access_rule)).
    pub fn from_template<S: AsRef<str>>(
        client: &Client,
        method: Method,
        template: &str,
        params: &[S],
    ) -> Self {
        let parts = fill_path(template, params)
            .and_then(|path| ApiRequest::<T>::new(client, method, path).parts);
        ApiRequest {
            client: client.clone(),
            parts,
            method,
            origin: Origin::Template(template.into()),
            response: PhantomData,
        }
    }

    /// The call of a typed operation: its template filled with `params`, its required IAM
    /// actions kept for [`TypedCall::iam_actions`](crate::TypedCall::iam_actions).
    pub(crate) fn from_operation<S: AsRef<str>>(
        client: &Client,
        method: Method,
        operation: Operation,
        params: &[S],
    ) -> Self {
        let parts = fill_path(operation.template, params).and_then(|path| {
            ApiRequest::<T>::new(client, method, path)
                .parts
                .map(|mut parts| {
                    parts.operation = Some(operation);
                    parts
                })
        });
        ApiRequest {
            client: client.clone(),
            parts,
            method,
            origin: Origin::Operation(operation),
            response: PhantomData,
        }
    }

    /// A copy of the call to send again (a poll), `None` when it could not be built (sending
    /// it reports why).
    pub(crate) fn try_clone(&self) -> Option<Self> {
        let parts = self.parts.as_ref().ok()?.clone();
        Some(ApiRequest {
            client: self.client.clone(),
            parts: Ok(parts),
            method: self.method,
            origin: self.origin.clone(),
            response: PhantomData,
        })
    }

    pub(crate) fn update(mut self, f: impl FnOnce(&mut RequestParts) -> Result<()>) -> Self {
        if let Ok(parts) = &mut self.parts {
            if let Err(error) = f(parts) {
                if self.origin == Origin::Raw {
                    // The rule of a raw call is its path: kept when the parts are lost.
                    self.origin = Origin::Unbuilt(parts.path.as_str().into());
                }
                self.parts = Err(error);
            }
        }
        self
    }

    /// Adds a query pair. Strings are sent as they are, booleans as
    /// `true`/`false`, numbers in decimal, null as `null`, arrays as
    /// comma-separated values, objects as compact JSON; keys and values are
    /// percent-encoded.
    pub fn query<V: Serialize + ?Sized>(self, key: &str, value: &V) -> Self {
        self.update(|parts| {
            let value = to_body_value(value).map_err(Error::Serialize)?;
            push_query(parts, key, &value);
            Ok(())
        })
    }

    /// Hides the values of the query key `key` in `Debug` output (`key=<redacted>`), as the
    /// typed API does for parameters OVH types as a password. What is sent is unchanged.
    pub fn redact_query(self, key: &str) -> Self {
        self.update(|parts| {
            parts.redacted.push(key.to_owned());
            Ok(())
        })
    }

    /// Sets the JSON body, sent compact (no spaces) with
    /// `Content-Type: application/json`.
    pub fn body<B: Serialize + ?Sized>(self, body: &B) -> Self {
        self.update(|parts| {
            let json = to_body_vec(body).map_err(Error::Serialize)?;
            parts.body.set_json(json.into());
            Ok(())
        })
    }

    /// Starts a JSON object body (`{}` if nothing is added), filled by
    /// [`body_field`](Self::body_field). The generated API sends operations
    /// whose body is a list of named parameters this way.
    pub fn body_object(self) -> Self {
        self.update(|parts| {
            parts.body.object_mut();
            Ok(())
        })
    }

    /// Sets one member of a JSON object body (starting one if needed);
    /// setting a name again replaces its value. An object body built this
    /// way takes the place of one given to [`body`](Self::body).
    pub fn body_field<V: Serialize + ?Sized>(self, name: &str, value: &V) -> Self {
        self.update(|parts| {
            let value = to_body_value(value).map_err(Error::Serialize)?;
            parts.body.object_mut().insert(name.to_owned(), value);
            Ok(())
        })
    }

    /// Sends the call unsigned: only `X-Ovh-Application` is added, no
    /// consumer key, timestamp or signature.
    pub fn unsigned(self) -> Self {
        self.update(|parts| {
            parts.signed = false;
            Ok(())
        })
    }

    /// Adds a request header, e.g. `X-Ovh-Batch`.
    pub fn header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let (name, value) = (name.into(), value.into());
        self.update(|parts| {
            parts.headers.push((name, value));
            Ok(())
        })
    }

    /// Marks the call as safe to send more than once, so that a POST is
    /// retried like a GET (see [`RetryPolicy`]). GET, PUT, DELETE and
    /// unsigned calls are retried without it.
    pub fn idempotent(self) -> Self {
        self.update(|parts| {
            parts.idempotent = true;
            Ok(())
        })
    }

    /// Uses this retry policy for this call instead of the client's, e.g.
    /// [`RetryPolicy::none()`].
    pub fn retry_policy(self, policy: RetryPolicy) -> Self {
        self.update(|parts| {
            parts.retry = Some(policy);
            Ok(())
        })
    }

    /// Sends the call and returns the status, headers and body as
    /// received, without turning error statuses into errors. Network
    /// failures, timeouts and missing credentials are still errors.
    /// Transient failures are retried first (see [`RetryPolicy`]).
    pub async fn send_raw(self) -> Result<RawResponse> {
        Ok(self.send().await?.raw)
    }

    /// Sends the call; returns the answer, how many attempts it took and what the call needs
    /// (for the error of a refused call).
    ///
    /// Not an `async fn`: the returned future holds the request once, where an
    /// `async fn` would also keep `self` for its whole life (futures of calls
    /// are boxed, and their size is a cost on every call).
    pub(crate) fn send(self) -> impl Future<Output = Result<Sent>> + Send + 'static {
        let parts = self.parts.and_then(|mut parts| {
            parts.body = parts.body.encoded()?;
            Ok(parts)
        });
        self.client.execute(parts)
    }
}

impl<T> fmt::Debug for ApiRequest<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("ApiRequest");
        match &self.parts {
            Ok(parts) => s
                .field("method", &parts.method)
                .field("path", &parts.path)
                .field("query", &shown_query(parts))
                .field("signed", &parts.signed),
            Err(error) => s.field("error", error),
        }
        .finish_non_exhaustive()
    }
}

/// The query pairs as `Debug` shows them: a redacted key's value as `<redacted>`.
fn shown_query(parts: &RequestParts) -> Vec<String> {
    parts
        .query
        .iter()
        .map(|pair| {
            let key = pair.split_once('=').map_or(pair.as_str(), |(key, _)| key);
            let hidden = parts.redacted.iter().any(|secret| {
                percent_encoding::percent_decode_str(key).decode_utf8_lossy() == secret.as_str()
            });
            if hidden {
                format!("{key}={}", crate::runtime::codec::model::REDACTED)
            } else {
                pair.clone()
            }
        })
        .collect()
}

impl<T: DeserializeOwned + Send + 'static> ApiRequest<T> {
    /// Sends the call and decodes the answer, keeping its status, headers, query id and
    /// attempt count in a [`Response`] that derefs to the value. Errors are those of `.await`.
    pub fn send_with_meta(self) -> Pin<Box<dyn Future<Output = Result<Response<T>>> + Send>> {
        Box::pin(self.send().map(|sent| sent?.into_response()))
    }
}

impl<T: DeserializeOwned + Send + 'static> IntoFuture for ApiRequest<T> {
    type Output = Result<T>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        // A combinator rather than an `async` block, which would hold the sending
        // future twice (as a captured value and as the value being awaited).
        Box::pin(self.send().map(|sent| sent?.decode()))
    }
}

/// Adds one percent-encoded `key=value` pair, the value written by [`query_value`].
pub(crate) fn push_query(parts: &mut RequestParts, key: &str, value: &Value) {
    parts.query.push(format!(
        "{}={}",
        utf8_percent_encode(key, NOT_UNRESERVED),
        utf8_percent_encode(&query_value(value), NOT_UNRESERVED)
    ));
}

/// The text of one query value.
///
/// Scalars are written as the Python client writes them; arrays are joined
/// with commas. Objects only occur in map-typed filters (the `iamTags`
/// parameter of list operations), which the API console sends as compact JSON
/// text, so that is what they become here.
pub(crate) fn query_value(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Null => "null".to_owned(),
        Value::Array(items) => items.iter().map(query_value).collect::<Vec<_>>().join(","),
        Value::Object(_) => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::runtime::call::parts::Body;
    use crate::runtime::test_client as client;

    fn parts<T>(request: ApiRequest<T>) -> RequestParts {
        request.parts.unwrap()
    }

    #[test]
    fn query_values_are_encoded_like_the_python_client() {
        let request = ApiRequest::<Value>::new(&client(), Method::Get, "/me/bill")
            .query("date.from", "2024-01-01")
            .query("flag", &true)
            .query("off", &false)
            .query("none", &Option::<String>::None)
            .query("n", &42)
            .query("list", &["a", "b c"])
            .query("odd key", "x&y=z/é");
        assert_eq!(
            parts(request).query,
            [
                "date.from=2024-01-01",
                "flag=true",
                "off=false",
                "none=null",
                "n=42",
                "list=a%2Cb%20c",
                "odd%20key=x%26y%3Dz%2F%C3%A9",
            ]
        );
    }

    #[test]
    fn object_query_values_are_compact_json() {
        let tags = serde_json::json!({"env": [{"operator": "EQ", "value": "prod"}]});
        let request =
            ApiRequest::<Value>::new(&client(), Method::Get, "/vps").query("iamTags", &tags);
        assert_eq!(
            parts(request).query,
            ["iamTags=%7B%22env%22%3A%5B%7B%22operator%22%3A%22EQ%22%2C%22value%22%3A%22prod%22%7D%5D%7D"]
        );
    }

    #[test]
    fn fragments_in_raw_paths_are_refused() {
        let request = ApiRequest::<Value>::new(&client(), Method::Get, "/me#x");
        assert!(matches!(request.parts, Err(Error::InvalidParameter(m)) if m.contains("%23")));
    }

    #[test]
    fn object_bodies_are_built_field_by_field() {
        let request = ApiRequest::<Value>::new(&client(), Method::Post, "/x")
            .body_object()
            .body_field("contactTech", "ab123-ovh")
            .body_field("ttl", &15)
            .body_field("ttl", &30);
        let Body::Object(fields) = parts(request).body else {
            panic!("not an object body")
        };
        assert_eq!(
            serde_json::to_string(&fields).unwrap(),
            r#"{"contactTech":"ab123-ovh","ttl":30}"#
        );
        let empty = ApiRequest::<Value>::new(&client(), Method::Post, "/x").body_object();
        assert_eq!(parts(empty).body, Body::Object(serde_json::Map::new()));
    }

    #[test]
    fn bodies_are_compact_json() {
        let request = ApiRequest::<Value>::new(&client(), Method::Post, "x")
            .body(&serde_json::json!({"from": "a@example.com", "localCopy": false}));
        let parts = parts(request);
        assert_eq!(parts.path, "/x");
        assert_eq!(
            parts.body.to_bytes().unwrap().unwrap(),
            &br#"{"from":"a@example.com","localCopy":false}"#[..]
        );
    }

    #[test]
    fn template_errors_are_deferred() {
        let request = ApiRequest::<Value>::from_template(
            &client(),
            Method::Get,
            "/me/bill/{billId}",
            &[".."],
        );
        assert!(matches!(request.parts, Err(Error::InvalidParameter(_))));
    }
}
