//! Building a call: what it sends, the raw and the typed request types, the path nodes of the
//! typed API, and what a call knows before it is sent.

pub(crate) mod batch; // batch GETs: many ids of one collection in one request
pub(crate) mod method; // the HTTP methods
pub(crate) mod node; // what every generated path node holds
pub mod pagination; // cursor pagination of /v2 lists
pub(crate) mod parts; // what one call sends, the client aside
pub mod path; // filling path templates, each value one segment
pub(crate) mod raw; // the client's raw entry points (`client.get(path)`, …)
pub(crate) mod raw_request; // `ApiRequest`: the raw, untyped request
pub(crate) mod target; // `CallTarget`: where a call goes, unsent (a leaf)
pub(crate) mod typed_call; // `TypedCall`: what a typed call answers and where it goes
pub(crate) mod typed_request; // `Request`: the one shape of every typed operation
pub mod v2; // what the /v2 branch adds (OpenAPI query serialization)

#[cfg(test)]
pub(crate) mod reserved; // names the generator must not give to parameters or nodes
