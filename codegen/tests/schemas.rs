//! The schema sets pinned under `schemas/` match `schemas/manifest.toml`: every file listed
//! with its format, date and sha256, no file unlisted. A changed schema is therefore always a visible change
//! of the manifest too (see the regenerating guide, `ovh-api/src/guide/regenerating.md`).

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn schemas_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas")
}

/// Every `.json` file under `dir`, relative, with `/` separators.
fn json_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy();
                out.push(rel.replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn pinned_schema_files_match_the_manifest() {
    let text = std::fs::read_to_string(schemas_dir().join("manifest.toml")).unwrap();
    let manifest: toml::Table = text.parse().expect("manifest.toml is TOML");
    assert!(
        manifest.contains_key("ovh-eu"),
        "the /1.0 snapshot is pinned"
    );
    for (set, entry) in &manifest {
        let entry = entry.as_table().expect("one table per schema set");
        let dir = schemas_dir().join(entry["dir"].as_str().expect("dir"));
        let listed = entry["files"].as_table().expect("files table");
        // Nested sets (v2/ovh-eu under schemas/) are not files of a set whose dir contains them.
        let on_disk: Vec<String> = json_files(&dir);
        assert_eq!(
            on_disk,
            listed.keys().cloned().collect::<Vec<_>>(),
            "[{set}]: files on disk and in the manifest differ"
        );
        for (file, info) in listed {
            let field = |key: &str| {
                info.get(key)
                    .and_then(|v| v.as_str())
                    .unwrap_or_else(|| panic!("[{set}] {file}: no `{key}` string"))
            };
            let bytes = std::fs::read(dir.join(file)).unwrap();
            let got = hex(&Sha256::digest(&bytes));
            assert_eq!(
                got,
                field("sha256"),
                "[{set}] {file}: sha256 differs from the manifest"
            );
            assert_eq!(
                format_of(file, &bytes),
                field("format"),
                "[{set}] {file}: format differs from the manifest"
            );
            let taken = field("taken");
            assert!(
                taken.len() == 7 && taken.as_bytes()[4] == b'-',
                "[{set}] {file}: `taken` is not YYYY-MM: {taken}"
            );
        }
    }
}

/// The format of a pinned file, told by content as `codegen` does: `openapi3` (an `openapi`
/// key at the top), the console's `index`, or a `console` API file.
fn format_of(file: &str, bytes: &[u8]) -> &'static str {
    let doc: serde_json::Value = serde_json::from_slice(bytes).expect("pinned files are JSON");
    if doc.get("openapi").is_some() {
        "openapi3"
    } else if file == "index.json" {
        "index"
    } else {
        "console"
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
