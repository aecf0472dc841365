//! The /v2 branch end to end against the mock: cursor pagination (several pages, page
//! size, empty list, an error on a middle page, laziness of the stream), the raw escape hatch,
//! exploded query arrays and the `X-Schemas-Version` header.

mod support;

use futures::{StreamExt, TryStreamExt};
use ovh_api::mock::{MockOvh, RecordedRequest, Reply};
use ovh_api::models::v2::iam::policy::Response as Policy;
use serde_json::{json, Value};

use support::{fast_retries, unavailable};

const POLICIES: &str = "/v2/iam/policy";

fn policy(i: usize) -> Value {
    json!({
        "id": format!("00000000-0000-0000-0000-{i:012}"),
        "name": format!("policy-{i}"),
        "owner": "xx1234-ovh",
        "identities": ["urn:v1:eu:identity:account:xx1234-ovh"],
        "resources": [{"urn": format!("urn:v1:eu:resource:vps:vps-{i}.vps.ovh.net")}],
        "permissions": {"allow": [{"action": "vps:apiovh:*"}]},
        "createdAt": "2024-01-01T00:00:00Z",
        "readOnly": false,
    })
}

fn policies(n: usize) -> Vec<Value> {
    (0..n).map(policy).collect()
}

/// The requests made to `path`, without the clock sync.
fn page_requests(ovh: &MockOvh, path: &str) -> Vec<RecordedRequest> {
    ovh.all_requests()
        .into_iter()
        .filter(|r| r.path == path)
        .collect()
}

#[tokio::test]
async fn await_follows_every_cursor_each_page_signed() {
    let ovh = MockOvh::start().await;
    ovh.on_v2_list(POLICIES, policies(5));
    let all: Vec<Policy> = ovh
        .client()
        .v2()
        .iam()
        .policy()
        .get()
        .page_size(2)
        .await
        .unwrap();
    let names: Vec<&str> = all.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["policy-0", "policy-1", "policy-2", "policy-3", "policy-4"]
    );
    let requests = page_requests(&ovh, POLICIES);
    assert_eq!(requests.len(), 3);
    let cursors: Vec<Option<&str>> = requests
        .iter()
        .map(|r| r.header("x-pagination-cursor"))
        .collect();
    assert_eq!(
        cursors,
        [None, Some("cursor-00000002"), Some("cursor-00000004")]
    );
    for r in &requests {
        assert!(r.signature.is_valid(), "{:?}", r.signature);
        assert_eq!(r.header("x-pagination-size"), Some("2"));
    }
}

#[tokio::test]
async fn page_size_is_honoured_and_one_page_has_its_next_cursor() {
    let ovh = MockOvh::start().await;
    ovh.on_v2_list(POLICIES, policies(7)).default_page_size(3);
    let client = ovh.client();
    // The server's default size without page_size.
    let first = client.v2().iam().policy().get().page(None).await.unwrap();
    assert_eq!(first.items.len(), 3);
    assert_eq!(first.next_cursor.as_deref(), Some("cursor-00000003"));
    assert_eq!(
        page_requests(&ovh, POLICIES)[0].header("x-pagination-size"),
        None
    );
    // The next page with the cursor, then a bigger page size.
    let second = client
        .v2()
        .iam()
        .policy()
        .get()
        .page_size(4)
        .page(first.next_cursor.as_deref())
        .await
        .unwrap();
    assert_eq!(second.items.len(), 4);
    assert_eq!(second.items[0].name, "policy-3");
    assert_eq!(second.next_cursor, None, "the last page has no next cursor");
}

#[tokio::test]
async fn an_empty_list_is_one_request() {
    let ovh = MockOvh::start().await;
    ovh.on_v2_list(POLICIES, Vec::<Value>::new());
    let client = ovh.client();
    let all = client.v2().iam().policy().get().await.unwrap();
    assert!(all.is_empty());
    let streamed: Vec<Policy> = client
        .v2()
        .iam()
        .policy()
        .get()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert!(streamed.is_empty());
    assert_eq!(page_requests(&ovh, POLICIES).len(), 2);
}

/// A 500 (not retried, unlike 502, 503 and 504) on the second page.
#[tokio::test]
async fn an_error_on_a_middle_page_ends_the_stream_with_it() {
    let ovh = MockOvh::start().await;
    ovh.on_v2_list(POLICIES, policies(6))
        .fail_request(1, Reply::error_code(500, "INTERNAL_SERVER_ERROR", "boom"));
    let client = ovh.client();
    let items: Vec<ovh_api::Result<Policy>> = client
        .v2()
        .iam()
        .policy()
        .get()
        .page_size(2)
        .stream()
        .collect()
        .await;
    assert_eq!(items.len(), 3, "two items, then the error, then the end");
    assert!(items[0].is_ok() && items[1].is_ok());
    let error = items[2].as_ref().unwrap_err();
    assert_eq!(error.api().map(|a| a.status), Some(500));
    assert_eq!(
        page_requests(&ovh, POLICIES).len(),
        2,
        "no page after the error"
    );
    // `.await` fails with that error too (the list registered again, its second page failing).
    ovh.on_v2_list(POLICIES, policies(6))
        .fail_request(1, Reply::error_code(500, "INTERNAL_SERVER_ERROR", "boom"));
    let all = client.v2().iam().policy().get().page_size(2).await;
    assert_eq!(all.unwrap_err().api().map(|a| a.status), Some(500));
}

/// A 503 on the second page, every time: retried like any call, and the error says so.
#[tokio::test]
async fn a_page_that_keeps_failing_is_retried_and_says_how_many_attempts() {
    let ovh = MockOvh::start().await;
    ovh.on_v2_list(POLICIES, policies(6))
        .fail_request(1, unavailable(503))
        .fail_request(2, unavailable(503))
        .fail_request(3, unavailable(503));
    let client = ovh
        .client_builder()
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let err = client
        .v2()
        .iam()
        .policy()
        .get()
        .page_size(2)
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 3, "{err}");
    assert_eq!(err.status(), Some(503), "{err}");
    assert_eq!(
        page_requests(&ovh, POLICIES).len(),
        4,
        "one page, then 3 attempts"
    );
}

#[tokio::test]
async fn the_stream_fetches_pages_only_as_consumed() {
    let ovh = MockOvh::start().await;
    ovh.on_v2_list(POLICIES, policies(10));
    let client = ovh.client();
    let mut stream = client.v2().iam().policy().get().page_size(2).stream();
    assert_eq!(
        page_requests(&ovh, POLICIES).len(),
        0,
        "nothing before polling"
    );
    let first_two: Vec<Policy> = stream.by_ref().take(2).try_collect().await.unwrap();
    assert_eq!(first_two.len(), 2);
    assert_eq!(page_requests(&ovh, POLICIES).len(), 1);
    let third = stream.try_next().await.unwrap().unwrap();
    assert_eq!(third.name, "policy-2");
    assert_eq!(page_requests(&ovh, POLICIES).len(), 2);
}

#[tokio::test]
async fn raw_calls_page_too_and_expose_the_next_cursor() {
    let ovh = MockOvh::start().await;
    ovh.on_v2_list(
        "/v2/vrackServices/resource",
        (0..3).map(|i| json!({"id": i})),
    )
    .default_page_size(2);
    let client = ovh.client();
    let all: Vec<Value> = client
        .get("/v2/vrackServices/resource")
        .pages()
        .await
        .unwrap();
    assert_eq!(all, [json!({"id": 0}), json!({"id": 1}), json!({"id": 2})]);
    let raw = client
        .get::<()>("/v2/vrackServices/resource")
        .send_raw()
        .await
        .unwrap();
    assert_eq!(raw.next_cursor(), Some("cursor-00000002"));
    let last = client
        .get::<()>("/v2/vrackServices/resource")
        .header("X-Pagination-Cursor", "cursor-00000002")
        .send_raw()
        .await
        .unwrap();
    assert_eq!(last.next_cursor(), None);
}

#[tokio::test]
async fn query_arrays_are_exploded_and_filters_sent_on_every_page() {
    let ovh = MockOvh::start().await;
    ovh.on_v2_list(POLICIES, policies(3));
    let actions = [
        "vps:apiovh:get".to_string(),
        "vps:apiovh:reboot".to_string(),
    ];
    ovh.client()
        .v2()
        .iam()
        .policy()
        .get()
        .action(&actions)
        .read_only(false)
        .page_size(2)
        .await
        .unwrap();
    let requests = page_requests(&ovh, POLICIES);
    assert_eq!(requests.len(), 2);
    for r in &requests {
        assert_eq!(
            r.raw_query.as_deref(),
            Some("action=vps%3Aapiovh%3Aget&action=vps%3Aapiovh%3Areboot&readOnly=false")
        );
    }
}

#[tokio::test]
async fn schemas_version_is_sent_on_v2_calls_only() {
    let ovh = MockOvh::start().await;
    ovh.on_v2_list(POLICIES, policies(1));
    ovh.on("GET", "/me").reply_json(200, &json!({}));
    let client = ovh.client_builder().schemas_version("1.0").build().unwrap();
    client.v2().iam().policy().get().await.unwrap();
    let _: Value = client.get("/me").await.unwrap();
    let v2 = &page_requests(&ovh, POLICIES)[0];
    assert_eq!(v2.header("x-schemas-version"), Some("1.0"));
    assert!(v2.signature.is_valid());
    let v1 = &page_requests(&ovh, "/1.0/me")[0];
    assert_eq!(v1.header("x-schemas-version"), None);
    // Without the option, no header.
    let plain = ovh.client();
    plain.v2().iam().policy().get().await.unwrap();
    assert_eq!(
        page_requests(&ovh, POLICIES)[1].header("x-schemas-version"),
        None
    );
}

#[tokio::test]
async fn typed_v2_calls_use_the_v2_base_and_sign_like_v1() {
    let ovh = MockOvh::start().await;
    let id = "00000000-0000-0000-0000-000000000007";
    ovh.on("GET", &format!("{POLICIES}/{id}"))
        .reply_json(200, &policy(7));
    let p = ovh
        .client()
        .v2()
        .iam()
        .policy()
        .policy_id(id)
        .get()
        .await
        .unwrap();
    assert_eq!(p.name, "policy-7");
    let r = &page_requests(&ovh, &format!("{POLICIES}/{id}"))[0];
    assert!(r.url.contains("/v2/iam/policy/"), "{}", r.url);
    assert!(!r.url.contains("/1.0/"), "{}", r.url);
    assert!(r.signature.is_valid());
}
