//! Least privilege, end to end: the consumer-key rules and IAM actions of typed and raw
//! calls.

use ovh_api::consumer_key::AccessRule;
use ovh_api::mock::MockOvh;
use ovh_api::{Method, TypedCall};

fn rule(method: &str, path: &str) -> AccessRule {
    AccessRule {
        method: method.into(),
        path: path.into(),
    }
}

#[tokio::test]
async fn a_typed_call_knows_its_rule_and_actions() {
    let ovh = MockOvh::start().await;
    let client = ovh.client();
    let call = client.me().bill().bill_id("FR1").get();
    assert_eq!(call.access_rule(), rule("GET", "/me/bill/*"));
    assert_eq!(call.access_rule_exact(), Some(rule("GET", "/me/bill/FR1")));
    assert_eq!(call.iam_actions(), ["account:apiovh:me/bill/get"]);
    // A wrapper with setters, and a template with two parameters.
    let call = client
        .dedicated()
        .server()
        .service_name("ns1.example.net")
        .reboot()
        .post();
    assert_eq!(
        call.access_rule(),
        rule("POST", "/dedicated/server/*/reboot")
    );
    assert_eq!(
        client
            .get::<serde_json::Value>("/me/bill/FR2")
            .access_rule(),
        rule("GET", "/me/bill/FR2")
    );
    assert_eq!(
        client
            .request::<()>(Method::Delete, "/me")
            .access_rule()
            .to_string(),
        "DELETE /me"
    );
}

#[tokio::test]
async fn a_v2_call_gives_a_v2_rule() {
    let ovh = MockOvh::start().await;
    let call = ovh.client().v2().iam().policy().get();
    assert_eq!(call.access_rule(), rule("GET", "/v2/iam/policy"));
}
