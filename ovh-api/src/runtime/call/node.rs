//! What every generated path node holds: the client and the values of the `{...}`
//! placeholders met so far. A generated node is a newtype of [`PathNode`]
//! (`pub struct Bill(PathNode)`); its methods lead to child nodes through [`PathNode::param`]
//! and start calls through [`PathNode::request`] and [`PathNode::batch`].

use std::fmt::Display;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::runtime::auth::access::Operation;
use crate::runtime::call::batch::BatchRequest;
use crate::runtime::call::method::Method;
use crate::runtime::call::raw_request::ApiRequest;
use crate::runtime::call::typed_request::SendFuture;
use crate::runtime::client::Client;
use crate::runtime::wait::modify::Modify;
use crate::runtime::wait::resource::ResourcePoll;
use crate::runtime::wait::task::TaskPoll;

/// A position in the path tree. The values are owned, so that requests can be moved into
/// spawned tasks.
#[derive(Clone)]
#[allow(dead_code)] // unused when no API feature is enabled
pub(crate) struct PathNode {
    client: Client,
    params: Vec<String>,
}

#[allow(dead_code)] // which helpers are used depends on the enabled features
impl PathNode {
    /// The root: `client.me()` starts here.
    pub(crate) fn new(client: &Client) -> Self {
        Self {
            client: client.clone(),
            params: Vec::new(),
        }
    }

    /// The child reached through a `{param}` segment holding `value`.
    pub(crate) fn param(&self, value: impl Display) -> Self {
        let mut next = self.clone();
        next.params.push(value.to_string());
        next
    }

    /// A call of `template`, filled with the values collected so far; `iam_actions` are the
    /// IAM actions the schema lists as required for the operation.
    pub(crate) fn request<T>(
        &self,
        method: Method,
        template: &'static str,
        iam_actions: &'static [&'static str],
    ) -> ApiRequest<T> {
        let operation = Operation {
            template,
            iam_actions,
        };
        ApiRequest::from_operation(&self.client, method, operation, &self.params)
    }

    /// Where the task an operation answers is read: the task GET `template` (its last
    /// placeholder the task id) and its IAM actions, filled from the values collected so far.
    pub(crate) fn task_poll(
        &self,
        template: &'static str,
        iam_actions: &'static [&'static str],
    ) -> TaskPoll {
        TaskPoll::new(&self.client, template, iam_actions, self.params.clone())
    }

    /// Where the /v2 resource an operation answers (or deletes) is read: its `GET`
    /// `template` and IAM actions, filled from the values collected so far.
    pub(crate) fn resource_poll(
        &self,
        template: &'static str,
        iam_actions: &'static [&'static str],
    ) -> ResourcePoll {
        ResourcePoll::new(&self.client, template, iam_actions, self.params.clone())
    }

    /// Reads the /v2 resource at `get`, applies `change` to its target spec and `PUT`s it at
    /// `put` with the checksum read, again when the checksum was stale (see
    /// [`crate::wait`]).
    pub(crate) fn modify<S, O, F>(
        &self,
        get: (&'static str, &'static [&'static str]),
        put: (&'static str, &'static [&'static str]),
        change: F,
    ) -> SendFuture<O>
    where
        S: Serialize + DeserializeOwned,
        O: DeserializeOwned + Send + 'static,
        F: FnMut(&mut S) + Send + 'static,
    {
        let modify = Modify {
            client: self.client.clone(),
            values: self.params.clone(),
            get: Operation {
                template: get.0,
                iam_actions: get.1,
            },
            put: Operation {
                template: put.0,
                iam_actions: put.1,
            },
        };
        modify.run(change)
    }

    /// The batch GET of `template`'s last placeholder, one value per id.
    pub(crate) fn batch<T, I>(&self, template: &'static str, ids: I) -> BatchRequest<T>
    where
        I: IntoIterator,
        I::Item: Display,
    {
        BatchRequest::from_template(&self.client, template, &self.params, ids)
    }
}
