//! [`Cassette`]: a cassette file read back, every line checked.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::runtime::cassette::error::CassetteError;
use crate::runtime::cassette::format::{Exchange, Header, FORMAT_NAME, FORMAT_VERSION};

/// The methods an exchange may name.
const METHODS: [&str; 5] = ["GET", "POST", "PUT", "DELETE", "PATCH"];

/// A cassette read from a file: its exchanges in the order they were recorded.
///
/// [`Cassette::read`] accepts only a whole cassette; [`Cassette::read_lenient`] also one whose
/// recording stopped while writing its last line (the program crashed), keeping the lines
/// before it. `MockOvh::replay` (feature `mock`) replays one.
#[derive(Debug, Clone)]
pub struct Cassette {
    path: PathBuf,
    exchanges: Vec<Exchange>,
}

impl Cassette {
    /// Reads the cassette at `path`. A file that is missing, empty, not a cassette (its first
    /// line is not a cassette's header), of a newer format, with a line that is not an
    /// exchange or with a last line cut short is an error naming the file and the line.
    pub fn read(path: impl AsRef<Path>) -> Result<Cassette, CassetteError> {
        Cassette::read_with(path.as_ref(), false)
    }

    /// Reads the cassette at `path` as [`Cassette::read`] does, except that a last line cut
    /// short (without its newline, not JSON: the recording stopped while writing it) is left
    /// out with a warning (`tracing`, target `ovh_api::cassette`): the exchanges recorded
    /// before a crash.
    pub fn read_lenient(path: impl AsRef<Path>) -> Result<Cassette, CassetteError> {
        Cassette::read_with(path.as_ref(), true)
    }

    /// The file it was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The exchanges, in the order they were recorded.
    pub fn exchanges(&self) -> &[Exchange] {
        &self.exchanges
    }

    /// The exchanges, taken out.
    pub fn into_exchanges(self) -> Vec<Exchange> {
        self.exchanges
    }

    fn read_with(path: &Path, lenient: bool) -> Result<Cassette, CassetteError> {
        let bytes = std::fs::read(path).map_err(|source| CassetteError::Io {
            path: path.to_owned(),
            source,
        })?;
        let text = String::from_utf8_lossy(&bytes);
        if text.trim().is_empty() {
            return Err(CassetteError::Empty {
                path: path.to_owned(),
            });
        }
        let ends_whole = text.ends_with('\n');
        let lines: Vec<&str> = text.lines().collect();
        let last = lines.len();
        let mut exchanges = Vec::new();
        for (index, line) in lines.iter().enumerate() {
            let number = index + 1;
            let parsed = serde_json::from_str::<Value>(line);
            if parsed.is_err() && number == last && !ends_whole {
                let cut = CassetteError::Truncated {
                    path: path.to_owned(),
                    line: number,
                };
                if lenient && number > 1 {
                    tracing::warn!(target: "ovh_api::cassette", error = %cut, "cassette: the last line left out");
                    break;
                }
                return Err(cut);
            }
            if number == 1 {
                check_header(path, parsed)?;
            } else if !line.trim().is_empty() {
                exchanges.push(exchange(path, number, parsed)?);
            }
        }
        Ok(Cassette {
            path: path.to_owned(),
            exchanges,
        })
    }
}

/// Checks the first line: a cassette's header, of a version this SDK reads.
fn check_header(path: &Path, line: serde_json::Result<Value>) -> Result<(), CassetteError> {
    let foreign = |reason: String| CassetteError::NotACassette {
        path: path.to_owned(),
        line: 1,
        reason,
    };
    let value = line.map_err(|e| foreign(format!("the first line is not JSON: {e}")))?;
    let header: Header = serde_json::from_value(value).map_err(|_| {
        foreign(format!(
            r#"the first line is not a header such as {{"cassette":"{FORMAT_NAME}","version":{FORMAT_VERSION}}}"#
        ))
    })?;
    if header.cassette != FORMAT_NAME {
        return Err(foreign(format!(
            "the header names {:?}, not {FORMAT_NAME:?}",
            header.cassette
        )));
    }
    if header.version == 0 || header.version > FORMAT_VERSION {
        return Err(CassetteError::UnsupportedVersion {
            path: path.to_owned(),
            line: 1,
            version: header.version,
            supported: FORMAT_VERSION,
        });
    }
    Ok(())
}

/// The exchange on line `number`, checked.
fn exchange(
    path: &Path,
    number: usize,
    line: serde_json::Result<Value>,
) -> Result<Exchange, CassetteError> {
    let invalid = |reason: String| CassetteError::InvalidLine {
        path: path.to_owned(),
        line: number,
        reason,
    };
    let value = line.map_err(|e| invalid(format!("not JSON: {e}")))?;
    let mut exchange: Exchange =
        serde_json::from_value(value).map_err(|e| invalid(e.to_string()))?;
    if !METHODS.contains(&exchange.method.as_str()) {
        return Err(invalid(format!("unknown method {:?}", exchange.method)));
    }
    if !exchange.path.starts_with('/') {
        return Err(invalid(format!(
            "the path {:?} does not start with /",
            exchange.path
        )));
    }
    exchange.line = number;
    Ok(exchange)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "{\"cassette\":\"ovh-api\",\"version\":1}\n";
    const GET_ME: &str = "{\"method\":\"GET\",\"path\":\"/me\",\"status\":200,\"response\":{}}\n";

    fn write(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("session.jsonl");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn a_whole_cassette_reads_with_its_lines() {
        let (_dir, path) = write(&format!("{HEADER}{GET_ME}\n{GET_ME}"));
        let cassette = Cassette::read(&path).unwrap();
        let lines: Vec<usize> = cassette.exchanges().iter().map(Exchange::line).collect();
        assert_eq!(lines, [2, 4]);
        assert_eq!(cassette.path(), path);
    }

    #[test]
    fn bad_files_name_the_file_and_the_line() {
        let cases = [
            ("", "line 1: the file is empty", Some(1)),
            ("# notes\n", "line 1: not a cassette", Some(1)),
            ("{\"name\":\"x\"}\n", "line 1: not a cassette", Some(1)),
            (
                "{\"cassette\":\"ovh-api\",\"version\":7}\n",
                "version 7",
                Some(1),
            ),
            (
                &format!("{HEADER}{GET_ME}{{\"method\":\"GET\"}}\n"),
                "line 3: not a recorded exchange",
                Some(3),
            ),
            (
                &format!("{HEADER}{{\"method\":\"HEAD\",\"path\":\"/\",\"status\":1}}\n"),
                "unknown method",
                Some(2),
            ),
            (
                &format!("{HEADER}{GET_ME}{{\"method\":\"GE"),
                "line 3: the last line is cut short",
                Some(3),
            ),
        ];
        for (text, message, line) in cases {
            let (_dir, path) = write(text);
            let error = Cassette::read(&path).unwrap_err();
            let shown = error.to_string();
            assert!(shown.contains(&path.display().to_string()), "{shown}");
            assert!(shown.contains(message), "{shown}");
            assert_eq!(error.line(), line, "{shown}");
        }
        let missing = Cassette::read("/nonexistent/session.jsonl").unwrap_err();
        assert!(matches!(missing, CassetteError::Io { .. }), "{missing}");
        assert!(missing.to_string().contains("/nonexistent/session.jsonl"));
    }

    #[test]
    fn lenient_reading_keeps_the_lines_before_a_cut() {
        let (_dir, path) = write(&format!("{HEADER}{GET_ME}{{\"method\":\"GE"));
        let cassette = Cassette::read_lenient(&path).unwrap();
        assert_eq!(cassette.exchanges().len(), 1);
        // A bad line in the middle is still an error.
        let (_dir, path) = write(&format!("{HEADER}nonsense\n{GET_ME}"));
        let error = Cassette::read_lenient(&path).unwrap_err();
        assert_eq!(error.line(), Some(2), "{error}");
    }
}
