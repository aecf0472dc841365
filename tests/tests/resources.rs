//! What the generator links for waiting, end to end against `ovh_api::mock`: any `GET`'s
//! `.wait_until`, a /v2 resource's `.wait_ready()`, the `.wait()` of a `PUT` and of a `POST`
//! into a collection (the resource's own `GET` until `READY`), of a `DELETE` (until that
//! `GET` answers 404), and `modify` (read, change the target spec, `PUT` with the checksum
//! read, again when it was stale). A paused clock: no real sleeping.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use ovh_api::mock::{MockOvh, Reply};
use ovh_api::models::nichandle::Nichandle;
use ovh_api::models::v2::public_cloud::project::{
    ProjectAsync, ProjectAsyncWithIam, ProjectCreation,
};
use ovh_api::models::v2::public_cloud::rancher::Rancher;
use ovh_api::models::v2::vrack_services::{
    ResourceStatusEnum, VrackServices, VrackServicesInput, VrackServicesWithIam,
};
use ovh_api::WaitPolicy;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

const VRS: &str = "vrs-abc-123";
const PROJECT: &str = "0123456789abcdef";

fn policy() -> WaitPolicy {
    WaitPolicy::default()
        .initial_delay(Duration::ZERO)
        .interval(Duration::from_millis(20))
        .timeout(Duration::from_secs(5))
}

fn decoded<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).unwrap()
}

/// A vRack Services resource as OVH answers it: `status`, the `checksum` of its target spec,
/// one subnet.
fn vrack(status: &str, checksum: &str) -> Value {
    json!({
        "id": VRS,
        "checksum": checksum,
        "createdAt": "2026-12-06T10:00:00Z",
        "updatedAt": "2026-12-06T10:00:00Z",
        "currentTasks": [],
        "resourceStatus": status,
        "targetSpec": {"subnets": [{
            "cidr": "10.0.0.0/24",
            "serviceRange": {"cidr": "10.0.0.0/29"},
            "serviceEndpoints": [],
            "vlan": 30,
        }]},
    })
}

/// The requests sent to `path` (under the endpoint), by method.
fn sent(mock: &MockOvh, method: &str, path: &str) -> usize {
    mock.requests()
        .iter()
        .filter(|r| r.method == method && r.path.ends_with(path))
        .count()
}

#[tokio::test(start_paused = true)]
async fn any_get_waits_until_a_condition_holds() {
    let mock = MockOvh::start().await;
    let named = |firstname: &str| Nichandle {
        firstname: Some(firstname.into()),
        ..Nichandle::default()
    };
    mock.on_call(|c| c.me().get())
        .reply_values([named("Ad"), named("Ad"), named("Ada")]);
    let me = mock
        .client()
        .me()
        .get()
        .wait_until_with(policy(), |me| me.firstname.as_deref() == Some("Ada"))
        .await
        .unwrap();
    assert_eq!(me.firstname.as_deref(), Some("Ada"));
    assert_eq!(sent(&mock, "GET", "/me"), 3);
}

#[tokio::test(start_paused = true)]
async fn a_resource_get_waits_until_ready() {
    let mock = MockOvh::start().await;
    let values: Vec<VrackServicesWithIam> = ["UPDATING", "UPDATING", "READY"]
        .into_iter()
        .map(|s| decoded(vrack(s, "c1")))
        .collect();
    mock.on_call(|c| {
        c.v2()
            .vrack_services()
            .resource()
            .vrack_services_id(VRS)
            .get()
    })
    .reply_values(values);
    let ready = mock
        .client()
        .v2()
        .vrack_services()
        .resource()
        .vrack_services_id(VRS)
        .get()
        .wait_ready_with(policy())
        .await
        .unwrap();
    assert_eq!(ready.resource_status, Some(ResourceStatusEnum::Ready));
    assert_eq!(sent(&mock, "GET", VRS), 3);
}

#[tokio::test(start_paused = true)]
async fn a_put_waits_for_its_resource_to_be_ready() {
    let mock = MockOvh::start().await;
    let node = |c: &ovh_api::Client| c.v2().vrack_services().resource().vrack_services_id(VRS);
    let input: VrackServicesInput = decoded(json!({
        "checksum": "c1",
        "targetSpec": {"subnets": []},
    }));
    let answer: VrackServices = decoded(vrack("UPDATING", "c2"));
    mock.on_call(|c| node(c).put(&input)).reply(&answer);
    let polled: Vec<VrackServicesWithIam> = ["UPDATING", "READY"]
        .into_iter()
        .map(|s| decoded(vrack(s, "c2")))
        .collect();
    mock.on_call(|c| node(c).get()).reply_values(polled);
    let ready = node(&mock.client())
        .put(&input)
        .wait_with(policy())
        .await
        .unwrap();
    assert_eq!(ready.resource_status, Some(ResourceStatusEnum::Ready));
    assert_eq!((sent(&mock, "PUT", VRS), sent(&mock, "GET", VRS)), (1, 2));
}

/// The new project's id is in the `POST`'s answer: its `GET` is read with it.
#[tokio::test(start_paused = true)]
async fn a_post_into_a_collection_polls_the_new_resource() {
    let mock = MockOvh::start().await;
    let project = |status: &str| {
        json!({
            "id": PROJECT,
            "createdAt": "2026-12-06T10:00:00Z",
            "updatedAt": "2026-12-06T10:00:00Z",
            "currentTasks": [],
            "resourceStatus": status,
            "targetSpec": {"mode": "CLASSIC", "name": "demo"},
        })
    };
    let creation: ProjectCreation =
        decoded(json!({"targetSpec": {"mode": "CLASSIC", "name": "demo"}}));
    let created: ProjectAsync = decoded(project("CREATING"));
    mock.on_call(|c| c.v2().public_cloud().project().post(&creation))
        .reply(&created);
    let polled: Vec<ProjectAsyncWithIam> = ["CREATING", "READY"]
        .into_iter()
        .map(|s| decoded(project(s)))
        .collect();
    mock.on_call(|c| c.v2().public_cloud().project().project_id(PROJECT).get())
        .reply_values(polled);
    let ready = mock
        .client()
        .v2()
        .public_cloud()
        .project()
        .post(&creation)
        .wait_with(policy())
        .await
        .unwrap();
    assert_eq!(ready.id, PROJECT);
    let path = format!("/publicCloud/project/{PROJECT}");
    assert_eq!(sent(&mock, "GET", &path), 2);
}

#[tokio::test(start_paused = true)]
async fn a_delete_waits_until_its_resource_answers_404() {
    let mock = MockOvh::start().await;
    let rancher = json!({
        "id": "r-1",
        "createdAt": "2026-12-06T10:00:00Z",
        "updatedAt": "2026-12-06T10:00:00Z",
        "currentTasks": [],
        "resourceStatus": "DELETING",
        "targetSpec": {"name": "demo", "plan": "STANDARD", "version": "2.8"},
    });
    let node = |c: &ovh_api::Client| {
        c.v2()
            .public_cloud()
            .project()
            .project_id(PROJECT)
            .rancher()
            .rancher_id("r-1")
    };
    let deleting: Rancher = decoded(rancher.clone());
    mock.on_call(|c| node(c).delete()).reply(&deleting);
    mock.on(
        "GET",
        &format!("/v2/publicCloud/project/{PROJECT}/rancher/r-1"),
    )
    .reply_sequence([
        Reply::json(200, &rancher),
        Reply::error(404, "This rancher does not exist"),
    ]);
    let answer = node(&mock.client())
        .delete()
        .wait_with(policy())
        .await
        .unwrap();
    assert_eq!(answer.id, "r-1");
    assert_eq!(sent(&mock, "GET", "/rancher/r-1"), 2);
}

/// A stale checksum (409) is read again: the change runs on the fresh spec, and the second
/// `PUT` sends the fresh checksum.
#[tokio::test(start_paused = true)]
async fn modify_puts_the_changed_spec_with_the_checksum_read() {
    let mock = MockOvh::start().await;
    let node = |c: &ovh_api::Client| c.v2().vrack_services().resource().vrack_services_id(VRS);
    let reads: Vec<VrackServicesWithIam> = [vrack("READY", "c1"), vrack("READY", "c2")]
        .into_iter()
        .map(decoded)
        .collect();
    mock.on_call(|c| node(c).get()).reply_values(reads);
    let written: Value = vrack("UPDATING", "c3");
    mock.on("PUT", &format!("/v2/vrackServices/resource/{VRS}"))
        .reply_sequence([
            Reply::error(409, "The checksum is not the current one"),
            Reply::json(200, &written),
        ]);
    let changes = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&changes);
    let answer = node(&mock.client())
        .modify(move |spec| {
            counted.fetch_add(1, Ordering::SeqCst);
            spec.subnets.clear();
        })
        .await
        .unwrap();
    assert_eq!(answer.checksum, "c3");
    assert_eq!(changes.load(Ordering::SeqCst), 2);
    let bodies: Vec<Value> = mock
        .requests()
        .iter()
        .filter(|r| r.method == "PUT")
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(
        bodies,
        [
            json!({"checksum": "c1", "targetSpec": {"subnets": []}}),
            json!({"checksum": "c2", "targetSpec": {"subnets": []}}),
        ]
    );
}
