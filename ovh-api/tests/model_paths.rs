//! A model's enums are named from the model's own module: OVH often defines them one
//! namespace up (`dedicated.server.Task.status` is a `dedicated.TaskStatusEnum`), and codegen
//! re-exports such an enum next to the models using it.
#![cfg(feature = "dedicated-server")]

use ovh_api::models::dedicated::server::{Task, TaskStatusEnum};

#[test]
fn a_tasks_status_enum_is_named_from_the_tasks_module() {
    let task: Task = serde_json::from_str(r#"{"taskId": 7, "status": "done"}"#).unwrap();
    assert_eq!(task.status, Some(TaskStatusEnum::Done));
    // The re-export is the enum of its own namespace, not a copy.
    let same: ovh_api::models::dedicated::TaskStatusEnum = TaskStatusEnum::Todo;
    assert_eq!(same.as_str(), "todo");
}
