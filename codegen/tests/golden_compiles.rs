//! The golden output compiles warning-free (clippy `-D warnings`, every feature combination that
//! matters) against the real runtime: a copy of `ovh-api` whose generated folder is the golden
//! one. It builds ovh-api's dependencies in a target directory of its own, so it is ignored by
//! default: `cargo test -p codegen --test golden_compiles -- --ignored`.

use std::path::Path;
use std::process::Command;

#[path = "common/mutate.rs"]
mod mutate;
#[path = "common/scratch.rs"]
mod scratch;

use scratch::{cargo_succeeds, copy_dir, output_compiles};

#[test]
#[ignore = "builds a separate crate; run with --ignored"]
fn golden_output_compiles_against_the_runtime() {
    compiles(
        "basic",
        &[
            &["--all-features"][..],
            &["--no-default-features"][..],
            &[][..],
            &["--no-default-features", "--features", "dedicated-ceph"][..],
        ],
    );
}

/// The degraded forms (untyped models, fields, bodies and responses; the double enum) compile.
#[test]
#[ignore = "builds a separate crate; run with --ignored"]
fn tolerant_output_compiles_against_the_runtime() {
    compiles(
        "tolerant",
        &[
            &["--all-features"][..],
            &["--no-default-features", "--features", "newer"][..],
        ],
    );
}

/// Names the runtime already defines (`/endpoint`, `/builder`, `/new`, `/request`, `/send`, a
/// node `clone`, setters `send` and `header`) compile, renamed.
#[test]
#[ignore = "builds a separate crate; run with --ignored"]
fn clashing_names_compile_against_the_runtime() {
    compiles(
        "clashes",
        &[
            &["--all-features"][..],
            &["--no-default-features", "--features", "new"][..],
        ],
    );
}

#[test]
#[ignore = "builds a separate crate; run with --ignored"]
fn openapi_golden_output_compiles_against_the_runtime() {
    compiles(
        "openapi",
        &[&["--all-features"][..], &["--no-default-features"][..]],
    );
}

/// The API written in both formats (`both/console`, the same bytes as `both/openapi`) and the
/// mixed /1.0 folder (console and OpenAPI APIs, /1.0 and /v2, merged models) compile, with
/// every API and with one OpenAPI API alone.
#[test]
#[ignore = "builds a separate crate; run with --ignored"]
fn both_formats_and_mixed_output_compile_against_the_runtime() {
    compiles("both/console", &[&["--all-features"][..]]);
    compiles(
        "mixed",
        &[
            &["--all-features"][..],
            &["--no-default-features", "--features", "stock"][..],
        ],
    );
}

/// Operations answering a task (`TaskRequest`, `task_request!`, `impl TaskModel`) compile,
/// with every API and with `/vrack` alone (its operation answering `widget.Task` unlinked).
#[test]
#[ignore = "builds a separate crate; run with --ignored"]
fn tasks_output_compiles_against_the_runtime() {
    compiles(
        "tasks",
        &[
            &["--all-features"][..],
            &["--no-default-features", "--features", "vrack"][..],
        ],
    );
}

/// /v2 resources (`GetRequest` and `get_request!` with and without `resource`,
/// `ResourceRequest` and `resource_request!`, `DeleteRequest` and `delete_request!`, `impl
/// ResourceModel`, `modify` and `modify_2`) compile, with the API and without any.
#[test]
#[ignore = "builds a separate crate; run with --ignored"]
fn resources_output_compiles_against_the_runtime() {
    compiles(
        "resources",
        &[&["--all-features"][..], &["--no-default-features"][..]],
    );
}

/// Builds the golden output of `set` with clippy `-D warnings` under each feature selection,
/// inside a copy of the real `ovh-api` crate: its runtime (`src/lib.rs`, `src/runtime/`,
/// `src/mock/`), its guides (`src/guide/`) and manifest, with the golden files as
/// `src/generated/` and the golden feature lines in the manifest's generated block.
/// Dev-dependencies, examples and benches are left out: they call APIs the fixtures do not
/// have.
fn compiles(set: &str, configurations: &[&[&str]]) {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(set);
    let features = std::fs::read_to_string(golden.join("features.toml")).unwrap();
    output_compiles(
        &golden.join("src/generated"),
        &features,
        configurations,
        set,
    );
}

/// Schemas a reviewer mutated (keys dropped, retyped, doubled: the seeded mutations of
/// `fuzz.rs`) generate code without a warning, whatever degraded: for each fixture set, the
/// first seeds whose mutated set generates with degraded items, built with every feature.
#[test]
#[ignore = "builds separate crates; run with --ignored"]
fn mutated_schemas_generate_warning_free_code() {
    for (set, seeds, wanted) in [("basic", 0..400, 25), ("mixed", 1000..1300, 15)] {
        let base = mutate::base_set(set);
        let mut built = 0;
        for seed in seeds {
            let (files, empty) = mutate::mutated_set(&base, seed);
            let schemas = tempfile::tempdir().unwrap();
            mutate::write_set(schemas.path(), &files, empty.as_deref());
            let Ok((program, output)) = codegen::generate(schemas.path()) else {
                continue;
            };
            if program.degraded.is_empty() {
                continue;
            }
            let out = tempfile::tempdir().unwrap();
            for (rel, text) in &output.files {
                let path = out.path().join(rel);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, text).unwrap();
            }
            let what = format!("{set} seed {seed}");
            let generated = out.path().join("src/generated");
            output_compiles(
                &generated,
                &output.features,
                &[&["--all-features"][..]],
                &what,
            );
            built += 1;
            if built == wanted {
                break;
            }
        }
        assert_eq!(built, wanted, "{set}: too few mutated sets generated");
    }
}

/// A schema set of one /1.0 API and no /v2 documents, generated into a copy of the workspace:
/// every manifest still loads (no dev-dependency or test crate names an API feature the set
/// lacks), and `cargo check -p ovh-api` accepts the crate, warning-free.
#[test]
#[ignore = "builds a separate crate; run with --ignored"]
fn a_set_without_v2_documents_generates_a_crate_cargo_loads() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.join("..");
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path();
    for file in ["Cargo.toml", "Cargo.lock"] {
        std::fs::copy(root.join(file), copy.join(file)).unwrap();
    }
    for dir in ["ovh-api", "tests", "codegen/src"] {
        copy_dir(&root.join(dir), &copy.join(dir));
    }
    std::fs::copy(manifest.join("Cargo.toml"), copy.join("codegen/Cargo.toml")).unwrap();
    let schemas = copy.join("schemas");
    let no_v2 = copy.join("no-v2");
    std::fs::create_dir_all(&schemas).unwrap();
    std::fs::create_dir_all(&no_v2).unwrap();
    std::fs::copy(
        root.join("schemas/ovh-eu/auth.json"),
        schemas.join("auth.json"),
    )
    .unwrap();
    std::fs::write(
        schemas.join("index.json"),
        r#"{"apis": [{"path": "/auth", "schema": "/auth.{format}", "format": ["json"], "description": ""}], "basePath": "https://eu.api.ovh.com/1.0"}"#,
    )
    .unwrap();
    let generate = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(["generate", "--strict", "--schemas"])
        .arg(&schemas)
        .arg("--v2-schemas")
        .arg(&no_v2)
        .arg("--out")
        .arg(copy.join("ovh-api"))
        .output()
        .unwrap();
    assert!(
        generate.status.success(),
        "{}",
        String::from_utf8_lossy(&generate.stderr)
    );
    let cargo_toml = std::fs::read_to_string(copy.join("ovh-api/Cargo.toml")).unwrap();
    assert!(cargo_toml.contains("\nv2 = [\n]\n"), "{cargo_toml}");
    assert!(!cargo_toml.contains("\nme = []"), "{cargo_toml}");
    let no_v2 = "a one-API set without /v2 documents";
    cargo_succeeds(
        copy,
        &[
            "metadata",
            "--offline",
            "--format-version",
            "1",
            "--no-deps",
        ],
        no_v2,
    );
    cargo_succeeds(
        copy,
        &[
            "clippy",
            "--offline",
            "--quiet",
            "-p",
            "ovh-api",
            "--",
            "-D",
            "warnings",
        ],
        no_v2,
    );
}
