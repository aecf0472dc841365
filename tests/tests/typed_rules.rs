//! Typed mock rules (`MockOvh::on_call`), end to end: a rule made from a typed call answers
//! exactly that call (method, path, query string), with a reply of the call's answer type;
//! plain requests, wrappers with setters, /v2 paginated lists, errors. That a reply of
//! another type does not compile is `compile_fail.rs`'s test.

mod support;

use ovh_api::mock::{MockOvh, Reply};
use ovh_api::models::billing::Bill;
use ovh_api::models::nichandle::Nichandle;
use ovh_api::ApiErrorKind;

use support::fast_retries;

fn ids(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn a_plain_request_is_answered_with_its_answer_type() {
    let ovh = MockOvh::start().await;
    let ada = Nichandle {
        firstname: Some("Ada".into()),
        name: Some("Lovelace".into()),
        ..Nichandle::default()
    };
    let rule = ovh.on_call(|c| c.me().get()).reply(&ada);
    let me = ovh.client().me().get().await.unwrap();
    assert_eq!(me.firstname.as_deref(), Some("Ada"));
    assert_eq!(me.name.as_deref(), Some("Lovelace"));
    assert_eq!(rule.hits(), 1);
    let call = &rule.requests()[0];
    assert_eq!((call.method.as_str(), call.api_path()), ("GET", "/me"));
    assert!(call.signature.is_valid());
}

#[tokio::test]
async fn a_rule_answers_its_path_parameters_only() {
    let ovh = MockOvh::start().await;
    let bill = Bill::default();
    let rule = ovh
        .on_call(|c| c.me().bill().bill_id("FR1").get())
        .reply(&bill);
    let client = ovh.client();
    assert_eq!(client.me().bill().bill_id("FR1").get().await.unwrap(), bill);
    // Another bill is another path: no rule, the mock's 404.
    let other = client.me().bill().bill_id("FR2").get().await.unwrap_err();
    assert_eq!(other.status(), Some(404));
    assert_eq!(rule.hits(), 1);
    // A parameter that must be percent-encoded matches as the client sends it.
    ovh.on_call(|c| c.me().bill().bill_id("a b/c").get())
        .reply_error(410, "encoded");
    let encoded = client.me().bill().bill_id("a b/c").get().await.unwrap_err();
    assert_eq!(encoded.status(), Some(410));
    assert_eq!(
        ovh.requests().last().unwrap().path,
        "/1.0/me/bill/a%20b%2Fc"
    );
}

#[tokio::test]
async fn a_wrapper_with_setters_matches_its_exact_query() {
    let ovh = MockOvh::start().await;
    let since = "2024-01-01T00:00:00+01:00";
    let all = ovh
        .on_call(|c| c.me().bill().get())
        .reply(&ids(&["FR1", "FR2"]));
    let recent = ovh
        .on_call(|c| c.me().bill().get().date_from(since))
        .reply(&ids(&["FR2"]));
    let client = ovh.client();

    assert_eq!(client.me().bill().get().await.unwrap(), ["FR1", "FR2"]);
    let got = client.me().bill().get().date_from(since).await.unwrap();
    assert_eq!(got, ["FR2"]);
    assert_eq!(
        recent.requests()[0].raw_query.as_deref(),
        Some("date.from=2024-01-01T00%3A00%3A00%2B01%3A00")
    );

    // Another value, or one more parameter, is another call: neither rule answers.
    let other_value = client.me().bill().get().date_from("2024-02-01").await;
    assert_eq!(other_value.unwrap_err().status(), Some(404));
    let one_more = client
        .me()
        .bill()
        .get()
        .date_from(since)
        .date_to("2024-12-31");
    assert_eq!(one_more.await.unwrap_err().status(), Some(404));
    assert_eq!((all.hits(), recent.hits()), (1, 1));
}

#[tokio::test]
async fn a_paged_list_is_served_page_by_page() {
    let ovh = MockOvh::start().await;
    let subscriptions = ids(&["sub-0", "sub-1", "sub-2", "sub-3", "sub-4"]);
    let rule = ovh
        .on_call(|c| c.v2().iam().log().subscription().get().kind("default"))
        .reply(&subscriptions);
    let client = ovh.client();
    let got = client
        .v2()
        .iam()
        .log()
        .subscription()
        .get()
        .kind("default")
        .page_size(2)
        .await
        .unwrap();
    assert_eq!(got, subscriptions);
    // Three pages, each with the query.
    let pages = rule.requests();
    assert_eq!(pages.len(), 3);
    for page in &pages {
        assert_eq!(page.path, "/v2/iam/log/subscription");
        assert_eq!(page.raw_query.as_deref(), Some("kind=default"));
        assert_eq!(page.header("x-pagination-size"), Some("2"));
    }
    assert_eq!(pages[0].header("x-pagination-cursor"), None);
    assert!(pages[1].header("x-pagination-cursor").is_some());

    // One page at a time, the rule's default size when the client sends none.
    let call = |c: &ovh_api::Client| c.v2().iam().log().subscription().get().kind("audit");
    ovh.on_call(call).reply(&subscriptions).default_page_size(4);
    let first = call(&client).page(None).await.unwrap();
    assert_eq!(first.items, subscriptions[..4]);
    let cursor = first.next_cursor.expect("a second page");
    let second = call(&client).page(Some(&cursor)).await.unwrap();
    assert_eq!(
        (second.items, second.next_cursor),
        (subscriptions[4..].to_vec(), None)
    );

    // Without the query, no rule.
    let bare = client.v2().iam().log().subscription().get().await;
    assert_eq!(bare.unwrap_err().status(), Some(404));
}

#[tokio::test]
async fn raw_requests_and_their_pages_make_rules_too() {
    let ovh = MockOvh::start().await;
    ovh.on_call(|c| c.get::<Vec<String>>("/me/bill").query("orderId", &7))
        .reply(&ids(&["FR7"]));
    ovh.on_call(|c| c.get::<String>("/v2/iam/log/subscription").pages())
        .reply(&ids(&["a", "b", "c"]));
    let client = ovh.client();
    let bills = client.me().bill().get().order_id(7).await.unwrap();
    assert_eq!(bills, ["FR7"]);
    let typed = client.v2().iam().log().subscription().get();
    assert_eq!(typed.page_size(1).await.unwrap(), ["a", "b", "c"]);
}

#[tokio::test]
async fn errors_in_ovh_shape() {
    let ovh = MockOvh::start().await;
    let rule = ovh.on_call(|c| c.me().get()).reply_error(404, "gone");
    let client = ovh.client();
    let error = client.me().get().await.unwrap_err();
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.api_kind(), Some(ApiErrorKind::NotFound));
    assert_eq!(error.api().map(|api| api.message.as_str()), Some("gone"));
    assert_eq!(rule.hits(), 1);

    ovh.on_call(|c| c.me().bill().get()).reply_error_code(
        403,
        "NOT_GRANTED_CALL",
        "This call has not been granted",
    );
    let refused = client.me().bill().get().await.unwrap_err();
    assert_eq!(refused.api_kind(), Some(ApiErrorKind::NotGrantedCall));
}

#[tokio::test]
async fn a_failure_then_the_typed_answer() {
    let ovh = MockOvh::start().await;
    let rule = ovh
        .on_call(|c| c.me().bill().get())
        .reply(&ids(&["FR1"]))
        .fail_request(0, Reply::too_many_requests(0));
    let client = ovh
        .client_builder()
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    assert_eq!(client.me().bill().get().await.unwrap(), ["FR1"]);
    let statuses: Vec<u16> = rule.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429, 200]);
}

#[tokio::test]
async fn typed_and_string_rules_share_one_order() {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me/bill/{billId}")
        .reply_error(500, "any bill");
    ovh.on_call(|c| c.me().bill().bill_id("FR1").get())
        .reply(&Bill::default());
    let client = ovh
        .client_builder()
        .retry_policy(ovh_api::RetryPolicy::none())
        .build()
        .unwrap();
    // The typed rule is the latest for FR1; the pattern still answers the others.
    assert!(client.me().bill().bill_id("FR1").get().await.is_ok());
    let other = client.me().bill().bill_id("FR2").get().await.unwrap_err();
    assert_eq!(other.status(), Some(500));
    // A later string rule wins over the typed one.
    ovh.on("GET", "/me/bill/FR1").reply_error(410, "later");
    let later = client.me().bill().bill_id("FR1").get().await.unwrap_err();
    assert_eq!(later.status(), Some(410));
}

#[tokio::test]
async fn batch_gets_answer_each_id_from_its_typed_rule() {
    let ovh = MockOvh::start().await;
    ovh.on_call(|c| c.me().bill().bill_id("FR1").get())
        .reply(&Bill::default());
    let client = ovh.client();
    let results = client
        .me()
        .bill()
        .bill_id_batch(["FR1", "FR2"])
        .await
        .unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap(), &Bill::default());
    assert!(results[1].is_err(), "no rule for FR2: {:?}", results[1]);
}

#[tokio::test]
async fn a_call_that_cannot_be_built_matches_nothing() {
    let ovh = MockOvh::start().await;
    // An empty id is no path segment: the call fails before sending anything.
    let rule = ovh
        .on_call(|c| c.me().bill().bill_id("").get())
        .reply(&Bill::default());
    let error = ovh
        .client()
        .me()
        .bill()
        .bill_id("")
        .get()
        .await
        .unwrap_err();
    assert_eq!(error.status(), None, "{error}");
    assert_eq!(rule.hits(), 0);
    assert!(ovh.requests().is_empty());
}

#[tokio::test]
async fn the_untyped_rule_answers_anything() {
    let ovh = MockOvh::start().await;
    ovh.on_call(|c| c.me().bill().get())
        .untyped()
        .reply_raw(200, "application/json", "{not json");
    let error = ovh.client().me().bill().get().await.unwrap_err();
    assert_eq!(error.status(), Some(200), "{error}");
}
