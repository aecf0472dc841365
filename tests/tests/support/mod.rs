//! Shared helpers for the end-to-end tests.

#![allow(dead_code)]

use fake_ovh::{FakeOvh, DEFAULT_APP_KEY, DEFAULT_APP_SECRET, DEFAULT_CONSUMER_KEY};
use ovh_api::{Client, ConfigLookup};

/// A client pointed at the fake server with its default credentials, and a
/// configuration lookup that cannot see the real environment or files.
pub fn client(ovh: &FakeOvh) -> Client {
    builder(ovh).build().expect("client")
}

/// A builder like [`client`]'s, to tweak before building.
pub fn builder(ovh: &FakeOvh) -> ovh_api::ClientBuilder {
    Client::builder()
        .config_lookup(isolated_lookup())
        .endpoint(ovh.base_url())
        .application_key(DEFAULT_APP_KEY)
        .application_secret(DEFAULT_APP_SECRET)
        .consumer_key(DEFAULT_CONSUMER_KEY)
}

/// A lookup with an empty environment and no configuration files, so tests
/// never read the developer's real configuration.
pub fn isolated_lookup() -> ConfigLookup {
    ConfigLookup::with_files(Vec::<(String, String)>::new(), Vec::new())
}
