//! `codegen diff OLD NEW`: what changed between two schema sets, and what it does to code that
//! uses `ovh-api`.
//!
//! Both sets go through the generator's own loader, so the comparison sees exactly what the
//! generated code sees: types as resolved `TypeRef`s (a `datetime` that becomes a `string` is
//! no change: both are `String`), fields as `Option` or not. Identity is always the wire name
//! (API path; operation = path template and HTTP method; parameter, model and field wire
//! names; enum values), never a Rust name. Each [`Change`] is [`Severity::Breaking`] (code
//! that compiled no longer does, or decodes differently) or [`Severity::Additive`]; the rules
//! are in `codegen/README.md` ("Breaking or additive").
//!
//! Layout: [`view`] is the adapter reading the resolver's `Program` (the only place to touch
//! when the resolver moves), this module compares two [`view::Snapshot`]s into a plain
//! [`Report`], [`markdown`] and [`json`] render it, [`source`] turns `OLD`/`NEW` arguments
//! (folders or `git:REV:PATH`) into folders.

pub mod json;
pub mod markdown;
pub mod source;
pub mod view;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use view::{type_text, ModelView, OpKey, OpView, Shape, Snapshot};

/// Effect of a change on code that uses `ovh-api`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Code that compiled may no longer compile, or a response may decode differently.
    Breaking,
    /// Existing code keeps compiling and decoding as before.
    Additive,
}

impl Severity {
    /// `breaking` or `additive`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Breaking => "breaking",
            Severity::Additive => "additive",
        }
    }
}

/// What kind of change. Serialized in `snake_case` (`operation_removed`); these names are
/// part of the `--json` format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A new API (and Cargo feature).
    ApiAdded,
    /// An API (and its Cargo feature) is gone.
    ApiRemoved,
    /// A new operation.
    OperationAdded,
    /// An operation is gone.
    OperationRemoved,
    /// An operation is now deprecated (`note`: dates and replacement).
    OperationDeprecated,
    /// A deprecated operation is no longer deprecated.
    OperationUndeprecated,
    /// A deprecated operation's dates or replacement changed.
    OperationDeprecationChanged,
    /// A new named query or body parameter.
    ParameterAdded,
    /// A named parameter is gone.
    ParameterRemoved,
    /// An optional parameter (setter) is now required (positional argument).
    ParameterNowRequired,
    /// A required parameter (positional argument) is now optional (setter).
    ParameterNowOptional,
    /// A parameter's type changed.
    ParameterTypeChanged,
    /// An optional parameter's setter has another Rust name.
    ParameterRenamed,
    /// A `{name}` path segment accepts another type.
    PathParameterTypeChanged,
    /// The operation now takes an unnamed body.
    BodyAdded,
    /// The operation no longer takes an unnamed body.
    BodyRemoved,
    /// The unnamed body's type changed.
    BodyTypeChanged,
    /// The response type changed.
    ResponseTypeChanged,
    /// A new model.
    ModelAdded,
    /// A model is gone.
    ModelRemoved,
    /// A model's Rust path changed (a new name collision).
    ModelRenamed,
    /// Struct ↔ enum, or string enum ↔ long enum.
    ModelKindChanged,
    /// A struct's generic parameters changed.
    ModelGenericsChanged,
    /// A struct no longer derives `Default`.
    ModelDefaultRemoved,
    /// A new struct field.
    FieldAdded,
    /// A struct field is gone.
    FieldRemoved,
    /// A field's type changed.
    FieldTypeChanged,
    /// A field became an `Option`.
    FieldNowOptional,
    /// A field is no longer an `Option`.
    FieldNowRequired,
    /// A field's Rust name changed (a new name collision).
    FieldRenamed,
    /// A new enum value.
    EnumValueAdded,
    /// An enum value is gone.
    EnumValueRemoved,
    /// An enum value's variant has another Rust name (a new name collision).
    EnumVariantRenamed,
}

impl Kind {
    /// Every kind, in declaration order (keep in sync with the enum: the fixture tests check
    /// that each one is produced).
    pub const ALL: [Kind; 33] = {
        use Kind::*;
        [
            ApiAdded,
            ApiRemoved,
            OperationAdded,
            OperationRemoved,
            OperationDeprecated,
            OperationUndeprecated,
            OperationDeprecationChanged,
            ParameterAdded,
            ParameterRemoved,
            ParameterNowRequired,
            ParameterNowOptional,
            ParameterTypeChanged,
            ParameterRenamed,
            PathParameterTypeChanged,
            BodyAdded,
            BodyRemoved,
            BodyTypeChanged,
            ResponseTypeChanged,
            ModelAdded,
            ModelRemoved,
            ModelRenamed,
            ModelKindChanged,
            ModelGenericsChanged,
            ModelDefaultRemoved,
            FieldAdded,
            FieldRemoved,
            FieldTypeChanged,
            FieldNowOptional,
            FieldNowRequired,
            FieldRenamed,
            EnumValueAdded,
            EnumValueRemoved,
            EnumVariantRenamed,
        ]
    };

    /// The `snake_case` name used in `--json` (`operation_removed`).
    pub fn as_str(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// The row of the counts table this kind is counted in.
    pub fn category(self) -> Category {
        use Kind::*;
        match self {
            ApiAdded | ApiRemoved => Category::Apis,
            OperationAdded
            | OperationRemoved
            | OperationDeprecated
            | OperationUndeprecated
            | OperationDeprecationChanged => Category::Operations,
            ParameterAdded
            | ParameterRemoved
            | ParameterNowRequired
            | ParameterNowOptional
            | ParameterTypeChanged
            | ParameterRenamed
            | PathParameterTypeChanged
            | BodyAdded
            | BodyRemoved
            | BodyTypeChanged => Category::Parameters,
            ResponseTypeChanged => Category::Responses,
            ModelAdded | ModelRemoved | ModelRenamed | ModelKindChanged | ModelGenericsChanged
            | ModelDefaultRemoved => Category::Models,
            FieldAdded | FieldRemoved | FieldTypeChanged | FieldNowOptional | FieldNowRequired
            | FieldRenamed => Category::Fields,
            EnumValueAdded | EnumValueRemoved | EnumVariantRenamed => Category::EnumValues,
        }
    }
}

/// Rows of the counts table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// API added/removed.
    Apis,
    /// Operations added, removed, (un)deprecated.
    Operations,
    /// Query, body and path parameters, unnamed bodies.
    Parameters,
    /// Response types.
    Responses,
    /// Models.
    Models,
    /// Struct fields.
    Fields,
    /// Enum values.
    EnumValues,
}

impl Category {
    /// Every category, in table order.
    pub const ALL: [Category; 7] = [
        Category::Apis,
        Category::Operations,
        Category::Parameters,
        Category::Responses,
        Category::Models,
        Category::Fields,
        Category::EnumValues,
    ];

    /// Row label.
    pub fn label(self) -> &'static str {
        match self {
            Category::Apis => "APIs",
            Category::Operations => "operations",
            Category::Parameters => "parameters and bodies",
            Category::Responses => "responses",
            Category::Models => "models",
            Category::Fields => "fields",
            Category::EnumValues => "enum values",
        }
    }
}

/// One change. Which of the optional members are set depends on [`Kind`]: `method` and `path`
/// for operations, `path` alone for path parameters, `model` for models, fields and enum
/// values; `member` names the parameter, field or enum value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Breaking or additive.
    pub severity: Severity,
    /// What kind of change.
    pub kind: Kind,
    /// The API it is listed under: the operation's API, or the first API (index order) whose
    /// file defines the model.
    pub api: String,
    /// HTTP method of the operation.
    pub method: Option<String>,
    /// Path template of the operation or path parameter.
    pub path: Option<String>,
    /// Model wire name.
    pub model: Option<String>,
    /// Wire name of the parameter or field, or the enum value.
    pub member: Option<String>,
    /// Before: a type in schema notation (`long[]`), a Rust path, a deprecation note...
    pub old: Option<String>,
    /// After, same notation.
    pub new: Option<String>,
    /// Details: `required`/`optional` of an added parameter or field, the deprecation note,
    /// why an added field breaks...
    pub note: Option<String>,
}

impl Change {
    fn new(severity: Severity, kind: Kind, api: &str) -> Self {
        Change {
            severity,
            kind,
            api: api.to_string(),
            method: None,
            path: None,
            model: None,
            member: None,
            old: None,
            new: None,
            note: None,
        }
    }

    fn op(mut self, key: &OpKey) -> Self {
        self.method = Some(key.method.clone());
        self.path = Some(key.path.clone());
        self
    }

    fn with_path(mut self, path: &str) -> Self {
        self.path = Some(path.to_string());
        self
    }

    fn model(mut self, wire: &str) -> Self {
        self.model = Some(wire.to_string());
        self
    }

    fn member(mut self, m: &str) -> Self {
        self.member = Some(m.to_string());
        self
    }

    fn old_new(mut self, old: Option<String>, new: Option<String>) -> Self {
        self.old = old;
        self.new = new;
        self
    }

    fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// The operation as `GET /me/bill`, when the change is about one.
    pub fn operation(&self) -> Option<String> {
        Some(format!("{} {}", self.method.as_ref()?, self.path.as_ref()?))
    }

    /// Sort key: breaking first, then by API, then APIs, paths/operations and models, each
    /// sorted by name.
    fn sort_key(&self) -> impl Ord + '_ {
        let rank = match self.kind.category() {
            Category::Apis => 0,
            Category::Models | Category::Fields | Category::EnumValues => 2,
            _ => 1,
        };
        (
            self.severity,
            &self.api,
            rank,
            (&self.path, &self.model, &self.method),
            &self.member,
            self.kind,
        )
    }
}

/// Counts of a report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Breaking changes.
    pub breaking: usize,
    /// Additive changes.
    pub additive: usize,
}

/// The result of a comparison: every change, sorted (breaking first, then by API and subject).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Label of the old schema set (as given on the command line).
    pub old: String,
    /// Label of the new schema set.
    pub new: String,
    /// The changes.
    pub changes: Vec<Change>,
    /// Items of the new set generated in a degraded (untyped) form, as `generate` lists them:
    /// what the typed API does not cover yet.
    pub degraded: Vec<String>,
}

impl Report {
    /// Whether anything changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Whether any change is breaking.
    pub fn has_breaking(&self) -> bool {
        self.changes
            .iter()
            .any(|c| c.severity == Severity::Breaking)
    }

    /// Totals.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for ch in &self.changes {
            match ch.severity {
                Severity::Breaking => c.breaking += 1,
                Severity::Additive => c.additive += 1,
            }
        }
        c
    }

    /// Counts per category.
    pub fn counts_by_category(&self) -> BTreeMap<Category, Counts> {
        let mut out: BTreeMap<Category, Counts> = BTreeMap::new();
        for ch in &self.changes {
            let c = out.entry(ch.kind.category()).or_default();
            match ch.severity {
                Severity::Breaking => c.breaking += 1,
                Severity::Additive => c.additive += 1,
            }
        }
        out
    }
}

/// Loads two schema folders and compares them.
pub fn diff_dirs(
    old: &Path,
    new: &Path,
    old_label: &str,
    new_label: &str,
) -> crate::Result<Report> {
    let a = view::load(old)?;
    let b = view::load(new)?;
    Ok(compare(&a, &b, old_label, new_label))
}

/// Compares two snapshots.
pub fn compare(old: &Snapshot, new: &Snapshot, old_label: &str, new_label: &str) -> Report {
    use Severity::{Additive, Breaking};
    let mut out = Vec::new();

    // ---- APIs ------------------------------------------------------------------------------
    for (path, a) in &old.apis {
        if !new.apis.contains_key(path) {
            out.push(Change::new(Breaking, Kind::ApiRemoved, path).note(format!(
                "{} operation(s); Cargo feature `{}`",
                a.ops, a.feature
            )));
        }
    }
    for (path, a) in &new.apis {
        if !old.apis.contains_key(path) {
            out.push(Change::new(Additive, Kind::ApiAdded, path).note(format!(
                "{} operation(s); Cargo feature `{}`",
                a.ops, a.feature
            )));
        }
    }

    // ---- operations ------------------------------------------------------------------------
    // Operations of an added or removed API are summed up by that API's entry.
    for (key, op) in &old.ops {
        if !new.ops.contains_key(key) && new.apis.contains_key(&op.api) {
            out.push(Change::new(Breaking, Kind::OperationRemoved, &op.api).op(key));
        }
    }
    for (key, op) in &new.ops {
        match old.ops.get(key) {
            None if old.apis.contains_key(&op.api) => {
                let mut c = Change::new(Additive, Kind::OperationAdded, &op.api).op(key);
                if let Some(note) = &op.deprecated {
                    c = c.note(note.clone());
                }
                out.push(c);
            }
            None => {}
            Some(before) => compare_op(key, before, op, &mut out),
        }
    }
    for (path, p) in &new.path_params {
        if let Some(before) = old.path_params.get(path) {
            if before.ty != p.ty {
                let text =
                    |t: &Option<_>| Some(t.as_ref().map_or("any Display value".into(), type_text));
                out.push(
                    Change::new(Breaking, Kind::PathParameterTypeChanged, &p.api)
                        .old_new(text(&before.ty), text(&p.ty))
                        .member(&p.name)
                        .with_path(path),
                );
            }
        }
    }

    // ---- models ----------------------------------------------------------------------------
    for (wire, m) in &old.models {
        if !new.models.contains_key(wire) {
            out.push(
                Change::new(Breaking, Kind::ModelRemoved, &m.api)
                    .model(wire)
                    .old_new(Some(format!("models::{}", m.rust_path)), None),
            );
        }
    }
    for (wire, m) in &new.models {
        match old.models.get(wire) {
            None => out.push(
                Change::new(Additive, Kind::ModelAdded, &m.api)
                    .model(wire)
                    .old_new(None, Some(format!("models::{}", m.rust_path)))
                    .note(m.shape.describe()),
            ),
            Some(before) => compare_model(wire, before, m, &mut out),
        }
    }

    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Report {
        old: old_label.to_string(),
        new: new_label.to_string(),
        changes: out,
        degraded: new.degraded.clone(),
    }
}

fn compare_op(key: &OpKey, old: &OpView, new: &OpView, out: &mut Vec<Change>) {
    use Severity::{Additive, Breaking};
    let api = new.api.as_str();
    let change = |s, k| Change::new(s, k, api).op(key);
    match (&old.deprecated, &new.deprecated) {
        (None, Some(note)) => {
            out.push(change(Additive, Kind::OperationDeprecated).note(note.clone()))
        }
        (Some(_), None) => out.push(change(Additive, Kind::OperationUndeprecated)),
        (Some(a), Some(b)) if a != b => out.push(
            change(Additive, Kind::OperationDeprecationChanged)
                .old_new(Some(a.clone()), Some(b.clone())),
        ),
        _ => {}
    }
    if old.response != new.response {
        out.push(change(Breaking, Kind::ResponseTypeChanged).old_new(
            Some(type_text(&old.response)),
            Some(type_text(&new.response)),
        ));
    }
    match (&old.body, &new.body) {
        (None, Some(t)) => {
            out.push(change(Breaking, Kind::BodyAdded).old_new(None, Some(type_text(t))))
        }
        (Some(t), None) => {
            out.push(change(Breaking, Kind::BodyRemoved).old_new(Some(type_text(t)), None))
        }
        (Some(a), Some(b)) if a != b => out.push(
            change(Breaking, Kind::BodyTypeChanged).old_new(Some(type_text(a)), Some(type_text(b))),
        ),
        _ => {}
    }
    let required = |r: bool| if r { "required" } else { "optional" };
    for ((place, wire), p) in &old.params {
        if !new.params.contains_key(&(*place, wire.clone())) {
            out.push(
                change(Breaking, Kind::ParameterRemoved)
                    .member(wire)
                    .old_new(Some(type_text(&p.ty)), None)
                    .note(format!(
                        "{} {} parameter",
                        required(p.required),
                        place.as_str()
                    )),
            );
        }
    }
    for ((place, wire), p) in &new.params {
        let where_ = place.as_str();
        let Some(before) = old.params.get(&(*place, wire.clone())) else {
            // A new required parameter is a new positional argument; an optional one a setter.
            let severity = if p.required { Breaking } else { Additive };
            out.push(
                change(severity, Kind::ParameterAdded)
                    .member(wire)
                    .old_new(None, Some(type_text(&p.ty)))
                    .note(format!("{} {where_} parameter", required(p.required))),
            );
            continue;
        };
        if before.ty != p.ty {
            out.push(
                change(Breaking, Kind::ParameterTypeChanged)
                    .member(wire)
                    .old_new(Some(type_text(&before.ty)), Some(type_text(&p.ty)))
                    .note(format!("{where_} parameter")),
            );
        }
        match (before.required, p.required) {
            (false, true) => out.push(
                change(Breaking, Kind::ParameterNowRequired)
                    .member(wire)
                    .note(format!(
                        "{where_} parameter: setter `{}` → positional argument",
                        before.rust_name
                    )),
            ),
            (true, false) => out.push(
                change(Breaking, Kind::ParameterNowOptional)
                    .member(wire)
                    .note(format!(
                        "{where_} parameter: positional argument → setter `{}`",
                        p.rust_name
                    )),
            ),
            (false, false) if before.rust_name != p.rust_name => out.push(
                change(Breaking, Kind::ParameterRenamed)
                    .member(wire)
                    .old_new(Some(before.rust_name.clone()), Some(p.rust_name.clone()))
                    .note(format!("{where_} parameter setter")),
            ),
            _ => {}
        }
    }
}

fn compare_model(wire: &str, old: &ModelView, new: &ModelView, out: &mut Vec<Change>) {
    use Severity::{Additive, Breaking};
    let change = |s, k| Change::new(s, k, &new.api).model(wire);
    if old.rust_path != new.rust_path {
        out.push(change(Breaking, Kind::ModelRenamed).old_new(
            Some(format!("models::{}", old.rust_path)),
            Some(format!("models::{}", new.rust_path)),
        ));
    }
    match (&old.shape, &new.shape) {
        (
            Shape::Struct {
                generics: g0,
                fields: f0,
                default: d0,
            },
            Shape::Struct {
                generics: g1,
                fields: f1,
                default: d1,
            },
        ) => {
            if g0 != g1 {
                let text = |g: &[String]| Some(format!("<{}>", g.join(", ")));
                out.push(change(Breaking, Kind::ModelGenericsChanged).old_new(text(g0), text(g1)));
            }
            if *d0 && !*d1 {
                out.push(
                    change(Breaking, Kind::ModelDefaultRemoved)
                        .note("`Default::default()` and `..Default::default()` no longer compile"),
                );
            }
            for (name, f) in f0 {
                if !f1.contains_key(name) {
                    out.push(
                        change(Breaking, Kind::FieldRemoved)
                            .member(name)
                            .old_new(Some(type_text(&f.ty)), None),
                    );
                }
            }
            for (name, f) in f1 {
                let Some(before) = f0.get(name) else {
                    // Struct literals name every field unless they end in
                    // `..Default::default()`: a model callers build (sent in a request) that
                    // has no `Default` makes every such literal incomplete.
                    let (severity, why) = if new.sent && !*d1 {
                        (Breaking, "; the model is sent in requests and has no `Default`: struct literals must add it")
                    } else {
                        (Additive, "")
                    };
                    let what = match (f.optional, f.read_only) {
                        (true, _) => "optional",
                        (false, true) => "required, read-only",
                        (false, false) => "required",
                    };
                    out.push(
                        change(severity, Kind::FieldAdded)
                            .member(name)
                            .old_new(None, Some(type_text(&f.ty)))
                            .note(format!("{what}{why}")),
                    );
                    continue;
                };
                if before.ty != f.ty {
                    out.push(
                        change(Breaking, Kind::FieldTypeChanged)
                            .member(name)
                            .old_new(Some(type_text(&before.ty)), Some(type_text(&f.ty))),
                    );
                }
                match (before.optional, f.optional) {
                    (false, true) => out.push(
                        change(Breaking, Kind::FieldNowOptional)
                            .member(name)
                            .note(format!("`{0}: T` → `{0}: Option<T>`", f.rust_name)),
                    ),
                    (true, false) => out.push(
                        change(Breaking, Kind::FieldNowRequired)
                            .member(name)
                            .note(format!("`{0}: Option<T>` → `{0}: T`", f.rust_name)),
                    ),
                    _ => {}
                }
                if before.rust_name != f.rust_name {
                    out.push(
                        change(Breaking, Kind::FieldRenamed)
                            .member(name)
                            .old_new(Some(before.rust_name.clone()), Some(f.rust_name.clone())),
                    );
                }
            }
        }
        (
            Shape::Enum {
                wire: l0,
                values: v0,
            },
            Shape::Enum {
                wire: l1,
                values: v1,
            },
        ) if l0 == l1 => {
            for (value, variant) in v0 {
                match v1.get(value) {
                    None => out.push(
                        change(Breaking, Kind::EnumValueRemoved)
                            .member(value)
                            .old_new(Some(variant.clone()), None)
                            .note("code naming the variant no longer compiles; the value now decodes into the catch-all variant"),
                    ),
                    Some(v) if v != variant => out.push(
                        change(Breaking, Kind::EnumVariantRenamed)
                            .member(value)
                            .old_new(Some(variant.clone()), Some(v.clone())),
                    ),
                    Some(_) => {}
                }
            }
            for (value, variant) in v1 {
                if !v0.contains_key(value) {
                    out.push(
                        change(Additive, Kind::EnumValueAdded)
                            .member(value)
                            .old_new(None, Some(variant.clone())),
                    );
                }
            }
        }
        (Shape::Untyped, Shape::Untyped) => {}
        (Shape::Alias(a), Shape::Alias(b)) if a == b => {}
        (a, b) => out.push(
            change(Breaking, Kind::ModelKindChanged)
                .old_new(Some(a.describe().into()), Some(b.describe().into())),
        ),
    }
}

/// Why `codegen diff` failed (as opposed to finding changes).
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// A schema set could not be loaded.
    #[error(transparent)]
    Load(#[from] crate::Error),
    /// An `OLD`/`NEW` argument could not be turned into a folder.
    #[error(transparent)]
    Source(#[from] source::SourceError),
}

/// Runs a comparison of two `OLD`/`NEW` arguments (folders or `git:REV:PATH`); the arguments
/// are the report's labels.
pub fn run(old: &str, new: &str) -> Result<Report, DiffError> {
    let a = source::Source::parse(old)?.materialize(old)?;
    let b = source::Source::parse(new)?.materialize(new)?;
    Ok(diff_dirs(a.dir(), b.dir(), old, new)?)
}
