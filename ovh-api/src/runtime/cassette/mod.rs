//! Cassettes: the exchanges of a client with the API recorded to a file
//! ([`crate::ClientBuilder::record_to`]), read back to replay them (`MockOvh::replay`, feature
//! `mock`). The format is in the testing guide (`ovh_api::guide::testing`).

pub(crate) mod error; // `CassetteError`: a cassette not read or written, naming file and line
pub(crate) mod format; // `Exchange` and the header line: one JSON object a line, secrets out
pub(crate) mod places; // passwords left out by where the schemas put them, whatever their name
pub(crate) mod read; // `Cassette`: a file read back, line by line
pub(crate) mod write; // `Recorder`: appending each exchange as one complete line
