//! The HTTP side: one fallback handler that checks, routes and records.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Router;
use serde_json::{json, Value};

use crate::{
    ovh_error_body, sign, AccessRule, CannedResponse, IssuedCredential, Method, RecordedRequest,
    Shared, SignatureCheck, CREDENTIAL_PATH, MAX_CLOCK_SKEW_SECS, TIME_PATH, TOKEN_PATH,
};

/// Largest body the fake reads.
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

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(handle).with_state(shared)
}

async fn handle(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let body = match to_bytes(body, BODY_LIMIT).await {
        Ok(b) => b,
        Err(_) => {
            let r = CannedResponse::error(400, "INVALID_BODY", "Could not read request body");
            return build_response(&shared, r);
        }
    };
    let response = process(&shared, &parts, &body);
    if !response.delay.is_zero() {
        tokio::time::sleep(response.delay).await;
    }
    build_response(&shared, response)
}

/// Decides the answer (whose `delay` includes the route's delay) and records
/// the request.
fn process(shared: &Shared, parts: &Parts, body: &Bytes) -> CannedResponse {
    let method = parts.method.clone();
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
        .map(|pq| pq.as_str().to_owned())
        .unwrap_or_else(|| path.clone());
    let url = format!("http://{host}{target}");

    let bad_header = TEXT_HEADERS
        .iter()
        .find(|name| headers.get(**name).is_some_and(|v| v.to_str().is_err()));

    let bearer = text("authorization").and_then(|a| a.strip_prefix("Bearer "));
    let signed = headers.contains_key("x-ovh-signature");
    let signature = if let Some(token) = bearer {
        let state = shared.state();
        match state.tokens.get(token) {
            Some(until) if *until > std::time::Instant::now() => SignatureCheck::Bearer,
            _ => SignatureCheck::BadBearer,
        }
    } else if !signed || bad_header.is_some() {
        SignatureCheck::Unsigned
    } else {
        check_signature(shared, &method, &url, body, |n| text(n))
    };

    let response = match bad_header {
        Some(name) => CannedResponse::error(
            400,
            "INVALID_HEADER",
            &format!("Invalid value for header {name}"),
        ),
        None if method == Method::POST && path == TOKEN_PATH => {
            shared.token_requests.fetch_add(1, Ordering::SeqCst);
            issue_token(shared, body, text("authorization"))
        }
        None => decide(
            shared,
            &method,
            &path,
            body,
            &signature,
            signed || signature == SignatureCheck::Bearer,
            |n| text(n),
        ),
    };

    if method == Method::GET && path == TIME_PATH {
        shared.time_requests.fetch_add(1, Ordering::SeqCst);
    }
    shared.state().requests.push(RecordedRequest {
        method,
        path,
        raw_query,
        query,
        url,
        headers: headers.clone(),
        body: body.to_vec(),
        signature,
        status: response.status,
        received_at: std::time::Instant::now(),
    });
    response
}

fn check_signature<'a>(
    shared: &Shared,
    method: &Method,
    url: &str,
    body: &[u8],
    text: impl Fn(&str) -> Option<&'a str>,
) -> SignatureCheck {
    let state = shared.state();
    let Some(secret) = text("x-ovh-application").and_then(|k| state.apps.get(k)) else {
        return SignatureCheck::UnknownApplication;
    };
    let Some(ck) = text("x-ovh-consumer").filter(|ck| state.consumer_keys.contains(*ck)) else {
        return SignatureCheck::UnknownConsumer;
    };
    let Some(ts) = text("x-ovh-timestamp").and_then(|t| t.trim().parse::<i64>().ok()) else {
        return SignatureCheck::BadTimestamp;
    };
    let skew = ts.saturating_sub(shared.now());
    if skew.abs() > MAX_CLOCK_SKEW_SECS {
        return SignatureCheck::OutOfTime { skew_secs: skew };
    }
    let expected = sign(secret, ck, method.as_str(), url, body, ts);
    let received = text("x-ovh-signature").unwrap_or_default();
    if expected == received {
        SignatureCheck::Valid
    } else {
        SignatureCheck::Mismatch {
            expected,
            received: received.to_owned(),
            signed_url: url.to_owned(),
        }
    }
}

fn decide<'a>(
    shared: &Shared,
    method: &Method,
    path: &str,
    body: &[u8],
    signature: &SignatureCheck,
    signed: bool,
    text: impl Fn(&str) -> Option<&'a str>,
) -> CannedResponse {
    if !body.is_empty() {
        let is_json = text("content-type").is_some_and(|ct| {
            ct.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
        });
        if !is_json {
            return CannedResponse::error(
                400,
                "INVALID_CONTENT_TYPE",
                "A request body must be sent with Content-Type: application/json",
            );
        }
        if serde_json::from_slice::<Value>(body).is_err() {
            return CannedResponse::error(400, "INVALID_JSON", "Invalid JSON received");
        }
    }
    match signature {
        SignatureCheck::Unsigned | SignatureCheck::Valid | SignatureCheck::Bearer => {}
        SignatureCheck::BadBearer => {
            return CannedResponse::error(
                401,
                "INVALID_TOKEN",
                "The access token is invalid or has expired",
            )
        }
        SignatureCheck::UnknownApplication => {
            return CannedResponse::error(403, "INVALID_KEY", "Invalid application key")
        }
        SignatureCheck::UnknownConsumer => {
            return CannedResponse::error(
                403,
                "INVALID_CREDENTIAL",
                "This credential does not exist",
            )
        }
        SignatureCheck::BadTimestamp => {
            return CannedResponse::error(400, "INVALID_SIGNATURE", "Invalid timestamp")
        }
        SignatureCheck::OutOfTime { .. } => {
            return CannedResponse::error(400, "QUERY_TIME_OUT", "Query out of time")
        }
        SignatureCheck::Mismatch { .. } => {
            return CannedResponse::error(400, "INVALID_SIGNATURE", "Invalid signature")
        }
    }

    let key = (method.clone(), path.to_owned());
    if let Some(separator) = text("x-ovh-batch").filter(|s| !s.is_empty()) {
        // A route registered for the exact path of several ids wins (to
        // serve canned answers); otherwise each id is answered from its
        // route (a single id's route is that id's, not the batch's).
        let several = path
            .rsplit('/')
            .next()
            .is_some_and(|ids| ids.contains(separator));
        let exact = several && shared.state().routes.contains_key(&key);
        if *method == Method::GET && !exact {
            return batch(shared, path, separator, signed);
        }
    }
    let routed = shared.state().routes.contains_key(&key);
    if *method == Method::GET && !routed {
        if let Some(page) = crate::v2::answer(shared, path, signed, &text) {
            return page;
        }
    }
    {
        let mut state = shared.state();
        if let Some(route) = state.routes.get_mut(&key) {
            if route.requires_auth && !signed {
                return must_login();
            }
            let i = route.next.min(route.responses.len().saturating_sub(1));
            route.next = route.next.saturating_add(1);
            let mut response = route
                .responses
                .get(i)
                .cloned()
                .unwrap_or_else(|| CannedResponse::json(200, Value::Null));
            response.delay += route.delay;
            return response;
        }
    }
    if *method == Method::GET && path == TIME_PATH {
        return CannedResponse::json(200, json!(shared.now()));
    }
    if *method == Method::POST && path == CREDENTIAL_PATH {
        return issue_credential(shared, body, text("x-ovh-application"));
    }
    CannedResponse::error(404, "NOT_FOUND", "Got an invalid (or empty) URL")
}

/// A batch GET: `prefix/{id1}<sep>{id2}…` answered as
/// `[{"key","value","error"}…]` from the route of each `prefix/{id}`.
fn batch(shared: &Shared, path: &str, separator: &str, signed: bool) -> CannedResponse {
    let Some((prefix, ids)) = path.rsplit_once('/') else {
        return CannedResponse::error(404, "NOT_FOUND", "Got an invalid (or empty) URL");
    };
    let mut state = shared.state();
    let mut items = Vec::new();
    let mut delay = std::time::Duration::ZERO;
    for encoded in ids.split(separator) {
        let key = percent_decode(encoded);
        let route = state
            .routes
            .get_mut(&(Method::GET, format!("{prefix}/{encoded}")));
        let (value, error) = match route {
            None => (
                Value::Null,
                json!(format!("The requested object ({key}) does not exist")),
            ),
            Some(route) if route.requires_auth && !signed => {
                (Value::Null, json!("You must login first"))
            }
            Some(route) => {
                let i = route.next.min(route.responses.len().saturating_sub(1));
                route.next = route.next.saturating_add(1);
                delay = delay.max(route.delay);
                let canned = route
                    .responses
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| CannedResponse::json(200, Value::Null));
                let body: Value = serde_json::from_slice(&canned.body).unwrap_or(Value::Null);
                if (200..300).contains(&canned.status) {
                    (body, Value::Null)
                } else {
                    let message = body
                        .get("message")
                        .and_then(Value::as_str)
                        .map_or_else(|| format!("HTTP {}", canned.status), str::to_owned);
                    (Value::Null, json!(message))
                }
            }
        };
        items.push(json!({"key": key, "value": value, "error": error}));
    }
    CannedResponse::json(200, Value::Array(items)).with_delay(delay)
}

/// Decodes `%XX` escapes (invalid ones are kept as they are).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn must_login() -> CannedResponse {
    CannedResponse::json(401, json!({"message": "You must login first"}))
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct CredentialBody {
    access_rules: Vec<AccessRule>,
    #[serde(default)]
    redirection: Option<String>,
    #[serde(default, rename = "allowedIPs")]
    allowed_ips: Option<Vec<String>>,
}

fn issue_credential(shared: &Shared, body: &[u8], app_key: Option<&str>) -> CannedResponse {
    let Some(app_key) = app_key.filter(|k| shared.state().apps.contains_key(*k)) else {
        return CannedResponse::error(403, "INVALID_KEY", "Invalid application key");
    };
    let parsed: CredentialBody = match serde_json::from_slice(body) {
        Ok(b) => b,
        Err(e) => {
            return CannedResponse::error(
                400,
                "INVALID_PARAMETER",
                &format!("Invalid credential request: {e}"),
            )
        }
    };
    let consumer_key = shared.random_hex(32);
    let token = shared.random_hex(40);
    let validation_url = format!("{}/auth/?credentialToken={token}", shared.root_url);
    let mut state = shared.state();
    state.consumer_keys.insert(consumer_key.clone());
    state.credentials.push(IssuedCredential {
        application_key: app_key.to_owned(),
        consumer_key: consumer_key.clone(),
        access_rules: parsed.access_rules,
        redirection: parsed.redirection,
        allowed_ips: parsed.allowed_ips,
        validation_url: validation_url.clone(),
    });
    CannedResponse::json(
        200,
        json!({
            "validationUrl": validation_url,
            "consumerKey": consumer_key,
            "state": "pendingValidation",
        }),
    )
}

/// The client credentials grant: checks the client, issues a token.
fn issue_token(shared: &Shared, body: &[u8], authorization: Option<&str>) -> CannedResponse {
    let mut state = shared.state();
    let delay = state.token_delay;
    if let Some(canned) = state.token_response.clone() {
        return canned.with_delay(delay);
    }
    let form: std::collections::HashMap<String, String> =
        url::form_urlencoded::parse(body).into_owned().collect();
    let oauth_error = |status: u16, error: &str, description: &str| {
        CannedResponse::json(
            status,
            json!({"error": error, "error_description": description}),
        )
        .with_delay(delay)
    };
    if form.get("grant_type").map(String::as_str) != Some("client_credentials") {
        return oauth_error(
            400,
            "unsupported_grant_type",
            "only client_credentials is supported",
        );
    }
    let basic = authorization
        .and_then(|a| a.strip_prefix("Basic "))
        .and_then(|b| {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD.decode(b).ok()
        })
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|pair| {
            pair.split_once(':')
                .map(|(id, secret)| (id.to_owned(), secret.to_owned()))
        });
    let (id, secret) = match basic {
        Some(pair) => pair,
        None => (
            form.get("client_id").cloned().unwrap_or_default(),
            form.get("client_secret").cloned().unwrap_or_default(),
        ),
    };
    if state.oauth2_clients.get(&id) != Some(&secret) {
        return oauth_error(401, "invalid_client", "Invalid client credentials");
    }
    let token = shared.random_hex(40);
    let lifetime = state.token_lifetime;
    state.tokens.insert(
        token.clone(),
        std::time::Instant::now() + std::time::Duration::from_secs(lifetime),
    );
    CannedResponse::json(
        200,
        json!({
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": lifetime,
            "scope": form.get("scope").cloned().unwrap_or_default(),
        }),
    )
    .with_delay(delay)
}

fn build_response(shared: &Shared, canned: CannedResponse) -> Response {
    let (status, body, content_type) = match StatusCode::from_u16(canned.status) {
        Ok(s) => (s, canned.body, canned.content_type),
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            ovh_error_body(
                500,
                "FAKE_OVH_BAD_STATUS",
                &format!("fake OVH: invalid canned status {}", canned.status),
            )
            .to_string()
            .into_bytes(),
            Some("application/json".to_owned()),
        ),
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Some(ct) = content_type.and_then(|ct| HeaderValue::from_str(&ct).ok()) {
        headers.insert(axum::http::header::CONTENT_TYPE, ct);
    }
    if let Ok(qid) = HeaderValue::from_str(&shared.query_id()) {
        headers.insert("x-ovh-queryid", qid);
    }
    for (name, value) in &canned.headers {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            headers.append(n, v);
        }
    }
    response
}
