//! Faithful models: answers shaped like OVH's (`tests/answers/`, every member of the model,
//! `null` where OVH writes `null`) decode and encode back to the same JSON. Each test needs its
//! API's feature; CI also runs this file with `--features domain,cloud`.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// An answer from `tests/answers/`.
#[allow(dead_code)] // unused when none of the APIs below is enabled
fn answer(name: &str) -> Value {
    let path = format!("{}/tests/answers/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Decodes the answer as `T` and checks that it encodes back to the same JSON; returns it.
#[allow(dead_code)] // unused when none of the APIs below is enabled
fn round_trip<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let original = answer(name);
    let typed: T = serde_json::from_value(original.clone()).unwrap();
    let back = serde_json::to_value(&typed).unwrap();
    assert_eq!(back, original, "{name} did not encode back unchanged");
    typed
}

#[cfg(feature = "me")]
#[test]
fn a_bill_encodes_back_unchanged() {
    let bill: ovh_api::models::billing::Bill = round_trip("bill");
    assert_eq!(bill.bill_id, "FR12345678");
}

#[cfg(feature = "me")]
#[test]
fn the_account_encodes_back_unchanged_nulls_included() {
    let me: ovh_api::models::nichandle::Nichandle = round_trip("me");
    assert_eq!(me.spare_email, None);
}

#[cfg(feature = "dedicated-server")]
#[test]
fn a_dedicated_server_encodes_back_unchanged() {
    let _: ovh_api::models::dedicated::server::Dedicated = round_trip("dedicated_server");
}

#[cfg(feature = "vps")]
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
