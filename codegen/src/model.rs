//! The intermediate model: everything the emitters need, with Rust names chosen, duplicates
//! merged, features computed, and every type reference checked.
//!
//! Rules decided here (also in README.md):
//! * **Duplicate models** (same full name in several API files, not always identical): merged
//!   into one Rust item. Properties: union; when a property's type differs, the first API in
//!   index order wins (the catch-all variant of enums keeps other values decodable); nullable if
//!   nullable anywhere or missing anywhere; read-only if read-only anywhere. Enums: union
//!   of values in first-seen order. Description: first non-empty.
//! * **Generic models** `ns.Name<T>` become one generic item `Name<T>`; the console's instantiated
//!   copies (`ns.Name<long>`) are not separate items, references use `Name<i64>`.
//! * **Name collisions** (models equal but for case, `hosting.PrivateDatabase` vs
//!   `hosting.privateDatabase`): namespaces map to the same module; inside a module the name
//!   spelled closest to Rust conventions keeps the plain name, others get a numeric suffix.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::naming::{self, Scope};
use crate::schema::{self, HttpMethod, LoadedApi, ModelDef, ParamType, StatusValue};
use crate::types::{self, Prim, TypeRef};

/// Type names that would shadow the prelude or derive macros inside a model module.
const SHADOWING: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "ToString",
    "ToOwned",
    "Into",
    "From",
    "TryFrom",
    "TryInto",
    "AsRef",
    "AsMut",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "Serialize",
    "Deserialize",
    "Unpin",
    "BTreeMap",
    "Self",
];

/// One API of the index.
#[derive(Debug, Clone)]
pub struct Api {
    /// `/dedicated/server`
    pub path: String,
    /// `dedicated/server.json`
    pub file: String,
    /// Cargo feature: `dedicated-server`
    pub feature: String,
    /// Module under `api`: `dedicated_server`
    pub module: String,
    /// Root node of the API in the path tree (absent when the API has no paths).
    pub root: Option<usize>,
}

/// A model, ready to emit.
#[derive(Debug, Clone)]
pub struct Model {
    /// Full schema name without generic arguments (`complexType.UnitAndValue`).
    pub wire: String,
    /// Module path under `models` (`["complex_type"]`).
    pub module: Vec<String>,
    /// Rust type name.
    pub name: String,
    /// Description from the schema.
    pub description: Option<String>,
    /// Struct or enum.
    pub kind: ModelKind,
    /// APIs (indexes) whose feature compiles this model.
    pub apis: BTreeSet<usize>,
    /// APIs (indexes) whose file defines this model.
    pub files: BTreeSet<usize>,
}

/// Shape of a model.
#[derive(Debug, Clone)]
pub enum ModelKind {
    /// An object.
    Struct {
        /// Generic parameter names.
        generics: Vec<String>,
        /// Fields, sorted by wire name.
        fields: Vec<Field>,
    },
    /// An enum of strings.
    StringEnum {
        /// Known values.
        variants: Vec<(String, String)>,
        /// Name of the catch-all variant.
        other: String,
    },
    /// An enum of numbers (`enumType: long`).
    LongEnum {
        /// Known values.
        variants: Vec<(String, i64)>,
        /// Name of the catch-all variant.
        other: String,
    },
}

/// A struct field (model property).
#[derive(Debug, Clone)]
pub struct Field {
    /// Wire name.
    pub wire: String,
    /// Rust name.
    pub name: String,
    /// Type.
    pub ty: TypeRef,
    /// Emitted as `Option<T>`, skipped when `None`.
    pub optional: bool,
    /// Emitted with `#[serde(default)]` (plain primitive/collection the API may omit).
    pub default: bool,
    /// Read-only property.
    pub read_only: bool,
    /// Emitted as `Box<T>`: the type contains the struct itself (recursive model).
    pub boxed: bool,
    /// Description.
    pub description: Option<String>,
}

/// One segment of a path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Segment {
    /// The client itself.
    Root,
    /// A fixed segment.
    Literal(String),
    /// A `{name}` placeholder.
    Param(String),
}

/// How a path parameter value is accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamKind {
    /// One known type.
    Typed(TypeRef),
    /// Operations disagree on the type: anything `Display`.
    Display,
}

/// A node of the path tree.
#[derive(Debug, Clone)]
pub struct Node {
    /// Its segment.
    pub segment: Segment,
    /// Template prefix up to this node (`/me/bill/{billId}`).
    pub path: String,
    /// Parent node.
    pub parent: Option<usize>,
    /// Children, sorted by segment.
    pub children: Vec<usize>,
    /// Method name on the parent that leads here.
    pub method: String,
    /// Rust struct name.
    pub type_name: String,
    /// API owning the node (its module), `None` above API roots (`api/mod.rs`).
    pub module: Option<usize>,
    /// APIs with operations at or under this node.
    pub apis: BTreeSet<usize>,
    /// For param nodes: the accepted type, and a description.
    pub param: Option<(ParamKind, Option<String>)>,
    /// Operations on this path.
    pub ops: Vec<Op>,
}

/// The body of an operation.
#[derive(Debug, Clone)]
pub enum Body {
    /// No body.
    None,
    /// Unnamed body parameter: the whole body is this type.
    Whole {
        /// The type.
        ty: TypeRef,
        /// Description.
        description: Option<String>,
    },
    /// Named body parameters: a JSON object built member by member. The parameters themselves
    /// are in [`Op::args`] (required) and [`Op::setters`] (optional), with [`Place::Body`].
    Fields,
}

/// Where a named parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// In the query string.
    Query,
    /// As a member of the JSON object body.
    Body,
}

impl Place {
    /// `query` or `body`, for docs.
    pub fn as_str(self) -> &'static str {
        match self {
            Place::Query => "query",
            Place::Body => "body",
        }
    }
}

/// A named query or body parameter.
#[derive(Debug, Clone)]
pub struct Arg {
    /// Where it is sent.
    pub place: Place,
    /// Wire name.
    pub wire: String,
    /// Rust name.
    pub name: String,
    /// Type.
    pub ty: TypeRef,
    /// Description.
    pub description: Option<String>,
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Op {
    /// HTTP method.
    pub method: HttpMethod,
    /// Rust method name (`get`...).
    pub fn_name: String,
    /// Full path template.
    pub template: String,
    /// Description.
    pub description: Option<String>,
    /// Status.
    pub status: StatusValue,
    /// Note of `#[deprecated]`.
    pub deprecated: Option<String>,
    /// IAM actions (name, required).
    pub iam: Vec<(String, bool)>,
    /// Sent unsigned.
    pub no_auth: bool,
    /// Response type.
    pub response: TypeRef,
    /// Required query parameters, then required body parameters (positional arguments).
    pub args: Vec<Arg>,
    /// Optional query parameters, then optional body parameters (builder setters).
    pub setters: Vec<Arg>,
    /// Name of the body argument.
    pub body_arg: String,
    /// Body.
    pub body: Body,
    /// Builder type name when there are setters.
    pub builder: Option<String>,
    /// API index.
    pub api: usize,
}

/// Counts printed by `generate`.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// APIs in the index.
    pub apis: usize,
    /// APIs without paths (no module, feature kept).
    pub empty_apis: Vec<String>,
    /// Paths.
    pub paths: usize,
    /// Operations.
    pub operations: usize,
    /// Model definitions across files.
    pub model_definitions: usize,
    /// Distinct model names.
    pub distinct_models: usize,
    /// Distinct names that are instantiated copies of a generic model (folded into it).
    pub generic_instances: usize,
    /// Names defined differently in several files (merged).
    pub merged_conflicts: usize,
    /// Rust items generated for models.
    pub model_items: usize,
    /// Renames caused by collisions (wire name → Rust path).
    pub renamed: Vec<String>,
    /// Things not generated, with the reason (should stay empty).
    pub skipped: Vec<String>,
}

/// The whole intermediate model.
#[derive(Debug, Clone)]
pub struct Program {
    /// APIs, in index order.
    pub apis: Vec<Api>,
    /// Models by wire name.
    pub models: BTreeMap<String, Model>,
    /// Path tree; node 0 is the client.
    pub nodes: Vec<Node>,
    /// Counts.
    pub stats: Stats,
}

/// Feature name of an API path: kebab-case of its segments (`/dedicated/server` →
/// `dedicated-server`, `/allDom` → `all-dom`).
pub fn feature_name(api_path: &str) -> String {
    api_path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(naming::snake)
        .collect::<Vec<_>>()
        .join("_")
        .replace('_', "-")
}

/// Loads and resolves a schema directory.
pub fn load(dir: &Path) -> Result<Program> {
    let apis = schema::load_dir(dir)?;
    build(dir, &apis)
}

/// Builds the intermediate model from loaded APIs; `dir` is only used in error messages.
pub fn build(dir: &Path, loaded: &[LoadedApi]) -> Result<Program> {
    let mut stats = Stats {
        apis: loaded.len(),
        ..Stats::default()
    };
    let file_of = |i: usize| -> PathBuf { dir.join(&loaded[i].file) };

    let mut apis: Vec<Api> = Vec::new();
    let mut features = Scope::new();
    for (i, l) in loaded.iter().enumerate() {
        let feature = features.claim(&feature_name(&l.path), true);
        let module = naming::module_name(&feature.replace('-', "_"));
        if feature.is_empty() {
            return Err(Error::Invalid {
                file: file_of(i),
                location: "path".into(),
                message: format!("API path `{}` gives no feature name", l.path),
            });
        }
        apis.push(Api {
            path: l.path.clone(),
            file: l.file.clone(),
            feature,
            module,
            root: None,
        });
    }

    // ---- models: gather definitions per name --------------------------------------------
    let mut defs: BTreeMap<String, Vec<(usize, &ModelDef)>> = BTreeMap::new();
    for (i, l) in loaded.iter().enumerate() {
        for (name, def) in &l.schema.models {
            stats.model_definitions += 1;
            defs.entry(name.clone()).or_default().push((i, def));
        }
    }
    stats.distinct_models = defs.len();

    // Generic definitions are keyed `ns.Name<T>`: the item is `ns.Name` with parameters.
    let mut generic_params: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, list) in &defs {
        if let Some((base, rest)) = name.split_once('<') {
            let params: Vec<String> = match &list[0].1.generics {
                Some(g) if !g.is_empty() => g.clone(),
                _ => rest
                    .trim_end_matches('>')
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .collect(),
            };
            // Checked before use: the names become Rust type parameters. Listed names are
            // checked even on the console's instantiated copies (they list them too); names
            // taken from the key only when the model declares generics (a definition).
            let (i, def) = list[0];
            let from_list = matches!(&def.generics, Some(g) if !g.is_empty());
            let declared = if def.generics.is_some() {
                &params[..]
            } else {
                &[]
            };
            for (gi, g) in declared.iter().enumerate() {
                if let Some(problem) = generic_param_problem(g, &params[..gi]) {
                    return Err(Error::Invalid {
                        file: file_of(i),
                        location: if from_list {
                            format!("models[{name:?}].generics[{gi}]")
                        } else {
                            format!("models[{name:?}]")
                        },
                        message: format!("generic parameter {g:?} {problem}"),
                    });
                }
            }
            let is_definition = def.generics.is_some()
                && rest
                    .trim_end_matches('>')
                    .split(',')
                    .map(str::trim)
                    .eq(params.iter().map(String::as_str));
            if is_definition {
                generic_params.insert(base.to_string(), params);
            }
        }
    }
    let mut merged: BTreeMap<String, Merged> = BTreeMap::new();
    for (name, list) in &defs {
        let (base, is_instance) = match name.split_once('<') {
            Some((base, _)) if generic_params.contains_key(base) => {
                let def_name = format!("{base}<{}>", generic_params[base].join(","));
                (base.to_string(), *name != def_name)
            }
            Some(_) => {
                let (i, _) = list[0];
                return Err(Error::Invalid {
                    file: file_of(i),
                    location: format!("models[{name:?}]"),
                    message: "instance of a generic model that is not defined".into(),
                });
            }
            None => (name.clone(), false),
        };
        if is_instance {
            // The console's copy of a generic model instantiated with concrete types: the
            // generic item covers it. Still counted when its copies differ between files.
            stats.generic_instances += 1;
            let first = format!("{:?}", list[0].1);
            if list.iter().any(|(_, d)| format!("{d:?}") != first) {
                stats.merged_conflicts += 1;
            }
            continue;
        }
        let m = merge(name, list, &file_of)?;
        if m.conflicting {
            stats.merged_conflicts += 1;
        }
        merged.insert(base, m);
    }

    // ---- models: resolve types ------------------------------------------------------------
    let is_model = |n: &str| merged.contains_key(n);
    let arity = |n: &str| generic_params.get(n).map_or(0, Vec::len);
    let mut models: BTreeMap<String, Model> = BTreeMap::new();
    for (wire, m) in &merged {
        let generics = generic_params.get(wire).cloned().unwrap_or_default();
        let kind = match &m.shape {
            Shape::Struct(props) => {
                let mut scope = Scope::new();
                let mut fields = Vec::new();
                for (pname, p) in props {
                    let location =
                        format!("models[{:?}].properties[{pname:?}].{}", m.key, p.ty_field);
                    let ty = types::parse(&p.ty, &generics, &is_model).map_err(|e| {
                        Error::UnknownType {
                            file: file_of(p.file),
                            location: location.clone(),
                            name: e.name,
                        }
                    })?;
                    check_arity(&ty, &arity, file_of(p.file), location)?;
                    let name = scope.claim(&naming::value_name(pname), true);
                    let cheap =
                        matches!(ty, TypeRef::Prim(_) | TypeRef::Array(_) | TypeRef::Map(_));
                    // Nullable → `Option`. Otherwise plain when required, or when read-only
                    // (response-only) with an empty value to fall back on (string, number,
                    // list, map). Writable optional properties are `Option`s because the same
                    // models are sent as bodies, where an unset field must stay out of the
                    // JSON instead of being sent empty; models and enums have no empty value,
                    // so they are `Option`s unless required. Generic values
                    // (`UnitAndValue<T>.value`) are always present.
                    let plain = matches!(ty, TypeRef::Param(_))
                        || (!p.can_be_null && (p.required || (p.read_only && cheap)));
                    let optional = !plain;
                    fields.push(Field {
                        wire: pname.clone(),
                        name,
                        // Lenient: a required primitive or collection missing on the wire
                        // decodes as its empty value instead of failing the whole response.
                        default: !optional && cheap,
                        optional,
                        ty,
                        read_only: p.read_only,
                        boxed: false,
                        description: p.description.clone(),
                    });
                }
                ModelKind::Struct { generics, fields }
            }
            Shape::Enum { long, values, file } => {
                let mut scope = Scope::new();
                if *long {
                    let other = scope.claim("Other", false);
                    let mut variants = Vec::new();
                    for v in values {
                        let n = parse_long(v).ok_or_else(|| Error::Invalid {
                            file: file_of(*file),
                            location: format!("models[{:?}].enum", m.key),
                            message: format!("value {v} of a long enum is not an integer"),
                        })?;
                        if variants.iter().any(|(_, x)| *x == n) {
                            continue;
                        }
                        let want = if n < 0 {
                            format!("Minus{}", n.unsigned_abs())
                        } else {
                            format!("V{n}")
                        };
                        variants.push((scope.claim(&want, false), n));
                    }
                    ModelKind::LongEnum { variants, other }
                } else {
                    let as_text = |v: &serde_json::Value| match v {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    // The catch-all is `Other` unless a known value already maps to that name.
                    let other = if values.iter().any(|v| variant_name(&as_text(v)) == "Other") {
                        "UnknownValue"
                    } else {
                        "Other"
                    };
                    let other = scope.claim(other, false);
                    let mut variants: Vec<(String, String)> = Vec::new();
                    for v in values {
                        let s = match v {
                            serde_json::Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        if variants.iter().any(|(_, x)| *x == s) {
                            continue;
                        }
                        variants.push((scope.claim(&variant_name(&s), false), s));
                    }
                    ModelKind::StringEnum { variants, other }
                }
            }
        };
        let parts: Vec<&str> = wire.split('.').collect();
        let (ns, last) = parts.split_at(parts.len() - 1);
        let mut name = naming::type_name(last[0]);
        if SHADOWING.contains(&name.as_str()) {
            let prefix = ns
                .last()
                .map(|s| naming::type_name(s))
                .unwrap_or_else(|| "Model".into());
            name = format!("{prefix}{name}");
        }
        models.insert(
            wire.clone(),
            Model {
                wire: wire.clone(),
                module: ns.iter().map(|s| naming::module_name(s)).collect(),
                name,
                description: m.description.clone(),
                kind,
                apis: BTreeSet::new(),
                files: m.files.clone(),
            },
        );
    }
    stats.model_items = models.len();
    box_recursive_fields(&mut models);

    // Collisions inside a module: the spelling closest to Rust conventions claims first.
    let mut by_module: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    for (wire, m) in &models {
        by_module
            .entry(m.module.clone())
            .or_default()
            .push(wire.clone());
    }
    for wires in by_module.values_mut() {
        wires.sort_by_key(|w| (convention_distance(w), w.clone()));
        let mut scope = Scope::new();
        for w in wires.iter() {
            let m = models.get_mut(w).expect("listed above");
            let got = scope.claim(&m.name, false);
            if got != m.name {
                stats
                    .renamed
                    .push(format!("{w} → models::{}::{got}", m.module.join("::")));
                m.name = got;
            }
        }
    }

    // ---- path tree and operations ---------------------------------------------------------
    let mut tree = Tree::new();
    for (ai, l) in loaded.iter().enumerate() {
        let mut paths: Vec<&schema::ApiPath> = l.schema.apis.iter().collect();
        paths.sort_by(|a, b| a.path.cmp(&b.path));
        if paths.is_empty() {
            stats.empty_apis.push(l.path.clone());
        }
        let root_segs = segments(&l.path);
        for (pi, p) in l.schema.apis.iter().enumerate() {
            stats.paths += 1;
            let segs = segments(&p.path);
            if segs.len() < root_segs.len() || segs[..root_segs.len()] != root_segs[..] {
                return Err(Error::Invalid {
                    file: file_of(ai),
                    location: format!("apis[{pi}].path"),
                    message: format!("path `{}` is outside the API `{}`", p.path, l.path),
                });
            }
            let node = tree.insert(&segs, root_segs.len(), ai);
            for (oi, op) in p.operations.iter().enumerate() {
                stats.operations += 1;
                let loc = format!("apis[{pi}].operations[{oi}]");
                // One method per verb and node: a second `GET` on a path would be a second
                // `get()` (also across files, and for a path listed twice).
                if let Some(other) = tree.nodes[node]
                    .ops
                    .iter()
                    .find(|o| o.method == op.http_method)
                {
                    return Err(Error::Invalid {
                        file: file_of(ai),
                        location: loc,
                        message: format!(
                            "a second `{} {}` operation (the first is in {})",
                            op.http_method.as_str(),
                            p.path,
                            loaded[other.api].file
                        ),
                    });
                }
                let resolved = resolve_op(
                    op, &p.path, ai, &loc, &file_of, &is_model, &arity, &mut tree, node, &segs,
                )?;
                tree.nodes[node].ops.push(resolved);
            }
        }
        if !paths.is_empty() {
            let root = tree.find(&root_segs).ok_or_else(|| Error::Invalid {
                file: file_of(ai),
                location: "apis".into(),
                message: "the API root path has no node".into(),
            })?;
            apis[ai].root = Some(root);
        }
    }
    let mut nodes = tree.finish(&apis);
    name_nodes(&mut nodes, &apis);

    // ---- features of models: defining files, ops, then everything reachable -------------
    for (ai, _) in loaded.iter().enumerate() {
        let mut todo: Vec<String> = models
            .values()
            .filter(|m| m.files.contains(&ai))
            .map(|m| m.wire.clone())
            .collect();
        for n in nodes.iter() {
            for op in n.ops.iter().filter(|o| o.api == ai) {
                op_types(op, &mut |t| {
                    t.for_each_model(&mut |name| todo.push(name.to_string()))
                });
            }
            if n.module == Some(ai) {
                if let Some((ParamKind::Typed(t), _)) = &n.param {
                    t.for_each_model(&mut |name| todo.push(name.to_string()));
                }
            }
        }
        while let Some(w) = todo.pop() {
            let Some(m) = models.get_mut(&w) else {
                continue;
            };
            if !m.apis.insert(ai) {
                continue;
            }
            if let ModelKind::Struct { fields, .. } = &m.kind {
                for f in fields {
                    f.ty.for_each_model(&mut |name| todo.push(name.to_string()));
                }
            }
        }
    }

    Ok(Program {
        apis,
        models,
        nodes,
        stats,
    })
}

/// Why a generic parameter name cannot be used (it becomes a Rust type parameter): `None` when
/// it is fine. It must be an `UpperCamelCase`-style identifier (ASCII letters, digits, `_`,
/// starting with a capital), not shadow a type the generated code uses, and be unique.
fn generic_param_problem(g: &str, before: &[String]) -> Option<&'static str> {
    if !g.starts_with(|c: char| c.is_ascii_uppercase())
        || !g.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        Some("is not an identifier starting with a capital letter")
    } else if naming::is_keyword(g) || SHADOWING.contains(&g) {
        Some("would shadow a Rust name")
    } else if before.iter().any(|b| b == g) {
        Some("is declared twice")
    } else {
        None
    }
}

/// Every model in `ty` must get as many generic arguments as its definition has parameters
/// (`complexType.UnitAndValue<long>`, not `complexType.UnitAndValue` or `a.B<long>`).
fn check_arity(
    ty: &TypeRef,
    arity: &dyn Fn(&str) -> usize,
    file: PathBuf,
    location: String,
) -> Result<()> {
    let mut problem = None;
    ty.for_each_model_ref(&mut |name, args| {
        let want = arity(name);
        if args != want && problem.is_none() {
            problem = Some(format!(
                "`{name}` takes {want} generic argument(s), {args} given"
            ));
        }
    });
    match problem {
        Some(message) => Err(Error::Invalid {
            file,
            location,
            message,
        }),
        None => Ok(()),
    }
}

/// Models stored inline (not behind `Vec`/map) by a type: recursion through them needs a `Box`.
fn inline_models(t: &TypeRef, out: &mut Vec<String>) {
    if let TypeRef::Model { name, args } = t {
        out.push(name.clone());
        // Generic arguments are stored inline too (`UnitAndValue<T>` holds a `T`).
        for a in args {
            inline_models(a, out);
        }
    }
}

/// Boxes every field whose inline type leads back to its own struct (`Rule.conditions: Rule`),
/// which would otherwise have infinite size.
fn box_recursive_fields(models: &mut BTreeMap<String, Model>) {
    let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (w, m) in models.iter() {
        if let ModelKind::Struct { fields, .. } = &m.kind {
            let mut out = Vec::new();
            for f in fields {
                inline_models(&f.ty, &mut out);
            }
            edges.insert(w.clone(), out);
        }
    }
    let reaches = |from: &str, target: &str| -> bool {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_string()];
        while let Some(n) = todo.pop() {
            if n == target {
                return true;
            }
            if seen.insert(n.clone()) {
                todo.extend(edges.get(&n).into_iter().flatten().cloned());
            }
        }
        false
    };
    let mut to_box = Vec::new();
    for (w, m) in models.iter() {
        if let ModelKind::Struct { fields, .. } = &m.kind {
            for (i, f) in fields.iter().enumerate() {
                let mut direct = Vec::new();
                inline_models(&f.ty, &mut direct);
                if direct.iter().any(|d| reaches(d, w)) {
                    to_box.push((w.clone(), i));
                }
            }
        }
    }
    for (w, i) in to_box {
        if let Some(Model {
            kind: ModelKind::Struct { fields, .. },
            ..
        }) = models.get_mut(&w)
        {
            fields[i].boxed = true;
        }
    }
}

/// Calls `f` on every type an operation uses.
pub fn op_types(op: &Op, f: &mut dyn FnMut(&TypeRef)) {
    f(&op.response);
    for a in op.args.iter().chain(&op.setters) {
        f(&a.ty);
    }
    match &op.body {
        Body::None => {}
        Body::Whole { ty, .. } => f(ty),
        Body::Fields => {}
    }
}

/// How far a wire name is from Rust conventions: namespace parts should start lowercase, the
/// type name uppercase. Used to decide who keeps a contested name.
fn convention_distance(wire: &str) -> usize {
    let parts: Vec<&str> = wire.split('.').collect();
    let mut d = 0;
    for (i, p) in parts.iter().enumerate() {
        let upper = p.starts_with(|c: char| c.is_ascii_uppercase());
        let want_upper = i + 1 == parts.len();
        if upper != want_upper {
            d += 1;
        }
    }
    d
}

fn parse_long(v: &serde_json::Value) -> Option<i64> {
    match v {
        serde_json::Value::Number(n) => n.as_i64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Variant name of a string enum value; values without letters or digits get a word.
pub fn variant_name(value: &str) -> String {
    if value.chars().any(|c| c.is_ascii_alphanumeric()) || value.is_empty() {
        return naming::type_name(value);
    }
    let word = |c: char| match c {
        '#' => "Hash",
        '*' => "Star",
        '+' => "Plus",
        '-' => "Minus",
        '.' => "Dot",
        '/' => "Slash",
        '?' => "Question",
        '@' => "At",
        '%' => "Percent",
        '&' => "And",
        '=' => "Equals",
        '_' => "Underscore",
        ' ' => "Space",
        _ => "Symbol",
    };
    value.chars().map(word).collect()
}

/// A property after merging.
#[derive(Debug, Clone)]
struct MergedProp {
    ty: String,
    /// Which field `ty` came from (`fullType`, or `type` without it), for error locations.
    ty_field: &'static str,
    can_be_null: bool,
    read_only: bool,
    required: bool,
    description: Option<String>,
    file: usize,
}

#[derive(Debug, Clone)]
enum Shape {
    Struct(BTreeMap<String, MergedProp>),
    Enum {
        long: bool,
        values: Vec<serde_json::Value>,
        file: usize,
    },
}

#[derive(Debug, Clone)]
struct Merged {
    key: String,
    description: Option<String>,
    shape: Shape,
    files: BTreeSet<usize>,
    conflicting: bool,
}

fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_ref().filter(|s| !s.trim().is_empty()).cloned()
}

/// Merges the definitions of one model name (see the module docs for the rule).
fn merge(
    key: &str,
    list: &[(usize, &ModelDef)],
    file_of: &dyn Fn(usize) -> PathBuf,
) -> Result<Merged> {
    // Debug output of the parsed definition is deterministic (sorted maps): equal text means
    // identical definitions.
    let first = format!("{:?}", list[0].1);
    let conflicting = list.iter().any(|(_, d)| format!("{d:?}") != first);
    let description = list.iter().find_map(|(_, d)| nonempty(&d.description));
    let files = list.iter().map(|(i, _)| *i).collect();
    let (i0, d0) = list[0];
    let shape = if let Some(values) = &d0.enum_values {
        let long = match d0.enum_type.as_deref() {
            Some("long") => true,
            Some("string") | None => false,
            Some(other) => {
                return Err(Error::Invalid {
                    file: file_of(i0),
                    location: format!("models[{key:?}].enumType"),
                    message: format!("unknown enumType `{other}`"),
                })
            }
        };
        let mut all = values.clone();
        for (_, d) in &list[1..] {
            for v in d.enum_values.iter().flatten() {
                if !all.contains(v) {
                    all.push(v.clone());
                }
            }
        }
        Shape::Enum {
            long,
            values: all,
            file: i0,
        }
    } else if d0.properties.is_some() {
        let mut props: BTreeMap<String, MergedProp> = BTreeMap::new();
        let mut seen_in: BTreeMap<String, usize> = BTreeMap::new();
        for (i, d) in list {
            for (pname, p) in d.properties.iter().flatten() {
                *seen_in.entry(pname.clone()).or_default() += 1;
                let (ty, ty_field) = match &p.full_type {
                    Some(full) => (full.clone(), "fullType"),
                    None => (p.type_name.clone(), "type"),
                };
                match props.get_mut(pname) {
                    None => {
                        props.insert(
                            pname.clone(),
                            MergedProp {
                                ty,
                                ty_field,
                                can_be_null: p.can_be_null,
                                read_only: p.read_only,
                                required: p.required,
                                description: nonempty(&p.description),
                                file: *i,
                            },
                        );
                    }
                    Some(m) => {
                        m.can_be_null |= p.can_be_null;
                        m.read_only |= p.read_only;
                        m.required &= p.required;
                        if m.description.is_none() {
                            m.description = nonempty(&p.description);
                        }
                    }
                }
            }
        }
        // Missing in some definition: the API may omit it.
        for (pname, n) in seen_in {
            if n < list.iter().filter(|(_, d)| d.properties.is_some()).count() {
                if let Some(p) = props.get_mut(&pname) {
                    p.can_be_null = true;
                }
            }
        }
        Shape::Struct(props)
    } else {
        return Err(Error::Invalid {
            file: file_of(i0),
            location: format!("models[{key:?}]"),
            message: "model has neither `properties` nor `enum`".into(),
        });
    };
    Ok(Merged {
        key: key.to_string(),
        description,
        shape,
        files,
        conflicting,
    })
}

/// Splits a path template into segments.
fn segments(path: &str) -> Vec<Segment> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(
            |s| match s.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
                Some(name) => Segment::Param(name.to_string()),
                None => Segment::Literal(s.to_string()),
            },
        )
        .collect()
}

/// Builds one operation.
#[allow(clippy::too_many_arguments)]
fn resolve_op(
    op: &schema::Operation,
    template: &str,
    api: usize,
    loc: &str,
    file_of: &dyn Fn(usize) -> PathBuf,
    is_model: &dyn Fn(&str) -> bool,
    arity: &dyn Fn(&str) -> usize,
    tree: &mut Tree,
    node: usize,
    segs: &[Segment],
) -> Result<Op> {
    let parse = |t: &str, at: String| {
        let ty = types::parse(t, &[], is_model).map_err(|e| Error::UnknownType {
            file: file_of(api),
            location: at.clone(),
            name: e.name,
        })?;
        check_arity(&ty, arity, file_of(api), at)?;
        Ok::<_, Error>(ty)
    };
    let response = parse(&op.response_type, format!("{loc}.responseType"))?;
    // Named parameters as (argument, required), in schema order; named below.
    let mut query = Vec::new();
    let mut body_params = Vec::new();
    let mut whole = None;
    for (qi, p) in op.parameters.iter().enumerate() {
        let at = format!("{loc}.parameters[{qi}]");
        // `fullType` is the precise form when present (it spells out generic arguments).
        let (ty_text, field) = match p.full_type.as_deref() {
            Some(full) => (full, "fullType"),
            None => (p.data_type.as_str(), "dataType"),
        };
        let ty = parse(ty_text, format!("{at}.{field}"))?;
        let description = nonempty(&p.description);
        match (p.param_type, &p.name) {
            (ParamType::Path, Some(name)) => {
                let pos = segs.iter().position(|s| *s == Segment::Param(name.clone()));
                let Some(pos) = pos else {
                    return Err(Error::Invalid {
                        file: file_of(api),
                        location: at,
                        message: format!("path parameter `{name}` is not in `{template}`"),
                    });
                };
                let n = tree.find(&segs[..=pos]).unwrap_or(node);
                tree.param_types
                    .entry(n)
                    .or_default()
                    .push((ty, description));
            }
            (ParamType::Query | ParamType::Body, Some(name)) => {
                let (place, list) = if p.param_type == ParamType::Query {
                    (Place::Query, &mut query)
                } else {
                    (Place::Body, &mut body_params)
                };
                list.push((
                    Arg {
                        place,
                        wire: name.clone(),
                        name: String::new(),
                        ty,
                        description,
                    },
                    p.required,
                ));
            }
            (ParamType::Body, None) => {
                if whole.is_some() {
                    return Err(Error::Invalid {
                        file: file_of(api),
                        location: at,
                        message: "two unnamed body parameters".into(),
                    });
                }
                whole = Some(Body::Whole { ty, description });
            }
            (_, None) => {
                return Err(Error::Invalid {
                    file: file_of(api),
                    location: at,
                    message: "path or query parameter without a name".into(),
                })
            }
        }
    }
    let body = match (whole, body_params.is_empty()) {
        (Some(w), true) => w,
        (None, true) => Body::None,
        (None, false) => Body::Fields,
        (Some(_), false) => {
            return Err(Error::Invalid {
                file: file_of(api),
                location: loc.to_string(),
                message: "both an unnamed body and named body parameters".into(),
            })
        }
    };
    // One name scope for all arguments and setters of the operation: query parameters first,
    // then body parameters (each in schema order), then the unnamed body argument. A body
    // parameter whose name a query parameter took gets a `body_` prefix; any other clash a
    // numeric suffix. `self` and `into_future` (the request wrapper's method) are reserved.
    let mut scope = Scope::new();
    scope.reserve("self");
    scope.reserve("into_future");
    let mut query_names = BTreeSet::new();
    for (a, _) in &mut query {
        a.name = scope.claim(&naming::value_name(&a.wire), true);
        query_names.insert(naming::value_name(&a.wire));
    }
    for (a, _) in &mut body_params {
        let mut want = naming::value_name(&a.wire);
        if query_names.contains(&want) {
            want = naming::value_name(&format!("body_{}", want.trim_start_matches("r#")));
        }
        a.name = scope.claim(&want, true);
    }
    let (mut args, mut setters) = (Vec::new(), Vec::new());
    for (a, required) in query.into_iter().chain(body_params) {
        if required {
            args.push(a);
        } else {
            setters.push(a);
        }
    }
    let body_arg = scope.claim("body", true);
    let status = op.api_status.value;
    let deprecated = (status == StatusValue::Deprecated).then(|| deprecation_note(&op.api_status));
    Ok(Op {
        method: op.http_method,
        fn_name: op.http_method.as_str().to_ascii_lowercase(),
        template: template.to_string(),
        description: nonempty(&op.description),
        status,
        deprecated,
        iam: op
            .iam_actions
            .iter()
            .flatten()
            .map(|a| {
                let a = a.action();
                (a.name, a.required)
            })
            .collect(),
        no_auth: op.no_authentication,
        response,
        args,
        setters,
        body_arg,
        body,
        builder: None,
        api,
    })
}

/// The `#[deprecated]` note: dates and the replacement path when the schema gives them.
fn deprecation_note(s: &schema::ApiStatus) -> String {
    let mut note = String::from("deprecated by OVH");
    if let Some(d) = &s.deprecated_date {
        note.push_str(&format!(" since {}", day(d)));
    }
    if let Some(d) = &s.deletion_date {
        note.push_str(&format!(", removal planned {}", day(d)));
    }
    match &s.replacement {
        Some(r) if !r.trim().is_empty() => {
            let r = r.strip_prefix("/1.0").unwrap_or(r);
            note.push_str(&format!("; use {r}"));
        }
        _ => {
            if let Some(d) = nonempty(&s.description) {
                note.push_str(&format!(": {}", d.trim()));
            }
        }
    }
    note
}

/// The `YYYY-MM-DD` day a schema date starts with (`2023-01-01T00:00:00Z`,
/// `2021-12-01 00:00:00 +0000 UTC`), or the whole trimmed text when it does not start with one.
fn day(date: &str) -> &str {
    let date = date.trim();
    let b = date.as_bytes();
    let is_day = b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        });
    if is_day {
        &date[..10]
    } else {
        date
    }
}

/// Path tree under construction.
struct Tree {
    nodes: Vec<Node>,
    index: BTreeMap<Vec<Segment>, usize>,
    param_types: BTreeMap<usize, Vec<(TypeRef, Option<String>)>>,
}

impl Tree {
    fn new() -> Self {
        let root = Node {
            segment: Segment::Root,
            path: String::new(),
            parent: None,
            children: Vec::new(),
            method: String::new(),
            type_name: String::new(),
            module: None,
            apis: BTreeSet::new(),
            param: None,
            ops: Vec::new(),
        };
        let mut index = BTreeMap::new();
        index.insert(Vec::new(), 0);
        Tree {
            nodes: vec![root],
            index,
            param_types: BTreeMap::new(),
        }
    }

    fn find(&self, segs: &[Segment]) -> Option<usize> {
        self.index.get(segs).copied()
    }

    /// Inserts a path; nodes from `root_len` segments on belong to `api`.
    fn insert(&mut self, segs: &[Segment], root_len: usize, api: usize) -> usize {
        let mut cur = 0;
        self.nodes[0].apis.insert(api);
        for i in 0..segs.len() {
            let key = segs[..=i].to_vec();
            let next = match self.index.get(&key) {
                Some(&n) => n,
                None => {
                    let n = self.nodes.len();
                    let path = format!(
                        "{}/{}",
                        self.nodes[cur].path,
                        match &segs[i] {
                            Segment::Literal(s) => s.clone(),
                            Segment::Param(p) => format!("{{{p}}}"),
                            Segment::Root => String::new(),
                        }
                    );
                    self.nodes.push(Node {
                        segment: segs[i].clone(),
                        path,
                        parent: Some(cur),
                        children: Vec::new(),
                        method: String::new(),
                        type_name: String::new(),
                        module: (i + 1 >= root_len).then_some(api),
                        apis: BTreeSet::new(),
                        param: None,
                        ops: Vec::new(),
                    });
                    self.nodes[cur].children.push(n);
                    self.index.insert(key, n);
                    n
                }
            };
            self.nodes[next].apis.insert(api);
            cur = next;
        }
        cur
    }

    fn finish(mut self, _apis: &[Api]) -> Vec<Node> {
        for (n, list) in std::mem::take(&mut self.param_types) {
            let description = list.iter().find_map(|(_, d)| d.clone());
            let mut tys: Vec<TypeRef> = list.into_iter().map(|(t, _)| t).collect();
            tys.sort();
            tys.dedup();
            let kind = match tys.as_slice() {
                [one] => ParamKind::Typed(one.clone()),
                many if many.iter().all(|t| *t == TypeRef::Prim(Prim::String)) => {
                    ParamKind::Typed(TypeRef::Prim(Prim::String))
                }
                _ => ParamKind::Display,
            };
            self.nodes[n].param = Some((kind, description));
        }
        for n in 0..self.nodes.len() {
            if matches!(self.nodes[n].segment, Segment::Param(_)) && self.nodes[n].param.is_none() {
                // A placeholder no operation declares: accept anything printable.
                self.nodes[n].param = Some((ParamKind::Display, None));
            }
            let mut children = std::mem::take(&mut self.nodes[n].children);
            children.sort_by(|a, b| self.nodes[*a].segment.cmp(&self.nodes[*b].segment));
            self.nodes[n].children = children;
            self.nodes[n].ops.sort_by_key(|o| o.method);
        }
        self.nodes
    }
}

/// Chooses struct names (unique per module) and method names (unique per node).
fn name_nodes(nodes: &mut [Node], apis: &[Api]) {
    // Struct names, per module, in path order.
    let mut order: Vec<usize> = (1..nodes.len()).collect();
    order.sort_by(|a, b| nodes[*a].path.cmp(&nodes[*b].path));
    let mut scopes: BTreeMap<Option<usize>, Scope> = BTreeMap::new();
    for &n in &order {
        let module = nodes[n].module;
        let want = match module {
            Some(ai) => {
                let root_len = segments(&apis[ai].path).len();
                let segs = segments(&nodes[n].path);
                let rel: String = segs[root_len..].iter().map(seg_type).collect();
                if rel.is_empty() {
                    segs.iter().map(seg_type).collect()
                } else {
                    rel
                }
            }
            None => segments(&nodes[n].path).iter().map(seg_type).collect(),
        };
        let want = match want.as_str() {
            "" => "Node".to_string(),
            // `Self` is the only UpperCamelCase keyword; digits cannot start a name.
            "Self" => "SelfNode".to_string(),
            w if w.starts_with(|c: char| c.is_ascii_digit()) => format!("V{w}"),
            _ => want,
        };
        nodes[n].type_name = scopes.entry(module).or_default().claim(&want, false);
    }
    // Builder names, after all node names so nodes keep theirs.
    for &n in &order {
        let module = nodes[n].module;
        let base = nodes[n].type_name.clone();
        for oi in 0..nodes[n].ops.len() {
            let verb = naming::type_name(nodes[n].ops[oi].method.as_str());
            let scope = scopes.entry(module).or_default();
            if !nodes[n].ops[oi].setters.is_empty() {
                nodes[n].ops[oi].builder =
                    Some(scope.claim(&format!("{base}{verb}Request"), false));
            }
        }
    }
    // Method names: verbs first, then fixed segments, then parameters.
    for n in 0..nodes.len() {
        let mut scope = Scope::new();
        for v in ["get", "post", "put", "delete"] {
            scope.reserve(v);
        }
        // Operations keep their verb as name: verbs are unique per node (checked in `build`).
        let children = nodes[n].children.clone();
        let mut sorted = children.clone();
        sorted.sort_by_key(|c| matches!(nodes[*c].segment, Segment::Param(_)));
        for c in sorted {
            let want = match &nodes[c].segment {
                Segment::Literal(s) | Segment::Param(s) => naming::value_name(s),
                Segment::Root => "root".into(),
            };
            nodes[c].method = scope.claim(&want, true);
        }
    }
}

fn seg_type(s: &Segment) -> String {
    match s {
        Segment::Literal(x) | Segment::Param(x) => naming::camel(x),
        Segment::Root => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_names_follow_the_api_path() {
        assert_eq!(feature_name("/me"), "me");
        assert_eq!(feature_name("/dedicated/server"), "dedicated-server");
        assert_eq!(feature_name("/email/domain"), "email-domain");
        assert_eq!(feature_name("/allDom"), "all-dom");
        assert_eq!(feature_name("/cloudDB"), "cloud-db");
        assert_eq!(feature_name("/ipLoadbalancing"), "ip-loadbalancing");
        assert_eq!(feature_name("/webPaaS"), "web-paas");
    }

    #[test]
    fn deprecation_dates_keep_the_day() {
        assert_eq!(day("2023-01-01T00:00:00Z"), "2023-01-01");
        assert_eq!(day("2021-12-01 00:00:00 +0000 UTC"), "2021-12-01");
        assert_eq!(day(" 2021-12-01"), "2021-12-01");
        assert_eq!(day("soon"), "soon");
        assert_eq!(day("2021-1-1 UTC"), "2021-1-1 UTC");
    }

    #[test]
    fn variant_names_of_odd_values() {
        assert_eq!(variant_name("in-progress"), "InProgress");
        assert_eq!(variant_name("1.0"), "V1_0");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("#"), "Hash");
        assert_eq!(variant_name("*"), "Star");
        assert_eq!(variant_name("/allDom"), "AllDom");
        assert_eq!(variant_name("self"), "SelfValue");
    }

    #[test]
    fn convention_distance_prefers_rust_spelling() {
        assert!(
            convention_distance("nichandle.EmailNotification")
                < convention_distance("nichandle.emailNotification")
        );
        assert!(
            convention_distance("hosting.privateDatabase.Oom")
                < convention_distance("hosting.PrivateDatabase.Oom")
        );
    }
}
