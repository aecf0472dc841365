//! Replaying a cassette ([`crate::ClientBuilder::record_to`]): each request answered by the
//! first exchange not played yet that it matches, and what did not match, for the report.

use std::fmt;
use std::path::PathBuf;

use serde_json::Value;

use super::paths::full_path;
use super::reply::Reply;
use crate::cassette::{redact, Cassette, Exchange, REDACTED};

/// A request a replaying mock received that matched no exchange left in its cassette, and
/// the exchange it was expected to be. The mock answered it 400 `REPLAY_MISMATCH`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ReplayMismatch {
    /// The request received: method, path relative to the API (`/me/bill`), query string and
    /// JSON body (password-like members' values replaced by `"<redacted>"`).
    pub received: String,
    /// The exchange expected instead: the first not played with the same method and path, or
    /// else the first not played; `None` when every exchange was played.
    pub expected: Option<Exchange>,
}

impl fmt::Display for ReplayMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "received {}", self.received)?;
        match &self.expected {
            Some(expected) => write!(
                f,
                "; expected (cassette line {}) {}",
                expected.line(),
                expected.request_line()
            ),
            None => f.write_str("; every recorded exchange was played already"),
        }
    }
}

/// What a replaying mock ([`MockOvh::replay`](super::MockOvh::replay)) made of its cassette:
/// how many exchanges it played, the requests that matched none, and the exchanges never
/// played. [`ReplayReport::is_exact`] says the program made exactly the recorded calls;
/// `Display` lists the differences.
///
/// ```text
/// cassette tests/cassettes/me.jsonl: 2 of 3 exchanges played, 1 mismatch, 1 not played
///   mismatch: received GET /me/bill?date.from=2024-02-01; expected (cassette line 3) GET /me/bill?date.from=2024-01-01
///   not played: line 3: GET /me/bill?date.from=2024-01-01
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ReplayReport {
    /// The cassette's path.
    pub cassette: PathBuf,
    /// How many exchanges were played.
    pub played: usize,
    /// The requests that matched no exchange left, in the order received.
    pub mismatches: Vec<ReplayMismatch>,
    /// The exchanges never played, in the cassette's order.
    pub unplayed: Vec<Exchange>,
}

impl ReplayReport {
    /// Whether every request matched an exchange and every exchange was played: the program
    /// made exactly the recorded calls (in an order each request's own exchanges allow).
    pub fn is_exact(&self) -> bool {
        self.mismatches.is_empty() && self.unplayed.is_empty()
    }
}

impl fmt::Display for ReplayReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.played + self.unplayed.len();
        write!(
            f,
            "cassette {}: {} of {total} exchanges played, {} mismatch{}, {} not played",
            self.cassette.display(),
            self.played,
            self.mismatches.len(),
            if self.mismatches.len() == 1 { "" } else { "es" },
            self.unplayed.len()
        )?;
        for mismatch in &self.mismatches {
            write!(f, "\n  mismatch: {mismatch}")?;
        }
        for exchange in &self.unplayed {
            write!(
                f,
                "\n  not played: line {}: {}",
                exchange.line(),
                exchange.request_line()
            )?;
        }
        Ok(())
    }
}

/// A cassette being replayed: its exchanges, which were played, what did not match.
pub(crate) struct Replay {
    path: PathBuf,
    exchanges: Vec<Exchange>,
    played: Vec<bool>,
    mismatches: Vec<ReplayMismatch>,
}

/// A request as the replay compares it: method, full path (`/1.0/me`), query pairs, body.
pub(crate) struct Incoming<'a> {
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    pub(crate) query: Option<&'a str>,
    pub(crate) body: &'a [u8],
}

impl Replay {
    pub(crate) fn new(cassette: Cassette) -> Self {
        let path = cassette.path().to_owned();
        let exchanges = cassette.into_exchanges();
        Replay {
            path,
            played: vec![false; exchanges.len()],
            exchanges,
            mismatches: Vec::new(),
        }
    }

    /// The recorded answer to `request`: the first exchange not played yet that it matches
    /// (requests made at once may come in another order than recorded; the same request
    /// made again gets the next recorded answer), now played.
    pub(crate) fn play(&mut self, request: &Incoming<'_>) -> Option<Reply> {
        let body = body_json(request.body);
        let index = (0..self.exchanges.len())
            .find(|&i| !self.played[i] && matches(&self.exchanges[i], request, body.as_ref()))?;
        self.played[index] = true;
        Some(answer(&self.exchanges[index]))
    }

    /// The answer to a request that matched nothing, kept for the report: OVH's error shape,
    /// 400 `REPLAY_MISMATCH`, its message naming what came and what was expected.
    pub(crate) fn mismatch(&mut self, request: &Incoming<'_>) -> Reply {
        let unplayed = || (0..self.exchanges.len()).filter(|&i| !self.played[i]);
        let same_call = unplayed().find(|&i| {
            let exchange = &self.exchanges[i];
            exchange.method == request.method && full_path(&exchange.path) == request.path
        });
        let expected = same_call
            .or_else(|| unplayed().next())
            .map(|i| self.exchanges[i].clone());
        let mismatch = ReplayMismatch {
            received: shown(request),
            expected,
        };
        let message = format!(
            "replay of cassette {}: no recorded exchange left matches the request: {mismatch}",
            self.path.display()
        );
        tracing::warn!(target: "ovh_api::mock", %message, "mock OVH: replay mismatch");
        self.mismatches.push(mismatch);
        Reply::error_code(400, "REPLAY_MISMATCH", &message)
    }

    pub(crate) fn report(&self) -> ReplayReport {
        ReplayReport {
            cassette: self.path.clone(),
            played: self.played.iter().filter(|p| **p).count(),
            mismatches: self.mismatches.clone(),
            unplayed: (0..self.exchanges.len())
                .filter(|&i| !self.played[i])
                .map(|i| self.exchanges[i].clone())
                .collect(),
        }
    }
}

/// A request body as a cassette holds it: JSON, or its text as a JSON string; `None` when
/// empty.
fn body_json(body: &[u8]) -> Option<Value> {
    if body.is_empty() {
        return None;
    }
    Some(
        serde_json::from_slice(body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned())),
    )
}

/// Whether `request` is the request of `exchange`: same method, path, query pairs in order
/// and JSON body, a recorded `"<redacted>"` matching any value (headers, the timestamp and
/// the signature are not compared).
fn matches(exchange: &Exchange, request: &Incoming<'_>, body: Option<&Value>) -> bool {
    exchange.method == request.method
        && full_path(&exchange.path) == request.path
        && same_query(exchange.query.as_deref(), request.query)
        && match (&exchange.request, body) {
            (None, None) => true,
            (Some(recorded), Some(received)) => same_json(recorded, received),
            _ => false,
        }
}

fn same_query(recorded: Option<&str>, received: Option<&str>) -> bool {
    let pairs = |query: Option<&str>| -> Vec<(String, String)> {
        url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .into_owned()
            .collect()
    };
    let (recorded, received) = (pairs(recorded), pairs(received));
    recorded.len() == received.len()
        && recorded
            .iter()
            .zip(&received)
            .all(|((rk, rv), (k, v))| rk == k && (rv == v || rv == REDACTED))
}

fn same_json(recorded: &Value, received: &Value) -> bool {
    match (recorded, received) {
        (Value::String(marker), _) if marker == REDACTED => true,
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(name, value)| b.get(name).is_some_and(|other| same_json(value, other)))
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_json(x, y))
        }
        _ => recorded == received,
    }
}

/// The recorded answer: status, body, and the kept headers.
fn answer(exchange: &Exchange) -> Reply {
    let body = exchange.response_body();
    let mut reply = match exchange.headers.get("content-type") {
        Some(content_type) => Reply::raw(exchange.status, content_type, body),
        None if body.is_empty() => Reply::empty(exchange.status),
        None if exchange.response.is_some() => {
            Reply::raw(exchange.status, "application/json", body)
        }
        None => Reply::raw(exchange.status, "text/plain", body),
    };
    for (name, value) in &exchange.headers {
        if name != "content-type" {
            reply = reply.with_header(name, value);
        }
    }
    reply
}

/// A request as a report shows it: `POST /me/x?a=1 with body {…}`, the `/1.0` dropped and
/// secrets redacted.
fn shown(request: &Incoming<'_>) -> String {
    let path = match request.path.strip_prefix("/1.0") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => rest,
        _ => request.path,
    };
    let mut shown = format!("{} {path}", request.method);
    if let Some(query) = request.query.filter(|q| !q.is_empty()) {
        shown.push('?');
        shown.push_str(query);
    }
    if let Some(mut body) = body_json(request.body) {
        redact(&mut body);
        shown.push_str(" with body ");
        shown.push_str(&body.to_string());
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_redacted_value_matches_any() {
        let recorded = json!({"password": REDACTED, "n": [1, {"a": REDACTED}]});
        assert!(same_json(
            &recorded,
            &json!({"password": "x", "n": [1, {"a": 2}]})
        ));
        assert!(!same_json(
            &recorded,
            &json!({"password": "x", "n": [2, {"a": 2}]})
        ));
        assert!(!same_json(&recorded, &json!({"password": "x"})));
        assert!(same_query(
            Some("a=1&pw=%3Credacted%3E"),
            Some("a=1&pw=s3cr3t")
        ));
        assert!(!same_query(Some("a=1&b=2"), Some("b=2&a=1")));
        assert!(same_query(None, Some("")));
    }
}
