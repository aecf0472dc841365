//! `codegen fetch`: downloads the OVH API console schemas of one endpoint into a folder.
//!
//! `GET <base>/` is the index (`{"apis": [{"path": "/me", "schema": "/me.{format}", ...}],
//! "basePath": ...}`); each API's schema is `GET <base><schema>` with `{format}` = `json`.
//! The folder gets the same layout as the snapshot committed in `schemas/ovh-eu`:
//! `index.json` plus one file per API named after its path (`/dedicated/server` →
//! `dedicated/server.json`).
//!
//! `--format` chooses the form of the documents (the index is the same for all three):
//! * `console` (default): the console format of /1.0, `GET <base><schema>`;
//! * `openapi`: the same /1.0 APIs as OpenAPI 3 documents, `GET <base><path>.json?format=openapi3`;
//! * `v2`: the /v2 branch's OpenAPI 3 documents, from the endpoint's `/v2` base
//!   (`https://eu.api.ovh.com/v2`): index `GET <base>/`, documents `GET
//!   <base><path>.json?format=openapi3`.
//!
//! **Assumption**: the `?format=openapi3` query and the `/v2` index are where OVH's API
//! console serves these forms as far as this project knows; they could not be checked from
//! here (no internet access). `--endpoint` takes any base URL, so another location needs no
//! code change. Each OpenAPI document is checked to be one (an `openapi` key) and to name
//! the expected branch in `servers` (when it names one).
//!
//! Every file is checked to be JSON, pretty-printed (so a re-fetch of unchanged schemas gives
//! the same bytes) and written atomically (temporary file + rename). `index.json` is written
//! last, so a folder with an index has every API it lists.

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Known endpoints: name and base URL (the same table as `ovh_api`'s; codegen
/// does not depend on `ovh-api`, which it must be able to regenerate even
/// when the generated code does not build).
pub const ENDPOINTS: &[(&str, &str)] = &[
    ("ovh-eu", "https://eu.api.ovh.com/1.0"),
    ("ovh-us", "https://api.us.ovhcloud.com/1.0"),
    ("ovh-ca", "https://ca.api.ovh.com/1.0"),
    ("kimsufi-eu", "https://eu.api.kimsufi.com/1.0"),
    ("kimsufi-ca", "https://ca.api.kimsufi.com/1.0"),
    ("soyoustart-eu", "https://eu.api.soyoustart.com/1.0"),
    ("soyoustart-ca", "https://ca.api.soyoustart.com/1.0"),
];

/// Time allowed for connecting to the server.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// Time allowed for one whole request (the largest schema is a few MB).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(180);
/// Largest body accepted for one file.
const MAX_BODY_BYTES: u64 = 256 * 1024 * 1024;

/// The form of the documents to fetch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Form {
    /// The console format of /1.0.
    #[default]
    Console,
    /// /1.0 as OpenAPI 3 documents.
    Openapi,
    /// The /v2 branch (OpenAPI 3 documents).
    V2,
}

impl Form {
    /// The base URL of this form for an endpoint's /1.0 base: the same, or `/v2` in place of
    /// a trailing `/1.0` (`https://eu.api.ovh.com/v2`).
    fn base(self, base: &str) -> String {
        match (self, base.strip_suffix("/1.0")) {
            (Form::V2, Some(root)) => format!("{root}/v2"),
            _ => base.to_string(),
        }
    }

    /// The URL of one API's document.
    fn document_url(self, base: &str, entry: &ApiEntry) -> String {
        match self {
            Form::Console => format!("{base}{}", entry.schema),
            Form::Openapi | Form::V2 => format!("{base}{}.json?format=openapi3", entry.path),
        }
    }

    /// The branch an OpenAPI document of this form must name; `None` for console files.
    fn branch(self) -> Option<codegen::frontend::Branch> {
        match self {
            Form::Console => None,
            Form::Openapi => Some(codegen::frontend::Branch::V1),
            Form::V2 => Some(codegen::frontend::Branch::V2),
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct FetchArgs {
    /// The form of the documents: `console` (/1.0, console format), `openapi` (/1.0 as
    /// OpenAPI 3), `v2` (the /v2 branch, OpenAPI 3)
    #[arg(long, value_enum, default_value_t = Form::Console)]
    pub format: Form,
    /// Endpoint name (ovh-eu, ovh-us, ovh-ca, kimsufi-eu, kimsufi-ca, soyoustart-eu, soyoustart-ca) or a base URL like http://127.0.0.1:8080/1.0
    #[arg(long, default_value = "ovh-eu")]
    pub endpoint: String,
    /// Only these APIs (e.g. --api /me --api /dedicated/server); default: every API of the index
    #[arg(long = "api")]
    pub apis: Vec<String>,
    /// Output folder; default schemas/<endpoint name> (e.g. schemas/ovh-eu), schemas/v2/<endpoint name> for --format v2
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// What a successful fetch did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchSummary {
    /// Base URL the schemas came from.
    pub base_url: String,
    /// Folder written.
    pub out: PathBuf,
    /// Number of API schema files written (not counting `index.json`).
    pub apis: usize,
    /// Bytes downloaded (index included).
    pub bytes: u64,
    /// Wall-clock time of the whole fetch.
    pub elapsed: Duration,
}

impl fmt::Display for FetchSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "fetched {} APIs ({} bytes) from {} into {} in {:.1} s",
            self.apis,
            self.bytes,
            self.base_url,
            self.out.display(),
            self.elapsed.as_secs_f64()
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("unknown endpoint `{0}`: expected one of {names} or a base URL starting with http:// or https://", names = endpoint_names())]
    UnknownEndpoint(String),
    #[error("--out is required when --endpoint is a URL that is not a known endpoint ({0})")]
    OutRequired(String),
    #[error("HTTP status {status} from {url}")]
    HttpStatus { url: String, status: u16 },
    #[error("request to {url} failed: {source}")]
    Network {
        url: String,
        #[source]
        source: Box<ureq::Error>,
    },
    #[error("{url} did not return valid JSON: {source}")]
    Json {
        url: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("unexpected document from {url}: {reason}")]
    UnexpectedDocument { url: String, reason: String },
    #[error("unknown API `{api}`: not in the index of {url}")]
    UnknownApi { api: String, url: String },
    #[error("refusing API path `{path}` from the index: {reason}")]
    UnsafeApiPath { path: String, reason: &'static str },
    #[error("I/O error on {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn endpoint_names() -> String {
    ENDPOINTS
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Resolves `--endpoint` to (name if known, base URL without trailing slash).
fn resolve_endpoint(endpoint: &str) -> Result<(Option<&'static str>, String), FetchError> {
    let endpoint = endpoint.trim();
    if let Some((name, url)) = ENDPOINTS.iter().find(|(name, _)| *name == endpoint) {
        return Ok((Some(name), (*url).to_string()));
    }
    if endpoint.starts_with("http://") || endpoint.starts_with("https://") {
        let base = endpoint.trim_end_matches('/').to_string();
        let name = ENDPOINTS
            .iter()
            .find(|(_, url)| *url == base)
            .map(|(name, _)| *name);
        return Ok((name, base));
    }
    Err(FetchError::UnknownEndpoint(endpoint.to_string()))
}

/// One API of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ApiEntry {
    /// API path, e.g. `/dedicated/server`.
    path: String,
    /// Schema URL path relative to the base, `{format}` replaced: `/dedicated/server.json`.
    schema: String,
    /// File relative to the output folder: `dedicated/server.json`.
    file: PathBuf,
}

/// Maps an API path to its file relative to the output folder, refusing anything that could
/// land outside it (`..`, absolute paths, backslashes, drive letters...).
fn api_file(path: &str) -> Result<PathBuf, FetchError> {
    let unsafe_path = |reason| FetchError::UnsafeApiPath {
        path: path.to_string(),
        reason,
    };
    let rest = path
        .strip_prefix('/')
        .ok_or_else(|| unsafe_path("does not start with `/`"))?;
    if rest.is_empty() {
        return Err(unsafe_path("is empty"));
    }
    if path.contains('\\') {
        return Err(unsafe_path("contains a backslash"));
    }
    if path.contains(':') {
        return Err(unsafe_path("contains `:`"));
    }
    if path.chars().any(char::is_control) {
        return Err(unsafe_path("contains a control character"));
    }
    if rest == "index" {
        return Err(unsafe_path("would overwrite index.json"));
    }
    let segments: Vec<&str> = rest.split('/').collect();
    let mut file = PathBuf::new();
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "" => return Err(unsafe_path("has an empty segment")),
            "." | ".." => return Err(unsafe_path("has a `.` or `..` segment")),
            // `/a/b.c` → `a/b.c.json`.
            _ if i + 1 == segments.len() => file.push(format!("{segment}.json")),
            _ => file.push(segment),
        }
    }
    // Belt and braces: only normal components may remain.
    if !file.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(unsafe_path("is not a plain relative path"));
    }
    Ok(file)
}

/// Reads the API list out of the index document.
fn parse_index(index: &Value, url: &str) -> Result<Vec<ApiEntry>, FetchError> {
    let unexpected = |reason: String| FetchError::UnexpectedDocument {
        url: url.to_string(),
        reason,
    };
    let apis = index
        .get("apis")
        .and_then(Value::as_array)
        .ok_or_else(|| unexpected("no `apis` array".to_string()))?;
    let mut entries = Vec::with_capacity(apis.len());
    for (i, api) in apis.iter().enumerate() {
        let path = api
            .get("path")
            .and_then(Value::as_str)
            .ok_or_else(|| unexpected(format!("`apis[{i}]` has no string `path`")))?;
        let file = api_file(path)?;
        let schema = match api.get("schema") {
            None | Some(Value::Null) => format!("{path}.json"),
            Some(Value::String(schema)) => schema.replace("{format}", "json"),
            Some(_) => return Err(unexpected(format!("`apis[{i}].schema` is not a string"))),
        };
        if !schema.starts_with('/')
            || schema.contains("..")
            || schema.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(unexpected(format!(
                "`apis[{i}].schema` is not a plain absolute path: `{schema}`"
            )));
        }
        if entries.iter().any(|e: &ApiEntry| e.path == path) {
            // Listed twice: fetch it once.
            continue;
        }
        entries.push(ApiEntry {
            path: path.to_string(),
            schema,
            file,
        });
    }
    Ok(entries)
}

/// `--api me/` → `/me`.
fn normalize_api(api: &str) -> String {
    let api = api.trim().trim_end_matches('/');
    if api.starts_with('/') {
        api.to_string()
    } else {
        format!("/{api}")
    }
}

/// Keeps the requested APIs (in index order) and narrows the index document to them.
fn select_apis(
    entries: Vec<ApiEntry>,
    index: &mut Value,
    wanted: &[String],
    url: &str,
) -> Result<Vec<ApiEntry>, FetchError> {
    if wanted.is_empty() {
        return Ok(entries);
    }
    let wanted: Vec<String> = wanted.iter().map(|a| normalize_api(a)).collect();
    if let Some(api) = wanted
        .iter()
        .find(|api| !entries.iter().any(|e| &e.path == *api))
    {
        return Err(FetchError::UnknownApi {
            api: api.clone(),
            url: url.to_string(),
        });
    }
    if let Some(apis) = index.get_mut("apis").and_then(Value::as_array_mut) {
        apis.retain(|api| {
            api.get("path")
                .and_then(Value::as_str)
                .is_some_and(|p| wanted.iter().any(|w| w == p))
        });
    }
    Ok(entries
        .into_iter()
        .filter(|e| wanted.contains(&e.path))
        .collect())
}

/// Downloads and parses one JSON document; returns it with the number of bytes received.
fn get_json(agent: &ureq::Agent, url: &str) -> Result<(Value, u64), FetchError> {
    let network = |e: ureq::Error| FetchError::Network {
        url: url.to_string(),
        source: Box::new(e),
    };
    let mut response = agent
        .get(url)
        .header("Accept", "application/json")
        .call()
        .map_err(network)?;
    let status = response.status().as_u16();
    if !(200..300).contains(&status) {
        return Err(FetchError::HttpStatus {
            url: url.to_string(),
            status,
        });
    }
    let body = response
        .body_mut()
        .with_config()
        .limit(MAX_BODY_BYTES)
        .read_to_vec()
        .map_err(network)?;
    let value: Value = serde_json::from_slice(&body).map_err(|source| FetchError::Json {
        url: url.to_string(),
        source,
    })?;
    if !value.is_object() {
        return Err(FetchError::UnexpectedDocument {
            url: url.to_string(),
            reason: "not a JSON object".to_string(),
        });
    }
    Ok((value, body.len() as u64))
}

/// Stable pretty-printed form of a document: 2-space indent, trailing newline.
fn pretty(value: &Value) -> Vec<u8> {
    // Serializing a `Value` cannot fail (its keys are strings).
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FetchError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| FetchError::Io { path, source }
    };
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    fs::create_dir_all(dir).map_err(io(dir))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = write_then_rename(&tmp, path, bytes);
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

fn write_then_rename(tmp: &Path, path: &Path, bytes: &[u8]) -> Result<(), FetchError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| FetchError::Io { path, source }
    };
    let mut file = fs::File::create(tmp).map_err(io(tmp))?;
    file.write_all(bytes).map_err(io(tmp))?;
    file.sync_all().map_err(io(tmp))?;
    drop(file);
    fs::rename(tmp, path).map_err(io(path))
}

/// Checks that a document has the form asked for: an OpenAPI document (of the right branch,
/// when its `servers` names one) for `openapi` and `v2`.
fn check_form(doc: &Value, form: Form, url: &str) -> Result<(), FetchError> {
    let Some(want) = form.branch() else {
        return Ok(());
    };
    let unexpected = |reason: String| FetchError::UnexpectedDocument {
        url: url.to_string(),
        reason,
    };
    if !codegen::frontend::is_openapi(doc) {
        return Err(unexpected(
            "not an OpenAPI document (no `openapi` key)".into(),
        ));
    }
    match codegen::frontend::Branch::of_document(doc) {
        Ok(Some(branch)) if branch != want => Err(unexpected(format!(
            "an OpenAPI document of {}, not {}",
            branch.as_str(),
            want.as_str()
        ))),
        Ok(_) => Ok(()),
        Err(reason) => Err(unexpected(reason)),
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .timeout_global(Some(REQUEST_TIMEOUT))
        .user_agent(concat!("ovh-api-codegen/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// Runs `codegen fetch`: downloads the index and the selected API schemas into the output
/// folder, with progress and a summary line on stderr.
pub fn run(args: &FetchArgs) -> Result<FetchSummary, FetchError> {
    let started = Instant::now();
    let (name, base) = resolve_endpoint(&args.endpoint)?;
    let base = match name {
        Some(_) => args.format.base(&base),
        None => base,
    };
    let out = match (&args.out, name, args.format) {
        (Some(out), _, _) => out.clone(),
        (None, Some(name), Form::V2) => Path::new("schemas").join("v2").join(name),
        (None, Some(name), _) => Path::new("schemas").join(name),
        (None, None, _) => return Err(FetchError::OutRequired(base)),
    };
    let agent = agent();

    let index_url = format!("{base}/");
    eprintln!("fetching the API index from {index_url}");
    let (mut index, mut bytes) = get_json(&agent, &index_url)?;
    let entries = parse_index(&index, &index_url)?;
    let entries = select_apis(entries, &mut index, &args.apis, &index_url)?;

    let total = entries.len();
    for (i, entry) in entries.iter().enumerate() {
        eprintln!("[{}/{total}] {}", i + 1, entry.path);
        let url = args.format.document_url(&base, entry);
        let (schema, size) = get_json(&agent, &url)?;
        check_form(&schema, args.format, &url)?;
        bytes += size;
        write_atomic(&out.join(&entry.file), &pretty(&schema))?;
    }
    write_atomic(&out.join("index.json"), &pretty(&index))?;

    let summary = FetchSummary {
        base_url: base,
        out,
        apis: total,
        bytes,
        elapsed: started.elapsed(),
    };
    eprintln!("{summary}");
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader};
    use std::net::{TcpListener, TcpStream};
    use std::sync::Arc;

    /// The snapshot committed in the repository.
    const SNAPSHOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas/ovh-eu");

    /// How the test server answers one schema path (e.g. `/me.json`).
    #[derive(Clone)]
    enum Fault {
        None,
        Status500(&'static str),
        Html(&'static str),
    }

    /// Serves the snapshot folder as `http://127.0.0.1:<port>/1.0/...`; returns the base URL.
    fn serve(root: PathBuf, fault: Fault) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}/1.0", listener.local_addr().expect("addr"));
        let root = Arc::new(root);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let root = Arc::clone(&root);
                let fault = fault.clone();
                std::thread::spawn(move || {
                    let _ = handle(stream, &root, &fault);
                });
            }
        });
        base
    }

    fn handle(mut stream: TcpStream, root: &Path, fault: &Fault) -> std::io::Result<()> {
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut request_line = String::new();
        reader.read_line(&mut request_line)?;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
                break;
            }
        }
        let target = request_line.split(' ').nth(1).unwrap_or("");
        // `/1.0/...` is served from `root`, `/v2/...` from `root/v2`; with
        // `?format=openapi3`, from their `openapi` subfolder.
        let (target, openapi) = match target.split_once('?') {
            Some((t, query)) => (t, query == "format=openapi3"),
            None => (target, false),
        };
        let (root, target) = match target.strip_prefix("/v2") {
            Some(rest) => (root.join("v2"), format!("/1.0{rest}")),
            None => (root.to_path_buf(), target.to_string()),
        };
        let root = if openapi { root.join("openapi") } else { root };
        let (status, content_type, body) = match target.strip_prefix("/1.0") {
            Some("/") => file_response(&root.join("index.json")),
            Some(path) => match fault {
                Fault::Status500(p) if *p == path => (
                    "500 Internal Server Error",
                    "text/html",
                    b"<html><body>oops</body></html>".to_vec(),
                ),
                Fault::Html(p) if *p == path => (
                    "200 OK",
                    "text/html",
                    b"<!DOCTYPE html><html><body>maintenance</body></html>".to_vec(),
                ),
                _ => match path.strip_prefix('/') {
                    Some(rel) if rel.ends_with(".json") && !rel.contains("..") => {
                        file_response(&root.join(rel))
                    }
                    _ => not_found(),
                },
            },
            None => not_found(),
        };
        write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )?;
        stream.write_all(&body)?;
        stream.flush()
    }

    fn file_response(path: &Path) -> (&'static str, &'static str, Vec<u8>) {
        match fs::read(path) {
            Ok(bytes) => ("200 OK", "application/json", bytes),
            Err(_) => not_found(),
        }
    }

    fn not_found() -> (&'static str, &'static str, Vec<u8>) {
        ("404 Not Found", "text/plain", b"not found".to_vec())
    }

    fn args(endpoint: &str, apis: &[&str], out: &Path) -> FetchArgs {
        FetchArgs {
            format: Form::Console,
            endpoint: endpoint.to_string(),
            apis: apis.iter().map(|a| a.to_string()).collect(),
            out: Some(out.to_path_buf()),
        }
    }

    fn read_json(path: &Path) -> Value {
        let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Every file under `dir`, relative to it, sorted.
    fn files(dir: &Path) -> Vec<PathBuf> {
        fn walk(root: &Path, dir: &Path, acc: &mut Vec<PathBuf>) {
            for entry in fs::read_dir(dir).expect("read_dir") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    walk(root, &path, acc);
                } else {
                    acc.push(path.strip_prefix(root).expect("prefix").to_path_buf());
                }
            }
        }
        let mut acc = Vec::new();
        walk(dir, dir, &mut acc);
        acc.sort();
        acc
    }

    #[test]
    fn fetches_selected_apis_like_the_snapshot() {
        let snapshot = PathBuf::from(SNAPSHOT);
        let base = serve(snapshot.clone(), Fault::None);
        let out = tempfile::tempdir().expect("tempdir");
        let summary = run(&args(&base, &["/me", "dedicated/server/"], out.path())).expect("fetch");
        assert_eq!(summary.apis, 2);
        assert!(summary.bytes > 0);
        assert_eq!(
            files(out.path()),
            [
                PathBuf::from("dedicated/server.json"),
                PathBuf::from("index.json"),
                PathBuf::from("me.json"),
            ]
        );
        for file in ["me.json", "dedicated/server.json"] {
            assert_eq!(
                read_json(&out.path().join(file)),
                read_json(&snapshot.join(file)),
                "{file}"
            );
        }
        let index = read_json(&out.path().join("index.json"));
        let paths: Vec<&str> = index["apis"]
            .as_array()
            .expect("apis")
            .iter()
            .map(|a| a["path"].as_str().expect("path"))
            .collect();
        assert_eq!(paths, ["/dedicated/server", "/me"]);
        assert_eq!(
            index["basePath"],
            read_json(&snapshot.join("index.json"))["basePath"]
        );
    }

    #[test]
    fn fetches_everything_and_refetch_is_byte_identical() {
        let snapshot = PathBuf::from(SNAPSHOT);
        let base = serve(snapshot.clone(), Fault::None);
        let out = tempfile::tempdir().expect("tempdir");
        let summary = run(&args(&base, &[], out.path())).expect("fetch");
        assert_eq!(summary.apis, 89);
        let written = files(out.path());
        assert_eq!(written.len(), 90, "89 APIs + index.json");
        assert_eq!(written, files(&snapshot));
        for file in &written {
            assert_eq!(
                read_json(&out.path().join(file)),
                read_json(&snapshot.join(file)),
                "{}",
                file.display()
            );
        }

        let before: Vec<Vec<u8>> = written
            .iter()
            .map(|f| fs::read(out.path().join(f)).expect("read"))
            .collect();
        run(&args(&base, &[], out.path())).expect("re-fetch");
        assert_eq!(files(out.path()), written, "no temporary files left");
        for (file, old) in written.iter().zip(&before) {
            let new = fs::read(out.path().join(file)).expect("read");
            assert!(&new == old, "{} changed on re-fetch", file.display());
        }
    }

    #[test]
    fn server_error_names_the_url() {
        let base = serve(PathBuf::from(SNAPSHOT), Fault::Status500("/me.json"));
        let out = tempfile::tempdir().expect("tempdir");
        let err = run(&args(&base, &["/me"], out.path())).expect_err("must fail");
        assert!(
            matches!(&err, FetchError::HttpStatus { status: 500, url } if url == &format!("{base}/me.json")),
            "{err:?}"
        );
        assert!(
            err.to_string().contains(&format!("{base}/me.json")),
            "{err}"
        );
        assert!(!out.path().join("index.json").exists());
    }

    #[test]
    fn html_instead_of_json_names_the_url() {
        let base = serve(
            PathBuf::from(SNAPSHOT),
            Fault::Html("/dedicated/server.json"),
        );
        let out = tempfile::tempdir().expect("tempdir");
        let err =
            run(&args(&base, &["/me", "/dedicated/server"], out.path())).expect_err("must fail");
        let url = format!("{base}/dedicated/server.json");
        assert!(
            matches!(&err, FetchError::Json { url: u, .. } if *u == url),
            "{err:?}"
        );
        assert!(err.to_string().contains(&url), "{err}");
        assert!(!out.path().join("dedicated/server.json").exists());
        assert!(!out.path().join("index.json").exists());
    }

    #[test]
    fn unknown_api_is_an_error_naming_it() {
        let base = serve(PathBuf::from(SNAPSHOT), Fault::None);
        let out = tempfile::tempdir().expect("tempdir");
        let err = run(&args(&base, &["/me", "/nope/nothing"], out.path())).expect_err("fail");
        assert!(
            matches!(&err, FetchError::UnknownApi { api, .. } if api == "/nope/nothing"),
            "{err:?}"
        );
        assert!(err.to_string().contains("/nope/nothing"), "{err}");
        assert!(fs::read_dir(out.path()).expect("read_dir").next().is_none());
    }

    #[test]
    fn unreachable_server_is_a_network_error() {
        // Bind then drop a listener: nothing listens on that port any more.
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("bind")
            .port();
        let out = tempfile::tempdir().expect("tempdir");
        let base = format!("http://127.0.0.1:{port}/1.0");
        let err = run(&args(&base, &[], out.path())).expect_err("fail");
        assert!(matches!(&err, FetchError::Network { .. }), "{err:?}");
        assert!(err.to_string().contains(&base), "{err}");
    }

    #[test]
    fn api_paths_map_to_files_inside_the_folder() {
        assert_eq!(api_file("/me").unwrap(), PathBuf::from("me.json"));
        assert_eq!(
            api_file("/dedicated/server").unwrap(),
            Path::new("dedicated").join("server.json")
        );
        assert_eq!(
            api_file("/a/v1.2").unwrap(),
            Path::new("a").join("v1.2.json")
        );
        for bad in [
            "",
            "/",
            "me",
            "/../etc/passwd",
            "/a/../../b",
            "/a/./b",
            "//etc/passwd",
            "/a//b",
            "/a\\..\\b",
            "/C:/x",
            "/a/",
            "/index",
            "/a\0b",
        ] {
            assert!(
                matches!(api_file(bad), Err(FetchError::UnsafeApiPath { .. })),
                "{bad:?} accepted"
            );
        }
    }

    #[test]
    fn index_with_unsafe_path_is_refused() {
        let index = serde_json::json!({"apis": [
            {"path": "/me", "schema": "/me.{format}"},
            {"path": "/../../evil", "schema": "/evil.{format}"},
        ]});
        let err = parse_index(&index, "http://x/1.0/").expect_err("fail");
        assert!(
            matches!(&err, FetchError::UnsafeApiPath { path, .. } if path == "/../../evil"),
            "{err:?}"
        );
        let index = serde_json::json!({"apis": [{"path": "/me", "schema": "/../x.json"}]});
        assert!(parse_index(&index, "u").is_err());
        let index = serde_json::json!({"apis": [{"path": "/me", "schema": 3}]});
        assert!(parse_index(&index, "u").is_err());
        let index = serde_json::json!({"nothing": []});
        assert!(parse_index(&index, "u").is_err());
        let index = serde_json::json!({"apis": [{"path": "/me"}, {"path": "/me"}]});
        let entries = parse_index(&index, "u").expect("ok");
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].schema, "/me.json");
    }

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

    /// A server tree holding the `both` fixture API (`/shop`) in both forms of /1.0 and the
    /// `mixed` fixture's /v2 document (`/gadget`).
    fn forms_tree() -> tempfile::TempDir {
        let root = tempfile::tempdir().expect("tempdir");
        let copy = |from: &str, to: &str| {
            let to = root.path().join(to);
            fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
            fs::copy(Path::new(FIXTURES).join(from), to).expect("copy");
        };
        copy("both/console/index.json", "index.json");
        copy("both/console/shop.json", "shop.json");
        copy("both/openapi/shop.json", "openapi/shop.json");
        copy("mixed/gadget.json", "v2/openapi/gadget.json");
        let v2_index = r#"{"apis": [{"path": "/gadget", "schema": "/gadget.{format}"}]}"#;
        fs::write(root.path().join("v2/index.json"), v2_index).expect("write");
        root
    }

    fn form_args(form: Form, endpoint: &str, out: &Path) -> FetchArgs {
        FetchArgs {
            format: form,
            ..args(endpoint, &[], out)
        }
    }

    #[test]
    fn fetches_openapi_documents_of_both_branches() {
        let tree = forms_tree();
        let base = serve(tree.path().to_path_buf(), Fault::None);
        let out = tempfile::tempdir().expect("tempdir");
        run(&form_args(Form::Openapi, &base, out.path())).expect("fetch /1.0 as OpenAPI");
        assert_eq!(
            read_json(&out.path().join("shop.json")),
            read_json(&tree.path().join("openapi/shop.json"))
        );
        assert_eq!(
            files(out.path()),
            [PathBuf::from("index.json"), "shop.json".into()]
        );
        // The folder generates the same code as the console form of the API.
        let (_, from_openapi) = codegen::generate(out.path()).expect("generate");
        let console = Path::new(FIXTURES).join("both/console");
        let (_, from_console) = codegen::generate(&console).expect("generate");
        assert!(from_openapi.files == from_console.files, "the forms differ");

        let v2_base = base.replace("/1.0", "/v2");
        let out = tempfile::tempdir().expect("tempdir");
        run(&form_args(Form::V2, &v2_base, out.path())).expect("fetch /v2");
        assert_eq!(
            read_json(&out.path().join("gadget.json")),
            read_json(&tree.path().join("v2/openapi/gadget.json"))
        );
    }

    #[test]
    fn a_document_of_the_wrong_form_names_its_url() {
        let tree = forms_tree();
        // A console file where an OpenAPI document is expected.
        fs::copy(
            tree.path().join("shop.json"),
            tree.path().join("openapi/shop.json"),
        )
        .expect("copy");
        let base = serve(tree.path().to_path_buf(), Fault::None);
        let out = tempfile::tempdir().expect("tempdir");
        let err = run(&form_args(Form::Openapi, &base, out.path())).expect_err("fail");
        let url = format!("{base}/shop.json?format=openapi3");
        assert!(
            matches!(&err, FetchError::UnexpectedDocument { url: u, .. } if *u == url),
            "{err:?}"
        );
        // A /v2 document where /1.0 is expected.
        fs::copy(
            tree.path().join("v2/openapi/gadget.json"),
            tree.path().join("openapi/shop.json"),
        )
        .expect("copy");
        let err = run(&form_args(Form::Openapi, &base, out.path())).expect_err("fail");
        assert!(err.to_string().contains("of /v2, not /1.0"), "{err}");
        assert!(!out.path().join("index.json").exists());
    }

    #[test]
    fn form_urls() {
        let entry = ApiEntry {
            path: "/dedicated/server".into(),
            schema: "/dedicated/server.json".into(),
            file: "dedicated/server.json".into(),
        };
        let base = "https://eu.api.ovh.com/1.0";
        assert_eq!(
            Form::Console.document_url(base, &entry),
            "https://eu.api.ovh.com/1.0/dedicated/server.json"
        );
        assert_eq!(
            Form::Openapi.document_url(base, &entry),
            "https://eu.api.ovh.com/1.0/dedicated/server.json?format=openapi3"
        );
        assert_eq!(Form::V2.base(base), "https://eu.api.ovh.com/v2");
        assert_eq!(Form::Openapi.base(base), base);
    }

    #[test]
    fn endpoints_resolve() {
        assert_eq!(
            resolve_endpoint("ovh-eu").unwrap(),
            (Some("ovh-eu"), "https://eu.api.ovh.com/1.0".to_string())
        );
        assert_eq!(
            resolve_endpoint("https://ca.api.ovh.com/1.0/").unwrap(),
            (Some("ovh-ca"), "https://ca.api.ovh.com/1.0".to_string())
        );
        assert_eq!(
            resolve_endpoint("http://127.0.0.1:8080/1.0").unwrap(),
            (None, "http://127.0.0.1:8080/1.0".to_string())
        );
        let err = resolve_endpoint("ovh-mars").expect_err("fail");
        assert!(err.to_string().contains("ovh-mars"), "{err}");
        assert!(err.to_string().contains("soyoustart-ca"), "{err}");
        let err = run(&FetchArgs {
            format: Form::Console,
            endpoint: "http://127.0.0.1:1/1.0".to_string(),
            apis: Vec::new(),
            out: None,
        })
        .expect_err("fail");
        assert!(matches!(err, FetchError::OutRequired(_)), "{err:?}");
    }
}
