//! Long-running operations end to end: a typed operation answering a task waits for it
//! (`.wait()`, `.wait_with(policy)`, `.watch()`), against `ovh_api::mock` playing the task's
//! statuses. A paused clock: no real sleeping, and the times asserted are the runtime's.

use std::time::Duration;

use futures::StreamExt;
use ovh_api::mock::{MockOvh, Reply};
use ovh_api::models::dedicated::server::Task;
use ovh_api::models::dedicated::TaskStatusEnum;
use ovh_api::{Error, TaskModel, TaskState, WaitPolicy};
use serde_json::json;

const SERVER: &str = "ns1.example.net";

/// The task OVH answers a reboot with, in the given status.
fn task(status: &str) -> Task {
    serde_json::from_value(json!({
        "taskId": 1,
        "function": "hardReboot",
        "status": status,
        "startDate": "2026-12-06T10:00:00+01:00",
        "lastUpdate": "2026-12-06T10:00:00+01:00",
        "needSchedule": false,
        "comment": null,
        "doneDate": null,
    }))
    .unwrap()
}

fn policy() -> WaitPolicy {
    WaitPolicy::default()
        .initial_delay(Duration::ZERO)
        .interval(Duration::from_millis(20))
        .timeout(Duration::from_secs(5))
}

/// The mock answering the reboot with a `todo` task, and its task GET with `statuses`.
async fn mock(statuses: &[&str]) -> MockOvh {
    let mock = MockOvh::start().await;
    mock.on_call(|c| c.dedicated().server().service_name(SERVER).reboot().post())
        .reply(&task("todo"));
    mock.on_call(|c| {
        c.dedicated()
            .server()
            .service_name(SERVER)
            .task()
            .task_id(1)
            .get()
    })
    .reply_task(&task("todo"), statuses);
    mock
}

fn polls(mock: &MockOvh) -> usize {
    let path = format!("/1.0/dedicated/server/{SERVER}/task/1");
    mock.requests().iter().filter(|r| r.path == path).count()
}

#[tokio::test(start_paused = true)]
async fn a_reboot_waits_for_its_task_to_be_done() {
    let mock = mock(&["todo", "doing", "done"]).await;
    let client = mock.client();
    let done = client
        .dedicated()
        .server()
        .service_name(SERVER)
        .reboot()
        .post()
        .wait_with(policy())
        .await
        .unwrap();
    assert_eq!(done.status, Some(TaskStatusEnum::Done));
    assert_eq!(done.state(), TaskState::Succeeded);
    assert_eq!(done.task_id, 1);
    assert_eq!(polls(&mock), 3);
    assert!(mock.requests().iter().all(|r| r.signature.is_valid()));
}

#[tokio::test(start_paused = true)]
async fn a_task_in_ovh_error_fails_the_wait() {
    let mock = mock(&["todo", "ovhError"]).await;
    let err = mock
        .client()
        .dedicated()
        .server()
        .service_name(SERVER)
        .reboot()
        .post()
        .wait_with(policy())
        .await
        .unwrap_err();
    let Error::TaskFailed(failure) = &err else {
        panic!("not a task failure: {err:?}")
    };
    assert_eq!(failure.status(), Some("ovhError"));
    let last: Task = failure.last_as().unwrap();
    assert_eq!(last.status, Some(TaskStatusEnum::OvhError));
    assert_eq!(polls(&mock), 2);
}

#[tokio::test(start_paused = true)]
async fn a_task_forever_todo_times_out() {
    let mock = mock(&["todo"]).await;
    let client = mock.client();
    client.time_delta().await.unwrap();
    let started = tokio::time::Instant::now();
    let err = client
        .dedicated()
        .server()
        .service_name(SERVER)
        .reboot()
        .post()
        .wait_with(policy())
        .await
        .unwrap_err();
    let Error::WaitTimeout(timeout) = &err else {
        panic!("not a timeout: {err:?}")
    };
    assert!(started.elapsed() >= Duration::from_secs(5));
    assert_eq!(timeout.status(), Some("todo"));
    assert_eq!(err.kind_name(), "wait-timeout");
}

#[tokio::test(start_paused = true)]
async fn the_default_policy_waits_minutes_not_seconds() {
    let mock = mock(&["todo"]).await;
    let client = mock.client();
    client.time_delta().await.unwrap();
    let started = tokio::time::Instant::now();
    let err = client
        .dedicated()
        .server()
        .service_name(SERVER)
        .reboot()
        .post()
        .wait()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::WaitTimeout(_)), "{err:?}");
    // Two hours, polled at most once a minute after the first few.
    assert!(started.elapsed() >= Duration::from_secs(2 * 60 * 60));
    assert!(polls(&mock) < 2 * 60 + 20, "{}", polls(&mock));
}

#[tokio::test(start_paused = true)]
async fn watching_a_reboot_gives_every_status() {
    let mock = mock(&["doing", "done"]).await;
    let statuses: Vec<String> = mock
        .client()
        .dedicated()
        .server()
        .service_name(SERVER)
        .reboot()
        .post()
        .watch_with(policy())
        .map(|task| task.unwrap().status.unwrap().as_str().to_owned())
        .collect()
        .await;
    assert_eq!(statuses, ["todo", "doing", "done"]);
}

#[tokio::test(start_paused = true)]
async fn a_task_id_read_later_is_waited_for_from_its_own_get() {
    let mock = mock(&["doing", "done"]).await;
    let done = mock
        .client()
        .dedicated()
        .server()
        .service_name(SERVER)
        .task()
        .task_id(1)
        .get()
        .wait_with(policy())
        .await
        .unwrap();
    assert_eq!(done.status, Some(TaskStatusEnum::Done));
}

#[tokio::test(start_paused = true)]
async fn a_refused_reboot_is_its_own_error_and_nothing_is_polled() {
    let mock = mock(&["done"]).await;
    mock.on_call(|c| c.dedicated().server().service_name(SERVER).reboot().post())
        .reply_error(403, "This call has not been granted");
    let err = mock
        .client()
        .dedicated()
        .server()
        .service_name(SERVER)
        .reboot()
        .post()
        .wait_with(policy())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(403));
    assert_eq!(polls(&mock), 0);
}

#[tokio::test(start_paused = true)]
async fn a_transient_error_while_polling_is_polled_through() {
    let mock = mock(&["done"]).await;
    mock.on("GET", "/dedicated/server/{serviceName}/task/{taskId}")
        .reply_sequence([
            Reply::error(503, "maintenance"),
            Reply::json(200, &task("done")),
        ]);
    let client = mock
        .client_builder()
        .retry_policy(ovh_api::RetryPolicy::none())
        .build()
        .unwrap();
    let done = client
        .dedicated()
        .server()
        .service_name(SERVER)
        .reboot()
        .post()
        .wait_with(policy())
        .await
        .unwrap();
    assert_eq!(done.status, Some(TaskStatusEnum::Done));
    assert_eq!(polls(&mock), 2);
}
