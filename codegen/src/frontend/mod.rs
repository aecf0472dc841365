//! Front ends: each reads one schema format into the format-neutral [`crate::ir::Spec`].
//!
//! They are tolerant: what they do not understand in an item becomes an untyped or reduced
//! form of that item, recorded as [`crate::ir::Degraded`]. Only unreadable input (a missing
//! file, text that is not JSON) is an error.

pub mod console;
pub mod openapi;
