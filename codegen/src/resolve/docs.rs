//! Pass 13: what the docs say of fields and parameters beyond their schema description.
//!
//! The emitters print these notes as they are; every sentence is decided here, from what the
//! program knows: a field without description says what its type tells (a date's format, an
//! enum's values, `None`'s meaning), a read-only field that OVH sets it, a password how it
//! is shown; a date parameter says the text OVH expects and, for a bound of a range filter,
//! whether the bound is inclusive, as far as the schema says.

use std::collections::BTreeMap;

use super::reexports::Reexports;
use crate::emit::docs::code;
use crate::ir::{Arg, Field, Model, ModelKind, Node, Place};
use crate::types::{Prim, StrFormat, TypeRef};

/// Enums whose values are listed in a field's doc when they are at most this many; a longer
/// list is only linked.
const MAX_LISTED_VALUES: usize = 8;

/// Where a field's docs are written: the models, and the names its module sees.
pub struct Here<'a> {
    /// Every model.
    pub models: &'a BTreeMap<String, Model>,
    /// The module of the field's model.
    pub module: &'a [String],
    /// The enums re-exported in each module (see [`super::reexports`]).
    pub reexports: &'a Reexports,
}

impl Here<'_> {
    /// An intra-doc link to a model: its bare name where the module sees it (its own, or
    /// re-exported there), else its full path. Never both a label and a target: rustdoc
    /// rejects a target the label already resolves to.
    fn link(&self, m: &Model) -> String {
        let seen = m.module.as_slice() == self.module
            || self
                .reexports
                .get(self.module)
                .is_some_and(|r| r.get(&m.name) == Some(&m.wire));
        if seen {
            format!("[`{}`]", m.name)
        } else {
            let path: Vec<&str> = ["crate", "models"]
                .into_iter()
                .chain(m.module.iter().map(String::as_str))
                .chain([m.name.as_str()])
                .collect();
            format!("[`{}`]", path.join("::"))
        }
    }
}

/// Sets [`Field::notes`] on every struct field and [`Arg::notes`] on every parameter.
pub fn describe(models: &mut BTreeMap<String, Model>, nodes: &mut [Node], reexports: &Reexports) {
    let mut notes: Vec<(String, usize, Vec<String>)> = Vec::new();
    for (wire, m) in models.iter() {
        if let ModelKind::Struct { fields, .. } = &m.kind {
            let here = Here {
                models,
                module: &m.module,
                reexports,
            };
            for (i, f) in fields.iter().enumerate() {
                notes.push((wire.clone(), i, field_notes(&here, f, m.sends(f))));
            }
        }
    }
    for (wire, i, n) in notes {
        if let Some(ModelKind::Struct { fields, .. }) = models.get_mut(&wire).map(|m| &mut m.kind) {
            fields[i].notes = n;
        }
    }
    for op in nodes.iter_mut().flat_map(|n| n.ops.iter_mut()) {
        for a in op.args.iter_mut().chain(op.setters.iter_mut()) {
            a.notes = arg_notes(a);
        }
    }
}

/// A field's notes: a summary when the schema gives no description (else, for a date, its
/// format: descriptions say "Creation date", never how it is written), then whether OVH owns
/// it (`sent`: [`Model::sends`]) and how a password is shown.
pub fn field_notes(here: &Here<'_>, f: &Field, sent: bool) -> Vec<String> {
    let mut notes = Vec::new();
    let described = f
        .description
        .as_deref()
        .is_some_and(|d| !d.trim().is_empty());
    if !described {
        notes.push(field_summary(here, f));
    } else if let Some(format) = f.format.and_then(date_format_note) {
        notes.push(format);
    }
    if !sent {
        notes.push("Read-only: set by OVH, never sent in a request body.".into());
    }
    if f.ty.holds_password() {
        notes.push(
            "A password: `Debug` output shows `<redacted>`; serializing writes the value.".into(),
        );
    }
    notes
}

/// `The `date` field: a date and time, RFC 3339 (`…`). `None` when absent or `null`.`
fn field_summary(here: &Here<'_>, f: &Field) -> String {
    let (item, list) = match &f.ty {
        TypeRef::Array(inner) => (inner.as_ref(), true),
        ty => (ty, false),
    };
    let what = f
        .format
        .and_then(format_phrase)
        .or_else(|| enum_phrase(here, item));
    let mut s = format!("The {} field", code(&f.wire));
    match what {
        Some(what) if list => s.push_str(&format!(", a list: each item is {what}.")),
        Some(what) => s.push_str(&format!(": {what}.")),
        None => s.push('.'),
    }
    if f.optional {
        s.push_str(" `None` when absent or `null`.");
    } else if let Some(empty) = f.default.then(|| empty_value(&f.ty)).flatten() {
        s.push_str(&format!(" Absent or `null` reads as {empty}."));
    }
    s
}

/// The value a plain field reads when its member is absent or `null` (`decode_object!`'s
/// `or_default`).
fn empty_value(ty: &TypeRef) -> Option<&'static str> {
    Some(match ty {
        TypeRef::Prim(Prim::String | Prim::Password | Prim::DateTime | Prim::Date) => "`\"\"`",
        TypeRef::Prim(Prim::Long | Prim::Double) => "`0`",
        TypeRef::Prim(Prim::Bool) => "`false`",
        TypeRef::Array(_) => "an empty list",
        TypeRef::Map(_) => "an empty map",
        TypeRef::Any => "`null`",
        _ => return None,
    })
}

/// What a string of this format holds, with an example when the text is fixed.
pub fn format_phrase(format: StrFormat) -> Option<String> {
    let text = match format {
        StrFormat::DateTime => "a date and time, RFC 3339 (`2024-01-02T10:00:00+01:00`)",
        StrFormat::Date => "a date, `YYYY-MM-DD` (`2024-01-02`)",
        StrFormat::Time => "a time of day (`time` in the schema)",
        StrFormat::Duration => "a duration (`duration` in the schema)",
        StrFormat::Uuid => "a UUID",
        StrFormat::Ip(None) => "an IPv4 or IPv6 address",
        StrFormat::Ip(Some(4)) => "an IPv4 address (`192.0.2.1`)",
        StrFormat::Ip(Some(_)) => "an IPv6 address (`2001:db8::1`)",
        StrFormat::IpBlock(None) => "a block of IPv4 or IPv6 addresses, in CIDR notation",
        StrFormat::IpBlock(Some(4)) => {
            "a block of IPv4 addresses, in CIDR notation (`192.0.2.0/24`)"
        }
        StrFormat::IpBlock(Some(_)) => {
            "a block of IPv6 addresses, in CIDR notation (`2001:db8::/56`)"
        }
        StrFormat::IpInterface => "an IP interface (`ipInterface` in the schema)",
        StrFormat::MacAddress => "a MAC address",
        StrFormat::PhoneNumber => "a phone number",
        StrFormat::InternationalPhoneNumber => "an international phone number",
        StrFormat::Email => "an email address",
        // Said by its own note (how `Debug` shows it).
        StrFormat::Password => return None,
    };
    Some(text.to_string())
}

/// `one of the values of [`StatusEnum`]: `a`, `b`` for an enum model (linked as
/// [`Here::link`] says); the values are left to the enum's page when there are many.
fn enum_phrase(here: &Here<'_>, ty: &TypeRef) -> Option<String> {
    let TypeRef::Model { name, .. } = ty else {
        return None;
    };
    let m = here.models.get(name)?;
    let values: Vec<String> = match &m.kind {
        ModelKind::StringEnum { variants, .. } => variants.iter().map(|(_, v)| code(v)).collect(),
        ModelKind::LongEnum { variants, .. } => {
            variants.iter().map(|(_, v)| format!("`{v}`")).collect()
        }
        ModelKind::DoubleEnum { variants, .. } => {
            variants.iter().map(|(_, v)| format!("`{v}`")).collect()
        }
        _ => return None,
    };
    let link = here.link(m);
    Some(if values.len() <= MAX_LISTED_VALUES {
        format!("one of the values of {link}: {}", values.join(", "))
    } else {
        format!("one of the {} values of {link}", values.len())
    })
}

/// `Format: …` for a date or a date and time.
fn date_format_note(format: StrFormat) -> Option<String> {
    matches!(format, StrFormat::DateTime | StrFormat::Date)
        .then(|| format_phrase(format).map(|phrase| format!("Format: {phrase}.")))
        .flatten()
}

/// A parameter's notes: for a date or a date and time, the text OVH expects, and for a query
/// bound whether it is inclusive.
pub fn arg_notes(a: &Arg) -> Vec<String> {
    let Some(format @ (StrFormat::DateTime | StrFormat::Date)) = a.format else {
        return Vec::new();
    };
    let mut notes: Vec<String> = date_format_note(format).into_iter().collect();
    if a.place == Place::Query {
        notes.extend(bound_note(a));
    }
    notes
}

/// Whether a date bound is inclusive: what the schema's description says with its
/// `(>=)`/`(<=)`/`(>)`/`(<)` (the console's spelling of a range filter), or that it does not
/// say, for a parameter named like a bound (`date.from`, `updatedBefore`, `endDate`).
fn bound_note(a: &Arg) -> Option<String> {
    let description = a.description.as_deref().unwrap_or("");
    for (op, inclusive) in [
        ("(>=)", true),
        ("(<=)", true),
        ("(>)", false),
        ("(<)", false),
    ] {
        if description.contains(op) {
            let op = op.trim_matches(['(', ')']);
            return Some(if inclusive {
                format!(
                    "The bound is inclusive (the schema says `{op}`): a value equal to it matches."
                )
            } else {
                format!(
                    "The bound is exclusive (the schema says `{op}`): a value equal to it does not match."
                )
            });
        }
    }
    is_bound(&a.wire).then(|| {
        "The schema does not say whether this bound is inclusive: to be sure to include a given instant, pass a bound slightly beyond it and filter the answer.".to_string()
    })
}

/// Whether a parameter's name says it bounds a range: one of its words (split at dots and
/// capitals) is `from`, `to`, `after`, `before`, `min`, `max`, `begin`, `start`, `end`,
/// `since` or `until`.
fn is_bound(wire: &str) -> bool {
    const BOUNDS: &[&str] = &[
        "from", "to", "after", "before", "min", "max", "begin", "start", "end", "since", "until",
    ];
    let mut words = Vec::new();
    let mut word = String::new();
    for c in wire.chars() {
        if c == '.' || c == '_' || c.is_ascii_uppercase() {
            words.push(std::mem::take(&mut word));
        }
        if c != '.' && c != '_' {
            word.push(c.to_ascii_lowercase());
        }
    }
    words.push(word);
    words.iter().any(|w| BOUNDS.contains(&w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arg(wire: &str, format: Option<StrFormat>, description: Option<&str>) -> Arg {
        Arg {
            place: Place::Query,
            wire: wire.into(),
            name: wire.into(),
            ty: TypeRef::Prim(Prim::String),
            explode: false,
            description: description.map(Into::into),
            format,
            notes: Vec::new(),
        }
    }

    #[test]
    fn bound_words() {
        for yes in [
            "date.from",
            "date.to",
            "updatedAfter",
            "minCreationDate",
            "endDate",
            "from",
        ] {
            assert!(is_bound(yes), "{yes}");
        }
        for no in [
            "date",
            "desireDate",
            "resiliationDate",
            "tomorrow",
            "creationDatetime",
        ] {
            assert!(!is_bound(no), "{no}");
        }
    }

    #[test]
    fn a_date_bound_says_its_format_and_what_the_schema_says_of_inclusivity() {
        let dt = Some(StrFormat::DateTime);
        let from = arg_notes(&arg(
            "date.from",
            dt,
            Some("Filter the value of date property (>=)"),
        ));
        assert_eq!(from.len(), 2, "{from:?}");
        assert!(from[0].contains("RFC 3339"), "{from:?}");
        assert!(from[1].starts_with("The bound is inclusive"), "{from:?}");
        let after = arg_notes(&arg(
            "updatedAfter",
            dt,
            Some("Filter on updatedAt property (>)"),
        ));
        assert!(after[1].starts_with("The bound is exclusive"), "{after:?}");
        let to = arg_notes(&arg("to", dt, Some("Get bills to")));
        assert!(to[1].starts_with("The schema does not say"), "{to:?}");
        let day = arg_notes(&arg("desireDate", Some(StrFormat::Date), None));
        assert_eq!(
            day,
            vec!["Format: a date, `YYYY-MM-DD` (`2024-01-02`).".to_string()]
        );
        assert!(arg_notes(&arg("name", None, None)).is_empty());
        assert!(arg_notes(&arg("id", Some(StrFormat::Uuid), None)).is_empty());
    }
}
