//! Filling path templates with values that can never leave their segment.
//!
//! A value like `../me` or `a/b?x=1` in a path parameter must address the
//! resource literally named so, not another resource: every byte outside the
//! URL-unreserved set is percent-encoded, and the dot segments `.` and `..`
//! (which URL parsers resolve even when percent-encoded) are refused.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::runtime::error::{Error, Result};

/// Everything but the RFC 3986 unreserved characters `A-Z a-z 0-9 - . _ ~`.
pub(crate) const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one path segment value.
///
/// Fails on values that cannot be one segment: empty, `.` or `..`.
pub fn encode_segment(value: &str) -> Result<String> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(Error::InvalidParameter(format!(
            "{value:?} cannot be used as a path segment"
        )));
    }
    Ok(utf8_percent_encode(value, NOT_UNRESERVED).to_string())
}

/// Fills the `{name}` placeholders of a path template, in order, with
/// `values`, each encoded as exactly one path segment.
///
/// ```
/// let path = ovh_api::path::fill_path("/dedicated/server/{serviceName}/burst", &["ns1.example.net"]).unwrap();
/// assert_eq!(path, "/dedicated/server/ns1.example.net/burst");
/// let escaped = ovh_api::path::fill_path("/me/bill/{billId}", &["../me"]).unwrap();
/// assert_eq!(escaped, "/me/bill/..%2Fme");
/// ```
pub fn fill_path<S: AsRef<str>>(template: &str, values: &[S]) -> Result<String> {
    let mut out = String::with_capacity(template.len() + 16);
    let mut values = values.iter();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let end = rest[start..].find('}').map(|e| start + e).ok_or_else(|| {
            Error::InvalidParameter(format!("unclosed placeholder in {template:?}"))
        })?;
        let value = values.next().ok_or_else(|| {
            Error::InvalidParameter(format!(
                "missing value for {} in {template:?}",
                &rest[start..=end]
            ))
        })?;
        out.push_str(&rest[..start]);
        out.push_str(&encode_segment(value.as_ref())?);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    if values.next().is_some() {
        return Err(Error::InvalidParameter(format!(
            "more values than placeholders for {template:?}"
        )));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_stay_in_their_segment() {
        let cases = [
            ("ns1.example.net", "ns1.example.net"),
            ("../me", "..%2Fme"),
            ("a/b?x=1", "a%2Fb%3Fx%3D1"),
            ("a b#c%d", "a%20b%23c%25d"),
            ("été", "%C3%A9t%C3%A9"),
            ("x+y&z", "x%2By%26z"),
        ];
        for (value, encoded) in cases {
            assert_eq!(
                fill_path("/a/{x}/b", &[value]).unwrap(),
                format!("/a/{encoded}/b")
            );
        }
    }

    #[test]
    fn several_placeholders_fill_in_order() {
        assert_eq!(
            fill_path(
                "/email/domain/{domain}/redirection/{id}",
                &["example.com", "42"]
            )
            .unwrap(),
            "/email/domain/example.com/redirection/42"
        );
    }

    #[test]
    fn bad_values_and_counts_are_errors() {
        for bad in ["", ".", ".."] {
            assert!(matches!(
                fill_path("/a/{x}", &[bad]),
                Err(Error::InvalidParameter(_))
            ));
        }
        assert!(fill_path::<&str>("/a/{x}", &[]).is_err());
        assert!(fill_path("/a", &["extra"]).is_err());
        assert!(fill_path("/a/{x", &["v"]).is_err());
    }
}
