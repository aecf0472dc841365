//! Retries, end to end: which answers are retried, for which methods, how
//! long the client waits, and what the final error says.

mod support;

use std::time::{Duration, Instant};

use ovh_api::mock::{MockOvh, RecordedRequest, Reply};
use ovh_api::{ApiErrorKind, Error, RetryPolicy};
use serde_json::{json, Value};

use support::{fast_retries, unavailable};

fn client(ovh: &MockOvh) -> ovh_api::Client {
    ovh.client_builder()
        .retry_policy(fast_retries())
        .build()
        .unwrap()
}

/// The calls to `path` the mock received.
fn calls(ovh: &MockOvh, path: &str) -> Vec<RecordedRequest> {
    ovh.all_requests()
        .into_iter()
        .filter(|r| r.api_path() == path)
        .collect()
}

#[tokio::test]
async fn gateway_and_unavailable_errors_are_retried_until_success() {
    let ovh = MockOvh::start().await;
    for status in [502, 503, 504] {
        let path = format!("/flaky/{status}");
        ovh.on("GET", &path).reply_sequence(vec![
            unavailable(status),
            unavailable(status),
            Reply::json(200, &json!({"ok": status})),
        ]);
        let answer: Value = client(&ovh).get(&path).await.unwrap();
        assert_eq!(answer, json!({"ok": status}));
        let calls = calls(&ovh, &path);
        assert_eq!(calls.len(), 3, "{status}");
        assert!(calls.iter().all(|c| c.signature.is_valid()));
    }
}

#[tokio::test]
async fn persistent_failures_stop_after_three_attempts_and_say_so() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/down").reply_with(unavailable(503));
    let err = client(&ovh).get::<Value>("/down").await.unwrap_err();
    assert_eq!(err.attempts(), 3);
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.kind_name(), "invalid-response");
    assert!(
        err.to_string().ends_with("(gave up after 3 attempts)"),
        "{err}"
    );
    assert_eq!(calls(&ovh, "/down").len(), 3);
}

#[tokio::test]
async fn an_error_after_retries_keeps_the_shape_of_the_last_attempts_error() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me")
        .reply_error_code(503, "MAINTENANCE", "come back later");
    let err = client(&ovh).me().get().await.unwrap_err();
    let Error::Api(api) = &err else {
        panic!("a final 503 is an API error, got {err:?}")
    };
    assert_eq!(api.status, 503);
    assert_eq!(api.error_code.as_deref(), Some("MAINTENANCE"));
    assert_eq!(api.attempts, 3);
    assert_eq!(err.attempts(), 3);
    assert_eq!(err.api_kind(), Some(ApiErrorKind::Other));
    let message = err.to_string();
    assert!(
        message.contains("come back later [MAINTENANCE] (query id EU."),
        "{message}"
    );
    assert!(
        message.ends_with(" (gave up after 3 attempts)"),
        "{message}"
    );
    assert_eq!(calls(&ovh, "/me").len(), 3);
}

#[tokio::test]
async fn other_errors_are_not_retried() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/e500")
        .reply_error_code(500, "INTERNAL", "boom");
    ovh.on("GET", "/e404")
        .reply_error_code(404, "NOT_FOUND", "no");
    ovh.on("GET", "/e400")
        .reply_error_code(400, "INVALID", "bad");
    let client = client(&ovh);
    for path in ["/e500", "/e404", "/e400"] {
        let err = client.get::<Value>(path).await.unwrap_err();
        assert_eq!(err.attempts(), 1, "{path}");
        assert!(matches!(err, Error::Api(_)), "{err:?}");
        assert_eq!(calls(&ovh, path).len(), 1, "{path}");
    }
}

#[tokio::test]
async fn post_is_retried_only_when_marked_idempotent_or_unsigned() {
    let ovh = MockOvh::start().await;
    ovh.on("POST", "/order").reply_with(unavailable(503));
    ovh.on("POST", "/safe").reply_with(unavailable(503));
    ovh.on("POST", "/open")
        .unauthenticated()
        .reply_with(unavailable(503));
    ovh.on("PUT", "/put").reply_with(unavailable(503));
    ovh.on("DELETE", "/delete").reply_with(unavailable(503));
    let client = client(&ovh);

    let err = client
        .post::<Value>("/order")
        .body(&json!({"x": 1}))
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 1);
    assert_eq!(calls(&ovh, "/order").len(), 1);

    let _ = client
        .post::<Value>("/safe")
        .body(&json!({"x": 1}))
        .idempotent()
        .await
        .unwrap_err();
    assert_eq!(calls(&ovh, "/safe").len(), 3);
    let _ = client.post::<Value>("/open").unsigned().await.unwrap_err();
    assert_eq!(calls(&ovh, "/open").len(), 3);
    let _ = client
        .put::<Value>("/put")
        .body(&json!({}))
        .await
        .unwrap_err();
    assert_eq!(calls(&ovh, "/put").len(), 3);
    let _ = client.delete::<Value>("/delete").await.unwrap_err();
    assert_eq!(calls(&ovh, "/delete").len(), 3);
    // Every attempt carried the same body, correctly signed.
    for call in calls(&ovh, "/safe") {
        assert!(call.signature.is_valid());
        assert_eq!(call.json(), Some(json!({"x": 1})));
    }
}

#[tokio::test]
async fn retries_can_be_turned_off_per_client_and_per_request() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/down").reply_with(unavailable(502));
    let off = ovh
        .client_builder()
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let err = off.get::<Value>("/down").await.unwrap_err();
    assert!(
        matches!(err, Error::InvalidResponse { status: 502, .. }),
        "{err:?}"
    );
    assert_eq!(calls(&ovh, "/down").len(), 1);
    ovh.clear_requests();
    let _ = client(&ovh)
        .get::<Value>("/down")
        .retry_policy(RetryPolicy::none())
        .await
        .unwrap_err();
    assert_eq!(calls(&ovh, "/down").len(), 1);
    ovh.clear_requests();
    let _ = client(&ovh)
        .get::<Value>("/down")
        .retry_policy(fast_retries().max_attempts(5))
        .await
        .unwrap_err();
    assert_eq!(calls(&ovh, "/down").len(), 5);
}

#[tokio::test]
async fn too_many_requests_waits_retry_after_and_signs_each_attempt_anew() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me").reply_sequence(vec![
        Reply::error_code(429, "TOO_MANY", "Slow down").with_header("Retry-After", "1"),
        Reply::json(200, &json!({"ok": true})),
    ]);
    // The real clock, so that the second attempt is signed a second later. Lower bounds only:
    // how long the wait really was is checked on a paused clock below.
    let started = Instant::now();
    let _: Value = client(&ovh).get("/me").await.unwrap();
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
    let calls = calls(&ovh, "/me");
    assert_eq!(calls.len(), 2);
    assert!(calls[1].received_at - calls[0].received_at >= Duration::from_secs(1));
    let stamps: Vec<_> = calls
        .iter()
        .map(|c| c.header("x-ovh-timestamp").unwrap().to_owned())
        .collect();
    assert_ne!(
        stamps[0], stamps[1],
        "a fresh timestamp for the second attempt"
    );
    assert!(calls.iter().all(|c| c.signature.is_valid()));
}

// A paused clock (here and below): the client's own timers (waits, deadline) are measured in
// the runtime's time, which moves only when every task waits, straight to the next timer. What
// a call took is then exact and independent of the machine's load.
#[tokio::test(start_paused = true)]
async fn too_many_requests_waits_exactly_retry_after() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me").reply_sequence(vec![
        Reply::error_code(429, "TOO_MANY", "Slow down").with_header("Retry-After", "1"),
        Reply::json(200, &json!({"ok": true})),
    ]);
    let client = client(&ovh);
    client.time_delta().await.unwrap();
    let started = tokio::time::Instant::now();
    let _: Value = client.get("/me").await.unwrap();
    let elapsed = started.elapsed();
    // Retry-After, not the (2 to 10 ms) backoff, and nothing on top of it.
    assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(1010), "{elapsed:?}");
    assert_eq!(calls(&ovh, "/me").len(), 2);
}

#[tokio::test(start_paused = true)]
async fn retry_after_is_capped_by_the_policy_and_read_as_a_date() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/later").reply_sequence(vec![
        Reply::error_code(429, "TOO_MANY", "Slow down").with_header("Retry-After", "3600"),
        // A date in the past: no wait at all.
        Reply::error_code(429, "TOO_MANY", "Slow down")
            .with_header("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"),
        Reply::json(200, &json!(1)),
    ]);
    let client = ovh
        .client_builder()
        .retry_policy(fast_retries().max_retry_after(Duration::from_millis(150)))
        .build()
        .unwrap();
    client.time_delta().await.unwrap();
    let started = tokio::time::Instant::now();
    let answer: u32 = client.get("/later").await.unwrap();
    assert_eq!(answer, 1);
    let elapsed = started.elapsed();
    // The capped wait (150 ms, not an hour), then none for the date in the past: less than
    // a second capped wait.
    assert!(elapsed >= Duration::from_millis(150), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(300), "{elapsed:?}");
    assert_eq!(calls(&ovh, "/later").len(), 3);
}

#[tokio::test]
async fn too_many_requests_has_its_own_kind_with_the_retry_after_value() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/busy").reply_with(
        Reply::error_code(429, "TOO_MANY", "Slow down").with_header("Retry-After", "0"),
    );
    let err = client(&ovh).get::<Value>("/busy").await.unwrap_err();
    assert_eq!(
        err.api_kind(),
        Some(ApiErrorKind::TooManyRequests {
            retry_after: Some(Duration::ZERO)
        })
    );
    assert_eq!(err.kind_name(), "too-many-requests");
    assert_eq!(err.attempts(), 3);
    assert_eq!(calls(&ovh, "/busy").len(), 3);
}

#[tokio::test(start_paused = true)]
async fn the_timeout_bounds_all_attempts_together() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/slow")
        .reply_with(unavailable(503))
        .delay(Duration::from_millis(150));
    let client = ovh
        .client_builder()
        .retry_policy(fast_retries().max_attempts(20))
        .timeout(Duration::from_millis(400))
        .build()
        .unwrap();
    let started = tokio::time::Instant::now();
    let err = client.get::<Value>("/slow").await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    // Answers at 150 and about 300 ms, the third attempt cut short at 400 ms: a timeout per
    // attempt would have let all 20 run (3 s).
    assert!(err.attempts() >= 2 && err.attempts() <= 3, "{err:?}");
    assert_eq!(calls(&ovh, "/slow").len() as u32, err.attempts());
    assert!(elapsed >= Duration::from_millis(400), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(550), "{elapsed:?}");
}

#[tokio::test(start_paused = true)]
async fn a_wait_longer_than_the_time_left_returns_the_answer_at_once() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/busy").reply_with(
        Reply::error_code(429, "TOO_MANY", "Slow down").with_header("Retry-After", "30"),
    );
    let client = ovh
        .client_builder()
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    let started = tokio::time::Instant::now();
    let err = client.get::<Value>("/busy").await.unwrap_err();
    // No wait at all: any would have lasted until the deadline (2 s) or Retry-After (30 s).
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
    assert_eq!(
        err.api_kind(),
        Some(ApiErrorKind::TooManyRequests {
            retry_after: Some(Duration::from_secs(30))
        })
    );
    assert_eq!(calls(&ovh, "/busy").len(), 1);
}

#[tokio::test]
async fn rate_limit_spaces_requests_across_clones() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me").reply_json(200, &json!({}));
    let client = ovh
        .client_builder()
        .max_requests_per_second(20.0)
        .build()
        .unwrap();
    client.time_delta().await.unwrap();
    ovh.clear_requests();
    let started = Instant::now();
    let calls_made = (0..6).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.get::<Value>("/me").await })
    });
    for call in futures::future::join_all(calls_made).await {
        call.unwrap().unwrap();
    }
    // Six requests at 20/s: the last one 5 × 50 ms after the first.
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(245), "{elapsed:?}");
    let mut times: Vec<_> = calls(&ovh, "/me").iter().map(|c| c.received_at).collect();
    times.sort();
    assert_eq!(times.len(), 6);
    // On the server side too: the k-th request's slot is k × 50 ms after the first, which is
    // no earlier than `started`, and it cannot arrive before its slot (1 ms of slack for the
    // timer's granularity). Gaps between arrivals are not bounded: a late first arrival
    // narrows them.
    for (k, time) in times.iter().enumerate() {
        let after = *time - started;
        assert!(
            after + Duration::from_millis(1) >= Duration::from_millis(50) * k as u32,
            "{k}: {after:?}"
        );
    }
}

#[tokio::test]
async fn an_invalid_rate_is_a_config_error() {
    let ovh = MockOvh::start().await;
    // Too slow to represent (intervals past a year) is refused too, rather than overflowing
    // the clock.
    for rate in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e-20, 5e-324] {
        let err = ovh
            .client_builder()
            .max_requests_per_second(rate)
            .build()
            .unwrap_err();
        assert_eq!(err.kind_name(), "invalid-config", "{rate}");
    }
}

#[tokio::test]
async fn unbounded_timeout_and_retry_after_do_not_overflow_the_clock() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/slow-down").reply_sequence(vec![
        Reply::error_code(429, "TOO_MANY", "Slow down")
            .with_header("Retry-After", "99999999999999999"),
        Reply::json(200, &json!("ok")),
    ]);
    // `Duration::MAX` as "no timeout" and as "no cap on Retry-After": the huge wait is
    // past any deadline, so the 429 is final instead of a panic.
    let client = ovh
        .client_builder()
        .timeout(Duration::MAX)
        .retry_policy(fast_retries().max_retry_after(Duration::MAX))
        .build()
        .unwrap();
    let err = client.get::<Value>("/slow-down").await.unwrap_err();
    assert_eq!(err.api().map(|a| a.status), Some(429));
    assert_eq!(err.attempts(), 1);
    // And a plain call under that timeout works.
    ovh.on("GET", "/fine").reply_json(200, &json!(1));
    assert_eq!(client.get::<u32>("/fine").await.unwrap(), 1);
}
