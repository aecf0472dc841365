//! When and how long to wait before trying a call again.
//!
//! [`RetryPolicy`] is the client's (and optionally one request's) setting;
//! [`transient`] says whether an answer is worth another attempt. The loop
//! that uses both is `Client::execute`.

use std::time::Duration;

use crate::runtime::error::Error;
use crate::runtime::http::response::RawResponse;

/// How calls that failed transiently are tried again.
///
/// Retried: HTTP 429 (after its `Retry-After`, capped by
/// [`max_retry_after`](Self::max_retry_after)), 502, 503, 504, and
/// connections that failed before the request was sent. Only GET, PUT,
/// DELETE and unsigned calls are retried; a POST only when the request is
/// marked [`idempotent`](crate::ApiRequest::idempotent). Each attempt is
/// signed anew, and the client's timeout bounds all attempts together.
///
/// ```
/// use std::time::Duration;
/// use ovh_api::RetryPolicy;
/// let patient = RetryPolicy::default()
///     .max_attempts(5)
///     .initial_backoff(Duration::from_millis(100))
///     .max_backoff(Duration::from_secs(2));
/// assert_eq!(patient.attempts(), 5);
/// assert_eq!(RetryPolicy::none().attempts(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, backoff from 250 ms doubling up to 5 s (with jitter), a
    /// `Retry-After` honoured up to 60 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries: every call is sent once.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The total number of attempts, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry; it doubles at each further retry.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest backoff between two attempts.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest wait a `Retry-After` header can impose.
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// The total number of attempts allowed.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before retry number `retry` (1 for the first retry):
    /// `Retry-After` when the answer gave one (capped), or else exponential
    /// backoff, capped, with "equal jitter" (between half and all of it).
    pub(crate) fn wait(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.max_retry_after);
        }
        let factor = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        let backoff = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        let half = backoff / 2;
        let jitter = fastrand::u64(0..=half.as_nanos().try_into().unwrap_or(u64::MAX));
        half + Duration::from_nanos(jitter)
    }
}

/// Why an outcome is worth another attempt, and the wait the server asked
/// for; `None` when it is final.
pub(crate) fn transient(
    outcome: &Result<RawResponse, Error>,
) -> Option<(&'static str, Option<Duration>)> {
    match outcome {
        Ok(raw) => match raw.status {
            429 => Some(("HTTP 429 Too Many Requests", raw.retry_after())),
            502 => Some(("HTTP 502 Bad Gateway", None)),
            503 => Some(("HTTP 503 Service Unavailable", raw.retry_after())),
            504 => Some(("HTTP 504 Gateway Timeout", None)),
            _ => None,
        },
        // A failed connection means nothing was sent: safe to send again.
        Err(Error::Network(e)) if e.is_connect() => Some(("connection failed", None)),
        Err(_) => None,
    }
}

/// Whether an answer is OVH's `400 QUERY_TIME_OUT`: the signature's
/// timestamp was too far from the server clock.
pub(crate) fn is_query_time_out(raw: &RawResponse) -> bool {
    #[derive(serde::Deserialize)]
    struct Code<'a> {
        #[serde(rename = "errorCode", borrow)]
        error_code: Option<&'a str>,
    }
    raw.status == 400
        && serde_json::from_slice::<Code<'_>>(&raw.body)
            .is_ok_and(|c| c.error_code == Some("QUERY_TIME_OUT"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(300));
        for _ in 0..100 {
            let first = policy.wait(1, None);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
            let second = policy.wait(2, None);
            assert!(second >= Duration::from_millis(100) && second <= Duration::from_millis(200));
            let late = policy.wait(40, None);
            assert!(late >= Duration::from_millis(150) && late <= Duration::from_millis(300));
        }
    }

    #[test]
    fn retry_after_wins_but_is_capped() {
        let policy = RetryPolicy::default().max_retry_after(Duration::from_secs(2));
        assert_eq!(
            policy.wait(1, Some(Duration::from_secs(1))),
            Duration::from_secs(1)
        );
        assert_eq!(
            policy.wait(1, Some(Duration::from_secs(3600))),
            Duration::from_secs(2)
        );
    }

    #[test]
    fn none_means_one_attempt() {
        assert_eq!(RetryPolicy::none().attempts(), 1);
        assert_eq!(RetryPolicy::default().max_attempts(0).attempts(), 1);
        assert_eq!(RetryPolicy::default().attempts(), 3);
    }
}
