//! Where each operation's passwords are on the wire: every value OVH's schemas type as a
//! password (console `password`, OpenAPI `format: password`), found through the models of its
//! body and answer at any depth. The runtime leaves them out of what it writes down (a
//! recorded cassette): a password member is known by its type, whatever its name.
//!
//! Each place is a path of steps joined by `/`, its first step saying where:
//!
//! * `query/<name>`: a query parameter;
//! * `request/…`: in the request body, `request` alone being the whole body;
//! * `response/…`: in the answer.
//!
//! The steps after the first are members' wire names, and `*` for every item of a list or
//! every value of a map. A name holding `~` or `/` is escaped as in a JSON pointer (`~0`,
//! `~1`). A model met again inside itself (a recursive model) is not entered a second time:
//! its passwords are found at the first level only.

use std::collections::BTreeMap;

use crate::ir::Model;
use crate::ir::{Body, ModelKind, Node, Op, Place};
use crate::types::{Prim, TypeRef};

/// Sets [`Op::secrets`] on every operation.
pub fn find(models: &BTreeMap<String, Model>, nodes: &mut [Node]) {
    for node in nodes {
        for op in &mut node.ops {
            op.secrets = of_op(models, op);
        }
    }
}

/// The places of one operation's passwords, sorted, each once.
fn of_op(models: &BTreeMap<String, Model>, op: &Op) -> Vec<String> {
    let mut walk = Walk {
        models,
        inside: Vec::new(),
        found: Vec::new(),
    };
    for arg in op.args.iter().chain(&op.setters) {
        match arg.place {
            Place::Query if arg.ty.holds_password() => {
                walk.found.push(format!("query/{}", step(&arg.wire)));
            }
            Place::Body => walk.ty(&arg.ty, &format!("request/{}", step(&arg.wire)), &[]),
            Place::Query | Place::Header => {}
        }
    }
    if let Body::Whole { ty, .. } = &op.body {
        walk.ty(ty, "request", &[]);
    }
    walk.ty(&op.response, "response", &[]);
    walk.found.sort();
    walk.found.dedup();
    walk.found
}

/// A member's wire name as one step of a path.
fn step(wire: &str) -> String {
    wire.replace('~', "~0").replace('/', "~1")
}

/// The search through a type: the models it is inside of (not entered again) and what it
/// found so far.
struct Walk<'m> {
    models: &'m BTreeMap<String, Model>,
    inside: Vec<String>,
    found: Vec<String>,
}

impl Walk<'_> {
    /// Finds the passwords of a value of type `ty` found at `at`; `env` gives the generic
    /// parameters of the model being walked their arguments.
    fn ty(&mut self, ty: &TypeRef, at: &str, env: &[(String, TypeRef)]) {
        match ty {
            TypeRef::Prim(Prim::Password) => self.found.push(at.to_string()),
            TypeRef::Array(item) | TypeRef::Map(item) => self.ty(item, &format!("{at}/*"), env),
            TypeRef::Param(name) => {
                if let Some((_, arg)) = env.iter().find(|(p, _)| p == name) {
                    self.ty(arg, at, &[]);
                }
            }
            TypeRef::Model { name, args } => {
                let args: Vec<TypeRef> = args.iter().map(|a| substitute(a, env)).collect();
                self.model(name, &args, at);
            }
            TypeRef::Void | TypeRef::Prim(_) | TypeRef::Any => {}
        }
    }

    /// Finds the passwords of a value of the model `name` (with generic arguments `args`).
    fn model(&mut self, name: &str, args: &[TypeRef], at: &str) {
        let Some(model) = self.models.get(name) else {
            return;
        };
        if self.inside.iter().any(|m| m == name) {
            return;
        }
        self.inside.push(name.to_string());
        match &model.kind {
            ModelKind::Struct {
                generics, fields, ..
            } => {
                let env: Vec<(String, TypeRef)> =
                    generics.iter().cloned().zip(args.iter().cloned()).collect();
                for field in fields {
                    self.ty(&field.ty, &format!("{at}/{}", step(&field.wire)), &env);
                }
            }
            // A union's value is one of its variants, at the same place.
            ModelKind::Union { variants, .. } => {
                for variant in variants {
                    self.ty(&variant.ty, at, &[]);
                }
            }
            ModelKind::Alias { target } => self.model(target, args, at),
            _ => {}
        }
        self.inside.pop();
    }
}

/// `ty` with the generic parameters of `env` replaced by their arguments.
fn substitute(ty: &TypeRef, env: &[(String, TypeRef)]) -> TypeRef {
    match ty {
        TypeRef::Param(name) => env
            .iter()
            .find(|(p, _)| p == name)
            .map_or_else(|| ty.clone(), |(_, arg)| arg.clone()),
        TypeRef::Array(item) => TypeRef::Array(Box::new(substitute(item, env))),
        TypeRef::Map(item) => TypeRef::Map(Box::new(substitute(item, env))),
        TypeRef::Model { name, args } => TypeRef::Model {
            name: name.clone(),
            args: args.iter().map(|a| substitute(a, env)).collect(),
        },
        TypeRef::Void | TypeRef::Prim(_) | TypeRef::Any => ty.clone(),
    }
}
