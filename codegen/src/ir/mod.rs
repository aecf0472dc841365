//! The intermediate representation, in two stages:
//!
//! * [`spec`]: what a front end reads from one schema format (console JSON for /1.0) — APIs,
//!   paths, operations and model definitions, format-neutral but not yet resolved: model
//!   names unchecked, duplicates unmerged, no Rust names.
//! * [`program`]: what the resolver makes of it and the emitters print — Rust names, types
//!   checked, duplicates merged, the path tree, features.
//!
//! Both stages carry the list of [`Degraded`] items: schema constructs the generator did not
//! understand and replaced by a faithful untyped form instead of failing.

pub mod program;
pub mod spec;

pub use program::*;
pub use spec::*;

/// One schema item the generator did not fully understand, generated in an untyped or reduced
/// form; listed in the `generate` summary and rejected by `check --strict`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Degraded {
    /// The schema file, relative to the schema directory (`dedicated/server.json`).
    pub file: String,
    /// JSON location in that file (`models["a.B"].properties["p"].type`).
    pub at: String,
    /// What was not understood and what was generated instead.
    pub what: String,
}

impl std::fmt::Display for Degraded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: at `{}`: {}", self.file, self.at, self.what)
    }
}
