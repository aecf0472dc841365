//! Who calls and what they may do: configuration, endpoints, signatures, OAuth2, secrets,
//! consumer keys, and the access rules and IAM actions of calls.

pub(crate) mod access; // the access rule and IAM actions of a call, recorded when asked
pub mod config; // configuration lookup with the Python client's semantics
pub mod consumer_key; // requesting a consumer key; rules minimised, createToken URLs
pub(crate) mod endpoint; // OVH's named endpoints, or any base URL
pub(crate) mod env_vars; // the `OVH_*` variables, named once
pub(crate) mod hosts; // the named endpoints and token URLs, as data
pub mod iam; // IAM policies allowing exactly a set of actions
pub(crate) mod oauth2; // service accounts: client-credentials tokens
pub(crate) mod refresh; // a value fetched on demand and shared (clock offset, token)
pub(crate) mod rule; // `AccessRule` and `NeededAccess` as plain data
pub(crate) mod secret; // `Secret`: never in `Debug` or `Display`
pub mod signing; // the OVH request signature
