//! Cursor pagination of /v2 lists.
//!
//! A /v2 list answers one page at a time: the client may send `X-Pagination-Size: N`, the
//! answer carries `X-Pagination-Cursor-Next: <cursor>` while more pages exist, and the next
//! page is asked for with `X-Pagination-Cursor: <cursor>`. [`Paged`] does that for the typed
//! API (every list operation returns one) and for raw calls ([`ApiRequest::pages`]). Every
//! page is a request of its own, signed on its own.
//!
//! ```no_run
//! # async fn demo(client: ovh_api::Client) -> ovh_api::Result<()> {
//! use futures::TryStreamExt;
//! use serde_json::Value;
//!
//! // Every item, all pages:
//! let all: Vec<Value> = client.get("/v2/iam/policy").pages().page_size(50).await?;
//! // Page by page, only as consumed:
//! let mut items = client.get::<Value>("/v2/iam/policy").pages().stream();
//! while let Some(item) = items.try_next().await? {
//!     println!("{item}");
//! }
//! // One page, then the next:
//! let first = client.get::<Value>("/v2/iam/policy").pages().page(None).await?;
//! if let Some(cursor) = &first.next_cursor {
//!     let second = client.get::<Value>("/v2/iam/policy").pages().page(Some(cursor)).await?;
//! #   let _ = second;
//! }
//! # let _ = all;
//! # Ok(()) }
//! ```

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;

use futures::stream::{self, Stream, TryStreamExt};
use serde::de::DeserializeOwned;

use crate::runtime::auth::access::AccessRule;
use crate::runtime::call::parts::RequestParts;
use crate::runtime::call::raw_request::ApiRequest;
use crate::runtime::call::target::CallTarget;
use crate::runtime::call::typed_call::TypedCall;
use crate::runtime::call::typed_request::SendFuture;
use crate::runtime::client::Client;
use crate::runtime::error::{Error, Result};
use crate::runtime::http::response::RawResponse;

/// Request header carrying the cursor of the page asked for.
pub const CURSOR_HEADER: &str = "X-Pagination-Cursor";
/// Response header carrying the cursor of the next page; absent on the last page.
pub const NEXT_CURSOR_HEADER: &str = "X-Pagination-Cursor-Next";
/// Request header carrying the page size.
pub const SIZE_HEADER: &str = "X-Pagination-Size";

/// One page of a list, and the cursor of the next page (`None` on the last page).
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The cursor to pass to [`Paged::page`] for the next page; `None` on the last page.
    pub next_cursor: Option<String>,
}

/// The items of a list, fetched page by page as they are consumed ([`Paged::stream`]). The
/// first error ends the stream.
pub type PageStream<T> = Pin<Box<dyn Stream<Item = Result<T>> + Send>>;

/// The answer of [`Paged::page`].
pub type PageFuture<T> = Pin<Box<dyn Future<Output = Result<Page<T>>> + Send>>;

/// A cursor-paginated list request of `T` items.
///
/// `.await` returns every item, following the cursors until the last page; [`stream`]
/// yields them page by page; [`page`] returns one page and its next cursor;
/// [`page_size`] sets `X-Pagination-Size`.
///
/// There is no `send_with_meta` (see [`crate::Response`]) on a paginated list: its items come
/// from several answers, each with its own status, headers and query id.
///
/// [`stream`]: Paged::stream
/// [`page`]: Paged::page
/// [`page_size`]: Paged::page_size
#[must_use = "a request does nothing until it is awaited"]
pub struct Paged<T> {
    request: ApiRequest<T>,
    page_size: Option<u32>,
}

impl<T> ApiRequest<T> {
    /// This request as a cursor-paginated list of `T` items (a /v2 list): see [`Paged`].
    ///
    /// ```no_run
    /// # async fn demo(client: ovh_api::Client) -> ovh_api::Result<()> {
    /// let policies: Vec<serde_json::Value> = client.get("/v2/iam/policy").pages().await?;
    /// # Ok(()) }
    /// ```
    pub fn pages(self) -> Paged<T> {
        Paged {
            request: self,
            page_size: None,
        }
    }
}

impl RawResponse {
    /// The `X-Pagination-Cursor-Next` header of a /v2 list page: the cursor of the next page,
    /// `None` on the last page (or an answer that is not paginated).
    pub fn next_cursor(&self) -> Option<&str> {
        self.headers
            .get(NEXT_CURSOR_HEADER)
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty())
    }
}

impl<T> Paged<T> {
    /// Sets the number of items per page (`X-Pagination-Size`); the server's default
    /// otherwise.
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = Some(size);
        self
    }

    /// Changes the underlying request (generated setters add their parameter this way).
    /// Every page is sent with it.
    #[allow(dead_code)] // unused when no /v2 API feature is enabled
    pub(crate) fn map(mut self, f: impl FnOnce(ApiRequest<T>) -> ApiRequest<T>) -> Self {
        self.request = f(self.request);
        self
    }

    /// Adds a header to every page request.
    pub fn header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.map(|r| r.header(name, value))
    }

    /// What every page request shares, prepared once: the body encoded, and any paging
    /// header set by hand left out (each page sets its own).
    fn pager(self) -> Result<Pager> {
        let mut parts = self.request.parts?;
        parts.body = parts.body.encoded()?;
        parts.headers.retain(|(name, _)| {
            !name.eq_ignore_ascii_case(CURSOR_HEADER) && !name.eq_ignore_ascii_case(SIZE_HEADER)
        });
        Ok(Pager {
            client: self.request.client,
            parts,
            page_size: self.page_size,
        })
    }
}

impl<T: DeserializeOwned + Send + 'static> Paged<T> {
    /// Every item, following the cursors: the same as `.await`, as a future that can be
    /// stored, spawned or run concurrently.
    pub fn send(self) -> SendFuture<Vec<T>> {
        self.into_future()
    }

    /// One page: the first with `None`, the next ones with the [`Page::next_cursor`] of the
    /// page before.
    pub fn page(self, cursor: Option<&str>) -> PageFuture<T> {
        let cursor = cursor.map(str::to_owned);
        Box::pin(async move { self.pager()?.fetch(cursor.as_deref()).await })
    }

    /// The items, one at a time. Each page is requested only when the items before it have
    /// been consumed; an error (on any page) is the last item of the stream.
    pub fn stream(self) -> PageStream<T> {
        let pager = match self.pager() {
            Ok(pager) => pager,
            Err(e) => return Box::pin(stream::once(async { Err(e) })),
        };
        // The state is the pager and the cursor to ask for, `None` after the last page;
        // `try_unfold` ends the stream after an error.
        let pages = stream::try_unfold(Some((pager, None::<String>)), |state| async move {
            let Some((pager, cursor)) = state else {
                return Ok::<_, Error>(None);
            };
            let page = pager.fetch::<T>(cursor.as_deref()).await?;
            let next = page.next_cursor.map(|cursor| (pager, Some(cursor)));
            Ok(Some((page.items, next)))
        });
        Box::pin(
            pages
                .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
                .try_flatten(),
        )
    }
}

impl<T: DeserializeOwned + Send + 'static> IntoFuture for Paged<T> {
    type Output = Result<Vec<T>>;
    type IntoFuture = SendFuture<Vec<T>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.stream().try_collect())
    }
}

/// A list's target is the path of every page, and its output every item: the pages are asked
/// for in headers ([`CURSOR_HEADER`], [`SIZE_HEADER`]).
impl<T> TypedCall for Paged<T> {
    type Output = Vec<T>;

    fn call_target(&self) -> Option<CallTarget> {
        self.request.call_target().map(CallTarget::into_paged)
    }

    fn access_rule(&self) -> AccessRule {
        self.request.access_rule()
    }

    fn access_rule_exact(&self) -> Option<AccessRule> {
        self.request.access_rule_exact()
    }

    fn iam_actions(&self) -> &'static [&'static str] {
        self.request.iam_actions()
    }
}

impl<T> fmt::Debug for Paged<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paged")
            .field("request", &self.request)
            .field("page_size", &self.page_size)
            .finish()
    }
}

/// What every page request shares.
struct Pager {
    client: Client,
    parts: RequestParts,
    page_size: Option<u32>,
}

impl Pager {
    /// Sends the request for one page and decodes it.
    async fn fetch<T: DeserializeOwned>(&self, cursor: Option<&str>) -> Result<Page<T>> {
        let mut parts = self.parts.clone();
        if let Some(size) = self.page_size {
            parts
                .headers
                .push((SIZE_HEADER.to_owned(), size.to_string()));
        }
        if let Some(cursor) = cursor {
            parts
                .headers
                .push((CURSOR_HEADER.to_owned(), cursor.to_owned()));
        }
        let sent = self.client.clone().execute(Ok(parts)).await?;
        let next_cursor = sent.raw.next_cursor().map(str::to_owned);
        if next_cursor.is_some() && next_cursor.as_deref() == cursor {
            // A server answering the same cursor again would make paging loop forever.
            return Err(sent
                .raw
                .invalid(format!(
                    "{NEXT_CURSOR_HEADER} repeats the cursor just sent: paging stopped"
                ))
                .after_attempts(sent.attempts));
        }
        let items = sent.decode()?;
        Ok(Page { items, next_cursor })
    }
}

/// The methods every paginated typed request has, for a generated wrapper `$name(Paged<$item>)`
/// that adds setters for optional parameters: `page_size`, `header`, `send`, `stream`, `page`,
/// `IntoFuture` and `TypedCall`; the paginated twin of `typed_request!` (without
/// `send_with_meta`: a list is several answers, see [`Paged`]). One line per wrapper in the
/// generated code.
#[allow(unused_macros)] // unused when no /v2 API feature is enabled
macro_rules! paged_request {
    ($name:ident, $item:ty) => {
        impl $name {
            /// Sets the number of items per page (`X-Pagination-Size`).
            #[inline]
            pub fn page_size(self, size: u32) -> Self {
                Self(self.0.page_size(size))
            }

            /// Adds a header to every page request.
            #[inline]
            pub fn header(
                self,
                name: impl ::core::convert::Into<::std::string::String>,
                value: impl ::core::convert::Into<::std::string::String>,
            ) -> Self {
                Self(self.0.header(name, value))
            }

            /// Every item, following the cursors: the same as `.await`, as a future that can
            /// be stored, spawned or run concurrently.
            #[inline]
            pub fn send(self) -> crate::SendFuture<::std::vec::Vec<$item>> {
                self.0.send()
            }

            /// The items, fetching each page only as they are consumed; an error ends the
            /// stream.
            #[inline]
            pub fn stream(self) -> crate::PageStream<$item> {
                self.0.stream()
            }

            /// One page: the first with `None`, then the `next_cursor` of the previous one.
            #[inline]
            pub fn page(self, cursor: ::std::option::Option<&str>) -> crate::PageFuture<$item> {
                self.0.page(cursor)
            }
        }

        impl ::std::future::IntoFuture for $name {
            type Output = crate::Result<::std::vec::Vec<$item>>;
            type IntoFuture = crate::SendFuture<::std::vec::Vec<$item>>;

            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                self.0.send()
            }
        }

        impl crate::TypedCall for $name {
            type Output = ::std::vec::Vec<$item>;

            #[inline]
            fn call_target(&self) -> ::std::option::Option<crate::CallTarget> {
                crate::TypedCall::call_target(&self.0)
            }

            #[inline]
            fn access_rule(&self) -> crate::consumer_key::AccessRule {
                crate::TypedCall::access_rule(&self.0)
            }

            #[inline]
            fn access_rule_exact(&self) -> ::std::option::Option<crate::consumer_key::AccessRule> {
                crate::TypedCall::access_rule_exact(&self.0)
            }

            #[inline]
            fn iam_actions(&self) -> &'static [&'static str] {
                crate::TypedCall::iam_actions(&self.0)
            }
        }
    };
}

#[allow(unused_imports)] // unused when no /v2 API feature is enabled
pub(crate) use paged_request;
