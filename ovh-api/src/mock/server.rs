//! The HTTP side: accepts connections, and for each request checks,
//! answers and records.

use std::convert::Infallible;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use hyper::http::request::Parts;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::watch;

use super::paths::{CREDENTIAL_PATH, TIME_PATH, TOKEN_PATH};
use super::recording::RecordedRequest;
use super::replay::Incoming as ReplayedRequest;
use super::reply::{ovh_error_body, Reply};
use super::signature::SignatureCheck;
use super::state::Shared;
use super::{auth, batch, oauth2, verify};

/// Largest body the mock reads.
const BODY_LIMIT: usize = 64 * 1024 * 1024;

/// Headers whose values must be valid text.
const TEXT_HEADERS: [&str; 6] = [
    "host",
    "content-type",
    "x-ovh-application",
    "x-ovh-consumer",
    "x-ovh-timestamp",
    "x-ovh-signature",
];

/// Serves until `stop`'s sender is dropped, then closes every connection.
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<()>,
) {
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors, say: wait rather than spin.
                    tracing::warn!(target: "ovh_api::mock", error = %e, "mock OVH: accept failed");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            _ = stop.changed() => break,
        };
        let shared = shared.clone();
        let mut stop = stop.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let shared = shared.clone();
                async move { Ok::<_, Infallible>(handle(&shared, request).await) }
            });
            let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
            tokio::select! {
                _ = connection => {}
                _ = stop.changed() => {}
            }
        });
    }
}

async fn handle(shared: &Shared, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, BODY_LIMIT).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            let reply = Reply::error_code(400, "INVALID_BODY", "Could not read the request body");
            return build_response(shared, reply);
        }
    };
    let reply = process(shared, &parts, &body);
    if !reply.delay().is_zero() {
        tokio::time::sleep(reply.delay()).await;
    }
    build_response(shared, reply)
}

/// Decides the answer (its delay includes the rule's) and records the
/// request.
fn process(shared: &Shared, parts: &Parts, body: &[u8]) -> Reply {
    let method = parts.method.as_str().to_owned();
    let path = parts.uri.path().to_owned();
    let raw_query = parts.uri.query().map(str::to_owned);
    let query: Vec<(String, String)> = raw_query
        .as_deref()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let headers = &parts.headers;
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());

    let host = text("host")
        .map(str::to_owned)
        .or_else(|| parts.uri.authority().map(|a| a.to_string()))
        .unwrap_or_default();
    let target = parts
        .uri
        .path_and_query()
        .map_or_else(|| path.clone(), |pq| pq.as_str().to_owned());
    let url = format!("http://{host}{target}");

    let bad_header = TEXT_HEADERS
        .iter()
        .find(|name| headers.get(**name).is_some_and(|v| v.to_str().is_err()));
    let bearer = text("authorization").and_then(|a| a.strip_prefix("Bearer "));
    let signature = if let Some(token) = bearer {
        oauth2::check_bearer(shared, token.trim())
    } else if !headers.contains_key("x-ovh-signature") || bad_header.is_some() {
        SignatureCheck::Unsigned
    } else {
        verify::check(shared, &method, &url, body, &text)
    };

    let (reply, rule) = match bad_header {
        Some(name) => (
            Reply::error_code(
                400,
                "INVALID_HEADER",
                &format!("Invalid value for header {name}"),
            ),
            None,
        ),
        None if method == "POST" && path == TOKEN_PATH => {
            shared.token_requests.fetch_add(1, Ordering::SeqCst);
            (oauth2::token(shared, body, text("authorization")), None)
        }
        None => {
            let target = (path.as_str(), raw_query.as_deref());
            decide(shared, &method, target, body, &signature, &text)
        }
    };

    if method == "GET" && path == TIME_PATH {
        shared.time_requests.fetch_add(1, Ordering::SeqCst);
    }
    tracing::debug!(target: "ovh_api::mock", %method, %path, status = reply.status(), "mock OVH answered");
    shared.state().requests.push(RecordedRequest {
        method,
        path,
        raw_query,
        query,
        url,
        headers: headers.clone(),
        body: body.to_vec(),
        signature,
        status: reply.status(),
        received_at: Instant::now(),
        rule,
    });
    reply
}

/// The answer to a request whose headers are text, and the rule that gave
/// it. `target`: the path and the query string, as received.
fn decide<'a>(
    shared: &Shared,
    method: &str,
    (path, query): (&str, Option<&str>),
    body: &[u8],
    signature: &SignatureCheck,
    text: &dyn Fn(&str) -> Option<&'a str>,
) -> (Reply, Option<usize>) {
    if let Some(refusal) = check_body(body, text("content-type")) {
        return (refusal, None);
    }
    if let Some(refusal) = refuse(signature) {
        return (refusal, None);
    }
    let authenticated = signature.is_authenticated();
    if method == "GET" {
        if let Some(separator) = text("x-ovh-batch").filter(|s| !s.is_empty()) {
            if batch::applies(shared, path, separator) {
                return (batch::answer(shared, path, separator, authenticated), None);
            }
        }
    }
    {
        let mut state = shared.state();
        if let Some(index) = state.rule_index(method, path, query) {
            if let Some(rule) = state.rules.get_mut(index) {
                if rule.requires_auth && !authenticated {
                    return (must_login(), Some(index));
                }
                return (rule.next_reply(text), Some(index));
            }
        }
    }
    let request = ReplayedRequest {
        method,
        path,
        query,
        body,
    };
    if let Some(reply) = replayed(shared, &request) {
        return (reply, None);
    }
    if method == "GET" && path == TIME_PATH {
        return (auth::time(shared), None);
    }
    if method == "POST" && path == CREDENTIAL_PATH {
        return (
            auth::credential(shared, body, text("x-ovh-application")),
            None,
        );
    }
    (unmatched(shared, method, path, query), None)
}

/// A replaying mock's answer to a request no rule matched: the cassette's exchange it matches,
/// else a mismatch; `None` when not replaying, and for the clock sync, which is never
/// recorded and always answered by the mock's own clock.
fn replayed(shared: &Shared, request: &ReplayedRequest<'_>) -> Option<Reply> {
    let mut state = shared.state();
    let replay = state.replay.as_mut()?;
    if let Some(reply) = replay.play(request) {
        return Some(reply);
    }
    if request.method == "GET" && request.path == TIME_PATH {
        return None;
    }
    Some(replay.mismatch(request))
}

/// How many registered rules the answer to an unmatched request names.
const NEAREST_RULES: usize = 3;

/// The answer to a request no rule matched: OVH's 404 for an unknown URL, its message saying
/// which request it was and naming the nearest rules, for the test's author.
fn unmatched(shared: &Shared, method: &str, path: &str, query: Option<&str>) -> Reply {
    let request = match query.filter(|q| !q.is_empty()) {
        Some(query) => format!("{method} {path}?{query}"),
        None => format!("{method} {path}"),
    };
    let nearest = shared.state().nearest_rules(method, path, NEAREST_RULES);
    let rules = if nearest.is_empty() {
        "the mock has no rules".to_owned()
    } else {
        format!("nearest rules: {}", nearest.join(", "))
    };
    let message = format!("Got an invalid (or empty) URL: no mock rule matched {request}; {rules}");
    Reply::error_code(404, "NOT_FOUND", &message)
}

/// A non-empty body must be JSON, sent as such.
fn check_body(body: &[u8], content_type: Option<&str>) -> Option<Reply> {
    if body.is_empty() {
        return None;
    }
    let is_json = content_type.is_some_and(|ct| {
        ct.split(';')
            .next()
            .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
    });
    if !is_json {
        return Some(Reply::error_code(
            400,
            "INVALID_CONTENT_TYPE",
            "A request body must be sent with Content-Type: application/json",
        ));
    }
    if serde_json::from_slice::<Value>(body).is_err() {
        return Some(Reply::error_code(
            400,
            "INVALID_JSON",
            "Invalid JSON received",
        ));
    }
    None
}

/// The answer to a request that failed authentication, as OVH gives it.
fn refuse(signature: &SignatureCheck) -> Option<Reply> {
    let (status, code, message) = match signature {
        SignatureCheck::Unsigned | SignatureCheck::Valid | SignatureCheck::Bearer => return None,
        SignatureCheck::BadBearer => (
            401,
            "INVALID_TOKEN",
            "The access token is invalid or has expired",
        ),
        SignatureCheck::UnknownApplication => (403, "INVALID_KEY", "Invalid application key"),
        SignatureCheck::UnknownConsumer => {
            (403, "INVALID_CREDENTIAL", "This credential does not exist")
        }
        SignatureCheck::BadTimestamp => (400, "INVALID_SIGNATURE", "Invalid timestamp"),
        SignatureCheck::OutOfTime { .. } => (400, "QUERY_TIME_OUT", "Query out of time"),
        SignatureCheck::Mismatch { .. } => (400, "INVALID_SIGNATURE", "Invalid signature"),
    };
    Some(Reply::error_code(status, code, message))
}

fn must_login() -> Reply {
    Reply::json(401, &serde_json::json!({"message": "You must login first"}))
}

fn build_response(shared: &Shared, reply: Reply) -> Response<Full<Bytes>> {
    let (status, body, content_type) = match StatusCode::from_u16(reply.status()) {
        Ok(status) => (
            status,
            reply.body().to_vec(),
            reply.content_type().map(str::to_owned),
        ),
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            ovh_error_body(
                500,
                Some("MOCK_BAD_STATUS"),
                &format!("mock OVH: invalid reply status {}", reply.status()),
            )
            .to_string()
            .into_bytes(),
            Some("application/json".to_owned()),
        ),
    };
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Some(ct) = content_type.and_then(|ct| HeaderValue::from_str(&ct).ok()) {
        headers.insert(CONTENT_TYPE, ct);
    }
    // A replayed answer brings the query id it was recorded with.
    let has_query_id = reply
        .headers()
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("x-ovh-queryid"));
    if let (false, Ok(query_id)) = (has_query_id, HeaderValue::from_str(&shared.query_id())) {
        headers.insert("x-ovh-queryid", query_id);
    }
    for (name, value) in reply.headers() {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            headers.append(name, value);
        }
    }
    response
}
