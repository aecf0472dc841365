//! Plain serde types of the OVH API console format (`index.json` and one `<api>.json` per API).
//!
//! Only what the generator uses is declared; unknown fields (`errors`, `operationId`, ...) are
//! ignored so new console fields do not break generation. Fields the generator cannot do
//! without have no default: their absence is reported as an error with its JSON location.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::{Error, Result};

/// `index.json`: the list of APIs.
#[derive(Debug, Clone, Deserialize)]
pub struct Index {
    /// One entry per API.
    pub apis: Vec<IndexEntry>,
}

/// One API of the index.
#[derive(Debug, Clone, Deserialize)]
pub struct IndexEntry {
    /// The API path, e.g. `/dedicated/server`.
    pub path: String,
}

/// One API schema file.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ApiFile {
    /// The paths of the API with their operations (absent in `cloudDB.json`).
    #[serde(default)]
    pub apis: Vec<ApiPath>,
    /// The models, keyed by their full name (`nichandle.Nichandle`). A `BTreeMap` keeps the
    /// generator independent of the key order in the file.
    #[serde(default)]
    pub models: BTreeMap<String, ModelDef>,
}

/// One path with its operations.
#[derive(Debug, Clone, Deserialize)]
pub struct ApiPath {
    /// The path template, e.g. `/me/bill/{billId}`.
    pub path: String,
    /// The operations on this path, at most one per HTTP method.
    pub operations: Vec<Operation>,
}

/// HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
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
}

/// One operation (path + method).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// Lifecycle status.
    pub api_status: ApiStatus,
    /// Whether the call is sent without signature.
    #[serde(default)]
    pub no_authentication: bool,
    /// Path, query and body parameters.
    pub parameters: Vec<Parameter>,
    /// The type of the decoded response (`void` for none).
    pub response_type: String,
    /// Human description.
    #[serde(default)]
    pub description: Option<String>,
    /// IAM actions needed to call the operation.
    #[serde(default)]
    pub iam_actions: Option<Vec<IamActionRepr>>,
}

/// Lifecycle status of an operation.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiStatus {
    /// PRODUCTION, BETA, ALPHA or DEPRECATED.
    pub value: StatusValue,
    /// Free text (for deprecated operations, often mentions the replacement).
    #[serde(default)]
    pub description: Option<String>,
    /// Date of deprecation.
    #[serde(default)]
    pub deprecated_date: Option<String>,
    /// Date of deletion.
    #[serde(default)]
    pub deletion_date: Option<String>,
    /// Replacement path, e.g. `/1.0/cloud/project/{serviceName}/database/cassandra`.
    #[serde(default)]
    pub replacement: Option<String>,
}

/// Value of [`ApiStatus`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
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

/// One IAM action of an operation: an object in most files, a bare name in some.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum IamActionRepr {
    /// `{"name": ..., "required": ...}`
    Full(IamAction),
    /// `"analytics:apiovh:platforms/get"` (required)
    Name(String),
}

impl IamActionRepr {
    /// Normalised form.
    pub fn action(&self) -> IamAction {
        match self {
            IamActionRepr::Full(a) => a.clone(),
            IamActionRepr::Name(n) => IamAction {
                name: n.clone(),
                required: true,
            },
        }
    }
}

/// One IAM action of an operation.
#[derive(Debug, Clone, Deserialize)]
pub struct IamAction {
    /// Action name, e.g. `account:apiovh:me/get`.
    pub name: String,
    /// Whether the action is required.
    #[serde(default)]
    pub required: bool,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ParamType {
    /// A `{name}` placeholder of the path.
    Path,
    /// A query-string pair.
    Query,
    /// A field of the JSON body, or the whole body when unnamed.
    Body,
}

/// One operation parameter.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Parameter {
    /// Path, query or body.
    pub param_type: ParamType,
    /// Wire name; absent for an unnamed body (the whole body is that type).
    #[serde(default)]
    pub name: Option<String>,
    /// Type name.
    pub data_type: String,
    /// Type name with alias information (`coreTypes.AccountId:string`).
    #[serde(default)]
    pub full_type: Option<String>,
    /// Whether the parameter must be given.
    #[serde(default)]
    pub required: bool,
    /// Human description.
    #[serde(default)]
    pub description: Option<String>,
}

/// One model: an object (`properties`), an enum (`enum` + `enumType`), possibly generic.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelDef {
    /// Human description.
    #[serde(default)]
    pub description: Option<String>,
    /// Object properties, keyed by wire name.
    #[serde(default)]
    pub properties: Option<BTreeMap<String, Property>>,
    /// Enum values (strings, or numbers/strings for `enumType: long`).
    #[serde(default, rename = "enum")]
    pub enum_values: Option<Vec<serde_json::Value>>,
    /// `string` or `long`.
    #[serde(default)]
    pub enum_type: Option<String>,
    /// Generic parameter names (`["T"]`).
    #[serde(default)]
    pub generics: Option<Vec<String>>,
}

/// One property of an object model.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Property {
    /// Type name.
    #[serde(rename = "type")]
    pub type_name: String,
    /// Type name with alias/generic information.
    #[serde(default)]
    pub full_type: Option<String>,
    /// Whether the API may send `null`.
    #[serde(default)]
    pub can_be_null: bool,
    /// Whether the property is read-only.
    #[serde(default)]
    pub read_only: bool,
    /// Whether the property is required.
    #[serde(default)]
    pub required: bool,
    /// Human description.
    #[serde(default)]
    pub description: Option<String>,
}

/// One loaded API: its index path, the file it came from and its content.
#[derive(Debug, Clone)]
pub struct LoadedApi {
    /// API path from the index, e.g. `/dedicated/server`.
    pub path: String,
    /// File name relative to the schema dir, e.g. `dedicated/server.json`.
    pub file: String,
    /// Parsed content.
    pub schema: ApiFile,
}

/// Reads and decodes one JSON file, reporting the JSON path of any error.
pub fn read_json<T: DeserializeOwned>(file: &Path) -> Result<T> {
    let text = std::fs::read_to_string(file).map_err(|source| Error::Io {
        file: file.to_path_buf(),
        source,
    })?;
    parse_json(file, &text)
}

/// Decodes JSON text; `file` is only used in errors.
pub fn parse_json<T: DeserializeOwned>(file: &Path, text: &str) -> Result<T> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let location = e.path().to_string();
        Error::Json {
            file: file.to_path_buf(),
            location,
            message: e.into_inner().to_string(),
        }
    })
}

/// Loads `index.json` and every API file it lists, in index order.
pub fn load_dir(dir: &Path) -> Result<Vec<LoadedApi>> {
    let index: Index = read_json(&dir.join("index.json"))?;
    let mut out = Vec::with_capacity(index.apis.len());
    for (i, entry) in index.apis.iter().enumerate() {
        let rel = entry.path.trim_start_matches('/');
        if rel.is_empty()
            || rel
                .split('/')
                .any(|s| s.is_empty() || s == "." || s == "..")
        {
            return Err(Error::Invalid {
                file: dir.join("index.json"),
                location: format!("apis[{i}].path"),
                message: format!("API path `{}` is not a plain path", entry.path),
            });
        }
        let file = format!("{rel}.json");
        let path: PathBuf = dir.join(&file);
        let schema: ApiFile = read_json(&path)?;
        out.push(LoadedApi {
            path: entry.path.clone(),
            file,
            schema,
        });
    }
    Ok(out)
}
