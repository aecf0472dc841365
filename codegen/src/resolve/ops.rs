//! Operations: parameters sorted into path values, positional arguments and setters, body
//! shape, response type, deprecation note.

use std::collections::BTreeSet;

use super::paths::Tree;
use super::{Ctx, Known};
use crate::ir::{Arg, Body, Example, Op, OpSpec, ParamPlace, Place, Segment, Status, StatusValue};
use crate::naming::{self, Scope};
use crate::types::TypeRef;

/// Builds one operation of `node`, recording the path parameter types on their nodes.
#[allow(clippy::too_many_arguments)]
pub fn resolve(
    ctx: &mut Ctx,
    op: &OpSpec,
    template: &str,
    api: usize,
    known: &Known,
    tree: &mut Tree,
    node: usize,
    segs: &[Segment],
) -> Op {
    let response = ctx.check_type(api, &op.response, known);
    let paginated = op.paginated && matches!(response, TypeRef::Array(_));
    if op.paginated && !paginated {
        ctx.degrade(
            api,
            &op.response.at,
            "a paginated operation whose response is not a list: sent as one call",
        );
    }
    // Named parameters as (argument, required), in schema order; named below.
    let mut query = Vec::new();
    let mut body_params = Vec::new();
    let mut whole = None;
    for p in &op.params {
        let ty = ctx.check_type(api, &p.ty, known);
        let description = nonempty(&p.description);
        match (p.place, &p.name) {
            (ParamPlace::Path, Some(name)) => {
                let pos = segs.iter().position(|s| *s == Segment::Param(name.clone()));
                let Some(pos) = pos else {
                    ctx.degrade(
                        api,
                        &p.at,
                        format!("path parameter `{name}` is not in `{template}`: ignored"),
                    );
                    continue;
                };
                let n = tree.find(&segs[..=pos]).unwrap_or(node);
                tree.param_types
                    .entry(n)
                    .or_default()
                    .push((ty, description));
            }
            (ParamPlace::Query | ParamPlace::Header | ParamPlace::Body, Some(name)) => {
                // Headers share the query parameters' group: both come before body members.
                let (place, list) = match p.place {
                    ParamPlace::Query => (Place::Query, &mut query),
                    ParamPlace::Header => (Place::Header, &mut query),
                    _ => (Place::Body, &mut body_params),
                };
                list.push((
                    Arg {
                        place,
                        wire: name.clone(),
                        name: String::new(),
                        ty,
                        explode: p.explode,
                        description,
                    },
                    p.required,
                ));
            }
            (ParamPlace::Body, None) => {
                if whole.is_some() {
                    ctx.degrade(api, &p.at, "a second unnamed body parameter: ignored");
                    continue;
                }
                whole = Some(Body::Whole { ty, description });
            }
            (_, None) => ctx.degrade(
                api,
                &p.at,
                "path, query or header parameter without a name: ignored",
            ),
        }
    }
    let body_ty = match &whole {
        Some(Body::Whole { ty, .. }) => Some(ty.clone()),
        _ => None,
    };
    let body = match (whole, body_params.is_empty()) {
        (Some(w), true) => w,
        (None, true) => Body::None,
        (None, false) => Body::Fields,
        (Some(_), false) => {
            ctx.degrade(
                api,
                &op.at,
                "both an unnamed body and named body parameters: body sent as serde_json::Value",
            );
            body_params.clear();
            Body::Whole {
                ty: crate::types::TypeRef::Any,
                description: None,
            }
        }
    };
    // One name scope for all arguments and setters of the operation: query parameters first,
    // then body parameters (each in schema order), then the unnamed body argument. A body
    // parameter whose name a query parameter took gets a `body_` prefix; any other clash a
    // numeric suffix. `self` is reserved.
    let mut scope = Scope::new();
    scope.reserve("self");
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
    // Setters are methods of the request wrapper, beside those the runtime's macro gives it:
    // a setter named like one takes a numeric suffix (arguments keep their names).
    let methods = if paginated {
        crate::reserved::PAGED_WRAPPER_METHODS
    } else {
        crate::reserved::TYPED_WRAPPER_METHODS
    };
    for a in &mut setters {
        if methods.contains(&a.name.as_str()) {
            let want = a.name.clone();
            a.name = scope.claim(&want, true);
            ctx.stats.renamed.push(format!(
                "{} {template}: setter `{want}` is a method of every request, named `{}`",
                op.method.as_str(),
                a.name
            ));
        }
    }
    let body_arg = scope.claim("body", true);
    let status = op.status.value;
    let deprecated = (status == StatusValue::Deprecated).then(|| deprecation_note(&op.status));
    // Examples decode into the body or response type, when there is one to check against.
    let mut examples = Vec::new();
    for e in &op.examples {
        let ty = if e.request {
            body_ty.clone()
        } else {
            Some(response.clone())
        };
        match ty {
            Some(ty) if ty != TypeRef::Void => {
                ctx.stats.examples += 1;
                examples.push(Example {
                    name: e.name.clone(),
                    at: e.at.clone(),
                    request: e.request,
                    ty,
                    value: e.value.clone(),
                    // Set by the examples pass, once names and models are final.
                    test_name: String::new(),
                    sent: serde_json::Value::Null,
                });
            }
            _ => ctx.degrade(
                api,
                &e.at,
                "an example for a request or response without a typed body: not checked",
            ),
        }
    }
    if paginated {
        ctx.stats.paginated += 1;
    }
    Op {
        method: op.method,
        fn_name: op.method.as_str().to_ascii_lowercase(),
        template: template.to_string(),
        description: nonempty(&op.description),
        status,
        deprecated,
        iam: op.iam.clone(),
        no_auth: op.no_auth,
        response,
        args,
        setters,
        body_arg,
        body,
        builder: None,
        params_struct: None,
        api,
        paginated,
        badges: op.badges.clone(),
        internal: op.internal,
        examples,
    }
}

fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_ref().filter(|s| !s.trim().is_empty()).cloned()
}

/// The `#[deprecated]` note: dates and the replacement path when the schema gives them.
fn deprecation_note(s: &Status) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deprecation_dates_keep_the_day() {
        assert_eq!(day("2023-01-01T00:00:00Z"), "2023-01-01");
        assert_eq!(day("2021-12-01 00:00:00 +0000 UTC"), "2021-12-01");
        assert_eq!(day(" 2021-12-01"), "2021-12-01");
        assert_eq!(day("soon"), "soon");
        assert_eq!(day("2021-1-1 UTC"), "2021-1-1 UTC");
    }
}
