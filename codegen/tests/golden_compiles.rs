//! The golden output compiles warning-free (clippy `-D warnings`, every feature combination that
//! matters) against a stub of the runtime interface (`tests/stub/lib.rs`: `Client`,
//! `ApiRequest`, `Method`, `Result`). Builds serde in its own target dir, so it is ignored by
//! default: `cargo test -p codegen --test golden_compiles -- --ignored`.

use std::path::Path;
use std::process::Command;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
#[ignore = "builds a separate crate; run with --ignored"]
fn golden_output_compiles_against_stub_runtime() {
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
fn tolerant_output_compiles_against_stub_runtime() {
    compiles(
        "tolerant",
        &[
            &["--all-features"][..],
            &["--no-default-features", "--features", "newer"][..],
        ],
    );
}

#[test]
#[ignore = "builds a separate crate; run with --ignored"]
fn openapi_golden_output_compiles_against_stub_runtime() {
    compiles(
        "openapi",
        &[&["--all-features"][..], &["--no-default-features"][..]],
    );
}

/// Builds the golden output of `set` with clippy `-D warnings` under each feature selection.
fn compiles(set: &str, configurations: &[&[&str]]) {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let golden = manifest.join("tests/golden").join(set);
    let tmp = tempfile::tempdir().unwrap();
    let krate = tmp.path();
    copy_dir(&golden.join("src"), &krate.join("src"));
    std::fs::copy(manifest.join("tests/stub/lib.rs"), krate.join("src/lib.rs")).unwrap();
    std::fs::copy(manifest.join("../Cargo.lock"), krate.join("Cargo.lock")).unwrap();
    let features = std::fs::read_to_string(golden.join("features.toml")).unwrap();
    std::fs::write(
        krate.join("Cargo.toml"),
        format!(
            "[package]\nname = \"stub\"\nversion = \"0.1.0\"\nedition = \"2021\"\n[workspace]\n\
             [dependencies]\nserde = {{ version = \"1\", features = [\"derive\"] }}\n\
             serde_json = \"1\"\n\
             [features]\n{features}"
        ),
    )
    .unwrap();
    let target = std::env::temp_dir().join("codegen-golden-compiles-target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for flags in configurations {
        let out = Command::new(&cargo)
            .args(["clippy", "--offline", "--quiet"])
            .args(*flags)
            .args(["--", "-D", "warnings"])
            .current_dir(krate)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{set}: clippy {flags:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
