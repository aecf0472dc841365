//! What `codegen diff` reports: each [`Change`] with its [`Severity`], [`Kind`] and
//! [`Category`], and the [`Report`] gathering them with their [`Counts`].

use std::collections::BTreeMap;

use serde::Serialize;

use super::view::OpKey;

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
    pub(super) fn new(severity: Severity, kind: Kind, api: &str) -> Self {
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

    pub(super) fn op(mut self, key: &OpKey) -> Self {
        self.method = Some(key.method.clone());
        self.path = Some(key.path.clone());
        self
    }

    pub(super) fn with_path(mut self, path: &str) -> Self {
        self.path = Some(path.to_string());
        self
    }

    pub(super) fn model(mut self, wire: &str) -> Self {
        self.model = Some(wire.to_string());
        self
    }

    pub(super) fn member(mut self, m: &str) -> Self {
        self.member = Some(m.to_string());
        self
    }

    pub(super) fn old_new(mut self, old: Option<String>, new: Option<String>) -> Self {
        self.old = old;
        self.new = new;
        self
    }

    pub(super) fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// The operation as `GET /me/bill`, when the change is about one.
    pub fn operation(&self) -> Option<String> {
        Some(format!("{} {}", self.method.as_ref()?, self.path.as_ref()?))
    }

    /// Sort key: breaking first, then by API, then APIs, paths/operations and models, each
    /// sorted by name.
    pub(super) fn sort_key(&self) -> impl Ord + '_ {
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
