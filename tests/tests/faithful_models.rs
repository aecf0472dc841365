//! Faithful models through the mock: a typed mock rule replies a full model (an answer shaped
//! like OVH's, from `ovh-api/tests/answers/`) that the client gets back whole, and a request
//! body made from a decoded model still sends only what may be written. The answers' own
//! round trips are `ovh-api/tests/faithful_answers.rs`.

use ovh_api::mock::MockOvh;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// An answer from `ovh-api/tests/answers/`.
fn answer(name: &str) -> Value {
    let path = format!(
        "{}/../ovh-api/tests/answers/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn decoded<T: DeserializeOwned>(name: &str) -> T {
    serde_json::from_value(answer(name)).unwrap()
}

#[tokio::test]
async fn a_typed_mock_rule_replies_a_full_bill_that_comes_back_whole() {
    let ovh = MockOvh::start().await;
    let bill: ovh_api::models::billing::Bill = decoded("bill");
    ovh.on_call(|c| c.me().bill().bill_id("FR12345678").get())
        .reply(&bill);
    let got = ovh
        .client()
        .me()
        .bill()
        .bill_id("FR12345678")
        .get()
        .await
        .unwrap();
    assert_eq!(got, bill);
    assert_eq!(serde_json::to_value(&got).unwrap(), answer("bill"));
}

#[tokio::test]
async fn a_body_made_from_a_decoded_model_sends_only_writable_members() {
    let ovh = MockOvh::start().await;
    let rule = ovh.on("PUT", "/vps/{serviceName}").reply(&Value::Null);
    let mut vps: ovh_api::models::vps::Vps = decoded("vps");
    vps.display_name = Some("web-2".into());
    ovh.client()
        .vps()
        .service_name("vps-1a2b3c4d.vps.ovh.net")
        .put(&vps)
        .await
        .unwrap();
    let sent: Value = serde_json::from_slice(&rule.requests()[0].body).unwrap();
    // Read-only members (name, cluster, state, ...) stay out, and so do unset options
    // (`keymap` is null in the answer).
    assert_eq!(
        sent,
        json!({"displayName": "web-2", "netbootMode": "local", "slaMonitoring": false})
    );
}
