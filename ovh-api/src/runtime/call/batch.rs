//! Batch GETs: many resources of one collection in one signed request.
//!
//! OVH answers `GET /me/bill/{id1},{id2},…` sent with the header
//! `X-Ovh-Batch: ,` with a JSON array of `{"key", "value", "error"}`, one per
//! id, `value` being null for an id that failed. [`BatchRequest`] splits the
//! ids into chunks (50 by default) sent concurrently, and returns one
//! `Result` per id, in the order given.

use std::collections::HashMap;
use std::fmt::{self, Display};
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;

use futures::stream::{self, StreamExt};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::runtime::call::method::Method;
use crate::runtime::call::path::{encode_segment, fill_path};
use crate::runtime::call::raw_request::ApiRequest;
use crate::runtime::client::Client;
use crate::runtime::error::{Error, Result};
use crate::runtime::http::retry::RetryPolicy;

/// How many ids one batch request carries by default.
pub const DEFAULT_BATCH_CHUNK: usize = 50;

/// How many batch requests of one batch are in flight at most, by default.
pub const DEFAULT_BATCH_IN_FLIGHT: usize = 8;

/// The separator sent in `X-Ovh-Batch` and between ids. An id holding it is
/// percent-encoded, so it stays one id.
const SEPARATOR: &str = ",";

/// Many GETs of one collection, sent as OVH batch requests; `.await` it to
/// get one `Result` per id, in the order given.
///
/// The outer `Result` fails when a whole batch request does (network,
/// timeout, an error status, an answer that is not a batch answer); the
/// inner ones are per id: [`Error::BatchItem`] when OVH reports an error for
/// the id, [`Error::InvalidParameter`] for an id that cannot be a path
/// segment (empty, `.`, `..`; nothing is sent for it), or
/// [`Error::InvalidResponse`] when its value does not decode as `T`.
///
/// ```no_run
/// # async fn demo(client: ovh_api::Client) -> ovh_api::Result<()> {
/// use ovh_api::models::billing::Bill;
/// let ids: Vec<String> = client.me().bill().get().await?;
/// for (id, bill) in ids.iter().zip(client.get_batch::<Bill>("/me/bill", &ids).await?) {
///     match bill {
///         Ok(bill) => println!("{id}: {}", bill.date),
///         Err(e) => println!("{id}: {e}"),
///     }
/// }
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until it is awaited"]
pub struct BatchRequest<T> {
    client: Client,
    /// The path up to the ids, ending with `/`.
    prefix: Result<String>,
    ids: Vec<String>,
    chunk: usize,
    in_flight: usize,
    retry: Option<RetryPolicy>,
    response: PhantomData<fn() -> T>,
}

impl<T> BatchRequest<T> {
    /// A batch GET of `ids` under the collection `path`, e.g. `/me/bill`
    /// (sent as `/me/bill/{id1},{id2},…`). Each id is percent-encoded as
    /// exactly one path segment (`,`, `/`, `?` included).
    pub fn new<I>(client: &Client, path: impl Into<String>, ids: I) -> Self
    where
        I: IntoIterator,
        I::Item: Display,
    {
        let mut prefix = path.into();
        if !prefix.starts_with('/') {
            prefix.insert(0, '/');
        }
        if !prefix.ends_with('/') {
            prefix.push('/');
        }
        let prefix = if prefix.contains(['?', '#']) {
            Err(Error::InvalidParameter(format!(
                "batch path {prefix:?} cannot hold a query or fragment"
            )))
        } else {
            Ok(prefix)
        };
        Self::with_prefix(client, prefix, ids)
    }

    /// A batch GET for the path template of a single GET whose last
    /// segment is the id, e.g. `/dedicated/server/{serviceName}/task/{taskId}`:
    /// `params` fill the placeholders before the last (as
    /// [`fill_path`] does), the ids take the last one.
    ///
    /// This is what the generated typed batch methods call.
    pub fn from_template<P, I>(client: &Client, template: &str, params: &[P], ids: I) -> Self
    where
        P: AsRef<str>,
        I: IntoIterator,
        I::Item: Display,
    {
        let prefix = match template.rfind("/{") {
            Some(open) if template.ends_with('}') && !template[open + 2..].contains('{') => {
                fill_path(&template[..=open], params)
            }
            _ => Err(Error::InvalidParameter(format!(
                "{template:?} does not end with a path parameter: it has no batch form"
            ))),
        };
        Self::with_prefix(client, prefix, ids)
    }

    fn with_prefix<I>(client: &Client, prefix: Result<String>, ids: I) -> Self
    where
        I: IntoIterator,
        I::Item: Display,
    {
        BatchRequest {
            client: client.clone(),
            prefix,
            ids: ids.into_iter().map(|id| id.to_string()).collect(),
            chunk: DEFAULT_BATCH_CHUNK,
            in_flight: DEFAULT_BATCH_IN_FLIGHT,
            retry: None,
            response: PhantomData,
        }
    }

    /// How many ids one request carries (default 50; at least 1).
    pub fn chunk_size(mut self, ids: usize) -> Self {
        self.chunk = ids.max(1);
        self
    }

    /// How many requests of this batch are in flight at most (default 8;
    /// at least 1).
    pub fn max_in_flight(mut self, requests: usize) -> Self {
        self.in_flight = requests.max(1);
        self
    }

    /// Uses this retry policy for each request instead of the client's.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }
}

impl<T> fmt::Debug for BatchRequest<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchRequest")
            .field("prefix", &self.prefix)
            .field("ids", &self.ids.len())
            .field("chunk", &self.chunk)
            .field("in_flight", &self.in_flight)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned + Send + 'static> IntoFuture for BatchRequest<T> {
    type Output = Result<Vec<Result<T>>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

/// One entry of a batch answer.
#[derive(Deserialize)]
struct Item {
    key: Value,
    #[serde(default)]
    value: Value,
    #[serde(default)]
    error: Value,
}

impl<T: DeserializeOwned + Send + 'static> BatchRequest<T> {
    async fn run(self) -> Result<Vec<Result<T>>> {
        let prefix = self.prefix?;
        let mut results: Vec<Option<Result<T>>> = self.ids.iter().map(|_| None).collect();
        // Ids that cannot be one segment fail alone; the others are sent.
        let mut sendable = Vec::with_capacity(self.ids.len());
        for (index, id) in self.ids.iter().enumerate() {
            match encode_segment(id) {
                Ok(encoded) => sendable.push((index, encoded)),
                Err(error) => results[index] = Some(Err(error)),
            }
        }
        // Built up front (they do nothing until polled): a lazy iterator of
        // futures borrowing `sendable` would not be provably `Send`.
        let mut requests = Vec::new();
        for chunk in sendable.chunks(self.chunk) {
            requests.push(fetch_chunk::<T>(
                &self.client,
                &prefix,
                &self.ids,
                chunk,
                self.retry.as_ref(),
            ));
        }
        let mut answers = stream::iter(requests).buffer_unordered(self.in_flight);
        while let Some(answer) = answers.next().await {
            for (index, result) in answer? {
                results[index] = Some(result);
            }
        }
        Ok(results
            .into_iter()
            .zip(&self.ids)
            .map(|(result, id)| result.unwrap_or_else(|| Err(missing(id))))
            .collect())
    }
}

fn missing(id: &str) -> Error {
    Error::BatchItem {
        key: id.to_owned(),
        message: "OVH's answer has no entry for this id".into(),
    }
}

/// Sends one batch request and sorts its answer out by id.
async fn fetch_chunk<T: DeserializeOwned>(
    client: &Client,
    prefix: &str,
    ids: &[String],
    chunk: &[(usize, String)],
    retry: Option<&RetryPolicy>,
) -> Result<Vec<(usize, Result<T>)>> {
    let mut path = String::with_capacity(prefix.len() + chunk.len() * 16);
    path.push_str(prefix);
    for (i, (_, encoded)) in chunk.iter().enumerate() {
        if i > 0 {
            path.push_str(SEPARATOR);
        }
        path.push_str(encoded);
    }
    let mut request =
        ApiRequest::<()>::new(client, Method::Get, path).header("X-Ovh-Batch", SEPARATOR);
    if let Some(policy) = retry {
        request = request.retry_policy(policy.clone());
    }
    let sent = request.send().await?;
    if !sent.raw.is_success() {
        return Err(sent.into_error());
    }
    let raw = sent.raw;
    let items: Vec<Item> = serde_json::from_slice(&raw.body)
        .map_err(|e| raw.invalid(format!("not a batch answer: {e}")))?;
    let by_key: HashMap<String, &Item> = items
        .iter()
        .map(|item| {
            let key = match &item.key {
                Value::String(key) => key.clone(),
                other => other.to_string(),
            };
            (key, item)
        })
        .collect();
    Ok(chunk
        .iter()
        .map(|(index, encoded)| {
            let id = &ids[*index];
            let result = match by_key.get(id).or_else(|| by_key.get(encoded)) {
                None => Err(missing(id)),
                Some(item) if item.value.is_null() && !item.error.is_null() => {
                    Err(Error::BatchItem {
                        key: id.clone(),
                        message: match &item.error {
                            Value::String(message) => message.clone(),
                            Value::Object(error) => error
                                .get("message")
                                .and_then(Value::as_str)
                                .map_or_else(|| item.error.to_string(), str::to_owned),
                            other => other.to_string(),
                        },
                    })
                }
                Some(item) => T::deserialize(&item.value)
                    .map_err(|e| raw.invalid(format!("the value for id {id:?}: {e}"))),
            };
            (*index, result)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::test_client as client;

    #[test]
    fn templates_must_end_with_a_parameter() {
        let ok = BatchRequest::<Value>::from_template(
            &client(),
            "/dedicated/server/{serviceName}/task/{taskId}",
            &["ns1/x"],
            [1, 2],
        );
        assert_eq!(ok.prefix.unwrap(), "/dedicated/server/ns1%2Fx/task/");
        assert_eq!(ok.ids, ["1", "2"]);
        for bad in ["/me/bill", "/me/{a}/bill", "/me/bill/{id}x"] {
            let request = BatchRequest::<Value>::from_template(&client(), bad, &["a"], ["x"]);
            assert!(
                matches!(request.prefix, Err(Error::InvalidParameter(_))),
                "{bad}"
            );
        }
        // Too few or too many params for the placeholders before the ids.
        let request =
            BatchRequest::<Value>::from_template(&client(), "/a/{x}/b/{id}", &[] as &[&str], ["x"]);
        assert!(request.prefix.is_err());
    }

    #[test]
    fn raw_paths_get_one_trailing_slash() {
        for path in ["/me/bill", "me/bill", "/me/bill/"] {
            let request = BatchRequest::<Value>::new(&client(), path, ["a"]);
            assert_eq!(request.prefix.unwrap(), "/me/bill/");
        }
        let request = BatchRequest::<Value>::new(&client(), "/me/bill?x=1", ["a"]);
        assert!(request.prefix.is_err());
        assert_eq!(
            BatchRequest::<Value>::new(&client(), "/x", ["a"])
                .chunk_size(0)
                .max_in_flight(0)
                .chunk,
            1
        );
    }
}
