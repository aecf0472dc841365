//! Naming rules: schema names → Rust identifiers.
//!
//! * types (models, path nodes, request wrappers): `UpperCamelCase`;
//! * modules, fields, methods, arguments: `snake_case`;
//! * a name starting with a digit gets a letter prefix (`V` for types/variants, `n` otherwise)
//!   because Rust identifiers cannot start with one;
//! * Rust keywords become raw identifiers (`r#type`), except those that cannot be raw
//!   (`self`, `Self`, `super`, `crate`) which get a `_` suffix; the wire name never changes.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords (strict and reserved, all editions up to 2024) that need `r#` or a suffix.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

/// Keywords that cannot be written as raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Whether `s` is a Rust keyword.
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Splits a schema name into alphanumeric words, keeping digit runs apart from the next word
/// when both sides are digits (`1.0` → `["1", "0"]`). "As a service" acronyms become one
/// capitalized word first (see [`join_xaas`]).
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(join_xaas)
        .collect()
}

/// "As a service" acronyms (`PaaS`, `DBaaS`, `SaaS`): uppercase letters, `aa`, `S`, not
/// followed by a lowercase letter. Case conversion would split them at the final `S`
/// (`webPaaS` → `web_paa_s`); written `Paas` / `Dbaas` they stay one word (`web_paas`,
/// `WebPaas`), like other acronyms (`VPS` → `Vps`).
fn join_xaas(word: &str) -> String {
    let b = word.as_bytes();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let mut j = i;
        while j < b.len() && b[j].is_ascii_uppercase() {
            j += 1;
        }
        let acronym = j > start
            && b[j..].starts_with(b"aaS")
            && !b.get(j + 3).is_some_and(u8::is_ascii_lowercase);
        if acronym {
            out.push(b[start] as char);
            out.push_str(&word[start + 1..j].to_ascii_lowercase());
            out.push_str("aas");
            i = j + 3;
        } else {
            let end = j.max(start + 1);
            out.push_str(&word[start..end]);
            i = end;
        }
    }
    out
}

/// `UpperCamelCase` of any schema name; digit groups separated in the source stay separated by
/// `_` (`1.0` → `1_0`) so distinct values do not collapse into the same name.
pub fn camel(s: &str) -> String {
    let mut out = String::new();
    for w in words(s) {
        let part = w.to_upper_camel_case();
        if out.ends_with(|c: char| c.is_ascii_digit())
            && part.starts_with(|c: char| c.is_ascii_digit())
        {
            out.push('_');
        }
        out.push_str(&part);
    }
    out
}

/// `snake_case` of any schema name.
pub fn snake(s: &str) -> String {
    let joined = words(s).join("_");
    joined.to_snake_case()
}

/// A type or variant name: `UpperCamelCase`, `V` prefix before a digit, `Empty` for nothing.
pub fn type_name(s: &str) -> String {
    let c = camel(s);
    if c.is_empty() {
        "Empty".to_string()
    } else if c == "Self" {
        // The only UpperCamelCase keyword; cannot be a raw identifier.
        "SelfValue".to_string()
    } else if c.starts_with(|ch: char| ch.is_ascii_digit()) {
        format!("V{c}")
    } else {
        c
    }
}

/// A value (field, method, argument, module) name, made a valid identifier: `n` prefix before
/// a digit, `r#` for keywords (or `_` suffix for those that cannot be raw).
pub fn value_name(s: &str) -> String {
    let mut n = snake(s);
    if n.is_empty() {
        n = "value".to_string();
    }
    if n.starts_with(|ch: char| ch.is_ascii_digit()) {
        n = format!("n{n}");
    }
    escape(&n)
}

/// Makes a candidate identifier usable: raw identifier for keywords, suffix for the rest.
pub fn escape(n: &str) -> String {
    if NOT_RAW.contains(&n) {
        format!("{n}_")
    } else if is_keyword(n) {
        format!("r#{n}")
    } else {
        n.to_string()
    }
}

/// Module names cannot be raw identifiers in file paths (`r#type.rs`), so keywords get a `_`
/// suffix there instead. They are also file names, hence [`limit`]ed in length.
pub fn module_name(s: &str) -> String {
    let n = value_name(s);
    let n = match n.strip_prefix("r#") {
        Some(k) => format!("{k}_"),
        None => n,
    };
    limit(&n, '_')
}

/// Longest name kept as it is where a name becomes a file name or a cargo feature.
pub const MAX_NAME: usize = 64;

/// `name` when at most [`MAX_NAME`] bytes long (ASCII); otherwise its start, `sep`, and a hash
/// of the whole name, so two long names stay distinct and the result is stable.
pub fn limit(name: &str, sep: char) -> String {
    if name.len() <= MAX_NAME {
        return name.to_string();
    }
    // FNV-1a: tiny, deterministic across runs and platforms.
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let keep: String = name.chars().take(MAX_NAME - 17).collect();
    format!("{}{sep}{hash:016x}", keep.trim_end_matches(sep))
}

/// Type names that would shadow the prelude or derive macros inside a model module.
const SHADOWING: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "ToString",
    "ToOwned",
    "Into",
    "From",
    "TryFrom",
    "TryInto",
    "AsRef",
    "AsMut",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "Serialize",
    "Deserialize",
    "Unpin",
    "BTreeMap",
    "Self",
];

/// Whether a type name would shadow the prelude or a derive macro inside a model module.
pub fn shadows_prelude(name: &str) -> bool {
    SHADOWING.contains(&name)
}

/// Hands out unique names inside one scope: the first claimant of a name gets it, later ones get
/// a numeric suffix (`Name2`, `name_2`). Callers claim in a deterministic order, so the
/// result is stable from run to run.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks names as used without claiming them (e.g. reserved verbs).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(unraw(name).to_string());
    }

    /// Claims `want`, or the first free `want` + suffix. `snake` selects `_2` over `2`.
    pub fn claim(&mut self, want: &str, snake: bool) -> String {
        let base = unraw(want);
        if self.taken.insert(base.to_string()) {
            return want.to_string();
        }
        let base = base.trim_end_matches('_');
        for i in 2.. {
            let cand = if snake {
                format!("{base}_{i}")
            } else {
                format!("{base}{i}")
            };
            if self.taken.insert(cand.clone()) {
                return cand;
            }
        }
        unreachable!("an unbounded range always yields a free name")
    }
}

fn unraw(n: &str) -> &str {
    n.strip_prefix("r#").unwrap_or(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        assert_eq!(type_name("emailNotification"), "EmailNotification");
        assert_eq!(type_name("EmailNotification"), "EmailNotification");
        assert_eq!(type_name("in-progress"), "InProgress");
        assert_eq!(type_name("1.0"), "V1_0");
        assert_eq!(type_name("10"), "V10");
        assert_eq!(type_name("2016v1"), "V2016v1");
        assert_eq!(type_name(""), "Empty");
        assert_eq!(type_name("VPS"), "Vps");
        assert_eq!(type_name("1 day"), "V1Day");
        assert_eq!(type_name("webPaaS"), "WebPaas");
        assert_eq!(type_name("DBaaS"), "Dbaas");
    }

    #[test]
    fn value_names() {
        assert_eq!(value_name("billId"), "bill_id");
        assert_eq!(value_name("date.from"), "date_from");
        assert_eq!(value_name("type"), "r#type");
        assert_eq!(value_name("match"), "r#match");
        assert_eq!(value_name("self"), "self_");
        assert_eq!(value_name("Self"), "self_");
        assert_eq!(value_name("crate"), "crate_");
        assert_eq!(value_name("super"), "super_");
        assert_eq!(value_name("2fa"), "n2fa");
        assert_eq!(value_name("CPUFrequency"), "cpu_frequency");
        assert_eq!(value_name("webPaaS"), "web_paas");
        assert_eq!(value_name("DBaaSLogs"), "dbaas_logs");
        assert_eq!(value_name("SaaS"), "saas");
        assert_eq!(value_name("baaS"), "baa_s");
        assert_eq!(value_name("PaaSa"), "paa_sa");
        assert_eq!(module_name("type"), "type_");
        assert_eq!(module_name("privateDatabase"), "private_database");
        assert_eq!(module_name("PrivateDatabase"), "private_database");
        let long = "a".repeat(300);
        let m = module_name(&long);
        assert!(m.len() <= MAX_NAME, "{m}");
        assert_ne!(m, module_name(&"a".repeat(301)));
        assert_eq!(m, module_name(&long));
    }

    #[test]
    fn scope_suffixes() {
        let mut s = Scope::new();
        s.reserve("get");
        assert_eq!(s.claim("get", true), "get_2");
        assert_eq!(s.claim("r#type", true), "r#type");
        assert_eq!(s.claim("type", true), "type_2");
        assert_eq!(s.claim("Foo", false), "Foo");
        assert_eq!(s.claim("Foo", false), "Foo2");
    }
}
