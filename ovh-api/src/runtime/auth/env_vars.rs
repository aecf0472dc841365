//! The environment variables the configuration reads, named once: `config` reads them, and
//! error messages list them, without either importing the other.

/// Environment variable naming the endpoint.
pub const ENV_ENDPOINT: &str = "OVH_ENDPOINT";
/// Environment variable holding the application key.
pub const ENV_APPLICATION_KEY: &str = "OVH_APPLICATION_KEY";
/// Environment variable holding the application secret.
pub const ENV_APPLICATION_SECRET: &str = "OVH_APPLICATION_SECRET";
/// Environment variable holding the consumer key.
pub const ENV_CONSUMER_KEY: &str = "OVH_CONSUMER_KEY";

/// Environment variable holding the OAuth2 client id (service account).
pub const ENV_CLIENT_ID: &str = "OVH_CLIENT_ID";
/// Environment variable holding the OAuth2 client secret.
pub const ENV_CLIENT_SECRET: &str = "OVH_CLIENT_SECRET";
/// Environment variable holding a fixed OAuth2 access token.
pub const ENV_ACCESS_TOKEN: &str = "OVH_ACCESS_TOKEN";
/// Environment variable overriding the OAuth2 token URL.
pub const ENV_OAUTH2_TOKEN_URL: &str = "OVH_OAUTH2_TOKEN_URL";

/// Every variable read, in the order the docs list them.
pub(crate) const ENV_VARS: [&str; 8] = [
    ENV_ENDPOINT,
    ENV_APPLICATION_KEY,
    ENV_APPLICATION_SECRET,
    ENV_CONSUMER_KEY,
    ENV_CLIENT_ID,
    ENV_CLIENT_SECRET,
    ENV_ACCESS_TOKEN,
    ENV_OAUTH2_TOKEN_URL,
];
