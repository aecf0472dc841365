//! Operations: `paths` read into operations, their parameters, bodies, responses, status and
//! IAM actions.

use serde_json::{Map, Value};
use std::collections::BTreeSet;

use super::{flag, kind, ptr, string_format, text, Doc, Kind, METHODS, OTHER_METHODS};
use crate::frontend::Branch;
use crate::ir::{
    ExampleSpec, HttpMethod, IamAction, OpSpec, ParamPlace, ParamSpec, PathSpec, Status,
    StatusValue, Typed,
};
use crate::naming;
use crate::types::TypeRef;

impl<'a> Doc<'a> {
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

    fn iam_actions(&mut self, obj: &Map<String, Value>, at: &str) -> Vec<IamAction> {
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
                Value::String(name) => out.push(IamAction::required(name.clone())),
                Value::Object(o) => match text(o, "name") {
                    Some(name) => out.push(IamAction {
                        action: name,
                        required: flag(o, "required"),
                    }),
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
        let explode = self.explode(obj, place, at);
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

    /// Whether a list parameter is sent as repeated pairs (`a=1&a=2`) rather than
    /// comma-separated: query defaults are style `form`, exploded when the style is `form`.
    fn explode(&mut self, obj: &Map<String, Value>, place: ParamPlace, at: &str) -> bool {
        let style = text(obj, "style");
        // /1.0 takes lists comma-separated (as the console format sends them) unless the
        // document says `explode: true`.
        let explode_default =
            self.branch == Branch::V2 && style.as_deref().is_none_or(|s| s == "form");
        let explode = obj
            .get("explode")
            .and_then(Value::as_bool)
            .unwrap_or(explode_default);
        match (place, style.as_deref()) {
            (ParamPlace::Query, None | Some("form")) => explode,
            (ParamPlace::Query, Some(other)) => {
                self.degrade(
                    ptr(at, "style"),
                    format!("query style `{other}` is not supported: sent comma-separated"),
                );
                false
            }
            _ => false,
        }
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

    pub(super) fn paths(&mut self, branch: &str, api_seg: &str) -> Vec<PathSpec> {
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
