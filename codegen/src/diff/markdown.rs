//! The Markdown report, for people: counts at the top, then breaking changes, then additive
//! ones, each grouped by API.

use std::fmt::Write as _;

use super::{Category, Change, Kind, Report, Severity};

/// Renders a report.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    out.push_str("# OVH API changes\n\n");
    let _ = writeln!(
        out,
        "From {} to {}.\n",
        code(&report.old),
        code(&report.new)
    );
    if !report.degraded.is_empty() {
        let _ = writeln!(
            out,
            "The new set has {} item(s) the generator degrades to an untyped form (`codegen generate` lists them).\n",
            report.degraded.len()
        );
    }
    if report.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    let total = report.counts();
    let apis: std::collections::BTreeSet<&str> =
        report.changes.iter().map(|c| c.api.as_str()).collect();
    let _ = writeln!(
        out,
        "**{} breaking**, {} additive change(s) in {} API(s).\n",
        total.breaking,
        total.additive,
        apis.len()
    );
    out.push_str("| change | breaking | additive |\n| --- | ---: | ---: |\n");
    let by = report.counts_by_category();
    for cat in Category::ALL {
        let c = by.get(&cat).cloned().unwrap_or_default();
        let _ = writeln!(out, "| {} | {} | {} |", cat.label(), c.breaking, c.additive);
    }
    let _ = writeln!(
        out,
        "| **total** | **{}** | **{}** |",
        total.breaking, total.additive
    );
    for severity in [Severity::Breaking, Severity::Additive] {
        let changes: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| c.severity == severity)
            .collect();
        if changes.is_empty() {
            continue;
        }
        let title = match severity {
            Severity::Breaking => "Breaking changes",
            Severity::Additive => "Additive changes",
        };
        let _ = write!(out, "\n## {title}\n");
        let mut api = None;
        for c in changes {
            if api != Some(&c.api) {
                let _ = write!(out, "\n### {}\n\n", code(&c.api));
                api = Some(&c.api);
            }
            let _ = writeln!(out, "- {}", describe(c));
        }
    }
    out
}

/// A Markdown code span holding `s`, whatever backticks it contains (an empty value, such as
/// an enum value `""`, is a span holding one space).
fn code(s: &str) -> String {
    if s.is_empty() {
        return "` `".into();
    }
    let mut longest = 0;
    let mut run = 0;
    for ch in s.chars() {
        if ch == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    if longest == 0 {
        format!("`{s}`")
    } else {
        format!("{fence} {s} {fence}")
    }
}

/// One line describing a change (without its API, which is the heading above it).
pub fn describe(c: &Change) -> String {
    let t = |o: &Option<String>| code(o.as_deref().unwrap_or(""));
    let raw = |o: &Option<String>| o.clone().unwrap_or_default();
    let op = code(&c.operation().unwrap_or_default());
    let path = t(&c.path);
    let model = t(&c.model);
    let member = t(&c.member);
    let (old, new, note) = (t(&c.old), t(&c.new), raw(&c.note));
    match c.kind {
        Kind::ApiAdded => format!("API {} added ({note})", code(&c.api)),
        Kind::ApiRemoved => format!("API {} removed ({note})", code(&c.api)),
        Kind::OperationAdded if c.note.is_some() => format!("{op} added, deprecated: {note}"),
        Kind::OperationAdded => format!("{op} added"),
        Kind::OperationRemoved => format!("{op} removed"),
        Kind::OperationDeprecated => format!("{op} deprecated: {note}"),
        Kind::OperationUndeprecated => format!("{op} no longer deprecated"),
        Kind::OperationDeprecationChanged => {
            format!(
                "{op} deprecation changed: {} → {}",
                raw(&c.old),
                raw(&c.new)
            )
        }
        Kind::ParameterAdded => format!("{op}: {note} {member} ({new}) added"),
        Kind::ParameterRemoved => format!("{op}: {note} {member} ({old}) removed"),
        Kind::ParameterNowRequired => format!("{op}: {member} is now required ({note})"),
        Kind::ParameterNowOptional => format!("{op}: {member} is now optional ({note})"),
        Kind::ParameterTypeChanged => format!("{op}: {note} {member}: {old} → {new}"),
        Kind::ParameterRenamed => format!("{op}: {note} of {member} renamed {old} → {new}"),
        Kind::PathParameterTypeChanged => {
            format!("{path}: path parameter {member}: {old} → {new}")
        }
        Kind::BodyAdded => format!("{op}: body {new} added"),
        Kind::BodyRemoved => format!("{op}: body {old} removed"),
        Kind::BodyTypeChanged => format!("{op}: body {old} → {new}"),
        Kind::ResponseTypeChanged => format!("{op}: response {old} → {new}"),
        Kind::ModelAdded => format!("model {model} added ({note} {new})"),
        Kind::ModelRemoved => format!("model {model} removed ({old})"),
        Kind::ModelRenamed => format!("model {model}: Rust path {old} → {new}"),
        Kind::ModelKindChanged => {
            format!("model {model}: {} → {}", raw(&c.old), raw(&c.new))
        }
        Kind::ModelGenericsChanged => format!("model {model}: generic parameters {old} → {new}"),
        Kind::ModelDefaultRemoved => {
            format!("model {model} no longer implements `Default` ({note})")
        }
        Kind::FieldAdded => format!("model {model}: field {member} ({new}, {note}) added"),
        Kind::FieldRemoved => format!("model {model}: field {member} ({old}) removed"),
        Kind::FieldTypeChanged => format!("model {model}: field {member}: {old} → {new}"),
        Kind::FieldNowOptional => format!("model {model}: field {member} is now optional ({note})"),
        Kind::FieldNowRequired => format!("model {model}: field {member} is now required ({note})"),
        Kind::FieldRenamed => format!("model {model}: field {member} Rust name {old} → {new}"),
        Kind::EnumValueAdded => format!("enum {model}: value {member} added (variant {new})"),
        Kind::EnumValueRemoved => {
            format!("enum {model}: value {member} removed (variant {old}; {note})")
        }
        Kind::EnumVariantRenamed => {
            format!("enum {model}: value {member}: variant {old} → {new}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::code;

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("a.B"), "`a.B`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code(""), "` `");
    }
}
