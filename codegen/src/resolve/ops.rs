//! Operations: parameters sorted into path values, positional arguments and setters, body
//! shape, response type, deprecation note.

use std::collections::BTreeSet;

use super::paths::Tree;
use super::{Ctx, Known};
use crate::ir::{
    ApiId, Arg, Body, Example, Op, OpSpec, ParamPlace, Place, Segment, Status, StatusValue,
};
use crate::naming::{self, Scope};
use crate::types::TypeRef;

/// Where an operation sits: its API, path template, node and the template's segments, with
/// the types known to the schemas.
pub struct Site<'a> {
    /// The API (index) the operation belongs to.
    pub api: ApiId,
    /// The path template (`/me/bill/{billId}`).
    pub template: &'a str,
    /// The node of the template in the path tree.
    pub node: usize,
    /// The template's segments.
    pub segs: &'a [Segment],
    /// The model names the schemas define.
    pub known: &'a Known,
}

/// An operation's named parameters as (argument, required), in schema order and not yet
/// named, and its unnamed body, if any.
#[derive(Default)]
struct Params {
    /// Query and header parameters: both come before body members.
    query: Vec<(Arg, bool)>,
    body: Vec<(Arg, bool)>,
    whole: Option<Body>,
}

/// Builds one operation, recording the path parameter types on their nodes in `tree`.
pub fn resolve(ctx: &mut Ctx, op: &OpSpec, site: &Site<'_>, tree: &mut Tree) -> Op {
    let response = ctx.check_type(site.api.0, &op.response, site.known);
    let paginated = op.paginated && matches!(response, TypeRef::Array(_));
    if op.paginated && !paginated {
        ctx.degrade(
            site.api.0,
            &op.response.at,
            "a paginated operation whose response is not a list: sent as one call",
        );
    }
    let mut params = sort_params(ctx, op, site, tree);
    let body_ty = match &params.whole {
        Some(Body::Whole { ty, .. }) => Some(ty.clone()),
        _ => None,
    };
    let body = body_shape(ctx, op, site, &mut params);
    let (args, setters, body_arg) = name_args(ctx, op, site, params, paginated);
    let status = op.status.value;
    let deprecated = (status == StatusValue::Deprecated).then(|| deprecation_note(&op.status));
    let examples = examples(ctx, op, site, body_ty, &response);
    if paginated {
        ctx.stats.paginated += 1;
    }
    Op {
        method: op.method,
        fn_name: op.method.as_str().to_ascii_lowercase(),
        template: site.template.to_string(),
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
        api: site.api,
        paginated,
        badges: op.badges.clone(),
        internal: op.internal,
        examples,
        // Set by the tasks pass, once every operation and model is known.
        // Set by the resources pass, after the tasks pass.
        wait: crate::ir::Wait::None,
        allow: Vec::new(),
        secrets: Vec::new(),
    }
}

/// Sorts the parameters by place: path parameters' types go to their nodes, named query,
/// header and body parameters become arguments, the unnamed body is kept whole.
fn sort_params(ctx: &mut Ctx, op: &OpSpec, site: &Site<'_>, tree: &mut Tree) -> Params {
    let mut params = Params::default();
    for p in &op.params {
        let ty = ctx.check_type(site.api.0, &p.ty, site.known);
        let description = nonempty(&p.description);
        match (p.place, &p.name) {
            (ParamPlace::Path, Some(name)) => {
                let pos = site
                    .segs
                    .iter()
                    .position(|s| *s == Segment::Param(name.clone()));
                let Some(pos) = pos else {
                    let template = site.template;
                    ctx.degrade(
                        site.api.0,
                        &p.at,
                        format!("path parameter `{name}` is not in `{template}`: ignored"),
                    );
                    continue;
                };
                let n = tree.find(&site.segs[..=pos]).unwrap_or(site.node);
                tree.param_types
                    .entry(n)
                    .or_default()
                    .push((ty, description));
            }
            (ParamPlace::Query | ParamPlace::Header | ParamPlace::Body, Some(name)) => {
                // Headers share the query parameters' group: both come before body members.
                let (place, list) = match p.place {
                    ParamPlace::Query => (Place::Query, &mut params.query),
                    ParamPlace::Header => (Place::Header, &mut params.query),
                    _ => (Place::Body, &mut params.body),
                };
                let arg = Arg {
                    place,
                    wire: name.clone(),
                    name: String::new(),
                    ty,
                    explode: p.explode,
                    description,
                    format: p.ty.format,
                    notes: Vec::new(),
                };
                list.push((arg, p.required));
            }
            (ParamPlace::Body, None) if params.whole.is_some() => {
                ctx.degrade(
                    site.api.0,
                    &p.at,
                    "a second unnamed body parameter: ignored",
                );
            }
            (ParamPlace::Body, None) => params.whole = Some(Body::Whole { ty, description }),
            (_, None) => ctx.degrade(
                site.api.0,
                &p.at,
                "path, query or header parameter without a name: ignored",
            ),
        }
    }
    params
}

/// The body: whole, made of named fields, or none. Both an unnamed body and named body
/// parameters cannot be sent together: the body degrades to untyped JSON.
fn body_shape(ctx: &mut Ctx, op: &OpSpec, site: &Site<'_>, params: &mut Params) -> Body {
    match (params.whole.take(), params.body.is_empty()) {
        (Some(w), true) => w,
        (None, true) => Body::None,
        (None, false) => Body::Fields,
        (Some(_), false) => {
            ctx.degrade(
                site.api.0,
                &op.at,
                "both an unnamed body and named body parameters: body sent as serde_json::Value",
            );
            params.body.clear();
            Body::Whole {
                ty: crate::types::TypeRef::Any,
                description: None,
            }
        }
    }
}

/// Names the arguments and setters in one scope: query parameters first, then body
/// parameters (each in schema order), then the unnamed body argument. A body parameter whose
/// name a query parameter took gets a `body_` prefix; any other clash a numeric suffix.
/// `self` is reserved, and a setter named like a method every request has is renamed (and
/// reported). Returns the arguments, the setters and the body argument's name.
fn name_args(
    ctx: &mut Ctx,
    op: &OpSpec,
    site: &Site<'_>,
    params: Params,
    paginated: bool,
) -> (Vec<Arg>, Vec<Arg>, String) {
    let Params {
        mut query,
        body: mut body_params,
        ..
    } = params;
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
    // Setters are methods of the request wrapper, beside those the runtime's macro gives it
    // (arguments keep their names).
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
                "{} {}: setter `{want}` is a method of every request, named `{}`",
                op.method.as_str(),
                site.template,
                a.name
            ));
        }
    }
    let body_arg = scope.claim("body", true);
    (args, setters, body_arg)
}

/// The schema's examples that can be checked: each decodes into the body or response type,
/// when there is one to check against.
fn examples(
    ctx: &mut Ctx,
    op: &OpSpec,
    site: &Site<'_>,
    body_ty: Option<TypeRef>,
    response: &TypeRef,
) -> Vec<Example> {
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
                site.api.0,
                &e.at,
                "an example for a request or response without a typed body: not checked",
            ),
        }
    }
    examples
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
            // The console writes the branch (`/1.0/…`), OpenAPI documents may write its
            // alias (`/v1/…`) or none: the note names the path alone.
            let r = ["/1.0", "/v1"]
                .iter()
                .find_map(|b| r.strip_prefix(b).filter(|p| p.starts_with('/')))
                .unwrap_or(r);
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
    fn deprecation_replacements_name_the_path_alone() {
        let note = |replacement: &str| {
            deprecation_note(&Status {
                value: StatusValue::Deprecated,
                replacement: Some(replacement.into()),
                ..Status::default()
            })
        };
        for r in [
            "/1.0/vps/{serviceName}",
            "/v1/vps/{serviceName}",
            "/vps/{serviceName}",
        ] {
            assert_eq!(note(r), "deprecated by OVH; use /vps/{serviceName}", "{r}");
        }
        assert_eq!(note("/v1beta/x"), "deprecated by OVH; use /v1beta/x");
    }

    #[test]
    fn deprecation_dates_keep_the_day() {
        assert_eq!(day("2023-01-01T00:00:00Z"), "2023-01-01");
        assert_eq!(day("2021-12-01 00:00:00 +0000 UTC"), "2021-12-01");
        assert_eq!(day(" 2021-12-01"), "2021-12-01");
        assert_eq!(day("soon"), "soon");
        assert_eq!(day("2021-1-1 UTC"), "2021-1-1 UTC");
    }
}
