//! The passwords the schemas type as such, left out of a recording by where they are: the
//! places codegen lists for each operation in the operation table (`query/<name>`,
//! `request/…`, `response/…`; `*` for every item of a list or value of a map, names escaped as
//! in a JSON pointer). A member is found by its type here, whatever its name; the name-based
//! [`redact`](super::format::redact) catches what no schema types.

use serde_json::Value;

use crate::runtime::cassette::format::redact_strings;

/// The query parameters `places` names (`query/<name>`), unescaped.
pub(crate) fn query_names(places: &[&str]) -> Vec<String> {
    places
        .iter()
        .filter_map(|place| place.strip_prefix("query/"))
        .map(unescape)
        .collect()
}

/// Replaces every string at the places of `places` under `root` (`request` or `response`)
/// in `json` with the marker (a list or map of strings there too).
pub(crate) fn redact_at(json: &mut Value, places: &[&str], root: &str) {
    for place in places {
        let mut steps = place.split('/');
        if steps.next() != Some(root) {
            continue;
        }
        let steps: Vec<String> = steps.map(unescape).collect();
        redact_steps(json, &steps);
    }
}

fn redact_steps(json: &mut Value, steps: &[String]) {
    let Some((first, rest)) = steps.split_first() else {
        redact_strings(json);
        return;
    };
    match json {
        Value::Array(items) if first == "*" => {
            items.iter_mut().for_each(|item| redact_steps(item, rest));
        }
        Value::Object(members) if first == "*" => {
            members.values_mut().for_each(|v| redact_steps(v, rest));
        }
        Value::Object(members) => {
            if let Some(member) = members.get_mut(first.as_str()) {
                redact_steps(member, rest);
            }
        }
        _ => {}
    }
}

/// A path step as the member name it stands for (`~1` is `/`, `~0` is `~`).
fn unescape(step: &str) -> String {
    step.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn passwords_are_found_by_place_whatever_their_name() {
        let mut answer = json!([
            {"access": "tok1", "id": 1, "nested": {"key": "k", "keep": "x"}},
            {"access": "tok2", "id": 2, "nested": {"key": ["k1", "k2"]}}
        ]);
        redact_at(
            &mut answer,
            &[
                "response/*/access",
                "response/*/nested/key",
                "request/access",
            ],
            "response",
        );
        assert_eq!(
            answer,
            json!([
                {"access": "<redacted>", "id": 1, "nested": {"key": "<redacted>", "keep": "x"}},
                {"access": "<redacted>", "id": 2, "nested": {"key": ["<redacted>", "<redacted>"]}}
            ])
        );
    }

    #[test]
    fn maps_a_whole_body_and_escaped_names() {
        let mut body = json!({"a/b": {"x": "s1", "y": "s2"}});
        redact_at(&mut body, &["request/a~1b/*"], "request");
        assert_eq!(body, json!({"a/b": {"x": "<redacted>", "y": "<redacted>"}}));
        let mut whole = json!("hunter2");
        redact_at(&mut whole, &["request"], "request");
        assert_eq!(whole, json!("<redacted>"));
        // A place that is not there, or not under this root, changes nothing.
        let mut other = json!({"n": 1});
        redact_at(
            &mut other,
            &["request/missing/deeper", "query/n"],
            "request",
        );
        assert_eq!(other, json!({"n": 1}));
    }

    #[test]
    fn query_places_give_the_parameter_names() {
        assert_eq!(
            query_names(&["query/pass~1word", "request/x", "query/token"]),
            ["pass/word", "token"]
        );
    }
}
