//! What every generated path node holds: the client and the values of the `{...}`
//! placeholders met so far. A generated node is a newtype of [`PathNode`]
//! (`pub struct Bill(PathNode)`); its methods lead to child nodes through [`PathNode::param`]
//! and start calls through [`PathNode::request`] and [`PathNode::batch`].

use std::fmt::Display;

use crate::runtime::access::Operation;
use crate::runtime::batch::BatchRequest;
use crate::runtime::client::Client;
use crate::runtime::method::Method;
use crate::runtime::request::ApiRequest;
use crate::runtime::task::TaskPoll;

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

    /// The batch GET of `template`'s last placeholder, one value per id.
    pub(crate) fn batch<T, I>(&self, template: &'static str, ids: I) -> BatchRequest<T>
    where
        I: IntoIterator,
        I::Item: Display,
    {
        BatchRequest::from_template(&self.client, template, &self.params, ids)
    }
}
