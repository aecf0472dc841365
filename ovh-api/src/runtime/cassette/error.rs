//! [`CassetteError`]: why a cassette could not be written or read, naming the file and, when
//! one is at fault, the line.
//!
//! A leaf of the runtime: the error type of the crate carries it ([`crate::Error::Cassette`]).

use std::path::PathBuf;

/// A cassette (see [`crate::ClientBuilder::record_to`]) that could not be created, written or
/// read: each variant names the file, and the line (counted from 1) when one is at fault.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CassetteError {
    /// The file could not be created, opened or read (it does not exist, say).
    #[error("cassette {}: {source}", path.display())]
    Io {
        /// The cassette's path.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The file is empty: not even the header line a cassette starts with.
    #[error("cassette {}, line 1: the file is empty (a cassette starts with its header line)", path.display())]
    Empty {
        /// The cassette's path.
        path: PathBuf,
    },
    /// The first line is not a cassette's header: another kind of file.
    #[error("cassette {}, line {line}: not a cassette of this SDK ({reason})", path.display())]
    NotACassette {
        /// The file's path.
        path: PathBuf,
        /// The line read (1, the header).
        line: usize,
        /// What was found instead.
        reason: String,
    },
    /// The header names a format version this SDK does not read (a newer one).
    #[error(
        "cassette {}, line {line}: format version {version}, this SDK reads version {supported} \
         and older",
        path.display()
    )]
    UnsupportedVersion {
        /// The cassette's path.
        path: PathBuf,
        /// The header's line (1).
        line: usize,
        /// The version the header names.
        version: u64,
        /// The newest version this SDK reads.
        supported: u64,
    },
    /// A line is not a recorded exchange.
    #[error("cassette {}, line {line}: not a recorded exchange: {reason}", path.display())]
    InvalidLine {
        /// The cassette's path.
        path: PathBuf,
        /// The line at fault.
        line: usize,
        /// Why it is not one.
        reason: String,
    },
    /// The last line stops half-way, without its newline: the recording stopped while writing
    /// it (a crash). `Cassette::read_lenient` reads the lines before it.
    #[error(
        "cassette {}, line {line}: the last line is cut short (the recording stopped while \
         writing it); remove it, or read the lines before it with Cassette::read_lenient",
        path.display()
    )]
    Truncated {
        /// The cassette's path.
        path: PathBuf,
        /// The line cut short.
        line: usize,
    },
}

impl CassetteError {
    /// The cassette's path.
    pub fn path(&self) -> &std::path::Path {
        match self {
            CassetteError::Io { path, .. }
            | CassetteError::Empty { path }
            | CassetteError::NotACassette { path, .. }
            | CassetteError::UnsupportedVersion { path, .. }
            | CassetteError::InvalidLine { path, .. }
            | CassetteError::Truncated { path, .. } => path,
        }
    }

    /// The line at fault, counted from 1; `None` when the file as a whole could not be read
    /// or written.
    pub fn line(&self) -> Option<usize> {
        match self {
            CassetteError::Io { .. } => None,
            CassetteError::Empty { .. } => Some(1),
            CassetteError::NotACassette { line, .. }
            | CassetteError::UnsupportedVersion { line, .. }
            | CassetteError::InvalidLine { line, .. }
            | CassetteError::Truncated { line, .. } => Some(*line),
        }
    }
}
