//! Where requests go: OVH's named endpoints, or any base URL.

use crate::runtime::error::{Error, Result};

/// The named OVH endpoints and their API base URLs.
pub const ENDPOINTS: [(&str, &str); 7] = [
    ("ovh-eu", "https://eu.api.ovh.com/1.0"),
    ("ovh-us", "https://api.us.ovhcloud.com/1.0"),
    ("ovh-ca", "https://ca.api.ovh.com/1.0"),
    ("kimsufi-eu", "https://eu.api.kimsufi.com/1.0"),
    ("kimsufi-ca", "https://ca.api.kimsufi.com/1.0"),
    ("soyoustart-eu", "https://eu.api.soyoustart.com/1.0"),
    ("soyoustart-ca", "https://ca.api.soyoustart.com/1.0"),
];

/// OAuth2 token URLs (service accounts), by API host. The named endpoints
/// use the first three; the last is OVHcloud's newer domain family, for
/// custom base URLs such as `https://api.eu.ovhcloud.com/1.0`. Kimsufi and
/// So you Start have none.
pub const OAUTH2_TOKEN_URLS: [(&str, &str); 4] = [
    ("eu.api.ovh.com", "https://www.ovh.com/auth/oauth2/token"),
    ("ca.api.ovh.com", "https://ca.ovh.com/auth/oauth2/token"),
    (
        "api.us.ovhcloud.com",
        "https://us.ovhcloud.com/auth/oauth2/token",
    ),
    (
        "api.eu.ovhcloud.com",
        "https://auth.eu.ovhcloud.com/oauth2/token",
    ),
];

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
    /// [`OAUTH2_TOKEN_URLS`]), when it has one.
    pub fn oauth2_token_url(&self) -> Option<&'static str> {
        let host = url::Url::parse(&self.base)
            .ok()?
            .host_str()?
            .to_ascii_lowercase();
        OAUTH2_TOKEN_URLS
            .iter()
            .find(|(api_host, _)| *api_host == host)
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
    fn unknown_names_are_errors() {
        for bad in ["ovh-mars", "", "ftp://example.com", "http://"] {
            assert!(
                matches!(Endpoint::parse(bad), Err(Error::UnknownEndpoint(_))),
                "{bad:?}"
            );
        }
    }
}
