//! How a wait ends without a finished value: the task failed ([`TaskFailed`]) or the wait
//! timed out ([`WaitTimeout`]). Both keep the last value seen, as JSON encoded faithfully
//! from the typed model, so that the error needs no type parameter; [`TaskFailed::last_as`]
//! and [`WaitTimeout::last_as`] decode it back.

use std::fmt;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::Value;

/// A task (or resource) that finished in a failure state: `Error::TaskFailed`.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskFailed {
    pub(crate) what: String,
    pub(crate) status: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) last: Value,
}

impl TaskFailed {
    /// What was waited for: `task 42 (dedicated.server.Task) at /dedicated/server/ns1/task/42`.
    pub fn what(&self) -> &str {
        &self.what
    }

    /// The status it ended in (`ovhError`, `ERROR`…), when it has one.
    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }

    /// The comment or message OVH gave with it, when there is one.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The last value seen, as OVH sent it.
    pub fn last(&self) -> &Value {
        &self.last
    }

    /// The last value seen, decoded (the task model the wait was for).
    pub fn last_as<T: DeserializeOwned>(&self) -> serde_json::Result<T> {
        serde_json::from_value(self.last.clone())
    }
}

impl fmt::Display for TaskFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed", self.what)?;
        if let Some(status) = &self.status {
            write!(f, " with status {status:?}")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl std::error::Error for TaskFailed {}

/// A wait that gave up before what it waited for finished: `Error::WaitTimeout`.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitTimeout {
    pub(crate) what: String,
    pub(crate) after: Duration,
    pub(crate) polls: u32,
    pub(crate) status: Option<String>,
    pub(crate) unknown_status: bool,
    pub(crate) last: Option<Value>,
}

impl WaitTimeout {
    /// What was waited for.
    pub fn what(&self) -> &str {
        &self.what
    }

    /// How long the wait lasted.
    pub fn after(&self) -> Duration {
        self.after
    }

    /// How many polls were sent (the call that started the wait not included).
    pub fn polls(&self) -> u32 {
        self.polls
    }

    /// The last status seen, when there was one.
    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }

    /// Whether the last status is a value this SDK did not know when it was generated (it
    /// counts as pending; a newer SDK may know it as finished).
    pub fn status_is_unknown(&self) -> bool {
        self.unknown_status
    }

    /// The last value seen, as OVH sent it, when one was seen.
    pub fn last(&self) -> Option<&Value> {
        self.last.as_ref()
    }

    /// The last value seen, decoded; `None` when none was seen.
    pub fn last_as<T: DeserializeOwned>(&self) -> Option<serde_json::Result<T>> {
        self.last.clone().map(serde_json::from_value)
    }
}

impl fmt::Display for WaitTimeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "gave up waiting for {} after {:?} ({} polls)",
            self.what, self.after, self.polls
        )?;
        match (&self.status, self.unknown_status) {
            (Some(status), true) => write!(
                f,
                "; last status {status:?} is not a value this SDK knows, so it was taken as pending"
            ),
            (Some(status), false) => write!(f, "; last status {status:?}"),
            (None, _) => Ok(()),
        }
    }
}

impl std::error::Error for WaitTimeout {}
