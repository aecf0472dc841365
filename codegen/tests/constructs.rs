//! Golden tests one construct per fixture: `tests/constructs/<name>.json` is a small schema
//! (a console file or an OpenAPI document) holding one construct — enum values, each kind of
//! model member, a generic model, the operations of a path tree, an operation answering a
//! task, a /v2 resource, unions, clashing names, degraded items — and `<name>.rs` beside it is
//! everything codegen generates from it alone: the Cargo feature lines, what degraded, and each
//! file of `src/generated/`. `UPDATE_GOLDEN=1 cargo test -p codegen --test constructs`
//! rewrites the `.rs` files; review their diff.
//!
//! The fixtures are also generated together, as one set, and that output is built with clippy
//! `-D warnings` against the real runtime (a scratch copy of `ovh-api`, `common/scratch.rs`),
//! so the expected files are compiled on every `cargo test`: each construct's own files are
//! the same whether it is generated alone or with the others (checked first), and the files
//! they share (the modules' `mod.rs`, the operation table) are the whole-set goldens' business.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[path = "common/scratch.rs"]
mod scratch;

/// The fixtures, by name (`enum_values`), sorted.
fn fixtures() -> BTreeMap<String, PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/constructs");
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            out.insert(name, path);
        }
    }
    assert!(out.len() >= 8, "the construct fixtures are missing");
    out
}

/// Lays `schemas` out as a folder `codegen::generate` reads: OpenAPI documents as they are,
/// console files at their `resourcePath`, listed in `index.json`.
fn schema_folder(schemas: &[&Path]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut index = Vec::new();
    for schema in schemas {
        let text = std::fs::read_to_string(schema).unwrap();
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        let rel = match doc["resourcePath"].as_str() {
            Some(api) => {
                index.push(serde_json::json!({
                    "path": api, "schema": format!("{api}.{{format}}"), "format": ["json"]
                }));
                format!("{}.json", api.trim_start_matches('/'))
            }
            None => schema.file_name().unwrap().to_string_lossy().into_owned(),
        };
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let index = serde_json::json!({"apis": index, "basePath": "https://eu.api.ovh.com/1.0"});
    std::fs::write(dir.path().join("index.json"), index.to_string()).unwrap();
    dir
}

/// What codegen generates from `schemas`: the program and its files.
fn generate(schemas: &[&Path], what: &str) -> (codegen::ir::Program, codegen::write::Output) {
    let folder = schema_folder(schemas);
    codegen::generate(folder.path()).unwrap_or_else(|e| panic!("{what} does not generate: {e}"))
}

/// The expected file of one construct: a header, then each generated file under a rule.
fn expected_text(
    name: &str,
    program: &codegen::ir::Program,
    output: &codegen::write::Output,
) -> String {
    let mut out = format!(
        "// What codegen generates from `{name}.json` alone (tests/constructs.rs).\n\
         // `UPDATE_GOLDEN=1 cargo test -p codegen --test constructs` rewrites this file.\n//\n\
         // Cargo features:\n"
    );
    for line in output.features.lines().filter(|l| !l.trim().is_empty()) {
        out.push_str(&format!("//   {line}\n"));
    }
    out.push_str("// Degraded:");
    if program.degraded.is_empty() {
        out.push_str(" nothing\n");
    }
    for degraded in &program.degraded {
        out.push_str(&format!("\n//   {degraded}"));
    }
    if !program.degraded.is_empty() {
        out.push('\n');
    }
    for (rel, text) in &output.files {
        out.push_str(&format!("\n// ──── {rel} ────\n\n"));
        if rel.ends_with(".rs") {
            out.push_str(text);
        } else {
            // Not Rust (`features.md`): shown as comments, so that the file stays Rust.
            for line in text.lines() {
                out.push_str(format!("// {line}").trim_end());
                out.push('\n');
            }
        }
    }
    out
}

/// The first line where `a` and `b` differ, for a failure message.
fn first_difference(a: &str, b: &str) -> String {
    a.lines()
        .zip(b.lines())
        .position(|(x, y)| x != y)
        .map_or_else(|| "in length".into(), |n| format!("at line {}", n + 1))
}

#[test]
fn each_construct_generates_its_expected_rust() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut problems = Vec::new();
    for (name, schema) in fixtures() {
        let (program, output) = generate(&[&schema], &name);
        let text = expected_text(&name, &program, &output);
        let expected = schema.with_extension("rs");
        if update {
            std::fs::write(&expected, &text).unwrap();
            continue;
        }
        match std::fs::read_to_string(&expected) {
            Err(_) => problems.push(format!("{name}.rs is missing")),
            Ok(old) if old != text => problems.push(format!(
                "{name}.rs differs {}",
                first_difference(&old, &text)
            )),
            Ok(_) => {}
        }
    }
    assert!(
        problems.is_empty(),
        "generated output differs from tests/constructs (rerun with UPDATE_GOLDEN=1 and review the diff):\n{}",
        problems.join("\n")
    );
}

/// Each fixture is one construct of its own: `degraded.json` is the only one with degraded
/// items, each reported with its file and JSON location; every other generates without any.
#[test]
fn only_the_degraded_fixture_degrades() {
    for (name, schema) in fixtures() {
        let (program, _) = generate(&[&schema], &name);
        let wanted = name == "degraded";
        assert_eq!(
            !program.degraded.is_empty(),
            wanted,
            "{name}: {:?}",
            program.degraded
        );
        for degraded in &program.degraded {
            assert_eq!(degraded.file, "fuzzy.json", "{degraded}");
            assert!(
                degraded.at.starts_with("models[") || degraded.at.starts_with("apis["),
                "{degraded}"
            );
        }
    }
}

/// The fixtures generated as one set, then built: each construct's own files (generated by it
/// alone and by no other fixture) come out the same in the set, and the set compiles with
/// clippy `-D warnings` and every feature against the real runtime.
#[test]
fn constructs_compile_against_the_runtime() {
    let fixtures = fixtures();
    let mut owners: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (name, schema) in &fixtures {
        let (_, output) = generate(&[schema], name);
        for (rel, text) in output.files {
            owners.entry(rel).or_default().push((name.clone(), text));
        }
    }
    let schemas: Vec<&Path> = fixtures.values().map(PathBuf::as_path).collect();
    let (_, together) = generate(&schemas, "the constructs together");
    let mut own = 0;
    for (rel, alone) in owners.iter().filter(|(_, o)| o.len() == 1) {
        let (name, text) = &alone[0];
        let set = together
            .files
            .get(rel)
            .map(String::as_str)
            .unwrap_or_default();
        assert!(
            set == text,
            "{rel} of {name} changes in the set {}",
            first_difference(text, set)
        );
        own += 1;
    }
    assert!(
        own >= fixtures.len(),
        "too few files of the constructs' own"
    );
    let out = tempfile::tempdir().unwrap();
    for (rel, text) in &together.files {
        let path = out.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    scratch::output_compiles(
        &out.path().join("src/generated"),
        &together.features,
        &[&["--all-features"][..]],
        "the constructs together",
    );
}
