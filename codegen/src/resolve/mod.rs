//! The resolver: turns the [`Spec`] a front end read into the [`Program`] the emitters print.
//!
//! [`resolve`] runs one small pass after the other, each in its own module:
//! 0. [`copies`]: concrete copies of generic models (`UnitAndValue_double`) folded back;
//! 1. [`apis`]: the API list, with features and module names;
//! 2. [`gather`]: model definitions gathered by name across files;
//! 3. [`generics`]: generic definitions and the console's instantiated copies;
//! 4. [`merge`]: one definition per name (see there for the rule);
//! 5. [`fields`]: fields, enums and unions ([`unions`]), with every type reference checked;
//! 6. [`collisions`]: unique Rust names per model module;
//! 7. [`paths`]: the path tree and its operations ([`ops`]), then node and method names;
//! 8. [`features`]: which API features compile each model;
//! 9. [`examples`]: the schema examples' test names and expected JSON;
//! 10. [`tasks`]: operations answering an OVH task linked to the `GET` polling it, and the
//!     status values of each task model classified;
//! 11. [`resources`]: every other `GET` sent again on demand (`wait_until`), /v2 resource
//!     models, the `POST`, `PUT` and `DELETE` waiting for their resource, `modify` methods;
//! 12. [`reexports`]: enums re-exported next to the models of child namespaces using them;
//! 13. [`docs`]: the notes the docs add to fields and parameters (formats, enum values,
//!     read-only, inclusive bounds);
//! 14. [`lints`]: the lints generated methods allow (conversion-like names, long argument
//!     lists);
//! 15. [`secrets`]: where each operation's passwords are on the wire (query, request body,
//!     answer), which a recorded cassette leaves out.
//!
//! No pass fails: what cannot be resolved degrades to an untyped form and is recorded in the
//! context, which ends up in [`Program::degraded`].

pub mod apis;
pub mod collisions;
pub mod copies;
pub mod docs;
pub mod examples;
pub mod features;
pub mod fields;
pub mod gather;
pub mod generics;
pub mod lints;
pub mod merge;
pub mod ops;
pub mod paths;
pub mod reexports;
pub mod resources;
pub mod secrets;
pub mod tasks;
pub mod unions;

use std::collections::BTreeMap;

use crate::ir::{Degraded, Format, Program, Sources, Spec, Stats, Typed};
use crate::types::TypeRef;

/// What every pass shares: the input, the counts, and the degradations found so far.
pub struct Ctx<'s> {
    /// The schemas as read.
    pub spec: &'s Spec,
    /// Counts for the summary.
    pub stats: Stats,
    /// Items generated in an untyped or reduced form.
    pub degraded: Vec<Degraded>,
}

impl<'s> Ctx<'s> {
    /// Records a degradation in the file of API `api`.
    pub fn degrade(&mut self, api: usize, at: impl Into<String>, what: impl Into<String>) {
        self.degraded.push(Degraded {
            file: self.spec.apis[api].file.clone(),
            at: at.into(),
            what: what.into(),
        });
    }

    /// Checks a type against the models defined: an unknown model or a wrong number of generic
    /// arguments degrades the type to `serde_json::Value`.
    pub fn check_type(&mut self, api: usize, typed: &Typed, known: &Known) -> TypeRef {
        let mut problem = None;
        let ty = check(&typed.ty, known, &mut problem);
        if let Some(p) = problem {
            self.degrade(
                api,
                &typed.at,
                format!("{p}: generated as serde_json::Value"),
            );
        }
        ty
    }
}

/// Models a type may name, with the number of generic arguments each takes (`None`: an
/// untyped model, whose arguments are dropped).
#[derive(Debug, Default)]
pub struct Known {
    /// Base name → arity.
    pub arity: BTreeMap<String, Option<usize>>,
    /// Collision twins → the model references use instead (see [`collisions`]).
    pub redirect: BTreeMap<String, String>,
}

fn check(t: &TypeRef, known: &Known, problem: &mut Option<String>) -> TypeRef {
    match t {
        TypeRef::Array(inner) => TypeRef::Array(Box::new(check(inner, known, problem))),
        TypeRef::Map(inner) => TypeRef::Map(Box::new(check(inner, known, problem))),
        TypeRef::Model { name, args } => match known.arity.get(name) {
            None => {
                problem.get_or_insert_with(|| format!("unknown type `{name}`"));
                TypeRef::Any
            }
            Some(None) => TypeRef::Model {
                name: name.clone(),
                args: Vec::new(),
            },
            Some(Some(n)) if *n != args.len() => {
                problem.get_or_insert_with(|| {
                    format!(
                        "`{name}` takes {n} generic argument(s), {} given",
                        args.len()
                    )
                });
                TypeRef::Any
            }
            Some(Some(_)) => TypeRef::Model {
                name: known.redirect.get(name).unwrap_or(name).clone(),
                args: args.iter().map(|a| check(a, known, problem)).collect(),
            },
        },
        TypeRef::Void | TypeRef::Prim(_) | TypeRef::Param(_) | TypeRef::Any => t.clone(),
    }
}

/// How many files of each format the spec was read from.
fn sources(spec: &Spec) -> Sources {
    let mut s = Sources::default();
    for api in &spec.apis {
        match (api.format, crate::under_v2(&api.path)) {
            (Format::Console, _) => s.console += 1,
            (Format::OpenApi, None) => s.openapi_v1 += 1,
            (Format::OpenApi, Some(_)) => s.openapi_v2 += 1,
        }
    }
    s
}

/// Resolves a spec into the program, pass by pass.
pub fn resolve(spec: &Spec) -> Program {
    let (spec, recovered) = copies::fold(spec);
    let spec: &Spec = &spec;
    let mut ctx = Ctx {
        spec,
        stats: Stats {
            apis: spec.apis.len(),
            sources: sources(spec),
            warnings: spec.warnings.clone(),
            recovered_generics: recovered,
            ..Stats::default()
        },
        degraded: spec.degraded.clone(),
    };
    let mut apis = apis::list(&mut ctx);
    let defs = gather::definitions(&mut ctx);
    let generics = generics::find(&mut ctx, &defs);
    let merged = merge::models(&mut ctx, &defs, &generics);
    let mut known = fields::known(&merged, &generics);
    let mut models = fields::models(&mut ctx, &merged, &generics, &known);
    known.redirect = collisions::rename(&mut ctx, &mut models);
    let mut nodes = paths::tree(&mut ctx, &known, &mut apis);
    features::reach(&mut models, &nodes, apis.len());
    features::mark_in_query(&mut models, &nodes);
    examples::tests(&models, &mut nodes);
    ctx.stats.tasks = tasks::link(&mut models, &mut nodes);
    let (resources, renamed) = resources::link(&mut models, &mut nodes);
    ctx.stats.resources = resources;
    ctx.stats.renamed.extend(renamed);
    let reexports = reexports::choose(&models);
    docs::describe(&mut models, &mut nodes, &reexports);
    lints::choose(&mut nodes);
    secrets::find(&models, &mut nodes);
    let mut degraded = ctx.degraded;
    degraded.sort();
    degraded.dedup();
    Program {
        apis,
        models,
        nodes,
        stats: ctx.stats,
        degraded,
        reexports,
    }
}
