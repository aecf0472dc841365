//! The `--json` report, for tools. Field names are stable:
//!
//! ```json
//! {
//!   "format": 1,
//!   "old": "OLD", "new": "NEW",
//!   "counts": {"breaking": 1, "additive": 2},
//!   "by_category": {"apis": {"breaking": 0, "additive": 0}, "operations": {...}, ...},
//!   "changes": [{"severity": "breaking", "kind": "operation_removed", "api": "/me",
//!                "method": "GET", "path": "/me/bill", "model": null, "member": null,
//!                "old": null, "new": null, "note": null, "message": "`GET /me/bill` removed"}]
//! }
//! ```
//!
//! Members that do not apply to a change are `null`; `message` is the Markdown line.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{markdown, Category, Change, Counts, Report};

/// Version of the JSON layout; bumped on incompatible changes.
pub const FORMAT: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    format: u32,
    old: &'a str,
    new: &'a str,
    counts: Counts,
    by_category: BTreeMap<Category, Counts>,
    changes: Vec<JsonChange<'a>>,
    degraded: &'a [String],
}

#[derive(Serialize)]
struct JsonChange<'a> {
    #[serde(flatten)]
    change: &'a Change,
    message: String,
}

/// Renders a report as pretty-printed JSON (with a final newline).
pub fn render(report: &Report) -> String {
    let mut by_category = report.counts_by_category();
    for cat in Category::ALL {
        by_category.entry(cat).or_default();
    }
    let doc = JsonReport {
        format: FORMAT,
        old: &report.old,
        new: &report.new,
        counts: report.counts(),
        by_category,
        changes: report
            .changes
            .iter()
            .map(|c| JsonChange {
                change: c,
                message: markdown::describe(c),
            })
            .collect(),
        degraded: &report.degraded,
    };
    // Plain data of strings, numbers and maps with string keys: serializing cannot fail.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
