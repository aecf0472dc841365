//! Access rules and IAM actions: what a call needs to be allowed.
//!
//! A consumer key is granted a list of [`AccessRule`]s, each a method and a path in which `*`
//! is a wildcard. OVH documents `*` as matching any rest of a path: the rule `GET /*` allows
//! every `GET` of the API (the python-ovh client and OVH's first-steps guide request whole
//! subtrees this way, `GET /domain/zone/*`), so `*` spans `/`: the rule `GET /me/bill/*` also
//! allows `GET /me/bill/FR1/details`, and does not allow `GET /me/bill` itself. This is why the
//! rule of a typed call (its template with every path parameter as `*`) may allow a little
//! more than that one operation.
//!
//! Every typed call knows its operation: its path template and the IAM actions OVH's schemas
//! list as required for it (`iamActions` in the console files, `x-iam-actions` in OpenAPI),
//! handed over by the generated code as static data. A raw call knows only its path.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::runtime::method::Method;

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
    /// The rule allowing `method` on `path`, taken as it is.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        AccessRule {
            method: method.as_str().to_owned(),
            path: path.into(),
        }
    }

    /// The rule of an operation: its template with every `{parameter}` as `*`
    /// (`/dedicated/server/{serviceName}/reboot` → `/dedicated/server/*/reboot`).
    pub fn from_template(method: Method, template: &str) -> Self {
        AccessRule::new(method, rule_path(template))
    }

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

/// `rules` sorted, without duplicates and without any rule another of them covers.
pub fn minimize_rules(rules: impl IntoIterator<Item = AccessRule>) -> Vec<AccessRule> {
    let unique: BTreeSet<AccessRule> = rules.into_iter().collect();
    unique
        .iter()
        .filter(|rule| !unique.iter().any(|o| o != *rule && o.covers(rule)))
        .cloned()
        .collect()
}

/// `template` with every `{parameter}` replaced by `*`, and the query string dropped.
pub(crate) fn rule_path(template: &str) -> String {
    let template = template.split(['?', '#']).next().unwrap_or_default();
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        match rest[open..].find('}') {
            Some(close) => {
                out.push('*');
                rest = &rest[open + close + 1..];
            }
            None => {
                rest = &rest[open..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
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

/// The operation a typed call belongs to: its path template and required IAM actions, as
/// the generated code hands them over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Operation {
    pub(crate) template: &'static str,
    pub(crate) iam_actions: &'static [&'static str],
}

/// What a call's access rule comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A typed call.
    Operation(Operation),
    /// A raw call built from a template.
    Template(Box<str>),
    /// A raw call: its rule is its concrete path.
    Raw,
    /// A raw call whose path could not be sent: the path as given.
    Unbuilt(Box<str>),
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
    fn templates_become_wildcards() {
        assert_eq!(
            rule_path("/dedicated/server/{serviceName}/reboot"),
            "/dedicated/server/*/reboot"
        );
        assert_eq!(rule_path("/me/bill/{billId}"), "/me/bill/*");
        assert_eq!(rule_path("/v2/iam/policy/{policyId}"), "/v2/iam/policy/*");
        assert_eq!(rule_path("/me?x={y}"), "/me");
        assert_eq!(rule_path("/odd/{open"), "/odd/{open");
    }

    #[test]
    fn a_wildcard_covers_what_it_matches() {
        let me_all = rule("GET", "/me/*");
        assert!(me_all.covers(&rule("GET", "/me/bill/*")));
        assert!(me_all.covers(&rule("GET", "/me/bill")));
        assert!(!me_all.covers(&rule("GET", "/me")));
        assert!(!me_all.covers(&rule("POST", "/me/bill")));
        assert!(rule("GET", "/*").covers(&rule("GET", "/v2/iam/policy/*")));
        assert!(rule("GET", "/me/bill/*").covers(&rule("GET", "/me/bill/*/details")));
        assert!(!rule("GET", "/me/bill/*/details").covers(&rule("GET", "/me/bill/*")));
        assert!(rule("GET", "/me").covers(&rule("GET", "/me")));
        assert!(!rule("GET", "/me").covers(&rule("GET", "/me/*")));
    }

    #[test]
    fn minimized_rules_are_sorted_unique_and_uncovered() {
        let rules = minimize_rules([
            rule("GET", "/me/bill/*"),
            rule("GET", "/me"),
            rule("GET", "/me/*"),
            rule("GET", "/me"),
            rule("PUT", "/me/bill/*"),
            rule("DELETE", "/me"),
        ]);
        assert_eq!(
            rules,
            [
                rule("DELETE", "/me"),
                rule("GET", "/me"),
                rule("GET", "/me/*"),
                rule("PUT", "/me/bill/*"),
            ]
        );
    }
}
