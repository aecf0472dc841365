//! The feature table → `src/generated/features.md`: one row per API (cargo feature, OVH path,
//! branch, first call, number of operations), which the crate's front page includes
//! (`#![doc = include_str!(…)]` in `lib.rs`), so that a user finds the feature for
//! `/dedicated/server` on docs.rs without reading `Cargo.toml`.
//!
//! Markdown rather than Rust: rustdoc includes it as the crate's docs. It is still a generated
//! file (its first line says so, as an HTML comment rustdoc does not show), written and
//! checked for drift like the others.

use super::features::DEFAULT_FEATURES;
use super::header;
use crate::ir::{ApiId, NodeId, Program};

/// Path of the table, relative to the crate.
pub const PATH: &str = "src/generated/features.md";

/// The table, with its heading and the paragraph introducing it.
pub fn emit(program: &Program) -> String {
    let generated = header(program, &program.every_api());
    let generated = generated.trim_end().trim_start_matches("// ");
    let mut rows: Vec<Row> = (0..program.apis.len())
        .map(|index| Row::of(program, ApiId(index)))
        .collect();
    rows.sort_by(|a, b| a.path.cmp(&b.path));
    let operations: usize = rows.iter().map(|r| r.operations).sum();
    let mut out = format!("<!-- {generated} -->\n\n");
    out.push_str("# Features: one per OVH API\n\n");
    out.push_str(&format!(
        "{} APIs, {operations} operations. Enable the ones you call \
         (`default-features = false, features = [\"me\", \"dedicated-server\"]`); an API \
         left out is not even compiled. `default` is the APIs marked ✓, `full` every API, \
         `v2` every /v2 API, and `mock` adds `ovh_api::mock`, which needs no API.\n\n",
        rows.len()
    ));
    out.push_str("| feature | OVH API | branch | starts at | operations | default |\n");
    out.push_str("|---|---|---|---|---:|:---:|\n");
    for row in &rows {
        out.push_str(&row.line());
    }
    out
}

/// One API's line.
struct Row {
    feature: String,
    path: String,
    branch: &'static str,
    first_call: String,
    operations: usize,
    default: bool,
}

impl Row {
    fn of(program: &Program, index: ApiId) -> Row {
        let api = &program.apis[index];
        let operations = program
            .nodes
            .iter()
            .filter(|node| node.module == Some(index))
            .map(|node| node.ops.len())
            .sum();
        Row {
            feature: api.feature.clone(),
            path: api.path.clone(),
            branch: if crate::under_v2(&api.path).is_some() {
                "/v2"
            } else {
                "/1.0"
            },
            first_call: api
                .root
                .map(|root| first_call(program, root))
                .unwrap_or_default(),
            operations,
            default: DEFAULT_FEATURES.contains(&api.feature.as_str()),
        }
    }

    fn line(&self) -> String {
        let call = if self.first_call.is_empty() {
            String::new()
        } else {
            format!("`{}`", self.first_call)
        };
        format!(
            "| `{}` | `{}` | {} | {call} | {} | {} |\n",
            self.feature,
            self.path,
            self.branch,
            self.operations,
            if self.default { "✓" } else { "" }
        )
    }
}

/// `client.dedicated().server()`: the methods from the client to a node, as written in code
/// (a raw identifier without its `r#`).
fn first_call(program: &Program, node: NodeId) -> String {
    let calls: Vec<String> = super::api::path_to(program, node)
        .iter()
        .map(|m| format!(".{}()", m.trim_start_matches("r#")))
        .collect();
    format!("client{}", calls.concat())
}
