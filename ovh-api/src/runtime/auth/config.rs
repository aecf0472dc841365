//! Configuration lookup, with the official Python client's semantics.
//!
//! Each value is taken from the first place that has it:
//!
//! 1. the value given explicitly to the [`ClientBuilder`](crate::ClientBuilder);
//! 2. the environment: [`OVH_ENDPOINT`](ENV_ENDPOINT),
//!    [`OVH_APPLICATION_KEY`](ENV_APPLICATION_KEY),
//!    [`OVH_APPLICATION_SECRET`](ENV_APPLICATION_SECRET),
//!    [`OVH_CONSUMER_KEY`](ENV_CONSUMER_KEY), and for OAuth2
//!    [`OVH_CLIENT_ID`](ENV_CLIENT_ID), [`OVH_CLIENT_SECRET`](ENV_CLIENT_SECRET),
//!    [`OVH_ACCESS_TOKEN`](ENV_ACCESS_TOKEN),
//!    [`OVH_OAUTH2_TOKEN_URL`](ENV_OAUTH2_TOKEN_URL) (the `ENV_*` constants
//!    below; a test checks these docs and the configuration guide name each of them);
//! 3. INI files, the first file holding the value winning, in this order:
//!    `./ovh.conf`, `~/.ovh.conf`, `~/.ovhrc`, `/etc/ovh.conf` — or only the
//!    file given with [`ConfigLookup::with_file`].
//!
//! In the files, the endpoint is `endpoint=` in the `[default]` section and
//! the keys are in the section named after the endpoint:
//!
//! ```ini
//! [default]
//! endpoint=ovh-eu
//!
//! [ovh-eu]
//! application_key=my_app_key
//! application_secret=my_application_secret
//! consumer_key=my_consumer_key
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use ini::{Ini, ParseOption};

use crate::runtime::auth::endpoint::Endpoint;
use crate::runtime::auth::secret::Secret;
use crate::runtime::error::{ConfigError, Result};

pub(crate) use crate::runtime::auth::env_vars::ENV_VARS;
pub use crate::runtime::auth::env_vars::{
    ENV_ACCESS_TOKEN, ENV_APPLICATION_KEY, ENV_APPLICATION_SECRET, ENV_CLIENT_ID,
    ENV_CLIENT_SECRET, ENV_CONSUMER_KEY, ENV_ENDPOINT, ENV_OAUTH2_TOKEN_URL,
};

/// The variables whose values are never shown.
const SECRET_ENV_VARS: [&str; 4] = [
    ENV_APPLICATION_SECRET,
    ENV_CONSUMER_KEY,
    ENV_CLIENT_SECRET,
    ENV_ACCESS_TOKEN,
];

/// Where configuration is looked up: an environment and a list of files.
///
/// [`ConfigLookup::from_process`] is what a client uses by default; tests
/// and embedders can build one from an explicit environment and
/// directories instead.
#[derive(Clone, PartialEq, Eq)]
pub struct ConfigLookup {
    /// Every value wrapped as it is read: some are secrets.
    env: BTreeMap<String, Secret>,
    files: Vec<PathBuf>,
    /// A file given explicitly must exist; the default ones may not.
    custom_file: bool,
}

impl fmt::Debug for ConfigLookup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The environment may hold secrets: show which variables are set,
        // never their values.
        let env: BTreeMap<&str, &str> = ENV_VARS
            .iter()
            .filter_map(|&name| {
                let value = self.env.get(name)?;
                let shown = if SECRET_ENV_VARS.contains(&name) {
                    "[redacted]"
                } else {
                    value.expose()
                };
                Some((name, shown))
            })
            .collect();
        f.debug_struct("ConfigLookup")
            .field("env", &env)
            .field("files", &self.files)
            .field("custom_file", &self.custom_file)
            .finish()
    }
}

impl ConfigLookup {
    /// The process environment, and the default files relative to the
    /// current directory and `$HOME`.
    pub fn from_process() -> Self {
        let env = ENV_VARS
            .iter()
            .filter_map(|name| {
                let value = std::env::var(name).ok()?;
                Some((name.to_string(), Secret::from(value)))
            })
            .collect();
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let home = std::env::var_os("HOME").map(PathBuf::from);
        ConfigLookup {
            env,
            files: default_files(&cwd, home.as_deref()),
            custom_file: false,
        }
    }

    /// An explicit environment (only the `OVH_*` variables are read from
    /// it) and the default files relative to `cwd` and `home`.
    pub fn new<K, V>(env: impl IntoIterator<Item = (K, V)>, cwd: &Path, home: Option<&Path>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        ConfigLookup {
            env: env
                .into_iter()
                .map(|(k, v)| (k.into(), Secret::new(v)))
                .collect(),
            files: default_files(cwd, home),
            custom_file: false,
        }
    }

    /// An explicit environment and list of files (in priority order), any
    /// of which may be missing.
    pub fn with_files<K, V>(
        env: impl IntoIterator<Item = (K, V)>,
        files: impl IntoIterator<Item = PathBuf>,
    ) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        ConfigLookup {
            env: env
                .into_iter()
                .map(|(k, v)| (k.into(), Secret::new(v)))
                .collect(),
            files: files.into_iter().collect(),
            custom_file: false,
        }
    }

    /// Reads only `path` instead of the default file list; it must exist.
    pub fn with_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.files = vec![path.into()];
        self.custom_file = true;
        self
    }

    /// The files that will be read, in priority order.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// A variable's value, still wrapped; an empty one counts as unset.
    fn env(&self, name: &str) -> Option<&Secret> {
        self.env.get(name).filter(|v| !v.expose().is_empty())
    }

    /// A variable that holds no secret, as text.
    fn env_text(&self, name: &str) -> Option<String> {
        self.env(name).map(|v| v.expose().to_owned())
    }

    /// Resolves every value, `explicit` first.
    pub fn resolve(&self, explicit: &Config) -> Result<Config> {
        let files = self.read_files()?;
        let from_files =
            |section: &str, key: &str| files.iter().find_map(|ini| ini_value(ini, section, key));
        let endpoint = explicit
            .endpoint
            .clone()
            .or_else(|| self.env_text(ENV_ENDPOINT))
            .or_else(|| from_files("default", "endpoint"));
        // The keys live in the section named after the endpoint; with no
        // endpoint there is no section to read them from.
        let section = endpoint
            .as_deref()
            .map(|e| Endpoint::parse(e).map(|e| e.config_section().to_owned()))
            .transpose()?;
        let in_section = |key: &str| section.as_deref().and_then(|s| from_files(s, key));
        let lookup = |explicit: &Option<String>, env: &str, key: &str| {
            explicit
                .clone()
                .or_else(|| self.env_text(env))
                .or_else(|| in_section(key))
        };
        // Secrets stay wrapped: explicit and environment values already
        // are, and a value from a file is wrapped as soon as it is found.
        let secret = |explicit: &Option<Secret>, env: &str, key: &str| {
            explicit
                .clone()
                .or_else(|| self.env(env).cloned())
                .or_else(|| in_section(key).map(Secret::from))
        };
        Ok(Config {
            application_key: lookup(
                &explicit.application_key,
                ENV_APPLICATION_KEY,
                "application_key",
            ),
            application_secret: secret(
                &explicit.application_secret,
                ENV_APPLICATION_SECRET,
                "application_secret",
            ),
            consumer_key: secret(&explicit.consumer_key, ENV_CONSUMER_KEY, "consumer_key"),
            client_id: lookup(&explicit.client_id, ENV_CLIENT_ID, "client_id"),
            client_secret: secret(&explicit.client_secret, ENV_CLIENT_SECRET, "client_secret"),
            access_token: secret(&explicit.access_token, ENV_ACCESS_TOKEN, "access_token"),
            oauth2_token_url: lookup(
                &explicit.oauth2_token_url,
                ENV_OAUTH2_TOKEN_URL,
                "oauth2_token_url",
            ),
            endpoint,
        })
    }

    /// Parses every file that exists; a missing file is skipped, an
    /// unreadable or malformed one is an error naming it.
    fn read_files(&self) -> Result<Vec<Ini>, ConfigError> {
        let mut parsed = Vec::new();
        for path in &self.files {
            let text = match std::fs::read_to_string(path) {
                Ok(text) => text,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && !self.custom_file => continue,
                Err(source) => {
                    return Err(ConfigError::Read {
                        path: path.clone(),
                        source,
                    })
                }
            };
            // Values are taken literally, quotes and backslashes included,
            // as Python's configparser (and so the official client) does.
            let options = ParseOption {
                enabled_quote: false,
                enabled_escape: false,
                ..ParseOption::default()
            };
            let ini = Ini::load_from_str_opt(&text, options).map_err(|e| ConfigError::Parse {
                path: path.clone(),
                message: e.to_string(),
            })?;
            parsed.push(ini);
        }
        Ok(parsed)
    }
}

/// The default configuration files, in priority order.
pub fn default_files(cwd: &Path, home: Option<&Path>) -> Vec<PathBuf> {
    let mut files = vec![cwd.join("ovh.conf")];
    if let Some(home) = home {
        files.push(home.join(".ovh.conf"));
        files.push(home.join(".ovhrc"));
    }
    files.push(PathBuf::from("/etc/ovh.conf"));
    files
}

/// Looks a key up in a section; like Python's configparser, key names are
/// case-insensitive and empty values count as absent.
fn ini_value(ini: &Ini, section: &str, key: &str) -> Option<String> {
    let props = ini.section(Some(section))?;
    props
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// Configuration values, each possibly absent.
///
/// `Debug` shows the endpoint and application key but redacts the
/// application secret and the consumer key.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// Endpoint name (one of [`ENDPOINTS`](crate::ENDPOINTS)) or base URL.
    pub endpoint: Option<String>,
    /// Application key.
    pub application_key: Option<String>,
    /// Application secret.
    pub application_secret: Option<Secret>,
    /// Consumer key.
    pub consumer_key: Option<Secret>,
    /// OAuth2 client id of a service account.
    pub client_id: Option<String>,
    /// OAuth2 client secret of a service account.
    pub client_secret: Option<Secret>,
    /// A fixed OAuth2 access token.
    pub access_token: Option<Secret>,
    /// The OAuth2 token URL, replacing the endpoint's.
    pub oauth2_token_url: Option<String>,
}

impl Config {
    /// Looks every value up in the process environment and default files.
    pub fn load() -> Result<Config> {
        ConfigLookup::from_process().resolve(&Config::default())
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("endpoint", &self.endpoint)
            .field("application_key", &self.application_key)
            .field("application_secret", &self.application_secret)
            .field("consumer_key", &self.consumer_key)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("access_token", &self.access_token)
            .field("oauth2_token_url", &self.oauth2_token_url)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::error::Error;

    struct Dirs {
        cwd: tempfile::TempDir,
        home: tempfile::TempDir,
    }

    impl Dirs {
        fn new() -> Self {
            Dirs {
                cwd: tempfile::tempdir().unwrap(),
                home: tempfile::tempdir().unwrap(),
            }
        }
        fn lookup(&self, env: &[(&str, &str)]) -> ConfigLookup {
            let mut lookup =
                ConfigLookup::new(env.iter().copied(), self.cwd.path(), Some(self.home.path()));
            // Never read the machine's real /etc/ovh.conf in tests.
            lookup.files.pop();
            lookup
        }
    }

    fn conf(endpoint: &str, section: &str, key: &str) -> String {
        format!(
            "[default]\nendpoint={endpoint}\n\n[{section}]\napplication_key={key}\n\
             application_secret={key}-secret\nconsumer_key={key}-ck\n"
        )
    }

    #[test]
    fn cwd_file_beats_home_files() {
        let dirs = Dirs::new();
        std::fs::write(
            dirs.cwd.path().join("ovh.conf"),
            conf("ovh-eu", "ovh-eu", "cwd"),
        )
        .unwrap();
        std::fs::write(
            dirs.home.path().join(".ovh.conf"),
            conf("ovh-ca", "ovh-eu", "home"),
        )
        .unwrap();
        let config = dirs.lookup(&[]).resolve(&Config::default()).unwrap();
        assert_eq!(config.endpoint.as_deref(), Some("ovh-eu"));
        assert_eq!(config.application_key.as_deref(), Some("cwd"));
        assert_eq!(config.consumer_key.unwrap().expose(), "cwd-ck");
    }

    #[test]
    fn home_ovh_conf_beats_ovhrc() {
        let dirs = Dirs::new();
        std::fs::write(
            dirs.home.path().join(".ovh.conf"),
            conf("ovh-eu", "ovh-eu", "dot-conf"),
        )
        .unwrap();
        std::fs::write(
            dirs.home.path().join(".ovhrc"),
            conf("ovh-eu", "ovh-eu", "rc"),
        )
        .unwrap();
        let config = dirs.lookup(&[]).resolve(&Config::default()).unwrap();
        assert_eq!(config.application_key.as_deref(), Some("dot-conf"));
    }

    #[test]
    fn ovhrc_is_read_when_alone() {
        let dirs = Dirs::new();
        std::fs::write(
            dirs.home.path().join(".ovhrc"),
            conf("kimsufi-eu", "kimsufi-eu", "rc"),
        )
        .unwrap();
        let config = dirs.lookup(&[]).resolve(&Config::default()).unwrap();
        assert_eq!(config.endpoint.as_deref(), Some("kimsufi-eu"));
        assert_eq!(config.application_secret.unwrap().expose(), "rc-secret");
    }

    #[test]
    fn etc_file_is_last_in_the_default_list() {
        let dirs = Dirs::new();
        let files = ConfigLookup::new(
            Vec::<(String, String)>::new(),
            dirs.cwd.path(),
            Some(dirs.home.path()),
        )
        .files()
        .to_vec();
        assert_eq!(
            files,
            vec![
                dirs.cwd.path().join("ovh.conf"),
                dirs.home.path().join(".ovh.conf"),
                dirs.home.path().join(".ovhrc"),
                PathBuf::from("/etc/ovh.conf"),
            ]
        );
    }

    #[test]
    fn each_value_comes_from_the_first_file_that_has_it() {
        let dirs = Dirs::new();
        // ./ovh.conf names the endpoint only; the keys come from ~/.ovh.conf.
        std::fs::write(
            dirs.cwd.path().join("ovh.conf"),
            "[default]\nendpoint=ovh-ca\n",
        )
        .unwrap();
        std::fs::write(
            dirs.home.path().join(".ovh.conf"),
            conf("ovh-eu", "ovh-ca", "home"),
        )
        .unwrap();
        let config = dirs.lookup(&[]).resolve(&Config::default()).unwrap();
        assert_eq!(config.endpoint.as_deref(), Some("ovh-ca"));
        assert_eq!(config.application_key.as_deref(), Some("home"));
    }

    #[test]
    fn keys_come_from_the_section_of_the_endpoint() {
        let dirs = Dirs::new();
        let text = "[default]\nendpoint=ovh-ca\n[ovh-eu]\napplication_key=eu\n[ovh-ca]\nAPPLICATION_KEY=ca\n";
        std::fs::write(dirs.cwd.path().join("ovh.conf"), text).unwrap();
        let config = dirs.lookup(&[]).resolve(&Config::default()).unwrap();
        assert_eq!(config.application_key.as_deref(), Some("ca"));
        // An endpoint from the environment selects the other section.
        let config = dirs
            .lookup(&[(ENV_ENDPOINT, "ovh-eu")])
            .resolve(&Config::default())
            .unwrap();
        assert_eq!(config.application_key.as_deref(), Some("eu"));
    }

    #[test]
    fn environment_beats_files() {
        let dirs = Dirs::new();
        std::fs::write(
            dirs.cwd.path().join("ovh.conf"),
            conf("ovh-eu", "ovh-eu", "file"),
        )
        .unwrap();
        let config = dirs
            .lookup(&[
                (ENV_APPLICATION_KEY, "env-ak"),
                (ENV_APPLICATION_SECRET, "env-as"),
                (ENV_CONSUMER_KEY, "env-ck"),
                (ENV_ENDPOINT, "ovh-us"),
            ])
            .resolve(&Config::default())
            .unwrap();
        assert_eq!(config.endpoint.as_deref(), Some("ovh-us"));
        assert_eq!(config.application_key.as_deref(), Some("env-ak"));
        assert_eq!(config.application_secret.unwrap().expose(), "env-as");
        assert_eq!(config.consumer_key.unwrap().expose(), "env-ck");
    }

    #[test]
    fn explicit_values_beat_environment() {
        let dirs = Dirs::new();
        let explicit = Config {
            endpoint: Some("ovh-ca".into()),
            application_key: Some("explicit-ak".into()),
            application_secret: Some("explicit-as".into()),
            consumer_key: Some("explicit-ck".into()),
            ..Config::default()
        };
        let config = dirs
            .lookup(&[(ENV_APPLICATION_KEY, "env-ak"), (ENV_ENDPOINT, "ovh-us")])
            .resolve(&explicit)
            .unwrap();
        assert_eq!(config, explicit);
    }

    #[test]
    fn empty_values_count_as_absent() {
        let dirs = Dirs::new();
        std::fs::write(
            dirs.cwd.path().join("ovh.conf"),
            "[default]\nendpoint=ovh-eu\n[ovh-eu]\napplication_key=\n",
        )
        .unwrap();
        std::fs::write(
            dirs.home.path().join(".ovh.conf"),
            conf("ovh-eu", "ovh-eu", "home"),
        )
        .unwrap();
        let config = dirs
            .lookup(&[(ENV_APPLICATION_KEY, "")])
            .resolve(&Config::default())
            .unwrap();
        assert_eq!(config.application_key.as_deref(), Some("home"));
    }

    #[test]
    fn custom_file_replaces_the_search_list() {
        let dirs = Dirs::new();
        std::fs::write(
            dirs.cwd.path().join("ovh.conf"),
            conf("ovh-eu", "ovh-eu", "cwd"),
        )
        .unwrap();
        let custom = dirs.home.path().join("custom.ini");
        std::fs::write(&custom, conf("ovh-eu", "ovh-eu", "custom")).unwrap();
        let config = dirs
            .lookup(&[])
            .with_file(&custom)
            .resolve(&Config::default())
            .unwrap();
        assert_eq!(config.application_key.as_deref(), Some("custom"));
        // A custom file that does not exist is an error, not silently empty.
        let missing = dirs
            .lookup(&[])
            .with_file(dirs.home.path().join("nope.ini"));
        assert!(matches!(
            missing.resolve(&Config::default()),
            Err(Error::Config(ConfigError::Read { .. }))
        ));
    }

    #[test]
    fn malformed_file_is_an_error_naming_it() {
        let dirs = Dirs::new();
        let path = dirs.cwd.path().join("ovh.conf");
        std::fs::write(&path, "[default\nendpoint=ovh-eu\n").unwrap();
        let err = dirs.lookup(&[]).resolve(&Config::default()).unwrap_err();
        assert!(
            matches!(err, Error::Config(ConfigError::Parse { .. })),
            "{err}"
        );
        assert!(
            err.to_string().contains(&path.display().to_string()),
            "{err}"
        );
    }

    #[test]
    fn unknown_endpoint_is_an_error() {
        let dirs = Dirs::new();
        let err = dirs
            .lookup(&[(ENV_ENDPOINT, "ovh-mars")])
            .resolve(&Config::default())
            .unwrap_err();
        assert!(
            matches!(err, Error::UnknownEndpoint(ref e) if e == "ovh-mars"),
            "{err}"
        );
    }

    #[test]
    fn nothing_configured_leaves_everything_absent() {
        let dirs = Dirs::new();
        let config = dirs.lookup(&[]).resolve(&Config::default()).unwrap();
        assert_eq!(config, Config::default());
    }

    #[test]
    fn debug_redacts_secrets() {
        let config = Config {
            endpoint: Some("ovh-eu".into()),
            application_key: Some("ak".into()),
            application_secret: Some("TOPSECRET".into()),
            consumer_key: Some("CONSUMERKEY".into()),
            client_secret: Some("CLIENTSECRET".into()),
            access_token: Some("ACCESSTOKEN".into()),
            ..Config::default()
        };
        let shown = format!("{config:?} {config:#?}");
        for secret in ["TOPSECRET", "CONSUMERKEY", "CLIENTSECRET", "ACCESSTOKEN"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }

    #[test]
    fn oauth2_values_follow_the_same_precedence() {
        let dirs = Dirs::new();
        std::fs::write(
            dirs.cwd.path().join("ovh.conf"),
            "[default]\nendpoint=ovh-eu\n[ovh-eu]\nclient_id=file-id\nclient_secret=file-secret\n\
             oauth2_token_url=https://auth.example/file\n",
        )
        .unwrap();
        let config = dirs.lookup(&[]).resolve(&Config::default()).unwrap();
        assert_eq!(config.client_id.as_deref(), Some("file-id"));
        assert_eq!(config.client_secret.unwrap().expose(), "file-secret");
        assert_eq!(
            config.oauth2_token_url.as_deref(),
            Some("https://auth.example/file")
        );
        let config = dirs
            .lookup(&[
                (ENV_CLIENT_ID, "env-id"),
                (ENV_OAUTH2_TOKEN_URL, "https://auth.example/env"),
                (ENV_ACCESS_TOKEN, "env-token"),
            ])
            .resolve(&Config {
                client_id: Some("explicit-id".into()),
                ..Config::default()
            })
            .unwrap();
        assert_eq!(config.client_id.as_deref(), Some("explicit-id"));
        assert_eq!(config.client_secret.unwrap().expose(), "file-secret");
        assert_eq!(config.access_token.unwrap().expose(), "env-token");
        assert_eq!(
            config.oauth2_token_url.as_deref(),
            Some("https://auth.example/env")
        );
    }

    #[test]
    fn lookup_debug_redacts_secrets_from_the_environment() {
        let lookup = ConfigLookup::with_files(
            [
                (ENV_ENDPOINT, "ovh-eu"),
                (ENV_APPLICATION_KEY, "ak"),
                (ENV_APPLICATION_SECRET, "TOPSECRET"),
                (ENV_CONSUMER_KEY, "CONSUMERKEY"),
                (ENV_CLIENT_SECRET, "CLIENTSECRET"),
                (ENV_ACCESS_TOKEN, "ACCESSTOKEN"),
            ],
            Vec::new(),
        );
        let shown = format!("{lookup:?} {lookup:#?}");
        for secret in ["TOPSECRET", "CONSUMERKEY", "CLIENTSECRET", "ACCESSTOKEN"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(
            shown.contains("OVH_CONSUMER_KEY") && shown.contains("\"ak\""),
            "{shown}"
        );
    }

    #[test]
    fn values_are_taken_literally_like_configparser() {
        let dirs = Dirs::new();
        std::fs::write(
            dirs.cwd.path().join("ovh.conf"),
            "[default]\nendpoint=ovh-eu\n[ovh-eu]\napplication_key=\"quoted\"\n\
             application_secret=a\\b\\\\c\nconsumer_key='ck'\n",
        )
        .unwrap();
        let config = dirs.lookup(&[]).resolve(&Config::default()).unwrap();
        assert_eq!(config.application_key.as_deref(), Some("\"quoted\""));
        assert_eq!(
            config.application_secret.as_ref().map(Secret::expose),
            Some("a\\b\\\\c")
        );
        assert_eq!(
            config.consumer_key.as_ref().map(Secret::expose),
            Some("'ck'")
        );
    }
}
