//! Pass 6: unique Rust names inside each model module.
//!
//! Namespaces that differ only in case (`hosting.PrivateDatabase` and
//! `hosting.privateDatabase`) map to the same module, so their models can clash. The name
//! spelled closest to Rust conventions keeps the plain name; the others get a numeric suffix.

use std::collections::BTreeMap;

use super::Ctx;
use crate::ir::Model;
use crate::naming::Scope;

/// Renames clashing models, recording each rename in the stats.
pub fn rename(ctx: &mut Ctx, models: &mut BTreeMap<String, Model>) {
    let mut by_module: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    for (wire, m) in models.iter() {
        by_module
            .entry(m.module.clone())
            .or_default()
            .push(wire.clone());
    }
    for wires in by_module.values_mut() {
        wires.sort_by_key(|w| (convention_distance(w), w.clone()));
        let mut scope = Scope::new();
        for w in wires.iter() {
            let Some(m) = models.get_mut(w) else { continue };
            let got = scope.claim(&m.name, false);
            if got != m.name {
                ctx.stats
                    .renamed
                    .push(format!("{w} → models::{}::{got}", m.module.join("::")));
                m.name = got;
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
