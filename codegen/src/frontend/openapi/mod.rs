//! OpenAPI 3 documents, of the /1.0 and the /v2 branch: one `<api>.json` per API, each a
//! whole OpenAPI document (`paths`, `components.schemas`, OVH's `x-` extensions). Which
//! branch a document describes is decided by its folder reader ([`super::read_folder`], from
//! `servers[0].url`) and given in its [`Place`].
//!
//! Read as plain JSON (`serde_json::Value`), not through a typed OpenAPI model such as
//! `openapiv3`: a typed model rejects a whole document for one construct it does not accept
//! (an OpenAPI 3.1 type list `["string", "null"]`, a misspelt `in`, an extension where a schema
//! is expected), while this generator must still generate the rest and report that one item,
//! with its JSON pointer, as [`Degraded`]. Only a missing file or text that is not JSON is an
//! error.
//!
//! Mapping (see `codegen/README.md` for the whole table):
//! * a /v2 document is one API whose path is the branch plus the first segment shared by its
//!   paths (`/v2` + `/iam`); its paths keep the branch (`/v2/iam/policy`), so the path tree
//!   puts them under `client.v2()`; its `components.schemas` are models keyed under the
//!   branch (`v2.iam.policy.Response` → `models::v2::iam::policy::Response`);
//! * a /1.0 document reads as the console format would: the API path its place gives
//!   (`/dedicated/server`), paths and model names as written, an inline object body as
//!   named body parameters, lists in the query comma-separated, stage badges as the status;
//! * schemas that are only a primitive, an array or a map are not items: references to them
//!   use the type itself;
//! * inline objects and enums are hoisted to models named after where they appear
//!   (`iam.policy.Response` property `conditions` → `ResponseConditions` in the same namespace;
//!   an operation's inline body → `<Path><Verb>Request`);
//! * `allOf` of one schema is that schema (OVH wraps references this way to add a description);
//!   `allOf` of several merges their properties; `oneOf` / `anyOf` of one schema is that
//!   schema, of several a union (its variants, and the `discriminator` tag if any);
//! * the `X-Pagination-Cursor` header parameter marks a cursor-paginated list; it and
//!   `X-Pagination-Size` are handled by the runtime's paging, not passed as arguments.
//!
//! Layout: this module reads a document ([`read_document`]) and holds what both halves share
//! (the reading state `Doc`, JSON helpers, schema kinds); `schemas.rs` reads
//! `components.schemas` and every schema met elsewhere into models and types, `operations.rs`
//! reads `paths` into operations, parameters, bodies and responses.

mod operations;
mod schemas;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::Branch;
use crate::ir::{ApiSpec, Degraded, Format, ModelSpec};
use crate::naming::Scope;
use crate::types::Prim;

/// Methods of a path item, in the order they are read.
const METHODS: &[&str] = &["get", "put", "post", "delete", "patch"];
/// Path item keys that are methods this SDK cannot send.
const OTHER_METHODS: &[&str] = &["options", "head", "trace"];

/// Where a document sits: its file, its branch, its API path.
#[derive(Debug, Clone)]
pub struct Place {
    /// The file as reported (`dedicated/server.json`, `v2/iam.json`).
    pub file: String,
    /// The branch its `servers` (or its folder) names.
    pub branch: Branch,
    /// The API path (/1.0: from `index.json` or the file's path, `/dedicated/server`); `None`
    /// on /v2, where it is the branch and the first segment its paths share (`/v2/iam`).
    pub api_path: Option<String>,
    /// The file name without `.json` (`server`), the /v2 API segment when its paths share
    /// none.
    pub stem: String,
}

/// Reads one document placed at `place`.
pub fn read_document(json: &Value, place: &Place, degraded: &mut Vec<Degraded>) -> ApiSpec {
    let empty = Map::new();
    let root = json.as_object().unwrap_or(&empty);
    let mut doc = Doc {
        file: place.file.clone(),
        root,
        branch: place.branch,
        ns: match place.branch {
            Branch::V1 => String::new(),
            Branch::V2 => place
                .branch
                .as_str()
                .trim_start_matches('/')
                .replace('/', "."),
        },
        degraded,
        models: BTreeMap::new(),
        taken: Scope::new(),
        aliasing: BTreeSet::new(),
    };
    if json.as_object().is_none() {
        doc.degrade("", "the document is not a JSON object: nothing generated");
    }
    let (api_path, api_seg, prefix) = match &place.api_path {
        Some(path) => {
            let first = path
                .trim_start_matches('/')
                .split('/')
                .next()
                .unwrap_or_default();
            (path.clone(), first.to_string(), String::new())
        }
        None => {
            let branch = place.branch.as_str();
            let seg = doc.api_segment(&place.stem);
            (format!("{branch}/{seg}"), seg, branch.to_string())
        }
    };
    // The document version is shown on /v2 modules only: a /1.0 API reads the same from
    // either format.
    let version = match place.branch {
        Branch::V1 => None,
        Branch::V2 => root
            .get("info")
            .and_then(|i| i.get("version"))
            .and_then(Value::as_str)
            .map(str::to_string),
    };
    doc.components();
    let paths = doc.paths(&prefix, &api_seg);
    ApiSpec {
        path: api_path,
        file: place.file.clone(),
        paths,
        models: doc.models,
        version,
        format: Format::OpenApi,
    }
}

/// One document being read.
struct Doc<'a> {
    file: String,
    root: &'a Map<String, Value>,
    branch: Branch,
    /// Namespace prefix of model keys (`v2`; empty on /1.0, whose models keep their names).
    ns: String,
    degraded: &'a mut Vec<Degraded>,
    models: BTreeMap<String, ModelSpec>,
    /// Model keys claimed (components first, then hoisted schemas).
    taken: Scope,
    /// Alias components being expanded (a cycle guard).
    aliasing: BTreeSet<String>,
}

/// The value at a JSON pointer inside the document's root object.
fn pointer<'v>(root: &'v Map<String, Value>, p: &str) -> Option<&'v Value> {
    let p = p.strip_prefix('/')?;
    let (first, rest) = match p.split_once('/') {
        Some((first, rest)) => (first, format!("/{rest}")),
        None => (p, String::new()),
    };
    let first = first.replace("~1", "/").replace("~0", "~");
    root.get(&first)?.pointer(&rest)
}

/// JSON pointer `at` + `/key` (RFC 6901 escaping).
fn ptr(at: &str, key: &str) -> String {
    format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"))
}

fn text(obj: &Map<String, Value>, key: &str) -> Option<String> {
    obj.get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .filter(|s| !s.trim().is_empty())
}

fn flag(obj: &Map<String, Value>, key: &str) -> bool {
    obj.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// What a schema is, after following nothing.
enum Kind<'v> {
    /// `$ref` to `#/components/schemas/<name>`.
    Ref(String),
    /// A `$ref` elsewhere.
    BadRef(String),
    /// An object with properties, or an `allOf` of several parts: a struct.
    Object,
    /// `enum`.
    Enum,
    /// `allOf` / `oneOf` / `anyOf` of exactly one schema.
    Single(&'v Value),
    /// `oneOf` / `anyOf` of several schemas.
    Union,
    /// `type: array`.
    Array,
    /// An object without properties: a map of `additionalProperties` (any value when absent
    /// or `true`).
    Map,
    /// A primitive.
    Prim(Prim),
    /// No constraint at all (`{}`): any JSON value.
    Any,
    /// A type name this generator does not know.
    Unknown(String),
}

fn kind(s: &Value) -> Kind<'_> {
    let Some(obj) = s.as_object() else {
        return Kind::Unknown(format!("{s}"));
    };
    if let Some(r) = obj.get("$ref") {
        let r = r.as_str().unwrap_or_default();
        return match r.strip_prefix("#/components/schemas/") {
            Some(name) => Kind::Ref(name.replace("~1", "/").replace("~0", "~")),
            None => Kind::BadRef(r.to_string()),
        };
    }
    if obj.get("enum").is_some_and(Value::is_array) {
        return Kind::Enum;
    }
    if let Some(parts) = obj.get("allOf").and_then(Value::as_array) {
        let own_props = obj.get("properties").is_some_and(|p| p.is_object());
        return match parts.as_slice() {
            [one] if !own_props => Kind::Single(one),
            _ => Kind::Object,
        };
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(parts) = obj.get(key).and_then(Value::as_array) {
            return match parts.as_slice() {
                [one] => Kind::Single(one),
                _ => Kind::Union,
            };
        }
    }
    // OpenAPI 3.1 writes nullable types as a list: `["string", "null"]`.
    let ty = match obj.get("type") {
        Some(Value::String(t)) => Some(t.as_str()),
        Some(Value::Array(list)) => {
            let named: Vec<&str> = list
                .iter()
                .filter_map(Value::as_str)
                .filter(|t| *t != "null")
                .collect();
            match named.as_slice() {
                [one] => Some(*one),
                [] => None,
                _ => return Kind::Union,
            }
        }
        Some(other) => return Kind::Unknown(other.to_string()),
        None => None,
    };
    match ty {
        // The formats with a type of their own (see `types::Prim`); any other is a `String`.
        Some("string") => Kind::Prim(match obj.get("format").and_then(Value::as_str) {
            Some("password") => Prim::Password,
            Some("date-time") => Prim::DateTime,
            Some("date") => Prim::Date,
            _ => Prim::String,
        }),
        Some("integer") => Kind::Prim(Prim::Long),
        Some("number") => Kind::Prim(Prim::Double),
        Some("boolean") => Kind::Prim(Prim::Bool),
        Some("array") => Kind::Array,
        Some("object") | None if obj.get("properties").is_some_and(Value::is_object) => {
            Kind::Object
        }
        Some("object") => Kind::Map,
        None if obj.contains_key("items") => Kind::Array,
        None if obj.contains_key("additionalProperties") => Kind::Map,
        None => Kind::Any,
        Some(other) => Kind::Unknown(other.to_string()),
    }
}

/// The `format` of a string schema, or of an array schema's items (`None` for a `$ref`: the
/// model it names documents itself).
fn string_format(s: &Value) -> Option<crate::types::StrFormat> {
    match kind(s) {
        Kind::Prim(p) if p.is_string() => s
            .get("format")
            .and_then(Value::as_str)
            .and_then(crate::types::StrFormat::named),
        Kind::Array => s.get("items").and_then(string_format),
        _ => None,
    }
}

/// Whether a schema's nullability is declared (`nullable: true`, or `null` in a 3.1 type list).
fn nullable(obj: &Map<String, Value>) -> bool {
    flag(obj, "nullable")
        || obj
            .get("type")
            .and_then(Value::as_array)
            .is_some_and(|l| l.iter().any(|t| t == "null"))
}

impl<'a> Doc<'a> {
    pub(super) fn degrade(&mut self, at: impl Into<String>, what: impl Into<String>) {
        let at = at.into();
        self.degraded.push(Degraded {
            file: self.file.clone(),
            at: if at.is_empty() { "/".into() } else { at },
            what: what.into(),
        });
    }

    /// The model key of a component name: under the namespace of the branch, if any.
    pub(super) fn key(&self, name: &str) -> String {
        if self.ns.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.ns)
        }
    }

    /// The first path segment every path shares (`iam`), else the file stem.
    pub(super) fn api_segment(&mut self, stem: &str) -> String {
        let firsts: BTreeSet<&str> = self
            .root
            .get("paths")
            .and_then(Value::as_object)
            .map(|p| {
                p.keys()
                    .filter_map(|k| k.trim_start_matches('/').split('/').next())
                    .collect()
            })
            .unwrap_or_default();
        match firsts.into_iter().collect::<Vec<_>>().as_slice() {
            [one] if !one.is_empty() && !one.starts_with('{') => one.to_string(),
            _ => stem.to_string(),
        }
    }
}
