//! Pass 5: each merged definition becomes a [`Model`]: struct fields with checked types and
//! Rust names, enum variants, or an untyped alias. Recursive fields are boxed.

use std::collections::{BTreeMap, BTreeSet};

use super::generics::Generics;
use super::merge::{Merged, MergedProp, Shape};
use super::{Ctx, Known};
use crate::ir::{EnumWire, Field, Model, ModelKind};
use crate::naming::{self, Scope};
use crate::types::TypeRef;

/// Model names that are HTTP verbs, which get their namespace's last part as a prefix.
const VERBS: &[&str] = &["Get", "Post", "Put", "Delete", "Patch"];

/// The Rust name of the model `ns.last`: `last` as a type name, with its namespace's last
/// part as a prefix when it is an HTTP verb or would shadow the prelude.
fn model_name(ns: &[&str], last: &str) -> String {
    let name = naming::type_name(last);
    let context = || {
        ns.last()
            .map_or_else(|| "Model".into(), |s| naming::type_name(s))
    };
    // A model named after an HTTP verb (`vps.automatedBackup.detachBackup.Post`, a request
    // body) takes its operation's name as context: `DetachBackupPost`.
    let name = match ns.last() {
        Some(_) if VERBS.contains(&name.as_str()) => format!("{}{name}", context()),
        _ => name,
    };
    if naming::shadows_prelude(&name) {
        return format!("{}{name}", context());
    }
    name
}

/// Builds every model, named after the last segment of its full name.
pub fn models(
    ctx: &mut Ctx,
    merged: &BTreeMap<String, Merged>,
    generics: &Generics,
    known: &Known,
) -> BTreeMap<String, Model> {
    let mut models = BTreeMap::new();
    for (wire, m) in merged {
        let params = generics.params.get(wire).cloned().unwrap_or_default();
        let kind = match &m.shape {
            Shape::Struct(props) => {
                let (fields, wire_field) = fields(ctx, props, known);
                ModelKind::Struct {
                    fields,
                    generics: params,
                    wire_field,
                }
            }
            Shape::Enum {
                wire: enum_wire,
                values,
            } => match wire_of(enum_wire, merged, &mut BTreeSet::new()) {
                Ok(w) => enum_kind(ctx, m, w, values),
                Err(why) => {
                    ctx.degrade(
                        m.first,
                        format!("models[{:?}].enumType", m.key),
                        format!("{why}: enum generated as serde_json::Value"),
                    );
                    ModelKind::Untyped
                }
            },
            Shape::Union { tag, variants } => {
                let site = super::unions::UnionSite {
                    model: m,
                    merged,
                    known,
                };
                super::unions::kind(ctx, &site, tag, variants)
            }
            Shape::Untyped => ModelKind::Untyped,
        };
        let parts: Vec<&str> = wire.split('.').collect();
        let (ns, last) = parts.split_at(parts.len() - 1);
        let name = model_name(ns, last[0]);
        models.insert(
            wire.clone(),
            Model {
                wire: wire.clone(),
                module: ns.iter().map(|s| naming::module_name(s)).collect(),
                name,
                ovh_name: m.ovh_name.clone(),
                description: m.description.clone(),
                kind,
                apis: BTreeSet::new(),
                files: m.files.clone(),
                in_query: false,
                task: None,
                resource: false,
            },
        );
    }
    ctx.stats.model_items = models.len();
    box_recursive_fields(&mut models);
    models
}

/// The models a type may name, with their generic arity.
pub fn known(merged: &BTreeMap<String, Merged>, generics: &Generics) -> Known {
    let arity = merged
        .iter()
        .map(|(wire, m)| {
            let n = match m.shape {
                Shape::Untyped => None,
                _ => Some(generics.params.get(wire).map_or(0, Vec::len)),
            };
            (wire.clone(), n)
        })
        .collect();
    Known {
        arity,
        redirect: BTreeMap::new(),
    }
}

/// The name every struct's `crate::Wire` field takes unless a schema member has it.
pub const WIRE_FIELD: &str = "wire";

/// A struct's fields, and the name of its `crate::Wire` field, claimed after them so that
/// every schema member keeps its own name.
fn fields(
    ctx: &mut Ctx,
    props: &BTreeMap<String, MergedProp>,
    known: &Known,
) -> (Vec<Field>, String) {
    let mut scope = Scope::new();
    let mut out = Vec::new();
    for (pname, p) in props {
        let ty = ctx.check_type(p.api, &p.ty, known);
        let name = scope.claim(&naming::value_name(pname), true);
        let cheap = matches!(
            ty,
            TypeRef::Prim(_) | TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Any
        );
        // Nullable → `Option`. Otherwise plain when required, or when read-only
        // (response-only) with an empty value to fall back on (string, number,
        // list, map). Writable optional properties are `Option`s because the same
        // models are sent as bodies, where an unset field must stay out of the
        // JSON instead of being sent empty; models and enums have no empty value,
        // so they are `Option`s unless required. Generic values
        // (`UnitAndValue<T>.value`) are always present.
        let plain = matches!(ty, TypeRef::Param(_))
            || (!p.can_be_null && (p.required || (p.read_only && cheap)));
        let optional = !plain;
        out.push(Field {
            wire: pname.clone(),
            name,
            // Lenient: a required primitive or collection missing on the wire
            // decodes as its empty value instead of failing the whole response.
            default: !optional && cheap,
            optional,
            nullable: written_null(ctx, p),
            ty,
            read_only: p.read_only,
            boxed: false,
            description: p.description.clone(),
            format: p.ty.format,
            notes: Vec::new(),
        });
    }
    let wire_field = scope.claim(WIRE_FIELD, true);
    (out, wire_field)
}

/// Whether OVH writes an unset optional member as `null` (so that a decoded `None` encodes
/// back the same way): /1.0 answers carry every member of their model, `null` when unset,
/// whatever the schema says; /v2 answers leave a member out unless the schema says it may be
/// `null`.
fn written_null(ctx: &Ctx, p: &MergedProp) -> bool {
    p.can_be_null || crate::under_v2(&ctx.spec.apis[p.api].path).is_none()
}

/// The wire type an enum's values have: its own, or that of the enum its `enumType` names.
pub(super) fn wire_of(
    wire: &EnumWire,
    merged: &BTreeMap<String, Merged>,
    seen: &mut BTreeSet<String>,
) -> Result<EnumWire, String> {
    match wire {
        EnumWire::Enum(name) => match merged.get(name).map(|m| &m.shape) {
            _ if !seen.insert(name.clone()) => {
                Err(format!("enumType `{name}` refers back to itself"))
            }
            Some(Shape::Enum { wire, .. }) => wire_of(wire, merged, seen),
            Some(_) => Err(format!("enumType `{name}` is not an enum")),
            None => Err(format!("unknown enumType `{name}`")),
        },
        EnumWire::Unknown(name) => Err(format!("enumType `{name}` is not supported")),
        plain => Ok(plain.clone()),
    }
}

/// Variants of an enum whose values have the wire type `wire` (string, long or double).
fn enum_kind(ctx: &mut Ctx, m: &Merged, wire: EnumWire, values: &[serde_json::Value]) -> ModelKind {
    let mut scope = Scope::new();
    let at = format!("models[{:?}].enum", m.key);
    match wire {
        EnumWire::Long => {
            let other = scope.claim("Other", false);
            let mut variants = Vec::new();
            for v in values {
                let Some(n) = parse_long(v) else {
                    ctx.degrade(
                        m.first,
                        &at,
                        format!("value {v} of a long enum is not an integer: left to `{other}`"),
                    );
                    continue;
                };
                if variants.iter().any(|(_, x)| *x == n) {
                    continue;
                }
                let want = if n < 0 {
                    format!("Minus{}", n.unsigned_abs())
                } else {
                    format!("V{n}")
                };
                variants.push((scope.claim(&want, false), n));
            }
            ModelKind::LongEnum { variants, other }
        }
        EnumWire::Double => {
            let other = scope.claim("Other", false);
            let mut variants: Vec<(String, f64)> = Vec::new();
            for v in values {
                let Some(x) = parse_double(v) else {
                    ctx.degrade(
                        m.first,
                        &at,
                        format!("value {v} of a double enum is not a number: left to `{other}`"),
                    );
                    continue;
                };
                if variants.iter().any(|(_, y)| *y == x) {
                    continue;
                }
                let text = x.to_string();
                let want = match text.strip_prefix('-') {
                    Some(abs) => format!("Minus{}", naming::camel(abs)),
                    None => format!("V{}", naming::camel(&text)),
                };
                variants.push((scope.claim(&want, false), x));
            }
            ModelKind::DoubleEnum { variants, other }
        }
        _ => {
            let as_text = |v: &serde_json::Value| match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            // The catch-all is `Other` unless a known value already maps to that name.
            let other = if values.iter().any(|v| variant_name(&as_text(v)) == "Other") {
                "UnknownValue"
            } else {
                "Other"
            };
            let other = scope.claim(other, false);
            let mut variants: Vec<(String, String)> = Vec::new();
            for v in values {
                let s = as_text(v);
                if variants.iter().any(|(_, x)| *x == s) {
                    continue;
                }
                variants.push((scope.claim(&variant_name(&s), false), s));
            }
            ModelKind::StringEnum { variants, other }
        }
    }
}

fn parse_long(v: &serde_json::Value) -> Option<i64> {
    match v {
        serde_json::Value::Number(n) => n.as_i64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn parse_double(v: &serde_json::Value) -> Option<f64> {
    let x = match v {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }?;
    x.is_finite().then_some(x)
}

/// Variant name of a string enum value; values without letters or digits get a word.
pub fn variant_name(value: &str) -> String {
    if value.chars().any(|c| c.is_ascii_alphanumeric()) || value.is_empty() {
        return naming::type_name(value);
    }
    let word = |c: char| match c {
        '#' => "Hash",
        '*' => "Star",
        '+' => "Plus",
        '-' => "Minus",
        '.' => "Dot",
        '/' => "Slash",
        '?' => "Question",
        '@' => "At",
        '%' => "Percent",
        '&' => "And",
        '=' => "Equals",
        '_' => "Underscore",
        ' ' => "Space",
        _ => "Symbol",
    };
    value.chars().map(word).collect()
}

/// Models stored inline (not behind `Vec`/map) by a type: recursion through them needs a `Box`.
fn inline_models(t: &TypeRef, out: &mut Vec<String>) {
    if let TypeRef::Model { name, args } = t {
        out.push(name.clone());
        // Generic arguments are stored inline too (`UnitAndValue<T>` holds a `T`).
        for a in args {
            inline_models(a, out);
        }
    }
}

/// Boxes every field whose inline type leads back to its own struct (`Rule.conditions: Rule`),
/// directly or through a union, which would otherwise have infinite size.
fn box_recursive_fields(models: &mut BTreeMap<String, Model>) {
    let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (w, m) in models.iter() {
        let mut out = Vec::new();
        match &m.kind {
            ModelKind::Struct { fields, .. } => {
                for f in fields {
                    inline_models(&f.ty, &mut out);
                }
            }
            // A union holds its variant inline too (it is never a variant of a union).
            ModelKind::Union { variants, .. } => {
                for v in variants {
                    inline_models(&v.ty, &mut out);
                }
            }
            _ => continue,
        }
        edges.insert(w.clone(), out);
    }
    let reaches = |from: &str, target: &str| -> bool {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_string()];
        while let Some(n) = todo.pop() {
            if n == target {
                return true;
            }
            if seen.insert(n.clone()) {
                todo.extend(edges.get(&n).into_iter().flatten().cloned());
            }
        }
        false
    };
    let mut to_box = Vec::new();
    for (w, m) in models.iter() {
        if let ModelKind::Struct { fields, .. } = &m.kind {
            for (i, f) in fields.iter().enumerate() {
                let mut direct = Vec::new();
                inline_models(&f.ty, &mut direct);
                if direct.iter().any(|d| reaches(d, w)) {
                    to_box.push((w.clone(), i));
                }
            }
        }
    }
    for (w, i) in to_box {
        if let Some(Model {
            kind: ModelKind::Struct { fields, .. },
            ..
        }) = models.get_mut(&w)
        {
            fields[i].boxed = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_names_of_odd_values() {
        assert_eq!(variant_name("in-progress"), "InProgress");
        assert_eq!(variant_name("1.0"), "V1_0");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("#"), "Hash");
        assert_eq!(variant_name("*"), "Star");
        assert_eq!(variant_name("/allDom"), "AllDom");
        assert_eq!(variant_name("self"), "SelfValue");
    }
}
