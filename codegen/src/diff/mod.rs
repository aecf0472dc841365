//! `codegen diff OLD NEW`: what changed between two schema sets, and what it does to code that
//! uses `ovh-api`.
//!
//! Both sets go through the generator's own loader, so the comparison sees exactly what the
//! generated code sees: types as resolved `TypeRef`s (a `datetime` that becomes a `string` is
//! no change: both are `String`), fields as `Option` or not. Identity is always the wire name
//! (API path; operation = path template and HTTP method; parameter, model and field wire
//! names; enum values), never a Rust name. Each [`Change`] is [`Severity::Breaking`] (code
//! that compiled no longer does, or decodes differently) or [`Severity::Additive`]; the rules
//! are in `codegen/README.md` ("Breaking or additive").
//!
//! Layout: [`view`] is the adapter reading the resolver's `Program` (the only place to touch
//! when the resolver moves), [`mod@compare`] compares two [`view::Snapshot`]s into a plain
//! [`Report`] (whose types are in [`report`]), [`markdown`] and [`json`] render it, [`source`]
//! turns `OLD`/`NEW` arguments (folders or `git:REV:PATH`) into folders; this module runs
//! them in that order.

pub mod compare;
pub mod json;
pub mod markdown;
pub mod report;
pub mod source;
pub mod view;

use std::path::Path;

pub use compare::compare;
pub use report::{Category, Change, Counts, Kind, Report, Severity};

/// Loads two schema folders and compares them.
pub fn diff_dirs(
    old: &Path,
    new: &Path,
    old_label: &str,
    new_label: &str,
) -> crate::Result<Report> {
    let a = view::load(old)?;
    let b = view::load(new)?;
    Ok(compare(&a, &b, old_label, new_label))
}

/// Why `codegen diff` failed (as opposed to finding changes).
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// A schema set could not be loaded.
    #[error(transparent)]
    Load(#[from] crate::Error),
    /// An `OLD`/`NEW` argument could not be turned into a folder.
    #[error(transparent)]
    Source(#[from] source::SourceError),
}

/// Runs a comparison of two `OLD`/`NEW` arguments (folders or `git:REV:PATH`); the arguments
/// are the report's labels.
pub fn run(old: &str, new: &str) -> Result<Report, DiffError> {
    let a = source::Source::parse(old)?.materialize(old)?;
    let b = source::Source::parse(new)?.materialize(new)?;
    Ok(diff_dirs(a.dir(), b.dir(), old, new)?)
}
