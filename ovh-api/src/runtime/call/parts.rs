//! What one call sends, the client aside: method, path, query, headers,
//! body, and the signing and retry choices.
//!
//! A leaf of the runtime: [`ApiRequest`](crate::ApiRequest) fills these
//! parts in and the client sends them, and this module imports neither.

use bytes::Bytes;
use serde_json::{Map, Value};

use crate::runtime::auth::access::{match_operation, NeededAccess, Operation, OperationTable};
use crate::runtime::call::method::Method;
use crate::runtime::error::{Error, Result};
use crate::runtime::http::retry::RetryPolicy;

/// The body of a call.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) enum Body {
    /// No body, and no `Content-Type`.
    #[default]
    Empty,
    /// Compact JSON, ready to send.
    Json(Bytes),
    /// A JSON object built member by member (how the generated API sends a
    /// body of named parameters), serialized when the call is sent.
    Object(Map<String, Value>),
}

impl Body {
    /// Sets a JSON body, unless an object body is being built: an object
    /// body takes the place of one given whole, whatever the order.
    pub(crate) fn set_json(&mut self, json: Bytes) {
        if !matches!(self, Body::Object(_)) {
            *self = Body::Json(json);
        }
    }

    /// The object body being built, started (empty) if there is none yet;
    /// a whole JSON body set before is dropped.
    pub(crate) fn object_mut(&mut self) -> &mut Map<String, Value> {
        if !matches!(self, Body::Object(_)) {
            *self = Body::Object(Map::new());
        }
        match self {
            Body::Object(members) => members,
            _ => unreachable!("just made an object"),
        }
    }

    /// The bytes sent: `None` for no body, an object serialized compact.
    pub(crate) fn to_bytes(&self) -> Result<Option<Bytes>> {
        match self {
            Body::Empty => Ok(None),
            Body::Json(json) => Ok(Some(json.clone())),
            Body::Object(members) => serde_json::to_vec(members)
                .map(|json| Some(json.into()))
                .map_err(Error::Serialize),
        }
    }

    /// The same body with an object serialized, so that the attempts of a
    /// call share the bytes instead of serializing it each time.
    pub(crate) fn encoded(self) -> Result<Body> {
        match self {
            Body::Object(_) => Ok(self.to_bytes()?.map_or(Body::Empty, Body::Json)),
            other => Ok(other),
        }
    }
}

/// What is sent: everything but the client.
#[derive(Debug, Clone)]
pub(crate) struct RequestParts {
    pub(crate) method: Method,
    /// Path relative to the endpoint base, possibly with a query string.
    pub(crate) path: String,
    /// Encoded `key=value` pairs appended to the path's query string.
    pub(crate) query: Vec<String>,
    /// Query keys whose values `Debug` output hides (parameters OVH types as a password).
    pub(crate) redacted: Vec<String>,
    pub(crate) body: Body,
    pub(crate) signed: bool,
    pub(crate) headers: Vec<(String, String)>,
    /// Safe to send twice: lets a POST be retried.
    pub(crate) idempotent: bool,
    /// Replaces the client's retry policy for this call.
    pub(crate) retry: Option<RetryPolicy>,
    /// The typed operation the call belongs to (`None` for a raw call): what an access log
    /// records.
    pub(crate) operation: Option<Operation>,
}

impl RequestParts {
    /// A signed request with nothing but a method and a path.
    pub(crate) fn new(method: Method, path: String) -> Self {
        RequestParts {
            method,
            path,
            query: Vec::new(),
            redacted: Vec::new(),
            body: Body::Empty,
            signed: true,
            headers: Vec::new(),
            idempotent: false,
            retry: None,
            operation: None,
        }
    }

    /// What the call needs to be allowed, for the error of a refused call: its typed
    /// operation's rule and IAM actions, or, for a raw call, those of the operation of `tables`
    /// its path matches (as the access log finds it); `None` for a raw path matching none.
    pub(crate) fn needed_access(&self, tables: &[OperationTable]) -> Option<NeededAccess> {
        Some(self.operation_in(tables)?.needed(self.method))
    }

    /// The operation the call belongs to: its typed operation, or, for a raw call, the
    /// operation of `tables` its path (without the query) matches; `None` for a raw path
    /// matching none.
    pub(crate) fn operation_in(&self, tables: &[OperationTable]) -> Option<Operation> {
        let path = self.path.split(['?', '#']).next().unwrap_or_default();
        self.operation
            .or_else(|| match_operation(tables, self.method, path))
    }

    /// The path with the query pairs appended (`/me/bill?date.from=2024-01-01`), relative to
    /// the endpoint: what the client sends, and what the mock's typed rules match.
    pub(crate) fn path_and_query(&self) -> String {
        let mut target = self.path.clone();
        for (i, pair) in self.query.iter().enumerate() {
            let separator = if i == 0 && !self.path.contains('?') {
                '?'
            } else {
                '&'
            };
            target.push(separator);
            target.push_str(pair);
        }
        target
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_object_body_wins_over_a_whole_one_in_any_order() {
        let json = Bytes::from_static(b"[1]");
        let mut body = Body::Empty;
        body.set_json(json.clone());
        assert_eq!(body, Body::Json(json.clone()));
        body.object_mut().insert("a".into(), Value::from(1));
        body.set_json(json);
        assert_eq!(body.to_bytes().unwrap().unwrap(), &br#"{"a":1}"#[..]);
        assert_eq!(
            body.encoded().unwrap(),
            Body::Json(Bytes::from_static(br#"{"a":1}"#))
        );
        assert_eq!(Body::Empty.to_bytes().unwrap(), None);
    }

    #[test]
    fn a_call_needs_its_operation_or_the_one_its_raw_path_matches() {
        const TABLE: OperationTable = &[(Method::Get, "/me/bill/{billId}", &["a:bill/get"], &[])];
        let mut raw = RequestParts::new(Method::Get, "/me/bill/FR1?x=1".into());
        let needed = raw.needed_access(&[TABLE]).unwrap();
        assert_eq!(needed.to_string(), "GET /me/bill/* (IAM a:bill/get)");
        raw.path = "/nowhere".into();
        assert_eq!(raw.needed_access(&[TABLE]), None);
        raw.operation = Some(Operation {
            template: "/me/{x}",
            iam_actions: &[],
        });
        assert_eq!(raw.needed_access(&[]).unwrap().to_string(), "GET /me/*");
    }

    #[test]
    fn query_pairs_follow_the_path_or_its_own_query() {
        let mut parts = RequestParts::new(Method::Get, "/me/bill".into());
        assert_eq!(parts.path_and_query(), "/me/bill");
        parts.query = vec!["a=1".into(), "b=2".into()];
        assert_eq!(parts.path_and_query(), "/me/bill?a=1&b=2");
        parts.path = "/me/bill?x=0".into();
        assert_eq!(parts.path_and_query(), "/me/bill?x=0&a=1&b=2");
    }
}
