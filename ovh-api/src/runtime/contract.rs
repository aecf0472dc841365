//! The contract with the generator: the one runtime module generated code (`src/generated/`)
//! names. Everything else it uses is this crate's public API (`crate::Request`,
//! `crate::Method`, `crate::models::…`, …) or the model macros, which are textually scoped
//! (`decode_object!`, `encode_object!`, `debug_object!`, the enum and union macros; see
//! `codec/object.rs`) and so called bare.
//!
//! A runtime file can move without regenerating anything: only this module's re-exports
//! change. Adding a name here is a change of the contract: codegen's emitters are its only
//! other users, and ARCHITECTURE.md's contract table lists each name with what it is for.

// A build with no API feature compiles no generated code, and so uses none of these.
#![allow(unused_imports)]

/// The operation table's type (`generated/operations.rs`).
pub(crate) use crate::runtime::auth::access::OperationTable;
/// The data every path node holds (the client and the path so far).
pub(crate) use crate::runtime::call::node::PathNode;
/// The same for a cursor-paginated /v2 list (`.stream()`, `.page()`).
pub(crate) use crate::runtime::call::pagination::paged_request;
/// The request wrapper of an operation with optional parameters (setters, `.await`,
/// `.send()`, `.header()`, `.send_raw()`).
pub(crate) use crate::runtime::call::typed_request::typed_request;
/// The same for a /v2 `POST`/`PUT` answering a resource (`.wait()` until `READY`).
pub(crate) use crate::runtime::wait::policy::resource_request;
/// The same for an operation answering an OVH task (`.wait()`, `.watch()`).
pub(crate) use crate::runtime::wait::policy::task_request;
/// The same for a /v2 `DELETE` of a resource (`.wait()` until gone).
pub(crate) use crate::runtime::wait::resource::delete_request;
/// The same for a `GET` that can be read again until a condition holds (`.wait_until()`).
pub(crate) use crate::runtime::wait::until::get_request;

/// The check the generated example tests run on each schema example.
#[cfg(test)]
pub(crate) use crate::runtime::codec::example_check::check as check_example;
/// The check the generated round-trip tests run on each model.
#[cfg(test)]
pub(crate) use crate::runtime::codec::roundtrip::check as check_roundtrip;
