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
    /// Remarks for the summary that are not degradations (a document without `servers`
    /// placed on its folder's branch, a file ignored).
    pub warnings: Vec<String>,
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
    /// Version of the document the API was read from (OpenAPI `info.version`), recorded in
    /// the docs of its module; `None` for console schemas.
    pub version: Option<String>,
    /// The format of its file.
    pub format: Format,
}

/// The format a schema file is written in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// The OVH API console format (/1.0).
    #[default]
    Console,
    /// OpenAPI 3.
    OpenApi,
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
    /// `PATCH`
    Patch,
}

impl HttpMethod {
    /// The method as written in HTTP.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Patch => "PATCH",
        }
    }

    /// Parses an HTTP method name (any case); `None` for methods the SDK cannot send.
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_uppercase().as_str() {
            "GET" => Some(HttpMethod::Get),
            "POST" => Some(HttpMethod::Post),
            "PUT" => Some(HttpMethod::Put),
            "DELETE" => Some(HttpMethod::Delete),
            "PATCH" => Some(HttpMethod::Patch),
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
    /// IAM actions.
    pub iam: Vec<IamAction>,
    /// A cursor-paginated list (/v2: the `X-Pagination-Cursor` header parameter); the response
    /// type is then an array of the items.
    pub paginated: bool,
    /// Badges shown by the API console (`x-badges` labels: "Beta version", "Internal use
    /// only"...).
    pub badges: Vec<String>,
    /// OVHcloud marks the operation as not meant for customers (an "Internal use only" badge).
    pub internal: bool,
    /// Request and response examples given by the schema.
    pub examples: Vec<ExampleSpec>,
}

/// One example value of a request body or a success response.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleSpec {
    /// Its name in the schema (the key of `examples`, or `example`).
    pub name: String,
    /// JSON location of the value.
    pub at: String,
    /// A request body example (else a response example).
    pub request: bool,
    /// The value.
    pub value: serde_json::Value,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamPlace {
    /// A `{name}` placeholder of the path.
    Path,
    /// A query-string pair.
    Query,
    /// A request header.
    Header,
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
    /// Query arrays are sent as one pair per item (`a=1&a=2`, OpenAPI `form` + `explode`)
    /// instead of one comma-separated pair.
    pub explode: bool,
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
    /// What the schema says of the text of its strings (`datetime`), for the docs.
    pub format: Option<crate::types::StrFormat>,
}

/// One model definition.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelSpec {
    /// The name shown in docs as the model's OVH name when it differs from its key (OpenAPI
    /// models are keyed under their branch, `v2.iam.policy.Response`; models hoisted from
    /// inline schemas name the property they come from).
    pub ovh_name: Option<String>,
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
    /// One of several schemas (OpenAPI `oneOf` / `anyOf`): a value of one of the variants.
    Union {
        /// The member naming the variant (OpenAPI `discriminator.propertyName`); `None`: the
        /// variants are told apart by the JSON kind of the value.
        tag: Option<String>,
        /// The variants, in schema order.
        variants: Vec<VariantSpec>,
    },
    /// A definition the front end could not read (reported); generated as an untyped value.
    Untyped,
}

/// One variant of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantSpec {
    /// Its type.
    pub ty: Typed,
    /// The value of the union's tag member naming it (from `discriminator.mapping`, else the
    /// name of the schema it refers to); `None` without a tag, or when it has none.
    pub tag_value: Option<String>,
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

/// One IAM action an operation lists (console `iamActions`, OpenAPI `x-iam-actions`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IamAction {
    /// `account:apiovh:me/bill/get`.
    pub action: String,
    /// Whether the call needs it (optional actions widen what the call may do).
    pub required: bool,
}

impl IamAction {
    /// A required action.
    pub fn required(action: impl Into<String>) -> IamAction {
        IamAction {
            action: action.into(),
            required: true,
        }
    }
}
