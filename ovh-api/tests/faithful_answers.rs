//! Faithful models: answers shaped like OVH's (`tests/answers/`: every member of the model,
//! `null` where OVH writes `null`; the `*_newer` ones carry members the live API sends that the
//! pinned schemas do not name yet) decode and encode back to the same JSON, compared whole; and
//! so does each answer changed the ways live answers differ from the schemas (members left out,
//! `null` in place of values, members no schema names, at every depth). Each test needs its
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

/// Decodes the answer as `T` and checks that it encodes back to the same JSON, and that so do
/// 64 variants of it (see [`vary`]) that decode; returns it.
#[allow(dead_code)] // unused when none of the APIs below is enabled
fn round_trip<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let original = answer(name);
    let typed: T = serde_json::from_value(original.clone()).unwrap();
    let back = serde_json::to_value(&typed).unwrap();
    assert_eq!(back, original, "{name} did not encode back unchanged");
    let mut decoded = 0;
    for seed in 0..64 {
        let mut varied = original.clone();
        vary(&mut varied, &mut fastrand::Rng::with_seed(seed), 0);
        // A required member left out or made `null` fails decoding, as it should.
        let Ok(typed) = serde_json::from_value::<T>(varied.clone()) else {
            continue;
        };
        decoded += 1;
        let back = serde_json::to_value(&typed).unwrap();
        assert_eq!(
            back, varied,
            "{name}, variant {seed}, did not encode back unchanged"
        );
    }
    assert!(decoded > 0, "{name}: no variant decoded");
    typed
}

/// Changes an answer the ways live answers differ from the schemas, at every depth: each
/// object member may be left out (1 in 8) or made `null` (1 in 8), and up to two members no
/// schema names are added to each object.
#[allow(dead_code)] // unused when none of the APIs below is enabled
fn vary(json: &mut Value, rng: &mut fastrand::Rng, depth: usize) {
    match json {
        Value::Object(members) => {
            members.retain(|_, _| rng.u8(..8) != 0);
            for value in members.values_mut() {
                if rng.u8(..8) == 0 {
                    *value = Value::Null;
                } else {
                    vary(value, rng, depth + 1);
                }
            }
            for n in 0..rng.usize(..3) {
                let value = match n {
                    0 => serde_json::json!({"list": [1, "two"], "none": null}),
                    _ => Value::from(rng.i64(..)),
                };
                members.insert(format!("newer{depth}_{n}"), value);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| vary(item, rng, depth + 1)),
        _ => {}
    }
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

/// Answers carrying members newer than the pinned schemas: the typed API does not name them,
/// `ovh_api::Model` reads them, and they encode back.
#[cfg(feature = "cloud")]
#[test]
fn cloud_answers_newer_than_the_schemas_keep_their_new_members() {
    use ovh_api::models::cloud;
    use ovh_api::Model;
    let region: cloud::Region = round_trip("cloud_region_newer");
    assert_eq!(region.unknown_members()["countryCode"], "fr");
    assert_eq!(
        region.unknown_members()["availabilityZones"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    let image: cloud::image::Image = round_trip("cloud_image_newer");
    assert_eq!(image.unknown_members()["deprecated"], false);
    let cluster: cloud::kube::Cluster = round_trip("kube_cluster_newer");
    assert_eq!(cluster.unknown_members()["plan"], "free");
    let volume: cloud::volume::Volume = round_trip("cloud_volume_newer");
    assert!(volume.unknown_members().contains_key("created"));
    let registry: cloud::container_registry::Registry = round_trip("container_registry_newer");
    assert_eq!(registry.unknown_members()["iamEnabled"], false);
    assert!(registry.unknown_members().contains_key("deliveredAt"));
    let database: cloud::project::database::Service = round_trip("database_service_newer");
    assert_eq!(database.unknown_members()["deletionProtection"], true);
}

#[cfg(feature = "v2-vrack-services")]
#[test]
fn a_v2_answer_newer_than_its_schema_keeps_a_nested_new_member() {
    use ovh_api::Model;
    let vrs: ovh_api::models::v2::vrack_services::VrackServicesWithIam =
        round_trip("vrack_services_newer");
    let state = vrs.current_state.as_ref().expect("currentState");
    assert_eq!(state.unknown_members()["displayName"], "lab network");
}
