//! Typed errors: every failure caused by schema input names the file and the JSON location,
//! so a bad schema never turns into a panic.

use std::path::PathBuf;

/// Everything that can go wrong while reading schemas or writing the generated crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {source}", file.display())]
    Io {
        /// The file concerned.
        file: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// A schema file is not valid JSON, or does not have the console format
    /// (missing field, wrong type...).
    #[error("{}: at `{location}`: {message}", file.display())]
    Json {
        /// The schema file.
        file: PathBuf,
        /// JSON path of the offending value (`apis[2].operations[0].httpMethod`).
        location: String,
        /// What serde_json reported (includes line and column).
        message: String,
    },
    /// The schema is well-formed JSON but semantically unusable.
    #[error("{}: at `{location}`: {message}", file.display())]
    Invalid {
        /// The schema file.
        file: PathBuf,
        /// Where in the file.
        location: String,
        /// What is wrong.
        message: String,
    },
    /// The generator produced tokens that do not parse as Rust (a generator bug).
    #[error("generated code for {file} does not parse: {message}")]
    Syntax {
        /// The output file.
        file: String,
        /// The parser message.
        message: String,
    },
}

/// Result alias of the generator.
pub type Result<T, E = Error> = std::result::Result<T, E>;
