//! `codegen check` fails, listing the files, when the schemas changed since `generate`.

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "common/scratch.rs"]
mod scratch;

use scratch::copy_dir;

/// A temp crate dir with the Cargo.toml markers, and a temp copy of `schemas`.
fn setup(schemas: &Path) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let s = tmp.path().join("schemas");
    copy_dir(schemas, &s);
    let out = tmp.path().join("ovh-api");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(
        out.join("Cargo.toml"),
        "[features]\n# BEGIN GENERATED FEATURES (x)\n# END GENERATED FEATURES\n",
    )
    .unwrap();
    (tmp, s, out)
}

fn codegen(args: &[&str], schemas: &Path, out: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .arg("--schemas")
        .arg(schemas)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

fn check_detects_edits(schemas: &Path, edited_file: &str, from: &str, to: &str, expect: &str) {
    let (_tmp, s, out) = setup(schemas);
    // The hand-written runtime beside the generated folder: never touched.
    let runtime = out.join("src/runtime/client.rs");
    std::fs::create_dir_all(runtime.parent().unwrap()).unwrap();
    std::fs::write(&runtime, "// hand-written\n").unwrap();
    let gen = codegen(&["generate"], &s, &out);
    assert!(
        gen.status.success(),
        "{}",
        String::from_utf8_lossy(&gen.stderr)
    );
    let ok = codegen(&["check"], &s, &out);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );

    let f = s.join(edited_file);
    let text = std::fs::read_to_string(&f).unwrap();
    assert!(text.contains(from));
    std::fs::write(&f, text.replacen(from, to, 1)).unwrap();
    // A stale file in a generated dir is reported too.
    std::fs::write(out.join("src/generated/api/stale.rs"), "// old\n").unwrap();
    let bad = codegen(&["check"], &s, &out);
    assert!(!bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains(expect), "{stderr}");
    assert!(stderr.contains("src/generated/api/stale.rs"), "{stderr}");

    // generate brings it back in line.
    assert!(codegen(&["generate"], &s, &out).status.success());
    assert!(codegen(&["check"], &s, &out).status.success());
    assert!(!out.join("src/generated/api/stale.rs").exists());
    assert_eq!(
        std::fs::read_to_string(&runtime).unwrap(),
        "// hand-written\n"
    );
    for written in walk(&out.join("src")) {
        assert!(
            written.starts_with(out.join("src/generated")) || written == runtime,
            "codegen wrote outside src/generated: {}",
            written.display()
        );
    }
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files.extend(walk(&p));
        } else {
            files.push(p);
        }
    }
    files
}

#[test]
fn check_fails_after_fixture_edit() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
    check_detects_edits(
        &fixtures,
        "me.json",
        "List of all the bills",
        "All the bills",
        "src/generated/api/me.rs",
    );
}

/// The same on a temp copy of the snapshot committed in `schemas/ovh-eu`.
#[test]
fn check_fails_after_snapshot_edit() {
    let snapshot = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/ovh-eu");
    check_detects_edits(
        &snapshot,
        "vps.json",
        "\"description\":",
        "\"description\": \"edited\", \"x\":",
        "src/",
    );
}
