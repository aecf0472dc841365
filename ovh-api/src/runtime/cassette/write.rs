//! [`Recorder`]: a cassette being recorded, each exchange appended as one complete line.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde_json::Value;

use crate::runtime::auth::access::secrets_of;
use crate::runtime::call::parts::RequestParts;
use crate::runtime::cassette::error::CassetteError;
use crate::runtime::cassette::format::{redact, Exchange, Header, KEPT_HEADERS, REDACTED};
use crate::runtime::cassette::places::{query_names, redact_at};
use crate::runtime::http::response::RawResponse;

/// A cassette file being written, shared by a client and its clones.
#[derive(Debug)]
pub(crate) struct Recorder {
    path: PathBuf,
    /// Locked for a whole line, so that lines of concurrent calls never interleave.
    file: Mutex<File>,
}

impl Recorder {
    /// Creates the cassette at `path` (emptying an existing file) with its header line.
    pub(crate) fn create(path: &Path) -> Result<Recorder, CassetteError> {
        let io = |source| CassetteError::Io {
            path: path.to_owned(),
            source,
        };
        let mut file = File::create(path).map_err(io)?;
        let header = serde_json::to_string(&Header::current()).unwrap_or_default();
        file.write_all(format!("{header}\n").as_bytes())
            .and_then(|()| file.flush())
            .map_err(io)?;
        Ok(Recorder {
            path: path.to_owned(),
            file: Mutex::new(file),
        })
    }

    /// Appends one exchange: the request of `parts` and its answer `raw`. A failure to write
    /// is logged, not returned: the call itself went well.
    pub(crate) fn record(&self, parts: &RequestParts, raw: &RawResponse) {
        let exchange = exchange(parts, raw);
        let mut line = match serde_json::to_string(&exchange) {
            Ok(line) => line,
            Err(error) => {
                tracing::warn!(target: "ovh_api::cassette", path = %self.path.display(), %error, "cassette: an exchange could not be written");
                return;
            }
        };
        line.push('\n');
        // One write of the whole line, flushed: a crash leaves complete lines (the file is
        // not buffered; a line is small enough for a blocking write in a task).
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(error) = file.write_all(line.as_bytes()).and_then(|()| file.flush()) {
            tracing::warn!(target: "ovh_api::cassette", path = %self.path.display(), %error, "cassette: an exchange could not be written");
        }
    }
}

/// The exchange of one attempt, secrets left out: no request header is kept (they hold the
/// credentials and the signature); the values of password query parameters, of the body
/// members the operation's schema types as passwords (the operation table's places) and of
/// password-like members are replaced by the marker.
pub(crate) fn exchange(parts: &RequestParts, raw: &RawResponse) -> Exchange {
    let tables = crate::operations::ALL;
    let places = parts
        .operation_in(tables)
        .map_or(&[][..], |op| secrets_of(tables, parts.method, op.template));
    let mut secret_query = parts.redacted.clone();
    secret_query.extend(query_names(places));
    let target = parts.path_and_query();
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path.to_owned(), Some(redacted_query(query, &secret_query))),
        None => (target, None),
    };
    let request = parts
        .body
        .to_bytes()
        .ok()
        .flatten()
        .map(|bytes| json_or_text(&bytes, places));
    let headers: BTreeMap<String, String> = KEPT_HEADERS
        .iter()
        .filter_map(|name| {
            let value = raw.headers.get(*name)?.to_str().ok()?;
            Some(((*name).to_owned(), value.to_owned()))
        })
        .collect();
    let (response, response_text) = match serde_json::from_slice::<Value>(&raw.body) {
        _ if raw.body.is_empty() => (None, None),
        Ok(mut json) => {
            redact(&mut json);
            redact_at(&mut json, places, "response");
            (Some(json), None)
        }
        Err(_) => (None, Some(String::from_utf8_lossy(&raw.body).into_owned())),
    };
    Exchange {
        method: parts.method.as_str().to_owned(),
        path,
        query,
        operation: parts.operation.map(|op| op.template.to_owned()),
        request,
        status: raw.status,
        headers,
        response,
        response_text,
        line: 0,
    }
}

/// A request body as the cassette holds it: JSON, redacted (the client sends JSON only; any
/// other body is kept as a JSON string of its text).
fn json_or_text(bytes: &[u8], places: &[&str]) -> Value {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(mut json) => {
            redact(&mut json);
            redact_at(&mut json, places, "request");
            json
        }
        Err(_) => Value::String(String::from_utf8_lossy(bytes).into_owned()),
    }
}

/// The query string with the values of the `secret` keys (as given, decoded) replaced by the
/// marker, percent-encoded.
fn redacted_query(query: &str, secret: &[String]) -> String {
    if secret.is_empty() {
        return query.to_owned();
    }
    let marker =
        percent_encoding::utf8_percent_encode(REDACTED, percent_encoding::NON_ALPHANUMERIC);
    query
        .split('&')
        .map(|pair| {
            let key = pair.split_once('=').map_or(pair, |(key, _)| key);
            let decoded = percent_encoding::percent_decode_str(key).decode_utf8_lossy();
            if secret.iter().any(|s| *s == decoded) {
                format!("{key}={marker}")
            } else {
                pair.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::call::method::Method;
    use crate::runtime::call::parts::Body;
    use hyper::header::HeaderMap;

    #[test]
    fn an_attempt_is_recorded_without_its_secrets() {
        let mut parts = RequestParts::new(Method::Post, "/me/x?voucher=v1".into());
        parts.query = vec!["a=1".into()];
        parts.redacted = vec!["voucher".into()];
        parts.body = Body::Json(r#"{"password":"hunter2","n":1}"#.into());
        parts.headers = vec![("X-Ovh-Batch".into(), ",".into())];
        let mut headers = HeaderMap::new();
        headers.insert("content-type", "application/json".parse().unwrap());
        headers.insert("x-ovh-queryid", "EU.1".parse().unwrap());
        headers.insert("set-cookie", "c=1".parse().unwrap());
        let raw = RawResponse {
            status: 201,
            headers,
            body: r#"{"clientSecret":"s3cr3t","id":7}"#.into(),
        };
        let line = serde_json::to_string(&exchange(&parts, &raw)).unwrap();
        assert_eq!(
            line,
            r#"{"method":"POST","path":"/me/x","query":"voucher=%3Credacted%3E&a=1","request":{"password":"<redacted>","n":1},"status":201,"headers":{"content-type":"application/json","x-ovh-queryid":"EU.1"},"response":{"clientSecret":"<redacted>","id":7}}"#
        );
    }

    #[test]
    fn a_body_that_is_not_json_is_kept_as_text() {
        let parts = RequestParts::new(Method::Get, "/me".into());
        let raw = RawResponse {
            status: 502,
            headers: HeaderMap::new(),
            body: "<h1>Bad Gateway</h1>".into(),
        };
        let exchange = exchange(&parts, &raw);
        assert_eq!(
            exchange.response_text.as_deref(),
            Some("<h1>Bad Gateway</h1>")
        );
        assert_eq!(exchange.response, None);
        assert_eq!(exchange.query, None);
    }

    #[test]
    fn the_recorder_writes_the_header_then_whole_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.jsonl");
        let recorder = Recorder::create(&path).unwrap();
        let parts = RequestParts::new(Method::Get, "/me".into());
        let raw = RawResponse {
            status: 200,
            headers: HeaderMap::new(),
            body: "{}".into(),
        };
        recorder.record(&parts, &raw);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "{\"cassette\":\"ovh-api\",\"version\":1}\n{\"method\":\"GET\",\"path\":\"/me\",\"status\":200,\"response\":{}}\n"
        );
        let missing = Recorder::create(&dir.path().join("no/such/dir.jsonl")).unwrap_err();
        assert!(
            missing.to_string().contains("no/such/dir.jsonl"),
            "{missing}"
        );
    }
}
