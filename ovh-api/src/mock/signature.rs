//! The signature check, written apart from [`crate::signing`] so that a
//! mistake there is caught here rather than repeated.

use sha1::{Digest, Sha1};

/// Largest accepted difference, in seconds, between `X-Ovh-Timestamp` and the
/// mock's clock.
pub const MAX_CLOCK_SKEW_SECS: i64 = 5;

/// Computes an OVH request signature as OVH does:
/// `"$1$" + hex(sha1(app_secret + "+" + consumer_key + "+" + method + "+" + url + "+" + body + "+" + timestamp))`,
/// `url` being the full URL as sent (scheme, host, port, path and query) and
/// `body` the exact body bytes.
pub fn sign(
    app_secret: &str,
    consumer_key: &str,
    method: &str,
    url: &str,
    body: &[u8],
    timestamp: i64,
) -> String {
    let mut payload = format!("{app_secret}+{consumer_key}+{method}+{url}+").into_bytes();
    payload.extend_from_slice(body);
    payload.extend_from_slice(format!("+{timestamp}").as_bytes());
    format!("$1${}", hex(&Sha1::digest(&payload)))
}

/// How a request authenticated, as the mock saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureCheck {
    /// No `X-Ovh-Signature` header (or not checked because a header was not
    /// valid text; the request was then answered 400 `INVALID_HEADER`).
    Unsigned,
    /// Signed correctly.
    Valid,
    /// `X-Ovh-Application` missing or unknown.
    UnknownApplication,
    /// `X-Ovh-Consumer` missing or unknown.
    UnknownConsumer,
    /// `X-Ovh-Timestamp` missing or not an integer.
    BadTimestamp,
    /// The timestamp is too far from the mock's clock.
    OutOfTime {
        /// Client timestamp minus mock time, in seconds.
        skew_secs: i64,
    },
    /// Authenticated with a valid OAuth2 bearer token (no signature).
    Bearer,
    /// An OAuth2 bearer token the mock does not know, or expired (answered
    /// 401 `INVALID_TOKEN`).
    BadBearer,
    /// The signature does not match what was received.
    Mismatch {
        /// The signature the mock computed.
        expected: String,
        /// The signature the client sent.
        received: String,
        /// The URL the mock signed (`http://` + Host + request target).
        signed_url: String,
    },
}

impl SignatureCheck {
    /// Whether the request was signed correctly.
    pub fn is_valid(&self) -> bool {
        matches!(self, SignatureCheck::Valid)
    }

    /// Whether the request was authenticated, by signature or bearer token.
    pub fn is_authenticated(&self) -> bool {
        matches!(self, SignatureCheck::Valid | SignatureCheck::Bearer)
    }
}

/// Lowercase hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `printf '%s' 'SECRET+CK+GET+https://eu.api.ovh.com/1.0/me++1700000000' | sha1sum`
    #[test]
    fn vector_get_empty_body() {
        assert_eq!(
            sign(
                "SECRET",
                "CK",
                "GET",
                "https://eu.api.ovh.com/1.0/me",
                b"",
                1700000000
            ),
            "$1$96ab833dc7c1c8fbd7c834cc92b539ea3068105b"
        );
    }

    /// `printf '%s' 'SECRET+CK+POST+https://eu.api.ovh.com/1.0/me/contact?x=1+{"a":1}+1700000000' | sha1sum`
    #[test]
    fn vector_post_with_query_and_body() {
        assert_eq!(
            sign(
                "SECRET",
                "CK",
                "POST",
                "https://eu.api.ovh.com/1.0/me/contact?x=1",
                br#"{"a":1}"#,
                1700000000
            ),
            "$1$0f133baac2861f3b52395490bd467fa4d6bc05c9"
        );
    }

    #[test]
    fn agrees_with_the_client() {
        let args = (
            "s",
            "ck",
            "PUT",
            "http://127.0.0.1:1/1.0/x?y=%20",
            &b"{}"[..],
            -5,
        );
        assert_eq!(
            sign(args.0, args.1, args.2, args.3, args.4, args.5),
            crate::signing::signature(args.0, args.1, args.2, args.3, args.4, args.5)
        );
    }

    #[test]
    fn hex_is_lowercase() {
        assert_eq!(hex(&[0x00, 0xab, 0x7f]), "00ab7f");
    }
}
