//! /1.0 tasks: what the generator knows of each task family ([`TaskFamily`], given to a task
//! model by [`TaskModel`]) and the request of an operation that answers a task
//! ([`TaskRequest`]), whose `.wait()` polls the task's `GET …/task/{id}` until it finishes.

use std::future::IntoFuture;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::runtime::access::{Operation, Origin};
use crate::runtime::client::Client;
use crate::runtime::error::{Error, Result};
use crate::runtime::method::Method;
use crate::runtime::request::ApiRequest;
use crate::runtime::typed::{Request, SendFuture};
use crate::runtime::wait::{self, Target, Verdict, WaitPolicy, WatchStream};

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

/// A member of a JSON object as text: a string as it is, a number written out.
fn member_text(value: &Value, member: &str) -> Option<String> {
    match value.get(member)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A model that a task GET answers: the generator gives it its [`TaskFamily`].
pub trait TaskModel: Serialize + DeserializeOwned + Clone + Send + 'static {
    /// What the generator read of the family.
    const FAMILY: TaskFamily;

    /// What this task's status means.
    fn state(&self) -> TaskState {
        let value = serde_json::to_value(self).unwrap_or_default();
        Self::FAMILY.classify(member_text(&value, Self::FAMILY.status).as_deref())
    }
}

/// Where a task is read: the task GET's template and IAM actions, and the values of its
/// placeholders but the last (the task id, which comes from the task itself).
#[derive(Clone)]
pub struct TaskPoll {
    client: Client,
    template: &'static str,
    iam_actions: &'static [&'static str],
    /// The values met on the way to the operation, in its template's order.
    values: Vec<String>,
    /// The task GET's placeholders but the last, filled from the operation's; an error when
    /// the operation does not have one of them.
    params: Result<Vec<String>, String>,
}

impl std::fmt::Debug for TaskPoll {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TaskPoll")
            .field("template", &self.template)
            .finish_non_exhaustive()
    }
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
            client: client.clone(),
            template,
            iam_actions,
            values,
            params: Err("the operation's template is unknown".into()),
        }
    }

    /// Fills the task GET's placeholders from those of `operation`, by name.
    fn for_operation(mut self, operation: &str) -> Self {
        let names = placeholders(operation);
        let wanted = placeholders(self.template);
        let wanted = &wanted[..wanted.len().saturating_sub(1)];
        self.params = wanted
            .iter()
            .map(|name| {
                names
                    .iter()
                    .position(|n| n == name)
                    .and_then(|i| self.values.get(i).cloned())
                    .ok_or_else(|| format!("{operation} has no {{{name}}} for {}", self.template))
            })
            .collect();
        self
    }
}

/// The `{name}` placeholders of a template, in order.
fn placeholders(template: &str) -> Vec<&str> {
    template
        .split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .collect()
}

/// A typed operation answering a task: every method of [`Request`], plus `.wait()`,
/// `.wait_with(policy)`, `.watch()` and `.watch_with(policy)`.
pub type TaskRequest<T> = Request<T, TaskPoll>;

impl<T> Request<T, TaskPoll> {
    /// The call of an operation answering a task, and where its task is read.
    #[allow(dead_code)] // unused when no API feature is enabled
    pub(crate) fn with_task(call: ApiRequest<T>, poll: TaskPoll) -> Self {
        let poll = match &call.origin {
            Origin::Operation(operation) => poll.for_operation(operation.template),
            _ => poll,
        };
        Request::linked(call, poll)
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
                path: None,
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
    /// The task's path, once its id is known (from the first value).
    path: Option<Vec<String>>,
    task: PhantomData<fn() -> T>,
}

impl<T: TaskModel> TaskTarget<T> {
    /// The task GET's values, the task id last.
    fn values(&mut self, last: Option<&T>) -> Result<Vec<String>> {
        if let Some(values) = &self.path {
            return Ok(values.clone());
        }
        let mut values = self.poll.params.clone().map_err(Error::InvalidParameter)?;
        let family = T::FAMILY;
        let task = last
            .map(serde_json::to_value)
            .transpose()
            .map_err(Error::Serialize)?;
        let id = task.as_ref().and_then(|task| member_text(task, family.id));
        let id = id.ok_or_else(|| {
            Error::InvalidParameter(format!(
                "the {} answered has no `{}`: it cannot be waited for",
                family.name, family.id
            ))
        })?;
        values.push(id);
        self.path = Some(values.clone());
        Ok(values)
    }
}

impl<T: TaskModel> Target<T> for TaskTarget<T> {
    fn poll(&mut self, last: Option<&T>) -> Result<SendFuture<T>> {
        let values = self.values(last)?;
        let operation = Operation {
            template: self.poll.template,
            iam_actions: self.poll.iam_actions,
        };
        let call =
            ApiRequest::<T>::from_operation(&self.poll.client, Method::Get, operation, &values);
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
        let id = last
            .and_then(|task| serde_json::to_value(task).ok())
            .and_then(|task| member_text(&task, family.id));
        match id {
            Some(id) => format!("task {id} ({}) at {}", family.name, self.poll.template),
            None => format!("a task ({}) at {}", family.name, self.poll.template),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_task_get_takes_the_operations_values_by_name() {
        let client = crate::runtime::test_client();
        let poll = TaskPoll::new(
            &client,
            "/email/exchange/{organizationName}/service/{exchangeService}/task/{id}",
            &[],
            vec!["org".into(), "ex".into(), "a@b".into()],
        )
        .for_operation(
            "/email/exchange/{organizationName}/service/{exchangeService}/account/{primaryEmailAddress}",
        );
        assert_eq!(poll.params, Ok(vec!["org".to_string(), "ex".to_string()]));
    }

    #[test]
    fn a_missing_value_is_named() {
        let client = crate::runtime::test_client();
        let poll = TaskPoll::new(&client, "/vrack/{serviceName}/task/{taskId}", &[], vec![])
            .for_operation("/vrack");
        assert_eq!(
            poll.params,
            Err("/vrack has no {serviceName} for /vrack/{serviceName}/task/{taskId}".into())
        );
    }

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
