//! Pass 8: which API features compile each model — the models an API's file defines, those
//! its operations and path parameters use, and everything they reach — and which models a
//! query parameter holds.

use std::collections::BTreeMap;

use crate::ir::{op_types, ApiId, Model, ModelKind, Node, NodeParam, ParamKind, Place};

/// Fills [`Model::apis`] for APIs `0..api_count`.
pub fn reach(models: &mut BTreeMap<String, Model>, nodes: &[Node], api_count: usize) {
    for ai in (0..api_count).map(ApiId) {
        let mut todo: Vec<String> = models
            .values()
            .filter(|m| m.files.contains(&ai))
            .map(|m| m.wire.clone())
            .collect();
        for n in nodes {
            for op in n.ops.iter().filter(|o| o.api == ai) {
                op_types(op, &mut |t| {
                    t.for_each_model(&mut |name| todo.push(name.to_string()))
                });
            }
            if n.module == Some(ai) {
                if let Some(NodeParam {
                    kind: ParamKind::Typed(t),
                    ..
                }) = &n.param
                {
                    t.for_each_model(&mut |name| todo.push(name.to_string()));
                }
            }
        }
        walk(models, todo, |m| m.apis.insert(ai));
    }
}

/// Sets [`Model::in_query`] on every model a query parameter holds, transitively.
pub fn mark_in_query(models: &mut BTreeMap<String, Model>, nodes: &[Node]) {
    let mut todo: Vec<String> = Vec::new();
    for op in nodes.iter().flat_map(|n| &n.ops) {
        for a in op.args.iter().chain(&op.setters) {
            if a.place == Place::Query {
                a.ty.for_each_model(&mut |name| todo.push(name.to_string()));
            }
        }
    }
    walk(models, todo, |m| !std::mem::replace(&mut m.in_query, true));
}

/// Visits the models named in `todo` and every model they reach (through fields and alias
/// targets), going further from a model only when `first_visit` marks it and says it was not
/// marked before.
fn walk(
    models: &mut BTreeMap<String, Model>,
    mut todo: Vec<String>,
    mut first_visit: impl FnMut(&mut Model) -> bool,
) {
    while let Some(w) = todo.pop() {
        let Some(m) = models.get_mut(&w) else {
            continue;
        };
        if !first_visit(m) {
            continue;
        }
        match &m.kind {
            ModelKind::Struct { fields, .. } => {
                for f in fields {
                    f.ty.for_each_model(&mut |name| todo.push(name.to_string()));
                }
            }
            ModelKind::Alias { target } => todo.push(target.clone()),
            ModelKind::Union { variants, .. } => {
                for v in variants {
                    v.ty.for_each_model(&mut |name| todo.push(name.to_string()));
                }
            }
            _ => {}
        }
    }
}
