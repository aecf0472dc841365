//! Host names connected to given socket addresses instead of the ones DNS gives
//! ([`ClientBuilder::resolve`](crate::ClientBuilder::resolve)), as curl's `--resolve` and
//! reqwest's `ClientBuilder::resolve` do.
//!
//! Only where the TCP connection goes changes: the URL signed and sent, the `Host` header and
//! the TLS server name still name the host. That is what lets a test reach a local server
//! (`ovh_api::mock`) under OVH's real host names, and the signature be checked over them.

use std::collections::HashMap;
use std::future::{ready, Ready};
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures::future::{Either, MapOk, TryFutureExt};
use hyper_util::client::legacy::connect::dns::{GaiAddrs, GaiFuture, GaiResolver, Name};
use tower_service::Service;

/// Host names (lowercase, without a trailing dot) and the address to connect to for each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct HostOverrides(HashMap<String, SocketAddr>);

impl HostOverrides {
    /// The overrides of `pairs`, the last address given for a host winning; refused when a
    /// host is not a host name (empty, or holding a port, a path or spaces).
    pub(crate) fn new(pairs: &[(String, SocketAddr)]) -> Result<HostOverrides, String> {
        let mut overrides = HashMap::with_capacity(pairs.len());
        for (host, addr) in pairs {
            let name = normalize(host);
            let valid = !name.is_empty()
                && !name.starts_with('.')
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'));
            if !valid {
                return Err(format!("{host:?} is not a host name"));
            }
            overrides.insert(name, *addr);
        }
        Ok(HostOverrides(overrides))
    }

    /// Each host name and its address, for a reqwest client.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, SocketAddr)> {
        self.0.iter().map(|(host, addr)| (host.as_str(), *addr))
    }

    /// The address given for `host`, if any.
    fn get(&self, host: &str) -> Option<SocketAddr> {
        if self.0.is_empty() {
            return None;
        }
        self.0.get(&normalize(host)).copied()
    }
}

/// The form hosts are compared in: DNS names are case-insensitive, and `name.` is `name`.
fn normalize(host: &str) -> String {
    let host = host.trim();
    host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase()
}

/// The resolver of the SDK's own hyper connector: the overrides first, then the system's
/// (`getaddrinfo`, hyper's default).
#[derive(Clone)]
pub(crate) struct Resolver {
    overrides: Arc<HostOverrides>,
    system: GaiResolver,
}

impl Resolver {
    /// A resolver answering `overrides` itself.
    pub(crate) fn new(overrides: HostOverrides) -> Self {
        Resolver {
            overrides: Arc::new(overrides),
            system: GaiResolver::new(),
        }
    }
}

/// The addresses a [`Resolver`] answers: the one given, or the system's.
pub(crate) enum Addrs {
    Given(std::option::IntoIter<SocketAddr>),
    System(GaiAddrs),
}

impl Iterator for Addrs {
    type Item = SocketAddr;

    fn next(&mut self) -> Option<SocketAddr> {
        match self {
            Addrs::Given(given) => given.next(),
            Addrs::System(system) => system.next(),
        }
    }
}

/// The system's answer as [`Addrs`]; a function pointer, so that the future has a name.
type FromSystem = fn(GaiAddrs) -> Addrs;

impl Service<Name> for Resolver {
    type Response = Addrs;
    type Error = io::Error;
    type Future = Either<Ready<io::Result<Addrs>>, MapOk<GaiFuture, FromSystem>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.system.poll_ready(cx)
    }

    fn call(&mut self, name: Name) -> Self::Future {
        match self.overrides.get(name.as_str()) {
            // hyper's connector then sets the URL's port when it names one, as reqwest's
            // overrides do.
            Some(addr) => Either::Left(ready(Ok(Addrs::Given(Some(addr).into_iter())))),
            None => Either::Right(self.system.call(name).map_ok(Addrs::System as FromSystem)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(port: u16) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], port))
    }

    #[test]
    fn hosts_are_compared_without_case_or_a_trailing_dot() {
        let overrides = HostOverrides::new(&[
            ("API.eu.ovhcloud.com.".to_owned(), addr(1)),
            ("api.ca.ovhcloud.com".to_owned(), addr(2)),
            ("api.ca.ovhcloud.com".to_owned(), addr(3)),
        ])
        .unwrap();
        assert_eq!(overrides.get("api.eu.ovhcloud.com"), Some(addr(1)));
        assert_eq!(overrides.get("api.eu.ovhcloud.com."), Some(addr(1)));
        assert_eq!(
            overrides.get("Api.Ca.OvhCloud.com"),
            Some(addr(3)),
            "the last wins"
        );
        assert_eq!(overrides.get("eu.api.ovh.com"), None);
        assert_eq!(overrides.iter().count(), 2);
    }

    #[test]
    fn what_is_not_a_host_name_is_refused() {
        for bad in [
            "",
            ".",
            "api.eu.ovhcloud.com:443",
            "https://api.eu.ovhcloud.com",
            "api eu",
        ] {
            let refused = HostOverrides::new(&[(bad.to_owned(), addr(1))]).unwrap_err();
            assert!(refused.contains("not a host name"), "{bad:?}: {refused}");
        }
    }

    #[tokio::test]
    async fn the_resolver_answers_overrides_itself_and_asks_the_system_otherwise() {
        let overrides = HostOverrides::new(&[("api.eu.ovhcloud.com".to_owned(), addr(8))]);
        let mut resolver = Resolver::new(overrides.unwrap());
        let name: Name = "api.eu.ovhcloud.com".parse().unwrap();
        let given: Vec<_> = resolver.call(name).await.unwrap().collect();
        assert_eq!(given, [addr(8)]);
        // `localhost` needs no network to resolve.
        let system: Vec<_> = resolver
            .call("localhost".parse().unwrap())
            .await
            .unwrap()
            .collect();
        assert!(system.iter().all(|a| a.ip().is_loopback()), "{system:?}");
    }
}
