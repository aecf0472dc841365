//! Pass 10: OVH tasks. Many /1.0 operations answer a task (`dedicated.server.Task`) that a
//! `GET …/task/{taskId}` of the same API also answers; such an operation is linked to that
//! `GET`, so its request can `.wait()` for the task to finish.
//!
//! * A **task `GET`** is a `GET` whose last path segment is a parameter and whose segment
//!   before it is one of [`TASK_SEGMENTS`], without required query parameters, answering one
//!   model `M` (not a list).
//! * `M` is a **task model** when it is a struct with a status member (wire name `status`,
//!   else `state`: a string enum or a plain string) and an id member: the wire name of a task
//!   `GET`'s last parameter, else `taskId`, `id`, `operationId`, whichever it has first, an
//!   integer or a string. Its [`TaskFamily`] classifies each status value ([`classify`]).
//! * Every other operation of the same API answering exactly `M` is linked to a task `GET` of
//!   `M` whose parameters but the last are all among the operation's path parameters (by
//!   name); of several, the one sharing the longest path prefix with the operation, then the
//!   first template. Each task `GET` is linked to itself. An operation answering `M` that no
//!   task `GET` fits stays a plain request, counted as unlinked in the summary.
//!
//! Nothing here fails: what does not fit is simply not linked.

use std::collections::{BTreeMap, BTreeSet};

use super::paths::segments;
use crate::ir::{
    ApiId, HttpMethod, Model, ModelKind, Node, Op, Segment, TaskFamily, TaskLink, TaskStats, Wait,
};
use crate::types::{Prim, TypeRef};

/// The segment before a task `GET`'s last parameter.
pub const TASK_SEGMENTS: &[&str] = &["task", "tasks", "operation", "operations"];

/// Wire names of the status member, in order of preference.
pub const STATUS_MEMBERS: &[&str] = &["status", "state"];

/// Wire names of the id member when the model has none named like the task `GET`'s last
/// parameter, in order of preference.
pub const ID_MEMBERS: &[&str] = &["taskId", "id", "operationId"];

/// Wire names of the string members that may explain a status, in order of preference.
pub const MESSAGE_MEMBERS: &[&str] = &["comment", "message", "details", "errorMessage", "note"];

/// Status values meaning success, normalised (see [`normalise`]).
pub const SUCCESS_WORDS: &[&str] = &[
    "done",
    "completed",
    "complete",
    "success",
    "succeeded",
    "successful",
    "delivered",
    "finished",
];

/// Status values meaning failure (errors and cancellations), normalised (see [`normalise`]).
pub const FAILURE_WORDS: &[&str] = &[
    "cancelled",
    "canceled",
    "customererror",
    "ovherror",
    "error",
    "failed",
    "failure",
    "inerror",
    "revoked",
];

/// Models a task `GET` answers that are no OVH task, whatever their members: waiting for them
/// makes no sense. `cloud.project.database.kafkaConnect.connector.Task` is a Kafka Connect
/// worker task, `RUNNING` for as long as it works; `debt.Operation` is a payment on a debt.
pub const NOT_TASKS: &[&str] = &[
    "cloud.project.database.kafkaConnect.connector.Task",
    "debt.Operation",
];

/// Families whose task is removed once finished: their task `GET` answers 404 then, which
/// means done.
pub const GONE_MEANS_DONE: &[&str] = &["vrack.Task"];

/// What a status value says about its task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusClass {
    /// Finished well.
    Success,
    /// Finished badly (an error or a cancellation).
    Failure,
    /// Anything else: still running, or not known to be finished.
    Pending,
}

/// A status value lowercased, without separators: `in-error`, `inError` and `IN_ERROR` are
/// all `inerror`.
pub fn normalise(value: &str) -> String {
    value
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Classifies a status value by its normalised form: [`SUCCESS_WORDS`], [`FAILURE_WORDS`],
/// and everything else pending.
pub fn classify(value: &str) -> StatusClass {
    let v = normalise(value);
    if SUCCESS_WORDS.contains(&v.as_str()) {
        StatusClass::Success
    } else if FAILURE_WORDS.contains(&v.as_str()) {
        StatusClass::Failure
    } else {
        StatusClass::Pending
    }
}

/// A task `GET`: where it is, and what it answers.
struct TaskGet {
    /// Its node and its index among the node's operations.
    at: (usize, usize),
    api: ApiId,
    model: String,
    template: String,
    segs: Vec<Segment>,
    /// Name of its last parameter (the task's id).
    last: String,
    iam: Vec<String>,
}

/// Links every operation answering a task to the `GET` polling it, and sets the family of
/// every task model. Returns the counts for the summary.
pub fn link(models: &mut BTreeMap<String, Model>, nodes: &mut [Node]) -> TaskStats {
    let mut by_model: BTreeMap<String, Vec<TaskGet>> = BTreeMap::new();
    for g in candidate_gets(nodes) {
        by_model.entry(g.model.clone()).or_default().push(g);
    }
    let mut gets: Vec<TaskGet> = Vec::new();
    for (wire, list) in by_model {
        let Some(family) = models.get(&wire).and_then(|m| family(m, models, &list)) else {
            continue;
        };
        if let Some(m) = models.get_mut(&wire) {
            m.task = Some(family);
        }
        gets.extend(list);
    }
    let mut stats = TaskStats::default();
    for (ni, node) in nodes.iter_mut().enumerate() {
        for (oi, op) in node.ops.iter_mut().enumerate() {
            link_op(op, (ni, oi), &gets, models, &mut stats);
        }
    }
    stats.unlinked.sort();
    stats
}

/// Links one operation, if it answers a task model, and counts it.
fn link_op(
    op: &mut Op,
    at: (usize, usize),
    gets: &[TaskGet],
    models: &BTreeMap<String, Model>,
    stats: &mut TaskStats,
) {
    let TypeRef::Model { name, args } = &op.response else {
        return;
    };
    let family = match models.get(name).and_then(|m| m.task.as_ref()) {
        Some(f) if args.is_empty() && !op.paginated => f.name.clone(),
        _ => return,
    };
    let model = name.clone();
    let chosen = if op.method == HttpMethod::Get {
        // Other `GET`s answering a task (`…/lastTask`) are not polled: plain requests.
        let Some(g) = gets.iter().find(|g| g.at == at) else {
            return;
        };
        stats.linked.entry(family).or_default().gets += 1;
        g
    } else {
        let Some(g) = choose(op, &model, gets) else {
            stats.unlinked.push(format!(
                "{} {} answers {family}",
                op.method.as_str(),
                op.template
            ));
            return;
        };
        stats.linked.entry(family).or_default().answers += 1;
        g
    };
    op.wait = Wait::Task(TaskLink {
        model,
        template: chosen.template.clone(),
        iam: chosen.iam.clone(),
    });
}

/// The task `GET` of `model` that polls what `op` answers: in its API, with every parameter
/// but the last among the operation's path parameters; the longest shared path prefix wins,
/// then the first template.
fn choose<'g>(op: &Op, model: &str, gets: &'g [TaskGet]) -> Option<&'g TaskGet> {
    let segs = segments(&op.template);
    let params: BTreeSet<&str> = segs.iter().filter_map(param_name).collect();
    gets.iter()
        .filter(|g| g.api == op.api && g.model == model)
        .filter(|g| {
            let head = &g.segs[..g.segs.len() - 1];
            head.iter()
                .filter_map(param_name)
                .all(|p| params.contains(p))
        })
        .min_by(|a, b| {
            let shared = |g: &TaskGet| g.segs.iter().zip(&segs).take_while(|(x, y)| x == y).count();
            shared(b)
                .cmp(&shared(a))
                .then_with(|| a.template.cmp(&b.template))
        })
}

fn param_name(s: &Segment) -> Option<&str> {
    match s {
        Segment::Param(p) => Some(p),
        _ => None,
    }
}

/// Every `GET` shaped like a task `GET` (its model not checked yet), in path order.
fn candidate_gets(nodes: &[Node]) -> Vec<TaskGet> {
    let mut out = Vec::new();
    for (ni, node) in nodes.iter().enumerate() {
        for (oi, op) in node.ops.iter().enumerate() {
            if op.method != HttpMethod::Get || op.paginated || !op.args.is_empty() {
                continue;
            }
            let TypeRef::Model { name, args } = &op.response else {
                continue;
            };
            let segs = segments(&op.template);
            let last = match segs.as_slice() {
                [.., Segment::Literal(before), Segment::Param(last)]
                    if args.is_empty() && TASK_SEGMENTS.contains(&before.as_str()) =>
                {
                    last.clone()
                }
                _ => continue,
            };
            out.push(TaskGet {
                at: (ni, oi),
                api: op.api,
                model: name.clone(),
                template: op.template.clone(),
                segs,
                last,
                iam: op.required_iam().cloned().collect(),
            });
        }
    }
    out.sort_by(|a, b| a.template.cmp(&b.template));
    out
}

/// The family of a model its task `GET`s answer, if it is a task model: a struct with a
/// status and an id member.
fn family(m: &Model, models: &BTreeMap<String, Model>, gets: &[TaskGet]) -> Option<TaskFamily> {
    let ModelKind::Struct {
        generics, fields, ..
    } = &m.kind
    else {
        return None;
    };
    if !generics.is_empty() || NOT_TASKS.contains(&m.wire.as_str()) {
        return None;
    }
    let field = |wire: &str| fields.iter().find(|f| f.wire == wire);
    let (status, values) = STATUS_MEMBERS.iter().find_map(|s| {
        let values = status_values(&field(s)?.ty, models)?;
        Some((s.to_string(), values))
    })?;
    let mut id_names: Vec<&str> = gets.iter().map(|g| g.last.as_str()).collect();
    id_names.extend(ID_MEMBERS);
    let id = id_names.into_iter().find(|n| {
        field(n).is_some_and(|f| matches!(f.ty, TypeRef::Prim(Prim::Long | Prim::String)))
    })?;
    let messages = MESSAGE_MEMBERS
        .iter()
        .filter(|n| field(n).is_some_and(|f| f.ty == TypeRef::Prim(Prim::String)))
        .map(|n| n.to_string())
        .collect();
    let mut family = TaskFamily {
        name: m.ovh_name.clone().unwrap_or_else(|| m.wire.clone()),
        id: id.to_string(),
        status,
        messages,
        gone_means_done: GONE_MEANS_DONE.contains(&m.wire.as_str()),
        ..TaskFamily::default()
    };
    for v in values {
        match classify(&v) {
            StatusClass::Success => family.success.push(v),
            StatusClass::Failure => family.failure.push(v),
            StatusClass::Pending => family.pending.push(v),
        }
    }
    Some(family)
}

/// The values a status member of this type takes, sorted: a string enum's, none for a plain
/// string; `None` for any other type.
fn status_values(ty: &TypeRef, models: &BTreeMap<String, Model>) -> Option<Vec<String>> {
    match ty {
        TypeRef::Prim(Prim::String) => Some(Vec::new()),
        TypeRef::Model { name, args } if args.is_empty() => match &models.get(name)?.kind {
            ModelKind::StringEnum { variants, .. } => {
                let set: BTreeSet<String> = variants.iter().map(|(_, w)| w.clone()).collect();
                Some(set.into_iter().collect())
            }
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_words_and_their_variants() {
        for v in [
            "done",
            "DONE",
            "Done",
            "completed",
            "SUCCESS",
            "success",
            "delivered",
            "finished",
            "succeeded",
        ] {
            assert_eq!(classify(v), StatusClass::Success, "{v}");
        }
    }

    #[test]
    fn failure_words_and_their_variants() {
        for v in [
            "cancelled",
            "canceled",
            "CANCELLED",
            "customerError",
            "ovhError",
            "error",
            "ERROR",
            "failed",
            "FAILED",
            "failure",
            "REVOKED",
            "in-error",
            "inError",
            "IN_ERROR",
        ] {
            assert_eq!(classify(v), StatusClass::Failure, "{v}");
        }
    }

    /// Conservative: only what certainly ends a task is success or failure; a task waiting
    /// for a fix, a child or a human is still pending.
    #[test]
    fn everything_else_is_pending() {
        for v in [
            "todo",
            "doing",
            "init",
            "in-progress",
            "created",
            "unknown",
            "toCancel",
            "fixing",
            "problem",
            "unfixed",
            "waitingForChilds",
            "pause",
            "PAUSED",
            "RUNNING",
            "ok",
            "",
            "undone",
            "errors",
        ] {
            assert_eq!(classify(v), StatusClass::Pending, "{v:?}");
        }
    }

    #[test]
    fn normalising_drops_case_and_separators() {
        assert_eq!(normalise("in-error"), "inerror");
        assert_eq!(normalise("IN_ERROR"), "inerror");
        assert_eq!(normalise("customer Error"), "customererror");
    }
}
