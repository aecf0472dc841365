//! Pass 0: concrete copies of generic models, folded back into the generic model.
//!
//! Both formats name some instances of a generic model by appending the argument after an
//! underscore: `complexType.UnitAndValue_double` is `complexType.UnitAndValue<double>`,
//! `complexType.UnitAndValues_vps.VpsTimestampValue` is
//! `complexType.UnitAndValues<vps.VpsTimestampValue>` (OpenAPI documents only ever use these
//! copies; console files use them next to `<T>` definitions). A model `Base_Arg` is such a
//! copy when `Base` is not a model of its own, `Arg` is a type (a primitive or a model
//! defined somewhere) and one of its properties has that type. Its key becomes `Base<Arg>`
//! and every reference `Base<Arg>`, so the generics pass treats it as the console's copies.
//!
//! When no file defines the generic model itself, it is recovered from its copies: a
//! property is written with the parameter `T` where every copy has its argument there
//! (`value: double` in `_double`, `value: long` in `_long` → `value: T`); a property whose
//! type does not follow the argument keeps its type. With a single copy, every property of
//! the argument's type takes `T` (the copy cannot say which of them follow the argument;
//! each instance still gets exactly the copy's types).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{ModelSpec, PropSpec, ShapeSpec, Spec};
use crate::types::{self, TypeRef};

/// The name of the type parameter of a recovered generic model.
const PARAM: &str = "T";

/// A copy: its generic model and its argument.
#[derive(Debug, Clone)]
struct Copy {
    base: String,
    arg_text: String,
    arg: TypeRef,
}

/// The spec with copies folded (borrowed unchanged when it has none), and the generic
/// models recovered from copies.
pub fn fold(spec: &Spec) -> (Cow<'_, Spec>, Vec<String>) {
    let copies = find(spec);
    if copies.is_empty() {
        return (Cow::Borrowed(spec), Vec::new());
    }
    let mut out = spec.clone();
    for api in &mut out.apis {
        let models = std::mem::take(&mut api.models);
        for (key, mut def) in models {
            rewrite_model(&mut def, &copies);
            let key = match copies.get(&key) {
                Some(c) => format!("{}<{}>", c.base, c.arg_text),
                None => key,
            };
            api.models.entry(key).or_insert(def);
        }
        for path in &mut api.paths {
            for op in &mut path.ops {
                rewrite(&mut op.response.ty, &copies);
                for p in &mut op.params {
                    rewrite(&mut p.ty.ty, &copies);
                }
            }
        }
    }
    let recovered = recover(&mut out, &copies);
    (Cow::Owned(out), recovered)
}

/// Every model key that is a copy, with its generic model and argument.
fn find(spec: &Spec) -> BTreeMap<String, Copy> {
    let mut defs: BTreeMap<&str, &ModelSpec> = BTreeMap::new();
    for api in &spec.apis {
        for (k, d) in &api.models {
            defs.entry(k).or_insert(d);
        }
    }
    let plain = |name: &str| defs.contains_key(name);
    let mut out = BTreeMap::new();
    for (key, def) in &defs {
        let Some((base, arg_text)) = key.split_once('_') else {
            continue;
        };
        if key.contains('<') || !base.contains('.') || plain(base) {
            continue;
        }
        let Ok(arg) = types::parse(arg_text, &[]) else {
            continue;
        };
        let mut all_defined = true;
        arg.for_each_model(&mut |m| all_defined &= plain(m));
        let ShapeSpec::Object(props) = &def.shape else {
            continue;
        };
        if all_defined && props.values().any(|p| contains(&p.ty.ty, &arg)) {
            out.insert(
                key.to_string(),
                Copy {
                    base: base.to_string(),
                    arg_text: arg_text.to_string(),
                    arg,
                },
            );
        }
    }
    out
}

/// Whether `t` is `x` or holds it (as an item, a map value, a generic argument).
fn contains(t: &TypeRef, x: &TypeRef) -> bool {
    t == x
        || match t {
            TypeRef::Array(i) | TypeRef::Map(i) => contains(i, x),
            TypeRef::Model { args, .. } => args.iter().any(|a| contains(a, x)),
            _ => false,
        }
}

/// `t` with `x` replaced by `by` wherever it appears.
fn substitute(t: &TypeRef, x: &TypeRef, by: &TypeRef) -> TypeRef {
    if t == x {
        return by.clone();
    }
    match t {
        TypeRef::Array(i) => TypeRef::Array(Box::new(substitute(i, x, by))),
        TypeRef::Map(i) => TypeRef::Map(Box::new(substitute(i, x, by))),
        TypeRef::Model { name, args } => TypeRef::Model {
            name: name.clone(),
            args: args.iter().map(|a| substitute(a, x, by)).collect(),
        },
        other => other.clone(),
    }
}

/// A reference to a copy becomes its generic model with the argument.
fn rewrite(t: &mut TypeRef, copies: &BTreeMap<String, Copy>) {
    match t {
        TypeRef::Array(i) | TypeRef::Map(i) => rewrite(i, copies),
        TypeRef::Model { name, args } => {
            for a in args.iter_mut() {
                rewrite(a, copies);
            }
            if let (Some(c), true) = (copies.get(name.as_str()), args.is_empty()) {
                let mut arg = c.arg.clone();
                rewrite(&mut arg, copies);
                *t = TypeRef::Model {
                    name: c.base.clone(),
                    args: vec![arg],
                };
            }
        }
        _ => {}
    }
}

fn rewrite_model(def: &mut ModelSpec, copies: &BTreeMap<String, Copy>) {
    match &mut def.shape {
        ShapeSpec::Object(props) => {
            for p in props.values_mut() {
                rewrite(&mut p.ty.ty, copies);
            }
        }
        ShapeSpec::Union { variants, .. } => {
            for v in variants {
                rewrite(&mut v.ty.ty, copies);
            }
        }
        ShapeSpec::Enum { .. } | ShapeSpec::Untyped => {}
    }
}

/// Adds a generic definition (`Base<T>`) for every generic model only known by its copies,
/// to the API of its first copy; returns their names.
fn recover(spec: &mut Spec, copies: &BTreeMap<String, Copy>) -> Vec<String> {
    let defined: BTreeSet<String> = spec
        .apis
        .iter()
        .flat_map(|a| a.models.iter())
        .filter(|(_, d)| d.generics.is_some())
        .filter_map(|(k, _)| k.split_once('<').map(|(b, _)| b.to_string()))
        .collect();
    let mut by_base: BTreeMap<&str, Vec<(usize, &Copy)>> = BTreeMap::new();
    for (i, api) in spec.apis.iter().enumerate() {
        for c in copies.values() {
            if api
                .models
                .contains_key(&format!("{}<{}>", c.base, c.arg_text))
            {
                by_base.entry(&c.base).or_default().push((i, c));
            }
        }
    }
    let mut added = Vec::new();
    for (base, list) in by_base {
        if defined.contains(base) {
            continue;
        }
        let instances: Vec<(&TypeRef, &ModelSpec)> = list
            .iter()
            .filter_map(|(i, c)| {
                let key = format!("{}<{}>", c.base, c.arg_text);
                spec.apis[*i].models.get(&key).map(|d| (&c.arg, d))
            })
            .collect();
        let def = generic_of(&instances);
        added.push((list[0].0, format!("{base}<{PARAM}>"), def));
    }
    let names = added.iter().map(|(_, k, _)| k.clone()).collect();
    for (api, key, def) in added {
        spec.apis[api].models.insert(key, def);
    }
    names
}

/// The generic definition behind some copies (each with its argument).
fn generic_of(instances: &[(&TypeRef, &ModelSpec)]) -> ModelSpec {
    let param = TypeRef::Param(PARAM.into());
    let mut props: BTreeMap<String, PropSpec> = BTreeMap::new();
    let mut forms: BTreeMap<String, (Vec<TypeRef>, Vec<TypeRef>)> = BTreeMap::new();
    for (arg, def) in instances {
        let ShapeSpec::Object(p) = &def.shape else {
            continue;
        };
        for (name, prop) in p {
            props.entry(name.clone()).or_insert_with(|| prop.clone());
            let (generic, raw) = forms.entry(name.clone()).or_default();
            generic.push(substitute(&prop.ty.ty, arg, &param));
            raw.push(prop.ty.ty.clone());
        }
    }
    for (name, prop) in &mut props {
        let (generic, raw) = &forms[name];
        let same = |l: &[TypeRef]| l.iter().all(|t| *t == l[0]);
        prop.ty.ty = if same(generic) || !same(raw) {
            generic[0].clone()
        } else {
            raw[0].clone()
        };
    }
    ModelSpec {
        ovh_name: None,
        // Console copies are described by their own name (`complexType.UnitAndValue_double`).
        description: instances
            .iter()
            .filter_map(|(_, d)| d.description.clone())
            .find(|d| !d.contains('_') || d.contains(' ')),
        generics: Some(vec![PARAM.into()]),
        shape: ShapeSpec::Object(props),
    }
}
