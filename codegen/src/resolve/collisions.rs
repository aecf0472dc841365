//! Pass 6: unique Rust names inside each model module.
//!
//! Namespaces that differ only in case (`hosting.PrivateDatabase` and
//! `hosting.privateDatabase`) map to the same module, so their models can clash. The name
//! spelled closest to Rust conventions keeps the plain name. A clashing model that is
//! field-for-field identical to the one holding the name (a "twin": same fields, wire names,
//! types and optionality, or the same enum values) is folded into it: it becomes a
//! `pub type` alias and every reference uses the model it duplicates. The others get a
//! numeric suffix.

use std::collections::BTreeMap;

use super::Ctx;
use crate::ir::{Field, Model, ModelKind};
use crate::naming::Scope;
use crate::types::TypeRef;

/// Renames clashing models and folds twins, recording both in the stats. Returns the twins
/// (each mapped to the model it duplicates), for references resolved after this pass.
pub fn rename(ctx: &mut Ctx, models: &mut BTreeMap<String, Model>) -> BTreeMap<String, String> {
    let mut by_module: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    for (wire, m) in models.iter() {
        by_module
            .entry(m.module.clone())
            .or_default()
            .push(wire.clone());
    }
    // Who clashed with whom: (loser, the model holding the plain name).
    let mut clashes: Vec<(String, String)> = Vec::new();
    for wires in by_module.values_mut() {
        wires.sort_by_key(|w| (convention_distance(w), w.clone()));
        let mut holders: BTreeMap<String, String> = BTreeMap::new();
        for w in wires.iter() {
            let name = &models[w].name;
            match holders.get(name) {
                Some(holder) => clashes.push((w.clone(), holder.clone())),
                None => {
                    holders.insert(name.clone(), w.clone());
                }
            }
        }
    }
    let twins = fold_twins(models, &clashes);
    for (twin, target) in &twins {
        if let Some(m) = models.get_mut(twin) {
            m.kind = ModelKind::Alias {
                target: target.clone(),
            };
        }
    }
    redirect_references(models, &twins);
    // Names: holders first (sorted order), then the rest with suffixes.
    for wires in by_module.values() {
        let mut scope = Scope::new();
        for w in wires.iter() {
            let Some(m) = models.get_mut(w) else { continue };
            let got = scope.claim(&m.name, false);
            if got != m.name {
                let entry = format!("{w} → models::{}::{got}", m.module.join("::"));
                if twins.contains_key(w) {
                    ctx.stats.folded.push(entry);
                } else {
                    ctx.stats.renamed.push(entry);
                }
                m.name = got;
            }
        }
    }
    twins
}

/// The clashing models identical to the model holding their name, mapped to it. Identity is
/// checked with twins already found counted as equal, until nothing changes (twins often
/// differ only by referring to other twins).
fn fold_twins(
    models: &BTreeMap<String, Model>,
    clashes: &[(String, String)],
) -> BTreeMap<String, String> {
    let mut twins: BTreeMap<String, String> = BTreeMap::new();
    loop {
        let mut changed = false;
        for (loser, holder) in clashes {
            if twins.contains_key(loser) {
                continue;
            }
            if same_shape(&models[loser].kind, &models[holder].kind, &twins) {
                twins.insert(loser.clone(), holder.clone());
                changed = true;
            }
        }
        if !changed {
            return twins;
        }
    }
}

/// Whether two models have the same fields or values, references to twins counted equal.
fn same_shape(a: &ModelKind, b: &ModelKind, twins: &BTreeMap<String, String>) -> bool {
    match (a, b) {
        (
            ModelKind::Struct {
                generics: ga,
                fields: fa,
                ..
            },
            ModelKind::Struct {
                generics: gb,
                fields: fb,
                ..
            },
        ) => {
            // Generic twins would need generic aliases; none exist, so they stay apart.
            ga.is_empty()
                && gb.is_empty()
                && fa.len() == fb.len()
                && fa.iter().zip(fb).all(|(x, y)| same_field(x, y, twins))
        }
        (
            ModelKind::StringEnum { variants: va, .. },
            ModelKind::StringEnum { variants: vb, .. },
        ) => va == vb,
        (ModelKind::LongEnum { variants: va, .. }, ModelKind::LongEnum { variants: vb, .. }) => {
            va == vb
        }
        (
            ModelKind::DoubleEnum { variants: va, .. },
            ModelKind::DoubleEnum { variants: vb, .. },
        ) => va == vb,
        _ => false,
    }
}

fn same_field(a: &Field, b: &Field, twins: &BTreeMap<String, String>) -> bool {
    a.wire == b.wire
        && a.optional == b.optional
        && a.default == b.default
        && a.read_only == b.read_only
        && a.boxed == b.boxed
        && redirected(&a.ty, twins) == redirected(&b.ty, twins)
}

/// `t` with every twin replaced by the model it duplicates.
fn redirected(t: &TypeRef, twins: &BTreeMap<String, String>) -> TypeRef {
    match t {
        TypeRef::Array(inner) => TypeRef::Array(Box::new(redirected(inner, twins))),
        TypeRef::Map(inner) => TypeRef::Map(Box::new(redirected(inner, twins))),
        TypeRef::Model { name, args } => TypeRef::Model {
            name: twins.get(name).unwrap_or(name).clone(),
            args: args.iter().map(|a| redirected(a, twins)).collect(),
        },
        other => other.clone(),
    }
}

/// Points every field of every model at the models twins duplicate.
fn redirect_references(models: &mut BTreeMap<String, Model>, twins: &BTreeMap<String, String>) {
    if twins.is_empty() {
        return;
    }
    for m in models.values_mut() {
        if let ModelKind::Struct { fields, .. } = &mut m.kind {
            for f in fields {
                f.ty = redirected(&f.ty, twins);
            }
        }
    }
}

/// How far a wire name is from Rust conventions: namespace parts should start lowercase, the
/// type name uppercase.
fn convention_distance(wire: &str) -> usize {
    let parts: Vec<&str> = wire.split('.').collect();
    let mut d = 0;
    for (i, p) in parts.iter().enumerate() {
        let upper = p.starts_with(|c: char| c.is_ascii_uppercase());
        let want_upper = i + 1 == parts.len();
        if upper != want_upper {
            d += 1;
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn convention_distance_prefers_rust_spelling() {
        assert!(
            convention_distance("nichandle.EmailNotification")
                < convention_distance("nichandle.emailNotification")
        );
        assert!(
            convention_distance("hosting.privateDatabase.Oom")
                < convention_distance("hosting.PrivateDatabase.Oom")
        );
    }
}
