//! A typed, async client for the OVH API.
//!
//! The runtime (this crate's hand-written part) signs and sends calls the
//! way OVH requires and is configured like the official Python client; the
//! typed API under [`api`] and [`models`] is generated from OVH's own API
//! schemas by the workspace's `codegen`, one cargo feature per OVH API.
//!
//! ```no_run
//! # async fn demo() -> ovh_api::Result<()> {
//! let client = ovh_api::Client::new()?; // ovh.conf / OVH_* environment
//! let me: serde_json::Value = client.get("/me").await?;
//! # Ok(()) }
//! ```
//!
//! Models are faithful to what OVH sends, not only to its schemas: members no schema names
//! yet are kept (read them with [`Model::unknown_members`]), a member absent or `null` in an
//! answer is written back that way, and `serde_json::to_value(&model)` gives back the answer
//! the model was decoded from. Request bodies send only what may be written: no read-only
//! field, no unset option, no unknown member. Members OVH types as a password show as
//! `<redacted>` in `Debug` output. An [`ApiError`] keeps OVH's `class` and `details`, and a
//! refused call's error names the access rule and IAM actions it needed.
#![deny(missing_docs)]
// On docs.rs (and ovh-api/docsrs-build.sh), every item gated on a cargo feature says which one
// it needs: `doc_cfg` reads the `#[cfg(feature = "…")]` of the item and its parents.
#![cfg_attr(docsrs, feature(doc_cfg))]

// Two rooms: `runtime/` is written by hand, `generated/` by `codegen` from OVH's schemas
// (never edited by hand). ARCHITECTURE.md at the workspace root says what each holds and how
// the generated code calls the runtime.
#[macro_use]
mod runtime;

#[path = "generated/api/mod.rs"]
pub mod api;
#[path = "generated/models/mod.rs"]
pub mod models;

/// Every compiled-in operation's method, template and IAM actions (`runtime/access.rs`).
#[cfg(not(doc))]
#[path = "generated/operations.rs"]
mod operations;
/// rustdoc never shows the table (a private item): an empty one keeps its thousands of entries
/// out of the docs build (see ovh-api/DOCSRS.md).
#[cfg(doc)]
mod operations {
    pub(crate) const ALL: &[crate::runtime::access::OperationTable] = &[];
}

#[cfg(feature = "mock")]
pub mod mock;

pub use runtime::{config, consumer_key, iam, pagination, path, signing, v2, wait};

/// What typed code needs in scope, in one import: `use ovh_api::prelude::*;`.
///
/// It brings [`Client`], [`Error`], [`Result`] (this crate's, whose error type defaults to
/// [`Error`]), [`WaitPolicy`] and [`RetryPolicy`] by name, and the methods of these traits
/// without their names (`as _`, so that they clash with none of yours):
///
/// - [`TypedCall`]: `.call_target()`, `.access_rule()`, `.iam_actions()` on a typed call;
/// - [`Model`]: `.unknown_members()`, `.unknown_members_mut()` on a model;
/// - [`futures::StreamExt`] and [`futures::TryStreamExt`]: `.next()`, `.try_collect()`, … on
///   the streams of `.watch()` and of paginated /v2 lists.
///
/// Name a trait yourself (`use ovh_api::TypedCall;`) to write it in a bound.
///
/// ```
/// use ovh_api::mock::MockOvh;
/// use ovh_api::prelude::*;
///
/// # #[cfg(feature = "me")]
/// #[tokio::main(flavor = "current_thread")]
/// async fn main() -> Result<()> {
///     let mock = MockOvh::start().await;
///     mock.on("GET", "/me/bill/{billId}")
///         .reply(&serde_json::json!({"billId": "FR1", "zones": ["a"]}));
///     let client: Client = mock.client();
///
///     let call = client.me().bill().bill_id("FR1").get();
///     let target = call.call_target().expect("a typed call knows where it goes"); // TypedCall
///     assert_eq!(target.path(), "/me/bill/FR1");
///     let bill = call.await?;
///     assert_eq!(bill.unknown_members()["zones"], serde_json::json!(["a"])); // Model
///     Ok(())
/// }
/// # #[cfg(not(feature = "me"))]
/// # fn main() {}
/// ```
pub mod prelude {
    pub use crate::{Client, Error, Result, RetryPolicy, WaitPolicy};
    pub use crate::{Model as _, TypedCall as _};
    pub use futures::{StreamExt as _, TryStreamExt as _};
}

pub use runtime::batch::{BatchRequest, DEFAULT_BATCH_CHUNK, DEFAULT_BATCH_IN_FLIGHT};
pub use runtime::call::{CallTarget, TypedCall};
pub use runtime::client::{Client, ClientBuilder, DEFAULT_TIMEOUT};
pub use runtime::config::{Config, ConfigLookup};
pub use runtime::endpoint::{Endpoint, ENDPOINTS, OAUTH2_TOKEN_URLS};
pub use runtime::error::{
    ApiError, ApiErrorKind, ConfigError, Credential, Error, OAuth2Error, Result,
};
pub use runtime::method::Method;
pub use runtime::model::{Model, Wire};
pub use runtime::modify::MODIFY_ATTEMPTS;
pub use runtime::pagination::{Page, PageFuture, PageStream, Paged};
pub use runtime::request::ApiRequest;
pub use runtime::resource::{
    DeleteRequest, GonePoll, ResourceModel, ResourcePoll, ResourceRequest, RESOURCE_STATUSES,
};
pub use runtime::response::{RawResponse, Response};
pub use runtime::retry::RetryPolicy;
pub use runtime::rule::NeededAccess;
pub use runtime::secret::Secret;
pub use runtime::task::{TaskFamily, TaskModel, TaskPoll, TaskRequest, TaskState};
pub use runtime::transport::{NetworkError, DEFAULT_USER_AGENT};
pub use runtime::typed::{NoWait, RawFuture, Request, ResponseFuture, SendFuture};
pub use runtime::until::{GetRequest, Reread};
pub use runtime::wait::{WaitPolicy, WatchStream};
pub use runtime::wait_error::{TaskFailed, WaitTimeout};

/// The README's Rust snippets, compiled as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

/// OVH's own schema examples, decoded into their generated types and encoded back.
#[cfg(test)]
#[path = "generated/examples.rs"]
mod examples;
#[cfg(test)]
#[path = "generated/roundtrip.rs"]
mod roundtrip;
