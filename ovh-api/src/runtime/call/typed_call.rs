//! [`TypedCall`]: what a typed call answers and where it goes, without sending it.
//!
//! Every typed request implements [`TypedCall`]: [`crate::Request`], the generated wrappers
//! with setters, [`crate::Paged`] lists and raw [`ApiRequest`]s. Code handed a call can read
//! its method, path and query ([`TypedCall::call_target`]) and name its answer type
//! ([`TypedCall::Output`]): the mock's typed rules (`MockOvh::on_call`, feature `mock`) match
//! the call this way and accept only replies of that type.

use crate::runtime::auth::access::{AccessRule, Origin};
use crate::runtime::call::raw_request::ApiRequest;
use crate::runtime::call::target::CallTarget;

/// A call whose answer decodes to [`TypedCall::Output`], and which can say where it would be
/// sent without being sent.
///
/// Implemented by every typed request: [`crate::Request`], the generated wrappers with
/// setters (`client.me().bill().get()`), [`crate::Paged`] (whose output is the `Vec` of every
/// item) and [`ApiRequest`].
///
/// ```
/// use ovh_api::TypedCall;
///
/// /// The path a call would be sent to.
/// fn path_of(call: &impl TypedCall) -> Option<String> {
///     call.call_target().map(|target| target.path().to_owned())
/// }
///
/// # let no_config = ovh_api::ConfigLookup::with_files(Vec::<(String, String)>::new(), Vec::new());
/// # let client = ovh_api::Client::builder().endpoint("ovh-eu").config_lookup(no_config).build()?;
/// assert_eq!(path_of(&client.get::<serde_json::Value>("/me")).as_deref(), Some("/me"));
/// # Ok::<(), ovh_api::Error>(())
/// ```
pub trait TypedCall {
    /// What the call answers, decoded: what `.await` returns on success (`Vec<Item>` for a
    /// paginated list).
    type Output;

    /// The method, path and query the call would send; `None` when it could not be built (a
    /// path parameter that cannot be sent, say), which sending it reports as an error.
    fn call_target(&self) -> Option<CallTarget>;

    /// The consumer-key rule that allows this call: its method and its operation's path
    /// template with every path parameter as `*` (`GET /me/bill/*` for
    /// `client.me().bill().bill_id("FR1").get()`, `/v2/...` for a /v2 call). A raw call
    /// (`client.get(path)`) gives its concrete path, without the query string. OVH's `*`
    /// matches any rest of path, `/` included (see [`crate::consumer_key`]).
    ///
    /// ```
    /// use ovh_api::TypedCall;
    /// # let no_config = ovh_api::ConfigLookup::with_files(Vec::<(String, String)>::new(), Vec::new());
    /// # let client = ovh_api::Client::builder().endpoint("ovh-eu").config_lookup(no_config).build()?;
    /// let rule = client.get::<serde_json::Value>("/me/bill/FR1?x=1").access_rule();
    /// assert_eq!(rule.to_string(), "GET /me/bill/FR1");
    /// # Ok::<(), ovh_api::Error>(())
    /// ```
    fn access_rule(&self) -> AccessRule;

    /// The consumer-key rule allowing exactly this call: its method and concrete path, the
    /// path parameters' values kept (`GET /me/bill/FR1`); `None` when the call could not be
    /// built.
    fn access_rule_exact(&self) -> Option<AccessRule>;

    /// The IAM actions OVH's schema lists as required for this call's operation
    /// (`["account:apiovh:me/bill/get"]`); empty for a raw call and an operation that lists
    /// none.
    fn iam_actions(&self) -> &'static [&'static str];
}

impl<T> TypedCall for ApiRequest<T> {
    type Output = T;

    fn call_target(&self) -> Option<CallTarget> {
        let parts = self.parts.as_ref().ok()?;
        Some(CallTarget::new(
            parts.method,
            parts.path_and_query(),
            parts.body.to_bytes().ok()?,
        ))
    }

    fn access_rule(&self) -> AccessRule {
        match (&self.origin, &self.parts) {
            (Origin::Operation(op), _) => AccessRule::from_template(self.method, op.template),
            (Origin::Template(template), _) => AccessRule::from_template(self.method, template),
            (Origin::Unbuilt(path), _) => AccessRule::new(self.method, without_query(path)),
            (Origin::Raw, Ok(parts)) => AccessRule::new(self.method, without_query(&parts.path)),
            // Not reached: a raw call keeps its path as `Unbuilt` when its parts are lost.
            (Origin::Raw, Err(_)) => AccessRule::new(self.method, "/"),
        }
    }

    fn access_rule_exact(&self) -> Option<AccessRule> {
        let parts = self.parts.as_ref().ok()?;
        Some(AccessRule::new(self.method, without_query(&parts.path)))
    }

    fn iam_actions(&self) -> &'static [&'static str] {
        match &self.origin {
            Origin::Operation(op) => op.iam_actions,
            _ => &[],
        }
    }
}

impl<C: TypedCall> From<&C> for AccessRule {
    /// The call's rule: [`TypedCall::access_rule`].
    fn from(call: &C) -> Self {
        call.access_rule()
    }
}

/// `path` without its query string (or a fragment, never sent).
fn without_query(path: &str) -> &str {
    path.split(['?', '#']).next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::call::method::Method;
    use crate::runtime::test_client;

    #[test]
    fn a_request_says_where_it_goes() {
        let client = test_client();
        let call = ApiRequest::<()>::from_template(&client, Method::Put, "/vps/{name}", &["a b"])
            .query("x", &[1, 2]);
        let target = call.call_target().unwrap();
        assert_eq!(target.method(), Method::Put);
        assert_eq!(target.path(), "/vps/a%20b?x=1%2C2");
        assert!(!target.is_paged());
        assert_eq!(target.body(), None);
        assert!(target.into_paged().is_paged());
    }

    #[test]
    fn a_target_holds_the_body_as_sent() {
        let client = test_client();
        let whole = ApiRequest::<()>::new(&client, Method::Post, "/x")
            .body(&serde_json::json!({"a": 1, "b": null}));
        let target = whole.call_target().unwrap();
        assert_eq!(target.body(), Some(&br#"{"a":1,"b":null}"#[..]));
        let members = ApiRequest::<()>::new(&client, Method::Post, "/x")
            .body_object()
            .body_field("from", "a@b");
        let target = members.call_target().unwrap();
        assert_eq!(target.body(), Some(&br#"{"from":"a@b"}"#[..]));
    }

    fn rule(method: &str, path: &str) -> AccessRule {
        AccessRule {
            method: method.into(),
            path: path.into(),
        }
    }

    #[test]
    fn a_typed_call_knows_its_rule_and_actions() {
        let client = test_client();
        let bill = crate::runtime::call::node::PathNode::new(&client).param("FR 1");
        let call = bill.request::<()>(Method::Get, "/me/bill/{billId}", &["a:me/bill/get"]);
        assert_eq!(call.access_rule(), rule("GET", "/me/bill/*"));
        assert_eq!(
            call.access_rule_exact(),
            Some(rule("GET", "/me/bill/FR%201"))
        );
        assert_eq!(call.iam_actions(), ["a:me/bill/get"]);
        let broken = crate::runtime::call::node::PathNode::new(&client).param("..");
        let call = broken.request::<()>(Method::Delete, "/me/bill/{billId}", &[]);
        assert_eq!(call.access_rule(), rule("DELETE", "/me/bill/*"));
        assert_eq!(call.access_rule_exact(), None);
    }

    #[test]
    fn a_raw_call_gives_its_concrete_path() {
        let client = test_client();
        let call = ApiRequest::<()>::new(&client, Method::Get, "/me/bill/FR1?x=1").query("y", &2);
        assert_eq!(call.access_rule(), rule("GET", "/me/bill/FR1"));
        assert_eq!(call.access_rule_exact(), Some(rule("GET", "/me/bill/FR1")));
        assert!(call.iam_actions().is_empty());
        let templated =
            ApiRequest::<()>::from_template(&client, Method::Put, "/vps/{name}", &["a"]);
        assert_eq!(templated.access_rule(), rule("PUT", "/vps/*"));
        let unbuilt = ApiRequest::<()>::new(&client, Method::Get, "/me#top");
        assert_eq!(unbuilt.access_rule(), rule("GET", "/me"));
        let unsendable = ApiRequest::<()>::new(&client, Method::Post, "/me/x")
            .body(&std::collections::BTreeMap::from([((1, 2), 3)]));
        assert_eq!(unsendable.access_rule(), rule("POST", "/me/x"));
    }

    #[test]
    fn a_request_that_cannot_be_built_goes_nowhere() {
        let client = test_client();
        let call = ApiRequest::<()>::new(&client, Method::Get, "/me#top");
        assert_eq!(call.call_target(), None);
    }
}
