//! HTTP: sending one finished request, reading its answer, and the policies around it.

pub(crate) mod rate_limit; // a client-side cap on requests per second
pub(crate) mod resolve; // host names connected to given addresses (curl's `--resolve`)
pub(crate) mod response; // what came back: `RawResponse`, `Response<T>`, decoding
pub(crate) mod retry; // `RetryPolicy`: when and how long to wait before trying again
pub(crate) mod transport; // hyper (or a given reqwest client) over rustls
