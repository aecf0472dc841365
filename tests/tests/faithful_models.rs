//! Faithful models, end to end: answers shaped like OVH's (`tests/answers/`, every member of
//! the model, `null` where OVH writes `null`) decode and encode back to the same JSON, a typed
//! mock rule replies a full model that the client gets back whole, and a request body still
//! sends only what may be written.

mod support;

use ovh_api::mock::MockOvh;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// An answer from `tests/answers/`.
fn answer(name: &str) -> Value {
    let path = format!("{}/tests/answers/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Decodes the answer as `T` and checks that it encodes back to the same JSON; returns it.
fn round_trip<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let original = answer(name);
    let typed: T = serde_json::from_value(original.clone()).unwrap();
    let back = serde_json::to_value(&typed).unwrap();
    assert_eq!(back, original, "{name} did not encode back unchanged");
    typed
}

#[test]
fn a_bill_encodes_back_unchanged() {
    let bill: ovh_api::models::billing::Bill = round_trip("bill");
    assert_eq!(bill.bill_id, "FR12345678");
}

#[test]
fn the_account_encodes_back_unchanged_nulls_included() {
    let me: ovh_api::models::nichandle::Nichandle = round_trip("me");
    assert_eq!(me.spare_email, None);
}

#[test]
fn a_dedicated_server_encodes_back_unchanged() {
    let _: ovh_api::models::dedicated::server::Dedicated = round_trip("dedicated_server");
}

#[test]
fn a_vps_encodes_back_unchanged_unknown_enum_values_included() {
    let vps: ovh_api::models::vps::Vps = round_trip("vps");
    assert_eq!(vps.monitoring_ip_blocks.len(), 2);
}

#[cfg(feature = "domain")]
#[test]
fn a_dns_record_encodes_back_with_its_six_members() {
    let _: ovh_api::models::domain::zone::Record = round_trip("dns_record");
}

#[cfg(feature = "cloud")]
#[test]
fn a_cloud_project_encodes_back_unchanged() {
    let _: ovh_api::models::cloud::Project = round_trip("cloud_project");
}

#[tokio::test]
async fn a_typed_mock_rule_replies_a_full_bill_that_comes_back_whole() {
    let ovh = MockOvh::start().await;
    let bill: ovh_api::models::billing::Bill = round_trip("bill");
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
    let mut vps: ovh_api::models::vps::Vps = round_trip("vps");
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
