//! The schema sets pinned under `schemas/` match `schemas/manifest.toml`: every file listed
//! with its sha256, no file unlisted. A changed schema is therefore always a visible change
//! of the manifest too (see the README, "When OVH changes the API").

use std::collections::BTreeMap;
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
        let listed: BTreeMap<String, String> = entry["sha256"]
            .as_table()
            .expect("sha256 table")
            .iter()
            .map(|(f, h)| (f.clone(), h.as_str().expect("hex").to_string()))
            .collect();
        // Nested sets (v2/ovh-eu under schemas/) are not files of a set whose dir contains them.
        let on_disk: Vec<String> = json_files(&dir);
        assert_eq!(
            on_disk,
            listed.keys().cloned().collect::<Vec<_>>(),
            "[{set}]: files on disk and in the manifest differ"
        );
        for (file, want) in &listed {
            let bytes = std::fs::read(dir.join(file)).unwrap();
            let got = hex(&Sha256::digest(&bytes));
            assert_eq!(
                &got, want,
                "[{set}] {file}: sha256 differs from the manifest"
            );
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
