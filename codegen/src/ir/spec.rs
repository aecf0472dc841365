//! Stage one of the intermediate representation: the schemas as a front end read them.
//!
//! Nothing here is specific to one schema format. Types are [`TypeRef`]s whose model names are
//! not checked yet; every item keeps the JSON location it was read from, so the resolver can
//! report problems against the schema file.

use std::collections::BTreeMap;

use super::Degraded;
use crate::types::TypeRef;

/// Every API of a schema set.
#[derive(Debug, Clone, Default)]
pub struct Spec {
    /// APIs in index order.
    pub apis: Vec<ApiSpec>,
    /// What the front end could not read faithfully.
    pub degraded: Vec<Degraded>,
}

/// One API: its paths and the models its file defines.
#[derive(Debug, Clone, Default)]
pub struct ApiSpec {
    /// API path, e.g. `/dedicated/server`.
    pub path: String,
    /// Schema file relative to the schema directory, e.g. `dedicated/server.json`.
    pub file: String,
    /// Paths in file order.
    pub paths: Vec<PathSpec>,
    /// Model definitions keyed by full name (`nichandle.Nichandle`, `a.G<T>`).
    pub models: BTreeMap<String, ModelSpec>,
}

/// One path template and its operations.
#[derive(Debug, Clone)]
pub struct PathSpec {
    /// Template, e.g. `/me/bill/{billId}`.
    pub template: String,
    /// JSON location (`apis[3]`).
    pub at: String,
    /// Operations in file order.
    pub ops: Vec<OpSpec>,
}

/// HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl HttpMethod {
    /// The method as written in HTTP.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Delete => "DELETE",
        }
    }

    /// Parses an HTTP method name (any case); `None` for methods the SDK cannot send.
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_uppercase().as_str() {
            "GET" => Some(HttpMethod::Get),
            "POST" => Some(HttpMethod::Post),
            "PUT" => Some(HttpMethod::Put),
            "DELETE" => Some(HttpMethod::Delete),
            _ => None,
        }
    }
}

/// Lifecycle stage of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusValue {
    /// Stable.
    Production,
    /// Beta.
    Beta,
    /// Alpha.
    Alpha,
    /// Deprecated.
    Deprecated,
}

/// Lifecycle of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// Stage.
    pub value: StatusValue,
    /// Free text (for deprecated operations, often names the replacement).
    pub description: Option<String>,
    /// Date of deprecation, as written.
    pub deprecated_date: Option<String>,
    /// Date of deletion, as written.
    pub deletion_date: Option<String>,
    /// Replacement path.
    pub replacement: Option<String>,
}

impl Default for Status {
    fn default() -> Self {
        Status {
            value: StatusValue::Production,
            description: None,
            deprecated_date: None,
            deletion_date: None,
            replacement: None,
        }
    }
}

/// One operation (path + method).
#[derive(Debug, Clone)]
pub struct OpSpec {
    /// HTTP method.
    pub method: HttpMethod,
    /// JSON location (`apis[3].operations[0]`).
    pub at: String,
    /// Lifecycle.
    pub status: Status,
    /// Sent without signature.
    pub no_auth: bool,
    /// Parameters in schema order.
    pub params: Vec<ParamSpec>,
    /// Type of the decoded response.
    pub response: Typed,
    /// Description.
    pub description: Option<String>,
    /// IAM actions (name, required).
    pub iam: Vec<(String, bool)>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamPlace {
    /// A `{name}` placeholder of the path.
    Path,
    /// A query-string pair.
    Query,
    /// A member of the JSON body, or the whole body when unnamed.
    Body,
}

/// One operation parameter.
#[derive(Debug, Clone)]
pub struct ParamSpec {
    /// Where it goes.
    pub place: ParamPlace,
    /// Wire name; `None` for a whole body.
    pub name: Option<String>,
    /// Type.
    pub ty: Typed,
    /// Must be given.
    pub required: bool,
    /// Description.
    pub description: Option<String>,
    /// JSON location (`apis[3].operations[0].parameters[1]`).
    pub at: String,
}

/// A type with the JSON location of the text it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typed {
    /// The type; model names are not checked yet.
    pub ty: TypeRef,
    /// Where it was read (`apis[0].operations[0].responseType`).
    pub at: String,
}

/// One model definition.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelSpec {
    /// Description.
    pub description: Option<String>,
    /// Declared generic parameter names (`["T"]`), when the schema lists them.
    pub generics: Option<Vec<String>>,
    /// Object, enum, or not understood.
    pub shape: ShapeSpec,
}

/// The shape of a model definition.
#[derive(Debug, Clone, PartialEq)]
pub enum ShapeSpec {
    /// An object with properties keyed by wire name.
    Object(BTreeMap<String, PropSpec>),
    /// An enum of listed values.
    Enum {
        /// The wire type the values have.
        wire: EnumWire,
        /// The listed values, as written.
        values: Vec<serde_json::Value>,
    },
    /// A definition the front end could not read (reported); generated as an untyped value.
    Untyped,
}

/// The wire type of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnumWire {
    /// Strings (including string-like primitives: dates, IPs...).
    String,
    /// Integers.
    Long,
    /// Floating-point numbers.
    Double,
    /// The values of another enum model (`coreTypes.CountryEnum`): its wire type.
    Enum(String),
    /// Anything else, as written (resolved to an untyped value and reported).
    Unknown(String),
}

/// One property of an object model.
#[derive(Debug, Clone, PartialEq)]
pub struct PropSpec {
    /// Type.
    pub ty: Typed,
    /// The API may send `null`.
    pub can_be_null: bool,
    /// Set by the API only.
    pub read_only: bool,
    /// Must be present.
    pub required: bool,
    /// Description.
    pub description: Option<String>,
}
