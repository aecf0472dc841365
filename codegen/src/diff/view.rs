//! The adapter between the resolver and `diff`: the only code of the `diff` module that reads
//! the resolved [`Program`]. It flattens a program into a [`Snapshot`] keyed by wire identity
//! (API path, `(path template, HTTP method)`, parameter wire name, model wire name, field wire
//! name, enum value), keeping just what the comparison needs: the types as the generated code
//! sees them (`TypeRef`, `Option` or not) and the Rust names a caller writes.
//!
//! When the resolver moves (module paths, a tolerant `load`), only this file changes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::emit::has_default;
use crate::frontend::{Branch, FolderRole};
use crate::ir::{self, ApiId, Body, ModelKind, ParamKind, Place, Program, Segment};
use crate::types::{Prim, TypeRef};

/// Loads a schema directory (or one schema file) with the generator's loader and flattens
/// it.
pub fn load(dir: &Path) -> crate::Result<Snapshot> {
    let program = if dir.is_file() {
        crate::resolve::resolve(&crate::frontend::read_file(dir)?)
    } else {
        // Documents without `servers` take /1.0 in a folder with an index, /v2 without.
        let default_branch = if dir.join("index.json").exists() {
            Branch::V1
        } else {
            Branch::V2
        };
        let role = FolderRole {
            default_branch,
            label: "",
        };
        crate::resolve::resolve(&crate::frontend::read_folder(dir, role)?)
    };
    Ok(snapshot(&program))
}

/// A schema set, by wire identity.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    /// APIs by path (`/dedicated/server`).
    pub apis: BTreeMap<String, ApiView>,
    /// Operations by `(path template, HTTP method)`.
    pub ops: BTreeMap<OpKey, OpView>,
    /// Path parameters by the template of their node (`/me/bill/{billId}`).
    pub path_params: BTreeMap<String, PathParamView>,
    /// Models by wire name without generic arguments (`complexType.UnitAndValue`).
    pub models: BTreeMap<String, ModelView>,
    /// What the generator degraded, one line each (`file: at `location`: what`).
    pub degraded: Vec<String>,
}

/// One API of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiView {
    /// Its Cargo feature (`dedicated-server`).
    pub feature: String,
    /// Number of operations.
    pub ops: usize,
}

/// Identity of an operation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct OpKey {
    /// Path template (`/me/bill/{billId}`).
    pub path: String,
    /// HTTP method (`GET`).
    pub method: String,
}

/// Where a named parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamPlace {
    /// Query string.
    Query,
    /// Member of the JSON body.
    Body,
    /// Request header (/v2).
    Header,
}

impl ParamPlace {
    /// `query`, `body` or `header`.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamPlace::Query => "query",
            ParamPlace::Body => "body",
            ParamPlace::Header => "header",
        }
    }
}

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct OpView {
    /// Path of the API it belongs to.
    pub api: String,
    /// The `#[deprecated]` note (dates, replacement) when deprecated.
    pub deprecated: Option<String>,
    /// Response type.
    pub response: TypeRef,
    /// Named query and body parameters by `(place, wire name)`.
    pub params: BTreeMap<(ParamPlace, String), ParamView>,
    /// Type of the unnamed body, when the operation takes one.
    pub body: Option<TypeRef>,
}

/// A named parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamView {
    /// Type.
    pub ty: TypeRef,
    /// Required: a positional argument; otherwise a setter.
    pub required: bool,
    /// Rust name of the argument or setter.
    pub rust_name: String,
}

/// The parameter of a `{name}` path segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathParamView {
    /// Path of the API owning the node.
    pub api: String,
    /// Placeholder name.
    pub name: String,
    /// Accepted type; `None` when anything `Display` is accepted.
    pub ty: Option<TypeRef>,
}

/// A model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelView {
    /// The first API (index order) whose file defines it: where the report lists it.
    pub api: String,
    /// Rust path under `models` (`me::Bill`).
    pub rust_path: String,
    /// Shape.
    pub shape: Shape,
    /// Used (directly or nested) by a request parameter or body: callers build it.
    pub sent: bool,
}

/// Shape of a model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// A struct.
    Struct {
        /// Generic parameter names.
        generics: Vec<String>,
        /// Fields by wire name.
        fields: BTreeMap<String, FieldView>,
        /// Derives `Default`.
        default: bool,
    },
    /// An enum.
    Enum {
        /// Wire type of the values: `string`, `long` or `double`.
        wire: &'static str,
        /// Variant names by wire value.
        values: BTreeMap<String, String>,
    },
    /// A union (`oneOf` / `anyOf`): each variant's tag value (or JSON kind) and type.
    Union(Vec<String>),
    /// A definition the generator did not understand: `serde_json::Value`.
    Untyped,
    /// An alias of the identical model it clashes with (wire name).
    Alias(String),
}

impl Shape {
    /// `struct`, `string enum`, `long enum`, `double enum` or `untyped`.
    pub fn describe(&self) -> &'static str {
        match self {
            Shape::Struct { .. } => "struct",
            Shape::Enum { wire: "long", .. } => "long enum",
            Shape::Enum { wire: "double", .. } => "double enum",
            Shape::Enum { .. } => "string enum",
            Shape::Union(_) => "union",
            Shape::Untyped => "untyped JSON value",
            Shape::Alias(_) => "alias of an identical model",
        }
    }
}

/// A struct field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldView {
    /// Type.
    pub ty: TypeRef,
    /// Emitted as `Option<T>`.
    pub optional: bool,
    /// Read-only property.
    pub read_only: bool,
    /// Rust field name.
    pub rust_name: String,
}

/// A type in the schema's notation, as the generated code sees it: every string-like
/// primitive but `password`, `datetime` and `date` is `string`, aliases are resolved (`long[]`, `map[string]me.Bill`,
/// `complexType.UnitAndValue<long>`).
pub fn type_text(t: &TypeRef) -> String {
    match t {
        TypeRef::Void => "void".into(),
        TypeRef::Prim(Prim::String) => "string".into(),
        TypeRef::Prim(Prim::Password) => "password".into(),
        TypeRef::Prim(Prim::DateTime) => "datetime".into(),
        TypeRef::Prim(Prim::Date) => "date".into(),
        TypeRef::Prim(Prim::Long) => "long".into(),
        TypeRef::Prim(Prim::Double) => "double".into(),
        TypeRef::Prim(Prim::Bool) => "boolean".into(),
        TypeRef::Array(inner) => format!("{}[]", type_text(inner)),
        TypeRef::Map(inner) => format!("map[string]{}", type_text(inner)),
        TypeRef::Model { name, args } if args.is_empty() => name.clone(),
        TypeRef::Model { name, args } => format!(
            "{name}<{}>",
            args.iter().map(type_text).collect::<Vec<_>>().join(",")
        ),
        TypeRef::Param(p) => p.clone(),
        TypeRef::Any => "any JSON value".into(),
    }
}

/// Flattens a program.
pub fn snapshot(p: &Program) -> Snapshot {
    let mut out = Snapshot {
        apis: api_views(p),
        degraded: p.degraded.iter().map(ToString::to_string).collect(),
        ..Snapshot::default()
    };
    let sent = sent_models(p);
    for node in &p.nodes {
        if let Some(view) = path_param_view(p, node) {
            out.path_params.insert(node.path.clone(), view);
        }
        for op in &node.ops {
            let api = api_path(p, op.api);
            // Counted here rather than in `api_views`: an API's count is the operations
            // that the flattened snapshot holds for it.
            if let Some(a) = out.apis.get_mut(&api) {
                a.ops += 1;
            }
            out.ops.insert(
                OpKey {
                    path: op.template.clone(),
                    method: op.method.as_str().to_string(),
                },
                op_view(op, api),
            );
        }
    }
    for (wire, m) in &p.models {
        out.models
            .insert(wire.clone(), model_view(p, m, sent.contains(wire)));
    }
    out
}

/// Path of the API at index `i`; empty for an index the program does not have.
fn api_path(p: &Program, i: ApiId) -> String {
    p.apis.get(i.0).map(|a| a.path.clone()).unwrap_or_default()
}

/// Every API of the program by path, its operation count still zero (`snapshot` counts).
fn api_views(p: &Program) -> BTreeMap<String, ApiView> {
    p.apis
        .iter()
        .map(|a| {
            (
                a.path.clone(),
                ApiView {
                    feature: a.feature.clone(),
                    ops: 0,
                },
            )
        })
        .collect()
}

/// Wire names of the models that callers build: those a request parameter or body names,
/// then, transitively, every model their struct fields name.
fn sent_models(p: &Program) -> BTreeSet<String> {
    let mut todo = Vec::new();
    for op in p.nodes.iter().flat_map(|node| &node.ops) {
        let mut types: Vec<&TypeRef> = op.args.iter().chain(&op.setters).map(|a| &a.ty).collect();
        if let Body::Whole { ty, .. } = &op.body {
            types.push(ty);
        }
        for t in types {
            t.for_each_model(&mut |n| todo.push(n.to_string()));
        }
    }
    let mut sent = BTreeSet::new();
    while let Some(name) = todo.pop() {
        if !sent.insert(name.clone()) {
            continue;
        }
        if let Some(ir::Model {
            kind: ModelKind::Struct { fields, .. },
            ..
        }) = p.models.get(&name)
        {
            for f in fields {
                f.ty.for_each_model(&mut |n| todo.push(n.to_string()));
            }
        }
    }
    sent
}

/// The parameter of a `{name}` node; `None` for a fixed segment.
fn path_param_view(p: &Program, node: &ir::Node) -> Option<PathParamView> {
    let (Segment::Param(name), Some(ir::NodeParam { kind, .. })) = (&node.segment, &node.param)
    else {
        return None;
    };
    // The API owning the node's module, or else the first API that reaches it.
    let api = node
        .module
        .or_else(|| node.apis.first().copied())
        .map(|i| api_path(p, i))
        .unwrap_or_default();
    let ty = match kind {
        ParamKind::Typed(t) => Some(t.clone()),
        ParamKind::Display => None,
    };
    Some(PathParamView {
        api,
        name: name.clone(),
        ty,
    })
}

/// One operation, belonging to the API at path `api`.
fn op_view(op: &ir::Op, api: String) -> OpView {
    let body = match &op.body {
        Body::Whole { ty, .. } => Some(ty.clone()),
        Body::None | Body::Fields => None,
    };
    OpView {
        api,
        deprecated: op.deprecated.clone(),
        response: op.response.clone(),
        params: param_views(op),
        body,
    }
}

/// The named parameters of an operation by `(place, wire name)`: its positional arguments
/// (required) and its setters (optional).
fn param_views(op: &ir::Op) -> BTreeMap<(ParamPlace, String), ParamView> {
    let args = op.args.iter().map(|a| (a, true));
    let setters = op.setters.iter().map(|a| (a, false));
    args.chain(setters)
        .map(|(a, required)| {
            let place = match a.place {
                Place::Query => ParamPlace::Query,
                Place::Body => ParamPlace::Body,
                Place::Header => ParamPlace::Header,
            };
            let view = ParamView {
                ty: a.ty.clone(),
                required,
                rust_name: a.name.clone(),
            };
            ((place, a.wire.clone()), view)
        })
        .collect()
}

/// One model; `sent` says whether callers build it (see [`sent_models`]).
fn model_view(p: &Program, m: &ir::Model, sent: bool) -> ModelView {
    let mut rust_path = m.module.clone();
    rust_path.push(m.name.clone());
    ModelView {
        api: m
            .files
            .first()
            .copied()
            .map(|i| api_path(p, i))
            .unwrap_or_default(),
        rust_path: rust_path.join("::"),
        shape: shape(&m.kind),
        sent,
    }
}

/// The shape of a model kind: fields or values by wire name.
fn shape(kind: &ModelKind) -> Shape {
    // Enum values are keyed by their wire text, whatever the wire type.
    fn values<V: ToString>(variants: &[(String, V)]) -> BTreeMap<String, String> {
        variants
            .iter()
            .map(|(name, value)| (value.to_string(), name.clone()))
            .collect()
    }
    match kind {
        ModelKind::Struct {
            generics, fields, ..
        } => Shape::Struct {
            generics: generics.clone(),
            // The emitter's rule (`emit::models`): `Default` when every field is an
            // `Option` or read-only with an empty value.
            default: fields
                .iter()
                .all(|f| f.optional || (f.read_only && has_default(&f.ty))),
            fields: fields
                .iter()
                .map(|f| (f.wire.clone(), field_view(f)))
                .collect(),
        },
        ModelKind::StringEnum { variants, .. } => Shape::Enum {
            wire: "string",
            values: values(variants),
        },
        ModelKind::LongEnum { variants, .. } => Shape::Enum {
            wire: "long",
            values: values(variants),
        },
        ModelKind::DoubleEnum { variants, .. } => Shape::Enum {
            wire: "double",
            values: values(variants),
        },
        ModelKind::Union { variants, .. } => Shape::Union(
            variants
                .iter()
                .map(|v| {
                    let by = v.tag_value.as_deref().unwrap_or(v.json.as_str());
                    format!("{by}: {}", type_text(&v.ty))
                })
                .collect(),
        ),
        ModelKind::Untyped => Shape::Untyped,
        ModelKind::Alias { target } => Shape::Alias(target.clone()),
    }
}

/// One struct field.
fn field_view(f: &ir::Field) -> FieldView {
    FieldView {
        ty: f.ty.clone(),
        optional: f.optional,
        read_only: f.read_only,
        rust_name: f.name.clone(),
    }
}
