//! Typed rules: a rule made from a typed call, whose replies must be of the call's answer type.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use super::recording::RecordedRequest;
use super::reply::Reply;
use super::rules::Rule;
use super::state::Shared;
use crate::{CallTarget, Client};

/// A rule of a [`MockOvh`](super::MockOvh) made from a typed call by [`MockOvh::on_call`](super::MockOvh::on_call): it answers the
/// requests with the call's method, path and query string, and its replies are `T`, the
/// call's answer type (a reply of another type does not compile).
///
/// For a cursor-paginated /v2 list ([`crate::Paged`] and its generated wrappers), `T` is the
/// `Vec` of every item, and [`TypedRule::reply`] serves it as the mock serves
/// [`Rule::reply_pages`]: page by page, following the page size and cursor the client sends.
///
/// A new rule answers `200 null` until told otherwise.
pub struct TypedRule<'a, T> {
    rule: Rule<'a>,
    paged: bool,
    output: PhantomData<fn(&T)>,
}

impl<T: Serialize> TypedRule<'_, T> {
    /// Answers `200` with `body` as JSON; for a paginated list, its items page by page.
    pub fn reply(self, body: &T) -> Self {
        if self.paged {
            if let Ok(Value::Array(items)) = serde_json::to_value(body) {
                return self.map(|rule| rule.reply_pages(items));
            }
        }
        self.map(|rule| rule.reply(body))
    }

    /// Answers `status` with `body` as JSON, in one answer (a paginated list too: one page,
    /// without a next cursor).
    pub fn reply_json(self, status: u16, body: &T) -> Self {
        self.map(|rule| rule.reply_json(status, body))
    }
}

impl<T: Serialize> TypedRule<'_, T> {
    /// Answers successive requests with successive values, the last one repeating: a
    /// resource as it changes from poll to poll (`.wait_until`, /v2 `.wait_ready()`).
    pub fn reply_values(self, values: impl IntoIterator<Item = T>) -> Self {
        let replies: Vec<Reply> = values.into_iter().map(|v| Reply::json(200, &v)).collect();
        self.map(|rule| rule.reply_sequence(replies))
    }
}

impl<T: crate::TaskModel> TypedRule<'_, T> {
    /// Answers a task GET with `task`, its status set to each of `statuses` in turn, the
    /// last one repeating (the status member is the one the task family names):
    ///
    /// ```no_run
    /// # async fn demo(mock: &ovh_api::mock::MockOvh, task: ovh_api::models::dedicated::server::Task) {
    /// mock.on_call(|c| c.dedicated().server().service_name("ns1").task().task_id(1).get())
    ///     .reply_task(&task, ["todo", "doing", "done"]);
    /// # }
    /// ```
    pub fn reply_task<S: AsRef<str>>(
        self,
        task: &T,
        statuses: impl IntoIterator<Item = S>,
    ) -> Self {
        let member = T::FAMILY.status_member();
        self.map(|rule| rule.reply_statuses(task, member, statuses))
    }
}

impl<'a, T> TypedRule<'a, T> {
    /// The rule for the call that went to `target`, built with `client` (the mock's).
    pub(crate) fn add(shared: &'a Shared, client: &Client, target: Option<CallTarget>) -> Self {
        let Some(target) = target else {
            tracing::warn!(target: "ovh_api::mock", "mock OVH: on_call was given a call that cannot be built (sending it fails); its rule matches no request");
            return TypedRule::new(Rule::add_unmatched(shared, "GET"), false);
        };
        let method = target.method().as_str();
        let url = client.endpoint().url_for(target.path());
        let rule = match url::Url::parse(&url) {
            Ok(url) => Rule::add_exact(shared, method, url.path(), url.query()),
            Err(e) => {
                tracing::warn!(target: "ovh_api::mock", %url, error = %e, "mock OVH: on_call was given a call to an invalid URL (sending it fails); its rule matches no request");
                Rule::add_unmatched(shared, method)
            }
        };
        TypedRule::new(rule, target.is_paged())
    }

    fn new(rule: Rule<'a>, paged: bool) -> Self {
        TypedRule {
            rule,
            paged,
            output: PhantomData,
        }
    }

    fn map(self, f: impl FnOnce(Rule<'a>) -> Rule<'a>) -> Self {
        TypedRule {
            rule: f(self.rule),
            ..self
        }
    }

    /// Answers an error in OVH's shape (see [`Reply::error`]).
    pub fn reply_error(self, status: u16, message: &str) -> Self {
        self.map(|rule| rule.reply_error(status, message))
    }

    /// Answers an error in OVH's shape with an `errorCode` (see [`Reply::error_code`]).
    pub fn reply_error_code(self, status: u16, error_code: &str, message: &str) -> Self {
        self.map(|rule| rule.reply_error_code(status, error_code, message))
    }

    /// The `n`-th request this rule answers (0-based) gets `reply` instead (untyped: a
    /// `Reply::too_many_requests(1)` before the typed answer, say).
    pub fn fail_request(self, n: usize, reply: Reply) -> Self {
        self.map(|rule| rule.fail_request(n, reply))
    }

    /// Waits `delay` before every answer of this rule.
    pub fn delay(self, delay: Duration) -> Self {
        self.map(|rule| rule.delay(delay))
    }

    /// Items per page when the client sends no `X-Pagination-Size`, for a paginated list
    /// answered by [`TypedRule::reply`] (see [`Rule::default_page_size`]).
    pub fn default_page_size(self, size: usize) -> Self {
        self.map(|rule| rule.default_page_size(size))
    }

    /// Answers without authentication (a signed request is still checked).
    pub fn unauthenticated(self) -> Self {
        self.map(Rule::unauthenticated)
    }

    /// How many requests this rule has answered.
    pub fn hits(&self) -> usize {
        self.rule.hits()
    }

    /// The requests this rule answered, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.rule.requests()
    }

    /// The same rule, untyped: to answer anything ([`Rule::reply_raw`],
    /// [`Rule::reply_sequence`]…), a body that is not a `T` included.
    pub fn untyped(self) -> Rule<'a> {
        self.rule
    }
}

impl<T> fmt::Debug for TypedRule<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypedRule")
            .field("rule", &self.rule)
            .field("output", &std::any::type_name::<T>())
            .field("paged", &self.paged)
            .finish()
    }
}
