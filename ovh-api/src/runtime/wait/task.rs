//! /1.0 tasks: what the generator knows of each task family ([`TaskFamily`], given to a task
//! model by [`TaskModel`]) and the request of an operation that answers a task
//! ([`TaskRequest`]), whose `.wait()` polls the task's `GET …/task/{id}` until it finishes.

use std::future::IntoFuture;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::runtime::call::raw_request::ApiRequest;
use crate::runtime::call::typed_request::{Request, SendFuture};
use crate::runtime::client::Client;
use crate::runtime::error::{Error, Result};
use crate::runtime::wait::link::{member_of, member_text, ReadLink};
use crate::runtime::wait::policy::{self as wait, Target, Verdict, WaitPolicy, WatchStream};

/// What a status value of a task family means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskState {
    /// Not finished (and every value the generator did not know).
    Pending,
    /// Finished well (`done`, `DONE`, `completed`…).
    Succeeded,
    /// Finished badly (`ovhError`, `cancelled`, `ERROR`…).
    Failed,
}

/// A task family as the generator read it from the schemas: the model's OVH name, the wire
/// names of its id and status members, and the class of every status value it lists.
///
/// ```
/// use ovh_api::{TaskFamily, TaskState};
/// const FAMILY: TaskFamily = TaskFamily::new("dedicated.server.Task", "taskId", "status")
///     .success(&["done"])
///     .failure(&["cancelled", "customerError", "ovhError"])
///     .pending(&["doing", "init", "todo"]);
/// assert_eq!(FAMILY.classify(Some("done")), TaskState::Succeeded);
/// assert_eq!(FAMILY.classify(Some("ovhError")), TaskState::Failed);
/// assert_eq!(FAMILY.classify(Some("somethingNew")), TaskState::Pending);
/// assert!(!FAMILY.knows("somethingNew"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskFamily {
    name: &'static str,
    id: &'static str,
    status: &'static str,
    messages: &'static [&'static str],
    success: &'static [&'static str],
    failure: &'static [&'static str],
    pending: &'static [&'static str],
    gone_means_done: bool,
}

impl TaskFamily {
    /// The family of the model OVH names `name`, whose id member is `id` and status member
    /// `status` (wire names).
    pub const fn new(name: &'static str, id: &'static str, status: &'static str) -> Self {
        TaskFamily {
            name,
            id,
            status,
            messages: &[],
            success: &[],
            failure: &[],
            pending: &[],
            gone_means_done: false,
        }
    }

    /// The members holding OVH's comment or message, in the order to read them.
    pub const fn messages(self, members: &'static [&'static str]) -> Self {
        TaskFamily {
            messages: members,
            ..self
        }
    }

    /// The status values meaning finished well.
    pub const fn success(self, values: &'static [&'static str]) -> Self {
        TaskFamily {
            success: values,
            ..self
        }
    }

    /// The status values meaning finished badly.
    pub const fn failure(self, values: &'static [&'static str]) -> Self {
        TaskFamily {
            failure: values,
            ..self
        }
    }

    /// The status values meaning not finished.
    pub const fn pending(self, values: &'static [&'static str]) -> Self {
        TaskFamily {
            pending: values,
            ..self
        }
    }

    /// A family whose tasks disappear once finished: a 404 ends the wait well (vRack's).
    pub const fn gone_means_done(self) -> Self {
        TaskFamily {
            gone_means_done: true,
            ..self
        }
    }

    /// The model's OVH name (`dedicated.server.Task`).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The wire name of the status member (`status`).
    pub fn status_member(&self) -> &'static str {
        self.status
    }

    /// The wire name of the id member (`taskId`, `id`).
    pub fn id_member(&self) -> &'static str {
        self.id
    }

    /// What a status value means: [`TaskState::Pending`] for every value not listed as a
    /// success or a failure, a missing status included.
    pub fn classify(&self, status: Option<&str>) -> TaskState {
        match status {
            Some(s) if self.success.contains(&s) => TaskState::Succeeded,
            Some(s) if self.failure.contains(&s) => TaskState::Failed,
            _ => TaskState::Pending,
        }
    }

    /// Whether `status` is a value the schemas list.
    pub fn knows(&self, status: &str) -> bool {
        [self.success, self.failure, self.pending]
            .iter()
            .any(|values| values.contains(&status))
    }

    /// The verdict on a task, read from its JSON form.
    fn judge(&self, task: &Value) -> Verdict {
        let status = member_text(task, self.status);
        match self.classify(status.as_deref()) {
            TaskState::Succeeded => Verdict::Done,
            TaskState::Failed => Verdict::Failed {
                message: self
                    .messages
                    .iter()
                    .find_map(|member| member_text(task, member).filter(|m| !m.is_empty())),
                status,
            },
            TaskState::Pending => Verdict::Pending {
                known: status.as_deref().is_none_or(|s| self.knows(s)),
                status,
            },
        }
    }
}

/// A model that a task GET answers: the generator gives it its [`TaskFamily`].
pub trait TaskModel: Serialize + DeserializeOwned + Clone + Send + 'static {
    /// What the generator read of the family.
    const FAMILY: TaskFamily;

    /// What this task's status means.
    fn state(&self) -> TaskState {
        Self::FAMILY.classify(member_of(self, Self::FAMILY.status).as_deref())
    }
}

/// Where a task is read: the task GET (its last placeholder the task id, which comes from
/// the task itself), filled from the operation's values.
#[derive(Clone, Debug)]
pub struct TaskPoll {
    link: ReadLink,
}

impl TaskPoll {
    /// The task GET `template` (its last placeholder the task id), reached from a node that
    /// collected `values`.
    pub(crate) fn new(
        client: &Client,
        template: &'static str,
        iam_actions: &'static [&'static str],
        values: Vec<String>,
    ) -> Self {
        TaskPoll {
            link: ReadLink::new(client, template, iam_actions, values),
        }
    }
}

/// A typed operation answering a task: every method of [`Request`], plus `.wait()`,
/// `.wait_with(policy)`, `.watch()` and `.watch_with(policy)`.
pub type TaskRequest<T> = Request<T, TaskPoll>;

impl<T> Request<T, TaskPoll> {
    /// The call of an operation answering a task, and where its task is read.
    #[allow(dead_code)] // unused when no API feature is enabled
    pub(crate) fn with_task(call: ApiRequest<T>, poll: TaskPoll) -> Self {
        let link = poll.link.for_call(&call, true);
        Request::linked(call, TaskPoll { link })
    }
}

impl<T: TaskModel> Request<T, TaskPoll> {
    /// Sends the call, then polls the task it answers until it finishes, with the default
    /// [`WaitPolicy`]: the finished task, [`Error::TaskFailed`] when it ends in a failure
    /// state, [`Error::WaitTimeout`] when it does not finish in time.
    pub fn wait(self) -> SendFuture<T> {
        self.wait_with(WaitPolicy::default())
    }

    /// Like [`Request::wait`], with this policy.
    pub fn wait_with(self, policy: WaitPolicy) -> SendFuture<T> {
        wait::wait_for(self.watch_with(policy))
    }

    /// Sends the call and gives every task value seen: its answer, then one per poll; the
    /// last item is the finished task, or an error (as [`Request::wait`] returns it).
    pub fn watch(self) -> WatchStream<T> {
        self.watch_with(WaitPolicy::default())
    }

    /// Like [`Request::watch`], with this policy.
    pub fn watch_with(self, policy: WaitPolicy) -> WatchStream<T> {
        let (call, poll) = self.into_parts();
        let first = call.into_future();
        wait::watch(
            TaskTarget::<T> {
                poll,
                id: None,
                task: PhantomData,
            },
            policy,
            Some(Box::pin(first)),
        )
    }
}

/// A task waited for: read at the task GET with the id of the first value.
struct TaskTarget<T> {
    poll: TaskPoll,
    /// The task's id, once known (from the first value).
    id: Option<String>,
    task: PhantomData<fn() -> T>,
}

impl<T: TaskModel> TaskTarget<T> {
    /// The task's id, read from the first value.
    fn id(&mut self, last: Option<&T>) -> Result<String> {
        if let Some(id) = &self.id {
            return Ok(id.clone());
        }
        let family = T::FAMILY;
        let id = last.and_then(|task| member_of(task, family.id));
        let id = id.ok_or_else(|| {
            Error::InvalidParameter(format!(
                "the {} answered has no `{}`: it cannot be waited for",
                family.name, family.id
            ))
        })?;
        self.id = Some(id.clone());
        Ok(id)
    }
}

impl<T: TaskModel> Target<T> for TaskTarget<T> {
    fn poll(&mut self, last: Option<&T>) -> Result<SendFuture<T>> {
        let id = self.id(last)?;
        let call = self.poll.link.request::<T>(Some(id))?;
        Ok(Box::pin(call.into_future()))
    }

    fn judge(&self, value: &T) -> Verdict {
        T::FAMILY.judge(&serde_json::to_value(value).unwrap_or_default())
    }

    fn gone_means_done(&self) -> bool {
        T::FAMILY.gone_means_done
    }

    fn describe(&self, last: Option<&T>) -> String {
        let family = T::FAMILY;
        let template = self.poll.link.template();
        let id = last.and_then(|task| member_of(task, family.id));
        match id {
            Some(id) => format!("task {id} ({}) at {template}", family.name),
            None => format!("a task ({}) at {template}", family.name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_carry_the_first_non_empty_message() {
        let family = TaskFamily::new("x.Task", "id", "status")
            .messages(&["comment", "message"])
            .failure(&["error"]);
        let task =
            serde_json::json!({"id": 1, "status": "error", "comment": "", "message": "disk full"});
        assert_eq!(
            family.judge(&task),
            Verdict::Failed {
                status: Some("error".into()),
                message: Some("disk full".into())
            }
        );
    }
}
