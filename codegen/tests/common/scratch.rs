//! A scratch copy of the real `ovh-api` crate in which generated code is built: the test
//! crates that compile generated output (`golden_compiles.rs`, `constructs.rs`) share it.

// Each test crate including this module uses a part of it.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// Copies the folder `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
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

/// Builds the generated folder `generated`, with the feature lines `features`, inside a copy
/// of the real `ovh-api` crate (its runtime, mock, guides and manifest; dev-dependencies, examples and benches left out, as they call APIs a fixture lacks); `what` names it in failures.
pub fn output_compiles(generated: &Path, features: &str, configurations: &[&[&str]], what: &str) {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let real = manifest.join("../ovh-api");
    let tmp = tempfile::tempdir().unwrap();
    let krate = tmp.path().join("ovh-api");
    for dir in ["runtime", "mock", "guide"] {
        copy_dir(&real.join("src").join(dir), &krate.join("src").join(dir));
    }
    std::fs::copy(real.join("src/lib.rs"), krate.join("src/lib.rs")).unwrap();
    copy_dir(generated, &krate.join("src/generated"));
    std::fs::copy(
        manifest.join("../Cargo.lock"),
        tmp.path().join("Cargo.lock"),
    )
    .unwrap();
    let workspace = std::fs::read_to_string(manifest.join("../Cargo.toml")).unwrap();
    std::fs::write(tmp.path().join("Cargo.toml"), only_member(&workspace)).unwrap();
    let cargo_toml = std::fs::read_to_string(real.join("Cargo.toml")).unwrap();
    let library = codegen::write::splice_features(&library_only(&cargo_toml), features)
        .expect("ovh-api/Cargo.toml has the generated-features markers");
    std::fs::write(krate.join("Cargo.toml"), library).unwrap();
    for flags in configurations {
        let mut args = vec!["clippy", "--offline", "--quiet", "-p", "ovh-api"];
        args.extend_from_slice(flags);
        args.extend(["--", "-D", "warnings"]);
        cargo_succeeds(&krate, &args, what);
    }
}

/// Runs cargo with `args` in `dir` and fails the test, naming `what`, unless it succeeds.
/// The target directory is one of its own (a nested cargo would wait for the outer one's
/// lock), kept beside the workspace's so that repeated runs reuse the built dependencies.
pub fn cargo_succeeds(dir: &Path, args: &[&str], what: &str) {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
        .join("golden-compiles");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(&cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{what}: cargo {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The workspace manifest with `ovh-api` as its only member.
fn only_member(workspace: &str) -> String {
    let start = workspace
        .find("members = [")
        .expect("the workspace lists its members");
    let end = start + workspace[start..].find(']').unwrap() + 1;
    format!(
        "{}members = [\"ovh-api\"]{}",
        &workspace[..start],
        &workspace[end..]
    )
}

/// `ovh-api/Cargo.toml` without what only its tests, examples and benches need: everything
/// from `[dev-dependencies]` to `[features]`.
fn library_only(cargo_toml: &str) -> String {
    let start = cargo_toml
        .find("\n[dev-dependencies]")
        .expect("ovh-api has dev-dependencies");
    let end = cargo_toml
        .find("\n[features]")
        .expect("ovh-api has features");
    assert!(
        start < end,
        "[dev-dependencies] comes before [features] in ovh-api/Cargo.toml"
    );
    format!("{}{}", &cargo_toml[..start], &cargo_toml[end..])
}
