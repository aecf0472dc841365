//! What the /v2 branch adds to requests: OpenAPI parameter serialization (exploded query
//! arrays, typed headers) and the schema-version header. Paging is in [`crate::pagination`].
//!
//! /v2 calls are the paths starting with `/v2/`; the endpoint sends them to the host root
//! rather than under `/1.0` (`https://eu.api.ovh.com/1.0` → `https://eu.api.ovh.com/v2/...`,
//! see [`Endpoint::v2_base_url`]), signed exactly like /1.0 calls.

use serde::Serialize;
use serde_json::Value;

use crate::runtime::auth::endpoint::Endpoint;
use crate::runtime::call::raw_request::{push_query, query_value, ApiRequest};
use crate::runtime::codec::object::to_body_value;
use crate::runtime::error::Error;

/// Header pinning the schema version of /v2 answers (see `ClientBuilder::schemas_version`).
pub const SCHEMAS_VERSION_HEADER: &str = "X-Schemas-Version";

impl Endpoint {
    /// The base URL of /v2 calls: the `/1.0` base with `/1.0` replaced by `/v2`
    /// (`https://eu.api.ovh.com/1.0` → `https://eu.api.ovh.com/v2`); for a custom base URL
    /// that does not end in `/1.0`, its origin + `/v2`.
    pub fn v2_base_url(&self) -> String {
        self.url_for("/v2")
    }
}

impl<T> ApiRequest<T> {
    /// Adds a query parameter the way OpenAPI's default (`style: form`, `explode: true`)
    /// sends it: an array as one pair per item (`action=a&action=b`, none when empty), any
    /// other value as [`query`](Self::query) does (objects as compact JSON, as OVH expects
    /// for `iamTags`).
    pub fn query_exploded<V: Serialize + ?Sized>(self, key: &str, value: &V) -> Self {
        self.update(|parts| {
            let value = to_body_value(value).map_err(Error::Serialize)?;
            let items = match &value {
                Value::Array(items) => items.as_slice(),
                other => std::slice::from_ref(other),
            };
            for item in items {
                push_query(parts, key, item);
            }
            Ok(())
        })
    }

    /// Adds a request header from any value: strings as they are, numbers and booleans as
    /// written in JSON, arrays comma-separated (OpenAPI's `simple` style).
    pub fn header_value<V: Serialize + ?Sized>(self, name: &str, value: &V) -> Self {
        let name = name.to_owned();
        self.update(|parts| {
            let value = to_body_value(value).map_err(Error::Serialize)?;
            parts.headers.push((name, query_value(&value)));
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::auth::endpoint::is_v2_path;
    use crate::runtime::call::method::Method;
    use crate::runtime::test_client as client;

    #[test]
    fn exploded_arrays_are_one_pair_per_item() {
        let request = ApiRequest::<Value>::new(&client(), Method::Get, "/v2/iam/policy")
            .query_exploded("action", &["a:get", "b c"])
            .query_exploded("none", &Vec::<String>::new())
            .query_exploded("details", &true);
        assert_eq!(
            request.parts.unwrap().query,
            ["action=a%3Aget", "action=b%20c", "details=true"]
        );
    }

    #[test]
    fn header_values_are_text() {
        let request = ApiRequest::<Value>::new(&client(), Method::Get, "/v2/x")
            .header_value("X-Count", &3)
            .header_value("X-Name", "a");
        assert_eq!(
            request.parts.unwrap().headers,
            [
                ("X-Count".to_owned(), "3".to_owned()),
                ("X-Name".to_owned(), "a".to_owned())
            ]
        );
    }

    #[test]
    fn v2_paths_and_base() {
        assert!(is_v2_path("/v2/iam/policy"));
        assert!(is_v2_path("/v2?x=1"));
        assert!(!is_v2_path("/v2beta"));
        assert!(!is_v2_path("/me"));
        let eu = Endpoint::parse("ovh-eu").unwrap();
        assert_eq!(eu.v2_base_url(), "https://eu.api.ovh.com/v2");
        let local = Endpoint::parse("http://127.0.0.1:8080/1.0").unwrap();
        assert_eq!(local.v2_base_url(), "http://127.0.0.1:8080/v2");
        let proxy = Endpoint::parse("https://proxy.example.com/ovh").unwrap();
        assert_eq!(proxy.v2_base_url(), "https://proxy.example.com/v2");
    }
}
