//! Stub runtime to compile-check the golden output.
#![deny(missing_docs)]
pub mod api;
pub mod models;
/// Client.
#[derive(Clone)]
pub struct Client;
/// Error.
#[derive(Debug)]
pub struct Error;
/// Result.
pub type Result<T> = std::result::Result<T, Error>;
/// Method.
pub enum Method {
    /// Get.
    Get,
    /// Post.
    Post,
    /// Put.
    Put,
    /// Delete.
    Delete,
    /// Patch.
    Patch,
}
/// Request.
pub struct ApiRequest<T>(std::marker::PhantomData<T>);
impl<T> ApiRequest<T> {
    /// From template.
    pub fn from_template<S: AsRef<str>>(_c: &Client, _m: Method, _t: &str, _p: &[S]) -> Self {
        Self(std::marker::PhantomData)
    }
    /// Query.
    pub fn query<V: serde::Serialize + ?Sized>(self, _k: &str, _v: &V) -> Self { self }
    /// Body.
    pub fn body<B: serde::Serialize + ?Sized>(self, _b: &B) -> Self { self }
    /// Body object.
    pub fn body_object(self) -> Self { self }
    /// Body field.
    pub fn body_field<V: serde::Serialize + ?Sized>(self, _n: &str, _v: &V) -> Self { self }
    /// Unsigned.
    pub fn unsigned(self) -> Self { self }
    /// Exploded query.
    pub fn query_exploded<V: serde::Serialize + ?Sized>(self, _k: &str, _v: &V) -> Self { self }
    /// Header.
    pub fn header_value<V: serde::Serialize + ?Sized>(self, _n: &str, _v: &V) -> Self { self }
    /// Pages.
    pub fn pages(self) -> Paged<T> { Paged(self) }
}
/// Page.
pub struct Page<T>(pub Vec<T>);
/// Page stream.
pub type PageStream<T> = Vec<Result<T>>;
/// Page future.
pub type PageFuture<T> = std::future::Ready<Result<Page<T>>>;
/// Paged.
pub struct Paged<T>(ApiRequest<T>);
impl<T> Paged<T> {
    /// Page size.
    pub fn page_size(self, _n: u32) -> Self { self }
    /// Map.
    #[allow(dead_code)]
    pub(crate) fn map(self, f: impl FnOnce(ApiRequest<T>) -> ApiRequest<T>) -> Self { Paged(f(self.0)) }
    /// Header.
    pub fn header(self, _n: impl Into<String>, _v: impl Into<String>) -> Self { self }
    /// Stream.
    pub fn stream(self) -> PageStream<T> { Vec::new() }
    /// Page.
    pub fn page(self, _c: Option<&str>) -> PageFuture<T> { std::future::ready(Err(Error)) }
}
impl<T: Send + 'static> Paged<T> {
    /// Send.
    pub fn send(self) -> SendFuture<Vec<T>> { Box::pin(std::future::ready(Err(Error))) }
}
impl<T: serde::de::DeserializeOwned + Send + 'static> std::future::IntoFuture for Paged<T> {
    type Output = Result<Vec<T>>;
    type IntoFuture = std::future::Ready<Result<Vec<T>>>;
    fn into_future(self) -> Self::IntoFuture { std::future::ready(Err(Error)) }
}
impl<T: serde::de::DeserializeOwned + Send + 'static> std::future::IntoFuture for ApiRequest<T> {
    type Output = Result<T>;
    type IntoFuture = std::future::Ready<Result<T>>;
    fn into_future(self) -> Self::IntoFuture { std::future::ready(Err(Error)) }
}
/// Raw response.
pub struct RawResponse;
/// Retry policy.
pub struct RetryPolicy;
/// Send future.
pub type SendFuture<T> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<T>> + Send>>;
/// Typed request.
pub struct Request<T>(std::marker::PhantomData<T>);
impl<T> Request<T> {
    #[allow(dead_code)]
    pub(crate) fn new(_r: ApiRequest<T>) -> Self { Self(std::marker::PhantomData) }
    #[allow(dead_code)]
    pub(crate) fn map(self, f: impl FnOnce(ApiRequest<T>) -> ApiRequest<T>) -> Self { let _ = f(ApiRequest(std::marker::PhantomData)); self }
    /// Header.
    pub fn header(self, _n: impl Into<String>, _v: impl Into<String>) -> Self { self }
    /// Idempotent.
    pub fn idempotent(self) -> Self { self }
    /// Retry policy.
    pub fn retry_policy(self, _p: RetryPolicy) -> Self { self }
    /// Send raw.
    pub async fn send_raw(self) -> Result<RawResponse> { Err(Error) }
}
impl<T: Send + 'static> Request<T> {
    /// Send.
    pub fn send(self) -> SendFuture<T> { Box::pin(std::future::ready(Err(Error))) }
}
impl<T: Send + 'static> std::future::IntoFuture for Request<T> {
    type Output = Result<T>;
    type IntoFuture = SendFuture<T>;
    fn into_future(self) -> Self::IntoFuture { self.send() }
}
/// The runtime's typed-request macro, as in `ovh-api/src/typed.rs`.
pub(crate) mod typed {
    #[allow(unused_macros)]
    macro_rules! typed_request {
        ($name:ident, $output:ty) => {
            impl $name {
                /// Header.
                pub fn header(self, name: impl Into<String>, value: impl Into<String>) -> Self { Self(self.0.header(name, value)) }
                /// Idempotent.
                pub fn idempotent(self) -> Self { Self(self.0.idempotent()) }
                /// Retry policy.
                pub fn retry_policy(self, policy: crate::RetryPolicy) -> Self { Self(self.0.retry_policy(policy)) }
                /// Send.
                pub fn send(self) -> crate::SendFuture<$output> { self.0.send() }
                /// Send raw.
                pub async fn send_raw(self) -> crate::Result<crate::RawResponse> { self.0.send_raw().await }
            }
            impl ::std::future::IntoFuture for $name {
                type Output = crate::Result<$output>;
                type IntoFuture = crate::SendFuture<$output>;
                fn into_future(self) -> Self::IntoFuture { self.0.send() }
            }
        };
    }
    #[allow(unused_imports)]
    pub(crate) use typed_request;
}
/// The runtime's paginated-request macro, as in `ovh-api/src/pagination.rs`.
pub(crate) mod pagination {
    #[allow(unused_macros)]
    macro_rules! paged_request {
        ($name:ident, $item:ty) => {
            impl $name {
                /// Page size.
                pub fn page_size(self, size: u32) -> Self { Self(self.0.page_size(size)) }
                /// Header.
                pub fn header(self, name: impl Into<String>, value: impl Into<String>) -> Self { Self(self.0.header(name, value)) }
                /// Send.
                pub fn send(self) -> crate::SendFuture<Vec<$item>> { self.0.send() }
                /// Stream.
                pub fn stream(self) -> crate::PageStream<$item> { self.0.stream() }
                /// Page.
                pub fn page(self, cursor: Option<&str>) -> crate::PageFuture<$item> { self.0.page(cursor) }
            }
            impl ::std::future::IntoFuture for $name {
                type Output = crate::Result<Vec<$item>>;
                type IntoFuture = crate::SendFuture<Vec<$item>>;
                fn into_future(self) -> Self::IntoFuture { self.0.send() }
            }
        };
    }
    #[allow(unused_imports)]
    pub(crate) use paged_request;
}
/// Batch request.
pub struct BatchRequest<T>(std::marker::PhantomData<T>);
impl<T> BatchRequest<T> {
    /// From template.
    pub fn from_template<P: AsRef<str>, I>(_c: &Client, _t: &str, _p: &[P], _ids: I) -> Self
    where
        I: IntoIterator,
        I::Item: std::fmt::Display,
    {
        Self(std::marker::PhantomData)
    }
}
