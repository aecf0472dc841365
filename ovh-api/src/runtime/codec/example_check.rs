//! What the generated example tests (`src/generated/examples.rs`) call: decode an example of
//! OVH's schemas into its generated type, encode it back, and compare.

use crate::runtime::codec::object::to_body_value;

/// Decodes `json` into `T` and checks both encodings: `Serialize` gives back the example
/// (faithful), and the request-body encoding gives `sent`, the example without its read-only
/// members. Then decodes the re-encoded value again: the same value.
pub(crate) fn check<T>(json: &str, sent: &str)
where
    T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
{
    let original: serde_json::Value = serde_json::from_str(json).expect("the example is JSON");
    let sent: serde_json::Value = serde_json::from_str(sent).expect("the expected value is JSON");
    let typed: T = serde_json::from_value(original.clone())
        .unwrap_or_else(|e| panic!("the example does not decode: {e}\n{json}"));
    let back = serde_json::to_value(&typed).expect("the decoded example encodes");
    if let Err(at) = equivalent(&original, &back, "") {
        panic!("re-encoded example differs at `{at}`:\nexample: {original}\nencoded: {back}");
    }
    let again: T = serde_json::from_value(back).expect("the re-encoded example decodes");
    assert_eq!(again, typed, "decode -> encode -> decode changed the value");
    let body = to_body_value(&typed).expect("the decoded example encodes as a body");
    if let Err(at) = equivalent(&sent, &body, "") {
        panic!("example sent as a body differs at `{at}`:\nexpected: {sent}\nsent: {body}");
    }
}

/// Whether a value is what a plain field missing from the example encodes as.
fn is_empty(v: &serde_json::Value) -> bool {
    use serde_json::Value;
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
    }
}

/// Equality up to the normalisations of the examples' docs; `Err` holds the JSON location.
fn equivalent(a: &serde_json::Value, b: &serde_json::Value, at: &str) -> Result<(), String> {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                let here = format!("{at}/{k}");
                match y.get(k) {
                    Some(w) => equivalent(v, w, &here)?,
                    None if v.is_null() => {}
                    None => return Err(here),
                }
            }
            for (k, w) in y {
                if !x.contains_key(k) && !is_empty(w) {
                    return Err(format!("{at}/{k}"));
                }
            }
            Ok(())
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .try_for_each(|(i, (v, w))| equivalent(v, w, &format!("{at}/{i}"))),
        (Value::Number(x), Value::Number(y)) if x.as_f64() == y.as_f64() => Ok(()),
        _ if a == b => Ok(()),
        _ => Err(at.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn equivalence_normalises_nulls_empties_and_numbers() {
        assert!(equivalent(&json!({"a": null}), &json!({}), "").is_ok());
        assert!(equivalent(&json!({}), &json!({"a": ""}), "").is_ok());
        assert!(equivalent(&json!({"n": 1}), &json!({"n": 1.0}), "").is_ok());
        assert_eq!(
            equivalent(&json!({"a": 1}), &json!({}), ""),
            Err("/a".into())
        );
        assert_eq!(
            equivalent(&json!({}), &json!({"b": "x"}), ""),
            Err("/b".into())
        );
        assert_eq!(
            equivalent(&json!([1, 2]), &json!([1, 3]), ""),
            Err("/1".into())
        );
    }
}
