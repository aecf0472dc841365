//! The comparison of two [`Snapshot`]s into a [`Report`]: APIs, operations (deprecation,
//! response, body, parameters), path parameters and models (fields, enum values), each a
//! small pass appending [`Change`]s.

use std::collections::BTreeMap;

use super::report::{Change, Kind, Report, Severity};
use super::view::{
    self, type_text, FieldView, ModelView, OpKey, OpView, ParamPlace, ParamView, Shape, Snapshot,
};

/// Compares two snapshots.
pub fn compare(old: &Snapshot, new: &Snapshot, old_label: &str, new_label: &str) -> Report {
    let mut out = Vec::new();
    // The order of these passes is the order of changes whose sort keys tie (the sort below
    // is stable): keep it.
    compare_apis(old, new, &mut out);
    compare_ops(old, new, &mut out);
    compare_path_params(old, new, &mut out);
    compare_models(old, new, &mut out);
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Report {
        old: old_label.to_string(),
        new: new_label.to_string(),
        changes: out,
        degraded: new.degraded.clone(),
    }
}

/// Builds a change about one subject (an operation, a model) with a given severity and kind:
/// what the per-subject comparisons below are handed, so each fills in only the details.
type ChangeOf<'a> = &'a dyn Fn(Severity, Kind) -> Change;

/// APIs removed, then APIs added.
fn compare_apis(old: &Snapshot, new: &Snapshot, out: &mut Vec<Change>) {
    let note = |a: &view::ApiView| format!("{} operation(s); Cargo feature `{}`", a.ops, a.feature);
    for (path, a) in &old.apis {
        if !new.apis.contains_key(path) {
            out.push(Change::new(Severity::Breaking, Kind::ApiRemoved, path).note(note(a)));
        }
    }
    for (path, a) in &new.apis {
        if !old.apis.contains_key(path) {
            out.push(Change::new(Severity::Additive, Kind::ApiAdded, path).note(note(a)));
        }
    }
}

/// Operations removed, then operations added or changed.
fn compare_ops(old: &Snapshot, new: &Snapshot, out: &mut Vec<Change>) {
    // Operations of an added or removed API are summed up by that API's entry.
    for (key, op) in &old.ops {
        if !new.ops.contains_key(key) && new.apis.contains_key(&op.api) {
            out.push(Change::new(Severity::Breaking, Kind::OperationRemoved, &op.api).op(key));
        }
    }
    for (key, op) in &new.ops {
        match old.ops.get(key) {
            None if old.apis.contains_key(&op.api) => {
                let mut c = Change::new(Severity::Additive, Kind::OperationAdded, &op.api).op(key);
                if let Some(note) = &op.deprecated {
                    c = c.note(note.clone());
                }
                out.push(c);
            }
            None => {}
            Some(before) => compare_op(key, before, op, out),
        }
    }
}

/// `{name}` path segments that accept another type. One that appears or disappears comes
/// with its operations, which are reported instead.
fn compare_path_params(old: &Snapshot, new: &Snapshot, out: &mut Vec<Change>) {
    let text = |t: &Option<_>| Some(t.as_ref().map_or("any Display value".into(), type_text));
    for (path, p) in &new.path_params {
        let Some(before) = old.path_params.get(path) else {
            continue;
        };
        if before.ty != p.ty {
            out.push(
                Change::new(Severity::Breaking, Kind::PathParameterTypeChanged, &p.api)
                    .old_new(text(&before.ty), text(&p.ty))
                    .member(&p.name)
                    .with_path(path),
            );
        }
    }
}

/// Models removed, then models added or changed.
fn compare_models(old: &Snapshot, new: &Snapshot, out: &mut Vec<Change>) {
    for (wire, m) in &old.models {
        if !new.models.contains_key(wire) {
            out.push(
                Change::new(Severity::Breaking, Kind::ModelRemoved, &m.api)
                    .model(wire)
                    .old_new(Some(format!("models::{}", m.rust_path)), None),
            );
        }
    }
    for (wire, m) in &new.models {
        match old.models.get(wire) {
            None => out.push(
                Change::new(Severity::Additive, Kind::ModelAdded, &m.api)
                    .model(wire)
                    .old_new(None, Some(format!("models::{}", m.rust_path)))
                    .note(m.shape.describe()),
            ),
            Some(before) => compare_model(wire, before, m, out),
        }
    }
}

/// An operation present in both sets: deprecation, response, unnamed body, named parameters.
fn compare_op(key: &OpKey, old: &OpView, new: &OpView, out: &mut Vec<Change>) {
    let api = new.api.as_str();
    let change = |s: Severity, k: Kind| Change::new(s, k, api).op(key);
    compare_deprecation(&old.deprecated, &new.deprecated, &change, out);
    compare_response_and_body(old, new, &change, out);
    compare_params(&old.params, &new.params, &change, out);
}

/// Deprecation is advice, never breaking: deprecated, undeprecated, or a new note.
fn compare_deprecation(
    old: &Option<String>,
    new: &Option<String>,
    change: ChangeOf,
    out: &mut Vec<Change>,
) {
    use Severity::Additive;
    match (old, new) {
        (None, Some(note)) => {
            out.push(change(Additive, Kind::OperationDeprecated).note(note.clone()))
        }
        (Some(_), None) => out.push(change(Additive, Kind::OperationUndeprecated)),
        (Some(a), Some(b)) if a != b => out.push(
            change(Additive, Kind::OperationDeprecationChanged)
                .old_new(Some(a.clone()), Some(b.clone())),
        ),
        _ => {}
    }
}

/// The response type, then the unnamed body: any change to either breaks callers.
fn compare_response_and_body(old: &OpView, new: &OpView, change: ChangeOf, out: &mut Vec<Change>) {
    use Severity::Breaking;
    if old.response != new.response {
        out.push(change(Breaking, Kind::ResponseTypeChanged).old_new(
            Some(type_text(&old.response)),
            Some(type_text(&new.response)),
        ));
    }
    match (&old.body, &new.body) {
        (None, Some(t)) => {
            out.push(change(Breaking, Kind::BodyAdded).old_new(None, Some(type_text(t))))
        }
        (Some(t), None) => {
            out.push(change(Breaking, Kind::BodyRemoved).old_new(Some(type_text(t)), None))
        }
        (Some(a), Some(b)) if a != b => out.push(
            change(Breaking, Kind::BodyTypeChanged).old_new(Some(type_text(a)), Some(type_text(b))),
        ),
        _ => {}
    }
}

/// Named parameters of one operation by `(place, wire name)`.
type Params = BTreeMap<(ParamPlace, String), ParamView>;

/// `required` or `optional`, as the notes word a parameter.
fn required_text(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

/// Named parameters removed, then added or changed.
fn compare_params(old: &Params, new: &Params, change: ChangeOf, out: &mut Vec<Change>) {
    use Severity::{Additive, Breaking};
    for ((place, wire), p) in old {
        if !new.contains_key(&(*place, wire.clone())) {
            out.push(
                change(Breaking, Kind::ParameterRemoved)
                    .member(wire)
                    .old_new(Some(type_text(&p.ty)), None)
                    .note(format!(
                        "{} {} parameter",
                        required_text(p.required),
                        place.as_str()
                    )),
            );
        }
    }
    for ((place, wire), p) in new {
        let Some(before) = old.get(&(*place, wire.clone())) else {
            // A new required parameter is a new positional argument; an optional one a setter.
            let severity = if p.required { Breaking } else { Additive };
            out.push(
                change(severity, Kind::ParameterAdded)
                    .member(wire)
                    .old_new(None, Some(type_text(&p.ty)))
                    .note(format!(
                        "{} {} parameter",
                        required_text(p.required),
                        place.as_str()
                    )),
            );
            continue;
        };
        compare_param((*place, wire), before, p, change, out);
    }
}

/// A parameter present in both, by `(place, wire name)`: its type, then whether it is
/// positional (required) or a setter, and the setter's name.
fn compare_param(
    (place, wire): (ParamPlace, &str),
    old: &ParamView,
    new: &ParamView,
    change: ChangeOf,
    out: &mut Vec<Change>,
) {
    use Severity::Breaking;
    let where_ = place.as_str();
    if old.ty != new.ty {
        out.push(
            change(Breaking, Kind::ParameterTypeChanged)
                .member(wire)
                .old_new(Some(type_text(&old.ty)), Some(type_text(&new.ty)))
                .note(format!("{where_} parameter")),
        );
    }
    match (old.required, new.required) {
        (false, true) => out.push(
            change(Breaking, Kind::ParameterNowRequired)
                .member(wire)
                .note(format!(
                    "{where_} parameter: setter `{}` → positional argument",
                    old.rust_name
                )),
        ),
        (true, false) => out.push(
            change(Breaking, Kind::ParameterNowOptional)
                .member(wire)
                .note(format!(
                    "{where_} parameter: positional argument → setter `{}`",
                    new.rust_name
                )),
        ),
        // A positional argument's name is not part of the caller's code; a setter's is.
        (false, false) if old.rust_name != new.rust_name => out.push(
            change(Breaking, Kind::ParameterRenamed)
                .member(wire)
                .old_new(Some(old.rust_name.clone()), Some(new.rust_name.clone()))
                .note(format!("{where_} parameter setter")),
        ),
        _ => {}
    }
}

/// A model present in both sets: its Rust path, then its shape.
fn compare_model(wire: &str, old: &ModelView, new: &ModelView, out: &mut Vec<Change>) {
    use Severity::Breaking;
    let change = |s: Severity, k: Kind| Change::new(s, k, &new.api).model(wire);
    if old.rust_path != new.rust_path {
        out.push(change(Breaking, Kind::ModelRenamed).old_new(
            Some(format!("models::{}", old.rust_path)),
            Some(format!("models::{}", new.rust_path)),
        ));
    }
    match (&old.shape, &new.shape) {
        (
            Shape::Struct {
                generics: g0,
                fields: f0,
                default: d0,
            },
            Shape::Struct {
                generics: g1,
                fields: f1,
                default: d1,
            },
        ) => {
            if g0 != g1 {
                let text = |g: &[String]| Some(format!("<{}>", g.join(", ")));
                out.push(change(Breaking, Kind::ModelGenericsChanged).old_new(text(g0), text(g1)));
            }
            if *d0 && !*d1 {
                out.push(
                    change(Breaking, Kind::ModelDefaultRemoved)
                        .note("`Default::default()` and `..Default::default()` no longer compile"),
                );
            }
            // Struct literals name every field unless they end in `..Default::default()`: a
            // model callers build (sent in a request) that has no `Default` makes every such
            // literal incomplete when a field is added.
            let literals_break = new.sent && !*d1;
            compare_fields(f0, f1, literals_break, &change, out);
        }
        (
            Shape::Enum {
                wire: l0,
                values: v0,
            },
            Shape::Enum {
                wire: l1,
                values: v1,
            },
        ) if l0 == l1 => compare_enum_values(v0, v1, &change, out),
        (Shape::Untyped, Shape::Untyped) => {}
        (Shape::Union(a), Shape::Union(b)) if a == b => {}
        (Shape::Union(a), Shape::Union(b)) => {
            let text = |v: &[String]| Some(format!("union of {}", v.join(", ")));
            out.push(change(Breaking, Kind::ModelKindChanged).old_new(text(a), text(b)));
        }
        (Shape::Alias(a), Shape::Alias(b)) if a == b => {}
        (a, b) => out.push(
            change(Breaking, Kind::ModelKindChanged)
                .old_new(Some(a.describe().into()), Some(b.describe().into())),
        ),
    }
}

/// Struct fields removed, then added or changed. `literals_break`: an added field breaks the
/// struct literals that callers write (see `compare_model`).
fn compare_fields(
    old: &BTreeMap<String, FieldView>,
    new: &BTreeMap<String, FieldView>,
    literals_break: bool,
    change: ChangeOf,
    out: &mut Vec<Change>,
) {
    use Severity::{Additive, Breaking};
    for (name, f) in old {
        if !new.contains_key(name) {
            out.push(
                change(Breaking, Kind::FieldRemoved)
                    .member(name)
                    .old_new(Some(type_text(&f.ty)), None),
            );
        }
    }
    for (name, f) in new {
        let Some(before) = old.get(name) else {
            let (severity, why) = if literals_break {
                (Breaking, "; the model is sent in requests and has no `Default`: struct literals must add it")
            } else {
                (Additive, "")
            };
            let what = match (f.optional, f.read_only) {
                (true, _) => "optional",
                (false, true) => "required, read-only",
                (false, false) => "required",
            };
            out.push(
                change(severity, Kind::FieldAdded)
                    .member(name)
                    .old_new(None, Some(type_text(&f.ty)))
                    .note(format!("{what}{why}")),
            );
            continue;
        };
        compare_field(name, before, f, change, out);
    }
}

/// A field present in both: its type, whether it is an `Option`, its Rust name.
fn compare_field(
    name: &str,
    old: &FieldView,
    new: &FieldView,
    change: ChangeOf,
    out: &mut Vec<Change>,
) {
    use Severity::Breaking;
    if old.ty != new.ty {
        out.push(
            change(Breaking, Kind::FieldTypeChanged)
                .member(name)
                .old_new(Some(type_text(&old.ty)), Some(type_text(&new.ty))),
        );
    }
    match (old.optional, new.optional) {
        (false, true) => out.push(
            change(Breaking, Kind::FieldNowOptional)
                .member(name)
                .note(format!("`{0}: T` → `{0}: Option<T>`", new.rust_name)),
        ),
        (true, false) => out.push(
            change(Breaking, Kind::FieldNowRequired)
                .member(name)
                .note(format!("`{0}: Option<T>` → `{0}: T`", new.rust_name)),
        ),
        _ => {}
    }
    if old.rust_name != new.rust_name {
        out.push(
            change(Breaking, Kind::FieldRenamed)
                .member(name)
                .old_new(Some(old.rust_name.clone()), Some(new.rust_name.clone())),
        );
    }
}

/// Values of an enum of the same wire type: removed or renamed, then added. Values are
/// compared by wire text, variants by Rust name.
fn compare_enum_values(
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
    change: ChangeOf,
    out: &mut Vec<Change>,
) {
    use Severity::{Additive, Breaking};
    for (value, variant) in old {
        match new.get(value) {
            None => out.push(
                change(Breaking, Kind::EnumValueRemoved)
                    .member(value)
                    .old_new(Some(variant.clone()), None)
                    .note("code naming the variant no longer compiles; the value now decodes into the catch-all variant"),
            ),
            Some(v) if v != variant => out.push(
                change(Breaking, Kind::EnumVariantRenamed)
                    .member(value)
                    .old_new(Some(variant.clone()), Some(v.clone())),
            ),
            Some(_) => {}
        }
    }
    for (value, variant) in new {
        if !old.contains_key(value) {
            out.push(
                change(Additive, Kind::EnumValueAdded)
                    .member(value)
                    .old_new(None, Some(variant.clone())),
            );
        }
    }
}
