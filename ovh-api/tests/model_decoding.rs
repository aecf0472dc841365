//! How generated model structs decode (`decode_object!` in `models/mod.rs`): members matched
//! by name, unknown ones skipped, `null` and missing members read by field kind.
#![cfg(feature = "me")]

use ovh_api::models::complex_type::UnitAndValue;
use ovh_api::models::nichandle::Nichandle;
use serde_json::json;

#[test]
fn plain_fields_read_null_and_missing_as_empty_and_unknown_members_are_skipped() {
    let me: Nichandle = serde_json::from_str(
        r#"{"email": null, "firstname": "Ada", "addedByOvhIn2031": {"deep": [1, 2]}, "vat": null}"#,
    )
    .unwrap();
    assert_eq!(me.email, "");
    assert_eq!(me.nichandle, "", "missing plain field");
    assert_eq!(me.firstname.as_deref(), Some("Ada"));
    assert_eq!(me.vat, None, "null optional field");
    assert_eq!(me.name, None, "missing optional field");
}

#[test]
fn escaped_member_names_and_json_values_decode_too() {
    // An escaped name cannot be borrowed from the input: the owned-key path.
    let me: Nichandle =
        serde_json::from_str(r#"{"first\u006eame": "Ada", "nichandle": "ab1-ovh"}"#).unwrap();
    assert_eq!(me.firstname.as_deref(), Some("Ada"));
    assert_eq!(me.nichandle, "ab1-ovh");
    // From a `serde_json::Value`, as pagination and batch answers are read.
    let me: Nichandle = serde_json::from_value(json!({"nichandle": "cd2-ovh"})).unwrap();
    assert_eq!(me.nichandle, "cd2-ovh");
}

#[test]
fn a_missing_required_member_is_serdes_missing_field_error() {
    let err = serde_json::from_str::<UnitAndValue<f64>>(r#"{"unit": "GB"}"#).unwrap_err();
    assert!(err.to_string().contains("missing field `value`"), "{err}");
    let ok: UnitAndValue<f64> = serde_json::from_str(r#"{"unit": "GB", "value": 2.5}"#).unwrap();
    assert_eq!((ok.unit.as_str(), ok.value), ("GB", 2.5));
    // `null` is not a value for a required member.
    assert!(serde_json::from_str::<UnitAndValue<f64>>(r#"{"value": null}"#).is_err());
}

#[test]
fn a_wrong_type_names_the_struct_or_the_bad_value() {
    let err = serde_json::from_str::<Nichandle>("[1, 2]").unwrap_err();
    assert!(
        err.to_string().contains("expected struct Nichandle"),
        "{err}"
    );
    let err = serde_json::from_str::<Nichandle>(r#"{"email": 42}"#).unwrap_err();
    assert!(
        err.to_string().contains("invalid type: integer `42`"),
        "{err}"
    );
}

#[test]
fn a_repeated_member_keeps_the_last_value() {
    let me: Nichandle =
        serde_json::from_str(r#"{"nichandle": "first", "nichandle": "last"}"#).unwrap();
    assert_eq!(me.nichandle, "last");
}
