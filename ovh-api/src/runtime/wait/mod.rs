//! Waiting for what OVH finishes later: the policy and poll loop, /1.0 tasks, /v2 resources,
//! conditions on a GET, and how a wait fails.

pub(crate) mod error; // `TaskFailed`, `WaitTimeout`
pub(crate) mod link; // the GET a long-running operation is read back with
pub(crate) mod modify; // changing a /v2 resource with `checksum` + `targetSpec`
pub mod policy; // `WaitPolicy` and the poll loop (public as `ovh_api::wait`)
pub(crate) mod resource; // /v2 resources: `ResourceRequest`, `DeleteRequest`
pub(crate) mod task; // /1.0 tasks: `TaskRequest`, task families
pub(crate) mod until; // `GetRequest`: `.wait_until()` on any typed GET

#[cfg(test)]
mod tests; // the waiters end to end against the mock (paused clock)
