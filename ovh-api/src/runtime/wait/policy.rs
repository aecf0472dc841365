//! Waiting for what OVH finishes later: one policy ([`WaitPolicy`]) and one poll loop for
//! every long-running operation (a /1.0 task, a /v2 resource, any condition on a GET).
//!
//! The loop is a stream of every value seen: the first answer, then one per poll. It ends
//! after a terminal value (the last item), or with one `Err` item: the task failed
//! ([`Error::TaskFailed`]), the wait timed out ([`Error::WaitTimeout`]) or a poll failed for
//! good. While polling, transient failures are not final: 5xx answers, network errors and
//! timeouts (each poll already went through the client's retries), and a 404 during a short
//! grace period after the wait started (OVH may answer the creation before the task can be
//! read). Dropping the stream or the future cancels the wait: nothing runs in the background.

use std::pin::Pin;
use std::time::Duration;

use futures::stream::{self, Stream, StreamExt};
use serde::Serialize;
use tokio::time::Instant;

use crate::runtime::call::typed_request::SendFuture;
use crate::runtime::error::{Error, Result};
use crate::runtime::wait::error::{TaskFailed, WaitTimeout};

/// What `.watch()` returns: every value seen while waiting, owned and `Send`; the last item
/// is the terminal value, or an `Err` saying why the wait ended without one.
pub type WatchStream<T> = Pin<Box<dyn Stream<Item = Result<T>> + Send>>;

/// How long and how often a wait polls.
///
/// The first poll comes `initial_delay` after the answer that started the wait; the next
/// ones `interval` apart, growing by `backoff` each time up to `max_interval`; the whole
/// wait gives up after `timeout` ([`Error::WaitTimeout`]). The defaults fit a dedicated
/// server reinstall: a poll every 5 s at first, every minute at most, for up to 2 hours.
///
/// ```
/// use std::time::Duration;
/// let quick = ovh_api::WaitPolicy::default()
///     .initial_delay(Duration::ZERO)
///     .interval(Duration::from_millis(20))
///     .timeout(Duration::from_secs(5));
/// assert_eq!(quick.get_timeout(), Duration::from_secs(5));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct WaitPolicy {
    initial_delay: Duration,
    interval: Duration,
    backoff: f64,
    max_interval: Duration,
    timeout: Duration,
    not_found_grace: Duration,
}

impl Default for WaitPolicy {
    fn default() -> Self {
        WaitPolicy {
            initial_delay: Duration::from_secs(2),
            interval: Duration::from_secs(5),
            backoff: 1.5,
            max_interval: Duration::from_secs(60),
            timeout: Duration::from_secs(2 * 60 * 60),
            not_found_grace: Duration::from_secs(60),
        }
    }
}

impl WaitPolicy {
    /// The delay before the first poll (default 2 s).
    pub fn initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// The delay between the first two polls (default 5 s); later ones grow by
    /// [`WaitPolicy::backoff`].
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// How much each delay grows over the previous one (default 1.5; 1 for a fixed
    /// interval; values below 1, or not a number, count as 1).
    pub fn backoff(mut self, factor: f64) -> Self {
        self.backoff = if factor >= 1.0 { factor } else { 1.0 };
        self
    }

    /// The longest delay between two polls (default 60 s).
    pub fn max_interval(mut self, max: Duration) -> Self {
        self.max_interval = max;
        self
    }

    /// How long the whole wait may last (default 2 hours).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long after the wait started a 404 still counts as "not readable yet" rather than
    /// final (default 60 s).
    pub fn not_found_grace(mut self, grace: Duration) -> Self {
        self.not_found_grace = grace;
        self
    }

    /// The overall timeout.
    pub fn get_timeout(&self) -> Duration {
        self.timeout
    }

    /// The delay before poll number `poll` (from 0), `previous` being the delay before the
    /// one before it.
    fn delay_before(&self, poll: u32, previous: Duration) -> Duration {
        match poll {
            0 => self.initial_delay,
            1 => self.interval.min(self.max_interval),
            _ => previous.mul_f64(self.backoff).min(self.max_interval),
        }
    }
}

/// What a value seen while waiting says about the wait.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Verdict {
    /// Not finished: `status` is its status (if it has one), `known` whether the SDK knows
    /// that status value.
    Pending { status: Option<String>, known: bool },
    /// Finished well: the wait ends with this value.
    Done,
    /// Finished badly: the wait ends with [`Error::TaskFailed`].
    Failed {
        status: Option<String>,
        message: Option<String>,
    },
}

/// What is being waited for: how to read it again and how to judge it.
pub(crate) trait Target<T>: Send + 'static {
    /// The next poll; `last` is the newest value seen, if any.
    fn poll(&mut self, last: Option<&T>) -> Result<SendFuture<T>>;
    /// Whether `value` ends the wait.
    fn judge(&self, value: &T) -> Verdict;
    /// Whether a 404 after the grace period ends the wait well (the thing is gone, as
    /// wanted, or as vRack tasks do once finished).
    fn gone_means_done(&self) -> bool;
    /// What is waited for, for errors: `task 42 (dedicated.server.Task)`.
    fn describe(&self, last: Option<&T>) -> String;
}

/// The state of one wait, carried from one item of the stream to the next.
struct Wait<T> {
    target: Box<dyn Target<T>>,
    policy: WaitPolicy,
    first: Option<SendFuture<T>>,
    /// Whether the first poll goes at once (no call started the wait).
    poll_at_once: bool,
    started: Instant,
    delay: Duration,
    polls: u32,
    last: Option<T>,
    last_verdict: Option<Verdict>,
    /// The error to end with, after the value that caused it was given.
    ending: Option<Error>,
    finished: bool,
}

/// Every value of a wait that starts with `first` (the answer of the call that started it:
/// its failure ends the wait), or with a first poll right away when there is none (whose
/// failure is judged like any poll's: a 404 in the grace period or a 5xx is polled again).
pub(crate) fn watch<T>(
    target: impl Target<T>,
    policy: WaitPolicy,
    first: Option<SendFuture<T>>,
) -> WatchStream<T>
where
    T: Serialize + Clone + Send + 'static,
{
    let wait = Wait {
        target: Box::new(target),
        policy,
        poll_at_once: first.is_none(),
        first,
        started: Instant::now(),
        delay: Duration::ZERO,
        polls: 0,
        last: None,
        last_verdict: None,
        ending: None,
        finished: false,
    };
    Box::pin(stream::unfold(wait, |mut wait| async move {
        let item = wait.next().await?;
        Some((item, wait))
    }))
}

/// The last value of a wait: its terminal value, or the error that ended it.
pub(crate) fn wait_for<T>(mut values: WatchStream<T>) -> SendFuture<T>
where
    T: Send + 'static,
{
    Box::pin(async move {
        let mut last = None;
        while let Some(item) = values.next().await {
            last = Some(item?);
        }
        last.ok_or_else(|| Error::InvalidParameter("the wait ended without any value".into()))
    })
}

impl<T: Serialize + Clone + Send + 'static> Wait<T> {
    /// The next item of the stream, `None` once the wait is over.
    async fn next(&mut self) -> Option<Result<T>> {
        if let Some(error) = self.ending.take() {
            self.finished = true;
            return Some(Err(error));
        }
        if self.finished {
            return None;
        }
        if let Some(first) = self.first.take() {
            return Some(match first.await {
                Ok(value) => Ok(self.seen(value)),
                Err(error) => {
                    self.finished = true;
                    Err(error)
                }
            });
        }
        self.poll_until_news().await
    }

    /// Polls until a value comes (or the wait ends without one).
    async fn poll_until_news(&mut self) -> Option<Result<T>> {
        let deadline = self.started + self.policy.timeout;
        loop {
            let delay = match (self.poll_at_once, self.polls) {
                (true, 0) => Duration::ZERO,
                (true, poll) => self.policy.delay_before(poll - 1, self.delay),
                (false, poll) => self.policy.delay_before(poll, self.delay),
            };
            self.delay = delay;
            let now = Instant::now();
            if now >= deadline {
                return self.end(Err(self.timed_out()));
            }
            tokio::time::sleep_until((now + delay).min(deadline)).await;
            let outcome = match self.target.poll(self.last.as_ref()) {
                Ok(call) => tokio::time::timeout_at(deadline, call).await,
                Err(error) => return self.end(Err(error)),
            };
            self.polls += 1;
            match outcome {
                Err(_elapsed) => return self.end(Err(self.timed_out())),
                Ok(Ok(value)) => return Some(Ok(self.seen(value))),
                Ok(Err(error)) => match self.after_error(error) {
                    Some(Ok(())) => return self.end_quietly(),
                    Some(Err(error)) => return self.end(Err(error)),
                    None => continue,
                },
            }
        }
    }

    /// Records a value; a terminal one ends the stream after it.
    fn seen(&mut self, value: T) -> T {
        let verdict = self.target.judge(&value);
        match &verdict {
            Verdict::Pending { .. } => {}
            Verdict::Done => self.finished = true,
            Verdict::Failed { status, message } => {
                self.ending = Some(Error::TaskFailed(Box::new(TaskFailed {
                    what: self.target.describe(Some(&value)),
                    status: status.clone(),
                    message: message.clone(),
                    last: serde_json::to_value(&value).unwrap_or_default(),
                })));
            }
        }
        tracing::debug!(target: "ovh_api::wait", polls = self.polls, verdict = ?verdict, "wait: value seen");
        self.last_verdict = Some(verdict);
        self.last = Some(value.clone());
        value
    }

    /// What a failed poll means: `None` to poll again, `Some(Ok)` for a wait that ended well
    /// (gone, as wanted), `Some(Err)` for a final error.
    fn after_error(&self, error: Error) -> Option<Result<()>> {
        let status = error.status();
        if status == Some(404) {
            if self.target.gone_means_done() {
                return Some(Ok(()));
            }
            if self.started.elapsed() < self.policy.not_found_grace {
                tracing::debug!(target: "ovh_api::wait", "wait: 404 during the grace period, polling again");
                return None;
            }
            return Some(Err(error));
        }
        let transient = matches!(status, Some(500..=599))
            || matches!(error, Error::Network(_) | Error::Timeout { .. });
        if transient {
            tracing::debug!(target: "ovh_api::wait", error = %error, "wait: transient failure, polling again");
            None
        } else {
            Some(Err(error))
        }
    }

    fn end(&mut self, item: Result<T>) -> Option<Result<T>> {
        self.finished = true;
        Some(item)
    }

    fn end_quietly(&mut self) -> Option<Result<T>> {
        self.finished = true;
        None
    }

    fn timed_out(&self) -> Error {
        let (status, known) = match &self.last_verdict {
            Some(Verdict::Pending { status, known }) => (status.clone(), *known),
            _ => (None, true),
        };
        Error::WaitTimeout(Box::new(WaitTimeout {
            what: self.target.describe(self.last.as_ref()),
            after: self.started.elapsed(),
            polls: self.polls,
            status,
            unknown_status: !known,
            last: self
                .last
                .as_ref()
                .and_then(|value| serde_json::to_value(value).ok()),
        }))
    }
}

/// The methods `.wait()`, `.wait_with()`, `.watch()` and `.watch_with()` for a generated
/// wrapper `$name(crate::TaskRequest<$output>)`, beside every method of `typed_request!`.
#[allow(unused_macros)] // unused when no API feature is enabled
macro_rules! task_request {
    ($name:ident, $output:ty) => {
        crate::runtime::call::typed_request::typed_request!($name, $output);

        impl $name {
            /// Sends the call, then polls the task it answers until it finishes, with the
            /// default [`crate::WaitPolicy`]: the finished task, or
            /// [`crate::Error::TaskFailed`] / [`crate::Error::WaitTimeout`].
            #[inline]
            pub fn wait(self) -> crate::SendFuture<$output> {
                self.0.wait()
            }

            /// Like `wait`, with this policy.
            #[inline]
            pub fn wait_with(self, policy: crate::WaitPolicy) -> crate::SendFuture<$output> {
                self.0.wait_with(policy)
            }

            /// Sends the call and gives every task value seen while waiting, the last one
            /// terminal (or an error), with the default [`crate::WaitPolicy`].
            #[inline]
            pub fn watch(self) -> crate::WatchStream<$output> {
                self.0.watch()
            }

            /// Like `watch`, with this policy.
            #[inline]
            pub fn watch_with(self, policy: crate::WaitPolicy) -> crate::WatchStream<$output> {
                self.0.watch_with(policy)
            }
        }
    };
}

/// The same methods for the wrapper `$name(crate::ResourceRequest<$output>)` of a /v2 `POST`
/// or `PUT` answering a resource: `.wait()` polls the resource until it is `READY`.
#[allow(unused_macros)] // unused when no API feature is enabled
macro_rules! resource_request {
    ($name:ident, $output:ty) => {
        crate::runtime::wait::policy::task_request!($name, $output);
    };
}

#[allow(unused_imports)] // unused when no API feature is enabled
pub(crate) use {resource_request, task_request};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_start_with_the_initial_delay_then_grow_to_the_cap() {
        let policy = WaitPolicy::default()
            .initial_delay(Duration::from_secs(1))
            .interval(Duration::from_secs(4))
            .backoff(2.0)
            .max_interval(Duration::from_secs(20));
        let mut delays = Vec::new();
        let mut previous = Duration::ZERO;
        for poll in 0..6 {
            previous = policy.delay_before(poll, previous);
            delays.push(previous.as_secs());
        }
        assert_eq!(delays, [1, 4, 8, 16, 20, 20]);
    }

    #[test]
    fn a_backoff_below_one_keeps_the_interval() {
        let policy = WaitPolicy::default()
            .initial_delay(Duration::ZERO)
            .interval(Duration::from_secs(3))
            .backoff(0.5);
        let first = policy.delay_before(0, Duration::ZERO);
        let second = policy.delay_before(1, first);
        let third = policy.delay_before(2, second);
        assert_eq!(
            (first, second, third),
            (
                Duration::ZERO,
                Duration::from_secs(3),
                Duration::from_secs(3)
            )
        );
    }
}
