//! Schemas: `components.schemas` and every schema met in a parameter, body or response, read
//! into models (objects, enums, unions) and types.

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

use super::{flag, kind, nullable, pointer, ptr, string_format, text, Doc, Kind};
use crate::ir::{EnumWire, ModelSpec, PropSpec, ShapeSpec, Typed, VariantSpec};
use crate::naming;
use crate::types::TypeRef;

impl<'a> Doc<'a> {
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
    pub(super) fn components(&mut self) {
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

    pub(super) fn property(&mut self, p: &Value, at: &str, parent: &str, pname: &str) -> PropSpec {
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
    pub(super) fn ty(&mut self, s: &Value, at: &str, hint: &str, origin: Option<&str>) -> TypeRef {
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
    pub(super) fn deref(&mut self, v: &Value, at: &str) -> Option<(Value, String)> {
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
