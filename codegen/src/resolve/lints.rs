//! The lints generated code allows, decided here so that emitters only print them:
//!
//! * a path method named like a conversion (`into_…`, `from_…`) or `new`, which clippy expects
//!   to take or return `Self` (`wrong_self_convention`, `new_ret_no_self`): the name is the
//!   schema's path segment, and the method leads to the next node as every other does;
//! * an operation method with more arguments than clippy's limit of seven, `self` included
//!   (`too_many_arguments`): its required parameters, which are arguments so that forgetting
//!   one does not compile.

use crate::ir::{Body, Node, Op};

/// Clippy's default `too-many-arguments-threshold`.
const MAX_ARGUMENTS: usize = 7;

/// Sets `allow` on every node and operation.
pub fn choose(nodes: &mut [Node]) {
    for node in nodes {
        node.allow = node_allows(&node.method);
        for op in &mut node.ops {
            op.allow = op_allows(op);
        }
    }
}

fn node_allows(method: &str) -> Vec<&'static str> {
    let converts = method.starts_with("into_") || method.starts_with("from_") || method == "new";
    if converts {
        vec!["clippy::wrong_self_convention", "clippy::new_ret_no_self"]
    } else {
        Vec::new()
    }
}

/// `self`, the arguments not gathered in a parameters struct, that struct, and a whole body.
fn op_allows(op: &Op) -> Vec<&'static str> {
    let arguments = 1
        + op.args.iter().filter(|a| !op.in_params_struct(a)).count()
        + usize::from(op.params_struct.is_some())
        + usize::from(matches!(op.body, Body::Whole { .. }));
    if arguments > MAX_ARGUMENTS {
        vec!["clippy::too_many_arguments"]
    } else {
        Vec::new()
    }
}
