//! Checking a signed request against what the mock knows (applications, consumer keys, its
//! clock).

use super::signature::{sign, SignatureCheck, MAX_CLOCK_SKEW_SECS};
use super::state::Shared;

/// Checks a signed request; `text` reads a header as text.
pub(crate) fn check<'a>(
    shared: &Shared,
    method: &str,
    url: &str,
    body: &[u8],
    text: &dyn Fn(&str) -> Option<&'a str>,
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
    if skew.saturating_abs() > MAX_CLOCK_SKEW_SECS {
        return SignatureCheck::OutOfTime { skew_secs: skew };
    }
    let expected = sign(secret, ck, method, url, body, ts);
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
