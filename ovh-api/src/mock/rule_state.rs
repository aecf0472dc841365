//! What the mock keeps of each rule: its path pattern or exact request, its answers, hits and
//! delay, and how a request matches it.

use std::time::Duration;

use super::pagination::List;
use super::reply::Reply;

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
    pub(crate) method: String,
    pub(crate) matcher: Matcher,
    pub(crate) answer: Answer,
    /// Answers for one hit each (by hit number), before `answer`.
    pub(crate) overrides: Vec<(usize, Reply)>,
    pub(crate) hits: usize,
    pub(crate) delay: Duration,
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
}
