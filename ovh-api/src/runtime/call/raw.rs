//! Every way to start a call from a [`Client`], in one place: the raw,
//! untyped escape hatch (call any path, decode into any type), batch GETs
//! and consumer-key requests. (The typed API's entry points, `client.me()`
//! and the like, are generated in `api/mod.rs`.)
//!
//! Useful for endpoints the schemas do not describe (yet), or to get a
//! `serde_json::Value` instead of a generated model.

use std::fmt::Display;

use crate::runtime::auth::consumer_key::ConsumerKeyRequest;
use crate::runtime::call::batch::BatchRequest;
use crate::runtime::call::method::Method;
use crate::runtime::call::raw_request::ApiRequest;
use crate::runtime::client::Client;

impl Client {
    /// A request with any method; see also [`Client::get`] and friends.
    pub fn request<T>(&self, method: Method, path: impl Into<String>) -> ApiRequest<T> {
        ApiRequest::new(self, method, path)
    }

    /// `GET path`; add query pairs with [`ApiRequest::query`], then
    /// `.await` into any `DeserializeOwned` type.
    pub fn get<T>(&self, path: impl Into<String>) -> ApiRequest<T> {
        self.request(Method::Get, path)
    }

    /// `POST path`; set a body with [`ApiRequest::body`].
    pub fn post<T>(&self, path: impl Into<String>) -> ApiRequest<T> {
        self.request(Method::Post, path)
    }

    /// `PUT path`; set a body with [`ApiRequest::body`].
    pub fn put<T>(&self, path: impl Into<String>) -> ApiRequest<T> {
        self.request(Method::Put, path)
    }

    /// A batch GET of `ids` under the collection `path` (e.g. `/me/bill`):
    /// one `Result` per id, in order, fetched 50 ids a request (see
    /// [`BatchRequest`]).
    pub fn get_batch<T>(
        &self,
        path: impl Into<String>,
        ids: impl IntoIterator<Item = impl Display>,
    ) -> BatchRequest<T> {
        BatchRequest::new(self, path, ids)
    }

    /// `DELETE path`.
    pub fn delete<T>(&self, path: impl Into<String>) -> ApiRequest<T> {
        self.request(Method::Delete, path)
    }

    /// Starts a consumer key request for this client's application.
    pub fn new_consumer_key_request(&self) -> ConsumerKeyRequest {
        ConsumerKeyRequest::new(self)
    }
}
