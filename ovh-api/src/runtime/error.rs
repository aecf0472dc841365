//! The one error type of the crate.
//!
//! API errors follow the official Python client's mapping from HTTP status
//! and OVH `errorCode` to a kind, so code ported from it keeps its
//! `except NotGrantedCall:` branches as `ApiErrorKind::NotGrantedCall`
//! matches.

use std::fmt;
use std::path::PathBuf;

use serde_json::{Map, Value};

// Names only, so that messages list the variables and endpoints that exist.
use crate::runtime::auth::env_vars::{
    ENV_APPLICATION_KEY, ENV_APPLICATION_SECRET, ENV_CLIENT_ID, ENV_CLIENT_SECRET,
    ENV_CONSUMER_KEY, ENV_ENDPOINT, ENV_OAUTH2_TOKEN_URL,
};
use crate::runtime::auth::hosts::ENDPOINTS;
use crate::runtime::auth::rule::NeededAccess;
use crate::runtime::call::method::Method;
use crate::runtime::call::target::CallTarget;
use crate::runtime::cassette::error::CassetteError;
use crate::runtime::http::transport::NetworkError;
use crate::runtime::wait::error::{TaskFailed, WaitTimeout};

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when calling the OVH API.
///
/// A call retried (see [`crate::RetryPolicy`]) that still fails ends with its last attempt's
/// error, in the same variant as a first attempt's (a GET answered 503 three times is an
/// [`Error::Api`]); [`Error::attempts`] says how many attempts were made.
///
/// `Debug` reads like `Display`, after the kind ([`Error::kind_name`]), so that
/// `fn main() -> ovh_api::Result<()>` ends with a readable line:
/// `Error(not-found): OVH API answered HTTP 404: … (query id …)`. `{:#?}` prints the
/// variant and its fields instead.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status (see [`ApiError::kind`]).
    #[error(transparent)]
    Api(Box<ApiError>),
    /// The request could not be sent or its answer not received.
    #[error("network error: {error}{note}", error = .0, note = attempts_note(.0.attempts()))]
    Network(#[source] NetworkError),
    /// No answer within the client's timeout, which bounds all attempts together.
    #[error("timed out after {after:?} waiting for the OVH API{}", attempts_note(*attempts))]
    Timeout {
        /// The client's timeout.
        after: std::time::Duration,
        /// How many attempts were made (1 unless retried).
        attempts: u32,
    },
    /// The API answered something that is not the JSON expected.
    #[error(
        "OVH API answered HTTP {status} with an unusable body: {reason}; it starts with \
         {body_start:?}{}{}",
        query_id_note(query_id.as_deref()),
        attempts_note(*attempts)
    )]
    InvalidResponse {
        /// HTTP status of the response.
        status: u16,
        /// Why it could not be used (e.g. the JSON parser's message).
        reason: String,
        /// The first bytes of the body, for diagnosis (at most 200 characters).
        body_start: String,
        /// The `X-Ovh-QueryID` header, when the answer had one (give it to
        /// OVH support).
        query_id: Option<String>,
        /// How many attempts were made, this answer's included (1 unless retried).
        attempts: u32,
    },
    /// The configuration could not be read or is inconsistent.
    #[error("invalid configuration: {0}")]
    Config(#[from] ConfigError),
    /// The endpoint is neither a known name nor an `http(s)://` URL.
    #[error(
        "unknown endpoint {0:?}: expected one of {names}, or an http(s):// base URL",
        names = ENDPOINTS.map(|(name, _)| name).join(", ")
    )]
    UnknownEndpoint(String),
    /// A credential needed for this call is not configured; nothing was sent.
    #[error("missing {0}: set it on the builder, in the environment ({env}) or in ovh.conf", env = .0.env_var())]
    MissingCredential(Credential),
    /// A path or query parameter cannot be sent as given.
    #[error("invalid parameter: {0}")]
    InvalidParameter(String),
    /// A request body or query value could not be serialized to JSON.
    #[error("could not serialize the request: {0}")]
    Serialize(#[source] serde_json::Error),
    /// Getting an OAuth2 access token failed.
    #[error(transparent)]
    OAuth2(#[from] OAuth2Error),
    /// A task (or /v2 resource) waited for finished in a failure state (see
    /// [`crate::wait`]); it carries the last value seen and OVH's comment or message.
    #[error(transparent)]
    TaskFailed(Box<TaskFailed>),
    /// A wait gave up before what it waited for finished; it carries the last value seen
    /// and names a status the SDK did not know.
    #[error(transparent)]
    WaitTimeout(Box<WaitTimeout>),
    /// One id of a batch GET failed while others may have succeeded: OVH
    /// answered `error` (and no `value`) for it, or did not answer for it.
    #[error("batch GET: id {key:?} failed: {message}")]
    BatchItem {
        /// The id, as given.
        key: String,
        /// OVH's message for this id.
        message: String,
    },
    /// A client built with [`ClientBuilder::dry_run`](crate::ClientBuilder::dry_run) did not
    /// send this call, which would change something (`POST`, `PUT`, `DELETE`, `PATCH`): the
    /// call, its body as it would have been sent (also kept in
    /// [`Client::dry_run_calls`](crate::Client::dry_run_calls)).
    #[error("dry run: {} {} not sent", .0.method(), .0.path())]
    DryRun(CallTarget),
    /// A cassette could not be created or read (see
    /// [`ClientBuilder::record_to`](crate::ClientBuilder::record_to)).
    #[error(transparent)]
    Cassette(#[from] CassetteError),
}

impl Error {
    /// How many attempts of the call were made before this error: the count an API error, an
    /// invalid response, a network error or a timeout carries (more than 1 when the call was
    /// retried, see [`crate::RetryPolicy`]), and 1 for the other variants, which carry none.
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Api(api) => api.attempts,
            Error::Network(network) => network.attempts(),
            Error::Timeout { attempts, .. } | Error::InvalidResponse { attempts, .. } => *attempts,
            _ => 1,
        }
    }

    /// The same error, recorded as the end of a call that made `attempts` attempts (the
    /// variants without a count are returned as they are).
    pub(crate) fn after_attempts(self, attempts: u32) -> Error {
        match self {
            Error::Api(mut api) => {
                api.attempts = attempts;
                Error::Api(api)
            }
            Error::Network(network) => Error::Network(network.after_attempts(attempts)),
            Error::Timeout { after, .. } => Error::Timeout { after, attempts },
            Error::InvalidResponse {
                status,
                reason,
                body_start,
                query_id,
                ..
            } => Error::InvalidResponse {
                status,
                reason,
                body_start,
                query_id,
                attempts,
            },
            error => error,
        }
    }

    /// The same error, recorded as the answer to a call that needs `needed` to be allowed
    /// ([`ApiError::needed`]; the other variants are returned as they are).
    pub(crate) fn needing(self, needed: Option<NeededAccess>) -> Error {
        match self {
            Error::Api(mut api) => {
                api.needed = needed;
                Error::Api(api)
            }
            error => error,
        }
    }

    /// The same error without the body text an invalid response keeps, for answers that
    /// carry a secret (a new consumer key).
    pub(crate) fn without_body(self) -> Error {
        match self {
            Error::InvalidResponse {
                status,
                reason,
                query_id,
                attempts,
                ..
            } => Error::InvalidResponse {
                status,
                reason,
                body_start: "[redacted: the answer holds a secret]".into(),
                query_id,
                attempts,
            },
            error => error,
        }
    }

    /// The API error, when the API answered with an error status.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// The API error kind, when the API answered with an error status.
    pub fn api_kind(&self) -> Option<ApiErrorKind> {
        self.api().map(|api| api.kind)
    }

    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::InvalidResponse { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The `X-Ovh-QueryID` of the answer, when there was one.
    pub fn query_id(&self) -> Option<&str> {
        match self {
            Error::Api(api) => api.query_id.as_deref(),
            Error::InvalidResponse { query_id, .. } => query_id.as_deref(),
            _ => None,
        }
    }

    /// A short name for the kind of error, e.g. `not-found` or `timeout`.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Error::Api(api) => api.kind.name(),
            Error::Network(_) => "network",
            Error::Timeout { .. } => "timeout",
            Error::InvalidResponse { .. } => "invalid-response",
            Error::Config(_) => "invalid-config",
            Error::UnknownEndpoint(_) => "unknown-endpoint",
            Error::MissingCredential(_) => "missing-credential",
            Error::InvalidParameter(_) => "invalid-parameter",
            Error::Serialize(_) => "serialize",
            Error::OAuth2(_) => "oauth2",
            Error::BatchItem { .. } => "batch-item",
            Error::TaskFailed(_) => "task-failed",
            Error::WaitTimeout(_) => "wait-timeout",
            Error::DryRun(_) => "dry-run",
            Error::Cassette(_) => "cassette",
        }
    }
}

/// ` (query id …)` when there is one, for error messages.
fn query_id_note(query_id: Option<&str>) -> String {
    query_id.map_or_else(String::new, |id| format!(" (query id {id})"))
}

/// ` (gave up after N attempts)` when the call was retried, for error messages.
fn attempts_note(attempts: u32) -> String {
    if attempts > 1 {
        format!(" (gave up after {attempts} attempts)")
    } else {
        String::new()
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !f.alternate() {
            return write!(f, "Error({}): {self}", self.kind_name());
        }
        // `{:#?}`: the variant and its fields, as a derived `Debug` would print them.
        match self {
            Error::Api(api) => f.debug_tuple("Api").field(api).finish(),
            Error::Network(error) => f.debug_tuple("Network").field(error).finish(),
            Error::Timeout { after, attempts } => f
                .debug_struct("Timeout")
                .field("after", after)
                .field("attempts", attempts)
                .finish(),
            Error::InvalidResponse {
                status,
                reason,
                body_start,
                query_id,
                attempts,
            } => f
                .debug_struct("InvalidResponse")
                .field("status", status)
                .field("reason", reason)
                .field("body_start", body_start)
                .field("query_id", query_id)
                .field("attempts", attempts)
                .finish(),
            Error::Config(error) => f.debug_tuple("Config").field(error).finish(),
            Error::UnknownEndpoint(name) => f.debug_tuple("UnknownEndpoint").field(name).finish(),
            Error::MissingCredential(credential) => f
                .debug_tuple("MissingCredential")
                .field(credential)
                .finish(),
            Error::InvalidParameter(reason) => {
                f.debug_tuple("InvalidParameter").field(reason).finish()
            }
            Error::Serialize(error) => f.debug_tuple("Serialize").field(error).finish(),
            Error::OAuth2(error) => f.debug_tuple("OAuth2").field(error).finish(),
            Error::TaskFailed(failed) => f.debug_tuple("TaskFailed").field(failed).finish(),
            Error::WaitTimeout(timeout) => f.debug_tuple("WaitTimeout").field(timeout).finish(),
            Error::BatchItem { key, message } => f
                .debug_struct("BatchItem")
                .field("key", key)
                .field("message", message)
                .finish(),
            Error::DryRun(target) => f.debug_tuple("DryRun").field(target).finish(),
            Error::Cassette(error) => f.debug_tuple("Cassette").field(error).finish(),
        }
    }
}

// Here rather than in `call/method`, so that the method stays a leaf the error type can name.
impl std::str::FromStr for Method {
    type Err = Error;

    fn from_str(s: &str) -> Result<Method> {
        match s.to_ascii_uppercase().as_str() {
            "GET" => Ok(Method::Get),
            "POST" => Ok(Method::Post),
            "PUT" => Ok(Method::Put),
            "DELETE" => Ok(Method::Delete),
            "PATCH" => Ok(Method::Patch),
            _ => Err(Error::InvalidParameter(format!(
                "unknown HTTP method {s:?} (expected GET, POST, PUT, DELETE or PATCH)"
            ))),
        }
    }
}

impl From<ApiError> for Error {
    fn from(error: ApiError) -> Self {
        Error::Api(Box::new(error))
    }
}

/// A credential the client may be missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// The application key (`application_key`).
    ApplicationKey,
    /// The application secret (`application_secret`).
    ApplicationSecret,
    /// The consumer key (`consumer_key`).
    ConsumerKey,
    /// The OAuth2 client id (`client_id`), when a client secret is set.
    ClientId,
    /// The OAuth2 client secret (`client_secret`), when a client id is set.
    ClientSecret,
}

impl Credential {
    /// The environment variable that can hold it.
    pub fn env_var(self) -> &'static str {
        match self {
            Credential::ApplicationKey => ENV_APPLICATION_KEY,
            Credential::ApplicationSecret => ENV_APPLICATION_SECRET,
            Credential::ConsumerKey => ENV_CONSUMER_KEY,
            Credential::ClientId => ENV_CLIENT_ID,
            Credential::ClientSecret => ENV_CLIENT_SECRET,
        }
    }
}

impl fmt::Display for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Credential::ApplicationKey => "application key",
            Credential::ApplicationSecret => "application secret",
            Credential::ConsumerKey => "consumer key",
            Credential::ClientId => "OAuth2 client id",
            Credential::ClientSecret => "OAuth2 client secret",
        })
    }
}

/// What kind of error the API reported, following the Python client's mapping
/// (plus [`TooManyRequests`](ApiErrorKind::TooManyRequests)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// HTTP 400: the parameters were rejected.
    BadParameters,
    /// HTTP 403 `NOT_GRANTED_CALL`: the consumer key does not allow this call.
    NotGrantedCall,
    /// HTTP 403 `NOT_CREDENTIAL`: the consumer key is not validated.
    NotCredential,
    /// HTTP 403 `INVALID_KEY`: the application key is unknown.
    InvalidKey,
    /// HTTP 403 `INVALID_CREDENTIAL`: the consumer key is unknown or revoked.
    InvalidCredential,
    /// HTTP 403 `FORBIDDEN`: the call is forbidden.
    Forbidden,
    /// HTTP 404: the resource does not exist.
    NotFound,
    /// HTTP 409: the resource is in a conflicting state.
    Conflict,
    /// HTTP 460: the service has expired.
    Expired,
    /// HTTP 429: too many requests; `retry_after` is the wait the answer's
    /// `Retry-After` header asked for, when it had a valid one.
    TooManyRequests {
        /// The wait asked for by `Retry-After` (seconds or an HTTP date).
        retry_after: Option<std::time::Duration>,
    },
    /// Any other error status.
    Other,
}

impl ApiErrorKind {
    /// Maps an HTTP status and OVH `errorCode` to a kind.
    pub fn from_status(status: u16, error_code: Option<&str>) -> Self {
        match (status, error_code) {
            (400, _) => ApiErrorKind::BadParameters,
            (403, Some("NOT_GRANTED_CALL")) => ApiErrorKind::NotGrantedCall,
            (403, Some("NOT_CREDENTIAL")) => ApiErrorKind::NotCredential,
            (403, Some("INVALID_KEY")) => ApiErrorKind::InvalidKey,
            (403, Some("INVALID_CREDENTIAL")) => ApiErrorKind::InvalidCredential,
            (403, Some("FORBIDDEN")) => ApiErrorKind::Forbidden,
            (404, _) => ApiErrorKind::NotFound,
            (409, _) => ApiErrorKind::Conflict,
            (460, _) => ApiErrorKind::Expired,
            (429, _) => ApiErrorKind::TooManyRequests { retry_after: None },
            _ => ApiErrorKind::Other,
        }
    }

    /// A short kebab-case name, e.g. `not-granted-call`.
    pub fn name(self) -> &'static str {
        match self {
            ApiErrorKind::BadParameters => "bad-parameters",
            ApiErrorKind::NotGrantedCall => "not-granted-call",
            ApiErrorKind::NotCredential => "not-credential",
            ApiErrorKind::InvalidKey => "invalid-key",
            ApiErrorKind::InvalidCredential => "invalid-credential",
            ApiErrorKind::Forbidden => "forbidden",
            ApiErrorKind::NotFound => "not-found",
            ApiErrorKind::Conflict => "conflict",
            ApiErrorKind::Expired => "expired",
            ApiErrorKind::TooManyRequests { .. } => "too-many-requests",
            ApiErrorKind::Other => "api-error",
        }
    }
}

/// An error answered by the OVH API.
///
/// OVH answers errors in two shapes, both read: today's, with a `class` and a `details` object
/// (`{"class": "Client::Forbidden", "message": "This call has not been granted", "details":
/// {"unauthorizedActionsByIAM": "account:apiovh:me/bill/get", …}}`), and the older one, with
/// an `errorCode` (`{"errorCode": "NOT_GRANTED_CALL", "httpCode": "403 Forbidden", "message":
/// …}`). A 403 prints what the call needed and what OVH says is missing:
///
/// ```text
/// OVH API answered HTTP 403: This call has not been granted [Client::Forbidden]; this call
/// needs GET /me/bill/* (IAM account:apiovh:me/bill/get); OVH says missing:
/// account:apiovh:me/bill/get (query id EU.ext-1.abc)
/// ```
///
/// (on one line; the actions OVH says the credential itself does not allow follow as `; OVH
/// says the credential does not allow: …`). Other statuses print the status, the message,
/// `[errorCode]` (or `[class]` when there is no code), the query id and the attempts.
/// Nothing else of `details` is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The kind, from the status and `errorCode` only, as in the Python client, which reads
    /// no `class`: a 403 with a `class` and no `errorCode` is [`ApiErrorKind::Other`] (read
    /// [`ApiError::class`] and [`ApiError::missing_iam_actions`] instead).
    pub kind: ApiErrorKind,
    /// HTTP status code.
    pub status: u16,
    /// OVH's `message`.
    pub message: String,
    /// OVH's `errorCode`, when given (older error bodies: `NOT_GRANTED_CALL`).
    pub error_code: Option<String>,
    /// OVH's `class`, when given (today's error bodies: `Client::Forbidden`,
    /// `Client::NotFound`).
    pub class: Option<String>,
    /// OVH's `details` object as it came (empty when absent or not an object): on a refused
    /// call, `unauthorizedActionsByIAM` and `unauthorizedActionsByAuthentication`, read by
    /// [`ApiError::missing_iam_actions`] and [`ApiError::missing_authorizations`].
    pub details: Map<String, Value>,
    /// What the call needs to be allowed: the consumer-key rule and the IAM actions of its
    /// operation. Filled for a typed call, and for a raw call whose method and path match a
    /// compiled-in operation (as [`crate::consumer_key::rule_for_path`] finds it); `None`
    /// for a raw path that matches none, and for an error decoded by hand from a
    /// [`RawResponse`](crate::RawResponse), which does not know its call.
    pub needed: Option<NeededAccess>,
    /// The `X-Ovh-QueryID` header, to quote to OVH support.
    pub query_id: Option<String>,
    /// How many attempts of the call were made, this answer's included (1 unless it was
    /// retried, see [`crate::RetryPolicy`]).
    pub attempts: u32,
}

impl ApiError {
    /// The IAM actions OVH says the caller's IAM policies do not allow
    /// (`details.unauthorizedActionsByIAM`, comma-separated: `["account:apiovh:me/bill/get"]`);
    /// empty when OVH names none.
    pub fn missing_iam_actions(&self) -> Vec<&str> {
        self.detail_list("unauthorizedActionsByIAM")
    }

    /// The actions OVH says the credential itself does not allow: the consumer key's access
    /// rules, or the token's scope (`details.unauthorizedActionsByAuthentication`,
    /// comma-separated); empty when OVH names none.
    pub fn missing_authorizations(&self) -> Vec<&str> {
        self.detail_list("unauthorizedActionsByAuthentication")
    }

    /// The pieces of `details[key]`: a comma-separated string, or a JSON array of strings
    /// (accepted too, should OVH send one), each trimmed, empty ones left out.
    fn detail_list(&self, key: &str) -> Vec<&str> {
        let pieces: Vec<&str> = match self.details.get(key) {
            Some(Value::String(list)) => list.split(',').collect(),
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        pieces
            .into_iter()
            .map(str::trim)
            .filter(|piece| !piece.is_empty())
            .collect()
    }

    /// `; this call needs …; OVH says missing: …` for a 403, what a refused call's message
    /// adds; nothing for other statuses, where neither is the reason.
    fn refusal_note(&self) -> String {
        if self.status != 403 {
            return String::new();
        }
        let mut note = String::new();
        if let Some(needed) = &self.needed {
            note.push_str(&format!("; this call needs {needed}"));
        }
        let iam = self.missing_iam_actions();
        if !iam.is_empty() {
            note.push_str(&format!("; OVH says missing: {}", iam.join(", ")));
        }
        let credential = self.missing_authorizations();
        if !credential.is_empty() {
            note.push_str(&format!(
                "; OVH says the credential does not allow: {}",
                credential.join(", ")
            ));
        }
        note
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The kind is not repeated here: it follows from the status and the
        // code, and callers that want it print `Error::kind_name()`.
        write!(f, "OVH API answered HTTP {}: {}", self.status, self.message)?;
        // One tag: the `errorCode` when there is one (the older shape, which the kind is
        // read from, and the more precise of the two), else the `class` (today's shape).
        if let Some(tag) = self.error_code.as_ref().or(self.class.as_ref()) {
            write!(f, " [{tag}]")?;
        }
        // Only the lists of actions are printed from `details`, never the rest of it.
        f.write_str(&self.refusal_note())?;
        f.write_str(&query_id_note(self.query_id.as_deref()))?;
        f.write_str(&attempts_note(self.attempts))
    }
}

impl std::error::Error for ApiError {}

/// A configuration problem.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A configuration file exists but could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A configuration file is not valid INI.
    #[error("cannot parse {path}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// What the INI parser said.
        message: String,
    },
    /// No endpoint was configured anywhere.
    #[error(
        "no endpoint configured: set it on the builder, in {ENV_ENDPOINT}, or as `endpoint=` \
         in the [default] section of ovh.conf"
    )]
    MissingEndpoint,
    /// Credentials of two kinds are configured (application keys and OAuth2,
    /// or OAuth2 client credentials and a fixed access token).
    #[error(
        "{first} and {second} are both configured: use one way of authenticating \
         (application key + secret + consumer key, OAuth2 client_id + client_secret, \
         or an access_token)"
    )]
    ConflictingCredentials {
        /// The first kind found, e.g. `application_key`.
        first: &'static str,
        /// The second kind found, e.g. `client_id`.
        second: &'static str,
    },
    /// OAuth2 credentials are configured but the endpoint has no known
    /// token URL.
    #[error(
        "endpoint {endpoint} has no OAuth2 token URL: set oauth2_token_url on the builder, \
         in {ENV_OAUTH2_TOKEN_URL} or in the endpoint's section of ovh.conf"
    )]
    NoOAuth2TokenUrl {
        /// The endpoint name or base URL.
        endpoint: String,
    },
    /// A configured value is not usable.
    #[error("invalid value for {name}: {reason}")]
    InvalidValue {
        /// The setting.
        name: &'static str,
        /// Why it is refused.
        reason: String,
    },
}

/// Why an OAuth2 access token could not be obtained.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OAuth2Error {
    /// The token endpoint refused the request (e.g. `invalid_client` for a
    /// wrong client id or secret).
    #[error(
        "OAuth2 token request to {url} refused with HTTP {status}: {error}{}",
        description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default()
    )]
    Refused {
        /// The token URL.
        url: String,
        /// HTTP status.
        status: u16,
        /// The OAuth2 `error` code, or a summary of the body.
        error: String,
        /// The OAuth2 `error_description`, when given.
        description: Option<String>,
    },
    /// The token endpoint answered 2xx with something that is not a token.
    #[error("OAuth2 token endpoint {url} answered an unusable token: {reason}")]
    InvalidToken {
        /// The token URL.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_the_python_client() {
        use ApiErrorKind::*;
        let cases = [
            (400, None, BadParameters),
            (403, Some("NOT_GRANTED_CALL"), NotGrantedCall),
            (403, Some("NOT_CREDENTIAL"), NotCredential),
            (403, Some("INVALID_KEY"), InvalidKey),
            (403, Some("INVALID_CREDENTIAL"), InvalidCredential),
            (403, Some("FORBIDDEN"), Forbidden),
            (403, Some("SOMETHING_ELSE"), Other),
            (403, None, Other),
            (404, None, NotFound),
            (409, None, Conflict),
            (460, None, Expired),
            (500, None, Other),
            (401, None, Other),
        ];
        for (status, code, kind) in cases {
            assert_eq!(
                ApiErrorKind::from_status(status, code),
                kind,
                "{status} {code:?}"
            );
        }
    }

    #[test]
    fn messages_name_the_endpoints_and_variables() {
        assert_eq!(
            Error::UnknownEndpoint("ovh-mars".into()).to_string(),
            "unknown endpoint \"ovh-mars\": expected one of ovh-eu, ovh-us, ovh-ca, kimsufi-eu, \
             kimsufi-ca, soyoustart-eu, soyoustart-ca, or an http(s):// base URL"
        );
        assert!(ConfigError::MissingEndpoint
            .to_string()
            .contains("in OVH_ENDPOINT, or"));
        let no_token_url = ConfigError::NoOAuth2TokenUrl {
            endpoint: "kimsufi-eu".into(),
        };
        assert!(no_token_url
            .to_string()
            .contains("in OVH_OAUTH2_TOKEN_URL or"));
        assert_eq!(
            Error::MissingCredential(Credential::ConsumerKey).to_string(),
            "missing consumer key: set it on the builder, in the environment (OVH_CONSUMER_KEY) \
             or in ovh.conf"
        );
    }

    /// An API error with `status` and nothing else to say.
    fn bare(status: u16, message: &str) -> ApiError {
        ApiError {
            kind: ApiErrorKind::from_status(status, None),
            status,
            message: message.into(),
            error_code: None,
            class: None,
            details: Map::new(),
            needed: None,
            query_id: None,
            attempts: 1,
        }
    }

    fn api_error(status: u16) -> Error {
        Error::from(bare(status, "unavailable"))
    }

    #[test]
    fn errors_after_retries_keep_their_variant_and_carry_the_count() {
        let first = api_error(503);
        assert_eq!(first.attempts(), 1);
        assert_eq!(first.to_string(), "OVH API answered HTTP 503: unavailable");
        let last = api_error(503).after_attempts(3);
        assert!(
            matches!(&last, Error::Api(api) if api.attempts == 3),
            "{last:?}"
        );
        assert_eq!(last.attempts(), 3);
        assert_eq!(last.status(), Some(503));
        assert_eq!(
            last.to_string(),
            "OVH API answered HTTP 503: unavailable (gave up after 3 attempts)"
        );
        let timeout = Error::Timeout {
            after: std::time::Duration::from_secs(2),
            attempts: 1,
        }
        .after_attempts(2);
        assert!(matches!(timeout, Error::Timeout { attempts: 2, .. }));
        assert_eq!(
            timeout.to_string(),
            "timed out after 2s waiting for the OVH API (gave up after 2 attempts)"
        );
        let invalid = Error::InvalidResponse {
            status: 502,
            reason: "not JSON".into(),
            body_start: "<html>".into(),
            query_id: None,
            attempts: 1,
        }
        .after_attempts(4)
        .without_body();
        assert!(matches!(
            &invalid,
            Error::InvalidResponse { status: 502, attempts: 4, body_start, .. }
                if body_start.starts_with("[redacted")
        ));
        assert!(invalid.to_string().ends_with("(gave up after 4 attempts)"));
        // Variants without a count stay as they are.
        let missing = Error::MissingCredential(Credential::ConsumerKey).after_attempts(3);
        assert!(matches!(missing, Error::MissingCredential(_)));
        assert_eq!(missing.attempts(), 1);
    }

    #[test]
    fn display_names_kind_status_message_and_query_id() {
        let error = Error::from(ApiError {
            kind: ApiErrorKind::NotGrantedCall,
            status: 403,
            message: "This call has not been granted".into(),
            error_code: Some("NOT_GRANTED_CALL".into()),
            query_id: Some("EU.ext-1.abc".into()),
            ..bare(403, "")
        });
        assert_eq!(
            error.to_string(),
            "OVH API answered HTTP 403: This call has not been granted [NOT_GRANTED_CALL] \
             (query id EU.ext-1.abc)"
        );
        assert_eq!(error.status(), Some(403));
        assert_eq!(error.kind_name(), "not-granted-call");
    }

    /// The 403 OVH answers today to a call IAM does not allow, decoded.
    fn refused(details: Value) -> ApiError {
        let Value::Object(details) = details else {
            panic!("details are an object")
        };
        ApiError {
            class: Some("Client::Forbidden".into()),
            details,
            query_id: Some("EU.ext-1.abc".into()),
            ..bare(403, "This call has not been granted")
        }
    }

    fn bill_get() -> NeededAccess {
        NeededAccess {
            rule: crate::runtime::auth::rule::AccessRule {
                method: "GET".into(),
                path: "/me/bill/*".into(),
            },
            iam_actions: vec!["account:apiovh:me/bill/get".into()],
        }
    }

    #[test]
    fn missing_actions_are_read_from_details() {
        let api = refused(serde_json::json!({
            "unauthorizedActionsByIAM": " a:x/get, a:y/get,,  ",
            "unauthorizedActionsByAuthentication": "",
        }));
        assert_eq!(api.missing_iam_actions(), ["a:x/get", "a:y/get"]);
        assert!(api.missing_authorizations().is_empty());
        let api = refused(serde_json::json!({
            "unauthorizedActionsByIAM": ["a:x/get", " ", 3, "a:y/get "],
            "unauthorizedActionsByAuthentication": "a:z/get",
        }));
        assert_eq!(api.missing_iam_actions(), ["a:x/get", "a:y/get"]);
        assert_eq!(api.missing_authorizations(), ["a:z/get"]);
        let api = refused(serde_json::json!({"unauthorizedActionsByIAM": {"no": "list"}}));
        assert!(api.missing_iam_actions().is_empty());
        assert!(bare(403, "").missing_iam_actions().is_empty());
        assert!(bare(403, "").missing_authorizations().is_empty());
    }

    #[test]
    fn a_refused_call_names_what_it_needs_and_what_ovh_says_is_missing() {
        let mut api = refused(serde_json::json!({
            "unauthorizedActionsByIAM": "account:apiovh:me/bill/get",
            "unauthorizedActionsByAuthentication": "",
            "someOtherDetail": "never printed",
        }));
        api.needed = Some(bill_get());
        assert_eq!(
            api.to_string(),
            "OVH API answered HTTP 403: This call has not been granted [Client::Forbidden]; \
             this call needs GET /me/bill/* (IAM account:apiovh:me/bill/get); OVH says missing: \
             account:apiovh:me/bill/get (query id EU.ext-1.abc)"
        );
        // Several actions, the credential's refusal too, a need without actions, retries.
        api.details = serde_json::json!({
            "unauthorizedActionsByIAM": "a:one,a:two",
            "unauthorizedActionsByAuthentication": "a:three",
        })
        .as_object()
        .cloned()
        .unwrap();
        api.needed.as_mut().unwrap().iam_actions.clear();
        api.query_id = None;
        api.attempts = 2;
        assert_eq!(
            api.to_string(),
            "OVH API answered HTTP 403: This call has not been granted [Client::Forbidden]; \
             this call needs GET /me/bill/*; OVH says missing: a:one, a:two; OVH says the \
             credential does not allow: a:three (gave up after 2 attempts)"
        );
        // Nothing known beyond the message: today's form.
        let plain = bare(403, "Forbidden");
        assert_eq!(plain.to_string(), "OVH API answered HTTP 403: Forbidden");
    }

    #[test]
    fn the_error_code_is_the_tag_and_the_class_stands_in_for_it() {
        let both = ApiError {
            error_code: Some("NOT_GRANTED_CALL".into()),
            needed: Some(bill_get()),
            ..refused(serde_json::json!({}))
        };
        assert_eq!(
            both.to_string(),
            "OVH API answered HTTP 403: This call has not been granted [NOT_GRANTED_CALL]; \
             this call needs GET /me/bill/* (IAM account:apiovh:me/bill/get) \
             (query id EU.ext-1.abc)"
        );
        // Not a refusal: the class is the tag, the need and the details are not printed.
        let gone = ApiError {
            class: Some("Client::NotFound".into()),
            needed: Some(bill_get()),
            ..refused(serde_json::json!({"unauthorizedActionsByIAM": "a:x"}))
        };
        let gone = ApiError {
            status: 404,
            message: "gone".into(),
            query_id: None,
            ..gone
        };
        assert_eq!(
            gone.to_string(),
            "OVH API answered HTTP 404: gone [Client::NotFound]"
        );
    }

    #[test]
    fn debug_reads_like_display_after_the_kind() {
        let mut api = bare(404, "The requested object (FR1) does not exist");
        api.class = Some("Client::NotFound".into());
        api.query_id = Some("EU.ext-1.abc".into());
        let err = Error::from(api);
        let shown = format!("{err:?}");
        assert_eq!(
            shown,
            "Error(not-found): OVH API answered HTTP 404: The requested object (FR1) does not \
             exist [Client::NotFound] (query id EU.ext-1.abc)"
        );
        assert!(!shown.contains("ApiError {"), "{shown}");
        // What `fn main() -> Result<()>` prints for other variants too.
        let missing = Error::MissingCredential(Credential::ConsumerKey);
        assert!(format!("{missing:?}").starts_with("Error(missing-credential): missing "));
        // `{:#?}` keeps the structured form.
        let pretty = format!("{err:#?}");
        assert!(pretty.starts_with("Api(\n    ApiError {"), "{pretty}");
        assert!(pretty.contains("EU.ext-1.abc"), "{pretty}");
    }
}
