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
    pub fn map_request(self, f: impl FnOnce(ApiRequest<T>) -> ApiRequest<T>) -> Self { Paged(f(self.0)) }
    /// Stream.
    pub fn stream(self) -> PageStream<T> { Vec::new() }
    /// Page.
    pub fn page(self, _c: Option<&str>) -> PageFuture<T> { std::future::ready(Err(Error)) }
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
