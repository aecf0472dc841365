//! The generated typed API, end to end through the mock OVH server (`ovh_api::mock`).

use ovh_api::mock::MockOvh;
use ovh_api::models::dedicated::server::{
    BurstStatusEnum, CacheTtlEnum, IpmiAccessTypeEnum, ServerBurst,
};
use ovh_api::models::email::domain::RedirectionCreation;
use ovh_api::models::iam::resource::tag_filter::OperatorEnum;
use ovh_api::models::iam::resource::TagFilter;
use serde_json::json;
use std::collections::BTreeMap;

#[tokio::test]
async fn get_me_decodes_a_nichandle() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me").reply_json(
        200,
        &json!({
            "nichandle": "xx1234-ovh",
            "firstname": "Ada",
            "name": "Lovelace",
            "email": "ada@example.com",
            "country": "FR",
            "language": "fr_FR",
            "legalform": "individual",
            "ovhCompany": "ovh",
            "ovhSubsidiary": "FR",
            "state": "complete",
            "customerCode": "1234-5678-90",
            "kycValidated": true,
            "someFieldAddedLater": {"nested": [1, 2]}
        }),
    );
    let me = ovh.client().me().get().await.unwrap();
    assert_eq!(me.nichandle, "xx1234-ovh");
    assert_eq!(me.firstname.as_deref(), Some("Ada"));
    assert_eq!(me.email, "ada@example.com");
    let call = ovh.all_requests().pop().unwrap();
    assert_eq!(call.api_path(), "/me");
    assert!(call.signature.is_valid());
}

#[tokio::test]
async fn post_redirection_sends_from_on_the_wire() {
    let ovh = MockOvh::start().await;
    let path = "/email/domain/example.com/redirection";
    ovh.on("POST", path).reply_json(
        200,
        &json!({"id": "7", "account": "a", "date": "2024-06-01T10:00:00+02:00", "domain": "example.com"}),
    );
    let task = ovh
        .client()
        .email()
        .domain()
        .domain("example.com")
        .redirection()
        .post(&RedirectionCreation {
            from: "a@example.com".into(),
            to: "b@example.org".into(),
            local_copy: false,
            wire: Default::default(),
        })
        .await
        .unwrap();
    assert_eq!(task.id, "7");
    let call = ovh.all_requests().pop().unwrap();
    assert_eq!(call.api_path(), path);
    assert!(call.signature.is_valid());
    assert_eq!(
        call.json().unwrap(),
        json!({"from": "a@example.com", "to": "b@example.org", "localCopy": false})
    );
}

#[tokio::test]
async fn named_body_parameters_are_arguments_and_setters() {
    let ovh = MockOvh::start().await;
    let path = "/dedicated/server/ns1/features/ipmi/access";
    ovh.on("POST", path).reply_json(
        200,
        &json!({"function": "ipmi/configureIPMIAccess", "status": "init", "taskId": 4242}),
    );
    let access = ovh
        .client()
        .dedicated()
        .server()
        .service_name("ns1")
        .features()
        .ipmi()
        .access();

    // Required parameters only: the optional ones stay out of the JSON.
    let task = access
        .post(CacheTtlEnum::V15, IpmiAccessTypeEnum::KvmipJnlp)
        .await
        .unwrap();
    assert_eq!(task.task_id, 4242);
    let call = ovh.all_requests().pop().unwrap();
    assert_eq!((call.method.as_str(), call.api_path()), ("POST", path));
    assert_eq!(call.raw_query, None);
    assert!(call.signature.is_valid());
    assert_eq!(
        call.json().unwrap(),
        json!({"ttl": 15, "type": "kvmipJnlp"})
    );

    // Required and optional parameters.
    access
        .post(CacheTtlEnum::V1, IpmiAccessTypeEnum::SerialOverLanSshKey)
        .ip_to_allow("203.0.113.7")
        .ssh_key("ssh-ed25519 AAAA")
        .await
        .unwrap();
    let call = ovh.all_requests().pop().unwrap();
    assert_eq!(call.raw_query, None);
    assert!(call.signature.is_valid());
    assert_eq!(
        call.json().unwrap(),
        json!({
            "ttl": 1,
            "type": "serialOverLanSshKey",
            "ipToAllow": "203.0.113.7",
            "sshKey": "ssh-ed25519 AAAA"
        })
    );
}

#[tokio::test]
async fn put_burst_sends_the_model() {
    let ovh = MockOvh::start().await;
    let path = "/dedicated/server/ns123.ip-1-2-3.eu/burst";
    ovh.on("PUT", path).reply_raw(200, "application/json", "");
    let burst = ServerBurst {
        status: Some(BurstStatusEnum::Active),
        ..ServerBurst::default()
    };
    ovh.client()
        .dedicated()
        .server()
        .service_name("ns123.ip-1-2-3.eu")
        .burst()
        .put(&burst)
        .await
        .unwrap();
    let call = ovh.all_requests().pop().unwrap();
    assert_eq!((call.method.as_str(), call.api_path()), ("PUT", path));
    assert!(call.signature.is_valid());
    assert_eq!(call.json().unwrap(), json!({"status": "active"}));
}

#[tokio::test]
async fn optional_query_parameters_are_sent_only_when_set() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me/bill")
        .reply_json(200, &json!(["FR1", "FR2"]));
    let client = ovh.client();
    let bills = client
        .me()
        .bill()
        .get()
        .date_from("2024-01-01")
        .date_to("2024-06-30")
        .order_id(42)
        .await
        .unwrap();
    assert_eq!(bills, ["FR1", "FR2"]);
    let call = ovh.all_requests().pop().unwrap();
    assert_eq!(
        call.raw_query.as_deref(),
        Some("date.from=2024-01-01&date.to=2024-06-30&orderId=42")
    );
    assert!(call.signature.is_valid());

    let _ = client.me().bill().get().await.unwrap();
    assert_eq!(ovh.all_requests().pop().unwrap().raw_query, None);
}

#[tokio::test]
async fn map_query_parameters_are_sent_as_compact_json() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/vps").reply_json(200, &json!(["vps-1"]));
    let filter = TagFilter {
        operator: Some(OperatorEnum::Eq),
        value: "prod".to_owned(),
        wire: Default::default(),
    };
    let tags = BTreeMap::from([("env".to_owned(), vec![filter])]);
    let names = ovh.client().vps().get().iam_tags(&tags).await.unwrap();
    assert_eq!(names, ["vps-1"]);
    let call = ovh.all_requests().pop().unwrap();
    assert_eq!(
        call.raw_query.as_deref(),
        Some("iamTags=%7B%22env%22%3A%5B%7B%22operator%22%3A%22EQ%22%2C%22value%22%3A%22prod%22%7D%5D%7D")
    );
    assert!(call.signature.is_valid());
}

#[test]
fn numeric_enums_decode_from_numbers_and_numeric_strings() {
    use ovh_api::models::dedicated::server::BitFormatEnum;
    assert_eq!(
        serde_json::from_value::<BitFormatEnum>(json!(64)).unwrap(),
        BitFormatEnum::V64
    );
    // The schema lists these values as strings; either form decodes.
    assert_eq!(
        serde_json::from_value::<BitFormatEnum>(json!("32")).unwrap(),
        BitFormatEnum::V32
    );
    let unknown = serde_json::from_value::<BitFormatEnum>(json!(128)).unwrap();
    assert_eq!(unknown, BitFormatEnum::Other(128));
    assert_eq!(serde_json::to_value(unknown).unwrap(), json!(128));
    let err = serde_json::from_value::<BitFormatEnum>(json!("sixty-four")).unwrap_err();
    assert!(err.to_string().contains("expected an integer"), "{err}");
}

#[tokio::test]
async fn null_or_missing_plain_fields_decode_as_empty_values() {
    let ovh = MockOvh::start().await;
    // `email` cannot be null per the schema; an answer that says null anyway
    // (or leaves it out) must not fail the whole call.
    ovh.on("GET", "/me")
        .reply_json(200, &json!({"nichandle": null, "email": null}));
    let me = ovh.client().me().get().await.unwrap();
    assert_eq!((me.nichandle.as_str(), me.email.as_str()), ("", ""));
    ovh.on("GET", "/me").reply_json(200, &json!({}));
    let me = ovh.client().me().get().await.unwrap();
    assert_eq!(me.email, "");
}

#[tokio::test]
async fn unknown_enum_values_decode_and_serialize_back_unchanged() {
    let ovh = MockOvh::start().await;
    let path = "/dedicated/server/ns1/burst";
    ovh.on("GET", path).reply_json(
        200,
        &json!({"status": "throttledByANewFeature", "capacity": {"unit": "Mbps", "value": 500}}),
    );
    let burst = ovh
        .client()
        .dedicated()
        .server()
        .service_name("ns1")
        .burst()
        .get()
        .await
        .unwrap();
    assert_eq!(
        burst.status,
        Some(BurstStatusEnum::Other("throttledByANewFeature".into()))
    );
    let back = serde_json::to_value(&burst).unwrap();
    assert_eq!(back["status"], "throttledByANewFeature");
    // Known values still map to their variant.
    let known: BurstStatusEnum = serde_json::from_value(json!("inactiveLocked")).unwrap();
    assert_eq!(known, BurstStatusEnum::InactiveLocked);
    assert_eq!(serde_json::to_value(&known).unwrap(), "inactiveLocked");
}

#[tokio::test]
async fn no_authentication_operations_are_sent_unsigned() {
    let ovh = MockOvh::start().await;
    let time = ovh.client().auth().time().get().await.unwrap();
    assert!((time - ovh.server_time()).abs() <= 1);
    let requests = ovh.all_requests();
    assert_eq!(
        requests.len(),
        1,
        "no /auth/time lookup for an unsigned call"
    );
    assert!(!requests[0].is_signed());
    assert!(!requests[0].has_stray_auth_headers());
}

#[tokio::test]
async fn path_parameters_with_slash_or_question_mark_stay_one_segment() {
    let ovh = MockOvh::start().await;
    let encoded = "/me/bill/a%2Fb%3Fx%3D1";
    ovh.on("GET", encoded)
        .reply_json(200, &json!({"billId": "a/b?x=1"}));
    let client = ovh.client();
    let bill: serde_json::Value = client
        .get(ovh_api::path::fill_path("/me/bill/{billId}", &["a/b?x=1"]).unwrap())
        .await
        .unwrap();
    assert_eq!(bill["billId"], "a/b?x=1");
    // The typed node encodes the same way.
    let raw = client.me().bill().bill_id("a/b?x=1").get();
    let _ = raw.send_raw().await.unwrap();
    let call = ovh.all_requests().pop().unwrap();
    assert_eq!(call.path, format!("/1.0{encoded}"));
    assert_eq!(call.raw_query, None);
    assert!(call.signature.is_valid());
}

#[tokio::test]
async fn a_body_never_sends_read_only_fields() {
    let ovh = MockOvh::start().await;
    ovh.on("PUT", "/vps/vps-1.example.net")
        .reply_json(200, &json!(null));
    let vps = ovh_api::models::vps::Vps {
        display_name: Some("web-1".into()),
        ..Default::default()
    };
    ovh.client()
        .vps()
        .service_name("vps-1.example.net")
        .put(&vps)
        .await
        .unwrap();
    let call = ovh.all_requests().pop().unwrap();
    // Exactly the writable field that was set: no `name`, `cluster`, `vcore`... (set by OVH).
    assert_eq!(
        String::from_utf8_lossy(&call.body),
        r#"{"displayName":"web-1"}"#
    );
    assert!(call.signature.is_valid());
    // Reading is unchanged: read-only fields decode.
    let decoded: ovh_api::models::vps::Vps = serde_json::from_value(json!({
        "name": "vps-1.example.net", "cluster": "c1", "vcore": 2, "displayName": "web-1",
        "memoryLimit": 2048, "zone": "Region OpenStack: os-gra2", "monitoringIpBlocks": []
    }))
    .unwrap();
    assert_eq!(decoded.name, "vps-1.example.net");
    assert_eq!(decoded.vcore, 2);
}

/// Every typed operation has one request shape: `.header()`, `.send()` (a `Send + 'static`
/// future: it can be spawned or buffered), `.send_raw()`, `.await`.
#[tokio::test]
async fn typed_requests_send_spawn_and_add_headers() {
    use futures::stream::{self, StreamExt, TryStreamExt};
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me").reply_json(
        200,
        &json!({"nichandle": "xx1-ovh", "email": "a@example.com"}),
    );
    for id in ["A", "B"] {
        ovh.on("GET", &format!("/me/bill/{id}/details"))
            .reply_json(200, &json!([format!("{id}-1")]));
    }
    let client = ovh.client();
    let spawned = tokio::spawn(client.me().get().header("X-Trace", "t1").send());
    let me = spawned.await.unwrap().unwrap();
    assert_eq!(me.nichandle, "xx1-ovh");
    let call = ovh.requests().pop().unwrap();
    assert_eq!(call.header("x-trace"), Some("t1"));
    assert!(call.signature.is_valid());

    let details: Vec<Vec<String>> = stream::iter(["A", "B"])
        .map(|id| client.me().bill().bill_id(id).details().get().send())
        .buffered(2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(details, [vec!["A-1".to_string()], vec!["B-1".to_string()]]);

    let raw = client.me().get().send_raw().await.unwrap();
    assert_eq!(raw.status, 200);
}

/// More than three required body parameters: one struct, every value named.
#[tokio::test]
async fn many_required_body_parameters_are_a_named_struct() {
    use ovh_api::api::email_domain::DomainAccountNameFilterPostParams;
    use ovh_api::models::domain::{DomainFilterActionEnum, DomainFilterOperandEnum};
    let ovh = MockOvh::start().await;
    let path = "/email/domain/example.com/account/ada/filter";
    ovh.on("POST", path).reply_json(200, &json!({"id": 1, "account": "ada", "domain": "example.com", "action": "add", "name": "spam", "date": "2024-06-01T10:00:00+02:00", "status": "todo"}),
    );
    let params = DomainAccountNameFilterPostParams {
        action: DomainFilterActionEnum::Delete,
        active: true,
        header: "Subject".into(),
        name: "spam".into(),
        operand: DomainFilterOperandEnum::Contains,
        priority: 1,
        value: "[SPAM]".into(),
    };
    ovh.client()
        .email()
        .domain()
        .domain("example.com")
        .account()
        .account_name("ada")
        .filter()
        .post(&params)
        .action_param("x")
        .await
        .unwrap();
    let call = ovh.requests().pop().unwrap();
    let body: serde_json::Value = serde_json::from_slice(&call.body).unwrap();
    assert_eq!(
        body,
        json!({"action": "delete", "actionParam": "x", "active": true, "header": "Subject",
               "name": "spam", "operand": "contains", "priority": 1, "value": "[SPAM]"})
    );
}
