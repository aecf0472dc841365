//! [`Rule`]: what the user says a mock answers to a method and path pattern.

use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use super::pagination::List;
use super::paths::{full_path, CREDENTIAL_PATH, TIME_PATH};
use super::recording::RecordedRequest;
use super::reply::Reply;
use super::rule_state::{Answer, Matcher, Pattern, RuleState};
use super::state::Shared;

/// A rule of a [`MockOvh`](super::MockOvh), returned by
/// [`MockOvh::on`](super::MockOvh::on): says what the
/// requests it matches are answered.
///
/// Every method applies at once and returns the rule, for chaining. A rule
/// answers `200 null` until told otherwise.
///
/// ```
/// # async fn demo(mock: ovh_api::mock::MockOvh) {
/// use std::time::Duration;
/// use ovh_api::mock::Reply;
/// use serde_json::json;
///
/// mock.on("GET", "/vps/{serviceName}").reply(&json!({"name": "vps-1", "state": "running"}));
/// mock.on("POST", "/vps/{serviceName}/reboot")
///     .reply_sequence([Reply::too_many_requests(1), Reply::json(200, &json!({"id": 1}))])
///     .delay(Duration::from_millis(50));
/// mock.on("GET", "/v2/iam/policy")
///     .reply_pages((0..25).map(|i| json!({"id": i})))
///     .default_page_size(10);
/// # }
/// ```
pub struct Rule<'a> {
    shared: &'a Shared,
    index: usize,
}

impl std::fmt::Debug for Rule<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("index", &self.index).finish()
    }
}

impl<'a> Rule<'a> {
    /// A rule for `method` and the path pattern `path`.
    pub(crate) fn add(shared: &'a Shared, method: &str, path: &str) -> Self {
        let path = full_path(path);
        Rule::push(
            shared,
            method,
            &path,
            Matcher::Pattern(Pattern::parse(&path)),
        )
    }

    /// A rule for `method` and exactly `path` (as received: from the root, percent-encoded)
    /// and `query` (`None`: no query string), as a typed call sends them.
    pub(crate) fn add_exact(
        shared: &'a Shared,
        method: &str,
        path: &str,
        query: Option<&str>,
    ) -> Self {
        let query = query.filter(|q| !q.is_empty()).map(str::to_owned);
        let matcher = Matcher::Exact {
            path: path.to_owned(),
            query,
        };
        Rule::push(shared, method, path, matcher)
    }

    /// A rule that matches no request (for a typed call that could not be built).
    pub(crate) fn add_unmatched(shared: &'a Shared, method: &str) -> Self {
        Rule::push(shared, method, "", Matcher::Nothing)
    }

    /// Adds a rule answering `200 null`; `path` (the full path) decides whether it needs
    /// authentication.
    fn push(shared: &'a Shared, method: &str, path: &str, matcher: Matcher) -> Self {
        let method = method.trim().to_ascii_uppercase();
        let requires_auth = !((method == "GET" && path == TIME_PATH)
            || (method == "POST" && path == CREDENTIAL_PATH));
        let mut state = shared.state();
        state.rules.push(RuleState {
            method,
            matcher,
            answer: Answer::Sequence {
                replies: vec![Reply::null()],
                next: 0,
            },
            overrides: Vec::new(),
            hits: 0,
            delay: Duration::ZERO,
            requires_auth,
        });
        let index = state.rules.len() - 1;
        Rule { shared, index }
    }

    fn update(self, f: impl FnOnce(&mut RuleState)) -> Self {
        if let Some(rule) = self.shared.state().rules.get_mut(self.index) {
            f(rule);
        }
        self
    }

    /// Answers `200` with `body` as JSON.
    pub fn reply<T: Serialize + ?Sized>(self, body: &T) -> Self {
        self.reply_with(Reply::json(200, body))
    }

    /// Answers `status` with `body` as JSON.
    pub fn reply_json<T: Serialize + ?Sized>(self, status: u16, body: &T) -> Self {
        self.reply_with(Reply::json(status, body))
    }

    /// Answers an error in OVH's shape (see [`Reply::error`]).
    pub fn reply_error(self, status: u16, message: &str) -> Self {
        self.reply_with(Reply::error(status, message))
    }

    /// Answers an error in OVH's shape with an `errorCode` (see
    /// [`Reply::error_code`]).
    pub fn reply_error_code(self, status: u16, error_code: &str, message: &str) -> Self {
        self.reply_with(Reply::error_code(status, error_code, message))
    }

    /// Answers any content type and body.
    pub fn reply_raw(self, status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        self.reply_with(Reply::raw(status, content_type, body))
    }

    /// Answers every request with `reply`.
    pub fn reply_with(self, reply: Reply) -> Self {
        self.reply_sequence([reply])
    }

    /// Answers successive requests with successive replies, the last one
    /// repeating (none: `200 null`). Starts again from the first.
    pub fn reply_sequence(self, replies: impl IntoIterator<Item = Reply>) -> Self {
        let mut replies: Vec<Reply> = replies.into_iter().collect();
        if replies.is_empty() {
            replies.push(Reply::null());
        }
        self.update(|rule| rule.answer = Answer::Sequence { replies, next: 0 })
    }

    /// Answers a task (or any resource) whose status moves on: successive requests get
    /// `body` with its member `member` set to each of `statuses` in turn, the last one
    /// repeating. `mock.on("GET", "/dedicated/server/{serviceName}/task/{taskId}")
    /// .reply_statuses(&task, "status", ["todo", "doing", "done"])` answers three polls.
    ///
    /// A `body` that is not a JSON object is answered as it is.
    pub fn reply_statuses<T, S>(
        self,
        body: &T,
        member: &str,
        statuses: impl IntoIterator<Item = S>,
    ) -> Self
    where
        T: Serialize + ?Sized,
        S: AsRef<str>,
    {
        let body = serde_json::to_value(body).unwrap_or(Value::Null);
        let replies = statuses.into_iter().map(|status| {
            let mut body = body.clone();
            if let Value::Object(members) = &mut body {
                members.insert(member.to_owned(), Value::from(status.as_ref()));
            }
            Reply::json(200, &body)
        });
        self.reply_sequence(replies)
    }

    /// Answers as a /v2 cursor-paginated list of `items`, like OVH: the
    /// client may send `X-Pagination-Size: N` (else
    /// [`Rule::default_page_size`], [`DEFAULT_PAGE_SIZE`](super::DEFAULT_PAGE_SIZE)
    /// unless set); each page but the last carries
    /// `X-Pagination-Cursor-Next`, which the client sends back as
    /// `X-Pagination-Cursor` for the next page. A bad size or cursor is
    /// answered 400.
    pub fn reply_pages<T: Serialize>(self, items: impl IntoIterator<Item = T>) -> Self {
        let items: Result<Vec<Value>, _> = items.into_iter().map(serde_json::to_value).collect();
        let answer = match items {
            Ok(items) => Answer::Pages(List::new(items)),
            Err(e) => Answer::Sequence {
                replies: vec![Reply::error_code(
                    500,
                    "MOCK_BAD_BODY",
                    &format!("mock OVH: a list item could not be serialized as JSON: {e}"),
                )],
                next: 0,
            },
        };
        self.update(|rule| rule.answer = answer)
    }

    /// Items per page when the client sends no `X-Pagination-Size`; for
    /// rules answering [`Rule::reply_pages`] only.
    pub fn default_page_size(self, size: usize) -> Self {
        self.update(|rule| {
            if let Answer::Pages(list) = &mut rule.answer {
                list.default_page_size = size.max(1);
            }
        })
    }

    /// The `n`-th request this rule answers (0-based) gets `reply` instead:
    /// to fail the middle page of a list, say.
    pub fn fail_request(self, n: usize, reply: Reply) -> Self {
        self.update(|rule| rule.overrides.push((n, reply)))
    }

    /// Waits `delay` before every answer of this rule (on top of a reply's
    /// own [`Reply::with_delay`]).
    pub fn delay(self, delay: Duration) -> Self {
        self.update(|rule| rule.delay = delay)
    }

    /// Answers without authentication (a signed request is still checked).
    pub fn unauthenticated(self) -> Self {
        self.update(|rule| rule.requires_auth = false)
    }

    /// How many requests this rule has answered.
    pub fn hits(&self) -> usize {
        self.shared
            .state()
            .rules
            .get(self.index)
            .map_or(0, |rule| rule.hits)
    }

    /// The requests this rule answered, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared
            .state()
            .requests
            .iter()
            .filter(|r| r.rule == Some(self.index))
            .cloned()
            .collect()
    }
}
