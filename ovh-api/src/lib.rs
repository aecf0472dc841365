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
#![deny(missing_docs)]

pub mod api;
mod batch;
mod client;
pub mod config;
pub mod consumer_key;
mod endpoint;
mod error;
mod method;
pub mod models;
mod oauth2;
pub mod pagination;
mod parts;
pub mod path;
mod rate_limit;
mod raw;
mod refresh;
mod request;
mod response;
mod retry;
mod secret;
pub mod signing;
pub mod v2;

pub use batch::{BatchRequest, DEFAULT_BATCH_CHUNK, DEFAULT_BATCH_IN_FLIGHT};
pub use client::{Client, ClientBuilder, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT};
pub use config::{Config, ConfigLookup};
pub use endpoint::{Endpoint, ENDPOINTS, OAUTH2_TOKEN_URLS};
pub use error::{ApiError, ApiErrorKind, ConfigError, Credential, Error, OAuth2Error, Result};
pub use method::Method;
pub use pagination::{Page, PageFuture, PageStream, Paged};
pub use request::ApiRequest;
pub use response::RawResponse;
pub use retry::RetryPolicy;
pub use secret::Secret;

/// The README's Rust snippets, compiled as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

/// For unit tests: a client with an application key only, that reads no real
/// configuration and points at a closed local port.
#[cfg(test)]
pub(crate) fn test_client() -> Client {
    Client::builder()
        .config_lookup(ConfigLookup::with_files(
            Vec::<(String, String)>::new(),
            Vec::new(),
        ))
        .endpoint("http://127.0.0.1:9/1.0")
        .application_key("ak")
        .build()
        .expect("a client needs no network to build")
}
