//! The `OLD` and `NEW` arguments of `codegen diff`: a schema folder, or a folder at a git
//! revision (`git:REV:PATH`, e.g. `git:HEAD~3:schemas/ovh-eu`), which is extracted with
//! `git archive` into a temporary folder removed afterwards.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where a schema set comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A folder holding `index.json` and the API files.
    Dir(PathBuf),
    /// A folder of the git repository around the working directory, at a revision.
    Git {
        /// Revision (`HEAD~3`, `main`, a commit).
        rev: String,
        /// Folder inside the repository, from its root (`schemas/ovh-eu`).
        path: String,
    },
}

/// Why a source could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{spec}: {message}")]
pub struct SourceError {
    /// The argument as given.
    pub spec: String,
    /// What went wrong.
    pub message: String,
}

impl Source {
    /// Parses an argument: `git:REV:PATH`, or a folder.
    pub fn parse(spec: &str) -> Result<Source, SourceError> {
        let Some(rest) = spec.strip_prefix("git:") else {
            return Ok(Source::Dir(PathBuf::from(spec)));
        };
        match rest.split_once(':') {
            Some((rev, path)) if !rev.is_empty() && !path.trim_matches('/').is_empty() => {
                Ok(Source::Git {
                    rev: rev.to_string(),
                    path: path.trim_matches('/').to_string(),
                })
            }
            _ => Err(SourceError {
                spec: spec.to_string(),
                message: "expected git:REV:PATH, e.g. git:HEAD~3:schemas/ovh-eu".into(),
            }),
        }
    }

    /// Makes the schema set available as a folder (extracting it for a git revision).
    pub fn materialize(&self, spec: &str) -> Result<Materialized, SourceError> {
        match self {
            Source::Dir(dir) => Ok(Materialized {
                dir: dir.clone(),
                temp: None,
            }),
            Source::Git { rev, path } => {
                let err = |message: String| SourceError {
                    spec: spec.to_string(),
                    message,
                };
                let temp = TempDir::new().map_err(|e| err(format!("temporary folder: {e}")))?;
                extract(rev, path, &temp.0).map_err(err)?;
                Ok(Materialized {
                    dir: temp.0.clone(),
                    temp: Some(temp),
                })
            }
        }
    }
}

/// A schema folder; a temporary one is removed when this is dropped.
#[derive(Debug)]
pub struct Materialized {
    dir: PathBuf,
    temp: Option<TempDir>,
}

impl Materialized {
    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether the folder is temporary (extracted from git).
    pub fn is_temporary(&self) -> bool {
        self.temp.is_some()
    }
}

/// `git archive --format=tar REV:PATH | tar -x -C DIR`, from the top of the repository (run
/// in a subfolder, `git archive` would keep only that subfolder of the tree).
fn extract(rev: &str, path: &str, dir: &Path) -> Result<(), String> {
    let top = Command::new("git")
        .args(["rev-parse", "--show-toplevel"])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !top.status.success() {
        return Err(format!(
            "not in a git repository: {}",
            String::from_utf8_lossy(&top.stderr).trim()
        ));
    }
    let top = PathBuf::from(String::from_utf8_lossy(&top.stdout).trim_end_matches(['\n', '\r']));
    let mut git = Command::new("git")
        .current_dir(&top)
        .args(["archive", "--format=tar", &format!("{rev}:{path}")])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let Some(stdout) = git.stdout.take() else {
        return Err("git archive gave no output".into());
    };
    let tar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(dir)
        .stdin(stdout)
        .stderr(Stdio::piped())
        .output();
    let git = git
        .wait_with_output()
        .map_err(|e| format!("git archive: {e}"))?;
    if !git.status.success() {
        return Err(format!(
            "git archive failed: {}",
            String::from_utf8_lossy(&git.stderr).trim()
        ));
    }
    let tar = tar.map_err(|e| format!("cannot run tar: {e}"))?;
    if !tar.status.success() {
        return Err(format!(
            "tar failed: {}",
            String::from_utf8_lossy(&tar.stderr).trim()
        ));
    }
    Ok(())
}

/// A folder under the system temp dir, removed on drop.
#[derive(Debug)]
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> std::io::Result<TempDir> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("codegen-diff-{}-{n}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_folders_and_git_revisions() {
        assert_eq!(
            Source::parse("schemas/ovh-eu").unwrap(),
            Source::Dir("schemas/ovh-eu".into())
        );
        assert_eq!(
            Source::parse("git:HEAD~3:schemas/ovh-eu/").unwrap(),
            Source::Git {
                rev: "HEAD~3".into(),
                path: "schemas/ovh-eu".into()
            }
        );
        assert!(Source::parse("git:HEAD").is_err());
        assert!(Source::parse("git::schemas").is_err());
        assert!(Source::parse("git:HEAD:").is_err());
    }
}
