//! OVH's API hosts as data, named once: the named endpoints and the OAuth2 token URL of each
//! API host. `endpoint` parses with them, and error messages list them, without either
//! importing the other.

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

/// OAuth2 token URLs (service accounts), by API host (lowercase). The named
/// endpoints use the first three (`api.us.ovhcloud.com` is both `ovh-us`'s
/// host and the US host of OVHcloud's newer family); the last two are the
/// newer family's EU and CA hosts, which the named endpoints do not use yet:
/// give their base URL as the endpoint (`https://api.eu.ovhcloud.com/1.0`,
/// `https://api.ca.ovhcloud.com/1.0`). Kimsufi and So you Start have none.
/// [`Endpoint::oauth2_token_url`](crate::Endpoint::oauth2_token_url) looks a base URL's host up here.
pub const OAUTH2_TOKEN_URLS: [(&str, &str); 5] = [
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
    (
        "api.ca.ovhcloud.com",
        "https://auth.ca.ovhcloud.com/oauth2/token",
    ),
];
