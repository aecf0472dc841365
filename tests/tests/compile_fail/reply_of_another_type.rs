// A typed mock rule only replies with its call's answer type (`tests/compile_fail.rs`).
use ovh_api::mock::MockOvh;

fn rules(mock: &MockOvh) {
    // GET /me/bill/{billId} answers a `models::billing::Bill`, not text.
    mock.on_call(|c| c.me().bill().bill_id("FR1").get()).reply(&"text");
    // A /v2 list answers every item, a `Vec<String>`, not one of them.
    mock.on_call(|c| c.v2().iam().log().subscription().get())
        .reply(&"sub-1".to_string());
}

fn main() {
    let _ = rules;
}
