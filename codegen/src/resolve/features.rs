//! Pass 8: which API features compile each model — the models an API's file defines, those
//! its operations and path parameters use, and everything they reach.

use std::collections::BTreeMap;

use crate::ir::{op_types, Model, ModelKind, Node, ParamKind};

/// Fills [`Model::apis`] for APIs `0..api_count`.
pub fn reach(models: &mut BTreeMap<String, Model>, nodes: &[Node], api_count: usize) {
    for ai in 0..api_count {
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
                if let Some((ParamKind::Typed(t), _)) = &n.param {
                    t.for_each_model(&mut |name| todo.push(name.to_string()));
                }
            }
        }
        while let Some(w) = todo.pop() {
            let Some(m) = models.get_mut(&w) else {
                continue;
            };
            if !m.apis.insert(ai) {
                continue;
            }
            if let ModelKind::Struct { fields, .. } = &m.kind {
                for f in fields {
                    f.ty.for_each_model(&mut |name| todo.push(name.to_string()));
                }
            }
        }
    }
}
