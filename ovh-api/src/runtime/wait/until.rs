//! Any condition on a typed `GET`: `.wait_until(|value| …)` sends the GET again until its
//! answer satisfies the condition (a cloud instance going from `BUILD` to `ACTIVE`), on the
//! same waiter as tasks ([`crate::wait`]).

use std::future::IntoFuture;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::runtime::call::raw_request::ApiRequest;
use crate::runtime::call::typed_call::TypedCall;
use crate::runtime::call::typed_request::{Request, SendFuture};
use crate::runtime::error::{Error, Result};
use crate::runtime::wait::policy::{self as wait, Target, Verdict, WaitPolicy, WatchStream};

/// The link of a `GET`: it can be sent again, to wait for a condition on its answer.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reread;

/// A typed `GET`: every method of [`Request`], plus `.wait_until(condition)` (and, for a /v2
/// resource, `.wait_ready()`).
pub type GetRequest<T> = Request<T, Reread>;

impl<T> Request<T, Reread> {
    /// The call of a `GET` operation.
    #[allow(dead_code)] // unused when no API feature is enabled
    pub(crate) fn reread(call: ApiRequest<T>) -> Self {
        Request::linked(call, Reread)
    }
}

impl<T> Request<T, Reread>
where
    T: Serialize + DeserializeOwned + Clone + Send + 'static,
{
    /// Sends the GET until its answer satisfies `condition`, with the default
    /// [`WaitPolicy`] (the first answer is checked at once): the first answer that does,
    /// or [`Error::WaitTimeout`] with the last one seen.
    ///
    /// ```no_run
    /// # async fn demo(client: ovh_api::Client) -> ovh_api::Result<()> {
    /// // Until the account's contact address is the one just set (a cloud instance's status
    /// // going to ACTIVE is the same call on `client.cloud()…instance_id(id).get()`).
    /// let me = client.me().get()
    ///     .wait_until(|me| me.email == "ops@example.com")
    ///     .await?;
    /// # let _ = me; Ok(()) }
    /// ```
    pub fn wait_until<F>(self, condition: F) -> SendFuture<T>
    where
        F: Fn(&T) -> bool + Send + 'static,
    {
        self.wait_until_with(WaitPolicy::default(), condition)
    }

    /// Like [`Request::wait_until`], with this policy.
    pub fn wait_until_with<F>(self, policy: WaitPolicy, condition: F) -> SendFuture<T>
    where
        F: Fn(&T) -> bool + Send + 'static,
    {
        wait::wait_for(self.watch_until_with(policy, condition))
    }

    /// Every answer of the GET until one satisfies `condition` (the last item), or an
    /// error, with this policy.
    pub fn watch_until_with<F>(self, policy: WaitPolicy, condition: F) -> WatchStream<T>
    where
        F: Fn(&T) -> bool + Send + 'static,
    {
        let judge = move |value: &T| {
            if condition(value) {
                Verdict::Done
            } else {
                Verdict::Pending {
                    status: None,
                    known: true,
                }
            }
        };
        self.watch_judged(policy, judge, "a condition")
    }

    /// Every answer of the GET until `judge` says it is terminal.
    pub(crate) fn watch_judged<J>(self, policy: WaitPolicy, judge: J, what: &str) -> WatchStream<T>
    where
        J: Fn(&T) -> Verdict + Send + 'static,
    {
        let (call, Reread) = self.into_parts();
        let path = call
            .call_target()
            .map_or_else(String::new, |t| t.path().to_owned());
        let target = Reget {
            again: call.try_clone(),
            first: Some(call),
            judge,
            what: format!("{what} on GET {path}"),
        };
        // The GET is a poll like the next ones: a 404 or a 5xx on the first one is not final.
        wait::watch(target, policy, None)
    }
}

/// A GET sent again until `judge` says its answer is terminal.
struct Reget<T, J> {
    /// The call to copy for each poll (`None` when it could not be built: the first send
    /// reports why, and the wait ends there).
    again: Option<ApiRequest<T>>,
    /// The call itself, sent as the first poll (so that a call that could not be built
    /// reports why).
    first: Option<ApiRequest<T>>,
    judge: J,
    what: String,
}

impl<T, J> Target<T> for Reget<T, J>
where
    T: DeserializeOwned + Send + 'static,
    J: Fn(&T) -> Verdict + Send + 'static,
{
    fn poll(&mut self, _last: Option<&T>) -> Result<SendFuture<T>> {
        if let Some(call) = self.first.take() {
            return Ok(call.into_future());
        }
        let call = self.again.as_ref().and_then(ApiRequest::try_clone);
        let call = call
            .ok_or_else(|| Error::InvalidParameter(format!("cannot send {} again", self.what)))?;
        Ok(call.into_future())
    }

    fn judge(&self, value: &T) -> Verdict {
        (self.judge)(value)
    }

    fn gone_means_done(&self) -> bool {
        false
    }

    fn describe(&self, _last: Option<&T>) -> String {
        self.what.clone()
    }
}

/// The methods of a generated wrapper `$name(crate::GetRequest<$output>)` of a `GET` with
/// optional parameters: every method of `typed_request!`, plus `.wait_until(condition)`; with
/// `resource`, for a /v2 resource, `.wait_ready()` too.
#[allow(unused_macros)] // unused when no API feature is enabled
macro_rules! get_request {
    ($name:ident, $output:ty) => {
        crate::runtime::call::typed_request::typed_request!($name, $output);

        impl $name {
            /// Sends the GET until its answer satisfies `condition`, with the default
            /// [`crate::WaitPolicy`]: the first answer that does, or
            /// [`crate::Error::WaitTimeout`].
            #[inline]
            pub fn wait_until<F>(self, condition: F) -> crate::SendFuture<$output>
            where
                F: ::core::ops::Fn(&$output) -> bool + ::core::marker::Send + 'static,
            {
                self.0.wait_until(condition)
            }

            /// Like `wait_until`, with this policy.
            #[inline]
            pub fn wait_until_with<F>(
                self,
                policy: crate::WaitPolicy,
                condition: F,
            ) -> crate::SendFuture<$output>
            where
                F: ::core::ops::Fn(&$output) -> bool + ::core::marker::Send + 'static,
            {
                self.0.wait_until_with(policy, condition)
            }

            /// Every answer of the GET until one satisfies `condition`, or an error.
            #[inline]
            pub fn watch_until_with<F>(
                self,
                policy: crate::WaitPolicy,
                condition: F,
            ) -> crate::WatchStream<$output>
            where
                F: ::core::ops::Fn(&$output) -> bool + ::core::marker::Send + 'static,
            {
                self.0.watch_until_with(policy, condition)
            }
        }
    };
    ($name:ident, $output:ty, resource) => {
        crate::runtime::wait::until::get_request!($name, $output);

        impl $name {
            /// Sends the GET until the resource is `READY`, with the default
            /// [`crate::WaitPolicy`].
            #[inline]
            pub fn wait_ready(self) -> crate::SendFuture<$output> {
                self.0.wait_ready()
            }

            /// Like `wait_ready`, with this policy.
            #[inline]
            pub fn wait_ready_with(self, policy: crate::WaitPolicy) -> crate::SendFuture<$output> {
                self.0.wait_ready_with(policy)
            }

            /// Every answer of the GET until the resource is `READY`, or an error.
            #[inline]
            pub fn watch_ready_with(
                self,
                policy: crate::WaitPolicy,
            ) -> crate::WatchStream<$output> {
                self.0.watch_ready_with(policy)
            }
        }
    };
}

#[allow(unused_imports)] // unused when no API feature is enabled
pub(crate) use get_request;
