//! What every generated object model keeps beyond its typed fields, and the [`Model`] trait
//! that reads it.
//!
//! OVH's live API runs ahead of its published schemas: an answer may carry members no schema
//! names yet, leave a member out, or send `null` where the schema says it cannot. A decoded
//! model keeps all of that in its [`Wire`] field, so that encoding it again gives back the
//! answer it was read from (what a program storing or forwarding answers needs), and the
//! members this SDK does not name stay readable through [`Model::unknown_members`].

use std::fmt;
use std::sync::OnceLock;

use serde_json::{Map, Value};

/// Implemented by every generated object model: the members of the answer it was decoded
/// from that this SDK does not name (members OVH added after the schemas this SDK was
/// generated from), in the order they came.
///
/// They are written back when the model is serialized (`serde_json::to_value(&model)` gives
/// back the object it was decoded from), shown by `Debug`, and never sent in a request body:
/// OVH answers members it does not accept back.
///
/// ```
/// # #[cfg(feature = "me")] {
/// use ovh_api::Model;
/// let json = r#"{"billId":"FR1","zones":["a","b"]}"#;
/// let mut bill: ovh_api::models::billing::Bill = serde_json::from_str(json).unwrap();
/// assert_eq!(bill.unknown_members()["zones"], serde_json::json!(["a", "b"]));
/// assert_eq!(serde_json::to_string(&bill).unwrap(), json);
/// bill.unknown_members_mut().remove("zones");
/// assert_eq!(serde_json::to_string(&bill).unwrap(), r#"{"billId":"FR1"}"#);
/// # }
/// ```
pub trait Model {
    /// The members this SDK does not name, as received.
    fn unknown_members(&self) -> &Map<String, Value>;

    /// The members this SDK does not name, to change before the model is serialized again.
    fn unknown_members_mut(&mut self) -> &mut Map<String, Value>;
}

/// What a model read from the wire beyond its typed fields: the members it does not name,
/// and which of its named members were absent or `null` (so that they are written back the
/// same way while their field keeps the value decoding gave it).
///
/// Every generated object model has one, its last field (`wire`, or `wire_2` if a schema
/// member already takes that name). A model built in code starts with `Wire::default()`:
/// nothing unknown, every field written as its type says. Read it through [`Model`].
///
/// Two `Wire`s are equal when their unknown members are: whether a member was absent or
/// `null` is how it is written, not what the model holds.
#[derive(Clone, Default)]
pub struct Wire(Option<Box<Seen>>);

/// The contents of a [`Wire`] that holds anything: most models hold nothing, and then a
/// `Wire` costs one pointer and no allocation.
#[derive(Clone, Default)]
struct Seen {
    unknown: Map<String, Value>,
    /// Named members that were absent or `null`, in field order.
    marks: Vec<Mark>,
}

/// How a named member was found when its model was decoded, when not with a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Presence {
    /// Not in the object at all.
    Absent,
    /// Present as `null`.
    Null,
}

#[derive(Clone, Copy)]
struct Mark {
    wire: &'static str,
    presence: Presence,
}

impl Wire {
    /// The unknown members (an empty map when there are none).
    pub(crate) fn unknown(&self) -> &Map<String, Value> {
        static EMPTY: OnceLock<Map<String, Value>> = OnceLock::new();
        match &self.0 {
            Some(seen) => &seen.unknown,
            None => EMPTY.get_or_init(Map::new),
        }
    }

    /// The unknown members, to change.
    #[allow(dead_code)] // unused when no API feature is enabled
    pub(crate) fn unknown_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.seen().unknown
    }

    /// Keeps a member the model does not name.
    pub(crate) fn keep(&mut self, name: String, value: Value) {
        self.seen().unknown.insert(name, value);
    }

    /// Records that a named member was absent or `null`.
    pub(crate) fn mark(&mut self, wire: &'static str, presence: Presence) {
        self.seen().marks.push(Mark { wire, presence });
    }

    /// Whether a named member was recorded as absent or `null`.
    pub(crate) fn is_marked(&self, wire: &str) -> bool {
        self.marks().iter().any(|mark| mark.wire == wire)
    }

    fn seen(&mut self) -> &mut Seen {
        self.0.get_or_insert_with(Box::default)
    }

    /// The marks, in field order (empty for a model built in code).
    fn marks(&self) -> &[Mark] {
        self.0.as_ref().map_or(&[], |seen| &seen.marks)
    }
}

impl PartialEq for Wire {
    fn eq(&self, other: &Self) -> bool {
        self.unknown() == other.unknown()
    }
}

/// Finds the marks of an encoded model's members. Members are encoded in the order they
/// were decoded, so the next mark is nearly always the one asked for.
pub(crate) struct Marks<'a> {
    marks: &'a [Mark],
    next: usize,
}

impl<'a> Marks<'a> {
    /// No marks: every member is written as its field's kind says.
    pub(crate) fn none() -> Self {
        Marks {
            marks: &[],
            next: 0,
        }
    }

    /// The marks of a decoded model.
    pub(crate) fn of(wire: &'a Wire) -> Self {
        Marks {
            marks: wire.marks(),
            next: 0,
        }
    }

    /// How the member `wire` was found when decoded, if it was absent or `null`.
    pub(crate) fn presence(&mut self, wire: &str) -> Option<Presence> {
        let found = (self.next..self.marks.len())
            .chain(0..self.next.min(self.marks.len()))
            .find(|&i| self.marks[i].wire == wire)?;
        self.next = found + 1;
        Some(self.marks[found].presence)
    }
}

/// Member names whose values `Debug` hides among unknown members: a member OVH added after
/// the schemas cannot be typed `password`, so its name is all there is to go by.
const SECRET_WORDS: [&str; 7] = [
    "password",
    "secret",
    "passphrase",
    "privatekey",
    "token",
    "presharedkey",
    "kubeconfig",
];

/// Whether an unknown member's name says it holds a secret.
fn looks_secret(name: &str) -> bool {
    let folded: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    SECRET_WORDS.iter().any(|word| folded.contains(word))
}

/// Replaces, at any depth, the value of every member whose name says it holds a secret with
/// `"<redacted>"`; whether anything was replaced. For JSON shown in messages (the start of an
/// answer that could not be decoded), where no schema says which members are passwords.
pub(crate) fn redact_secrets(json: &mut Value) -> bool {
    let mut redacted = false;
    match json {
        Value::Object(members) => {
            for (name, value) in members.iter_mut() {
                if looks_secret(name) && !value.is_null() {
                    *value = Value::from(REDACTED);
                    redacted = true;
                } else {
                    redacted |= redact_secrets(value);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                redacted |= redact_secrets(item);
            }
        }
        _ => {}
    }
    redacted
}

/// The unknown members as a map of JSON texts, a member whose name says it holds a secret
/// shown as `<redacted>`.
impl fmt::Debug for Wire {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.unknown().iter().map(|(name, value)| {
                let shown = if looks_secret(name) {
                    Json(None)
                } else {
                    Json(Some(value))
                };
                (name, shown)
            }))
            .finish()
    }
}

/// A JSON value in `Debug` output as its compact JSON text (`None`: redacted).
struct Json<'a>(Option<&'a Value>);

impl fmt::Debug for Json<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(value) => fmt::Display::fmt(value, f),
            None => f.write_str(REDACTED),
        }
    }
}

/// What `Debug` shows in place of a secret.
pub(crate) const REDACTED: &str = "<redacted>";

/// A field OVH types as a password, in a model's `Debug` output: `<redacted>`, or `None`
/// (an unset optional field shows as unset).
#[allow(dead_code)] // unused when no enabled API has a password member
pub(crate) struct Redacted<'a, T: ?Sized>(pub(crate) &'a T);

/// The field types a password member can have: a string, a list or map of them, optional.
#[allow(dead_code)] // unused when no enabled API has a password member
pub(crate) trait Redact {
    /// Whether there is a value to hide (`None` is shown as it is).
    fn is_set(&self) -> bool {
        true
    }
}

impl Redact for String {}
impl<T: Redact> Redact for Vec<T> {}
impl<T: Redact> Redact for std::collections::BTreeMap<String, T> {}
impl<T: Redact> Redact for Option<T> {
    fn is_set(&self) -> bool {
        self.is_some()
    }
}

impl<T: Redact + ?Sized> fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_set() {
            f.write_str(REDACTED)
        } else {
            f.write_str("None")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_wire_allocates_nothing_and_reads_as_empty() {
        let wire = Wire::default();
        assert!(wire.0.is_none());
        assert!(wire.unknown().is_empty());
        assert_eq!(format!("{wire:?}"), "{}");
    }

    #[test]
    fn marks_are_found_in_order_and_out_of_order() {
        let mut wire = Wire::default();
        wire.mark("a", Presence::Absent);
        wire.mark("c", Presence::Null);
        let mut marks = Marks::of(&wire);
        assert_eq!(marks.presence("a"), Some(Presence::Absent));
        assert_eq!(marks.presence("b"), None);
        assert_eq!(marks.presence("c"), Some(Presence::Null));
        // Asked again, or out of order: still found.
        assert_eq!(marks.presence("a"), Some(Presence::Absent));
    }

    #[test]
    fn equality_is_by_unknown_members_only() {
        let mut marked = Wire::default();
        marked.mark("a", Presence::Null);
        assert_eq!(marked, Wire::default());
        let mut kept = Wire::default();
        kept.keep("x".into(), Value::from(1));
        assert_ne!(kept, Wire::default());
    }

    #[test]
    fn debug_shows_unknown_members_as_json_and_hides_secret_looking_ones() {
        let mut wire = Wire::default();
        wire.keep("zones".into(), serde_json::json!(["a", "b"]));
        wire.keep("clientSecret".into(), Value::from("s3cr3t"));
        wire.keep("db_password".into(), Value::from("hunter2"));
        let shown = format!("{wire:?}");
        assert!(shown.contains(r#""zones": ["a","b"]"#), "{shown}");
        assert!(
            !shown.contains("s3cr3t") && !shown.contains("hunter2"),
            "{shown}"
        );
        assert!(shown.contains(r#""clientSecret": <redacted>"#), "{shown}");
    }

    #[test]
    fn secret_looking_members_are_redacted_at_any_depth() {
        let mut json = serde_json::json!({
            "id": 1,
            "credentials": [{"user": "u", "Password": "hunter2"}],
            "kubeconfig": "apiVersion: v1 ...",
            "token": null
        });
        assert!(redact_secrets(&mut json));
        let text = json.to_string();
        assert!(
            !text.contains("hunter2") && !text.contains("apiVersion"),
            "{text}"
        );
        assert_eq!(json["token"], Value::Null);
        assert!(!redact_secrets(&mut serde_json::json!({"id": 1})));
    }

    #[test]
    fn redacted_fields_show_whether_they_are_set() {
        let set = Some("pw".to_string());
        assert_eq!(format!("{:?}", Redacted(&set)), "<redacted>");
        assert_eq!(format!("{:?}", Redacted(&None::<String>)), "None");
        assert_eq!(format!("{:?}", Redacted(&"pw".to_string())), "<redacted>");
    }
}
