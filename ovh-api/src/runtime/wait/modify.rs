//! Changing a /v2 resource that is updated with `checksum` + `targetSpec`: read it, apply
//! the caller's change to its target spec, `PUT` it with the checksum read, and start again
//! (a bounded number of times) when OVH answers that the checksum is stale, because someone
//! else changed the resource in between.

use std::future::IntoFuture;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

use crate::runtime::auth::access::Operation;
use crate::runtime::call::method::Method;
use crate::runtime::call::raw_request::ApiRequest;
use crate::runtime::call::typed_request::SendFuture;
use crate::runtime::client::Client;
use crate::runtime::codec::object::to_body_value;
use crate::runtime::error::{Error, Result};

/// How many times `.modify()` reads and `PUT`s a resource when OVH keeps answering that the
/// checksum is stale (HTTP 409 or 412).
pub const MODIFY_ATTEMPTS: u32 = 3;

/// The resource's `GET` and `PUT`, with the values filling their templates.
pub(crate) struct Modify {
    pub(crate) client: Client,
    pub(crate) values: Vec<String>,
    pub(crate) get: Operation,
    pub(crate) put: Operation,
}

impl Modify {
    /// Reads, changes and writes the resource; `change` may run more than once (once per
    /// attempt, on a freshly read spec each time).
    pub(crate) fn run<S, O, F>(self, mut change: F) -> SendFuture<O>
    where
        S: Serialize + DeserializeOwned,
        O: DeserializeOwned + Send + 'static,
        F: FnMut(&mut S) + Send + 'static,
    {
        Box::pin(async move {
            let mut attempt = 1;
            loop {
                let outcome = self.attempt(&mut change).await;
                match outcome {
                    Err(error) if is_stale(&error) && attempt < MODIFY_ATTEMPTS => {
                        tracing::debug!(target: "ovh_api::wait", attempt, "modify: the checksum was stale, reading the resource again");
                        attempt += 1;
                    }
                    outcome => return outcome,
                }
            }
        })
    }

    /// One read, change and write.
    async fn attempt<S, O, F>(&self, change: &mut F) -> Result<O>
    where
        S: Serialize + DeserializeOwned,
        O: DeserializeOwned + Send + 'static,
        F: FnMut(&mut S),
    {
        let get =
            ApiRequest::<Value>::from_operation(&self.client, Method::Get, self.get, &self.values);
        let resource = get.into_future().await?;
        let checksum = resource.get("checksum").cloned().unwrap_or(Value::Null);
        let spec = resource.get("targetSpec").cloned().unwrap_or(Value::Null);
        let spec = changed(spec, change)?;
        let body = json!({ "checksum": checksum, "targetSpec": spec });
        let put =
            ApiRequest::<O>::from_operation(&self.client, Method::Put, self.put, &self.values);
        put.body(&body).into_future().await
    }
}

/// The target spec read, decoded, changed and encoded for the body (a plain function, so that
/// the decoded spec is not held across the `PUT`'s await).
fn changed<S, F>(spec: Value, change: &mut F) -> Result<Value>
where
    S: Serialize + DeserializeOwned,
    F: FnMut(&mut S),
{
    let mut spec: S = serde_json::from_value(spec).map_err(|e| Error::InvalidResponse {
        status: 200,
        reason: format!("the resource's targetSpec does not decode: {e}"),
        body_start: String::new(),
        query_id: None,
        attempts: 1,
    })?;
    change(&mut spec);
    to_body_value(&spec).map_err(Error::Serialize)
}

/// Whether OVH refused a `PUT` because the checksum sent is not the resource's current one.
fn is_stale(error: &Error) -> bool {
    matches!(error.status(), Some(409 | 412))
}
