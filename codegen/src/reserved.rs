//! The method names the runtime already defines on the types generated code adds methods to
//! (`Client`, path nodes, request wrappers). They are written once, in the runtime
//! (`ovh-api/src/runtime/call/reserved.rs`), whose own test checks them against its source; a
//! generated name that clashes takes a numeric suffix and is reported as renamed.

include!("../../ovh-api/src/runtime/call/reserved.rs");

/// Type names the generated API modules import (`use crate::Method;`,
/// `use crate::runtime::node::PathNode;`): a node or request type may not take them.
pub const IMPORTED_TYPES: &[&str] = &["Method", "PathNode"];

/// Prelude names generated API modules write unqualified (in signatures: `Vec`, `String`,
/// `IntoIterator`, `FnMut`, `Send`), and so do the runtime's request-wrapper macros expanded
/// there (`typed_request!`: `Into`, `String`; `get_request!`: `Fn`, `Send`): a node or
/// request type named so would shadow them in its module.
pub const PRELUDE_TYPES: &[&str] = &[
    "Fn",
    "FnMut",
    "Into",
    "IntoIterator",
    "Option",
    "Send",
    "String",
    "Vec",
];
