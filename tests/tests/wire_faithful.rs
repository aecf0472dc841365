//! Faithful to the wire, as a user crate sees it: a model keeps the members OVH sends that no
//! schema names yet (`ovh_api::Model`), a member absent or `null` in an answer is written back
//! that way until the field is changed, request bodies send neither, and a member OVH types as
//! a password never shows in `Debug` output.

use ovh_api::mock::MockOvh;
use ovh_api::models::billing::Bill;
use ovh_api::Model;
use serde_json::{json, Value};

#[test]
fn unknown_members_are_kept_readable_and_encoded_back() {
    // Unknown members out of alphabetical order: they are kept in the order they came.
    let text = r#"{"billId":"FR1","date":"2024-01-02T10:00:00+01:00","zones":["a","b"],"newMember":{"a":[1,2]}}"#;
    let answer: Value = serde_json::from_str(text).unwrap();
    let mut bill: Bill = serde_json::from_value(answer.clone()).unwrap();
    assert_eq!(bill.bill_id, "FR1");
    assert_eq!(
        bill.unknown_members().get("zones"),
        Some(&json!(["a", "b"]))
    );
    assert_eq!(bill.unknown_members()["newMember"], json!({"a": [1, 2]}));
    assert_eq!(serde_json::to_value(&bill).unwrap(), answer);
    // In the order they came, after the typed fields: here the same text.
    let names: Vec<&String> = bill.unknown_members().keys().collect();
    assert_eq!(names, ["zones", "newMember"]);
    assert_eq!(serde_json::to_string(&bill).unwrap(), text);

    bill.unknown_members_mut().remove("newMember");
    bill.unknown_members_mut()
        .insert("added".into(), json!(true));
    assert_eq!(
        serde_json::to_value(&bill).unwrap(),
        json!({"billId": "FR1", "date": "2024-01-02T10:00:00+01:00", "zones": ["a", "b"], "added": true})
    );
    // Debug shows them.
    assert!(format!("{bill:?}").contains(r#""zones": ["a","b"]"#));
}

#[test]
fn absent_and_null_members_come_back_as_they_came_until_changed() {
    let answer = json!({"billId": "FR1", "orderId": null});
    let mut bill: Bill = serde_json::from_value(answer.clone()).unwrap();
    assert_eq!(bill.order_id, 0);
    assert_eq!(serde_json::to_value(&bill).unwrap(), answer);

    bill.pdf_url = "https://example.com/FR1.pdf".into();
    bill.order_id = 42;
    assert_eq!(
        serde_json::to_value(&bill).unwrap(),
        json!({"billId": "FR1", "orderId": 42, "pdfUrl": "https://example.com/FR1.pdf"})
    );
}

#[test]
fn a_null_where_the_schema_says_there_is_none_is_null_again() {
    // /v2 members the schema says are present and never null.
    let answer = json!({"id": "pol-1", "name": null, "identities": null, "resources": []});
    let policy: ovh_api::models::v2::iam::policy::Response =
        serde_json::from_value(answer.clone()).unwrap();
    assert_eq!(serde_json::to_value(&policy).unwrap(), answer);
}

#[test]
fn a_password_never_shows_in_debug_but_is_serialized() {
    let secret = "s3cr3t-Value-That-Must-Not-Leak";
    let answer = json!({"clientId": "EU.abc", "clientSecret": secret});
    let created: ovh_api::models::oauth2::ClientSecret =
        serde_json::from_value(answer.clone()).unwrap();
    let shown = format!("{created:?}");
    assert!(!shown.contains(secret), "{shown}");
    assert!(shown.contains("client_secret: <redacted>"), "{shown}");
    assert!(shown.contains("EU.abc"), "{shown}");
    assert!(format!("{created:#?}").contains("<redacted>"));
    assert!(serde_json::to_string(&created).unwrap().contains(secret));
    assert_eq!(created.client_secret, secret);
}

#[tokio::test]
async fn a_request_body_sends_neither_unknown_members_nor_absent_ones() {
    let ovh = MockOvh::start().await;
    let rule = ovh.on("PUT", "/me").reply(&Value::Null);
    let mut me: ovh_api::models::nichandle::Nichandle = serde_json::from_value(json!({
        "nichandle": "la1234-ovh",
        "email": "ada@example.com",
        "firstname": "Ada",
        "newMember": "kept, never sent",
        "city": null
    }))
    .unwrap();
    me.firstname = Some("Augusta".into());
    ovh.client().me().put(&me).await.unwrap();
    let sent: Value = serde_json::from_slice(&rule.requests()[0].body).unwrap();
    let sent = sent.as_object().unwrap();
    assert_eq!(sent["firstname"], "Augusta");
    assert!(!sent.contains_key("newMember"), "{sent:?}");
    assert!(!sent.contains_key("city"), "{sent:?}");
    assert!(!sent.contains_key("nichandle"), "read-only: {sent:?}");
}

#[tokio::test]
async fn a_typed_call_keeps_the_members_the_mock_answers() {
    let ovh = MockOvh::start().await;
    let answer = json!({"billId": "FR9", "newMember": [1, {"deep": null}]});
    ovh.on("GET", "/me/bill/{billId}").reply(&answer);
    let bill = ovh.client().me().bill().bill_id("FR9").get().await.unwrap();
    assert_eq!(
        bill.unknown_members()["newMember"],
        json!([1, {"deep": null}])
    );
    assert_eq!(serde_json::to_value(&bill).unwrap(), answer);
}
