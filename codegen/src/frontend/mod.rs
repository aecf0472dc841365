//! Front ends: each reads one schema format into the format-neutral [`crate::ir::Spec`].
//!
//! They are tolerant: what they do not understand in an item becomes an untyped or reduced
//! form of that item, recorded as [`crate::ir::Degraded`]. Only unreadable input (a missing
//! file, text that is not JSON, an OpenAPI document naming no known branch) is an error.
//!
//! [`read_folder`] reads a schema folder holding files of either format, told apart by their
//! content: a document with an `openapi` key at the top is OpenAPI 3, placed on its branch by
//! `servers[0].url` ([`Branch::of_document`]); anything else is a console file, listed in
//! `index.json`.

pub mod console;
pub mod openapi;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result};
use crate::ir::Spec;

/// An API branch of OVH: where its paths are served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Branch {
    /// `/1.0` (also served as `/v1`): the console's branch. Its paths are written without the
    /// branch (`/vps/{serviceName}`), its models keep their OVH names.
    V1,
    /// `/v2`: paths, features and models live under `v2`.
    V2,
}

impl Branch {
    /// The branch's path, as written in `servers` URLs and in generated docs.
    pub fn as_str(self) -> &'static str {
        match self {
            Branch::V1 => "/1.0",
            Branch::V2 => crate::V2_BRANCH,
        }
    }

    /// The branch a URL path names: `/1.0` or its alias `/v1`, or `/v2` (a trailing `/` is
    /// allowed); `None` for any other path.
    pub fn of_path(path: &str) -> Option<Branch> {
        match path.trim_end_matches('/') {
            "/1.0" | "/v1" => Some(Branch::V1),
            "/v2" => Some(Branch::V2),
            _ => None,
        }
    }

    /// The branch of an OpenAPI document from `servers[0].url` (`https://eu.api.ovh.com/1.0`,
    /// or a relative `/v2`): `Ok(None)` without `servers`, `Err(message)` when the URL names
    /// no known branch.
    pub fn of_document(doc: &Value) -> std::result::Result<Option<Branch>, String> {
        let Some(first) = doc
            .get("servers")
            .and_then(Value::as_array)
            .and_then(|s| s.first())
        else {
            return Ok(None);
        };
        let Some(url) = first.get("url").and_then(Value::as_str) else {
            return Err("`servers[0]` has no `url` string".into());
        };
        let path = match url.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("", |i| &rest[i..]),
            None => url,
        };
        let path = path.split(['?', '#']).next().unwrap_or_default();
        Branch::of_path(path).map(Some).ok_or_else(|| {
            format!("server URL `{url}` names no known API branch (expected a path of /1.0, /v1 or /v2)")
        })
    }
}

/// Whether a document is OpenAPI (an `openapi` key at the top), else a console file.
pub fn is_openapi(doc: &Value) -> bool {
    doc.get("openapi").is_some()
}

/// How a folder is read.
#[derive(Debug, Clone, Copy)]
pub struct FolderRole<'a> {
    /// The branch of OpenAPI documents without `servers`, or whose `servers[0].url` names no
    /// branch (with a warning).
    pub default_branch: Branch,
    /// Prefix of the file names reported for this folder's files (`v2/` for the /v2 folder,
    /// so that its `iam.json` is told from a /1.0 `iam.json`).
    pub label: &'a str,
}

/// Reads a schema folder: the console APIs `index.json` lists (in its order), then every
/// other `*.json` file below the folder that is an OpenAPI document (sorted by path). A
/// file listed in the index may be an OpenAPI document too. Other files are ignored, with a
/// warning. Without `index.json`, every document is read by content alone.
pub fn read_folder(dir: &Path, role: FolderRole) -> Result<Spec> {
    let mut spec = Spec::default();
    let index_file = dir.join("index.json");
    let listed = if index_file.exists() {
        console::read_index(&index_file)?
    } else {
        Vec::new()
    };
    for api_path in &listed {
        let rel = format!("{}.json", api_path.trim_start_matches('/'));
        let json = console::read_json(&dir.join(&rel))?;
        read_one(&mut spec, &json, &rel, Some(api_path), dir, role)?;
    }
    for rel in json_files(dir)? {
        if rel == "index.json"
            || listed
                .iter()
                .any(|p| rel == format!("{}.json", p.trim_start_matches('/')))
        {
            continue;
        }
        let json = console::read_json(&dir.join(&rel))?;
        if is_openapi(&json) {
            read_one(&mut spec, &json, &rel, None, dir, role)?;
        } else {
            spec.warnings.push(format!(
                "{}{rel}: not listed in index.json and not an OpenAPI document: ignored",
                role.label
            ));
        }
    }
    Ok(spec)
}

/// Reads one schema file on its own (`codegen diff` of two files): a console file as the API
/// its `resourcePath` names, an OpenAPI document as one folder would (a /1.0 API path is
/// the start its paths share, up to the segment named like the file: `dedicated/server.json`
/// holding `/dedicated/server/...` is `/dedicated/server`).
pub fn read_file(path: &Path) -> Result<Spec> {
    let json = console::read_json(path)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = path.parent().unwrap_or(Path::new("."));
    let stem = name.trim_end_matches(".json");
    let api_path = if is_openapi(&json) {
        shared_start(&json, stem)
    } else {
        json.get("resourcePath")
            .and_then(Value::as_str)
            .map_or_else(|| format!("/{stem}"), str::to_string)
    };
    let mut spec = Spec::default();
    let role = FolderRole {
        default_branch: Branch::V1,
        label: "",
    };
    read_one(&mut spec, &json, &name, Some(&api_path), dir, role)?;
    Ok(spec)
}

/// The API path of a /1.0 OpenAPI document read alone: the path segments all its paths
/// start with, up to the last one named `stem`; `/stem` when there is none.
fn shared_start(doc: &Value, stem: &str) -> String {
    let paths: Vec<Vec<&str>> = doc
        .get("paths")
        .and_then(Value::as_object)
        .map(|p| {
            p.keys()
                .map(|k| k.split('/').filter(|s| !s.is_empty()).collect())
                .collect()
        })
        .unwrap_or_default();
    let Some(first) = paths.first() else {
        return format!("/{stem}");
    };
    let shared = (0..first.len())
        .take_while(|&i| paths.iter().all(|p| p.get(i) == first.get(i)))
        .count();
    match first[..shared].iter().rposition(|s| *s == stem) {
        Some(end) => format!("/{}", first[..=end].join("/")),
        None => format!("/{stem}"),
    }
}

/// Reads one file of a folder into `spec`: `rel` is its path in the folder, `listed` its
/// API path when `index.json` lists it.
fn read_one(
    spec: &mut Spec,
    json: &Value,
    rel: &str,
    listed: Option<&str>,
    dir: &Path,
    role: FolderRole,
) -> Result<()> {
    let file = format!("{}{rel}", role.label);
    if !is_openapi(json) {
        let api_path = listed.unwrap_or_default();
        let api = console::read_api(&dir.join(rel), json, &file, api_path, &mut spec.degraded)?;
        spec.apis.push(api);
        return Ok(());
    }
    let branch = match Branch::of_document(json) {
        Ok(Some(b)) => b,
        Ok(None) => {
            spec.warnings.push(format!(
                "{file}: no `servers`: read as an API of the {} branch, the branch of its folder",
                role.default_branch.as_str()
            ));
            role.default_branch
        }
        // A branch that cannot be read is no reason to lose the document: it is read like
        // one without `servers`, and the warning says which URL was not understood.
        Err(message) => {
            spec.warnings.push(format!(
                "{file}: /servers/0/url: {message}: read as an API of the {} branch, the branch of its folder",
                role.default_branch.as_str()
            ));
            role.default_branch
        }
    };
    let place = openapi::Place {
        file,
        branch,
        api_path: match branch {
            Branch::V1 => Some(
                listed
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("/{}", rel.trim_end_matches(".json"))),
            ),
            Branch::V2 => None,
        },
        stem: rel
            .rsplit('/')
            .next()
            .unwrap_or(rel)
            .trim_end_matches(".json")
            .to_string(),
    };
    let api = openapi::read_document(json, &place, &mut spec.degraded);
    spec.apis.push(api);
    Ok(())
}

/// Every `*.json` file below `dir`, as `/`-separated paths relative to it, sorted.
fn json_files(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|source| Error::Io {
            file: d.clone(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| Error::Io {
                file: d.clone(),
                source,
            })?;
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                if let Ok(rel) = path.strip_prefix(dir) {
                    let parts: Vec<String> = rel
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect();
                    out.push(parts.join("/"));
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn branch_from_servers() {
        let doc = |url: &str| json!({"openapi": "3.0.0", "servers": [{"url": url}]});
        for (url, want) in [
            ("https://eu.api.ovh.com/1.0", Branch::V1),
            ("https://ca.api.ovh.com/1.0/", Branch::V1),
            ("https://eu.api.ovh.com/v1", Branch::V1),
            ("https://eu.api.ovh.com/v2", Branch::V2),
            ("/v2", Branch::V2),
        ] {
            assert_eq!(Branch::of_document(&doc(url)), Ok(Some(want)), "{url}");
        }
        assert_eq!(Branch::of_document(&json!({"openapi": "3.0.0"})), Ok(None));
        assert!(Branch::of_document(&doc("https://eu.api.ovh.com/v3")).is_err());
        assert!(Branch::of_document(&doc("https://eu.api.ovh.com/")).is_err());
        assert!(Branch::of_document(&json!({"servers": [{}]})).is_err());
    }
}
