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
//! # Runtime modules
//!
//! Each runtime module, what it holds, and the modules it imports (`→`);
//! the arrows form no cycle, and the generated [`api`] and [`models`] sit on
//! top, using the re-exports below.
//!
//! - `transport` — sends one finished HTTP request (hyper directly, or a `reqwest::Client`),
//!   [`NetworkError`] → nothing
//! - `error` — [`Error`] and its parts → transport (its [`NetworkError`]), and only the names
//!   its messages list: the `ENV_*` constants of config, [`ENDPOINTS`] of endpoint
//! - `secret` — [`Secret`], a string never formatted → nothing
//! - [`signing`] — the request signature → nothing
//! - `rate_limit` — the shared requests-per-second limiter → nothing
//! - `method` — [`Method`] → error
//! - [`path`] — path segment encoding and templates → error
//! - `endpoint` — [`Endpoint`], the named endpoints ([`ENDPOINTS`]), token URLs → error
//! - `refresh` — a value fetched once and refreshed on demand (clock, token) → error
//! - `response` — [`RawResponse`] and its decoding → error
//! - `retry` — [`RetryPolicy`], which answers are transient → error, response
//! - `parts` — what one call sends (method, path, query, headers, one `Body`) → error, method, retry
//! - [`config`] — configuration lookup → endpoint, error, secret
//! - `oauth2` — OAuth2 tokens of service accounts → error, refresh, secret, transport
//! - `client` — [`Client`], [`ClientBuilder`]: construction, configuration, sending → config,
//!   endpoint, error, method, oauth2, parts, rate_limit, refresh, response, retry, secret,
//!   signing, transport
//! - `request` — [`ApiRequest`]: builds the parts, sends them through the client → client, error,
//!   method, parts, path, response, retry
//! - [`pagination`] — [`Paged`], cursor pagination of /v2 lists → client, error, parts, request,
//!   response, typed
//! - `batch` — [`BatchRequest`], batch GETs → client, error, method, path, request, retry
//! - [`v2`] — /v2 query and header serialization → endpoint, error, request
//! - [`consumer_key`] — consumer key requests and access rules → client, error, method, secret
//! - `typed` — [`Request`], the one shape of every typed operation → error, request, response,
//!   retry
//! - `raw` — every `impl Client` way to start a call (`request`, `get`, `post`, `put`,
//!   `delete`, `get_batch`, `new_consumer_key_request`) → batch, client, consumer_key, method,
//!   request
//! - [`mock`] (feature `mock`) — a local mock OVH API for tests → signing, and the public API
//!   (`crate::Client`, …) like any user
#![deny(missing_docs)]

pub mod api;
mod batch;
mod client;
pub mod config;
pub mod consumer_key;
mod endpoint;
mod error;
mod method;
#[cfg(feature = "mock")]
pub mod mock;
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
mod transport;
mod typed;
pub mod v2;

pub use batch::{BatchRequest, DEFAULT_BATCH_CHUNK, DEFAULT_BATCH_IN_FLIGHT};
pub use client::{Client, ClientBuilder, DEFAULT_TIMEOUT};
pub use config::{Config, ConfigLookup};
pub use endpoint::{Endpoint, ENDPOINTS, OAUTH2_TOKEN_URLS};
pub use error::{ApiError, ApiErrorKind, ConfigError, Credential, Error, OAuth2Error, Result};
pub use method::Method;
pub use pagination::{Page, PageFuture, PageStream, Paged};
pub use request::ApiRequest;
pub use response::RawResponse;
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use transport::{NetworkError, DEFAULT_USER_AGENT};
pub use typed::{Request, SendFuture};

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

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    /// The runtime modules (`src/*.rs`) and the ones each imports, from
    /// their code outside comments and tests.
    fn runtime_imports() -> BTreeMap<String, BTreeSet<String>> {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut graph = BTreeMap::new();
        for entry in std::fs::read_dir(src).unwrap() {
            let path = entry.unwrap().path();
            let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            if path.extension().is_none_or(|e| e != "rs") || name == "lib" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            let mut imports = BTreeSet::new();
            for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for (at, _) in line.match_indices("crate::") {
                    let rest = &line[at + "crate::".len()..];
                    let module: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                        .collect();
                    if !module.is_empty()
                        && module != name
                        && rest[module.len()..].starts_with("::")
                    {
                        imports.insert(module);
                    }
                }
            }
            graph.insert(name.to_owned(), imports);
        }
        graph
    }

    /// The runtime sources, each without its comments and tests.
    fn runtime_code() -> Vec<(String, String)> {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        for entry in std::fs::read_dir(src).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            let code: Vec<&str> = code
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.push((name, code.join("\n")));
        }
        files
    }

    #[test]
    fn variable_and_endpoint_names_are_written_once() {
        for (file, code) in runtime_code() {
            if file != "config.rs" {
                assert!(
                    !code.contains("\"OVH_"),
                    "{file} spells out an OVH_ variable"
                );
            }
            if file != "endpoint.rs" {
                for (name, _) in crate::ENDPOINTS {
                    let quoted = format!("\"{name}\"");
                    assert!(!code.contains(&quoted), "{file} spells out {quoted}");
                }
            }
        }
        let readme = include_str!("../../README.md");
        let config_docs = include_str!("config.rs");
        for var in crate::config::ENV_VARS {
            assert!(readme.contains(&format!("`{var}`")), "README misses {var}");
            assert!(
                config_docs.contains(&format!("`{var}`]")),
                "config docs miss {var}"
            );
        }
        for (name, _) in crate::ENDPOINTS {
            assert!(
                readme.contains(&format!("`{name}`")),
                "README misses {name}"
            );
        }
    }

    #[test]
    fn runtime_modules_import_each_other_without_cycles() {
        let mut graph = runtime_imports();
        assert!(graph["client"].contains("parts") && !graph["client"].contains("request"));
        for leaf in ["method", "parts"] {
            assert!(
                !graph[leaf].contains("client") && !graph[leaf].contains("request"),
                "{leaf}: {:?}",
                graph[leaf]
            );
        }
        // Depth-first search for a path back to the start.
        fn reaches(
            graph: &BTreeMap<String, BTreeSet<String>>,
            from: &str,
            target: &str,
            seen: &mut BTreeSet<String>,
        ) -> bool {
            graph.get(from).into_iter().flatten().any(|next| {
                next == target || (seen.insert(next.clone()) && reaches(graph, next, target, seen))
            })
        }
        // error reads the names its messages list from config and endpoint,
        // which return its errors: constants only, so not counted.
        graph.get_mut("error").unwrap().clear();
        for module in graph.keys() {
            assert!(
                !reaches(&graph, module, module, &mut BTreeSet::new()),
                "{module} imports itself through other modules: {graph:#?}"
            );
        }
    }
}
