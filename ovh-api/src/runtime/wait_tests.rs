//! The waiter end to end against the mock, with a hand-made task family (the generated
//! ones are tested in the workspace's `tests/`). A paused clock: no real sleeping, and the
//! times asserted are the runtime's.

use std::time::Duration;

use futures::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::time::Instant;

use crate::mock::{MockOvh, Reply};
use crate::runtime::access::Operation;
use crate::runtime::method::Method;
use crate::runtime::request::ApiRequest;
use crate::runtime::task::{TaskPoll, TaskRequest};
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
