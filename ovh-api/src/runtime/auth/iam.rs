//! IAM policies for least privilege (/v2 IAM): the body of a policy allowing exactly a set of
//! actions, such as the ones a program's calls needed
//! ([`crate::Client::recorded_iam_actions`], `MockOvh::iam_actions`).
//!
//! ```
//! use ovh_api::models::v2::iam::policy::Creation;
//!
//! let actions = ["account:apiovh:me/get", "account:apiovh:me/bill/get"];
//! let body: Creation = ovh_api::iam::policy_allowing(
//!     "billing-script",
//!     ["urn:v1:eu:identity:credential:xx1111-ovh/oauth2-0123456789abcdef"],
//!     ["urn:v1:eu:resource:account:xx1111-ovh"],
//!     actions,
//! )?;
//! let allowed: Vec<&str> = body.permissions.allow.iter().flatten().map(|a| a.action.as_str()).collect();
//! assert_eq!(allowed, ["account:apiovh:me/bill/get", "account:apiovh:me/get"]);
//! // Send it with `client.v2().iam().policy().post(&body).await?`.
//! # Ok::<(), ovh_api::Error>(())
//! ```

use std::collections::BTreeSet;

use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use crate::runtime::error::{Error, Result};

/// The body of `POST /v2/iam/policy` named `name`, allowing `identities` (URNs of users,
/// groups or service accounts) each of `actions` (sorted, each once) on `resources` (their
/// URNs), with no conditions, denials or expiry: set those on the result if needed.
///
/// `P` is the body's type: `models::v2::iam::policy::Creation` (feature `v2-iam`), or
/// `serde_json::Value`. The runtime builds the JSON and decodes it into `P`, so it names no
/// generated type; a `P` the body does not decode into is an [`Error::Serialize`].
pub fn policy_allowing<P, I, R, A>(
    name: impl Into<String>,
    identities: I,
    resources: R,
    actions: A,
) -> Result<P>
where
    P: DeserializeOwned,
    I: IntoIterator,
    I::Item: Into<String>,
    R: IntoIterator,
    R::Item: Into<String>,
    A: IntoIterator,
    A::Item: Into<String>,
{
    let actions: BTreeSet<String> = actions.into_iter().map(Into::into).collect();
    let allow: Vec<Value> = actions
        .into_iter()
        .map(|a| json!({ "action": a }))
        .collect();
    let identities: Vec<String> = identities.into_iter().map(Into::into).collect();
    let resources: Vec<Value> = resources
        .into_iter()
        .map(|urn| json!({ "urn": urn.into() }))
        .collect();
    let body = json!({
        "identities": identities,
        "name": name.into(),
        "permissions": { "allow": allow },
        "resources": resources,
    });
    serde_json::from_value(body).map_err(Error::Serialize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_allows_each_action_once() {
        let body: Value = policy_allowing(
            "p",
            ["urn:id"],
            ["urn:a", "urn:b"],
            ["b:get", "a:get", "b:get"],
        )
        .unwrap();
        assert_eq!(
            body,
            json!({
                "identities": ["urn:id"],
                "name": "p",
                "permissions": {"allow": [{"action": "a:get"}, {"action": "b:get"}]},
                "resources": [{"urn": "urn:a"}, {"urn": "urn:b"}]
            })
        );
    }

    #[test]
    fn a_type_the_body_does_not_fit_is_an_error() {
        let wrong = policy_allowing::<Vec<String>, _, _, _>("p", ["i"], ["r"], ["a"]);
        assert!(matches!(wrong, Err(Error::Serialize(_))));
    }
}
