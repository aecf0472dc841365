//! The paths the mock answers by itself, and how a rule's or a request's path is completed.

pub(crate) const TIME_PATH: &str = "/1.0/auth/time";
pub(crate) const CREDENTIAL_PATH: &str = "/1.0/auth/credential";
pub(crate) const TOKEN_PATH: &str = "/auth/oauth2/token";

/// A rule's or a request's full path: relative paths get the `/1.0` prefix,
/// a query string is dropped.
pub(crate) fn full_path(path: &str) -> String {
    let path = path.split('?').next().unwrap_or("");
    let path = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    };
    let absolute = ["/1.0", "/v1", "/v2"].iter().any(|prefix| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    });
    if absolute {
        path
    } else {
        format!("/1.0{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_under_1_0() {
        assert_eq!(full_path("/me"), "/1.0/me");
        assert_eq!(full_path("me/bill"), "/1.0/me/bill");
        assert_eq!(full_path("/v2/iam/policy"), "/v2/iam/policy");
        assert_eq!(full_path("/v1/x"), "/v1/x");
        assert_eq!(full_path("/1.0/me"), "/1.0/me");
        assert_eq!(full_path("/v2x"), "/1.0/v2x");
        assert_eq!(full_path("/me?x=1"), "/1.0/me");
    }
}
