//! Pass 9: the schema examples become tests (`src/generated/examples.rs`). Each gets a unique test
//! name and the JSON its type must encode it back to: the example without the members its
//! types never send (read-only fields, at any depth).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::ir::{Model, ModelKind, Node};
use crate::naming::{self, Scope};
use crate::types::TypeRef;

/// Names every example's test and computes what it must encode back to, in path-tree order.
pub fn tests(models: &BTreeMap<String, Model>, nodes: &mut [Node]) {
    let mut scope = Scope::new();
    for node in nodes {
        let path = crate::under_v2(&node.path)
            .unwrap_or(&node.path)
            .to_string();
        for op in &mut node.ops {
            for e in &mut op.examples {
                let want = naming::value_name(&format!(
                    "{path} {} {} {}",
                    op.fn_name,
                    if e.request { "request" } else { "response" },
                    e.name
                ));
                e.test_name = scope.claim(want.trim_start_matches("r#"), false);
                e.sent = without_read_only(models, &e.ty, &e.value);
            }
        }
    }
}

/// `value` (of type `ty`) without the members its types never serialize.
fn without_read_only(models: &BTreeMap<String, Model>, ty: &TypeRef, value: &Value) -> Value {
    match (ty, value) {
        (TypeRef::Array(inner), Value::Array(items)) => Value::Array(
            items
                .iter()
                .map(|v| without_read_only(models, inner, v))
                .collect(),
        ),
        (TypeRef::Map(inner), Value::Object(map)) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), without_read_only(models, inner, v)))
                .collect(),
        ),
        (TypeRef::Model { name, .. }, Value::Object(map)) => match models.get(name) {
            Some(m) => match &m.kind {
                ModelKind::Struct { fields, .. } => Value::Object(
                    map.iter()
                        .filter_map(|(k, v)| match fields.iter().find(|f| f.wire == *k) {
                            Some(f) if !m.sends(f) => None,
                            Some(f) => Some((k.clone(), without_read_only(models, &f.ty, v))),
                            None => Some((k.clone(), v.clone())),
                        })
                        .collect(),
                ),
                ModelKind::Alias { target } => without_read_only(
                    models,
                    &TypeRef::Model {
                        name: target.clone(),
                        args: Vec::new(),
                    },
                    value,
                ),
                // The object variant the runtime picks: by tag, else the object variant.
                ModelKind::Union { tag, variants, .. } => {
                    let picked = variants.iter().find(|v| match tag {
                        Some(tag) => map.get(tag).and_then(Value::as_str) == v.tag_value.as_deref(),
                        None => v.json == crate::ir::JsonKind::Object,
                    });
                    match picked {
                        Some(v) => without_read_only(models, &v.ty, value),
                        None => value.clone(),
                    }
                }
                _ => value.clone(),
            },
            None => value.clone(),
        },
        _ => value.clone(),
    }
}
