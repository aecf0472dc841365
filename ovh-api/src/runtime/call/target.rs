//! [`CallTarget`]: where a call goes (method, path and query, body), without sending it.
//!
//! A leaf of the runtime, importing only `call/method`: typed calls say where they go with it
//! ([`crate::TypedCall::call_target`]), and a dry run's error ([`crate::Error::DryRun`])
//! carries one, so the error type can name it without importing the request types.

use bytes::Bytes;

use crate::runtime::call::method::Method;

/// Where a call is sent: its method and its path with the query string, and whether its
/// answer comes page by page.
///
/// ```
/// use ovh_api::{Method, TypedCall};
///
/// # let no_config = ovh_api::ConfigLookup::with_files(Vec::<(String, String)>::new(), Vec::new());
/// # let client = ovh_api::Client::builder().endpoint("ovh-eu").config_lookup(no_config).build()?;
/// let call = client.get::<Vec<String>>("/me/bill").query("date.from", "2024-01-01");
/// let target = call.call_target().expect("a valid call");
/// assert_eq!(target.method(), Method::Get);
/// assert_eq!(target.path(), "/me/bill?date.from=2024-01-01");
/// assert!(!target.is_paged());
/// # Ok::<(), ovh_api::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallTarget {
    method: Method,
    path: String,
    body: Option<Bytes>,
    paged: bool,
}

impl CallTarget {
    /// The HTTP method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The path relative to the endpoint with the query string, percent-encoded as sent:
    /// `/me/bill/FR1`, `/me/bill?date.from=2024-01-01`, `/v2/iam/policy`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The JSON body the call sends, as it sends it (compact; read-only fields and unset
    /// options left out by the body encoding), or `None` when it sends none: what a dry run
    /// prints.
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// Whether the call is a cursor-paginated /v2 list ([`crate::Paged`]): one request per
    /// page, each to [`CallTarget::path`], the page asked for in headers.
    pub fn is_paged(&self) -> bool {
        self.paged
    }

    /// The target of a call sending `body` (`None`: no body) with `method` to `path` (the
    /// query string included), answered in one piece.
    pub(crate) fn new(method: Method, path: String, body: Option<Bytes>) -> Self {
        CallTarget {
            method,
            path,
            body,
            paged: false,
        }
    }

    /// The same target, answered page by page.
    pub(crate) fn into_paged(self) -> Self {
        CallTarget {
            paged: true,
            ..self
        }
    }
}
