//! /v2 resources: what their `resourceStatus` says ([`ResourceModel`]), and waiting for
//! them on the same waiter as tasks ([`crate::wait`]): a `GET`'s `.wait_ready()`, the
//! `.wait()` of a `POST` or `PUT` answering a resource ([`ResourceRequest`]: its own `GET`
//! until `READY`) and of a `DELETE` ([`DeleteRequest`]: until its `GET` answers 404).

use std::future::IntoFuture;

use futures::StreamExt;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::runtime::call::raw_request::ApiRequest;
use crate::runtime::call::typed_request::{Request, SendFuture};
use crate::runtime::client::Client;
use crate::runtime::error::Result;
use crate::runtime::wait::link::{member_of, member_text, ReadLink};
use crate::runtime::wait::policy::{self as wait, Target, Verdict, WaitPolicy, WatchStream};
use crate::runtime::wait::until::Reread;

/// The `resourceStatus` values OVH's /v2 schemas list.
pub const RESOURCE_STATUSES: &[&str] = &[
    "CREATING",
    "DELETING",
    "ERROR",
    "OUT_OF_SYNC",
    "READY",
    "SUSPENDED",
    "UPDATING",
];

/// A /v2 model with a `resourceStatus` member: the generator marks every one.
pub trait ResourceModel: Serialize + DeserializeOwned + Clone + Send + 'static {
    /// The `resourceStatus` as sent (`READY`, `CREATING`…), when there is one.
    fn resource_status(&self) -> Option<String> {
        member_of(self, "resourceStatus")
    }
}

/// The verdict on a resource while waiting for it to be ready: `READY` ends the wait,
/// `ERROR` fails it with what its `currentTasks` say, anything else is pending.
fn judge_ready(resource: &Value) -> Verdict {
    let status = member_text(resource, "resourceStatus");
    match status.as_deref() {
        Some("READY") => Verdict::Done,
        Some("ERROR") => Verdict::Failed {
            message: current_tasks(resource),
            status,
        },
        _ => Verdict::Pending {
            known: status
                .as_deref()
                .is_none_or(|s| RESOURCE_STATUSES.contains(&s)),
            status,
        },
    }
}

/// What a resource's `currentTasks` say: `type status (id)` for each, with any message a
/// task carries.
fn current_tasks(resource: &Value) -> Option<String> {
    let tasks = resource.get("currentTasks")?.as_array()?;
    let lines: Vec<String> = tasks
        .iter()
        .map(|task| {
            let mut line = ["type", "status"]
                .iter()
                .filter_map(|member| member_text(task, member))
                .collect::<Vec<_>>()
                .join(" ");
            if let Some(id) = member_text(task, "id") {
                line.push_str(&format!(" ({id})"));
            }
            for member in ["message", "errors"] {
                if let Some(text) = task.get(member).filter(|v| !v.is_null()) {
                    line.push_str(&format!(
                        ": {}",
                        text.as_str()
                            .map_or_else(|| text.to_string(), str::to_owned)
                    ));
                }
            }
            line
        })
        .collect();
    (!lines.is_empty()).then(|| lines.join("; "))
}

impl<T: ResourceModel> Request<T, Reread> {
    /// Sends the GET until the resource is `READY`, with the default [`WaitPolicy`] (the
    /// first answer is checked at once): the ready resource, [`crate::Error::TaskFailed`]
    /// when it is in `ERROR` (with what its `currentTasks` say), or
    /// [`crate::Error::WaitTimeout`].
    pub fn wait_ready(self) -> SendFuture<T> {
        self.wait_ready_with(WaitPolicy::default())
    }

    /// Like [`Request::wait_ready`], with this policy.
    pub fn wait_ready_with(self, policy: WaitPolicy) -> SendFuture<T> {
        wait::wait_for(self.watch_ready_with(policy))
    }

    /// Every answer of the GET until the resource is `READY` (the last item), or an error.
    pub fn watch_ready_with(self, policy: WaitPolicy) -> WatchStream<T> {
        let judge = |resource: &T| judge_ready(&serde_json::to_value(resource).unwrap_or_default());
        self.watch_judged(policy, judge, "readiness")
    }
}

/// Where the resource a `POST` or `PUT` answers is read: its own `GET` (the resource's id,
/// when the operation's path does not hold it, from the answer's `id`).
#[derive(Clone, Debug)]
pub struct ResourcePoll {
    link: ReadLink,
}

impl ResourcePoll {
    /// The resource's `GET` `template`, reached from a node that collected `values`.
    pub(crate) fn new(
        client: &Client,
        template: &'static str,
        iam_actions: &'static [&'static str],
        values: Vec<String>,
    ) -> Self {
        ResourcePoll {
            link: ReadLink::new(client, template, iam_actions, values),
        }
    }

    fn for_call<T>(self, call: &ApiRequest<T>) -> Self {
        ResourcePoll {
            link: self.link.for_call(call, false),
        }
    }
}

/// A typed `POST` or `PUT` answering a /v2 resource: every method of [`Request`], plus
/// `.wait()` (and `.wait_with(policy)`, `.watch()`, `.watch_with(policy)`), which polls the
/// resource's `GET` until it is `READY`.
pub type ResourceRequest<T> = Request<T, ResourcePoll>;

impl<T> Request<T, ResourcePoll> {
    /// The call of an operation answering a resource, and where the resource is read.
    #[allow(dead_code)] // unused when no API feature is enabled
    pub(crate) fn with_resource(call: ApiRequest<T>, poll: ResourcePoll) -> Self {
        let poll = poll.for_call(&call);
        Request::linked(call, poll)
    }
}

impl<T: ResourceModel> Request<T, ResourcePoll> {
    /// Sends the call, then polls the resource's `GET` until it is `READY`, with the default
    /// [`WaitPolicy`].
    pub fn wait(self) -> SendFuture<T> {
        self.wait_with(WaitPolicy::default())
    }

    /// Like [`Request::wait`], with this policy.
    pub fn wait_with(self, policy: WaitPolicy) -> SendFuture<T> {
        wait::wait_for(self.watch_with(policy))
    }

    /// Sends the call and gives every value of the resource seen: the answer, then one per
    /// poll; the last item is the ready resource, or an error.
    pub fn watch(self) -> WatchStream<T> {
        self.watch_with(WaitPolicy::default())
    }

    /// Like [`Request::watch`], with this policy.
    pub fn watch_with(self, policy: WaitPolicy) -> WatchStream<T> {
        let (call, poll) = self.into_parts();
        let target = ResourceTarget { link: poll.link };
        wait::watch(target, policy, Some(call.into_future()))
    }
}

/// A resource waited for until ready, read at its `GET`.
struct ResourceTarget {
    link: ReadLink,
}

impl<T: ResourceModel> Target<T> for ResourceTarget {
    fn poll(&mut self, last: Option<&T>) -> Result<SendFuture<T>> {
        let id = last.and_then(|resource| member_of(resource, "id"));
        Ok(self.link.request::<T>(id)?.into_future())
    }

    fn judge(&self, value: &T) -> Verdict {
        judge_ready(&serde_json::to_value(value).unwrap_or_default())
    }

    fn gone_means_done(&self) -> bool {
        false
    }

    fn describe(&self, _last: Option<&T>) -> String {
        format!("the resource at {}", self.link.template())
    }
}

/// Where a deleted resource is read until it is gone: its own `GET`.
#[derive(Clone, Debug)]
pub struct GonePoll {
    link: ReadLink,
}

/// A typed `DELETE` of a /v2 resource: every method of [`Request`], plus `.wait()` (and
/// `.wait_with(policy)`), which polls the resource's `GET` until it answers 404.
pub type DeleteRequest<T> = Request<T, GonePoll>;

impl<T> Request<T, GonePoll> {
    /// The call deleting a resource, and where the resource is read.
    #[allow(dead_code)] // unused when no API feature is enabled
    pub(crate) fn with_gone(call: ApiRequest<T>, poll: ResourcePoll) -> Self {
        let ResourcePoll { link } = poll.for_call(&call);
        Request::linked(call, GonePoll { link })
    }
}

impl<T: DeserializeOwned + Send + 'static> Request<T, GonePoll> {
    /// Sends the `DELETE`, then polls the resource's `GET` until it answers 404, with the
    /// default [`WaitPolicy`]: the `DELETE`'s answer, [`crate::Error::TaskFailed`] when the
    /// resource goes to `ERROR`, or [`crate::Error::WaitTimeout`] (with the resource as last
    /// seen).
    pub fn wait(self) -> SendFuture<T> {
        self.wait_with(WaitPolicy::default())
    }

    /// Like [`Request::wait`], with this policy.
    pub fn wait_with(self, policy: WaitPolicy) -> SendFuture<T> {
        let (call, poll) = self.into_parts();
        let deleted = call.into_future();
        Box::pin(async move {
            let answer = deleted.await?;
            let mut seen = wait::watch(GoneTarget { link: poll.link }, policy, None);
            while let Some(resource) = seen.next().await {
                resource?;
            }
            Ok(answer)
        })
    }
}

/// A deleted resource, read until its `GET` answers 404.
struct GoneTarget {
    link: ReadLink,
}

impl Target<Value> for GoneTarget {
    fn poll(&mut self, _last: Option<&Value>) -> Result<SendFuture<Value>> {
        Ok(self.link.request::<Value>(None)?.into_future())
    }

    fn judge(&self, resource: &Value) -> Verdict {
        match judge_ready(resource) {
            failed @ Verdict::Failed { .. } => failed,
            Verdict::Done => Verdict::Pending {
                status: Some("READY".into()),
                known: true,
            },
            pending => pending,
        }
    }

    fn gone_means_done(&self) -> bool {
        true
    }

    fn describe(&self, _last: Option<&Value>) -> String {
        format!("the deletion of the resource at {}", self.link.template())
    }
}

/// The methods of a generated wrapper `$name(crate::DeleteRequest<$output>)` of a /v2
/// `DELETE` with optional parameters: every method of `typed_request!`, plus `.wait()` and
/// `.wait_with(policy)` (until the resource's `GET` answers 404).
#[allow(unused_macros)] // unused when no API feature is enabled
macro_rules! delete_request {
    ($name:ident, $output:ty) => {
        crate::runtime::call::typed_request::typed_request!($name, $output);

        impl $name {
            /// Sends the `DELETE`, then polls the resource until it is gone, with the
            /// default [`crate::WaitPolicy`].
            #[inline]
            pub fn wait(self) -> crate::SendFuture<$output> {
                self.0.wait()
            }

            /// Like `wait`, with this policy.
            #[inline]
            pub fn wait_with(self, policy: crate::WaitPolicy) -> crate::SendFuture<$output> {
                self.0.wait_with(policy)
            }
        }
    };
}

#[allow(unused_imports)] // unused when no API feature is enabled
pub(crate) use delete_request;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ready_ends_error_fails_with_the_current_tasks() {
        assert_eq!(
            judge_ready(&json!({"resourceStatus": "READY"})),
            Verdict::Done
        );
        let failed = json!({
            "resourceStatus": "ERROR",
            "currentTasks": [{"id": "t1", "link": "/v2/x/task/t1", "status": "ERROR", "type": "CreateRancher"}]
        });
        assert_eq!(
            judge_ready(&failed),
            Verdict::Failed {
                status: Some("ERROR".into()),
                message: Some("CreateRancher ERROR (t1)".into())
            }
        );
        assert_eq!(
            judge_ready(&json!({"resourceStatus": "MIGRATING"})),
            Verdict::Pending {
                status: Some("MIGRATING".into()),
                known: false
            }
        );
    }
}
