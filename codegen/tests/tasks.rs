//! The task families of the pinned schemas (`schemas/`): every task model, its id and status
//! members, and the class of each status value, against a table written here. A change of the
//! schemas or of the classifier (`codegen/src/resolve/tasks.rs`) fails this test; the
//! README's "Task families" table is the same text, checked too.

use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// One row per task family: family, id member, status member, then its status values by
/// class (success, failure, pending), and whether a 404 means done.
const TABLE: &str = "\
| family | id | status | success | failure | pending | gone means done |
| --- | --- | --- | --- | --- | --- | --- |
| `carbonCalculator.Task` | `taskID` | `status` | SUCCESS | ERROR | IN_PROGRESS |  |
| `cdn.operation` | `id` | `status` | done | cancelled, error | doing, todo |  |
| `cdn.website.Task` | `taskId` | `status` | done | cancelled, error | doing, todo |  |
| `cdnanycast.Task` | `taskId` | `status` | done | cancelled, error | doing, todo |  |
| `cloud.Operation` | `id` | `status` | completed | in-error | created, in-progress, unknown |  |
| `cluster.hadoop.Task` | `taskId` | `status` | done | cancelled, error | doing, todo |  |
| `common.Task` | `id` | `status` | DONE | ERROR | PENDING, RUNNING, SCHEDULED |  |
| `dbaas.logs.Operation` | `operationId` | `state` | SUCCESS | FAILURE, REVOKED | PENDING, RECEIVED, RETRY, RUNNING, STARTED |  |
| `dedicated.housing.Task` | `taskId` | `status` | done | cancelled, customerError, ovhError | doing, init, todo |  |
| `dedicated.nasTask.Task` | `taskId` | `status` | done | cancelled, customerError, ovhError | doing, init, todo |  |
| `dedicated.server.Operation` | `operationId` | `status` | done | cancelled, customerError, ovhError | doing, init, todo |  |
| `dedicated.server.Task` | `taskId` | `status` | done | cancelled, customerError, ovhError | doing, init, todo |  |
| `dedicatedCloud.Task` | `taskId` | `state` | done | canceled, error | doing, fixing, toCancel, toCreate, todo, unknown, waitingForChilds, waitingTodo |  |
| `deskaas.Task` | `taskId` | `state` | done | canceled, error | doing, fixing, toCancel, toCreate, todo, unknown, waitingForChilds, waitingTodo |  |
| `domain.Task` | `id` | `status` | done | cancelled, error | doing, problem, todo |  |
| `domain.zone.Task` | `id` | `status` | done | cancelled, error | doing, problem, todo |  |
| `email.exchange.Task` | `id` | `status` | done | cancelled, error | doing, todo |  |
| `email.pro.Task` | `id` | `status` | done | cancelled, error | doing, todo |  |
| `horizonView.Task` | `taskId` | `state` | done | canceled, error | doing, fixing, toCancel, toCreate, todo, unknown, waitingForChilds, waitingTodo |  |
| `hosting.privateDatabase.Task` | `id` | `status` | done | cancelled, error | doing, todo |  |
| `hosting.web.PublicTask` | `id` | `status` | done | cancelled | doing, init, todo |  |
| `ip.IpTask` | `taskId` | `status` | done | cancelled, customerError, ovhError | doing, init, todo |  |
| `ipLoadbalancing.Task.Task` | `id` | `status` | done | cancelled, error | blocked, doing, todo |  |
| `license.Task` | `taskId` | `status` | done | cancelled, error | doing, todo |  |
| `me.billing.tasks.Task` | `id` | `status` | DONE | CANCELLED, ERROR | DOING, INIT, PROBLEM, TODO |  |
| `msServices.Task` | `id` | `status` | done | cancelled, error | doing, todo |  |
| `msServices.exchangeTask` | `id` | `status` | done | cancelled, error | doing, todo |  |
| `msServices.sharepointTask` | `id` | `status` | done | cancelled, error | doing, todo |  |
| `overTheBox.Task` | `taskId` | `status` | done | error | doing, todo |  |
| `ovhcloudconnect.Task` | `id` | `status` | done | error | denied, doing, pause, todo |  |
| `pack.xdsl.Task` | `id` | `status` | done | cancelled, error | doing, problem, todo |  |
| `router.Task` | `id` | `status` | done | cancelled, error | doing, todo |  |
| `saas.csp2.OfficeTask` | `id` | `status` | done | cancelled, error | doing, todo |  |
| `sms.Task` | `taskId` | `status` | done | error | doing, pause, todo |  |
| `ssl.Operation` | `taskId` | `status` | done | cancelled, error | doing, todo |  |
| `sslGateway.Task` | `id` | `status` | done | cancelled, error | blocked, doing, paused, todo |  |
| `telephony.Task` | `taskId` | `status` | done | error | doing, pause, todo |  |
| `veeam.veeamEnterprise.Task` | `taskId` | `state` | done | canceled, error | doing, toCreate, todo, unfixed, waiting, waitingForChilds |  |
| `veeamCloudConnect.Task` | `taskId` | `state` | done | canceled, error | doing, fixing, problem, toCreate, todo, unknown, waitingTodo |  |
| `vps.Task` | `id` | `state` | done | cancelled, error | blocked, doing, paused, todo, waitingAck |  |
| `vrack.Task` | `id` | `status` | done | cancelled | doing, init, todo | yes |
| `xdsl.Task` | `id` | `status` | done | cancelled, error | doing, problem, todo |  |
";

/// The table of a program's task families, as in [`TABLE`].
fn render(program: &codegen::ir::Program) -> String {
    let mut out = String::from(
        "| family | id | status | success | failure | pending | gone means done |\n| --- | --- | --- | --- | --- | --- | --- |\n",
    );
    let mut rows: Vec<String> = Vec::new();
    for m in program.models.values() {
        let Some(f) = &m.task else { continue };
        let list = |values: &[String]| {
            if values.is_empty() {
                "—".to_string()
            } else {
                values.join(", ")
            }
        };
        rows.push(format!(
            "| `{}` | `{}` | `{}` | {} | {} | {} | {} |\n",
            f.name,
            f.id,
            f.status,
            list(&f.success),
            list(&f.failure),
            list(&f.pending),
            if f.gone_means_done { "yes" } else { "" }
        ));
    }
    rows.sort();
    out.extend(rows);
    out
}

fn load() -> codegen::ir::Program {
    codegen::load_sets(
        Some(&workspace().join("schemas/ovh-eu")),
        Some(&workspace().join("schemas/v2/ovh-eu")),
    )
    .expect("the pinned schemas load")
}

#[test]
fn every_task_family_of_the_pinned_schemas_is_classified_as_written() {
    let program = load();
    let table = render(&program);
    assert_eq!(
        table, TABLE,
        "the task families changed; if intended, paste this table into TABLE and codegen/README.md:\n{table}"
    );
    let readme = std::fs::read_to_string(workspace().join("codegen/README.md")).unwrap();
    assert!(
        readme.contains(TABLE),
        "codegen/README.md's Task families table differs from TABLE"
    );
}

#[test]
fn task_answering_operations_of_the_pinned_schemas_are_linked() {
    let program = load();
    let tasks = &program.stats.tasks;
    for (family, c) in &tasks.linked {
        println!("{family}: {} + {} task GET(s)", c.answers, c.gets);
    }
    let answers: usize = tasks.linked.values().map(|c| c.answers).sum();
    let gets: usize = tasks.linked.values().map(|c| c.gets).sum();
    println!(
        "linked: {answers} answering a task, {gets} task GETs; unlinked: {}",
        tasks.unlinked.len()
    );
    for u in &tasks.unlinked {
        println!("  unlinked: {u}");
    }
    assert!(answers >= 534, "{answers} operations linked");
    // Every linked operation answers its family's model, and polls a `GET` of its own API
    // answering the same model.
    let mut gets_by_template = std::collections::BTreeMap::new();
    for op in program.nodes.iter().flat_map(|n| &n.ops) {
        if op.method == codegen::ir::HttpMethod::Get && op.wait.task().is_some() {
            gets_by_template.insert(op.template.clone(), op);
        }
    }
    let mut linked = 0;
    let mut apis = std::collections::BTreeSet::new();
    for op in program.nodes.iter().flat_map(|n| &n.ops) {
        let Some(link) = op.wait.task() else { continue };
        linked += 1;
        apis.insert(op.api);
        let get = gets_by_template[&link.template];
        assert_eq!(get.api, op.api, "{}", op.template);
        assert_eq!(get.response, op.response, "{}", op.template);
        assert!(program.models[&link.model].task.is_some());
    }
    assert_eq!(linked, answers + gets);
    println!("in {} APIs", apis.len());
}
