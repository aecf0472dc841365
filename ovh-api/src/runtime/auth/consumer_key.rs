//! Requesting a consumer key: the access rules an application asks a user
//! to grant.
//!
//! ```no_run
//! # async fn demo(client: ovh_api::Client) -> ovh_api::Result<()> {
//! use ovh_api::consumer_key::READ_ONLY;
//! let granted = client
//!     .new_consumer_key_request()
//!     .add_rules(READ_ONLY, "/me")
//!     .request()
//!     .await?;
//! println!("Validate at {}", granted.validation_url);
//! let client = client.with_consumer_key(granted.consumer_key.clone());
//! # Ok(()) }
//! ```
//!
//! In a rule's path, `*` is a wildcard for any rest of the path, `/` included: OVH's guides
//! and clients ask for `GET /*` (the whole API) or `GET /domain/zone/*` (a subtree), and
//! python-ovh's recursive rules add `/path` beside `/path/*`. OVH's documentation says
//! nothing of a `*` inside a path (`/dedicated/server/*/reboot`, the rule of a typed call,
//! [`crate::TypedCall::access_rule`]); this crate takes it to match the same way.

use std::fmt;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::{Deserialize, Serialize};

pub use crate::runtime::auth::access::{minimize_rules, rule_for_path, AccessRule};
use crate::runtime::auth::endpoint::Endpoint;
use crate::runtime::auth::secret::Secret;
use crate::runtime::call::method::Method;
use crate::runtime::client::Client;
use crate::runtime::error::{Credential, Error, Result};

/// Read-only access: `GET`.
pub const READ_ONLY: &[Method] = &[Method::Get];
/// Read-write access: `GET`, `POST`, `PUT`, `DELETE`.
pub const READ_WRITE: &[Method] = &[Method::Get, Method::Post, Method::Put, Method::Delete];
/// Read-write access without deletion: `GET`, `POST`, `PUT`.
pub const READ_WRITE_SAFE: &[Method] = &[Method::Get, Method::Post, Method::Put];

/// The page of the endpoint's console where a user creates script credentials (an
/// application key and secret, and a consumer key) with `rules` filled in: the host root's
/// `/createToken/`, one `METHOD=path` pair a rule, in order, no query without rules
/// (`https://eu.api.ovh.com/createToken/?GET=/me&GET=/me/bill/*`). A path's characters other
/// than letters, digits, `/`, `*`, `-`, `_`, `.` and `~` are percent-encoded.
///
/// ```
/// use ovh_api::consumer_key::{create_token_url, AccessRule};
/// use ovh_api::{Endpoint, Method};
///
/// let rules = [
///     AccessRule::new(Method::Get, "/me"),
///     AccessRule::new(Method::Get, "/me/bill/*"),
/// ];
/// let endpoint = Endpoint::parse("ovh-eu")?;
/// assert_eq!(
///     create_token_url(&endpoint, &rules),
///     "https://eu.api.ovh.com/createToken/?GET=/me&GET=/me/bill/*"
/// );
/// # Ok::<(), ovh_api::Error>(())
/// ```
pub fn create_token_url(endpoint: &Endpoint, rules: &[AccessRule]) -> String {
    let pairs: Vec<String> = rules
        .iter()
        .map(|rule| {
            let method = utf8_percent_encode(&rule.method, RULE_PATH);
            format!("{method}={}", utf8_percent_encode(&rule.path, RULE_PATH))
        })
        .collect();
    let root = endpoint.root_url();
    if pairs.is_empty() {
        return format!("{root}/createToken/");
    }
    format!("{root}/createToken/?{}", pairs.join("&"))
}

/// What a rule path keeps unencoded in a createToken URL.
const RULE_PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'*')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// A consumer key request being built; send it with [`Self::request`].
#[derive(Debug, Clone)]
#[must_use = "the request is only sent by `.request().await`"]
pub struct ConsumerKeyRequest {
    client: Client,
    rules: Vec<AccessRule>,
    redirection: Option<String>,
    allowed_ips: Option<Vec<String>>,
}

/// The body of `POST /auth/credential`.
#[derive(Serialize)]
struct CredentialRequestBody<'a> {
    #[serde(rename = "accessRules")]
    access_rules: &'a [AccessRule],
    #[serde(skip_serializing_if = "Option::is_none")]
    redirection: Option<&'a str>,
    #[serde(rename = "allowedIPs", skip_serializing_if = "Option::is_none")]
    allowed_ips: Option<&'a [String]>,
}

impl ConsumerKeyRequest {
    /// A request with no rules yet (see [`Client::new_consumer_key_request`]).
    pub(crate) fn new(client: &Client) -> Self {
        ConsumerKeyRequest {
            client: client.clone(),
            rules: Vec::new(),
            redirection: None,
            allowed_ips: None,
        }
    }

    /// Allows `method` on `path`.
    pub fn add_rule(mut self, method: Method, path: impl Into<String>) -> Self {
        self.rules.push(AccessRule {
            method: method.as_str().to_owned(),
            path: path.into(),
        });
        self
    }

    /// Allows each of `methods` on `path`.
    pub fn add_rules(mut self, methods: &[Method], path: &str) -> Self {
        for method in methods {
            self = self.add_rule(*method, path);
        }
        self
    }

    /// Allows each of `methods` on `path` and everything below it
    /// (`path` and `path/*`). For `/`, that is `/*`: the whole API.
    pub fn add_recursive_rules(mut self, methods: &[Method], path: &str) -> Self {
        let path = path.trim_end_matches(['*', '/', ' ']);
        if !path.is_empty() {
            self = self.add_rules(methods, path);
        }
        self.add_rules(methods, &format!("{path}/*"))
    }

    /// Allows `rule`: an [`AccessRule`], or a typed call's own ([`crate::TypedCall::access_rule`]).
    /// The rules are then kept sorted, each once, without any that another covers
    /// ([`minimize_rules`]: `GET /me/*` covers `GET /me/bill/*`).
    ///
    /// ```
    /// use ovh_api::consumer_key::AccessRule;
    /// # let no_config = ovh_api::ConfigLookup::with_files(Vec::<(String, String)>::new(), Vec::new());
    /// # let client = ovh_api::Client::builder().endpoint("ovh-eu").config_lookup(no_config).build()?;
    /// let request = client
    ///     .new_consumer_key_request()
    ///     .allow(&client.me().bill().bill_id("FR1").get())
    ///     .allow(AccessRule::new(ovh_api::Method::Get, "/me"))
    ///     .allow(&client.me().get());
    /// let rules: Vec<String> = request.rules().iter().map(ToString::to_string).collect();
    /// assert_eq!(rules, ["GET /me", "GET /me/bill/*"]);
    /// # Ok::<(), ovh_api::Error>(())
    /// ```
    pub fn allow(self, rule: impl Into<AccessRule>) -> Self {
        self.allow_calls([rule])
    }

    /// Allows each of `rules` (rules such as `mock.access_rules()`, or typed calls of one
    /// type), then keeps the rules sorted and minimal as [`Self::allow`] does.
    pub fn allow_calls<R: Into<AccessRule>>(mut self, rules: impl IntoIterator<Item = R>) -> Self {
        let rules = std::mem::take(&mut self.rules)
            .into_iter()
            .chain(rules.into_iter().map(Into::into));
        self.rules = minimize_rules(rules);
        self
    }

    /// Where OVH sends the user after validation.
    pub fn redirection(mut self, url: impl Into<String>) -> Self {
        self.redirection = Some(url.into());
        self
    }

    /// Restricts the key to these IP blocks (e.g. `203.0.113.0/24`).
    pub fn allowed_ips<I, S>(mut self, ips: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.allowed_ips = Some(ips.into_iter().map(Into::into).collect());
        self
    }

    /// The rules so far.
    pub fn rules(&self) -> &[AccessRule] {
        &self.rules
    }

    /// Sends `POST /auth/credential` (unsigned: only the application key is
    /// needed) and returns the new consumer key with its validation URL.
    pub async fn request(self) -> Result<ConsumerKeyResponse> {
        // The request is unsigned, but OVH issues the key to an application.
        if self.client.application_key().is_none() {
            return Err(Error::MissingCredential(Credential::ApplicationKey));
        }
        let body = CredentialRequestBody {
            access_rules: &self.rules,
            redirection: self.redirection.as_deref(),
            allowed_ips: self.allowed_ips.as_deref(),
        };
        // An answer that does not decode may still hold the new key: the error does not
        // quote it.
        self.client
            .post("/auth/credential")
            .body(&body)
            .unsigned()
            .await
            .map_err(Error::without_body)
    }
}

/// What `POST /auth/credential` answers.
#[derive(Clone, PartialEq, Eq, Deserialize)]
pub struct ConsumerKeyResponse {
    /// The URL where the user logs in to validate the key.
    #[serde(rename = "validationUrl")]
    pub validation_url: String,
    /// The new consumer key (usable once validated).
    #[serde(rename = "consumerKey")]
    pub consumer_key: Secret,
    /// The key's state, `pendingValidation` until the user validates it.
    pub state: CredentialState,
}

impl fmt::Debug for ConsumerKeyResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConsumerKeyResponse")
            .field("validation_url", &self.validation_url)
            .field("consumer_key", &self.consumer_key)
            .field("state", &self.state)
            .finish()
    }
}

/// The state of a consumer key.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CredentialState {
    /// Waiting for the user to validate it.
    PendingValidation,
    /// Validated: usable.
    Validated,
    /// Expired.
    Expired,
    /// Refused by the user.
    Refused,
    /// A state this version does not know.
    #[serde(untagged)]
    Other(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::runtime::test_client as client;

    fn rules(request: &ConsumerKeyRequest) -> Vec<(String, String)> {
        request
            .rules()
            .iter()
            .map(|r| (r.method.clone(), r.path.clone()))
            .collect()
    }

    #[test]
    fn recursive_rules_cover_the_path_and_below() {
        let request = client()
            .new_consumer_key_request()
            .add_recursive_rules(READ_ONLY, "/dedicated/server/");
        assert_eq!(
            rules(&request),
            [
                ("GET".into(), "/dedicated/server".into()),
                ("GET".into(), "/dedicated/server/*".into())
            ]
        );
        let root = client()
            .new_consumer_key_request()
            .add_recursive_rules(READ_WRITE, "/");
        assert_eq!(
            rules(&root),
            READ_WRITE
                .iter()
                .map(|m| (m.as_str().to_owned(), "/*".to_owned()))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn allowed_rules_are_sorted_unique_and_minimal() {
        let client = client();
        let request = client
            .new_consumer_key_request()
            .allow(AccessRule::new(Method::Get, "/me/bill/*"))
            .allow(&client.get::<()>("/me"))
            .allow_calls([
                AccessRule::new(Method::Get, "/me"),
                AccessRule::new(Method::Put, "/me"),
                AccessRule::new(Method::Get, "/me/*"),
            ]);
        assert_eq!(
            rules(&request),
            [
                ("GET".into(), "/me".into()),
                ("PUT".into(), "/me".into()),
                ("GET".into(), "/me/*".into()),
            ]
        );
    }

    #[test]
    fn create_token_urls_are_on_the_host_root() {
        let rules = [
            AccessRule::new(Method::Get, "/me"),
            AccessRule::new(Method::Delete, "/domain/zone/*/record/*"),
            AccessRule::new(Method::Post, "/odd path&x=1"),
        ];
        let url = |endpoint: &str| create_token_url(&Endpoint::parse(endpoint).unwrap(), &rules);
        let query = "?GET=/me&DELETE=/domain/zone/*/record/*&POST=/odd%20path%26x%3D1";
        assert_eq!(
            url("ovh-ca"),
            format!("https://ca.api.ovh.com/createToken/{query}")
        );
        assert_eq!(
            url("ovh-us"),
            format!("https://api.us.ovhcloud.com/createToken/{query}")
        );
        assert_eq!(
            url("http://127.0.0.1:8080/1.0/"),
            format!("http://127.0.0.1:8080/createToken/{query}")
        );
        assert_eq!(
            create_token_url(&Endpoint::parse("ovh-eu").unwrap(), &[]),
            "https://eu.api.ovh.com/createToken/"
        );
    }

    #[test]
    fn create_token_urls_of_the_new_hosts_are_on_their_root() {
        let rules = [
            AccessRule::new(Method::Get, "/me"),
            AccessRule::new(Method::Put, "/domain/zone/*"),
        ];
        for region in ["eu", "ca", "us"] {
            let root = format!("https://api.{region}.ovhcloud.com");
            // With or without the version or a trailing slash: the page is at the root of
            // the API host, as for the named endpoints.
            for base in [format!("{root}/1.0"), format!("{root}/1.0/"), root.clone()] {
                let endpoint = Endpoint::parse(&base).unwrap();
                assert_eq!(
                    create_token_url(&endpoint, &rules),
                    format!("{root}/createToken/?GET=/me&PUT=/domain/zone/*"),
                    "{base}"
                );
                assert_eq!(
                    create_token_url(&endpoint, &[]),
                    format!("{root}/createToken/")
                );
            }
        }
    }

    #[test]
    fn presets_match_the_python_client() {
        assert_eq!(READ_ONLY, [Method::Get]);
        assert_eq!(READ_WRITE_SAFE, [Method::Get, Method::Post, Method::Put]);
        assert_eq!(READ_WRITE.len(), 4);
    }

    #[test]
    fn body_omits_unset_options() {
        let rules = [AccessRule {
            method: "GET".into(),
            path: "/me".into(),
        }];
        let body = CredentialRequestBody {
            access_rules: &rules,
            redirection: None,
            allowed_ips: None,
        };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"accessRules":[{"method":"GET","path":"/me"}]}"#
        );
    }

    #[test]
    fn unknown_states_are_kept() {
        let state: CredentialState = serde_json::from_str(r#""somethingNew""#).unwrap();
        assert_eq!(state, CredentialState::Other("somethingNew".into()));
        let state: CredentialState = serde_json::from_str(r#""pendingValidation""#).unwrap();
        assert_eq!(state, CredentialState::PendingValidation);
    }
}
