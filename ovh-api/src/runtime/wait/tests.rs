//! The waiter end to end against the mock, with a hand-made task family (the generated
//! ones are tested in the workspace's `tests/`). A paused clock: no real sleeping, and the
//! times asserted are the runtime's.

use std::time::Duration;

use futures::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::time::Instant;

use crate::mock::{MockOvh, Reply};
use crate::runtime::auth::access::Operation;
use crate::runtime::call::method::Method;
use crate::runtime::call::raw_request::ApiRequest;
use crate::runtime::wait::task::{TaskPoll, TaskRequest};
use crate::{Error, Request, TaskFamily, TaskModel, TaskState, WaitPolicy};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Task {
    #[serde(rename = "taskId")]
    task_id: i64,
    status: String,
    comment: Option<String>,
}

impl TaskModel for Task {
    const FAMILY: TaskFamily = TaskFamily::new("fake.Task", "taskId", "status")
        .messages(&["comment"])
        .success(&["done"])
        .failure(&["ovhError", "cancelled"])
        .pending(&["todo", "doing"]);
}

fn task(status: &str) -> Task {
    Task {
        task_id: 7,
        status: status.into(),
        comment: None,
    }
}

/// `POST /fake/{serviceName}/reboot` on `s1`, answering a task read at
/// `GET /fake/{serviceName}/task/{taskId}`.
fn reboot(client: &crate::Client) -> TaskRequest<Task> {
    let operation = Operation {
        template: "/fake/{serviceName}/reboot",
        iam_actions: &[],
    };
    Request::with_task(
        ApiRequest::from_operation(client, Method::Post, operation, &["s1"]),
        TaskPoll::new(
            client,
            "/fake/{serviceName}/task/{taskId}",
            &[],
            vec!["s1".into()],
        ),
    )
}

fn quick() -> WaitPolicy {
    WaitPolicy::default()
        .initial_delay(Duration::ZERO)
        .interval(Duration::from_millis(20))
        .timeout(Duration::from_secs(5))
}

async fn mock_with_reboot(statuses: &[&str]) -> MockOvh {
    let mock = MockOvh::start().await;
    mock.on("POST", "/fake/s1/reboot").reply(&task("todo"));
    mock.on("GET", "/fake/s1/task/7")
        .reply_statuses(&task("todo"), "status", statuses);
    mock
}

fn polls(mock: &MockOvh) -> usize {
    mock.requests()
        .iter()
        .filter(|r| r.path == "/1.0/fake/s1/task/7")
        .count()
}

#[tokio::test(start_paused = true)]
async fn a_task_is_polled_until_done() {
    let mock = mock_with_reboot(&["todo", "doing", "done"]).await;
    let done = reboot(&mock.client()).wait_with(quick()).await.unwrap();
    assert_eq!(done, task("done"));
    assert_eq!(done.state(), TaskState::Succeeded);
    assert_eq!(polls(&mock), 3);
}

#[tokio::test(start_paused = true)]
async fn the_polls_follow_the_policy_delays() {
    let mock = mock_with_reboot(&["todo", "todo", "todo", "done"]).await;
    let policy = WaitPolicy::default()
        .initial_delay(Duration::from_secs(1))
        .interval(Duration::from_secs(10))
        .backoff(2.0)
        .max_interval(Duration::from_secs(15));
    let client = mock.client();
    client.time_delta().await.unwrap();
    let started = Instant::now();
    reboot(&client).wait_with(policy).await.unwrap();
    // 1 s, then 10 s, then 20 s capped to 15 s, then 15 s: four polls, 41 s of waiting.
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_secs(41), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(42), "{elapsed:?}");
    assert_eq!(polls(&mock), 4);
}

#[tokio::test(start_paused = true)]
async fn a_failed_task_is_an_error_with_its_comment() {
    let mock = MockOvh::start().await;
    mock.on("POST", "/fake/s1/reboot").reply(&task("todo"));
    let failed = Task {
        comment: Some("disk not found".into()),
        ..task("ovhError")
    };
    mock.on("GET", "/fake/s1/task/7")
        .reply_sequence([Reply::json(200, &task("todo")), Reply::json(200, &failed)]);
    let err = reboot(&mock.client()).wait_with(quick()).await.unwrap_err();
    let Error::TaskFailed(failure) = &err else {
        panic!("not a task failure: {err:?}")
    };
    assert_eq!(failure.status(), Some("ovhError"));
    assert_eq!(failure.message(), Some("disk not found"));
    assert_eq!(failure.last_as::<Task>().unwrap(), failed);
    assert_eq!(
        err.to_string(),
        "task 7 (fake.Task) at /fake/{serviceName}/task/{taskId} failed with status \"ovhError\": disk not found"
    );
    assert_eq!(err.kind_name(), "task-failed");
}

#[tokio::test(start_paused = true)]
async fn a_task_that_never_finishes_times_out() {
    let mock = mock_with_reboot(&["todo"]).await;
    let client = mock.client();
    client.time_delta().await.unwrap();
    let started = Instant::now();
    let err = reboot(&client).wait_with(quick()).await.unwrap_err();
    let Error::WaitTimeout(timeout) = &err else {
        panic!("not a timeout: {err:?}")
    };
    assert!(started.elapsed() >= Duration::from_secs(5));
    assert!(started.elapsed() < Duration::from_secs(6));
    assert_eq!(timeout.status(), Some("todo"));
    assert!(!timeout.status_is_unknown());
    assert_eq!(timeout.last_as::<Task>().unwrap().unwrap(), task("todo"));
    assert!(timeout.polls() > 10, "{timeout:?}");
}

#[tokio::test(start_paused = true)]
async fn a_status_the_sdk_does_not_know_is_pending_and_named_on_timeout() {
    let mock = mock_with_reboot(&["todo", "waitingForCustomer"]).await;
    let err = reboot(&mock.client()).wait_with(quick()).await.unwrap_err();
    let Error::WaitTimeout(timeout) = &err else {
        panic!("not a timeout: {err:?}")
    };
    assert_eq!(timeout.status(), Some("waitingForCustomer"));
    assert!(timeout.status_is_unknown());
    assert!(
        err.to_string()
            .contains("\"waitingForCustomer\" is not a value this SDK knows"),
        "{err}"
    );
}

#[tokio::test(start_paused = true)]
async fn transient_answers_while_polling_are_not_final() {
    let mock = MockOvh::start().await;
    mock.on("POST", "/fake/s1/reboot").reply(&task("todo"));
    mock.on("GET", "/fake/s1/task/7").reply_sequence([
        Reply::error(404, "The requested object (taskId = 7) does not exist"),
        Reply::error(500, "Internal server error"),
        Reply::json(200, &task("doing")),
        Reply::json(200, &task("done")),
    ]);
    let client = mock
        .client_builder()
        .retry_policy(crate::RetryPolicy::none())
        .build()
        .unwrap();
    let done = reboot(&client).wait_with(quick()).await.unwrap();
    assert_eq!(done.status, "done");
    assert_eq!(polls(&mock), 4);
}

#[tokio::test(start_paused = true)]
async fn a_404_after_the_grace_period_is_final() {
    let mock = MockOvh::start().await;
    mock.on("POST", "/fake/s1/reboot").reply(&task("todo"));
    mock.on("GET", "/fake/s1/task/7")
        .reply_error(404, "The requested object (taskId = 7) does not exist");
    let policy = quick().not_found_grace(Duration::from_millis(100));
    let err = reboot(&mock.client()).wait_with(policy).await.unwrap_err();
    assert_eq!(err.status(), Some(404), "{err:?}");
    assert!(polls(&mock) >= 5, "{}", polls(&mock));
}

#[tokio::test(start_paused = true)]
async fn a_failed_call_is_returned_without_polling() {
    let mock = MockOvh::start().await;
    mock.on("POST", "/fake/s1/reboot")
        .reply_error(403, "This call has not been granted");
    let err = reboot(&mock.client()).wait_with(quick()).await.unwrap_err();
    assert_eq!(err.status(), Some(403));
    assert_eq!(polls(&mock), 0);
}

#[tokio::test(start_paused = true)]
async fn watching_gives_every_value_seen() {
    let mock = mock_with_reboot(&["doing", "doing", "done"]).await;
    let seen: Vec<String> = reboot(&mock.client())
        .watch_with(quick())
        .map(|task| task.unwrap().status)
        .collect()
        .await;
    assert_eq!(seen, ["todo", "doing", "doing", "done"]);
}

#[tokio::test(start_paused = true)]
async fn a_task_already_finished_is_not_polled() {
    let mock = MockOvh::start().await;
    mock.on("POST", "/fake/s1/reboot").reply(&task("done"));
    let done = reboot(&mock.client()).wait_with(quick()).await.unwrap();
    assert_eq!(done.status, "done");
    assert_eq!(polls(&mock), 0);
}

#[tokio::test(start_paused = true)]
async fn a_task_without_an_id_is_an_error() {
    let mock = MockOvh::start().await;
    mock.on("POST", "/fake/s1/reboot")
        .reply(&json!({"taskId": null, "status": "todo"}));
    // Decoding fails first here (taskId is not optional), which is an error too: never a
    // wait on task 0.
    let err = reboot(&mock.client()).wait_with(quick()).await.unwrap_err();
    assert!(matches!(err, Error::InvalidResponse { .. }), "{err:?}");
    assert_eq!(polls(&mock), 0);
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct VanishingTask {
    id: i64,
    status: String,
}

impl TaskModel for VanishingTask {
    const FAMILY: TaskFamily = TaskFamily::new("fake.VanishingTask", "id", "status")
        .success(&["done"])
        .pending(&["init", "todo"])
        .gone_means_done();
}

#[tokio::test(start_paused = true)]
async fn a_family_whose_tasks_vanish_ends_well_on_404() {
    let mock = MockOvh::start().await;
    let todo = VanishingTask {
        id: 3,
        status: "todo".into(),
    };
    mock.on("POST", "/fake/s1/move").reply(&todo);
    mock.on("GET", "/fake/s1/task/3").reply_sequence([
        Reply::json(200, &todo),
        Reply::error(404, "The requested object (id = 3) does not exist"),
    ]);
    let client = mock.client();
    let operation = Operation {
        template: "/fake/{serviceName}/move",
        iam_actions: &[],
    };
    let call: TaskRequest<VanishingTask> = Request::with_task(
        ApiRequest::from_operation(&client, Method::Post, operation, &["s1"]),
        TaskPoll::new(
            &client,
            "/fake/{serviceName}/task/{id}",
            &[],
            vec!["s1".into()],
        ),
    );
    // The last value seen is returned: the task as it was before it vanished.
    assert_eq!(call.wait_with(quick()).await.unwrap(), todo);
}

#[tokio::test(start_paused = true)]
async fn dropping_the_wait_stops_polling() {
    let mock = mock_with_reboot(&["todo"]).await;
    let client = mock.client();
    let wait = tokio::spawn(reboot(&client).wait_with(quick()));
    tokio::time::sleep(Duration::from_millis(500)).await;
    wait.abort();
    let _ = wait.await;
    let after_abort = polls(&mock);
    assert!(after_abort > 0);
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(polls(&mock), after_abort);
}

// Any condition on a GET, and /v2 resources.

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Resource {
    id: String,
    #[serde(rename = "resourceStatus")]
    resource_status: String,
    #[serde(rename = "currentTasks", default)]
    current_tasks: Vec<serde_json::Value>,
}

impl crate::ResourceModel for Resource {}

fn resource(status: &str) -> Resource {
    Resource {
        id: "r1".into(),
        resource_status: status.into(),
        current_tasks: Vec::new(),
    }
}

fn call<T>(client: &crate::Client, method: Method, template: &'static str) -> ApiRequest<T> {
    let operation = Operation {
        template,
        iam_actions: &[],
    };
    ApiRequest::from_operation(client, method, operation, &["p1"])
}

fn resource_poll(client: &crate::Client) -> crate::ResourcePoll {
    crate::ResourcePoll::new(
        client,
        "/v2/thing/{projectId}/item/{itemId}",
        &[],
        vec!["p1".into()],
    )
}

fn reads(mock: &MockOvh) -> usize {
    mock.requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path == "/v2/thing/p1/item/r1")
        .count()
}

#[tokio::test(start_paused = true)]
async fn wait_until_sends_the_get_again_until_the_condition_holds() {
    let mock = MockOvh::start().await;
    mock.on("GET", "/1.0/thing/p1").reply_sequence(
        ["BUILD", "BUILD", "ACTIVE"].map(|s| Reply::json(200, &json!({"status": s}))),
    );
    let client = mock.client();
    let get: crate::GetRequest<serde_json::Value> =
        Request::reread(call(&client, Method::Get, "/thing/{serviceName}"));
    let active = get
        .wait_until_with(quick(), |v| v["status"] == "ACTIVE")
        .await
        .unwrap();
    assert_eq!(active, json!({"status": "ACTIVE"}));
    assert_eq!(mock.requests().len(), 3);
}

#[tokio::test(start_paused = true)]
async fn wait_until_times_out_with_the_last_answer() {
    let mock = MockOvh::start().await;
    mock.on("GET", "/1.0/thing/p1")
        .reply(&json!({"status": "BUILD"}));
    let client = mock.client();
    let get: crate::GetRequest<serde_json::Value> =
        Request::reread(call(&client, Method::Get, "/thing/{serviceName}"));
    let err = get
        .wait_until_with(quick(), |v| v["status"] == "ACTIVE")
        .await
        .unwrap_err();
    let Error::WaitTimeout(timeout) = &err else {
        panic!("not a timeout: {err:?}")
    };
    assert_eq!(timeout.last(), Some(&json!({"status": "BUILD"})));
    assert_eq!(timeout.what(), "a condition on GET /thing/p1");
}

#[tokio::test(start_paused = true)]
async fn wait_ready_polls_a_resource_until_ready_and_fails_on_error() {
    let mock = MockOvh::start().await;
    mock.on("GET", "/v2/thing/p1/item/r1").reply_statuses(
        &resource("CREATING"),
        "resourceStatus",
        ["CREATING", "UPDATING", "READY"],
    );
    let client = mock.client();
    let get: crate::GetRequest<Resource> =
        Request::reread(call(&client, Method::Get, "/v2/thing/{projectId}/item/r1"));
    assert_eq!(
        get.wait_ready_with(quick()).await.unwrap(),
        resource("READY")
    );
    assert_eq!(reads(&mock), 3);

    let failed = Resource {
        current_tasks: vec![
            json!({"id": "t9", "type": "CreateItem", "status": "ERROR", "link": "/v2/thing/p1/item/r1/task/t9"}),
        ],
        ..resource("ERROR")
    };
    mock.on("GET", "/v2/thing/p1/item/r1").reply(&failed);
    let get: crate::GetRequest<Resource> =
        Request::reread(call(&client, Method::Get, "/v2/thing/{projectId}/item/r1"));
    let err = get.wait_ready_with(quick()).await.unwrap_err();
    let Error::TaskFailed(failure) = &err else {
        panic!("not a failure: {err:?}")
    };
    assert_eq!(failure.status(), Some("ERROR"));
    assert_eq!(failure.message(), Some("CreateItem ERROR (t9)"));
}

#[tokio::test(start_paused = true)]
async fn a_created_resource_is_read_at_its_own_get_until_ready() {
    let mock = MockOvh::start().await;
    mock.on("POST", "/v2/thing/p1/item")
        .reply(&resource("CREATING"));
    mock.on("GET", "/v2/thing/p1/item/r1").reply_statuses(
        &resource("CREATING"),
        "resourceStatus",
        ["CREATING", "READY"],
    );
    let client = mock.client();
    let post: crate::ResourceRequest<Resource> = Request::with_resource(
        call(&client, Method::Post, "/v2/thing/{projectId}/item"),
        resource_poll(&client),
    );
    assert_eq!(post.wait_with(quick()).await.unwrap(), resource("READY"));
    assert_eq!(reads(&mock), 2);
}

#[tokio::test(start_paused = true)]
async fn a_deleted_resource_is_read_until_it_is_gone() {
    let mock = MockOvh::start().await;
    mock.on("DELETE", "/v2/thing/p1/item/r1")
        .reply(&resource("DELETING"));
    mock.on("GET", "/v2/thing/p1/item/r1").reply_sequence([
        Reply::json(200, &resource("DELETING")),
        Reply::json(200, &resource("DELETING")),
        Reply::error(404, "not found"),
    ]);
    let client = mock.client();
    let operation = Operation {
        template: "/v2/thing/{projectId}/item/{itemId}",
        iam_actions: &[],
    };
    let poll = crate::ResourcePoll::new(
        &client,
        "/v2/thing/{projectId}/item/{itemId}",
        &[],
        vec!["p1".into(), "r1".into()],
    );
    let delete: crate::DeleteRequest<Resource> = Request::with_gone(
        ApiRequest::from_operation(&client, Method::Delete, operation, &["p1", "r1"]),
        poll,
    );
    assert_eq!(
        delete.wait_with(quick()).await.unwrap(),
        resource("DELETING")
    );
    assert_eq!(reads(&mock), 3);
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Spec {
    name: String,
    size: u32,
}

#[tokio::test(start_paused = true)]
async fn modify_puts_the_changed_spec_with_the_checksum_and_retries_a_stale_one() {
    let mock = MockOvh::start().await;
    let read = |checksum: &str, size: u32| {
        Reply::json(
            200,
            &json!({"id": "r1", "checksum": checksum, "resourceStatus": "READY", "targetSpec": {"name": "web", "size": size}}),
        )
    };
    mock.on("GET", "/v2/thing/p1")
        .reply_sequence([read("c1", 1), read("c2", 2)]);
    mock.on("PUT", "/v2/thing/p1").reply_sequence([
        Reply::error(409, "checksum mismatch"),
        Reply::json(200, &resource("UPDATING")),
    ]);
    let node = crate::runtime::call::node::PathNode::new(&mock.client()).param("p1");
    let updated: Resource = node
        .modify(
            ("/v2/thing/{projectId}", &[]),
            ("/v2/thing/{projectId}", &[]),
            |spec: &mut Spec| spec.size += 10,
        )
        .await
        .unwrap();
    assert_eq!(updated, resource("UPDATING"));
    let puts: Vec<serde_json::Value> = mock
        .requests()
        .iter()
        .filter(|r| r.method == "PUT")
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(
        puts,
        [
            json!({"checksum": "c1", "targetSpec": {"name": "web", "size": 11}}),
            json!({"checksum": "c2", "targetSpec": {"name": "web", "size": 12}}),
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn modify_gives_up_after_its_attempts() {
    let mock = MockOvh::start().await;
    mock.on("GET", "/v2/thing/p1")
        .reply(&json!({"checksum": "c", "targetSpec": {"name": "web", "size": 1}}));
    mock.on("PUT", "/v2/thing/p1")
        .reply_error(412, "checksum mismatch");
    let node = crate::runtime::call::node::PathNode::new(&mock.client()).param("p1");
    let err = node
        .modify::<Spec, Resource, _>(
            ("/v2/thing/{projectId}", &[]),
            ("/v2/thing/{projectId}", &[]),
            |spec| spec.size = 2,
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(412));
    let puts = mock.requests().iter().filter(|r| r.method == "PUT").count();
    assert_eq!(puts as u32, crate::MODIFY_ATTEMPTS);
}

#[tokio::test(start_paused = true)]
async fn wait_until_takes_a_first_404_as_not_yet() {
    let mock = MockOvh::start().await;
    mock.on("GET", "/1.0/thing/p1").reply_sequence([
        Reply::error(404, "not yet"),
        Reply::json(200, &json!({"value": "ready"})),
    ]);
    let client = mock.client();
    client.time_delta().await.unwrap();
    let started = Instant::now();
    let get: crate::GetRequest<serde_json::Value> =
        Request::reread(call(&client, Method::Get, "/thing/{serviceName}"));
    let ready = get
        .wait_until_with(quick().initial_delay(Duration::from_secs(1)), |v| {
            v["value"] == "ready"
        })
        .await
        .unwrap();
    assert_eq!(ready, json!({"value": "ready"}));
    // The first GET at once, the second after the initial delay.
    assert_eq!(started.elapsed().as_secs(), 1);
    assert_eq!(mock.requests().len(), 2);
}
