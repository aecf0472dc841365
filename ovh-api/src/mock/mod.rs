//! A local mock of the OVH API, for your own tests (feature `mock`).
//!
//! [`MockOvh`] is a real HTTP server on `127.0.0.1` (a random port), running
//! on the current tokio runtime. You tell it what to answer with
//! [`MockOvh::on`], point a [`Client`](crate::Client) at it with
//! [`MockOvh::client`], run your code, then look at what it received with
//! [`MockOvh::requests`]. It behaves like OVH where it matters to a client:
//! it checks request signatures exactly as OVH does (a bad one is answered
//! 400 `INVALID_SIGNATURE`), serves `GET /auth/time`, answers errors in OVH's
//! shape, and supports batch GETs, /v2 cursor pagination and OAuth2 service
//! accounts.
//!
//! Add it to your tests only:
//!
//! ```toml
//! [dev-dependencies]
//! ovh-api = { git = "<this repository>", features = ["mock"] }
//! ```
//!
//! ```
//! use ovh_api::mock::MockOvh;
//! use serde_json::json;
//!
//! #[tokio::main]
//! async fn main() -> ovh_api::Result<()> {
//!     let mock = MockOvh::start().await; // 127.0.0.1, random port
//!     mock.on("GET", "/me").reply(&json!({"nichandle": "xx1-ovh", "firstname": "Ada"}));
//!     // `{param}` segments match any one segment; typed bodies are anything `Serialize`.
//!     mock.on("GET", "/me/bill/{billId}").reply(&json!({"billId": "FR1", "date": "2024-01-31"}));
//!
//!     let client = mock.client(); // a Client configured for the mock
//!     let me = client.me().get().await?; // signed, checked, answered
//!     assert_eq!(me.firstname.as_deref(), Some("Ada"));
//!
//!     // Every call is recorded: method, path, query, body, headers. (The
//!     // client's clock sync, GET /auth/time, is in `all_requests()` only.)
//!     assert_eq!(mock.requests().len(), 1);
//!     let call = &mock.requests()[0];
//!     assert_eq!((call.method.as_str(), call.api_path()), ("GET", "/me"));
//!     assert!(call.signature.is_valid());
//!     assert!(call.header("x-ovh-consumer").is_some());
//!
//!     // The latest rule for a route wins; errors come in OVH's shape.
//!     mock.on("GET", "/me").reply_error(404, "gone");
//!     let error = client.me().get().await.unwrap_err();
//!     assert_eq!(error.status(), Some(404));
//!     assert_eq!(error.kind_name(), "not-found");
//!     Ok(())
//! }
//! ```
//!
//! # Rules
//!
//! [`MockOvh::on`] adds a rule for a method and a path pattern and returns a
//! [`Rule`] to say what it answers ([`Rule::reply`], [`Rule::reply_json`],
//! [`Rule::reply_error`], [`Rule::reply_sequence`], [`Rule::reply_pages`], …),
//! after how long ([`Rule::delay`]), and whether it needs authentication
//! ([`Rule::unauthenticated`]). A new rule answers `200 null` until told
//! otherwise.
//!
//! * Paths are relative to `/1.0` (`"/me"` matches `/1.0/me`) unless they
//!   start with `/1.0/`, `/v1/` or `/v2/`. A query string in the pattern is
//!   ignored.
//! * A `{name}` segment matches any one non-empty segment, as sent
//!   (percent-encoded).
//! * When several rules match a request, the latest one answers.
//! * Rules need a valid signature or OAuth2 token (else 401 "You must login
//!   first"), except rules for `GET /auth/time` and `POST /auth/credential`.
//!
//! [`MockOvh::on_call`] makes a rule from a typed call instead
//! (`mock.on_call(|c| c.me().bill().get())`): it matches that call's method,
//! exact path and query string, and returns a [`TypedRule`] whose replies
//! must be of the call's answer type (a `Vec<String>` here; replying
//! anything else does not compile). Typed and pattern rules are one list:
//! the latest matching rule answers.
//!
//! # Under OVH's host names
//!
//! The mock checks a signature over `http://` + the request's `Host` header + its path and
//! query: the URL the client signed, whatever host it names. So a client can call it as
//! `api.eu.ovhcloud.com` (or any host), with
//! [`ClientBuilder::resolve`](crate::ClientBuilder::resolve) connecting that host to the
//! mock's address. The mock speaks plain HTTP, so the base is `http://`; a port left out
//! of the URL is the resolved address's.
//!
//! ```
//! # #[tokio::main] async fn main() -> ovh_api::Result<()> {
//! let mock = ovh_api::mock::MockOvh::start().await;
//! mock.on("GET", "/me").reply(&serde_json::json!({"nichandle": "xx1-ovh"}));
//! let client = mock
//!     .client_builder()
//!     .endpoint("http://api.eu.ovhcloud.com/1.0")
//!     .resolve("api.eu.ovhcloud.com", mock.addr())
//!     .build()?;
//! let _: serde_json::Value = client.get("/me").await?;
//! let call = &mock.requests()[0];
//! assert_eq!(call.url, "http://api.eu.ovhcloud.com/1.0/me");
//! assert!(call.signature.is_valid());
//! // The token URL follows the host (override it with the mock's `token_url()`).
//! assert_eq!(
//!     client.endpoint().oauth2_token_url(),
//!     Some("https://auth.eu.ovhcloud.com/oauth2/token")
//! );
//! # Ok(()) }
//! ```
//!
//! # Built in
//!
//! * `GET /1.0/auth/time`: the mock's clock ([`MockOvh::set_time_offset`]
//!   moves it).
//! * `POST /1.0/auth/credential`: issues consumer keys, known from then on
//!   ([`MockOvh::credentials`]).
//! * `POST /auth/oauth2/token` (at the root, [`MockOvh::token_url`]): the
//!   OAuth2 client credentials grant, for [`DEFAULT_CLIENT_ID`] /
//!   [`DEFAULT_CLIENT_SECRET`] and clients added with
//!   [`MockOvh::add_oauth2_client`]; calls with an issued
//!   `Authorization: Bearer` token count as authenticated.
//! * Batch GETs: `GET prefix/{id1},{id2},…` with `X-Ovh-Batch: ,` is answered
//!   `[{"key","value","error"}…]`, each id from the rule for `prefix/{id}` (a
//!   rule for the literal path of several ids answers instead).
//! * Every answer carries an `X-Ovh-QueryID` header.
//!
//! # Answers to bad requests (checked in this order)
//!
//! | Condition | Status | `errorCode` / `message` |
//! |---|---|---|
//! | A Host/`X-Ovh-*`/`Content-Type` header is not valid text | 400 | `INVALID_HEADER` |
//! | Non-empty body without `Content-Type: application/json` | 400 | `INVALID_CONTENT_TYPE` |
//! | Non-empty body that is not JSON | 400 | `INVALID_JSON` / `Invalid JSON received` |
//! | Signed, unknown or missing application key | 403 | `INVALID_KEY` / `Invalid application key` |
//! | Signed, unknown or missing consumer key | 403 | `INVALID_CREDENTIAL` / `This credential does not exist` |
//! | Signed, timestamp missing or not an integer | 400 | `INVALID_SIGNATURE` / `Invalid timestamp` |
//! | Signed, \|timestamp − mock time\| > [`MAX_CLOCK_SKEW_SECS`] | 400 | `QUERY_TIME_OUT` / `Query out of time` |
//! | Signed, signature mismatch | 400 | `INVALID_SIGNATURE` / `Invalid signature` |
//! | `Authorization: Bearer` with an unknown or expired token | 401 | `INVALID_TOKEN` |
//! | No rule for method + path | 404 | `NOT_FOUND` / `Got an invalid (or empty) URL: no mock rule matched GET /1.0/…; nearest rules: …` (at most 3: same method first, then the longest common path prefix) |
//! | Unauthenticated request to a rule requiring authentication | 401 | body `{"message":"You must login first"}` |
//!
//! (`QUERY_TIME_OUT`, `INVALID_HEADER`, `INVALID_CONTENT_TYPE`, `INVALID_JSON`
//! and `NOT_FOUND` are the mock's own error codes.) The mock never panics on
//! what it receives: anything it cannot make sense of gets an answer.

// The modules in reading order, from the bottom up: each uses only those above it (checked
// by `tests::modules_use_only_those_above_them`), and none uses this file's items. A blank
// line between each keeps rustfmt from sorting them.

// The paths answered by the mock itself; completing a path with `/1.0`.
mod paths;

// OVH's signature, computed independently of the client's.
mod signature;

// One answer (`Reply`) and OVH's error body.
mod reply;

// A /v2 list served page by page.
mod pagination;

// What a request looked like (`RecordedRequest`).
mod recording;

// A cassette being replayed: matching requests to recorded exchanges, the report.
mod replay;

// A rule as the mock keeps it: its matcher, answers, hits.
mod rule_state;

// Everything a mock knows, behind one lock (`Shared`).
mod state;

// `Rule`: the builder users add rules with.
mod rules;

// `TypedRule`: rules made from a typed call.
mod typed;

// A signed request checked against the state.
mod verify;

// The built-in `/auth/time` and `/auth/credential`.
mod auth;

// Batch GETs (`X-Ovh-Batch`).
mod batch;

// The OAuth2 token endpoint and bearer tokens.
mod oauth2;

// The HTTP server: one request in, one reply out.
mod server;

// `MockOvh`: starting a mock, adding rules, reading what it received.
mod instance;

pub use auth::AccessRule;
pub use instance::{
    MockOvh, DEFAULT_APP_KEY, DEFAULT_APP_SECRET, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET,
    DEFAULT_CONSUMER_KEY,
};
pub use pagination::DEFAULT_PAGE_SIZE;
pub use recording::RecordedRequest;
pub use replay::{ReplayMismatch, ReplayReport};
pub use reply::{ovh_error_body, Reply};
pub use rules::Rule;
pub use signature::{sign, SignatureCheck, MAX_CLOCK_SKEW_SECS};
pub use state::{IssuedCredential, DEFAULT_TOKEN_LIFETIME_SECS};
pub use typed::TypedRule;

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// The mock's modules in the order `mod.rs` declares them.
    fn declared() -> Vec<String> {
        include_str!("mod.rs")
            .lines()
            .filter_map(|l| l.strip_prefix("mod ")?.split_once(';'))
            .map(|(name, _)| name.to_owned())
            .collect()
    }

    /// The sibling modules `code` names through `super::`, its tests and comments left out;
    /// `Err` with a name that is no module (an item of `mod.rs`, which children must not use).
    fn uses(code: &str, modules: &[String]) -> Result<BTreeSet<String>, String> {
        let code = code.split("#[cfg(test)]\nmod tests").next().unwrap_or(code);
        let mut used = BTreeSet::new();
        for line in code.lines().map(str::trim).filter(|l| !l.starts_with("//")) {
            for rest in line.split("super::").skip(1) {
                let names: Vec<&str> = match rest.strip_prefix('{') {
                    Some(list) => list.split('}').next().unwrap_or("").split(',').collect(),
                    None => vec![rest],
                };
                for name in names {
                    let name: String = name
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !modules.contains(&name) {
                        return Err(name);
                    }
                    used.insert(name);
                }
            }
            if line.contains("crate::mock::") {
                return Err("crate::mock::".into());
            }
        }
        Ok(used)
    }

    /// `mod.rs` declares the modules bottom-up: each uses only modules declared above it, so
    /// the mock has no import cycle and a reading order.
    #[test]
    fn modules_use_only_those_above_them() {
        let modules = declared();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/mock");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n != "mod.rs")
            .collect();
        files.sort();
        let expected: Vec<String> = files.iter().map(|f| f.replace(".rs", "")).collect();
        let mut sorted = modules.clone();
        sorted.sort();
        assert_eq!(sorted, expected, "every file of src/mock is declared once");
        for (position, module) in modules.iter().enumerate() {
            let code = std::fs::read_to_string(dir.join(format!("{module}.rs"))).unwrap();
            let used = uses(&code, &modules)
                .unwrap_or_else(|name| panic!("{module} uses `{name}` from mod.rs"));
            for other in used {
                let above = modules[..position].contains(&other);
                assert!(above, "{module} uses {other}, declared below it in mod.rs");
            }
        }
    }

    #[test]
    fn the_check_sees_a_cycle_and_a_use_of_mod_rs() {
        let modules = vec!["a".to_owned(), "b".to_owned()];
        let used = uses("use super::{a, b};\n// super::x\n", &modules).unwrap();
        assert_eq!(used.into_iter().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(uses("use super::MockOvh;", &modules), Err("MockOvh".into()));
        assert!(
            uses("x #[cfg(test)]\nmod tests { use super::*; }", &modules)
                .unwrap()
                .is_empty()
        );
    }
}
