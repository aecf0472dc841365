//! Batch GETs: `GET prefix/{id1}<sep>{id2}…` with `X-Ovh-Batch: <sep>`,
//! answered `[{"key","value","error"}…]` from the rule of each `prefix/{id}`.

use serde_json::{json, Value};

use super::reply::Reply;
use super::state::Shared;

/// Whether a batch GET on `path` is answered id by id: unless its last
/// segment holds several ids and a rule is for that literal path (to serve a
/// canned batch answer).
pub(crate) fn applies(shared: &Shared, path: &str, separator: &str) -> bool {
    let several = path
        .rsplit('/')
        .next()
        .is_some_and(|ids| ids.contains(separator));
    !several
        || !shared
            .state()
            .rules
            .iter()
            .any(|rule| rule.is_literally("GET", path))
}

/// The batch answer. `authenticated`: whether the request was.
pub(crate) fn answer(shared: &Shared, path: &str, separator: &str, authenticated: bool) -> Reply {
    let Some((prefix, ids)) = path.rsplit_once('/') else {
        return Reply::error_code(404, "NOT_FOUND", "Got an invalid (or empty) URL");
    };
    let mut state = shared.state();
    let mut items = Vec::new();
    let mut delay = std::time::Duration::ZERO;
    for encoded in ids.split(separator) {
        let key = percent_decode(encoded);
        // Each id as if asked for alone, without a query string.
        let (value, error) = match state.rule_mut("GET", &format!("{prefix}/{encoded}"), None) {
            None => (
                Value::Null,
                json!(format!("The requested object ({key}) does not exist")),
            ),
            Some(rule) if rule.requires_auth && !authenticated => {
                (Value::Null, json!("You must login first"))
            }
            Some(rule) => {
                let reply = rule.next_reply(&|_| None);
                delay = delay.max(reply.delay());
                let body: Value = serde_json::from_slice(reply.body()).unwrap_or(Value::Null);
                if (200..300).contains(&reply.status()) {
                    (body, Value::Null)
                } else {
                    let message = body
                        .get("message")
                        .and_then(Value::as_str)
                        .map_or_else(|| format!("HTTP {}", reply.status()), str::to_owned);
                    (Value::Null, json!(message))
                }
            }
        };
        items.push(json!({"key": key, "value": value, "error": error}));
    }
    Reply::json(200, &Value::Array(items)).with_delay(delay)
}

/// Decodes `%XX` escapes (invalid ones are kept as they are).
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_decoded() {
        assert_eq!(super::percent_decode("a%2Cb%zz%"), "a,b%zz%");
    }
}
