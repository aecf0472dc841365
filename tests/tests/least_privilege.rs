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

/// The mock's answers for the scenario of the issue: `/me`, the bills, one bill.
fn answer_me_and_bills(ovh: &MockOvh) {
    ovh.on("GET", "/me")
        .reply(&serde_json::json!({"nichandle": "ab12345-ovh"}));
    ovh.on("GET", "/me/bill").reply(&["FR1", "FR2"]);
    ovh.on("GET", "/me/bill/{billId}")
        .reply(&serde_json::json!({"billId": "FR1"}));
}

#[tokio::test]
async fn the_mock_records_the_rules_and_actions_it_answered() {
    let ovh = MockOvh::start().await;
    answer_me_and_bills(&ovh);
    let client = ovh.client();
    client.me().get().await.unwrap();
    client.me().bill().get().await.unwrap();
    client.me().bill().bill_id("FR1").get().await.unwrap();
    assert_eq!(
        ovh.access_rules(),
        [
            rule("GET", "/me"),
            rule("GET", "/me/bill"),
            rule("GET", "/me/bill/*")
        ]
    );
    assert_eq!(
        ovh.iam_actions(),
        ["account:apiovh:me/bill/get", "account:apiovh:me/get"]
    );
    // A raw call is recorded by the template its path matches.
    client
        .get::<serde_json::Value>("/me/bill/FR2")
        .await
        .unwrap();
    client
        .get::<serde_json::Value>("/nowhere/42")
        .await
        .unwrap_err();
    assert_eq!(
        ovh.access_rules(),
        [
            rule("GET", "/me"),
            rule("GET", "/me/bill"),
            rule("GET", "/me/bill/*"),
            rule("GET", "/nowhere/42")
        ]
    );
    assert_eq!(ovh.iam_actions().len(), 2);
}

#[tokio::test]
async fn a_client_records_the_rules_and_actions_it_used() {
    let ovh = MockOvh::start().await;
    answer_me_and_bills(&ovh);
    let client = ovh.client_builder().record_access(true).build().unwrap();
    assert!(client.recorded_access_rules().is_empty());
    client.me().bill().bill_id("FR1").get().await.unwrap();
    client
        .with_consumer_key("another")
        .get::<serde_json::Value>("/me/bill/FR2?x=1")
        .await
        .ok();
    client.clone().me().get().await.unwrap();
    assert_eq!(
        client.recorded_access_rules(),
        [rule("GET", "/me"), rule("GET", "/me/bill/*")]
    );
    assert_eq!(
        client.recorded_iam_actions(),
        ["account:apiovh:me/bill/get", "account:apiovh:me/get"]
    );
    // Not recorded unless asked for.
    let quiet = ovh.client();
    quiet.me().get().await.unwrap();
    assert!(quiet.recorded_access_rules().is_empty());
    assert!(quiet.recorded_iam_actions().is_empty());
}

#[tokio::test]
async fn paged_lists_and_batches_are_recorded_too() {
    let ovh = MockOvh::start().await;
    let policy = serde_json::json!({
        "id": "00000000-0000-0000-0000-000000000001",
        "name": "p",
        "owner": "xx1234-ovh",
        "identities": [],
        "resources": [],
        "permissions": {"allow": [{"action": "account:apiovh:me/get"}]},
        "readOnly": false
    });
    ovh.on_v2_list("/v2/iam/policy", vec![policy.clone(), policy]);
    ovh.on("GET", "/me/bill/{billId}")
        .reply(&serde_json::json!({"billId": "A"}));
    let client = ovh.client_builder().record_access(true).build().unwrap();
    let call = client.v2().iam().policy().get().page_size(1);
    assert_eq!(call.iam_actions(), ["account:apiovh:iam/policy/get"]);
    assert_eq!(call.await.unwrap().len(), 2);
    client.me().bill().bill_id_batch(["A", "B"]).await.unwrap();
    assert_eq!(
        client.recorded_access_rules(),
        [rule("GET", "/me/bill/*"), rule("GET", "/v2/iam/policy")]
    );
    assert_eq!(
        client.recorded_iam_actions(),
        [
            "account:apiovh:iam/policy/get",
            "account:apiovh:me/bill/get"
        ]
    );
    assert_eq!(ovh.access_rules(), client.recorded_access_rules());
    assert_eq!(ovh.iam_actions(), client.recorded_iam_actions());
}
