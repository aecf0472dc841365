//! The SDK's own TLS connections use the application's process-wide rustls crypto provider
//! when it installed one (for example aws-lc-rs, for post-quantum key exchange), and *ring*
//! otherwise. A test binary of its own: the process default can be installed only once.

use rustls::crypto::CryptoProvider;

/// A provider with no cipher suite cannot build a TLS configuration: a client built after it
/// is installed fails to set up TLS, which shows it took the installed provider rather than
/// its own *ring* fallback (with which the same build succeeds, as every other test shows).
#[test]
fn the_installed_process_default_provider_is_used() {
    #[allow(deprecated)] // rustls 0.23.48+: see runtime/transport.rs
    let ring = rustls::crypto::ring::default_provider();
    let unusable = CryptoProvider {
        cipher_suites: Vec::new(),
        ..ring
    };
    // The SDK's own connections only: with a proxy variable set, reqwest would be used.
    for name in [
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        std::env::remove_var(name); // the only test of this binary: no other thread reads them
    }
    // Nothing in this process installed one before.
    assert!(CryptoProvider::get_default().is_none());
    unusable.install_default().expect("first install");
    assert!(CryptoProvider::get_default().is_some());

    let err = ovh_api::Client::builder()
        .endpoint("ovh-eu")
        .build()
        .expect_err("no cipher suite: the TLS setup must fail");
    let text = err.to_string();
    assert!(text.contains("TLS setup failed"), "{text}");
}
