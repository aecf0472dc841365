//! Pass 2: model definitions gathered by full name across every API file.

use std::collections::BTreeMap;

use super::Ctx;
use crate::ir::ModelSpec;

/// Definitions of each model name: (API index, definition), in index order.
pub type Defs<'s> = BTreeMap<String, Vec<(usize, &'s ModelSpec)>>;

/// Gathers every definition; counts definitions and distinct names.
pub fn definitions<'s>(ctx: &mut Ctx<'s>) -> Defs<'s> {
    let mut defs: Defs<'s> = BTreeMap::new();
    let spec = ctx.spec;
    for (i, api) in spec.apis.iter().enumerate() {
        for (name, def) in &api.models {
            ctx.stats.model_definitions += 1;
            defs.entry(name.clone()).or_default().push((i, def));
        }
    }
    ctx.stats.distinct_models = defs.len();
    defs
}
