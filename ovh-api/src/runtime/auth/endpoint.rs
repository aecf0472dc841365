//! Where requests go: OVH's named endpoints, or any base URL.
//!
//! # Host families
//!
//! OVH serves its API under two families of host names, the same API on each:
//!
//! | region | older host (the named endpoint) | OAuth2 token URL | newer host | OAuth2 token URL |
//! |---|---|---|---|---|
//! | Europe | `eu.api.ovh.com` (`ovh-eu`) | `https://www.ovh.com/auth/oauth2/token` | `api.eu.ovhcloud.com` | `https://auth.eu.ovhcloud.com/oauth2/token` |
//! | Canada | `ca.api.ovh.com` (`ovh-ca`) | `https://ca.ovh.com/auth/oauth2/token` | `api.ca.ovhcloud.com` | `https://auth.ca.ovhcloud.com/oauth2/token` |
//! | United States | `api.us.ovhcloud.com` (`ovh-us`) | `https://us.ovhcloud.com/auth/oauth2/token` | the same host | the same URL |
//!
//! The named endpoints ([`ENDPOINTS`]) keep the older hosts until OVH retires them; a newer
//! host is used by giving its base URL as the endpoint (`https://api.eu.ovhcloud.com/1.0`).
//! Either way the token URL follows the API host ([`OAUTH2_TOKEN_URLS`],
//! [`Endpoint::oauth2_token_url`]), and createToken pages are at the root of the API host
//! (`https://api.eu.ovhcloud.com/createToken/`, see
//! [`create_token_url`](crate::consumer_key::create_token_url)). Kimsufi and So you Start
//! (`eu.api.kimsufi.com`, …) have no newer host and no service accounts.

use crate::runtime::error::{Error, Result};

pub use crate::runtime::auth::hosts::{ENDPOINTS, OAUTH2_TOKEN_URLS};

/// Whether a request path is on the /v2 branch (`/v2` or `/v2/...`, query string ignored).
pub(crate) fn is_v2_path(path: &str) -> bool {
    is_under(path, "/v2")
}

/// Whether a request path (query string ignored) is `branch` or under it.
fn is_under(path: &str, branch: &str) -> bool {
    path.split('?')
        .next()
        .unwrap_or(path)
        .strip_prefix(branch)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// A resolved endpoint: the `/1.0` API base, and the host root that
/// `/v1/...` and `/v2/...` paths are served from.
///
/// OVHcloud's newer hosts are given by base URL (`https://api.eu.ovhcloud.com/1.0`,
/// `https://api.ca.ovhcloud.com/1.0`; `https://api.us.ovhcloud.com/1.0` is also `ovh-us`):
/// such an endpoint has no name, its OAuth2 token URL comes from [`OAUTH2_TOKEN_URLS`]
/// by host, and its createToken page is at its root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    name: Option<String>,
    base: String,
    root: String,
}

impl Endpoint {
    /// Resolves an endpoint name (`ovh-eu`, …) or an `http(s)://` base URL.
    pub fn parse(name_or_url: &str) -> Result<Self> {
        let value = name_or_url.trim();
        if let Some((name, base)) = ENDPOINTS.iter().find(|(name, _)| *name == value) {
            return Ok(Endpoint::from_base(Some(name), base));
        }
        let is_url = value.starts_with("http://") || value.starts_with("https://");
        match url::Url::parse(value) {
            Ok(url) if is_url && url.has_host() => Ok(Endpoint::from_base(None, value)),
            _ => Err(Error::UnknownEndpoint(value.to_owned())),
        }
    }

    fn from_base(name: Option<&str>, base: &str) -> Self {
        let base = base.trim_end_matches('/').to_owned();
        // The host root is the base without its API version (`/1.0`), or the
        // bare origin when a custom base does not end with one.
        let root = match base.strip_suffix("/1.0") {
            Some(root) => root.to_owned(),
            None => match url::Url::parse(&base) {
                Ok(url) => url.origin().ascii_serialization(),
                Err(_) => base.clone(),
            },
        };
        Endpoint {
            name: name.map(str::to_owned),
            base,
            root,
        }
    }

    /// The endpoint's name, when it was given by name.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The API base URL, e.g. `https://eu.api.ovh.com/1.0`.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// The host root, which `/v1/...` and `/v2/...` paths are served from, e.g.
    /// `https://eu.api.ovh.com`.
    pub fn root_url(&self) -> &str {
        &self.root
    }

    /// The OAuth2 token URL of this endpoint's API host (see
    /// [`OAUTH2_TOKEN_URLS`]), when it has one. Only the host counts: not the
    /// scheme nor the port (a test may reach a local server as
    /// `http://api.eu.ovhcloud.com:8080/1.0`), nor its case or a trailing dot.
    pub fn oauth2_token_url(&self) -> Option<&'static str> {
        let url = url::Url::parse(&self.base).ok()?;
        let host = url.host_str()?;
        // A fully qualified name (`api.eu.ovhcloud.com.`) is the same host.
        let host = host.strip_suffix('.').unwrap_or(host);
        OAUTH2_TOKEN_URLS
            .iter()
            .find(|(api_host, _)| api_host.eq_ignore_ascii_case(host))
            .map(|(_, token_url)| *token_url)
    }

    /// The name used for the configuration file section holding the keys:
    /// the endpoint name, or the base URL for a custom endpoint.
    pub fn config_section(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.base)
    }

    /// The URL for an API path (which may carry a query string): under the
    /// `/1.0` base, except `/v1/...` and `/v2/...` which go to the host root.
    pub fn url_for(&self, path: &str) -> String {
        let versioned = is_under(path, "/v1") || is_v2_path(path);
        let prefix = if versioned { &self.root } else { &self.base };
        let mut url = String::with_capacity(prefix.len() + path.len() + 64);
        url.push_str(prefix);
        if !path.starts_with('/') {
            url.push('/');
        }
        url.push_str(path);
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_endpoints_resolve_to_their_base() {
        let eu = Endpoint::parse("ovh-eu").unwrap();
        assert_eq!(eu.base_url(), "https://eu.api.ovh.com/1.0");
        assert_eq!(eu.url_for("/me"), "https://eu.api.ovh.com/1.0/me");
        assert_eq!(eu.config_section(), "ovh-eu");
        for (name, base) in ENDPOINTS {
            assert_eq!(Endpoint::parse(name).unwrap().base_url(), base);
        }
    }

    #[test]
    fn versioned_paths_go_to_the_host_root() {
        let eu = Endpoint::parse("ovh-eu").unwrap();
        assert_eq!(
            eu.url_for("/v2/iam/policy"),
            "https://eu.api.ovh.com/v2/iam/policy"
        );
        assert_eq!(eu.url_for("/v1/me"), "https://eu.api.ovh.com/v1/me");
        assert_eq!(eu.url_for("/v2?x=1"), "https://eu.api.ovh.com/v2?x=1");
        // Only a whole `/v2` segment counts.
        assert_eq!(eu.url_for("/v2beta"), "https://eu.api.ovh.com/1.0/v2beta");
    }

    #[test]
    fn custom_urls_are_accepted() {
        let local = Endpoint::parse("http://127.0.0.1:8080/1.0/").unwrap();
        assert_eq!(local.base_url(), "http://127.0.0.1:8080/1.0");
        assert_eq!(local.url_for("/v2/x"), "http://127.0.0.1:8080/v2/x");
        let other = Endpoint::parse("https://proxy.example.com/ovh").unwrap();
        assert_eq!(other.url_for("/v2/x"), "https://proxy.example.com/v2/x");
        assert_eq!(other.url_for("/me"), "https://proxy.example.com/ovh/me");
    }

    #[test]
    fn token_urls_follow_the_api_host() {
        let cases = [
            ("ovh-eu", Some("https://www.ovh.com/auth/oauth2/token")),
            ("ovh-ca", Some("https://ca.ovh.com/auth/oauth2/token")),
            ("ovh-us", Some("https://us.ovhcloud.com/auth/oauth2/token")),
            ("kimsufi-eu", None),
            ("kimsufi-ca", None),
            ("soyoustart-eu", None),
            ("soyoustart-ca", None),
            (
                "https://eu.api.ovh.com/1.0",
                Some("https://www.ovh.com/auth/oauth2/token"),
            ),
            (
                "https://api.eu.ovhcloud.com/1.0",
                Some("https://auth.eu.ovhcloud.com/oauth2/token"),
            ),
            (
                "https://api.ca.ovhcloud.com/1.0",
                Some("https://auth.ca.ovhcloud.com/oauth2/token"),
            ),
            (
                "https://api.us.ovhcloud.com/1.0",
                Some("https://us.ovhcloud.com/auth/oauth2/token"),
            ),
            ("http://127.0.0.1:8080/1.0", None),
        ];
        for (endpoint, token_url) in cases {
            assert_eq!(
                Endpoint::parse(endpoint).unwrap().oauth2_token_url(),
                token_url,
                "{endpoint}"
            );
        }
        let new_domain = Endpoint::parse("https://api.eu.ovhcloud.com/1.0").unwrap();
        assert_eq!(
            new_domain.url_for("/v2/iam/policy"),
            "https://api.eu.ovhcloud.com/v2/iam/policy"
        );
    }

    #[test]
    fn token_urls_ignore_scheme_port_case_and_a_trailing_dot() {
        let eu = Some("https://auth.eu.ovhcloud.com/oauth2/token");
        for base in [
            "http://api.eu.ovhcloud.com/1.0",
            "http://api.eu.ovhcloud.com:8080/1.0",
            "https://api.eu.ovhcloud.com:443/1.0",
            "https://API.EU.OVHcloud.com/1.0",
            "https://api.eu.ovhcloud.com./1.0",
            "https://api.eu.ovhcloud.com",
        ] {
            assert_eq!(
                Endpoint::parse(base).unwrap().oauth2_token_url(),
                eu,
                "{base}"
            );
        }
        // Only the whole host counts.
        for base in [
            "https://xapi.eu.ovhcloud.com/1.0",
            "https://api.eu.ovhcloud.com.evil.example/1.0",
            "https://auth.eu.ovhcloud.com/1.0",
        ] {
            assert_eq!(
                Endpoint::parse(base).unwrap().oauth2_token_url(),
                None,
                "{base}"
            );
        }
    }

    #[test]
    fn every_new_host_has_its_token_url_and_root() {
        let cases = [
            ("eu", "https://auth.eu.ovhcloud.com/oauth2/token"),
            ("ca", "https://auth.ca.ovhcloud.com/oauth2/token"),
            ("us", "https://us.ovhcloud.com/auth/oauth2/token"),
        ];
        for (region, token_url) in cases {
            let base = format!("https://api.{region}.ovhcloud.com/1.0");
            let endpoint = Endpoint::parse(&base).unwrap();
            assert_eq!(endpoint.name(), None);
            assert_eq!(endpoint.base_url(), base);
            assert_eq!(
                endpoint.root_url(),
                format!("https://api.{region}.ovhcloud.com")
            );
            assert_eq!(endpoint.config_section(), base);
            assert_eq!(endpoint.url_for("/me"), format!("{base}/me"));
            assert_eq!(endpoint.oauth2_token_url(), Some(token_url), "{base}");
        }
    }

    /// The named endpoints keep their hosts until OVH retires them: a user
    /// moves to a newer host by giving its base URL, never by surprise.
    #[test]
    fn named_endpoints_are_unchanged() {
        assert_eq!(
            ENDPOINTS,
            [
                ("ovh-eu", "https://eu.api.ovh.com/1.0"),
                ("ovh-us", "https://api.us.ovhcloud.com/1.0"),
                ("ovh-ca", "https://ca.api.ovh.com/1.0"),
                ("kimsufi-eu", "https://eu.api.kimsufi.com/1.0"),
                ("kimsufi-ca", "https://ca.api.kimsufi.com/1.0"),
                ("soyoustart-eu", "https://eu.api.soyoustart.com/1.0"),
                ("soyoustart-ca", "https://ca.api.soyoustart.com/1.0"),
            ]
        );
        for (name, _) in ENDPOINTS {
            let endpoint = Endpoint::parse(name).unwrap();
            assert_eq!(endpoint.name(), Some(name));
            assert_eq!(endpoint.config_section(), name);
        }
    }

    #[test]
    fn unknown_names_are_errors() {
        for bad in ["ovh-mars", "", "ftp://example.com", "http://"] {
            assert!(
                matches!(Endpoint::parse(bad), Err(Error::UnknownEndpoint(_))),
                "{bad:?}"
            );
        }
    }
}
