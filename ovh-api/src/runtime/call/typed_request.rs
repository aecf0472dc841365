//! The one request shape of every generated operation.
//!
//! A typed operation returns a [`Request`] (or, when it has optional parameters, a generated
//! wrapper adding their setters to the same methods, see [`typed_request!`]). Either way:
//! `.await` or `.send()` sends it and decodes the answer, `.send_with_meta()` also keeps the
//! answer's status, headers and query id, `.header(name, value)` adds a header, `.send_raw()`
//! returns the answer as received. Nothing untyped (body, query) can be set on it: that is
//! what raw calls ([`crate::ApiRequest`]) are for.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;

use serde::de::DeserializeOwned;

use crate::runtime::auth::access::AccessRule;
use crate::runtime::call::raw_request::ApiRequest;
use crate::runtime::call::target::CallTarget;
use crate::runtime::call::typed_call::TypedCall;
use crate::runtime::error::Result;
use crate::runtime::http::response::{RawResponse, Response};
use crate::runtime::http::retry::RetryPolicy;

/// What `.send()` and `.await` run: owned and `Send`, so a request can go into
/// `futures::stream::StreamExt::buffered`, `futures::future::join_all` or `tokio::spawn`.
pub type SendFuture<T> = Pin<Box<dyn Future<Output = Result<T>> + Send>>;

/// What `.send_raw()` runs: the answer as received, owned and `Send` like [`SendFuture`]. A
/// named, boxed future rather than an `async fn`, so that the generated request wrappers
/// compile no state machine of their own (1.4 s of the full build).
pub type RawFuture = SendFuture<RawResponse>;

/// What `.send_with_meta()` runs: the decoded answer with its status, headers and query id,
/// owned and `Send` like [`SendFuture`] (and named and boxed for the same reason as
/// [`RawFuture`]).
pub type ResponseFuture<T> = SendFuture<Response<T>>;

/// A typed operation ready to send, answering `T`.
///
/// ```no_run
/// # async fn demo(client: ovh_api::Client) -> ovh_api::Result<()> {
/// let me = client.me().get().await?;                        // send and decode
/// let task = tokio::spawn(client.me().get().send());        // a `Send + 'static` future
/// let raw = client.me().get().header("X-Trace", "1").send_raw().await?;
/// let with_meta = client.me().get().send_with_meta().await?; // derefs to the answer
/// println!("{} (query id {:?})", with_meta.nichandle, with_meta.query_id());
/// # let _ = (me, task, raw); Ok(()) }
/// ```
///
/// `W` says what the request can wait for once sent: nothing ([`NoWait`], the default), or
/// the task an operation answers ([`crate::TaskRequest`], with `.wait()`, see
/// [`crate::wait`]).
#[must_use = "a request does nothing until it is awaited or sent"]
pub struct Request<T, W = NoWait> {
    inner: ApiRequest<T>,
    link: W,
}

/// The link of a request that waits for nothing once sent: the answer is the end of it.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoWait;

impl<T> Request<T> {
    /// Wraps the call a generated operation built.
    #[allow(dead_code)] // unused when no API feature is enabled
    pub(crate) fn new(inner: ApiRequest<T>) -> Self {
        Request {
            inner,
            link: NoWait,
        }
    }
}

impl<T, W> Request<T, W> {
    /// Wraps a call with what it can wait for once sent.
    #[allow(dead_code)] // unused when no API feature is enabled
    pub(crate) fn linked(inner: ApiRequest<T>, link: W) -> Self {
        Request { inner, link }
    }

    /// The call and its link, for the waiters.
    #[allow(dead_code)] // unused when no API feature is enabled
    pub(crate) fn into_parts(self) -> (ApiRequest<T>, W) {
        (self.inner, self.link)
    }

    /// Applies a generated setter to the call.
    #[allow(dead_code)] // unused when no API feature is enabled
    pub(crate) fn map(self, f: impl FnOnce(ApiRequest<T>) -> ApiRequest<T>) -> Self {
        Request {
            inner: f(self.inner),
            link: self.link,
        }
    }

    /// Adds a request header.
    pub fn header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.map(|r| r.header(name, value))
    }

    /// Marks the call as safe to send more than once, so that a POST is retried like a GET
    /// (see [`RetryPolicy`]).
    pub fn idempotent(self) -> Self {
        self.map(ApiRequest::idempotent)
    }

    /// Uses this retry policy for this call instead of the client's.
    pub fn retry_policy(self, policy: RetryPolicy) -> Self {
        self.map(|r| r.retry_policy(policy))
    }

    /// Sends the call and returns the status, headers and body as received, without turning
    /// error statuses into errors.
    pub fn send_raw(self) -> RawFuture {
        let sent = self.inner.send();
        Box::pin(async move { sent.await.map(|sent| sent.raw) })
    }
}

impl<T: DeserializeOwned + Send + 'static, W> Request<T, W> {
    /// Sends the call and decodes the answer: the same as `.await`, as a future that can be
    /// stored, spawned or run concurrently.
    pub fn send(self) -> SendFuture<T> {
        self.inner.into_future()
    }

    /// Sends the call and decodes the answer like `.await`, keeping the answer's status,
    /// headers, query id (`X-Ovh-QueryID`) and attempt count in a [`Response`] that derefs
    /// to the value. An error status is an error, as with `.await`.
    pub fn send_with_meta(self) -> ResponseFuture<T> {
        self.inner.send_with_meta()
    }
}

impl<T: DeserializeOwned + Send + 'static, W> IntoFuture for Request<T, W> {
    type Output = Result<T>;
    type IntoFuture = SendFuture<T>;

    fn into_future(self) -> Self::IntoFuture {
        self.send()
    }
}

impl<T, W> TypedCall for Request<T, W> {
    type Output = T;

    fn call_target(&self) -> Option<CallTarget> {
        self.inner.call_target()
    }

    fn access_rule(&self) -> AccessRule {
        self.inner.access_rule()
    }

    fn access_rule_exact(&self) -> Option<AccessRule> {
        self.inner.access_rule_exact()
    }

    fn iam_actions(&self) -> &'static [&'static str] {
        self.inner.iam_actions()
    }
}

impl<T, W> fmt::Debug for Request<T, W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

/// The methods every typed request has, for a generated wrapper `$name(Request<$output>)`
/// that adds setters for optional parameters: `header`, `idempotent`, `retry_policy`,
/// `send`, `send_with_meta`, `send_raw`, `IntoFuture` and `TypedCall`. One line per wrapper
/// in the generated code.
#[allow(unused_macros)] // unused when no API feature is enabled
macro_rules! typed_request {
    ($name:ident, $output:ty) => {
        impl $name {
            /// Adds a request header.
            #[inline]
            pub fn header(
                self,
                name: impl ::core::convert::Into<::std::string::String>,
                value: impl ::core::convert::Into<::std::string::String>,
            ) -> Self {
                Self(self.0.header(name, value))
            }

            /// Marks the call as safe to send more than once, so that a POST is retried like a
            /// GET (see [`crate::RetryPolicy`]).
            #[inline]
            pub fn idempotent(self) -> Self {
                Self(self.0.idempotent())
            }

            /// Uses this retry policy for this call instead of the client's.
            #[inline]
            pub fn retry_policy(self, policy: crate::RetryPolicy) -> Self {
                Self(self.0.retry_policy(policy))
            }

            /// Sends the call and decodes the answer: the same as `.await`, as a future that
            /// can be stored, spawned or run concurrently.
            #[inline]
            pub fn send(self) -> crate::SendFuture<$output> {
                self.0.send()
            }

            /// Sends the call and decodes the answer like `.await`, keeping the answer's
            /// status, headers, query id and attempt count in a [`crate::Response`] that
            /// derefs to the value.
            #[inline]
            pub fn send_with_meta(self) -> crate::ResponseFuture<$output> {
                self.0.send_with_meta()
            }

            /// Sends the call and returns the answer as received, without turning error
            /// statuses into errors.
            #[inline]
            pub fn send_raw(self) -> crate::RawFuture {
                self.0.send_raw()
            }
        }

        impl ::std::future::IntoFuture for $name {
            type Output = crate::Result<$output>;
            type IntoFuture = crate::SendFuture<$output>;

            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                self.0.send()
            }
        }

        impl crate::TypedCall for $name {
            type Output = $output;

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

#[allow(unused_imports)] // unused when no API feature is enabled
pub(crate) use typed_request;
