//! Part of pass 5: a union model (`oneOf` / `anyOf`) becomes an enum with one variant per
//! type, when its values can always be told apart:
//! * with a tag member (`discriminator`), every variant is an object model with its own tag
//!   value; the value of the member picks the variant;
//! * without one, every variant holds values of a different JSON kind (string, integer,
//!   number, boolean, array, object), which picks the variant; an integer goes to the integer
//!   variant when there is one, else to the number variant.
//!
//! A value no variant takes (an unknown tag, another kind, or one its variant does not
//! decode) is kept as received in the catch-all variant, so decoding never fails and encoding
//! gives the JSON back. A union that cannot be told apart (two objects without a tag, a
//! variant of unknown kind) degrades to `serde_json::Value`, reported.

use std::collections::{BTreeMap, BTreeSet};

use super::merge::{Merged, Shape};
use super::{Ctx, Known};
use crate::ir::{EnumWire, JsonKind, ModelKind, Variant, VariantSpec};
use crate::naming::{self, Scope};
use crate::types::{Prim, TypeRef};

/// What a union definition needs to be resolved.
pub struct UnionSite<'a> {
    /// The merged definition.
    pub model: &'a Merged,
    /// Every merged definition (the kinds of the variants' models).
    pub merged: &'a BTreeMap<String, Merged>,
    /// The models a type may name.
    pub known: &'a Known,
}

/// The model kind of a union: an enum of its variants, or untyped (reported).
pub fn kind(
    ctx: &mut Ctx,
    site: &UnionSite<'_>,
    tag: &Option<String>,
    variants: &[(usize, VariantSpec)],
) -> ModelKind {
    if variants.is_empty() {
        let at = format!("models[{:?}]", site.model.key);
        return untyped(ctx, site.model.first, &at, "a union without variants");
    }
    let mut resolved = Vec::new();
    for (api, v) in variants {
        let ty = ctx.check_type(*api, &v.ty, site.known);
        let Some(json) = json_kind(&ty, site.merged) else {
            return untyped(
                ctx,
                *api,
                &v.ty.at,
                "a variant whose JSON kind is not known (untyped, or a union itself)",
            );
        };
        resolved.push((*api, v, ty, json));
    }
    if let Some(problem) = ambiguity(tag, &resolved) {
        let (api, v, _, _) = &resolved[problem.0];
        return untyped(ctx, *api, &v.ty.at, &problem.1);
    }
    // Integers are tried before numbers (a number variant also takes integers).
    resolved.sort_by_key(|(_, _, _, json)| *json == JsonKind::Number);
    let mut scope = Scope::new();
    let variants = resolved
        .into_iter()
        .map(|(_, v, ty, json)| {
            let want = match &v.tag_value {
                Some(t) if tag.is_some() => naming::type_name(t.rsplit('.').next().unwrap_or(t)),
                _ => variant_name(&ty),
            };
            Variant {
                name: scope.claim(&want, false),
                ty,
                json,
                tag_value: tag.as_ref().and(v.tag_value.clone()),
            }
        })
        .collect();
    ModelKind::Union {
        tag: tag.clone(),
        variants,
        other: scope.claim("Other", false),
    }
}

type Resolved<'v> = (usize, &'v VariantSpec, TypeRef, JsonKind);

/// Why the variants cannot be told apart: the index of the variant concerned and the reason.
fn ambiguity(tag: &Option<String>, resolved: &[Resolved<'_>]) -> Option<(usize, String)> {
    let mut seen_tags = BTreeSet::new();
    let mut seen_kinds = BTreeSet::new();
    for (i, (_, v, _, json)) in resolved.iter().enumerate() {
        match tag {
            Some(tag) => {
                if *json != JsonKind::Object || v.tag_value.is_none() {
                    return Some((i, format!("a variant of the union tagged by `{tag}` that is not an object model named by a tag value")));
                }
                if !seen_tags.insert(v.tag_value.clone()) {
                    return Some((i, "two variants with one tag value".into()));
                }
            }
            None => {
                if !seen_kinds.insert(*json) {
                    return Some((i, format!("two variants of the JSON kind {} and no discriminator to tell them apart", json.as_str().to_ascii_lowercase())));
                }
            }
        }
    }
    None
}

fn untyped(ctx: &mut Ctx, api: usize, at: &str, why: &str) -> ModelKind {
    ctx.degrade(
        api,
        at,
        format!("{why}: union generated as serde_json::Value"),
    );
    ModelKind::Untyped
}

/// The JSON kind of a type's values; `None` when it is not known.
fn json_kind(ty: &TypeRef, merged: &BTreeMap<String, Merged>) -> Option<JsonKind> {
    match ty {
        TypeRef::Prim(Prim::String | Prim::Password | Prim::DateTime | Prim::Date) => {
            Some(JsonKind::String)
        }
        TypeRef::Prim(Prim::Long) => Some(JsonKind::Integer),
        TypeRef::Prim(Prim::Double) => Some(JsonKind::Number),
        TypeRef::Prim(Prim::Bool) => Some(JsonKind::Boolean),
        TypeRef::Array(_) => Some(JsonKind::Array),
        TypeRef::Map(_) => Some(JsonKind::Object),
        TypeRef::Model { name, .. } => match &merged.get(name)?.shape {
            Shape::Struct(_) => Some(JsonKind::Object),
            Shape::Enum { wire, .. } => {
                match super::fields::wire_of(wire, merged, &mut BTreeSet::new()).ok()? {
                    EnumWire::String => Some(JsonKind::String),
                    EnumWire::Long => Some(JsonKind::Integer),
                    EnumWire::Double => Some(JsonKind::Number),
                    _ => None,
                }
            }
            Shape::Union { .. } | Shape::Untyped => None,
        },
        TypeRef::Void | TypeRef::Param(_) | TypeRef::Any => None,
    }
}

/// The name of an untagged variant: its model's name, or its kind (`String`, `List`).
fn variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Model { name, .. } => naming::type_name(name.rsplit('.').next().unwrap_or(name)),
        TypeRef::Prim(Prim::String | Prim::Password) => "String".into(),
        TypeRef::Prim(Prim::DateTime) => "DateTime".into(),
        TypeRef::Prim(Prim::Date) => "Date".into(),
        TypeRef::Prim(Prim::Long) => "Integer".into(),
        TypeRef::Prim(Prim::Double) => "Number".into(),
        TypeRef::Prim(Prim::Bool) => "Boolean".into(),
        TypeRef::Array(_) => "List".into(),
        TypeRef::Map(_) => "Map".into(),
        TypeRef::Void | TypeRef::Param(_) | TypeRef::Any => "Value".into(),
    }
}
