//! A typed, async client for the OVH API, generated from OVH's own API schemas.
//!
//! Every path of every OVH API is a chain of methods from the [`Client`], checked by the
//! compiler: a wrong path, a missing parameter or a misspelt field does not compile, and your
//! IDE lists every endpoint. Underneath sits a hand-written runtime that signs calls the way
//! OVH requires, reads its configuration like the official Python client (`ovh.conf`,
//! `OVH_*` variables), retries what can be retried, and gives typed errors.
//!
//! # First calls
//!
//! ```no_run
//! # #[cfg(feature = "me")]
//! # async fn demo() -> ovh_api::Result<()> {
//! let client = ovh_api::Client::new()?;          // endpoint and keys from ovh.conf / OVH_*
//! let me = client.me().get().await?;             // GET /me → models::nichandle::Nichandle
//! println!("Welcome {}", me.firstname.unwrap_or(me.nichandle));
//!
//! let bills: Vec<String> = client.me().bill().get().date_from("2024-01-01T00:00:00Z").await?;
//! for id in &bills {
//!     let bill = client.me().bill().bill_id(id).get().await?; // models::billing::Bill
//!     println!("{} {}", bill.bill_id, bill.date);
//! }
//! # Ok(()) }
//! ```
//!
//! No credentials yet? The [consumer keys guide](guide::consumer_keys) shows how to get a
//! consumer key, and the [testing guide](guide::testing) how to run the same code against a
//! local mock of the API.
//!
//! # Where things live
//!
//! | what | where | guide |
//! |---|---|---|
//! | the client, its configuration, retries, rate limit, timeout | [`Client`], [`ClientBuilder`], [`RetryPolicy`] | [configuration](guide::configuration), [retries](guide::retries), [OAuth2](guide::oauth2) |
//! | the typed API: one module per OVH API, one method per path segment | [`api`] (start from [`Client`]) | [the typed API](guide::typed_api) |
//! | what calls send and answer | [`models`], each implementing [`Model`] | [faithful to the wire](guide::wire) |
//! | errors | [`Error`], [`ApiError`], [`ApiErrorKind`] | [errors](guide::errors) |
//! | waiting for tasks and /v2 resources | [`TaskRequest`], [`GetRequest`], [`WaitPolicy`] | [long-running operations](guide::waiting) |
//! | least privilege: the rule and IAM actions of each call | [`TypedCall`], [`consumer_key`], [`iam`] | [least privilege](guide::least_privilege), [consumer keys](guide::consumer_keys) |
//! | raw, untyped calls; many GETs in one | [`Client::get`], [`ApiRequest`], [`BatchRequest`] | [raw calls](guide::raw_calls), [batch GETs](guide::batch) |
//! | a local OVH API for tests (feature `mock`) | `ovh_api::mock` | [testing](guide::testing) |
//! | record a session once, replay it in tests; dry runs | [`ClientBuilder::record_to`], [`cassette`], `MockOvh::replay`, [`ClientBuilder::dry_run`] | [testing](guide::testing#recorded-sessions-record-commit-replay) |
//!
//! `use ovh_api::prelude::*;` brings what typed code needs ([`prelude`]). The [`guide`] also
//! covers [the Python client's snippets in Rust](guide::python),
//! [regenerating the typed API](guide::regenerating), [performance](guide::performance) and
//! [compile cost](guide::compile_cost).
//!
#![doc = include_str!("generated/features.md")]
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

// Every compiled-in operation's method, template and IAM actions (`runtime/auth/access.rs`);
// the generated file documents itself (`//!`), which a `///` here would repeat.
#[cfg(not(doc))]
#[path = "generated/operations.rs"]
mod operations;
/// rustdoc never shows the table (a private item): an empty one keeps its thousands of entries
/// out of the docs build (see ovh-api/DOCSRS.md).
#[cfg(doc)]
mod operations {
    pub(crate) const ALL: &[crate::runtime::auth::access::OperationTable] = &[];
}

#[cfg(feature = "mock")]
pub mod mock;

pub mod guide;

pub use runtime::auth::{config, consumer_key, iam, signing};
pub use runtime::call::{pagination, path, v2};
pub use runtime::wait::policy as wait;

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

/// Cassettes: the exchanges of a client with the API, recorded to a file with
/// [`ClientBuilder::record_to`] and replayed in tests by `ovh_api::mock::MockOvh::replay`
/// (feature `mock`).
///
/// A cassette is JSON Lines: a header line `{"cassette":"ovh-api","version":1}`, then one
/// [`Exchange`](cassette::Exchange) a line, in the order the answers came. The guide
/// [`crate::guide::testing`] documents the format and the loop: record a session once
/// (against OVH, or a mock), commit the cassette, replay it in `cargo test`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> ovh_api::Result<()> {
/// # let mock = ovh_api::mock::MockOvh::start().await;
/// # mock.on("GET", "/me").reply(&serde_json::json!({"nichandle": "xx1-ovh"}));
/// # let dir = tempfile::tempdir().unwrap();
/// # let path = dir.path().join("session.jsonl");
/// let client = mock.client_builder().record_to(&path).build()?;
/// let _: serde_json::Value = client.get("/me").await?;
///
/// let cassette = ovh_api::cassette::Cassette::read(&path)?;
/// let exchange = &cassette.exchanges()[0];
/// assert_eq!((exchange.method.as_str(), exchange.path.as_str(), exchange.status), ("GET", "/me", 200));
/// assert_eq!(exchange.line(), 2); // the header is line 1
/// # Ok(()) }
/// ```
pub mod cassette {
    pub use crate::runtime::cassette::error::CassetteError;
    pub use crate::runtime::cassette::format::{
        redact, Exchange, FORMAT_NAME, FORMAT_VERSION, KEPT_HEADERS, REDACTED,
    };
    pub use crate::runtime::cassette::read::Cassette;
}

pub use runtime::auth::config::{Config, ConfigLookup};
pub use runtime::auth::endpoint::{Endpoint, ENDPOINTS, OAUTH2_TOKEN_URLS};
pub use runtime::auth::rule::NeededAccess;
pub use runtime::auth::secret::Secret;
pub use runtime::call::batch::{BatchRequest, DEFAULT_BATCH_CHUNK, DEFAULT_BATCH_IN_FLIGHT};
pub use runtime::call::method::Method;
pub use runtime::call::pagination::{Page, PageFuture, PageStream, Paged};
pub use runtime::call::raw_request::ApiRequest;
pub use runtime::call::target::CallTarget;
pub use runtime::call::typed_call::TypedCall;
pub use runtime::call::typed_request::{NoWait, RawFuture, Request, ResponseFuture, SendFuture};
pub use runtime::client::{Client, ClientBuilder, DEFAULT_TIMEOUT};
pub use runtime::codec::model::{Model, Wire};
pub use runtime::dates::date::Date;
pub use runtime::dates::datetime::DateTime;
pub use runtime::dates::error::DateError;
pub use runtime::error::{
    ApiError, ApiErrorKind, ConfigError, Credential, Error, OAuth2Error, Result,
};
pub use runtime::http::response::{RawResponse, Response};
pub use runtime::http::retry::RetryPolicy;
pub use runtime::http::transport::{NetworkError, DEFAULT_USER_AGENT};
pub use runtime::wait::error::{TaskFailed, WaitTimeout};
pub use runtime::wait::modify::MODIFY_ATTEMPTS;
pub use runtime::wait::policy::{WaitPolicy, WatchStream};
pub use runtime::wait::resource::{
    DeleteRequest, GonePoll, ResourceModel, ResourcePoll, ResourceRequest, RESOURCE_STATUSES,
};
pub use runtime::wait::task::{TaskFamily, TaskModel, TaskPoll, TaskRequest, TaskState};
pub use runtime::wait::until::{GetRequest, Reread};

/// The README's Rust snippets, compiled as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

// OVH's own schema examples, decoded into their generated types and encoded back (the file
// documents itself).
#[cfg(test)]
#[path = "generated/examples.rs"]
mod examples;
#[cfg(test)]
#[path = "generated/roundtrip.rs"]
mod roundtrip;
