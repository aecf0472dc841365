//! Pass 4: one definition per model name.
//!
//! The same full name is defined in several API files, not always identically. Properties:
//! union; when a property's type differs, the first API in index order wins (the catch-all
//! variant of enums keeps other values decodable); nullable if nullable anywhere or missing
//! anywhere; read-only if read-only anywhere. Enums: union of values in first-seen order.
//! Description: first non-empty. The first definition decides the shape.

use std::collections::{BTreeMap, BTreeSet};

use super::gather::Defs;
use super::generics::Generics;
use super::Ctx;
use crate::ir::{ApiId, EnumWire, ModelSpec, ShapeSpec, Typed};

/// A property after merging.
#[derive(Debug, Clone)]
pub struct MergedProp {
    /// Type of the first definition.
    pub ty: Typed,
    /// Nullable anywhere, or missing from some definition.
    pub can_be_null: bool,
    /// Read-only anywhere.
    pub read_only: bool,
    /// Required everywhere.
    pub required: bool,
    /// First non-empty description.
    pub description: Option<String>,
    /// API whose file the type was taken from.
    pub api: usize,
}

/// The merged shape of a model.
#[derive(Debug, Clone)]
pub enum Shape {
    /// An object.
    Struct(BTreeMap<String, MergedProp>),
    /// An enum: wire type and the union of values.
    Enum {
        /// Wire type of the first definition.
        wire: EnumWire,
        /// Values in first-seen order.
        values: Vec<serde_json::Value>,
    },
    /// A union: its tag member and variants, from the first definition.
    Union {
        /// The tag member, if any.
        tag: Option<String>,
        /// The variants, each with the API whose file it was read from.
        variants: Vec<(usize, crate::ir::VariantSpec)>,
    },
    /// Not understood: untyped.
    Untyped,
}

/// One model name after merging.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The key of the definition (`a.G<T>` for generics).
    pub key: String,
    /// First non-empty description.
    pub description: Option<String>,
    /// Shape.
    pub shape: Shape,
    /// APIs whose file defines it.
    pub files: BTreeSet<ApiId>,
    /// First defining API (where problems are reported).
    pub first: usize,
    /// Docs name of the first definition that has one.
    pub ovh_name: Option<String>,
}

/// Merges every model name into one item per base name; instantiated copies of generic
/// models are counted and dropped.
pub fn models(ctx: &mut Ctx, defs: &Defs, generics: &Generics) -> BTreeMap<String, Merged> {
    let mut out = BTreeMap::new();
    for (name, list) in defs {
        let conflicting = list.iter().any(|(_, d)| *d != list[0].1);
        let Some((base, is_instance)) = generics.item_of(name) else {
            ctx.degrade(
                list[0].0,
                format!("models[{name:?}]"),
                "instance of a generic model that is not defined: skipped",
            );
            continue;
        };
        if conflicting {
            ctx.stats.merged_conflicts += 1;
            if !is_instance {
                note_across_formats(ctx, name, list);
            }
        }
        if is_instance {
            // The generic item covers the console's concrete copy.
            ctx.stats.generic_instances += 1;
            continue;
        }
        let mut merged = merge(name, list);
        if generics.unusable.contains_key(&base) {
            merged.shape = Shape::Untyped;
        }
        out.insert(base, merged);
    }
    out
}

/// Lists a name defined differently by files of both formats, with its files, for the
/// summary.
fn note_across_formats(ctx: &mut Ctx, name: &str, list: &[(usize, &ModelSpec)]) {
    let spec = ctx.spec;
    let format = |api: usize| spec.apis[api].format;
    if list
        .iter()
        .all(|(api, _)| format(*api) == format(list[0].0))
    {
        return;
    }
    let files: Vec<&str> = list
        .iter()
        .map(|(api, _)| spec.apis[*api].file.as_str())
        .collect();
    ctx.stats
        .merged_across_formats
        .push(format!("{name} ({})", files.join(", ")));
}

fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_ref().filter(|s| !s.trim().is_empty()).cloned()
}

/// Merges the definitions of one name (see the module docs for the rule).
fn merge(key: &str, list: &[(usize, &ModelSpec)]) -> Merged {
    let description = list.iter().find_map(|(_, d)| nonempty(&d.description));
    let files = list.iter().map(|(i, _)| ApiId(*i)).collect();
    let (first, d0) = list[0];
    let shape = match &d0.shape {
        ShapeSpec::Enum { wire, values } => {
            let mut all = values.clone();
            for (_, d) in &list[1..] {
                if let ShapeSpec::Enum { values, .. } = &d.shape {
                    for v in values {
                        if !all.contains(v) {
                            all.push(v.clone());
                        }
                    }
                }
            }
            Shape::Enum {
                wire: wire.clone(),
                values: all,
            }
        }
        ShapeSpec::Object(_) => Shape::Struct(merge_props(list)),
        ShapeSpec::Union { tag, variants } => Shape::Union {
            tag: tag.clone(),
            variants: variants.iter().map(|v| (first, v.clone())).collect(),
        },
        ShapeSpec::Untyped => Shape::Untyped,
    };
    Merged {
        key: key.to_string(),
        description,
        shape,
        files,
        first,
        ovh_name: list.iter().find_map(|(_, d)| d.ovh_name.clone()),
    }
}

fn merge_props(list: &[(usize, &ModelSpec)]) -> BTreeMap<String, MergedProp> {
    let objects: Vec<(usize, &BTreeMap<String, crate::ir::PropSpec>)> = list
        .iter()
        .filter_map(|(i, d)| match &d.shape {
            ShapeSpec::Object(props) => Some((*i, props)),
            _ => None,
        })
        .collect();
    let mut props: BTreeMap<String, MergedProp> = BTreeMap::new();
    let mut seen_in: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, object) in &objects {
        for (pname, p) in *object {
            *seen_in.entry(pname).or_default() += 1;
            match props.get_mut(pname) {
                None => {
                    props.insert(
                        pname.clone(),
                        MergedProp {
                            ty: p.ty.clone(),
                            can_be_null: p.can_be_null,
                            read_only: p.read_only,
                            required: p.required,
                            description: nonempty(&p.description),
                            api: *i,
                        },
                    );
                }
                Some(m) => {
                    m.can_be_null |= p.can_be_null;
                    m.read_only |= p.read_only;
                    m.required &= p.required;
                    if m.description.is_none() {
                        m.description = nonempty(&p.description);
                    }
                }
            }
        }
    }
    // Missing in some definition: the API may omit it.
    for (pname, n) in seen_in {
        if n < objects.len() {
            if let Some(p) = props.get_mut(pname) {
                p.can_be_null = true;
            }
        }
    }
    props
}
