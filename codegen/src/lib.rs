//! Generator of the typed `ovh-api` SDK from OVH's API schemas.
//!
//! Pipeline: [`frontend`] (reads a schema format into [`ir::Spec`]) → [`resolve`] (small
//! passes choosing names, Rust types and features: [`ir::Program`]; uses [`types`] and
//! [`naming`]) → [`emit`] (token streams with `quote!`) → [`write`](mod@write) (prettyplease, files,
//! check). [`diff`] compares two schema sets.

pub mod diff;
pub mod emit;
pub mod error;
pub mod frontend;
pub mod ir;
pub mod naming;
pub mod reserved;
pub mod resolve;
pub mod types;
pub mod write;

use std::path::Path;

pub use error::{Error, Result};

/// The branch the OpenAPI documents describe: their paths, features and models live under it.
pub const V2_BRANCH: &str = "/v2";

/// A path under [`V2_BRANCH`], without the branch (`/v2/iam/policy` → `/iam/policy`); `None`
/// for any other path, `/v2foo` included.
pub fn under_v2(path: &str) -> Option<&str> {
    path.strip_prefix(V2_BRANCH)
        .filter(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Reads a console schema directory and resolves it. Fails only on unreadable input; what is
/// not understood is in [`ir::Program::degraded`].
pub fn load(schemas: &Path) -> Result<ir::Program> {
    load_sets(Some(schemas), None)
}

/// Reads a /1.0 schema folder and a /v2 schema folder, either optional, into one spec (the
/// /1.0 folder's APIs first), and resolves it. Each folder holds console files listed in its
/// `index.json` and OpenAPI documents of any branch (see [`frontend::read_folder`]); the
/// folder only gives the branch of documents without `servers`.
pub fn load_sets(console: Option<&Path>, v2: Option<&Path>) -> Result<ir::Program> {
    let mut spec = ir::Spec::default();
    let folders = [
        (console, frontend::Branch::V1, ""),
        (v2, frontend::Branch::V2, "v2/"),
    ];
    for (dir, default_branch, label) in folders {
        let Some(dir) = dir else { continue };
        let role = frontend::FolderRole {
            default_branch,
            label,
        };
        let more = frontend::read_folder(dir, role)?;
        spec.apis.extend(more.apis);
        spec.degraded.extend(more.degraded);
        spec.warnings.extend(more.warnings);
    }
    Ok(resolve::resolve(&spec))
}

/// Reads a schema directory and renders everything in memory.
pub fn generate(schemas: &Path) -> Result<(ir::Program, write::Output)> {
    generate_sets(Some(schemas), None)
}

/// [`load_sets`], then renders everything in memory.
pub fn generate_sets(
    console: Option<&Path>,
    v2: Option<&Path>,
) -> Result<(ir::Program, write::Output)> {
    let program = load_sets(console, v2)?;
    let output = write::render(&program)?;
    Ok((program, output))
}

/// The summary printed by `codegen generate`.
pub fn summary(program: &ir::Program, output: &write::Output) -> String {
    let s = &program.stats;
    let mut out = String::new();
    out.push_str(&format!("APIs:                 {}", s.apis));
    if !s.empty_apis.is_empty() {
        out.push_str(&format!(
            " ({} without paths or models, feature only: {})",
            s.empty_apis.len(),
            s.empty_apis.join(", ")
        ));
    }
    out.push('\n');
    out.push_str(&format!(
        "read:                 {} console file(s), {} OpenAPI document(s) of /1.0, {} of /v2\n",
        s.sources.console, s.sources.openapi_v1, s.sources.openapi_v2
    ));
    out.push_str(&format!("paths:                {}\n", s.paths));
    out.push_str(&format!("operations:           {}\n", s.operations));
    if s.paginated > 0 || s.examples > 0 {
        out.push_str(&format!("paginated lists:      {}\n", s.paginated));
        out.push_str(&format!("schema examples:      {}\n", s.examples));
    }
    out.push_str(&format!("model definitions:    {}\n", s.model_definitions));
    out.push_str(&format!(
        "distinct model names: {} ({} Rust items; instances of generic models, folded into them: {}; defined differently in several files: {})\n",
        s.distinct_models, s.model_items, s.generic_instances, s.merged_conflicts
    ));
    out.push_str(&format!(
        "path nodes:           {}\n",
        program.nodes.len() - 1
    ));
    out.push_str(&format!("files:                {}\n", output.files.len()));
    for (title, list) in [
        ("renamed to avoid collisions", &s.renamed),
        (
            "identical twins folded into the model they clash with (aliases)",
            &s.folded,
        ),
        (
            "defined differently by console files and OpenAPI documents (merged)",
            &s.merged_across_formats,
        ),
        (
            "generic models recovered from their concrete copies",
            &s.recovered_generics,
        ),
    ] {
        if !list.is_empty() {
            out.push_str(&format!("{title}: {}\n", list.len()));
            for r in list {
                out.push_str(&format!("  {r}\n"));
            }
        }
    }
    if !s.warnings.is_empty() {
        out.push_str(&format!("warnings:             {}\n", s.warnings.len()));
        for w in &s.warnings {
            out.push_str(&format!("  {w}\n"));
        }
    }
    out.push_str(&password_summary(program));
    out.push_str(&task_summary(&s.tasks));
    out.push_str(&resource_summary(&s.resources));
    out.push_str(&format!(
        "degraded:             {}\n",
        program.degraded.len()
    ));
    for d in &program.degraded {
        out.push_str(&format!("  {d}\n"));
    }
    out
}

/// The password line of the summary: model fields and operation parameters OVH types as a
/// password (console `password`, OpenAPI `format: password`), which `Debug` output redacts.
pub fn password_summary(program: &ir::Program) -> String {
    let members = program
        .models
        .values()
        .filter_map(|m| match &m.kind {
            ir::ModelKind::Struct { fields, .. } => Some(fields),
            _ => None,
        })
        .flatten()
        .filter(|f| f.ty.holds_password())
        .count();
    let params = program
        .nodes
        .iter()
        .flat_map(|n| &n.ops)
        .flat_map(|op| op.args.iter().chain(&op.setters))
        .filter(|a| a.ty.holds_password())
        .count();
    format!("passwords:            {members} model members and {params} parameters, redacted in Debug output\n")
}

/// The task lines of the summary: how many operations `.wait()` for their task, per task model
/// (one line each, sorted), and how many answer a task no `GET` polls, with the first of them.
pub fn task_summary(tasks: &ir::TaskStats) -> String {
    let answers: usize = tasks.linked.values().map(|c| c.answers).sum();
    let gets: usize = tasks.linked.values().map(|c| c.gets).sum();
    let mut out = format!(
        "task families:        {} ({answers} operations answering a task linked to a task GET, {gets} task GETs; unlinked: {})\n",
        tasks.linked.len(),
        tasks.unlinked.len()
    );
    for (model, c) in &tasks.linked {
        out.push_str(&format!(
            "  {model}: {} + {} task GET(s)\n",
            c.answers, c.gets
        ));
    }
    if let Some(first) = tasks.unlinked.first() {
        out.push_str(&format!("  unlinked, e.g.: {first}\n"));
    }
    out
}

/// The resource line of the summary: resource models, the `GET`s that can `.wait_ready()`,
/// the `POST`/`PUT` and `DELETE` operations linked to their resource's `GET`, and the nodes
/// with a `modify` method (named when there are few).
pub fn resource_summary(r: &ir::ResourceStats) -> String {
    let nodes = match r.modify.len() {
        0 => String::new(),
        1..=3 => format!(": {}", r.modify.join(", ")),
        _ => format!(": {}, …", r.modify[..3].join(", ")),
    };
    format!(
        "resources:            {} resource models, {} GETs with wait_ready, {} POST/PUT linked, {} DELETE linked, {} modify node(s){nodes}\n",
        r.models,
        r.ready_gets,
        r.answers,
        r.deletes,
        r.modify.len()
    )
}
