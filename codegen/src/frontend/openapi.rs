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

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::Branch;
use crate::ir::{
    ApiSpec, Degraded, EnumWire, ExampleSpec, Format, HttpMethod, ModelSpec, OpSpec, ParamPlace,
    ParamSpec, PathSpec, PropSpec, ShapeSpec, Status, StatusValue, Typed, VariantSpec,
};
use crate::naming::{self, Scope};
use crate::types::{Prim, TypeRef};

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
        Some("string") if obj.get("format").and_then(Value::as_str) == Some("password") => {
            Kind::Prim(Prim::Password)
        }
        Some("string") => Kind::Prim(Prim::String),
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
        Kind::Prim(Prim::String | Prim::Password) => s
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
    fn degrade(&mut self, at: impl Into<String>, what: impl Into<String>) {
        let at = at.into();
        self.degraded.push(Degraded {
            file: self.file.clone(),
            at: if at.is_empty() { "/".into() } else { at },
            what: what.into(),
        });
    }

    /// The model key of a component name: under the namespace of the branch, if any.
    fn key(&self, name: &str) -> String {
        if self.ns.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.ns)
        }
    }

    /// The first path segment every path shares (`iam`), else the file stem.
    fn api_segment(&mut self, stem: &str) -> String {
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

    fn schemas(&self) -> Option<&'a Map<String, Value>> {
        self.root
            .get("components")
            .and_then(|c| c.get("schemas"))
            .and_then(Value::as_object)
    }

    /// Whether a component is generated as a model item (else references use its type).
    fn is_model(&self, s: &Value) -> bool {
        matches!(kind(s), Kind::Object | Kind::Enum | Kind::Union)
            || matches!(kind(s), Kind::Single(inner) if matches!(kind(inner), Kind::Object | Kind::Enum))
    }

    /// `components.schemas`: every object, enum and union is a model.
    fn components(&mut self) {
        let Some(schemas) = self.schemas() else {
            return;
        };
        let list: Vec<(String, &Value)> = schemas.iter().map(|(k, v)| (k.clone(), v)).collect();
        for (name, _) in &list {
            let key = self.key(name);
            self.taken.reserve(&key);
        }
        for (name, s) in list {
            if self.is_model(s) {
                let at = ptr("/components/schemas", &name);
                let key = self.key(&name);
                let s = match kind(s) {
                    Kind::Single(inner) => inner,
                    _ => s,
                };
                let def = self.model(s, &at, &key, Some(name.clone()));
                self.models.insert(key, def);
            }
        }
    }

    /// A model definition from an object, enum or union schema.
    fn model(&mut self, s: &Value, at: &str, key: &str, ovh_name: Option<String>) -> ModelSpec {
        let empty = Map::new();
        let obj = s.as_object().unwrap_or(&empty);
        let description = text(obj, "description").or_else(|| text(obj, "title"));
        let shape = match kind(s) {
            Kind::Enum => self.enum_shape(obj, at),
            Kind::Object => {
                let mut props = BTreeMap::new();
                let mut required = BTreeSet::new();
                if self.collect_props(s, at, key, &mut props, &mut required, 0) {
                    for name in required {
                        if let Some(p) = props.get_mut(&name) {
                            p.required = true;
                        }
                    }
                    ShapeSpec::Object(props)
                } else {
                    ShapeSpec::Untyped
                }
            }
            Kind::Union => self.union_shape(obj, at, key),
            _ => ShapeSpec::Untyped,
        };
        ModelSpec {
            ovh_name,
            description,
            generics: None,
            shape,
        }
    }

    /// A union: the parts of `oneOf` / `anyOf` (or of an OpenAPI 3.1 type list), each a
    /// variant whose type is read like any schema (inline parts are hoisted as
    /// `<key>Variant<n>`), tagged by `discriminator.propertyName` when there is one. A part
    /// that is only `null` is left out (the union is then nullable where it is used).
    fn union_shape(&mut self, obj: &Map<String, Value>, at: &str, key: &str) -> ShapeSpec {
        let (list_key, parts): (&str, Vec<Value>) = match ["oneOf", "anyOf"]
            .into_iter()
            .find_map(|k| obj.get(k).and_then(Value::as_array).map(|l| (k, l.clone())))
        {
            Some(found) => found,
            None => {
                let types = obj.get("type").and_then(Value::as_array).cloned();
                let parts = types
                    .unwrap_or_default()
                    .into_iter()
                    .map(|t| serde_json::json!({ "type": t }))
                    .collect();
                ("type", parts)
            }
        };
        let tag = obj
            .get("discriminator")
            .and_then(|d| d.get("propertyName"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let mapping: Vec<(String, String)> = obj
            .get("discriminator")
            .and_then(|d| d.get("mapping"))
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(v, r)| Some((v.clone(), r.as_str()?.to_string())))
                    .collect()
            })
            .unwrap_or_default();
        let mut variants = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            if part.get("type").and_then(Value::as_str) == Some("null") {
                continue;
            }
            let part_at = format!("{}/{i}", ptr(at, list_key));
            let ty = self.ty(part, &part_at, &format!("{key}Variant{}", i + 1), None);
            let tag_value = tag.as_ref().and_then(|_| tag_value(part, &mapping));
            variants.push(VariantSpec {
                ty: Typed {
                    ty,
                    at: part_at,
                    format: None,
                },
                tag_value,
            });
        }
        ShapeSpec::Union { tag, variants }
    }

    fn enum_shape(&mut self, obj: &Map<String, Value>, at: &str) -> ShapeSpec {
        let values: Vec<Value> = obj
            .get("enum")
            .and_then(Value::as_array)
            .map(|v| v.iter().filter(|x| !x.is_null()).cloned().collect())
            .unwrap_or_default();
        let wire = match obj.get("type").and_then(Value::as_str) {
            None | Some("string") => EnumWire::String,
            Some("integer") => EnumWire::Long,
            Some("number") => EnumWire::Double,
            Some(other) => {
                self.degrade(
                    ptr(at, "type"),
                    format!("enum of `{other}` values: generated as serde_json::Value"),
                );
                return ShapeSpec::Untyped;
            }
        };
        ShapeSpec::Enum { wire, values }
    }

    /// Gathers the properties of an object schema, following `allOf` parts and references.
    /// `false` when a part is not an object (the model is then untyped, reported).
    fn collect_props(
        &mut self,
        s: &Value,
        at: &str,
        key: &str,
        props: &mut BTreeMap<String, PropSpec>,
        required: &mut BTreeSet<String>,
        depth: usize,
    ) -> bool {
        if depth > 32 {
            self.degrade(at, "allOf nested too deep: generated as serde_json::Value");
            return false;
        }
        let empty = Map::new();
        let obj = s.as_object().unwrap_or(&empty);
        if let Kind::Ref(name) = kind(s) {
            return match self.schemas().and_then(|c| c.get(&name)) {
                Some(target) => {
                    let at = ptr("/components/schemas", &name);
                    self.collect_props(target, &at, key, props, required, depth + 1)
                }
                None => {
                    self.degrade(
                        ptr(at, "$ref"),
                        format!("unknown schema `{name}`: generated as serde_json::Value"),
                    );
                    false
                }
            };
        }
        if let Some(parts) = obj.get("allOf").and_then(Value::as_array) {
            for (i, part) in parts.iter().enumerate() {
                let part_at = format!("{}/{i}", ptr(at, "allOf"));
                if !self.collect_props(part, &part_at, key, props, required, depth + 1) {
                    return false;
                }
            }
        } else if !matches!(kind(s), Kind::Object | Kind::Map | Kind::Any) {
            self.degrade(
                at,
                "allOf of a part that is not an object: generated as serde_json::Value",
            );
            return false;
        }
        if let Some(list) = obj.get("required").and_then(Value::as_array) {
            required.extend(list.iter().filter_map(Value::as_str).map(str::to_string));
        }
        if let Some(map) = obj.get("properties").and_then(Value::as_object) {
            for (pname, p) in map {
                let p_at = ptr(&ptr(at, "properties"), pname);
                let prop = self.property(p, &p_at, key, pname);
                props.insert(pname.clone(), prop);
            }
        }
        if obj.get("properties").is_some_and(Value::is_object)
            && obj
                .get("additionalProperties")
                .is_some_and(|a| a.is_object() && a.as_object().is_some_and(|o| !o.is_empty()))
        {
            self.degrade(
                ptr(at, "additionalProperties"),
                "additional properties next to declared ones are not kept",
            );
        }
        true
    }

    fn property(&mut self, p: &Value, at: &str, parent: &str, pname: &str) -> PropSpec {
        let empty = Map::new();
        let obj = p.as_object().unwrap_or(&empty);
        let hint = format!("{parent}{}", naming::camel(pname));
        let ty = self.ty(p, at, &hint, Some(&format!("{parent}.{pname}")));
        PropSpec {
            ty: Typed {
                ty,
                at: at.to_string(),
                format: string_format(p),
            },
            can_be_null: nullable(obj),
            read_only: flag(obj, "readOnly"),
            required: false,
            description: text(obj, "description"),
        }
    }

    /// A hoisted model key close to `hint`, unique in this document.
    fn claim_key(&mut self, hint: &str) -> String {
        self.taken.claim(hint, false)
    }

    /// The type of a schema. Inline objects and enums become models keyed `hint` (a full key,
    /// `v2.iam.policy.ResponseConditions`); `origin` names the place for their docs.
    fn ty(&mut self, s: &Value, at: &str, hint: &str, origin: Option<&str>) -> TypeRef {
        match kind(s) {
            Kind::Ref(name) => self.reference(&name, at),
            Kind::BadRef(r) => {
                self.degrade(
                    ptr(at, "$ref"),
                    format!(
                        "reference `{r}` is not a component schema: generated as serde_json::Value"
                    ),
                );
                TypeRef::Any
            }
            Kind::Single(inner) => {
                let key = if s.get("allOf").is_some() {
                    "allOf"
                } else if s.get("oneOf").is_some() {
                    "oneOf"
                } else {
                    "anyOf"
                };
                self.ty(inner, &format!("{}/0", ptr(at, key)), hint, origin)
            }
            Kind::Object | Kind::Enum | Kind::Union => {
                let key = self.claim_key(hint);
                let shown = origin.map(|o| {
                    o.strip_prefix(&format!("{}.", self.ns))
                        .unwrap_or(o)
                        .to_string()
                });
                let mut def = self.model(s, at, &key, shown.clone());
                if def.description.is_none() {
                    def.description = shown.map(|o| format!("Inline schema of {o}."));
                }
                self.models.insert(key.clone(), def);
                TypeRef::Model {
                    name: key,
                    args: Vec::new(),
                }
            }
            Kind::Array => {
                let items = s.get("items").cloned().unwrap_or(Value::Object(Map::new()));
                let inner = self.ty(&items, &ptr(at, "items"), hint, origin);
                TypeRef::Array(Box::new(inner))
            }
            Kind::Map => match s.get("additionalProperties") {
                Some(v @ Value::Object(_)) => {
                    let value_hint = format!("{hint}Value");
                    let inner = self.ty(v, &ptr(at, "additionalProperties"), &value_hint, origin);
                    TypeRef::Map(Box::new(inner))
                }
                Some(Value::Bool(false)) => TypeRef::Any,
                _ => TypeRef::Map(Box::new(TypeRef::Any)),
            },
            Kind::Prim(p) => TypeRef::Prim(p),
            Kind::Any => TypeRef::Any,
            Kind::Unknown(t) => {
                self.degrade(
                    ptr(at, "type"),
                    format!("type `{t}` is not understood: generated as serde_json::Value"),
                );
                TypeRef::Any
            }
        }
    }

    /// A reference to a component: the model, or the aliased type itself.
    fn reference(&mut self, name: &str, at: &str) -> TypeRef {
        let Some(target) = self.schemas().and_then(|c| c.get(name)) else {
            self.degrade(
                ptr(at, "$ref"),
                format!("unknown schema `{name}`: generated as serde_json::Value"),
            );
            return TypeRef::Any;
        };
        if self.is_model(target) {
            return TypeRef::Model {
                name: self.key(name),
                args: Vec::new(),
            };
        }
        if !self.aliasing.insert(name.to_string()) {
            self.degrade(
                ptr(at, "$ref"),
                format!("schema `{name}` refers back to itself: generated as serde_json::Value"),
            );
            return TypeRef::Any;
        }
        let target_at = ptr("/components/schemas", name);
        let hint = self.key(name);
        let ty = self.ty(target, &target_at, &hint, Some(&hint));
        self.aliasing.remove(name);
        ty
    }

    /// Follows a `$ref` to `#/components/<section>/<name>` (parameters, request bodies,
    /// responses, examples), a few levels deep: the target and its JSON pointer. `None` (and
    /// reported) when the reference leads nowhere.
    fn deref(&mut self, v: &Value, at: &str) -> Option<(Value, String)> {
        let mut cur = v.clone();
        let mut cur_at = at.to_string();
        for _ in 0..8 {
            let Some(r) = cur.get("$ref").and_then(Value::as_str).map(str::to_string) else {
                return Some((cur, cur_at));
            };
            let target = r
                .strip_prefix('#')
                .and_then(|p| pointer(self.root, p).cloned());
            match target {
                Some(t) => {
                    cur = t;
                    cur_at = r.trim_start_matches('#').to_string();
                }
                None => {
                    self.degrade(
                        ptr(at, "$ref"),
                        format!("reference `{r}` leads nowhere: ignored"),
                    );
                    return None;
                }
            }
        }
        self.degrade(ptr(at, "$ref"), "references nested too deep: ignored");
        None
    }

    /// Name stem of an operation's hoisted schemas: its `operationId`, else its path (without
    /// placeholders and the API segment) and verb (`/iam/policy` GET → `PolicyGet`).
    fn op_stem(op: &Map<String, Value>, path: &str, api_seg: &str, method: HttpMethod) -> String {
        if let Some(id) = text(op, "operationId") {
            let c = naming::camel(&id);
            if !c.is_empty() {
                return c;
            }
        }
        let segs: String = path
            .split('/')
            .filter(|s| !s.is_empty() && !s.starts_with('{'))
            .skip_while(|s| *s == api_seg)
            .map(naming::camel)
            .collect();
        format!("{segs}{}", naming::type_name(method.as_str()))
    }

    /// One operation of a path item (`at` is its JSON pointer): its parameters and body, its
    /// success response, its description, lifecycle and IAM actions. `None` (and reported)
    /// when it is not an object.
    fn operation(
        &mut self,
        op: &Value,
        at: &str,
        method: HttpMethod,
        item: &PathItem,
    ) -> Option<OpSpec> {
        let Some(obj) = op.as_object() else {
            self.degrade(at, "an operation that is not an object: omitted");
            return None;
        };
        let stem = self.key(&format!(
            "{}.{}",
            item.api_seg,
            Self::op_stem(obj, item.path, item.api_seg, method)
        ));
        // The order of these reads is the order of what they report and of the model keys
        // they claim for hoisted schemas: parameters, body, response, then the rest.
        let (mut params, paginated) = self.op_params(obj, at, &stem, item.params);
        let mut examples = Vec::new();
        params.extend(self.request_body(obj, at, &stem, &mut examples));
        let response = self.response(obj, at, &stem, &mut examples);
        let description = op_description(obj);
        let (status, badges) = self.status(obj, badges(obj));
        let internal = badges
            .iter()
            .any(|b| b.to_ascii_lowercase().contains("internal use only"));
        let iam = self.iam_actions(obj, at);
        let no_auth = self.is_public(obj);
        Some(OpSpec {
            method,
            at: at.to_string(),
            status,
            no_auth,
            params,
            response,
            description,
            iam,
            paginated,
            badges,
            internal,
            examples,
        })
    }

    /// The named parameters of an operation, and whether it is cursor-paginated (it takes
    /// `X-Pagination-Cursor`, which the generated code drives instead of the caller).
    fn op_params(
        &mut self,
        obj: &Map<String, Value>,
        at: &str,
        stem: &str,
        item_params: &[(String, Value)],
    ) -> (Vec<ParamSpec>, bool) {
        let mut params = Vec::new();
        let mut paginated = false;
        for (p_at, p) in self.merged_params(obj, at, item_params) {
            match self.parameter(&p, &p_at, stem) {
                Param::Cursor => paginated = true,
                Param::Size | Param::Skip => {}
                Param::Spec(spec) => params.push(spec),
            }
        }
        (params, paginated)
    }

    /// The parameters that apply to an operation, dereferenced, each with its JSON pointer:
    /// the path item's, overridden by the operation's of the same name and place (as OpenAPI
    /// says); an overriding parameter takes its place among the operation's.
    fn merged_params(
        &mut self,
        obj: &Map<String, Value>,
        at: &str,
        item_params: &[(String, Value)],
    ) -> Vec<(String, Value)> {
        let own = indexed_params(obj, at);
        let id = |v: &Value| {
            (
                v.get("name").and_then(Value::as_str).map(str::to_string),
                v.get("in").and_then(Value::as_str).map(str::to_string),
            )
        };
        let mut merged: Vec<(String, Value)> = Vec::new();
        for (p_at, p) in item_params.iter().chain(own.iter()) {
            let Some((p, p_at)) = self.deref(p, p_at) else {
                continue;
            };
            merged.retain(|(_, q)| id(q) != id(&p));
            merged.push((p_at, p));
        }
        merged
    }

    /// The request body as parameters: on /1.0 an inline object is one named body parameter
    /// per property (the console's form); otherwise the unnamed body. Empty without one (or
    /// when its reference leads nowhere). Its examples are added to `examples`.
    fn request_body(
        &mut self,
        obj: &Map<String, Value>,
        at: &str,
        stem: &str,
        examples: &mut Vec<ExampleSpec>,
    ) -> Vec<ParamSpec> {
        let Some(body) = obj.get("requestBody") else {
            return Vec::new();
        };
        let Some((body, body_at)) = self.deref(body, &ptr(at, "requestBody")) else {
            return Vec::new();
        };
        if self.branch == Branch::V1 {
            if let Some(members) = self.body_members(&body, &body_at, stem) {
                return members;
            }
        }
        let required = body
            .get("required")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let description = body
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_string);
        let ty = self.content(&body, &body_at, &format!("{stem}Request"), true, examples);
        vec![ParamSpec {
            place: ParamPlace::Body,
            name: None,
            ty: Typed {
                ty,
                at: ptr(&body_at, "content"),
                format: None,
            },
            required,
            explode: false,
            description,
            at: body_at,
        }]
    }

    /// The members of an inline object body (its JSON schema has `properties` and is not a
    /// reference), as named body parameters in property order; `None` for any other body.
    fn body_members(&mut self, body: &Value, at: &str, stem: &str) -> Option<Vec<ParamSpec>> {
        let content = body.get("content").and_then(Value::as_object)?;
        let (media, m) = content
            .iter()
            .find(|(m, _)| m.starts_with("application/json"))?;
        let schema = m.get("schema")?;
        if !matches!(kind(schema), Kind::Object) || schema.get("allOf").is_some() {
            return None;
        }
        let s_at = ptr(&ptr(&ptr(at, "content"), media), "schema");
        let required: BTreeSet<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|l| l.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let props = schema.get("properties").and_then(Value::as_object)?;
        let mut out = Vec::new();
        for (name, p) in props {
            let p_at = ptr(&ptr(&s_at, "properties"), name);
            let prop = self.property(p, &p_at, stem, name);
            out.push(ParamSpec {
                place: ParamPlace::Body,
                name: Some(name.clone()),
                ty: prop.ty,
                required: required.contains(name.as_str()),
                explode: false,
                description: prop.description,
                at: p_at,
            });
        }
        Some(out)
    }

    /// Lifecycle from `deprecated`, OVH's deprecation extensions and the badges, and the
    /// badges left once those naming a lifecycle stage are taken as it (the label of that
    /// badge is the status description, like the console's `apiStatus.description`).
    fn status(&mut self, obj: &Map<String, Value>, badges: Vec<String>) -> (Status, Vec<String>) {
        let deprecated_date = text(obj, "x-deprecation-date");
        let deletion_date = text(obj, "x-deletion-date");
        let replacement = text(obj, "x-replacement-route");
        let (staged, others): (Vec<String>, Vec<String>) =
            badges.into_iter().partition(|b| stage_of(b).is_some());
        let strongest = staged
            .iter()
            .filter_map(|b| stage_of(b).map(|s| (s, b)))
            .max();
        let value = if flag(obj, "deprecated")
            || deprecated_date.is_some()
            || deletion_date.is_some()
            || replacement.is_some()
        {
            StatusValue::Deprecated
        } else {
            match strongest.map(|(s, _)| s) {
                Some(Stage::Deprecated) => StatusValue::Deprecated,
                Some(Stage::Alpha) => StatusValue::Alpha,
                Some(Stage::Beta) => StatusValue::Beta,
                Some(Stage::Production) | None => StatusValue::Production,
            }
        };
        let status = Status {
            value,
            description: strongest.map(|(_, b)| b.clone()),
            deprecated_date,
            deletion_date,
            replacement,
        };
        (status, others)
    }

    /// Whether an operation is public (sent unsigned): its `security` is an empty list; or it
    /// has none, the document has no top-level `security`, and other operations name one
    /// (OVH's /1.0 documents leave it out of public operations only). A document that
    /// describes no security at all is taken as signed throughout.
    fn is_public(&self, op: &Map<String, Value>) -> bool {
        match op.get("security").and_then(Value::as_array) {
            Some(list) => list.is_empty(),
            None => !self.root.contains_key("security") && self.describes_security(),
        }
    }

    /// Whether any operation of the document names a security requirement.
    fn describes_security(&self) -> bool {
        let non_empty = |v: &Value| v.as_array().is_some_and(|l| !l.is_empty());
        self.root
            .get("paths")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|p| p.values())
            .filter_map(Value::as_object)
            .flat_map(|item| METHODS.iter().filter_map(|m| item.get(*m)))
            .any(|op| op.get("security").is_some_and(non_empty))
    }

    fn iam_actions(&mut self, obj: &Map<String, Value>, at: &str) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        let Some(list) = obj.get("x-iam-actions") else {
            return out;
        };
        let Some(list) = list.as_array() else {
            self.degrade(ptr(at, "x-iam-actions"), "expected a list: ignored");
            return out;
        };
        for (i, a) in list.iter().enumerate() {
            match a {
                Value::String(name) => out.push((name.clone(), true)),
                Value::Object(o) => match text(o, "name") {
                    Some(name) => out.push((name, flag(o, "required"))),
                    None => self.degrade(
                        format!("{}/{i}", ptr(at, "x-iam-actions")),
                        "IAM action without a name: ignored",
                    ),
                },
                _ => self.degrade(
                    format!("{}/{i}", ptr(at, "x-iam-actions")),
                    "expected a name or an object: ignored",
                ),
            }
        }
        out
    }

    fn parameter(&mut self, p: &Value, at: &str, stem: &str) -> Param {
        let Some(obj) = p.as_object() else {
            self.degrade(at, "a parameter that is not an object: omitted");
            return Param::Skip;
        };
        let Some(name) = text(obj, "name") else {
            self.degrade(at, "a parameter without a name: omitted");
            return Param::Skip;
        };
        let place = match obj.get("in").and_then(Value::as_str) {
            Some("path") => ParamPlace::Path,
            Some("query") => ParamPlace::Query,
            Some("header") => {
                if name.eq_ignore_ascii_case("X-Pagination-Cursor") {
                    return Param::Cursor;
                }
                if name.eq_ignore_ascii_case("X-Pagination-Size") {
                    return Param::Size;
                }
                ParamPlace::Header
            }
            other => {
                self.degrade(
                    ptr(at, "in"),
                    format!(
                        "parameter place {} is not supported: parameter omitted",
                        other.map_or("(none)".to_string(), |p| format!("`{p}`"))
                    ),
                );
                return Param::Skip;
            }
        };
        let hint = format!("{stem}{}", naming::camel(&name));
        let format = obj.get("schema").and_then(string_format);
        let (ty, ty_at) = if let Some(schema) = obj.get("schema") {
            let s_at = ptr(at, "schema");
            (self.ty(schema, &s_at, &hint, None), s_at)
        } else if let Some(content) = obj.get("content").and_then(Value::as_object) {
            match content.iter().next() {
                Some((media, m)) => {
                    let s_at = ptr(&ptr(&ptr(at, "content"), media), "schema");
                    let schema = m.get("schema").cloned().unwrap_or(Value::Null);
                    (self.ty(&schema, &s_at, &hint, None), s_at)
                }
                None => (TypeRef::Any, ptr(at, "content")),
            }
        } else {
            self.degrade(at, "a parameter without a schema: sent as any JSON value");
            (TypeRef::Any, at.to_string())
        };
        // Query defaults: style `form`, and explode when the style is `form`.
        let style = text(obj, "style");
        // /1.0 takes lists comma-separated (as the console format sends them) unless the
        // document says `explode: true`.
        let explode_default =
            self.branch == Branch::V2 && style.as_deref().is_none_or(|s| s == "form");
        let explode = obj
            .get("explode")
            .and_then(Value::as_bool)
            .unwrap_or(explode_default);
        let explode = match (place, style.as_deref()) {
            (ParamPlace::Query, None | Some("form")) => explode,
            (ParamPlace::Query, Some(other)) => {
                self.degrade(
                    ptr(at, "style"),
                    format!("query style `{other}` is not supported: sent comma-separated"),
                );
                false
            }
            _ => false,
        };
        Param::Spec(ParamSpec {
            place,
            required: place == ParamPlace::Path || flag(obj, "required"),
            description: text(obj, "description"),
            ty: Typed {
                ty,
                at: ty_at,
                format,
            },
            explode,
            at: at.to_string(),
            name: Some(name),
        })
    }

    /// The type of a request body or response `content`: its JSON media type's schema.
    /// Examples found there are added to `examples`.
    fn content(
        &mut self,
        holder: &Value,
        at: &str,
        hint: &str,
        request: bool,
        examples: &mut Vec<ExampleSpec>,
    ) -> TypeRef {
        let Some(content) = holder.get("content").and_then(Value::as_object) else {
            return TypeRef::Void;
        };
        let media = content
            .iter()
            .find(|(m, _)| m.starts_with("application/json"))
            .or_else(|| content.iter().find(|(m, _)| m.contains("json")));
        let Some((media, m)) = media else {
            if let Some((media, _)) = content.iter().next() {
                self.degrade(
                    ptr(&ptr(at, "content"), media),
                    format!("media type `{media}` is not JSON: generated as serde_json::Value"),
                );
            }
            return TypeRef::Any;
        };
        let m_at = ptr(&ptr(at, "content"), media);
        let ty = match m.get("schema") {
            Some(schema) => self.ty(schema, &ptr(&m_at, "schema"), hint, None),
            None => TypeRef::Any,
        };
        if let Some(v) = m.get("example") {
            examples.push(ExampleSpec {
                name: "example".into(),
                at: ptr(&m_at, "example"),
                request,
                value: v.clone(),
            });
        }
        if let Some(map) = m.get("examples").and_then(Value::as_object) {
            for (name, e) in map {
                let e_at = ptr(&ptr(&m_at, "examples"), name);
                let Some((e, e_at)) = self.deref(e, &e_at) else {
                    continue;
                };
                if let Some(v) = e.get("value") {
                    examples.push(ExampleSpec {
                        name: name.clone(),
                        at: ptr(&e_at, "value"),
                        request,
                        value: v.clone(),
                    });
                }
            }
        }
        ty
    }

    /// The success response (the lowest 2xx status) and its type; `()` without content.
    fn response(
        &mut self,
        obj: &Map<String, Value>,
        at: &str,
        stem: &str,
        examples: &mut Vec<ExampleSpec>,
    ) -> Typed {
        let r_at = ptr(at, "responses");
        let responses = obj.get("responses").and_then(Value::as_object);
        let success = responses.and_then(|r| {
            r.iter()
                .filter(|(code, _)| code.starts_with('2'))
                .min_by_key(|(code, _)| code.to_string())
        });
        let Some((code, r)) = success else {
            self.degrade(
                r_at.clone(),
                "no success (2xx) response: decoded as serde_json::Value",
            );
            return Typed {
                ty: TypeRef::Any,
                at: r_at,
                format: None,
            };
        };
        let at = ptr(&r_at, code);
        let Some((r, at)) = self.deref(r, &at) else {
            return Typed {
                ty: TypeRef::Any,
                at,
                format: None,
            };
        };
        let ty = if code == "204" {
            TypeRef::Void
        } else {
            self.content(&r, &at, &format!("{stem}Response"), false, examples)
        };
        Typed {
            ty,
            at,
            format: None,
        }
    }

    fn paths(&mut self, branch: &str, api_seg: &str) -> Vec<PathSpec> {
        let Some(paths) = self.root.get("paths").and_then(Value::as_object) else {
            self.degrade("/paths", "no `paths` object: no operations");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (path, item) in paths {
            let at = ptr("/paths", path);
            let Some(item) = item.as_object() else {
                self.degrade(at, "a path item that is not an object: omitted");
                continue;
            };
            let item_params = indexed_params(item, &at);
            let shared = PathItem {
                path,
                api_seg,
                params: &item_params,
            };
            let mut ops = Vec::new();
            for m in item.keys() {
                if OTHER_METHODS.contains(&m.as_str()) {
                    self.degrade(
                        ptr(&at, m),
                        format!(
                            "HTTP method `{}` is not supported: operation omitted (use a raw call)",
                            m.to_ascii_uppercase()
                        ),
                    );
                }
            }
            for m in METHODS {
                let Some(op) = item.get(*m) else { continue };
                let op_at = ptr(&at, m);
                let method = HttpMethod::parse(m).unwrap_or(HttpMethod::Get);
                if let Some(op) = self.operation(op, &op_at, method, &shared) {
                    ops.push(op);
                }
            }
            out.push(PathSpec {
                template: format!("{branch}{path}"),
                at,
                ops,
            });
        }
        out
    }
}

/// What the operations of one path item share.
struct PathItem<'p> {
    /// Its path, as the document writes it (`/iam/policy/{policyId}`).
    path: &'p str,
    /// The API's segment, left out of the names of hoisted schemas.
    api_seg: &'p str,
    /// Its `parameters`, not dereferenced, each with its JSON pointer.
    params: &'p [(String, Value)],
}

/// The `parameters` list of a path item or operation at `at`, each entry with its JSON
/// pointer; empty when there is none.
fn indexed_params(obj: &Map<String, Value>, at: &str) -> Vec<(String, Value)> {
    obj.get("parameters")
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .enumerate()
                .map(|(i, p)| (format!("{}/{i}", ptr(at, "parameters")), p.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// An operation's description: its summary, then its description when it says more.
fn op_description(obj: &Map<String, Value>) -> Option<String> {
    match (text(obj, "summary"), text(obj, "description")) {
        (Some(s), Some(d)) if s.trim() != d.trim() => Some(format!("{s}\n\n{d}")),
        (s, d) => s.or(d),
    }
}

/// The labels of an operation's `x-badges` (`Beta`, `Internal use only`): plain strings, or
/// objects with a `label` or `name`.
fn badges(obj: &Map<String, Value>) -> Vec<String> {
    obj.get("x-badges")
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(|b| match b {
                    Value::String(s) => Some(s.clone()),
                    Value::Object(o) => text(o, "label").or_else(|| text(o, "name")),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The tag value naming a union part: the `discriminator.mapping` key whose reference is the
/// part's, else (OpenAPI's implicit mapping) the name of the schema it refers to; `None` for
/// an inline part.
fn tag_value(part: &Value, mapping: &[(String, String)]) -> Option<String> {
    let r = part.get("$ref").and_then(Value::as_str)?;
    if let Some((value, _)) = mapping.iter().find(|(_, target)| target == r) {
        return Some(value.clone());
    }
    let name = r.strip_prefix("#/components/schemas/")?;
    Some(name.replace("~1", "/").replace("~0", "~"))
}

/// A lifecycle stage a badge names (ordered: the strongest wins).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Production,
    Beta,
    Alpha,
    Deprecated,
}

/// The stage a badge label names (`Stable production version`, `Beta version`, `Alpha
/// version`, `Deprecated, will be removed`); `None` for other badges (`Internal use only`).
fn stage_of(label: &str) -> Option<Stage> {
    let l = label.to_ascii_lowercase();
    if l.contains("deprecated") {
        Some(Stage::Deprecated)
    } else if l.contains("alpha") {
        Some(Stage::Alpha)
    } else if l.contains("beta") {
        Some(Stage::Beta)
    } else if l.contains("production") || l.contains("stable") {
        Some(Stage::Production)
    } else {
        None
    }
}

/// What a parameter becomes.
enum Param {
    /// A parameter of the operation.
    Spec(ParamSpec),
    /// `X-Pagination-Cursor`: the operation is a cursor-paginated list.
    Cursor,
    /// `X-Pagination-Size`: set with `.page_size(n)`.
    Size,
    /// Omitted (reported).
    Skip,
}
