//! Pass 11: waiting on a `GET`, and /v2 resources. It runs after [`super::tasks`]: an
//! operation answering a task keeps its task link.
//!
//! * Every `GET` that is neither a cursor-paginated list nor linked to a task can be sent
//!   again until its answer satisfies a condition ([`Wait::Reread`]).
//! * A **resource model** is a plain struct (not generic) with a member whose wire name is
//!   [`RESOURCE_STATUS`] (any API): it implements `crate::ResourceModel`, and a `GET`
//!   answering one can `.wait_ready()`.
//! * A *resource `GET`* answers a resource model, is neither paginated nor task-linked, and
//!   has no required query parameter (the runtime sends it with none).
//! * A `POST` or `PUT` answering a resource model `R` (not paginated, not task-linked) is
//!   linked ([`Wait::Ready`]) to the resource `GET` of its API at its own template, else at
//!   its template plus one `{param}` segment (a `POST` creating into a collection; `R` must
//!   then have an [`ID_MEMBER`], which gives the new resource's placeholder); of several,
//!   the first template.
//! * A `DELETE` (not paginated, not task-linked) is linked ([`Wait::Gone`]) to the resource
//!   `GET` of its API at its own template.
//! * A node whose `GET` (no required query parameter) answers a struct with [`SPEC_MEMBERS`]
//!   and whose `PUT` (none either) takes a struct body with them too gets a `modify` method
//!   ([`Modify`]), named like a node method (a suffix when the name is taken).
//!
//! Nothing here fails: what does not fit is simply not linked.

use std::collections::BTreeMap;

use super::paths::{claim_method, segments};
use crate::ir::{
    ApiId, Body, Field, HttpMethod, Model, ModelKind, Modify, Node, Op, ReadLink, ResourceStats,
    Segment, Wait,
};
use crate::types::TypeRef;

/// The wire name of the member marking a resource model.
pub const RESOURCE_STATUS: &str = "resourceStatus";

/// The member of a resource the runtime reads a new resource's id from.
pub const ID_MEMBER: &str = "id";

/// The members of a resource updated with a checksum: what the `GET` answers and the `PUT`
/// takes (`checksum`, then `targetSpec`, the spec `modify` changes).
pub const SPEC_MEMBERS: [&str; 2] = ["checksum", "targetSpec"];

/// The name of the method changing a resource's target spec.
pub const MODIFY: &str = "modify";

/// Marks resource models, sets what every operation's request can wait for, and gives
/// nodes their `modify` method; returns the counts, and the `modify` methods renamed (for
/// the summary's renamed list).
pub fn link(
    models: &mut BTreeMap<String, Model>,
    nodes: &mut [Node],
) -> (ResourceStats, Vec<String>) {
    let mut stats = ResourceStats::default();
    for m in models.values_mut() {
        m.resource = is_resource(m);
        stats.models += usize::from(m.resource);
    }
    let models = &*models;
    let gets = resource_gets(nodes, models);
    for op in nodes.iter_mut().flat_map(|n| n.ops.iter_mut()) {
        op.wait = wait_of(op, models, &gets);
        match &op.wait {
            Wait::Reread { resource: true } => stats.ready_gets += 1,
            Wait::Ready(_) => stats.answers += 1,
            Wait::Gone(_) => stats.deletes += 1,
            Wait::None | Wait::Task(_) | Wait::Reread { resource: false } => {}
        }
    }
    let mut renamed = Vec::new();
    for n in 0..nodes.len() {
        let Some(mut modify) = modify_of(&nodes[n], models) else {
            continue;
        };
        (modify.name, modify.clash) = claim_method(nodes, n, MODIFY);
        if let Some(clash) = &modify.clash {
            renamed.push(format!(
                "{}: method `{MODIFY}` is taken by {clash}, named `{}`",
                nodes[n].path, modify.name
            ));
        }
        stats.modify.push(nodes[n].path.clone());
        nodes[n].modify = Some(modify);
    }
    stats.modify.sort();
    (stats, renamed)
}

/// Whether a model is a resource: a plain struct with a [`RESOURCE_STATUS`] member.
fn is_resource(m: &Model) -> bool {
    matches!(&m.kind, ModelKind::Struct { generics, fields, .. }
        if generics.is_empty() && fields.iter().any(|f| f.wire == RESOURCE_STATUS))
}

/// The resource model an operation answers, if any.
fn answered<'m>(op: &Op, models: &'m BTreeMap<String, Model>) -> Option<&'m Model> {
    match &op.response {
        TypeRef::Model { name, args } if args.is_empty() && !op.paginated => {
            models.get(name).filter(|m| m.resource)
        }
        _ => None,
    }
}

/// The resource `GET`s, by API and template.
fn resource_gets(
    nodes: &[Node],
    models: &BTreeMap<String, Model>,
) -> BTreeMap<(ApiId, String), ReadLink> {
    nodes
        .iter()
        .flat_map(|n| &n.ops)
        .filter(|op| op.method == HttpMethod::Get && op.wait.task().is_none() && op.args.is_empty())
        .filter(|op| answered(op, models).is_some())
        .map(|op| ((op.api, op.template.clone()), read_link(op)))
        .collect()
}

fn read_link(op: &Op) -> ReadLink {
    ReadLink {
        template: op.template.clone(),
        iam: op.required_iam().cloned().collect(),
    }
}

/// What one operation's request can wait for (see the module docs).
fn wait_of(
    op: &Op,
    models: &BTreeMap<String, Model>,
    gets: &BTreeMap<(ApiId, String), ReadLink>,
) -> Wait {
    if op.wait.task().is_some() {
        return op.wait.clone();
    }
    if op.paginated {
        return Wait::None;
    }
    let own = gets.get(&(op.api, op.template.clone())).cloned();
    match op.method {
        HttpMethod::Get => Wait::Reread {
            resource: answered(op, models).is_some(),
        },
        HttpMethod::Post | HttpMethod::Put => {
            let Some(resource) = answered(op, models) else {
                return Wait::None;
            };
            own.or_else(|| collection_get(op, resource, gets))
                .map_or(Wait::None, Wait::Ready)
        }
        HttpMethod::Delete => own.map_or(Wait::None, Wait::Gone),
        _ => Wait::None,
    }
}

/// The resource `GET` at the operation's template plus one `{param}` segment, when the
/// resource it answers has an [`ID_MEMBER`] to fill that segment with; the first template.
fn collection_get(
    op: &Op,
    resource: &Model,
    gets: &BTreeMap<(ApiId, String), ReadLink>,
) -> Option<ReadLink> {
    member(resource, ID_MEMBER)?;
    let segs = segments(&op.template);
    gets.iter()
        .filter(|((api, _), _)| *api == op.api)
        .find(|((_, template), _)| {
            let get = segments(template);
            get.len() == segs.len() + 1
                && get.starts_with(&segs)
                && matches!(get.last(), Some(Segment::Param(_)))
        })
        .map(|(_, link)| link.clone())
}

/// A member of a plain struct, by wire name.
fn member<'m>(m: &'m Model, wire: &str) -> Option<&'m Field> {
    match &m.kind {
        ModelKind::Struct {
            generics, fields, ..
        } if generics.is_empty() => fields.iter().find(|f| f.wire == wire),
        _ => None,
    }
}

/// A plain struct named by a type, when it has both [`SPEC_MEMBERS`]: its `targetSpec`.
fn spec_member<'m>(ty: &TypeRef, models: &'m BTreeMap<String, Model>) -> Option<&'m Field> {
    let TypeRef::Model { name, args } = ty else {
        return None;
    };
    let m = models.get(name).filter(|_| args.is_empty())?;
    let [checksum, spec] = SPEC_MEMBERS;
    member(m, checksum)?;
    member(m, spec)
}

/// The `modify` method of a node (unnamed yet), if its `GET` and `PUT` are those of a
/// resource updated with a checksum.
fn modify_of(node: &Node, models: &BTreeMap<String, Model>) -> Option<Modify> {
    let op = |method| node.ops.iter().find(|o| o.method == method);
    let get = op(HttpMethod::Get).filter(|g| g.args.is_empty() && !g.paginated)?;
    spec_member(&get.response, models)?;
    let put = op(HttpMethod::Put).filter(|p| p.args.is_empty())?;
    let Body::Whole { ty, .. } = &put.body else {
        return None;
    };
    let spec = spec_member(ty, models)?;
    Some(Modify {
        name: String::new(),
        clash: None,
        get: read_link(get),
        put: read_link(put),
        spec: spec.ty.clone(),
        response: put.response.clone(),
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::ir::{Arg, IamAction, NodeId, Place, StatusValue, TaskLink};
    use crate::types::Prim;

    fn model(wire: &str, members: &[&str]) -> (String, Model) {
        let fields = members
            .iter()
            .map(|m| Field {
                wire: m.to_string(),
                name: crate::naming::value_name(m),
                ty: TypeRef::Prim(Prim::String),
                optional: true,
                nullable: false,
                default: false,
                read_only: false,
                boxed: false,
                description: None,
                format: None,
                notes: Vec::new(),
            })
            .collect();
        let m = Model {
            wire: wire.into(),
            module: vec!["x".into()],
            name: wire.rsplit('.').next().unwrap().into(),
            ovh_name: None,
            description: None,
            kind: ModelKind::Struct {
                generics: Vec::new(),
                fields,
                wire_field: "wire".into(),
            },
            apis: BTreeSet::new(),
            files: BTreeSet::new(),
            in_query: false,
            task: None,
            resource: false,
        };
        (wire.into(), m)
    }

    fn named(wire: &str) -> TypeRef {
        TypeRef::Model {
            name: wire.into(),
            args: Vec::new(),
        }
    }

    fn op(method: HttpMethod, template: &str, response: TypeRef) -> Op {
        Op {
            method,
            fn_name: method.as_str().to_ascii_lowercase(),
            template: template.into(),
            description: None,
            status: StatusValue::Production,
            deprecated: None,
            iam: vec![
                IamAction::required("x:apiovh:get"),
                IamAction {
                    action: "x:apiovh:more".into(),
                    required: false,
                },
            ],
            no_auth: false,
            response,
            args: Vec::new(),
            setters: Vec::new(),
            body_arg: "body".into(),
            body: Body::None,
            builder: None,
            params_struct: None,
            api: ApiId(0),
            paginated: false,
            badges: Vec::new(),
            internal: false,
            examples: Vec::new(),
            wait: Wait::None,
            allow: Vec::new(),
            secrets: Vec::new(),
        }
    }

    fn node(path: &str, parent: Option<usize>, method: &str, ops: Vec<Op>) -> Node {
        let segment = segments(path)
            .pop()
            .unwrap_or(Segment::Literal(String::new()));
        Node {
            segment,
            path: path.into(),
            parent: parent.map(NodeId),
            children: Vec::new(),
            method: method.into(),
            type_name: String::new(),
            module: Some(ApiId(0)),
            apis: BTreeSet::from([ApiId(0)]),
            param: None,
            ops,
            batch: None,
            modify: None,
            allow: Vec::new(),
        }
    }

    fn models() -> BTreeMap<String, Model> {
        let mut generic = model("x.Generic", &["resourceStatus"]);
        if let ModelKind::Struct { generics, .. } = &mut generic.1.kind {
            generics.push("T".into());
        }
        BTreeMap::from([
            model(
                "x.Robot",
                &["checksum", "id", "resourceStatus", "targetSpec"],
            ),
            model("x.NoId", &["resourceStatus"]),
            model("x.Update", &["checksum", "targetSpec"]),
            model("x.Plain", &["name"]),
            generic,
        ])
    }

    fn read_at(template: &str) -> ReadLink {
        ReadLink {
            template: template.into(),
            iam: vec!["x:apiovh:get".into()],
        }
    }

    #[test]
    fn a_resource_is_a_plain_struct_with_a_resource_status() {
        let mut models = models();
        let (stats, _) = link(&mut models, &mut []);
        assert_eq!(stats.models, 2);
        assert!(models["x.Robot"].resource && models["x.NoId"].resource);
        assert!(!models["x.Generic"].resource && !models["x.Plain"].resource);
    }

    /// Every `GET` can be sent again but paginated lists and task `GET`s, which have their
    /// own shape; a resource's can also wait until ready.
    #[test]
    fn gets_are_reread_but_lists_and_task_gets() {
        let mut models = models();
        let mut list = op(
            HttpMethod::Get,
            "/v2/r",
            TypeRef::Array(Box::new(named("x.Robot"))),
        );
        list.paginated = true;
        let mut task = op(HttpMethod::Get, "/r/{id}/task/{taskId}", named("x.Plain"));
        let task_link = Wait::Task(TaskLink {
            model: "x.Plain".into(),
            template: task.template.clone(),
            iam: Vec::new(),
        });
        task.wait = task_link.clone();
        let plain = op(HttpMethod::Get, "/r/{id}/plain", named("x.Plain"));
        let resource = op(HttpMethod::Get, "/v2/r/{id}", named("x.Robot"));
        let mut nodes = [node("/v2/r", None, "r", vec![list, task, plain, resource])];
        let (stats, _) = link(&mut models, &mut nodes);
        let waits: Vec<&Wait> = nodes[0].ops.iter().map(|o| &o.wait).collect();
        assert_eq!(
            waits,
            [
                &Wait::None,
                &task_link, // the task pass's link stays: no `GetRequest`
                &Wait::Reread { resource: false },
                &Wait::Reread { resource: true }
            ]
        );
        assert_eq!(stats.ready_gets, 1);
    }

    /// A `PUT` and a `DELETE` read their own template, a `POST` into a collection the
    /// template one `{param}` below when its resource has an `id`; nothing else links.
    #[test]
    fn writes_link_to_the_resource_get_of_their_api() {
        let mut models = models();
        let get = op(HttpMethod::Get, "/v2/r/{id}", named("x.Robot"));
        let mut query = op(HttpMethod::Get, "/v2/q/{id}", named("x.Robot"));
        query.args.push(Arg {
            place: Place::Query,
            wire: "details".into(),
            name: "details".into(),
            ty: TypeRef::Prim(Prim::Bool),
            explode: false,
            description: None,
            format: None,
            notes: Vec::new(),
        });
        let mut other_api = op(HttpMethod::Get, "/v2/o/{id}", named("x.Robot"));
        other_api.api = ApiId(1);
        let ops = vec![
            get,
            op(HttpMethod::Put, "/v2/r/{id}", named("x.Robot")),
            op(HttpMethod::Delete, "/v2/r/{id}", TypeRef::Void),
            op(HttpMethod::Post, "/v2/r", named("x.Robot")),
            op(HttpMethod::Post, "/v2/r", named("x.NoId")),
            op(HttpMethod::Post, "/v2/r/{id}/copy", named("x.Robot")),
            op(HttpMethod::Put, "/v2/r/{id}", named("x.Plain")),
            query,
            op(HttpMethod::Delete, "/v2/q/{id}", TypeRef::Void),
            other_api,
            op(HttpMethod::Delete, "/v2/o/{id}", TypeRef::Void),
        ];
        let mut nodes = [node("/v2", None, "v2", ops)];
        let (stats, _) = link(&mut models, &mut nodes);
        let waits: Vec<Wait> = nodes[0]
            .ops
            .iter()
            .skip(1)
            .map(|o| o.wait.clone())
            .collect();
        let item = read_at("/v2/r/{id}");
        assert_eq!(
            waits,
            [
                Wait::Ready(item.clone()),
                Wait::Gone(item.clone()),
                Wait::Ready(item),
                Wait::None,
                Wait::None,
                Wait::None,
                Wait::Reread { resource: true },
                Wait::None,
                Wait::Reread { resource: true },
                Wait::None,
            ]
        );
        assert_eq!((stats.answers, stats.deletes), (2, 1));
    }

    /// `modify` needs `checksum` and `targetSpec` in the `GET`'s answer and the `PUT`'s body;
    /// beside a child path `modify` it takes a suffix, reported.
    #[test]
    fn modify_needs_both_members_on_both_sides_and_yields_its_name() {
        let mut models = models();
        let with_body = |ty: &str| {
            let mut put = op(HttpMethod::Put, "/v2/r/{id}", named("x.Robot"));
            put.body = Body::Whole {
                ty: named(ty),
                description: None,
            };
            put
        };
        let get = op(HttpMethod::Get, "/v2/r/{id}", named("x.Robot"));
        let plain_get = op(HttpMethod::Get, "/v2/r/{id}", named("x.Plain"));
        let mut nodes = [
            node(
                "/v2/r/{id}",
                None,
                "id",
                vec![get.clone(), with_body("x.Update")],
            ),
            node(
                "/v2/r/{id}",
                None,
                "id",
                vec![get.clone(), with_body("x.Plain")],
            ),
            node(
                "/v2/r/{id}",
                None,
                "id",
                vec![plain_get, with_body("x.Update")],
            ),
            node("/v2/r/{id}", None, "id", vec![get, with_body("x.Update")]),
            node("/v2/r/{id}/modify", Some(3), "modify", Vec::new()),
        ];
        nodes[3].children.push(NodeId(4));
        let (stats, renamed) = link(&mut models, &mut nodes);
        let names: Vec<Option<&str>> = nodes
            .iter()
            .map(|n| n.modify.as_ref().map(|m| m.name.as_str()))
            .collect();
        assert_eq!(names, [Some("modify"), None, None, Some("modify_2"), None]);
        let first = nodes[0].modify.as_ref().unwrap();
        assert_eq!(first.spec, TypeRef::Prim(Prim::String));
        assert_eq!(
            (&first.get, &first.put),
            (&read_at("/v2/r/{id}"), &read_at("/v2/r/{id}"))
        );
        assert_eq!(first.clash, None);
        assert_eq!(
            nodes[3].modify.as_ref().unwrap().clash.as_deref(),
            Some("the path `/v2/r/{id}/modify`")
        );
        assert_eq!(
            renamed,
            ["/v2/r/{id}: method `modify` is taken by the path `/v2/r/{id}/modify`, named `modify_2`"]
        );
        assert_eq!(stats.modify.len(), 2);
    }
}
