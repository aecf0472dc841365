//! Sending one finished HTTP request and reading its whole answer.
//!
//! A client sends through hyper directly, over its own connection pool (rustls, HTTP/1.1 and
//! HTTP/2). reqwest is used instead when the user hands the builder a `reqwest::Client`
//! (proxies, custom roots), or when a proxy variable is set in the environment, so that
//! proxies work exactly as reqwest honours them. Host names given to
//! `ClientBuilder::resolve` are connected to their address by both (`resolve.rs`).
//!
//! Why not reqwest always: measured on the transport benchmark, reqwest's layers (URL
//! re-parsing, its connector and pool wrappers cloned per request, the header map copied for
//! redirects) cost more per call than everything the SDK does (signing included); hyper
//! directly is 1.3 to 1.5 times as fast with the same headers. Redirects are not followed:
//! a signed call is only valid for the URL it was signed for.

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use bytes::Bytes;
use futures::future::Either;
use http_body_util::{BodyExt, Full};
use hyper::header::{HeaderMap, HeaderValue, USER_AGENT};
use hyper::{Method, Uri};
use hyper_rustls::builderstates::WantsSchemes;
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::ResponseFuture;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use crate::runtime::http::resolve::{HostOverrides, Resolver};

/// Default `User-Agent` header.
pub const DEFAULT_USER_AGENT: &str = concat!("ovh-api-rust/", env!("CARGO_PKG_VERSION"));

/// The proxy variables reqwest reads; when one is set, calls go through reqwest.
const PROXY_VARS: [&str; 6] = [
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// The crypto provider of the SDK's own TLS connections: the application's process-wide
/// default when it installed one (`CryptoProvider::install_default`, e.g. aws-lc-rs for
/// post-quantum key exchange), else rustls's *ring* provider, the one reqwest's `rustls-tls`
/// uses beneath a proxy or a given `reqwest::Client`.
///
/// Never rustls's implicit choice (`ClientConfig::builder()`): it panics when a build enables
/// both of rustls's providers and the application installed neither.
pub(crate) fn tls_provider() -> Arc<rustls::crypto::CryptoProvider> {
    rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(ring_provider()))
}

/// rustls's *ring* crypto provider.
///
/// rustls 0.23.48 deprecates `rustls::crypto::ring::default_provider` ("no support for
/// post-quantum algorithms") without a non-deprecated way to reach the same provider: its
/// replacement is a different provider, aws-lc-rs, whose C library (aws-lc-sys) would be
/// built on top of *ring*, still in the tree through reqwest. An application that wants
/// post-quantum key exchange installs aws-lc-rs as its process default, which
/// [`tls_provider`] prefers; *ring* stays the fallback, and its deprecation is acknowledged
/// here, in this one place; `allow` rather than `expect`, as rustls before 0.23.48 has no
/// deprecation to expect.
#[allow(deprecated)]
pub(crate) fn ring_provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::ring::default_provider()
}

/// The URI of a parsed URL, its text unchanged (what was signed is what is sent), or why it
/// cannot be one.
pub(crate) fn uri_of(url: url::Url) -> Result<Uri, String> {
    let text = String::from(url);
    Uri::try_from(text.as_str()).map_err(|e| format!("cannot send a request to {text:?}: {e}"))
}

/// One request, final: its URL and body are what was signed.
pub(crate) struct Outgoing {
    pub(crate) method: Method,
    pub(crate) uri: Uri,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Bytes>,
}

/// An answer, read whole.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

/// The HTTP client beneath an SDK client, and the `User-Agent` it sends; clones share its
/// connection pool.
#[derive(Clone)]
pub(crate) struct Transport {
    http: Http,
    /// Sent when a request has none (`None`: a given reqwest client's own applies).
    user_agent: Option<HeaderValue>,
}

// One per client, inside its `Arc`: the size of the hyper client does not matter, and
// boxing it would add a pointer to follow on every call.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
enum Http {
    /// hyper, with the SDK's own pool.
    Direct(
        hyper_util::client::legacy::Client<HttpsConnector<HttpConnector<Resolver>>, Full<Bytes>>,
    ),
    /// A `reqwest::Client`: the user's, or one built to honour proxy variables.
    Reqwest(reqwest::Client),
}

impl Transport {
    /// Sends through `given` when there is one; otherwise through hyper directly, unless the
    /// environment names a proxy. `user_agent` defaults to [`DEFAULT_USER_AGENT`], except
    /// with a given client, which keeps its own. `overrides` apply to the clients built here
    /// (a given one resolves names as it was built to: the builder refuses both).
    pub(crate) fn new(
        given: Option<reqwest::Client>,
        user_agent: Option<HeaderValue>,
        overrides: HostOverrides,
    ) -> Result<Transport, NetworkError> {
        if let Some(client) = given {
            return Ok(Transport {
                http: Http::Reqwest(client),
                user_agent,
            });
        }
        let proxied = PROXY_VARS
            .iter()
            .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()));
        let http = if proxied {
            // Through a proxy, reqwest applies the overrides to the host it connects to: the
            // proxy's (the proxy resolves the API host itself).
            let builder = overrides
                .iter()
                .fold(reqwest::Client::builder(), |builder, (host, addr)| {
                    builder.resolve(host, addr)
                });
            let client = builder
                .use_rustls_tls()
                .build()
                .map_err(|e| NetworkError::new(Cause::Reqwest(e)))?;
            Http::Reqwest(client)
        } else {
            let tls = HttpsConnectorBuilder::new()
                .with_provider_and_webpki_roots(tls_provider())
                .map_err(|e| NetworkError::new(Cause::Setup(format!("TLS setup failed: {e}"))))?;
            Transport::direct(tls, Resolver::new(overrides))
        };
        Ok(Transport {
            http,
            user_agent: Some(
                user_agent.unwrap_or_else(|| HeaderValue::from_static(DEFAULT_USER_AGENT)),
            ),
        })
    }

    /// hyper over rustls as `tls` configures it (the webpki roots, as reqwest's `rustls-tls`
    /// has them), offering HTTP/2 and HTTP/1.1 by ALPN, host names resolved by `resolver`.
    fn direct(tls: HttpsConnectorBuilder<WantsSchemes>, resolver: Resolver) -> Http {
        let mut http = HttpConnector::new_with_resolver(resolver);
        http.enforce_http(false);
        http.set_nodelay(true);
        let https = tls
            .https_or_http()
            .enable_all_versions()
            .wrap_connector(http);
        let client = hyper_util::client::legacy::Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .build(https);
        Http::Direct(client)
    }

    /// Sends `request` once and reads the whole answer, whatever its status.
    ///
    /// Not an `async fn`: the request is handed to the HTTP client before the returned future
    /// starts, so that the future (part of every call's) does not also keep it.
    pub(crate) fn send(
        &self,
        mut request: Outgoing,
    ) -> impl Future<Output = Result<Answer, NetworkError>> + Send + 'static {
        if let Some(agent) = &self.user_agent {
            request
                .headers
                .entry(USER_AGENT)
                .or_insert_with(|| agent.clone());
        }
        match &self.http {
            Http::Direct(client) => {
                let mut http = hyper::Request::new(Full::new(request.body.unwrap_or_default()));
                *http.method_mut() = request.method;
                *http.uri_mut() = request.uri;
                *http.headers_mut() = request.headers;
                Either::Left(read_direct(client.request(http)))
            }
            // Boxed: reqwest's future is large, and would enlarge every call's, hyper's too.
            Http::Reqwest(client) => Either::Right(match to_reqwest(request) {
                Ok(http) => Either::Left(Box::pin(read_reqwest(client.execute(http)))),
                Err(error) => Either::Right(std::future::ready(Err(error))),
            }),
        }
    }
}

/// The whole answer to a request sent through hyper.
async fn read_direct(response: ResponseFuture) -> Result<Answer, NetworkError> {
    let (parts, body) = response
        .await
        .map_err(|e| NetworkError::new(Cause::Direct(e)))?
        .into_parts();
    let body = body
        .collect()
        .await
        .map_err(|e| NetworkError::new(Cause::Body(e)))?
        .to_bytes();
    Ok(Answer {
        status: parts.status.as_u16(),
        headers: parts.headers,
        body,
    })
}

/// The same request for reqwest, which wants a `Url`.
fn to_reqwest(request: Outgoing) -> Result<reqwest::Request, NetworkError> {
    let url = reqwest::Url::parse(&request.uri.to_string()).map_err(|e| {
        NetworkError::new(Cause::Setup(format!("cannot send to {}: {e}", request.uri)))
    })?;
    let mut http = reqwest::Request::new(request.method, url);
    *http.headers_mut() = request.headers;
    if let Some(body) = request.body {
        *http.body_mut() = Some(body.into());
    }
    Ok(http)
}

/// The whole answer to a request sent through reqwest.
async fn read_reqwest(
    response: impl Future<Output = reqwest::Result<reqwest::Response>>,
) -> Result<Answer, NetworkError> {
    let reqwest_error = |e| NetworkError::new(Cause::Reqwest(e));
    let mut response = response.await.map_err(reqwest_error)?;
    let status = response.status().as_u16();
    let headers = std::mem::take(response.headers_mut());
    let body = response.bytes().await.map_err(reqwest_error)?;
    Ok(Answer {
        status,
        headers,
        body,
    })
}

/// Why a request could not be sent or its answer not read: no connection, a TLS failure,
/// a connection closed mid-answer, or an HTTP client that could not be set up.
///
/// Its message gives the whole chain of causes (for example
/// `client error (Connect): tcp connect error: Connection refused (os error 111)`).
pub struct NetworkError {
    cause: Cause,
    /// How many attempts of the call were made, this one included.
    attempts: u32,
}

enum Cause {
    /// hyper could not send the request or read the answer's head.
    Direct(hyper_util::client::legacy::Error),
    /// hyper could not read the answer's body.
    Body(hyper::Error),
    /// A `reqwest::Client` failed.
    Reqwest(reqwest::Error),
    /// The HTTP client could not be built, or the URL not handed to it.
    Setup(String),
}

impl NetworkError {
    /// The error of one attempt.
    fn new(cause: Cause) -> Self {
        NetworkError { cause, attempts: 1 }
    }

    /// How many attempts of the call were made before it gave up, this one included (1
    /// unless it was retried, see [`RetryPolicy`](crate::RetryPolicy)).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The same error, after `attempts` attempts.
    pub(crate) fn after_attempts(self, attempts: u32) -> Self {
        NetworkError { attempts, ..self }
    }

    /// Whether no connection could be made, so that nothing was sent: sending again is safe
    /// whatever the method.
    pub fn is_connect(&self) -> bool {
        match &self.cause {
            Cause::Direct(e) => e.is_connect(),
            Cause::Reqwest(e) => e.is_connect(),
            Cause::Body(_) | Cause::Setup(_) => false,
        }
    }

    /// Whether a timeout of a given `reqwest::Client` expired (the SDK's own timeout is
    /// [`Error::Timeout`](crate::Error::Timeout)).
    pub fn is_timeout(&self) -> bool {
        matches!(&self.cause, Cause::Reqwest(e) if e.is_timeout())
    }
}

impl fmt::Display for NetworkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The whole chain, once: hyper's own message alone ("client error (Connect)") does
        // not say what failed.
        let mut error: &(dyn std::error::Error + 'static) = match &self.cause {
            Cause::Direct(e) => e,
            Cause::Body(e) => e,
            Cause::Reqwest(e) => e,
            Cause::Setup(reason) => return f.write_str(reason),
        };
        write!(f, "{error}")?;
        while let Some(source) = error.source() {
            write!(f, ": {source}")?;
            error = source;
        }
        Ok(())
    }
}

impl fmt::Debug for NetworkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NetworkError")
            .field("message", &format_args!("{self}"))
            .field("attempts", &self.attempts)
            .finish()
    }
}

/// The message already holds every cause, so none is repeated as a source.
impl std::error::Error for NetworkError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_refused_connection_is_a_connect_error_naming_its_cause() {
        // A port just released: nothing listens there.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let transport = Transport::new(None, None, HostOverrides::default()).unwrap();
        let error = transport
            .send(Outgoing {
                method: Method::GET,
                uri: format!("http://{addr}/1.0/auth/time").parse().unwrap(),
                headers: HeaderMap::new(),
                body: None,
            })
            .await
            .err()
            .expect("nothing listens");
        assert!(error.is_connect(), "{error}");
        assert!(!error.is_timeout());
        let message = error.to_string();
        assert!(message.contains("onnect"), "{message}");
        assert!(message.matches(": ").count() >= 1, "the causes: {message}");
    }

    #[tokio::test]
    async fn https_to_a_server_that_does_not_speak_tls_is_a_connect_error() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            use tokio::io::AsyncWriteExt;
            let (mut socket, _) = listener.accept().await.unwrap();
            let _ = socket.write_all(b"HTTP/1.1 200 OK\r\n\r\n").await;
        });
        let error = Transport::new(None, None, HostOverrides::default())
            .unwrap()
            .send(Outgoing {
                method: Method::GET,
                uri: format!("https://{addr}/1.0/auth/time").parse().unwrap(),
                headers: HeaderMap::new(),
                body: None,
            })
            .await
            .err()
            .expect("no TLS handshake");
        assert!(error.is_connect(), "{error}");
        assert!(!error.to_string().is_empty());
    }

    /// A server on 127.0.0.1 speaking HTTP/2 only, over TLS with the test certificate
    /// (`testdata/tls`), answering every request with the HTTP version it arrived in.
    async fn http2_server() -> std::net::SocketAddr {
        use std::sync::Arc;

        use hyper::service::service_fn;
        use hyper_util::rt::TokioIo;
        use rustls::pki_types::{CertificateDer, PrivateKeyDer};

        let cert = CertificateDer::from(&include_bytes!("../../../testdata/tls/localhost.der")[..]);
        let key =
            PrivateKeyDer::try_from(&include_bytes!("../../../testdata/tls/localhost.key.der")[..])
                .unwrap();
        let mut config =
            rustls::ServerConfig::builder_with_provider(Arc::new(super::ring_provider()))
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_no_client_auth()
                .with_single_cert(vec![cert.into_owned()], key.clone_key())
                .unwrap();
        config.alpn_protocols = vec![b"h2".to_vec()];
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    let Ok(tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let answer = service_fn(|request: hyper::Request<hyper::body::Incoming>| {
                        let version = format!("{:?}", request.version());
                        async move {
                            Ok::<_, std::convert::Infallible>(hyper::Response::new(Full::new(
                                Bytes::from(version),
                            )))
                        }
                    });
                    let _ = hyper::server::conn::http2::Builder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(tls), answer)
                        .await;
                });
            }
        });
        addr
    }

    #[tokio::test]
    async fn https_uses_http2_when_the_server_offers_it() {
        let addr = http2_server().await;
        let mut roots = rustls::RootCertStore::empty();
        roots
            .add(rustls::pki_types::CertificateDer::from(
                &include_bytes!("../../../testdata/tls/test-ca.der")[..],
            ))
            .unwrap();
        let config = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
            super::ring_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
        // The default transport, but trusting the test CA instead of the webpki roots.
        let transport = Transport {
            http: Transport::direct(
                HttpsConnectorBuilder::new().with_tls_config(config),
                Resolver::new(HostOverrides::default()),
            ),
            user_agent: None,
        };
        for _ in 0..2 {
            let answer = transport
                .send(Outgoing {
                    method: Method::GET,
                    uri: format!("https://localhost:{}/1.0/auth/time", addr.port())
                        .parse()
                        .unwrap(),
                    headers: HeaderMap::new(),
                    body: None,
                })
                .await
                .unwrap();
            assert_eq!(answer.status, 200);
            assert_eq!(&answer.body[..], b"HTTP/2.0");
        }
    }
}
