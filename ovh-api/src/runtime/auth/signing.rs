//! The OVH request signature.
//!
//! OVH authenticates a call by a SHA-1 over the application secret, the
//! consumer key, the method, the exact URL sent, the exact body sent and the
//! timestamp, joined with `+`. The server recomputes it from what it
//! received, so the URL and body given here must be byte-for-byte what goes
//! on the wire.

use sha1::{Digest, Sha1};

/// Computes the `X-Ovh-Signature` header value: `$1$` followed by the
/// lowercase hex SHA-1 of `secret+consumerKey+METHOD+url+body+timestamp`.
pub fn signature(
    application_secret: &str,
    consumer_key: &str,
    method: &str,
    url: &str,
    body: &[u8],
    timestamp: i64,
) -> String {
    let mut hasher = Sha1::new();
    hasher.update(application_secret.as_bytes());
    hasher.update(b"+");
    hasher.update(consumer_key.as_bytes());
    hasher.update(b"+");
    hasher.update(method.as_bytes());
    hasher.update(b"+");
    hasher.update(url.as_bytes());
    hasher.update(b"+");
    hasher.update(body);
    hasher.update(b"+");
    let mut digits = [0u8; 20];
    hasher.update(decimal(timestamp, &mut digits));
    // `$1$` and the lowercase hex digest, written without intermediate
    // strings: this runs for every call.
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(43);
    out.push_str("$1$");
    for byte in hasher.finalize() {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    out
}

/// The decimal digits of `n`, written into `buf`.
fn decimal(n: i64, buf: &mut [u8; 20]) -> &[u8] {
    let mut rest = n.unsigned_abs();
    let mut start = buf.len();
    loop {
        start -= 1;
        buf[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if n < 0 {
        start -= 1;
        buf[start] = b'-';
    }
    &buf[start..]
}

#[cfg(test)]
mod tests {
    use super::{decimal, signature};

    #[test]
    fn decimals_match_to_string() {
        for n in [0, 7, -7, 10, 1_700_000_000, i64::MAX, i64::MIN] {
            let mut buf = [0u8; 20];
            assert_eq!(decimal(n, &mut buf), n.to_string().as_bytes());
        }
    }

    #[test]
    fn matches_an_independent_sha1() {
        // Computed once, independently of this code, with:
        // printf '%s' 'APP_SECRET+CONSUMER_KEY+GET+https://eu.api.ovh.com/1.0/me++1700000000' | sha1sum
        assert_eq!(
            signature(
                "APP_SECRET",
                "CONSUMER_KEY",
                "GET",
                "https://eu.api.ovh.com/1.0/me",
                b"",
                1_700_000_000
            ),
            "$1$6ab9c7d6fcbbb9df417cd28c334a40b50d76b326"
        );
    }

    #[test]
    fn includes_the_body_bytes() {
        // printf '%s' 'S+C+POST+https://eu.api.ovh.com/1.0/email/domain/example.com/redirection+{"from":"a@example.com","to":"b@example.com","localCopy":false}+1700000000' | sha1sum
        assert_eq!(
            signature(
                "S",
                "C",
                "POST",
                "https://eu.api.ovh.com/1.0/email/domain/example.com/redirection",
                br#"{"from":"a@example.com","to":"b@example.com","localCopy":false}"#,
                1_700_000_000
            ),
            "$1$81b5cbcc4cf78599d94a6abeea75188ba2210978"
        );
    }
}
