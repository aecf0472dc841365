//! The OVH API console format (/1.0): `index.json` listing the APIs, then one `<api>.json`
//! per API with `apis` (paths and their `operations`) and `models`.
//!
//! Every key is read on its own, so an unknown key is ignored, and a value of an unexpected
//! type degrades only the item holding it. Keys read: operations' `httpMethod`, `apiStatus`,
//! `noAuthentication`, `parameters`, `responseType` (or the more precise `responseFullType`),
//! `description`, `iamActions` (names or `{name, required}` objects); parameters' `paramType`,
//! `name`, `dataType` / `fullType`, `required`, `description`; models' `description`,
//! `generics`, `properties`, `enum`, `enumType`. Others (`longDescription`, `errors`,
//! `scopes`, `operationId`, `errorValue`, ...) are ignored.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::ir::{
    ApiSpec, Degraded, EnumWire, HttpMethod, IamAction, ModelSpec, OpSpec, ParamPlace, ParamSpec,
    PathSpec, PropSpec, ShapeSpec, Status, StatusValue, Typed,
};
use crate::types::{self, Prim, TypeRef};

/// Reads `index.json`: the API paths it lists, in its order, each checked to be a plain
/// path inside the folder (`/dedicated/server`).
pub fn read_index(index_file: &Path) -> Result<Vec<String>> {
    let index = read_json(index_file)?;
    let entries = index
        .get("apis")
        .and_then(Value::as_array)
        .ok_or_else(|| Error::Json {
            file: index_file.to_path_buf(),
            location: "apis".into(),
            message: "the index has no `apis` list".into(),
        })?;
    let mut out = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let path = entry
            .get("path")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::Json {
                file: index_file.to_path_buf(),
                location: format!("apis[{i}].path"),
                message: "an API entry has no `path` string".into(),
            })?;
        let rel = path.trim_start_matches('/');
        if rel.is_empty()
            || rel
                .split('/')
                .any(|s| s.is_empty() || s == "." || s == ".." || s.contains('\\'))
        {
            return Err(Error::Invalid {
                file: index_file.to_path_buf(),
                location: format!("apis[{i}].path"),
                message: format!("API path `{path}` is not a plain path"),
            });
        }
        out.push(path.to_string());
    }
    Ok(out)
}

/// Reads one console API file (`json`, read from `path`, reported as `file`) as the API
/// `api_path`, recording what it degrades.
pub fn read_api(
    path: &Path,
    json: &Value,
    file: &str,
    api_path: &str,
    degraded: &mut Vec<Degraded>,
) -> Result<ApiSpec> {
    let mut reader = Reader { file, degraded };
    let (paths, models) = reader.api_file(path, json)?;
    Ok(ApiSpec {
        path: api_path.to_string(),
        file: file.to_string(),
        paths,
        models,
        version: None,
        format: crate::ir::Format::Console,
    })
}

/// Reads a file as JSON; not JSON at all is the one reading error.
pub fn read_json(file: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(file).map_err(|source| Error::Io {
        file: file.to_path_buf(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|e| Error::Json {
        file: file.to_path_buf(),
        location: String::new(),
        message: e.to_string(),
    })
}

/// Reads one API file, recording what it degrades.
struct Reader<'a> {
    file: &'a str,
    degraded: &'a mut Vec<Degraded>,
}

impl Reader<'_> {
    fn degrade(&mut self, at: impl Into<String>, what: impl Into<String>) {
        self.degraded.push(Degraded {
            file: self.file.to_string(),
            at: at.into(),
            what: what.into(),
        });
    }

    #[allow(clippy::type_complexity)]
    fn api_file(
        &mut self,
        path: &Path,
        json: &Value,
    ) -> Result<(Vec<PathSpec>, BTreeMap<String, ModelSpec>)> {
        let Some(obj) = json.as_object() else {
            return Err(Error::Json {
                file: path.to_path_buf(),
                location: String::new(),
                message: format!("expected a JSON object, found {}", kind(json)),
            });
        };
        let paths = self
            .list(obj, "apis", "")
            .iter()
            .enumerate()
            .filter_map(|(i, p)| self.path(p, format!("apis[{i}]")))
            .collect();
        let mut models = BTreeMap::new();
        match obj.get("models") {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                for (name, def) in map {
                    let spec = self.model(name, def);
                    models.insert(name.clone(), spec);
                }
            }
            Some(other) => self.degrade(
                "models",
                format!("expected an object, found {}: no models read", kind(other)),
            ),
        }
        Ok((paths, models))
    }

    /// The array under `key`, or nothing (degraded when it is there but not an array).
    fn list<'v>(&mut self, obj: &'v Map<String, Value>, key: &str, at: &str) -> &'v [Value] {
        match obj.get(key) {
            None | Some(Value::Null) => &[],
            Some(Value::Array(items)) => items,
            Some(other) => {
                self.degrade(
                    join(at, key),
                    format!("expected a list, found {}: ignored", kind(other)),
                );
                &[]
            }
        }
    }

    /// An optional string; a value of another type is ignored and reported.
    fn text(&mut self, obj: &Map<String, Value>, key: &str, at: &str) -> Option<String> {
        match obj.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                self.degrade(
                    join(at, key),
                    format!("expected a string, found {}: ignored", kind(other)),
                );
                None
            }
        }
    }

    /// An optional boolean, `false` when absent; other types are reported.
    fn flag(&mut self, obj: &Map<String, Value>, key: &str, at: &str) -> bool {
        match obj.get(key) {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.degrade(
                    join(at, key),
                    format!("expected a boolean, found {}: taken as false", kind(other)),
                );
                false
            }
        }
    }

    /// A type read from the first of `keys` present; unreadable or missing → any JSON value.
    fn typed(
        &mut self,
        obj: &Map<String, Value>,
        keys: &[&str],
        generics: &[String],
        at: &str,
    ) -> Typed {
        let found = keys
            .iter()
            .find_map(|k| obj.get(*k).filter(|v| !v.is_null()).map(|v| (*k, v)));
        let Some((key, value)) = found else {
            self.degrade(
                join(at, keys[0]),
                "no type given: generated as serde_json::Value",
            );
            return Typed {
                ty: TypeRef::Any,
                at: join(at, keys[0]),
                format: None,
            };
        };
        let at = join(at, key);
        let ty = match value.as_str().map(|t| types::parse(t, generics)) {
            Some(Ok(ty)) => ty,
            Some(Err(e)) => {
                self.degrade(
                    &at,
                    format!(
                        "type `{}` is not understood: generated as serde_json::Value",
                        e.name
                    ),
                );
                TypeRef::Any
            }
            None => {
                self.degrade(
                    &at,
                    format!(
                        "expected a type name, found {}: generated as serde_json::Value",
                        kind(value)
                    ),
                );
                TypeRef::Any
            }
        };
        let format = match ty {
            TypeRef::Any => None,
            _ => value.as_str().and_then(types::StrFormat::of_type_name),
        };
        Typed { ty, at, format }
    }

    fn path(&mut self, value: &Value, at: String) -> Option<PathSpec> {
        let obj = value.as_object();
        let template = obj.and_then(|o| o.get("path")).and_then(Value::as_str);
        let (Some(obj), Some(template)) = (obj, template) else {
            self.degrade(at, "a path entry without a `path` string: omitted");
            return None;
        };
        let ops = self
            .list(obj, "operations", &at)
            .iter()
            .enumerate()
            .filter_map(|(i, op)| self.operation(op, format!("{at}.operations[{i}]")))
            .collect();
        Some(PathSpec {
            template: template.to_string(),
            at,
            ops,
        })
    }

    fn operation(&mut self, value: &Value, at: String) -> Option<OpSpec> {
        let Some(obj) = value.as_object() else {
            self.degrade(
                at,
                format!("expected an object, found {}: omitted", kind(value)),
            );
            return None;
        };
        let method = match obj.get("httpMethod") {
            Some(Value::String(m)) => match HttpMethod::parse(m) {
                Some(method) => method,
                None => {
                    self.degrade(
                        format!("{at}.httpMethod"),
                        format!("HTTP method `{m}` is not supported: operation omitted (use a raw call)"),
                    );
                    return None;
                }
            },
            _ => {
                self.degrade(
                    format!("{at}.httpMethod"),
                    "no HTTP method: operation omitted",
                );
                return None;
            }
        };
        let status = self.status(obj, &at);
        let no_auth = self.flag(obj, "noAuthentication", &at);
        let params = self
            .list(obj, "parameters", &at)
            .iter()
            .enumerate()
            .filter_map(|(i, p)| self.parameter(p, format!("{at}.parameters[{i}]")))
            .collect();
        // `responseFullType` is the precise form when present, like `fullType` on parameters.
        let response = self.typed(obj, &["responseFullType", "responseType"], &[], &at);
        let description = self.text(obj, "description", &at);
        let iam = self.iam_actions(obj, &at);
        Some(OpSpec {
            method,
            at,
            status,
            no_auth,
            params,
            response,
            description,
            iam,
            paginated: false,
            badges: Vec::new(),
            internal: false,
            examples: Vec::new(),
        })
    }

    fn status(&mut self, op: &Map<String, Value>, at: &str) -> Status {
        let at = join(at, "apiStatus");
        let Some(obj) = op.get("apiStatus").and_then(Value::as_object) else {
            return Status::default();
        };
        let value = match self.text(obj, "value", &at) {
            None => StatusValue::Production,
            Some(v) => match v.to_ascii_uppercase().as_str() {
                "PRODUCTION" => StatusValue::Production,
                "BETA" => StatusValue::Beta,
                "ALPHA" => StatusValue::Alpha,
                "DEPRECATED" => StatusValue::Deprecated,
                _ => {
                    self.degrade(
                        join(&at, "value"),
                        format!("unknown status `{v}`: taken as PRODUCTION"),
                    );
                    StatusValue::Production
                }
            },
        };
        Status {
            value,
            description: self.text(obj, "description", &at),
            deprecated_date: self.text(obj, "deprecatedDate", &at),
            deletion_date: self.text(obj, "deletionDate", &at),
            replacement: self.text(obj, "replacement", &at),
        }
    }

    fn iam_actions(&mut self, op: &Map<String, Value>, at: &str) -> Vec<IamAction> {
        let at = join(at, "iamActions");
        let mut out = Vec::new();
        let items = match op.get("iamActions") {
            None | Some(Value::Null) => return out,
            Some(Value::Array(items)) => items,
            Some(other) => {
                self.degrade(
                    at,
                    format!("expected a list, found {}: ignored", kind(other)),
                );
                return out;
            }
        };
        for (i, item) in items.iter().enumerate() {
            match item {
                Value::String(name) => out.push(IamAction::required(name.clone())),
                Value::Object(a) => match a.get("name").and_then(Value::as_str) {
                    Some(name) => out.push(IamAction {
                        action: name.to_string(),
                        required: a.get("required").and_then(Value::as_bool).unwrap_or(false),
                    }),
                    None => {
                        self.degrade(format!("{at}[{i}]"), "IAM action without a name: ignored")
                    }
                },
                other => self.degrade(
                    format!("{at}[{i}]"),
                    format!(
                        "expected a name or an object, found {}: ignored",
                        kind(other)
                    ),
                ),
            }
        }
        out
    }

    fn parameter(&mut self, value: &Value, at: String) -> Option<ParamSpec> {
        let Some(obj) = value.as_object() else {
            self.degrade(
                at,
                format!(
                    "expected an object, found {}: parameter omitted",
                    kind(value)
                ),
            );
            return None;
        };
        let place = match obj.get("paramType").and_then(Value::as_str) {
            Some("path") => ParamPlace::Path,
            Some("query") => ParamPlace::Query,
            Some("body") => ParamPlace::Body,
            other => {
                self.degrade(
                    format!("{at}.paramType"),
                    format!(
                        "parameter place {} is not supported: parameter omitted",
                        other.map_or("(none)".to_string(), |p| format!("`{p}`"))
                    ),
                );
                return None;
            }
        };
        let name = self.text(obj, "name", &at);
        // `fullType` is the precise form when present (it spells out generic arguments).
        let ty = self.typed(obj, &["fullType", "dataType"], &[], &at);
        Some(ParamSpec {
            place,
            name,
            required: self.flag(obj, "required", &at),
            explode: false,
            description: self.text(obj, "description", &at),
            ty,
            at,
        })
    }

    /// The model at `models[key]`: its description, generic parameters and shape. Anything
    /// unreadable becomes an untyped model (reported), never an error.
    fn model(&mut self, key: &str, value: &Value) -> ModelSpec {
        let at = format!("models[{key:?}]");
        let Some(obj) = value.as_object() else {
            self.degrade(
                &at,
                format!(
                    "expected an object, found {}: generated as serde_json::Value",
                    kind(value)
                ),
            );
            return ModelSpec {
                ovh_name: None,
                description: None,
                generics: None,
                shape: ShapeSpec::Untyped,
            };
        };
        let description = self.text(obj, "description", &at);
        let generics = self.generics(obj, &at);
        let in_scope = type_params_in_scope(key, generics.as_deref());
        let shape = self.shape(obj, &at, &in_scope);
        ModelSpec {
            ovh_name: None,
            description,
            generics,
            shape,
        }
    }

    /// A model's `generics`: its list of type parameter names, `None` when absent (or not a
    /// list of names, reported).
    fn generics(&mut self, obj: &Map<String, Value>, at: &str) -> Option<Vec<String>> {
        match obj.get("generics") {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => Some(
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect::<Vec<_>>(),
            ),
            Some(other) => {
                self.degrade(
                    join(at, "generics"),
                    format!("expected a list of names, found {}: ignored", kind(other)),
                );
                None
            }
        }
    }

    /// A model's shape: an enum when it has `enum`, else a struct when it has `properties`,
    /// else (reported) untyped. `in_scope`: the names its properties may use as type
    /// parameters.
    fn shape(&mut self, obj: &Map<String, Value>, at: &str, in_scope: &[String]) -> ShapeSpec {
        if let Some(values) = obj.get("enum").filter(|v| !v.is_null()) {
            self.enum_shape(obj, values, at)
        } else if let Some(props) = obj.get("properties").filter(|v| !v.is_null()) {
            self.object_shape(props, at, in_scope)
        } else {
            self.degrade(
                at,
                "model has neither `properties` nor `enum`: generated as serde_json::Value",
            );
            ShapeSpec::Untyped
        }
    }

    /// An enum model whose `enum` is `values`; untyped (reported) when that is not a list.
    fn enum_shape(&mut self, obj: &Map<String, Value>, values: &Value, at: &str) -> ShapeSpec {
        match values.as_array() {
            Some(values) => ShapeSpec::Enum {
                wire: self.enum_wire(obj, at),
                values: values.clone(),
            },
            None => {
                self.degrade(
                    join(at, "enum"),
                    format!(
                        "expected a list of values, found {}: generated as serde_json::Value",
                        kind(values)
                    ),
                );
                ShapeSpec::Untyped
            }
        }
    }

    /// A struct model whose `properties` is `props`; untyped (reported) when that is not an
    /// object.
    fn object_shape(&mut self, props: &Value, at: &str, in_scope: &[String]) -> ShapeSpec {
        match props.as_object() {
            Some(props) => ShapeSpec::Object(
                props
                    .iter()
                    .map(|(name, p)| {
                        let at = format!("{at}.properties[{name:?}]");
                        (name.clone(), self.property(p, in_scope, &at))
                    })
                    .collect(),
            ),
            None => {
                self.degrade(
                    join(at, "properties"),
                    format!(
                        "expected an object, found {}: generated as serde_json::Value",
                        kind(props)
                    ),
                );
                ShapeSpec::Untyped
            }
        }
    }

    /// The wire type of an enum's values from `enumType`: a primitive, or another enum model.
    fn enum_wire(&mut self, obj: &Map<String, Value>, at: &str) -> EnumWire {
        let Some(name) = self.text(obj, "enumType", at) else {
            return EnumWire::String;
        };
        let name = name.trim();
        match types::primitive(name) {
            Some(Prim::String | Prim::Password | Prim::DateTime | Prim::Date) => EnumWire::String,
            Some(Prim::Long) => EnumWire::Long,
            Some(Prim::Double) => EnumWire::Double,
            Some(Prim::Bool) => EnumWire::Unknown(name.to_string()),
            None => match name {
                "int" | "integer" => EnumWire::Long,
                "float" | "number" => EnumWire::Double,
                _ => EnumWire::Enum(name.to_string()),
            },
        }
    }

    fn property(&mut self, value: &Value, generics: &[String], at: &str) -> PropSpec {
        let Some(obj) = value.as_object() else {
            self.degrade(
                at,
                format!(
                    "expected an object, found {}: generated as serde_json::Value",
                    kind(value)
                ),
            );
            return PropSpec {
                ty: Typed {
                    ty: TypeRef::Any,
                    at: at.to_string(),
                    format: None,
                },
                can_be_null: true,
                read_only: false,
                required: false,
                description: None,
            };
        };
        // `fullType` is the precise form when present (it spells out generic arguments).
        PropSpec {
            ty: self.typed(obj, &["fullType", "type"], generics, at),
            can_be_null: self.flag(obj, "canBeNull", at),
            read_only: self.flag(obj, "readOnly", at),
            required: self.flag(obj, "required", at),
            description: self.text(obj, "description", at),
        }
    }
}

/// Names usable as type parameters in the properties of a generic definition: the declared
/// list, or, when it is declared empty, the arguments the key spells out
/// (`complexType.UnitAndValue<T>` → `T`). None for a definition that is not generic.
fn type_params_in_scope(key: &str, generics: Option<&[String]>) -> Vec<String> {
    match generics {
        None => Vec::new(),
        Some(g) if !g.is_empty() => g.to_vec(),
        Some(_) => key
            .split_once('<')
            .map(|(_, rest)| {
                rest.trim_end_matches('>')
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// `at.key`, or `key` at the top level.
fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_string()
    } else {
        format!("{at}.{key}")
    }
}

/// The JSON kind of a value, for messages.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
