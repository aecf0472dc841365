//! Pass 3: generic models. A definition is keyed `ns.Name<T>` and lists `generics`; it
//! becomes one generic item `ns.Name`. The console also lists copies instantiated with
//! concrete types (`ns.Name<long>`): those are not items of their own.

use std::collections::BTreeMap;

use super::gather::Defs;
use super::Ctx;
use crate::naming;

/// The generic models found.
#[derive(Debug, Default)]
pub struct Generics {
    /// Base name (`ns.Name`) → parameter names, for usable definitions.
    pub params: BTreeMap<String, Vec<String>>,
    /// Generic definitions whose parameters cannot be Rust type parameters, generated
    /// untyped: base name → the definition's key.
    pub unusable: BTreeMap<String, String>,
}

impl Generics {
    /// For a definition key: the base name it is generated under, and whether it is an
    /// instantiated copy (skipped). `None` when the key instantiates a generic model that is
    /// not defined.
    pub fn item_of(&self, key: &str) -> Option<(String, bool)> {
        let Some((base, _)) = key.split_once('<') else {
            return Some((key.to_string(), false));
        };
        let definition = match (self.params.get(base), self.unusable.get(base)) {
            (Some(params), _) => format!("{base}<{}>", params.join(",")),
            (None, Some(key)) => key.clone(),
            (None, None) => return None,
        };
        Some((base.to_string(), key != definition))
    }
}

/// Finds generic definitions and checks their parameter names.
pub fn find(ctx: &mut Ctx, defs: &Defs) -> Generics {
    let mut out = Generics::default();
    for (name, list) in defs {
        let Some((base, rest)) = name.split_once('<') else {
            continue;
        };
        let (api, def) = list[0];
        let Some(declared) = &def.generics else {
            continue; // an instantiated copy
        };
        let from_key: Vec<String> = rest
            .trim_end_matches('>')
            .split(',')
            .map(|s| s.trim().to_string())
            .collect();
        let params = if declared.is_empty() {
            from_key.clone()
        } else {
            declared.clone()
        };
        if params != from_key {
            continue; // a copy that lists the definition's parameters
        }
        let problem = params
            .iter()
            .enumerate()
            .find_map(|(gi, g)| problem(g, &params[..gi]).map(|p| (gi, g, p)));
        match problem {
            Some((gi, g, p)) => {
                let at = if declared.is_empty() {
                    format!("models[{name:?}]")
                } else {
                    format!("models[{name:?}].generics[{gi}]")
                };
                ctx.degrade(
                    api,
                    at,
                    format!("generic parameter {g:?} {p}: model generated as serde_json::Value"),
                );
                out.unusable.insert(base.to_string(), name.clone());
            }
            None => {
                out.params.insert(base.to_string(), params);
            }
        }
    }
    out
}

/// Why a generic parameter name cannot be used (it becomes a Rust type parameter): `None` when
/// it is fine. It must be an `UpperCamelCase`-style identifier (ASCII letters, digits, `_`,
/// starting with a capital), not shadow a type the generated code uses, and be unique.
fn problem(g: &str, before: &[String]) -> Option<&'static str> {
    if !g.starts_with(|c: char| c.is_ascii_uppercase())
        || !g.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        Some("is not an identifier starting with a capital letter")
    } else if naming::is_keyword(g) || naming::shadows_prelude(g) {
        Some("would shadow a Rust name")
    } else if before.iter().any(|b| b == g) {
        Some("is declared twice")
    } else {
        None
    }
}
