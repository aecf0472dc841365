//! Access rules and IAM actions: what a call needs to be allowed.
//!
//! A consumer key is granted a list of [`AccessRule`]s, each a method and a path in which `*`
//! is a wildcard. OVH's first-steps guide and its clients use `*` for any rest of a path:
//! `GET /*` is every `GET` of the API, `GET /domain/zone/*` the whole subtree below
//! `/domain/zone`, which is why python-ovh's `add_recursive_rules` asks for both `/path` and
//! `/path/*` (the wildcard is not relied on to match an empty rest). So `*` spans `/`: the rule
//! `GET /me/bill/*` also allows `GET /me/bill/FR1/details`, and not `GET /me/bill`. OVH's
//! documentation we found says nothing of a `*` inside a path (`/dedicated/server/*/reboot`,
//! the rule of a typed call); this crate takes it to match the same way, so such a rule may
//! allow a little more than its one operation.
//!
//! Every typed call knows its operation: its path template and the IAM actions OVH's schemas
//! list as required for it (`iamActions` in the console files, `x-iam-actions` in OpenAPI),
//! handed over by the generated code as static data. A raw call knows only its path; the
//! table of every compiled-in operation (generated, `generated/operations.rs`) finds its
//! template when one matches.

use std::collections::BTreeSet;
use std::sync::Mutex;

use crate::runtime::call::method::Method;
// Defined in the leaf `rule`, so that errors can name them; their constructors from a
// method are here, beside the rest of the rule logic.
pub use crate::runtime::auth::rule::{AccessRule, NeededAccess};

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

/// The operation a typed call belongs to: its path template and required IAM actions, as
/// the generated code hands them over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Operation {
    pub(crate) template: &'static str,
    pub(crate) iam_actions: &'static [&'static str],
}

impl Operation {
    /// What a call of this operation with `method` needs: its rule and its IAM actions.
    pub(crate) fn needed(self, method: Method) -> NeededAccess {
        NeededAccess {
            rule: AccessRule::from_template(method, self.template),
            iam_actions: self.iam_actions.iter().map(|a| (*a).to_owned()).collect(),
        }
    }
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

/// Every operation of the compiled-in APIs: method, template, required IAM actions, and where
/// its passwords are on the wire (`query/<name>`, `request/…`, `response/…`: see codegen's
/// `resolve/secrets.rs`), which a cassette leaves out.
pub(crate) type OperationTable = &'static [(
    Method,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
)];

/// The operation of `tables` whose template matches `path` (percent-encoded, without the
/// query string), a literal segment preferred to a parameter from the left.
pub(crate) fn match_operation(
    tables: &[OperationTable],
    method: Method,
    path: &str,
) -> Option<Operation> {
    let segments: Vec<&str> = path.split('/').collect();
    let mut best: Option<(Vec<bool>, Operation)> = None;
    for &(m, template, iam_actions, _) in tables.iter().flat_map(|t| t.iter()) {
        if m != method {
            continue;
        }
        let Some(literals) = template_match(template, &segments) else {
            continue;
        };
        if best.as_ref().is_none_or(|(b, _)| literals > *b) {
            let operation = Operation {
                template,
                iam_actions,
            };
            best = Some((literals, operation));
        }
    }
    best.map(|(_, operation)| operation)
}

/// Where the passwords of the operation `method` `template` are on the wire; none for an
/// operation `tables` do not hold.
pub(crate) fn secrets_of(
    tables: &[OperationTable],
    method: Method,
    template: &str,
) -> &'static [&'static str] {
    tables
        .iter()
        .flat_map(|t| t.iter())
        .find(|(m, t, _, _)| *m == method && *t == template)
        .map_or(&[], |row| row.3)
}

/// When `template` matches `segments`, which of its segments are literal.
fn template_match(template: &str, segments: &[&str]) -> Option<Vec<bool>> {
    let mut literals = Vec::with_capacity(segments.len());
    let mut parts = template.split('/');
    for segment in segments {
        let part = parts.next()?;
        let is_param = part.starts_with('{') && part.ends_with('}');
        if is_param {
            if segment.is_empty() {
                return None;
            }
        } else if part != *segment {
            return None;
        }
        literals.push(!is_param);
    }
    parts.next().is_none().then_some(literals)
}

/// The access rule and required IAM actions of a call of `method` on `path` (relative to the
/// endpoint, percent-encoded as sent; a query string is ignored), by the operation of the
/// compiled-in APIs its path matches (a literal segment preferred to a parameter): `GET
/// /me/bill/FR2` gives `GET /me/bill/*` and `["account:apiovh:me/bill/get"]`. A path no
/// compiled-in operation matches gives the rule of the path as it is, and no action.
pub fn rule_for_path(method: Method, path: &str) -> (AccessRule, &'static [&'static str]) {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    match match_operation(crate::operations::ALL, method, path) {
        Some(op) => (
            AccessRule::from_template(method, op.template),
            op.iam_actions,
        ),
        None => (AccessRule::new(method, path), &[]),
    }
}

/// The access rules and IAM actions of the calls a client sent, or a mock answered.
#[derive(Debug, Default)]
pub(crate) struct AccessLog {
    seen: Mutex<(BTreeSet<AccessRule>, BTreeSet<&'static str>)>,
}

impl AccessLog {
    /// Records one call of `method` on `path` (without the query), from `origin`: a typed
    /// call by its template, a raw one by the matching template of `tables`, else as it is.
    pub(crate) fn record(
        &self,
        tables: &[OperationTable],
        method: Method,
        path: &str,
        origin: Option<Operation>,
    ) {
        let path = path.split('?').next().unwrap_or_default();
        let operation = origin.or_else(|| match_operation(tables, method, path));
        let rule = match operation {
            Some(op) => AccessRule::from_template(method, op.template),
            None => AccessRule::new(method, path),
        };
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.0.insert(rule);
        if let Some(op) = operation {
            seen.1.extend(op.iam_actions);
        }
    }

    /// The rules recorded, sorted, each once.
    pub(crate) fn rules(&self) -> Vec<AccessRule> {
        let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.0.iter().cloned().collect()
    }

    /// The IAM actions recorded, sorted, each once.
    pub(crate) fn iam_actions(&self) -> Vec<String> {
        let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.1.iter().map(|a| (*a).to_owned()).collect()
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
    #[test]
    fn raw_paths_find_their_operation() {
        const TABLE: OperationTable = &[
            (
                Method::Get,
                "/me/bill",
                &["account:apiovh:me/bill/get"],
                &[],
            ),
            (Method::Get, "/me/bill/{billId}", &["a:b"], &[]),
            (Method::Get, "/me/bill/{billId}/details", &[], &[]),
            (Method::Get, "/me/{x}/details", &[], &[]),
            (Method::Get, "/me/bill/details", &[], &[]),
        ];
        let find = |path: &str| match_operation(&[TABLE], Method::Get, path).map(|o| o.template);
        assert_eq!(find("/me/bill/FR2"), Some("/me/bill/{billId}"));
        assert_eq!(find("/me/bill/details"), Some("/me/bill/details"));
        assert_eq!(
            find("/me/bill/FR2/details"),
            Some("/me/bill/{billId}/details")
        );
        assert_eq!(find("/me/bill/"), None);
        assert_eq!(find("/me/unknown/path/x"), None);
        assert_eq!(match_operation(&[TABLE], Method::Put, "/me/bill"), None);
    }

    #[test]
    fn the_log_keeps_each_rule_and_action_once() {
        const TABLE: OperationTable = &[(Method::Get, "/me/bill/{billId}", &["a:bill"], &[])];
        let log = AccessLog::default();
        log.record(&[TABLE], Method::Get, "/me/bill/FR2?x=1", None);
        log.record(&[TABLE], Method::Get, "/me/bill/FR3", None);
        log.record(&[TABLE], Method::Get, "/unknown/1", None);
        let me = Operation {
            template: "/me",
            iam_actions: &["a:me"],
        };
        log.record(&[], Method::Get, "/me", Some(me));
        assert_eq!(
            log.rules(),
            [
                rule("GET", "/me"),
                rule("GET", "/me/bill/*"),
                rule("GET", "/unknown/1")
            ]
        );
        assert_eq!(log.iam_actions(), ["a:bill", "a:me"]);
    }
}
