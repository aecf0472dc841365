//! Rules (method + path pattern → answers) and the answers themselves.

use std::time::Duration;

use serde::Serialize;
use serde_json::{json, Value};

use super::pagination::List;
use super::recording::RecordedRequest;
use super::state::{full_path, CREDENTIAL_PATH, TIME_PATH};
use super::MockOvh;

/// One HTTP answer of the mock: status, body, headers and a delay.
///
/// ```
/// use std::time::Duration;
/// use ovh_api::mock::Reply;
///
/// let ok = Reply::json(200, &serde_json::json!({"state": "ok"}));
/// let slow = Reply::json(200, &[1, 2, 3]).with_delay(Duration::from_millis(200));
/// let busy = Reply::too_many_requests(2); // 429, Retry-After: 2
/// let gone = Reply::error(404, "This service does not exist");
/// let refused = Reply::error_code(403, "NOT_GRANTED_CALL", "This call has not been granted");
/// let html = Reply::raw(502, "text/html", "<h1>502 Bad Gateway</h1>");
/// # let _ = (ok, slow, busy, gone, refused, html);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    status: u16,
    content_type: Option<String>,
    body: Vec<u8>,
    headers: Vec<(String, String)>,
    delay: Duration,
}

impl Reply {
    /// `status` with `body` serialized as JSON. A body that cannot be
    /// serialized (a map with non-string keys…) becomes a 500 saying so.
    pub fn json<T: Serialize + ?Sized>(status: u16, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => Reply::raw(status, "application/json", bytes),
            Err(e) => {
                tracing::error!(target: "ovh_api::mock", error = %e, "mock OVH: reply body not serializable");
                Reply::error_code(
                    500,
                    "MOCK_BAD_BODY",
                    &format!("mock OVH: the reply body could not be serialized as JSON: {e}"),
                )
            }
        }
    }

    /// An error in OVH's shape, without `errorCode`:
    /// `{"class":"Client::NotFound","message":…,"httpCode":"404 Not Found"}`.
    pub fn error(status: u16, message: &str) -> Self {
        Reply::json(status, &ovh_error_body(status, None, message))
    }

    /// An error in OVH's shape with an `errorCode` (`NOT_GRANTED_CALL`,
    /// `INVALID_CREDENTIAL`…), which the client maps to its error kind.
    pub fn error_code(status: u16, error_code: &str, message: &str) -> Self {
        Reply::json(status, &ovh_error_body(status, Some(error_code), message))
    }

    /// 429 "Too many requests" with `Retry-After: retry_after_secs`.
    pub fn too_many_requests(retry_after_secs: u64) -> Self {
        Reply::error(429, "Too many requests")
            .with_header("Retry-After", &retry_after_secs.to_string())
    }

    /// Any content type and body, sent as they are.
    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status,
            content_type: Some(content_type.to_owned()),
            body: body.into(),
            headers: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    /// No body and no content type (`204`, say).
    pub fn empty(status: u16) -> Self {
        Reply {
            status,
            content_type: None,
            body: Vec::new(),
            headers: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    /// Adds a header (an invalid name or value is left out of the answer).
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Waits `delay` before answering.
    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// The HTTP status (an invalid one is answered 500).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The body bytes.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    pub(crate) fn null() -> Self {
        Reply::raw(200, "application/json", "null")
    }

    pub(crate) fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    pub(crate) fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    pub(crate) fn delay(&self) -> Duration {
        self.delay
    }

    pub(crate) fn add_delay(&mut self, delay: Duration) {
        self.delay = self.delay.saturating_add(delay);
    }
}

/// OVH's JSON error body: `{"class":"Client::Forbidden","message":…,
/// "errorCode":…,"httpCode":"403 Forbidden"}` (`errorCode` only when given).
pub fn ovh_error_body(status: u16, error_code: Option<&str>, message: &str) -> Value {
    let reason = hyper::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Unknown");
    let class_name: String = reason.split_whitespace().collect();
    let class = match status {
        400..=499 => format!("Client::{class_name}"),
        500..=599 => format!("Server::{class_name}"),
        _ => class_name,
    };
    let mut body = json!({
        "class": class,
        "message": message,
        "httpCode": format!("{status} {reason}"),
    });
    if let Some(code) = error_code {
        body["errorCode"] = json!(code);
    }
    body
}

/// A rule of a [`MockOvh`], returned by [`MockOvh::on`]: says what the
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
#[derive(Debug)]
pub struct Rule<'a> {
    mock: &'a MockOvh,
    index: usize,
}

impl<'a> Rule<'a> {
    /// A rule for `method` and the path pattern `path`.
    pub(crate) fn add(mock: &'a MockOvh, method: &str, path: &str) -> Self {
        let path = full_path(path);
        Rule::push(mock, method, &path, Matcher::Pattern(Pattern::parse(&path)))
    }

    /// A rule for `method` and exactly `path` (as received: from the root, percent-encoded)
    /// and `query` (`None`: no query string), as a typed call sends them.
    pub(crate) fn add_exact(
        mock: &'a MockOvh,
        method: &str,
        path: &str,
        query: Option<&str>,
    ) -> Self {
        let query = query.filter(|q| !q.is_empty()).map(str::to_owned);
        let matcher = Matcher::Exact {
            path: path.to_owned(),
            query,
        };
        Rule::push(mock, method, path, matcher)
    }

    /// A rule that matches no request (for a typed call that could not be built).
    pub(crate) fn add_unmatched(mock: &'a MockOvh, method: &str) -> Self {
        Rule::push(mock, method, "", Matcher::Nothing)
    }

    /// Adds a rule answering `200 null`; `path` (the full path) decides whether it needs
    /// authentication.
    fn push(mock: &'a MockOvh, method: &str, path: &str, matcher: Matcher) -> Self {
        let method = method.trim().to_ascii_uppercase();
        let requires_auth = !((method == "GET" && path == TIME_PATH)
            || (method == "POST" && path == CREDENTIAL_PATH));
        let mut state = mock.shared.state();
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
        Rule { mock, index }
    }

    fn update(self, f: impl FnOnce(&mut RuleState)) -> Self {
        if let Some(rule) = self.mock.shared.state().rules.get_mut(self.index) {
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
        self.mock
            .shared
            .state()
            .rules
            .get(self.index)
            .map_or(0, |rule| rule.hits)
    }

    /// The requests this rule answered, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.mock
            .shared
            .state()
            .requests
            .iter()
            .filter(|r| r.rule == Some(self.index))
            .cloned()
            .collect()
    }
}

/// A path pattern: literal segments and `{param}` segments.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    segments: Vec<Segment>,
    /// The pattern as written (`/1.0/me/bill/{billId}`), for messages.
    source: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Param,
}

impl Pattern {
    pub(crate) fn parse(path: &str) -> Self {
        let segments = path
            .split('/')
            .map(|s| {
                if s.len() >= 2 && s.starts_with('{') && s.ends_with('}') {
                    Segment::Param
                } else {
                    Segment::Literal(s.to_owned())
                }
            })
            .collect();
        Pattern {
            segments,
            source: path.to_owned(),
        }
    }

    /// How many leading segments of `path` the pattern matches (a `{param}` segment matching
    /// any non-empty one): how near `path` is to it.
    fn common_prefix(&self, path: &str) -> usize {
        self.segments
            .iter()
            .zip(path.split('/'))
            .take_while(|(segment, part)| match segment {
                Segment::Literal(l) => l == part,
                Segment::Param => !part.is_empty(),
            })
            .count()
    }

    pub(crate) fn matches(&self, path: &str) -> bool {
        let mut parts = path.split('/');
        for segment in &self.segments {
            match (segment, parts.next()) {
                (Segment::Literal(l), Some(p)) if l == p => {}
                (Segment::Param, Some(p)) if !p.is_empty() => {}
                _ => return false,
            }
        }
        parts.next().is_none()
    }

    /// Whether the pattern is exactly `path`, without parameters.
    pub(crate) fn is_literally(&self, path: &str) -> bool {
        self.segments.iter().all(|s| *s != Segment::Param) && self.matches(path)
    }
}

/// Which requests a rule answers (its method aside).
pub(crate) enum Matcher {
    /// Paths matching a pattern of literal and `{param}` segments, whatever their query.
    Pattern(Pattern),
    /// One path and query string exactly, as received (`None`: no query string).
    Exact { path: String, query: Option<String> },
    /// No request.
    Nothing,
}

impl Matcher {
    fn matches(&self, path: &str, query: Option<&str>) -> bool {
        match self {
            Matcher::Pattern(pattern) => pattern.matches(path),
            Matcher::Exact {
                path: exact,
                query: exact_query,
            } => exact == path && exact_query.as_deref() == query.filter(|q| !q.is_empty()),
            Matcher::Nothing => false,
        }
    }

    /// What the matcher answers, as the user wrote it: a pattern, or a path with its query
    /// string; `None` for a matcher of no request.
    fn describe(&self) -> Option<String> {
        match self {
            Matcher::Pattern(pattern) => Some(pattern.source.clone()),
            Matcher::Exact { path, query: None } => Some(path.clone()),
            Matcher::Exact {
                path,
                query: Some(query),
            } => Some(format!("{path}?{query}")),
            Matcher::Nothing => None,
        }
    }

    /// How many leading segments of `path` the matcher's path matches.
    fn common_prefix(&self, path: &str) -> usize {
        match self {
            Matcher::Pattern(pattern) => pattern.common_prefix(path),
            Matcher::Exact { path: exact, .. } => exact
                .split('/')
                .zip(path.split('/'))
                .take_while(|(a, b)| a == b)
                .count(),
            Matcher::Nothing => 0,
        }
    }

    fn is_literally(&self, path: &str) -> bool {
        match self {
            Matcher::Pattern(pattern) => pattern.is_literally(path),
            Matcher::Exact { path: exact, .. } => exact == path,
            Matcher::Nothing => false,
        }
    }
}

pub(crate) enum Answer {
    Sequence { replies: Vec<Reply>, next: usize },
    Pages(List),
}

pub(crate) struct RuleState {
    method: String,
    matcher: Matcher,
    answer: Answer,
    overrides: Vec<(usize, Reply)>,
    hits: usize,
    delay: Duration,
    pub(crate) requires_auth: bool,
}

impl RuleState {
    /// Whether the rule answers `method` on `path` with the query string `query` (as
    /// received, without `?`).
    pub(crate) fn matches(&self, method: &str, path: &str, query: Option<&str>) -> bool {
        self.method == method && self.matcher.matches(path, query)
    }

    /// Whether the rule is for exactly `path`, without parameters.
    pub(crate) fn is_literally(&self, method: &str, path: &str) -> bool {
        self.method == method && self.matcher.is_literally(path)
    }

    /// The rule as the user wrote it (`GET /1.0/me/bill/{billId}`, `GET /1.0/me/bill?a=1`),
    /// and how near a request for `method` on `path` is to it (same method first, then
    /// the number of leading path segments it matches); `None` for a rule of no request.
    pub(crate) fn nearness(&self, method: &str, path: &str) -> Option<(String, (bool, usize))> {
        let described = self.matcher.describe()?;
        let near = (self.method == method, self.matcher.common_prefix(path));
        Some((format!("{} {described}", self.method), near))
    }

    /// The answer to the next request, its delay included; `header` reads
    /// the request's headers (for pagination).
    pub(crate) fn next_reply<'h>(&mut self, header: &dyn Fn(&str) -> Option<&'h str>) -> Reply {
        let n = self.hits;
        self.hits = self.hits.saturating_add(1);
        let mut reply = match self.overrides.iter().rev().find(|(i, _)| *i == n) {
            Some((_, reply)) => reply.clone(),
            None => match &mut self.answer {
                Answer::Sequence { replies, next } => {
                    let i = (*next).min(replies.len().saturating_sub(1));
                    *next = next.saturating_add(1);
                    replies.get(i).cloned().unwrap_or_else(Reply::null)
                }
                Answer::Pages(list) => list.page(header),
            },
        };
        reply.add_delay(self.delay);
        reply
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_whole_segments() {
        let p = Pattern::parse("/1.0/vps/{serviceName}/ips/{ip}");
        assert!(p.matches("/1.0/vps/vps-1/ips/1.2.3.4"));
        assert!(!p.matches("/1.0/vps/vps-1/ips"));
        assert!(!p.matches("/1.0/vps/vps-1/ips/1.2.3.4/x"));
        assert!(!p.matches("/1.0/vps//ips/1.2.3.4"));
        assert!(!p.matches("/1.0/vpsx/vps-1/ips/1.2.3.4"));
        assert!(!p.is_literally("/1.0/vps/vps-1/ips/1.2.3.4"));
        let literal = Pattern::parse("/1.0/me");
        assert!(literal.matches("/1.0/me") && literal.is_literally("/1.0/me"));
        assert!(!literal.matches("/1.0/me/"));
        assert!(!literal.matches("/1.0"));
        // A lone brace is a literal segment.
        assert!(Pattern::parse("/1.0/{").matches("/1.0/{"));
    }

    #[test]
    fn exact_matchers_compare_path_and_query_whole() {
        let exact = Matcher::Exact {
            path: "/1.0/me/bill".into(),
            query: Some("date.from=2024-01-01".into()),
        };
        assert!(exact.matches("/1.0/me/bill", Some("date.from=2024-01-01")));
        assert!(!exact.matches("/1.0/me/bill", None));
        assert!(!exact.matches("/1.0/me/bill", Some("date.from=2024-01-02")));
        assert!(!exact.matches("/1.0/me/bill", Some("date.from=2024-01-01&x=1")));
        assert!(!exact.matches("/1.0/me/bill/FR1", Some("date.from=2024-01-01")));
        assert!(exact.is_literally("/1.0/me/bill"));
        let bare = Matcher::Exact {
            path: "/1.0/me".into(),
            query: None,
        };
        // An empty query string (`/me?`) is no query.
        assert!(bare.matches("/1.0/me", None) && bare.matches("/1.0/me", Some("")));
        assert!(!bare.matches("/1.0/me", Some("a=1")));
        assert!(!Matcher::Nothing.matches("/1.0/me", None));
        // A pattern ignores the query.
        assert!(Matcher::Pattern(Pattern::parse("/1.0/me")).matches("/1.0/me", Some("a=1")));
    }

    #[test]
    fn error_body_shape() {
        assert_eq!(
            ovh_error_body(
                403,
                Some("NOT_GRANTED_CALL"),
                "This call has not been granted"
            ),
            json!({
                "class": "Client::Forbidden",
                "message": "This call has not been granted",
                "errorCode": "NOT_GRANTED_CALL",
                "httpCode": "403 Forbidden",
            })
        );
        assert_eq!(
            ovh_error_body(404, None, "gone"),
            json!({"class": "Client::NotFound", "message": "gone", "httpCode": "404 Not Found"})
        );
        assert_eq!(
            ovh_error_body(503, Some("X"), "m")["class"],
            json!("Server::ServiceUnavailable")
        );
    }

    #[test]
    fn unserializable_bodies_become_500() {
        let mut map = std::collections::HashMap::new();
        map.insert(vec![1u8], 1);
        let reply = Reply::json(200, &map);
        assert_eq!(reply.status(), 500);
        assert!(String::from_utf8_lossy(reply.body()).contains("MOCK_BAD_BODY"));
    }

    #[test]
    fn too_many_requests_says_when_to_retry() {
        let reply = Reply::too_many_requests(3);
        assert_eq!(reply.status(), 429);
        assert_eq!(
            reply.headers(),
            [("Retry-After".to_owned(), "3".to_owned())]
        );
    }
}
