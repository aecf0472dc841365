//! The HTTP methods of the OVH API.
//!
//! A leaf of the runtime: it imports nothing, so the request, its parts, the client,
//! consumer-key rules and the error type can all name a method without importing each other.
//! Parsing one (`"get".parse::<Method>()`) is in `error`, whose error it returns.

use std::fmt;

/// An HTTP method of the OVH API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
    /// `PATCH` (used by /v2 APIs)
    Patch,
}

impl Method {
    /// The method name as sent on the wire and signed, e.g. `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
        }
    }

    pub(crate) fn to_http(self) -> hyper::Method {
        match self {
            Method::Get => hyper::Method::GET,
            Method::Post => hyper::Method::POST,
            Method::Put => hyper::Method::PUT,
            Method::Delete => hyper::Method::DELETE,
            Method::Patch => hyper::Method::PATCH,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_parse_case_insensitively() {
        assert_eq!("get".parse::<Method>().unwrap(), Method::Get);
        assert_eq!("DELETE".parse::<Method>().unwrap(), Method::Delete);
        assert_eq!("patch".parse::<Method>().unwrap(), Method::Patch);
        assert!("OPTIONS".parse::<Method>().is_err());
    }
}
