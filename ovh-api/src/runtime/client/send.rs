//! Sending a call: the retry loop within the client's timeout and rate limit, each attempt
//! authorized and prepared anew, and what a transport error becomes.

use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

use futures::future::Either;
use tokio::time::Instant;

use crate::operations::ALL as ALL_OPERATIONS;
use crate::runtime::call::method::Method;
use crate::runtime::call::parts::RequestParts;
use crate::runtime::call::target::CallTarget;
use crate::runtime::error::{Error, Result};
use crate::runtime::http::response::{RawResponse, Sent};
use crate::runtime::http::retry::{self, RetryPolicy};
use crate::runtime::http::transport::{Answer, NetworkError};

use super::auth::{Authorization, CredentialFixes, Refusal};
use super::{Client, FAR_FUTURE};

/// What one call may spend on retrying transient failures: the policy's backoff, a number
/// of attempts, and the call's deadline.
pub(super) struct RetryBudget<'a> {
    policy: &'a RetryPolicy,
    max_attempts: u32,
    deadline: Instant,
}

impl<'a> RetryBudget<'a> {
    /// The budget of a call: the request's own policy, else the client's.
    pub(super) fn new(
        parts: &'a RequestParts,
        client_policy: &'a RetryPolicy,
        deadline: Instant,
    ) -> Self {
        let policy = parts.retry.as_ref().unwrap_or(client_policy);
        // GET, PUT and DELETE are idempotent; a POST (or a PATCH) may have been acted on even
        // when its answer is an error, so it is retried only when the request says it may be.
        let idempotent_method = matches!(parts.method, Method::Get | Method::Put | Method::Delete);
        let retryable = idempotent_method || !parts.signed || parts.idempotent;
        RetryBudget {
            policy,
            max_attempts: if retryable { policy.attempts() } else { 1 },
            deadline,
        }
    }

    /// How long to wait before attempt `attempt + 1`; `None` to return `outcome` as it is:
    /// it is not a transient failure, the attempts are used up, or the wait would end at
    /// or past the deadline (sleeping would only end in a timeout that hides this answer).
    pub(super) fn wait_before_retry(
        &self,
        parts: &RequestParts,
        outcome: &Result<RawResponse>,
        attempt: u32,
    ) -> Option<Duration> {
        let (reason, retry_after) = retry::transient(outcome)?;
        if attempt >= self.max_attempts {
            return None;
        }
        let wait = self.policy.wait(attempt, retry_after);
        if Instant::now()
            .checked_add(wait)
            .is_none_or(|end| end >= self.deadline)
        {
            return None;
        }
        tracing::warn!(
            target: "ovh_api::client",
            method = parts.method.as_str(),
            attempt,
            max_attempts = self.max_attempts,
            reason,
            wait_ms = wait.as_millis() as u64,
            "OVH API call failed transiently: retrying"
        );
        Some(wait)
    }
}

/// Keeps a call a dry run does not send, and returns its target.
fn not_sent(calls: &Mutex<Vec<CallTarget>>, parts: &RequestParts) -> CallTarget {
    // The parts' body is encoded already (bytes): this cannot fail.
    let body = parts.body.to_bytes().ok().flatten();
    let target = CallTarget::new(parts.method, parts.path_and_query(), body);
    // The path without its query, which may hold a password parameter.
    let path = parts.path.split('?').next().unwrap_or_default();
    tracing::info!(
        target: "ovh_api::client",
        method = parts.method.as_str(),
        path,
        "dry run: call not sent"
    );
    calls
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(target.clone());
    target
}

impl Client {
    /// Sends a request, retrying as the policy allows, all attempts within
    /// the client's timeout. Returns the last answer, how many attempts
    /// were made and, for an error status, what the call needs to be allowed.
    pub(crate) fn execute(
        self,
        parts: Result<RequestParts>,
    ) -> impl Future<Output = Result<Sent>> + Send + 'static {
        // Not an `async fn` taking the `Result`: that would keep it for the whole
        // call next to the parts taken out of it.
        match parts {
            Ok(parts) => Either::Left(self.execute_parts(parts)),
            Err(error) => Either::Right(std::future::ready(Err(error))),
        }
    }

    /// [`Client::execute`] once the request is known to be well formed.
    pub(super) async fn execute_parts(self, parts: RequestParts) -> Result<Sent> {
        if let Some(log) = &self.inner.access_log {
            log.record(ALL_OPERATIONS, parts.method, &parts.path, parts.operation);
        }
        if let Some(calls) = &self.inner.dry_run {
            if parts.method != Method::Get {
                // Before any credential is looked at: a dry run neither signs nor syncs.
                return Err(Error::DryRun(not_sent(calls, &parts)));
            }
        }
        let timeout = self.inner.timeout;
        // `Duration::MAX` (no timeout, in effect) must not overflow the clock.
        let deadline = Instant::now()
            .checked_add(timeout)
            .unwrap_or_else(|| Instant::now() + FAR_FUTURE);
        let mut attempts = 0;
        let outcome =
            tokio::time::timeout_at(deadline, self.attempts(&parts, deadline, &mut attempts)).await;
        match outcome {
            Ok(Ok(raw)) => {
                // Only an error reads it: a raw path is matched against the table for one only.
                let needed = if raw.is_success() {
                    None
                } else {
                    parts.needed_access(ALL_OPERATIONS)
                };
                Ok(Sent {
                    raw,
                    attempts,
                    needed,
                })
            }
            Ok(Err(error)) => Err(error.after_attempts(attempts)),
            Err(_) => Err(Error::Timeout {
                after: timeout,
                attempts,
            }),
        }
    }

    /// The attempt loop: authorize, wait for the rate limit, send; then
    /// re-sync the clock, renew the token or back off and try again when
    /// the answer calls for it.
    pub(super) async fn attempts(
        &self,
        parts: &RequestParts,
        deadline: Instant,
        attempts: &mut u32,
    ) -> Result<RawResponse> {
        let budget = RetryBudget::new(parts, &self.inner.retry, deadline);
        let mut fixes = CredentialFixes::default();
        let mut auth = self.authorize(parts).await?;
        loop {
            *attempts += 1;
            if let Some(limiter) = &self.inner.rate_limit {
                limiter.acquire().await;
            }
            // In a block: the answer is not kept in the future during the wait.
            let wait = {
                let outcome = self.dispatch(parts, &auth).await;
                if let (Some(recorder), Ok(raw)) = (&self.inner.recorder, &outcome) {
                    recorder.record(parts, raw);
                }
                // Refused before being processed: fix the credentials and send again at once.
                let fixed = match fixes.first_refusal(&outcome, &auth) {
                    Some(Refusal::Timestamp) => {
                        auth.resync_clock(self, parts, *attempts).await?;
                        true
                    }
                    Some(Refusal::Token) => auth.renew_token(self, parts, *attempts).await?,
                    None => false,
                };
                if fixed {
                    continue;
                }
                match budget.wait_before_retry(parts, &outcome, *attempts) {
                    Some(wait) => wait,
                    None => return outcome,
                }
            };
            tokio::time::sleep(wait).await;
            if let Authorization::Bearer(_) = auth {
                // The token may have expired during the wait.
                auth = self.authorize(parts).await?;
            }
        }
    }

    /// Builds the exact URL, signs it or adds the token, sends it once, and
    /// returns what came back without interpreting the status.
    pub(super) async fn dispatch(
        &self,
        parts: &RequestParts,
        auth: &Authorization<'_>,
    ) -> Result<RawResponse> {
        // Built outside the future: what is only needed before sending then takes no
        // room in the future of every call (which is boxed per call).
        let request = self.prepare(parts, auth)?;
        let logging = tracing::enabled!(target: "ovh_api::client", tracing::Level::DEBUG);
        let started = logging.then(std::time::Instant::now);
        let path = logging.then(|| request.uri.path().to_owned());
        let Answer {
            status,
            headers,
            body,
        } = self
            .inner
            .http
            .send(request)
            .await
            .map_err(|e| self.transport_error(e))?;
        let raw = RawResponse {
            status,
            headers,
            body,
        };
        // The path and query id only: never headers, which hold credentials.
        if let (Some(path), Some(started)) = (path, started) {
            tracing::debug!(
                target: "ovh_api::client",
                method = parts.method.as_str(),
                path,
                status,
                duration_ms = started.elapsed().as_millis() as u64,
                query_id = raw.query_id().unwrap_or(""),
                "OVH API call"
            );
        }
        Ok(raw)
    }

    /// The exact URL sent, and signed: base (or host root for `/v1`, `/v2`),
    /// path, then query pairs.
    pub(super) fn url(&self, parts: &RequestParts) -> Result<url::Url> {
        let url = self.inner.endpoint.url_for(&parts.path_and_query());
        url::Url::parse(&url)
            .map_err(|e| Error::InvalidParameter(format!("cannot build a URL from {url:?}: {e}")))
    }

    pub(super) fn transport_error(&self, error: NetworkError) -> Error {
        if error.is_timeout() {
            Error::Timeout {
                after: self.inner.timeout,
                attempts: 1,
            }
        } else {
            Error::Network(error)
        }
    }
}
