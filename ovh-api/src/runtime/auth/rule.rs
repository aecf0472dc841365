//! What a call needs to be allowed, as plain data: [`AccessRule`], one rule of a consumer key,
//! and [`NeededAccess`], the rule of a call's operation with the IAM actions it requires.
//!
//! A leaf of the runtime, importing no runtime module: an [`ApiError`](crate::ApiError) says
//! what a refused call needed, and `error` cannot import `access` (which imports `method`,
//! which imports `error`). Building rules from methods and templates, and matching paths
//! against the compiled-in operations, stay in `access`, which re-exports both types.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Serialize};

/// One access rule of a consumer key: a method on a path, in which `*` matches any rest of
/// path, `/` included (`/me/bill/*` allows `/me/bill/FR1` and `/me/bill/FR1/details`).
///
/// Rules sort by path, then method; they print as `GET /me/bill/*`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AccessRule {
    /// HTTP method.
    pub method: String,
    /// Path, e.g. `/me` or `/dedicated/server/*`.
    pub path: String,
}

impl AccessRule {
    /// Whether every call this rule's `other` allows is allowed by this one: the same
    /// method, and this path matches `other`'s (a `*` here matching one or more characters
    /// there, `*`s included). `GET /me/*` covers `GET /me/bill/*` and `GET /me/bill`, not
    /// `GET /me`.
    pub fn covers(&self, other: &AccessRule) -> bool {
        self.method == other.method && glob_matches(self.path.as_bytes(), other.path.as_bytes())
    }
}

impl Ord for AccessRule {
    fn cmp(&self, other: &Self) -> Ordering {
        (&self.path, &self.method).cmp(&(&other.path, &other.method))
    }
}

impl PartialOrd for AccessRule {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for AccessRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// Whether `pattern`, whose `*`s match one or more bytes, matches all of `text`.
fn glob_matches(pattern: &[u8], text: &[u8]) -> bool {
    // reachable[j]: the pattern read so far can end just before text[j].
    let mut reachable = vec![false; text.len() + 1];
    reachable[0] = true;
    for &p in pattern {
        let mut next = vec![false; text.len() + 1];
        if p == b'*' {
            let mut open = false;
            for j in 1..=text.len() {
                open |= reachable[j - 1];
                next[j] = open;
            }
        } else {
            for j in 1..=text.len() {
                next[j] = reachable[j - 1] && text[j - 1] == p;
            }
        }
        reachable = next;
    }
    reachable[text.len()]
}

/// What one call needs to be allowed: the consumer-key rule of its operation and the IAM
/// actions OVH's schemas require for it. An [`ApiError`](crate::ApiError) carries it
/// ([`ApiError::needed`](crate::ApiError::needed)) when the call's operation is known.
///
/// It prints as `GET /me/bill/* (IAM account:apiovh:me/bill/get)`, the actions
/// comma-separated, or as the rule alone when the schema lists no action.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NeededAccess {
    /// The consumer-key rule: the method and the operation's path template, every path
    /// parameter as `*` (`GET /me/bill/*`), as [`TypedCall::access_rule`](crate::TypedCall::access_rule)
    /// gives it.
    pub rule: AccessRule,
    /// The IAM actions the schema lists as required (`account:apiovh:me/bill/get`), as
    /// [`TypedCall::iam_actions`](crate::TypedCall::iam_actions) gives them; empty when it
    /// lists none.
    pub iam_actions: Vec<String>,
}

impl fmt::Display for NeededAccess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.rule)?;
        if !self.iam_actions.is_empty() {
            write!(f, " (IAM {})", self.iam_actions.join(", "))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(method: &str, path: &str) -> AccessRule {
        AccessRule {
            method: method.into(),
            path: path.into(),
        }
    }

    #[test]
    fn needed_access_prints_its_rule_and_actions() {
        let mut needed = NeededAccess {
            rule: rule("GET", "/me/bill/*"),
            iam_actions: Vec::new(),
        };
        assert_eq!(needed.to_string(), "GET /me/bill/*");
        needed.iam_actions = vec!["a:me/bill/get".into(), "a:me/bill/details/get".into()];
        assert_eq!(
            needed.to_string(),
            "GET /me/bill/* (IAM a:me/bill/get, a:me/bill/details/get)"
        );
    }
}
