//! Servers that break HTTP itself (not the OVH mock: a bare TCP server writing what each test
//! says): every case is a typed error naming what went wrong, never a panic or a hang. The
//! expected words are hyper's, which a hyper upgrade may reword.

mod support;

use std::time::Duration;

use ovh_api::{Client, Error, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A server on 127.0.0.1 answering every connection with `reply` once it has read a request
/// head, then closing it; returns its base URL.
async fn server(reply: &'static [u8]) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buffer = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buffer[..n]),
                    }
                }
                let _ = socket.write_all(reply).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://{addr}/1.0")
}

/// An unsigned `GET /auth/time` through a default client (hyper directly), retries off.
async fn call(base: &str, timeout: Duration) -> Result<i64, Error> {
    Client::builder()
        .config_lookup(support::isolated_lookup())
        .endpoint(base)
        .retry_policy(RetryPolicy::none())
        .timeout(timeout)
        .build()
        .unwrap()
        .get::<i64>("/auth/time")
        .unsigned()
        .await
}

/// The call fails with a network error (the connection was made: not a connect error) whose
/// message names what went wrong (`says`, in hyper's words).
async fn assert_network(base: &str, says: &str) {
    let error = call(base, Duration::from_secs(5))
        .await
        .expect_err("the server broke HTTP");
    match error {
        Error::Network(e) => {
            assert!(!e.is_connect(), "{e}");
            assert!(e.to_string().contains(says), "{e}");
        }
        other => panic!("expected a network error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_answer_that_is_not_http_is_a_network_error() {
    let base = server(b"SSH-2.0-OpenSSH_9.6\r\n").await;
    assert_network(&base, "invalid HTTP version").await;
}

#[tokio::test]
async fn a_connection_closed_without_an_answer_is_a_network_error() {
    let base = server(b"").await;
    assert_network(&base, "connection closed").await;
}

#[tokio::test]
async fn a_body_shorter_than_its_content_length_is_a_network_error() {
    let base = server(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n17",
    )
    .await;
    assert_network(&base, "end of file before message length reached").await;
}

#[tokio::test]
async fn a_broken_chunked_body_is_a_network_error() {
    let base =
        server(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n17\r\n0\r\n\r\n").await;
    assert_network(&base, "chunk size").await;
}

#[tokio::test]
async fn an_unreadable_status_line_is_a_network_error() {
    let base = server(b"HTTP/1.1 OK-ish\r\nContent-Length: 0\r\n\r\n").await;
    assert_network(&base, "invalid HTTP status-code").await;
}

// A paused clock: the client's timeout is a timer of the runtime, whose time moves only when
// every task waits, straight to the next timer; the guard below is one too, so a client
// without a working timeout fails the test (at the guard) instead of hanging it.
#[tokio::test(start_paused = true)]
async fn a_server_that_never_answers_is_a_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/1.0", listener.local_addr().unwrap());
    // Accepts, keeps the connection open, and never writes.
    let held = tokio::spawn(async move { listener.accept().await.map(|(socket, _)| socket) });
    let started = tokio::time::Instant::now();
    let error = tokio::time::timeout(
        Duration::from_secs(60),
        call(&base, Duration::from_millis(200)),
    )
    .await
    .expect("the client's own timeout (200 ms) ends the call")
    .unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(200), "{elapsed:?}");
    drop(held);
}

#[tokio::test]
async fn a_well_formed_answer_from_the_same_bare_server_decodes() {
    // The control case: the server above is a valid HTTP server when it writes valid HTTP.
    let base = server(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n1700000000").await;
    let time = call(&base, Duration::from_secs(5)).await.unwrap();
    assert_eq!(time, 1_700_000_000);
}
