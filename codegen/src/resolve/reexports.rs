//! Pass 12: enums re-exported next to the models that use them.
//!
//! A model module is a schema namespace, and OVH often defines a model's enums one namespace
//! up: `dedicated.server.Task.status` is a `dedicated.TaskStatusEnum`, so the enum lives in
//! `models::dedicated`, and `use ovh_api::models::dedicated::server::TaskStatusEnum` fails.
//! Such an enum is re-exported (`pub use`) into the module of every model with a field of its
//! type, when the enum's namespace is an ancestor of the model's.
//!
//! Enums of unrelated namespaces (`coreTypes.CountryEnum`, used all over) are not
//! re-exported: their namespace names them plainly, and each re-export costs a line in the
//! module's docs. A re-export that would clash never is made: a name the module already
//! holds (a model, a child module), or one that two different enums would take there, is
//! left out; the field's type links the enum by its full path anyway.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Model, ModelKind};
use crate::types::TypeRef;

/// Module path → (Rust name → wire name of the enum re-exported there).
pub type Reexports = BTreeMap<Vec<String>, BTreeMap<String, String>>;

/// The enums to re-export, by module.
pub fn choose(models: &BTreeMap<String, Model>) -> Reexports {
    // Module → Rust name → every enum wanting it there.
    let mut wanted: BTreeMap<Vec<String>, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for m in models.values() {
        let ModelKind::Struct { fields, .. } = &m.kind else {
            continue;
        };
        for f in fields {
            for wire in enums_in(models, &f.ty) {
                let e = &models[&wire];
                if e.module.len() < m.module.len() && m.module.starts_with(&e.module) {
                    wanted
                        .entry(m.module.clone())
                        .or_default()
                        .entry(e.name.clone())
                        .or_default()
                        .insert(wire);
                }
            }
        }
    }
    let taken = names_taken(models);
    let mut out = Reexports::new();
    for (module, names) in wanted {
        let held = taken.get(&module);
        let chosen: BTreeMap<String, String> = names
            .into_iter()
            .filter(|(name, _)| !held.is_some_and(|h| h.contains(name)))
            .filter_map(|(name, wires)| match wires.len() {
                1 => wires.into_iter().next().map(|w| (name, w)),
                _ => None,
            })
            .collect();
        if !chosen.is_empty() {
            out.insert(module, chosen);
        }
    }
    out
}

/// The enum models a type names: itself, a list's or map's items, generic arguments.
fn enums_in(models: &BTreeMap<String, Model>, ty: &TypeRef) -> Vec<String> {
    let mut out = Vec::new();
    ty.for_each_model(&mut |name| {
        let is_enum = models.get(name).is_some_and(|m| {
            matches!(
                m.kind,
                ModelKind::StringEnum { .. }
                    | ModelKind::LongEnum { .. }
                    | ModelKind::DoubleEnum { .. }
            )
        });
        if is_enum {
            out.push(name.to_string());
        }
    });
    out
}

/// The names each module already holds: its models' and its child modules'.
fn names_taken(models: &BTreeMap<String, Model>) -> BTreeMap<Vec<String>, BTreeSet<String>> {
    let mut taken: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
    for m in models.values() {
        taken
            .entry(m.module.clone())
            .or_default()
            .insert(m.name.clone());
        for depth in 0..m.module.len() {
            taken
                .entry(m.module[..depth].to_vec())
                .or_default()
                .insert(m.module[depth].clone());
        }
    }
    taken
}
