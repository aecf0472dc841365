//! Generation over mutated schemas never panics: every outcome is either generated code (which
//! parses as Rust: `render` checks it) or a typed error naming a file of the set.
//!
//! The mutations start from the `basic` fixture set (console files) and from the `mixed` one
//! (both formats, both branches), and are drawn from a seeded generator, so
//! a failure is reproducible from the printed seed: unknown type names, missing and extra
//! keys, values of the wrong JSON type, empty files, very long names, duplicated paths and
//! operations, odd characters in names. The mutations live in `common/mutate.rs`, which
//! `golden_compiles.rs` also uses to build a sample of what they generate with `-D warnings`.

use std::panic::{catch_unwind, AssertUnwindSafe};

#[path = "common/mutate.rs"]
mod mutate;

/// How many mutated sets generated, generated with degraded items, and failed with an error.
#[derive(Debug, Default)]
struct Outcomes {
    generated: usize,
    degraded: usize,
    errors: usize,
}

/// Generates the fixture set `set` mutated by each seed, checking every outcome.
fn fuzz(set: &str, seeds: std::ops::Range<u64>) -> Outcomes {
    let base = mutate::base_set(set);
    let names: Vec<String> = base.keys().cloned().collect();
    let mut outcomes = Outcomes::default();
    for seed in seeds {
        let (files, empty) = mutate::mutated_set(&base, seed);
        let dir = tempfile::tempdir().unwrap();
        mutate::write_set(dir.path(), &files, empty.as_deref());
        let outcome = catch_unwind(AssertUnwindSafe(|| codegen::generate(dir.path())));
        match outcome {
            Err(_) => panic!("{set} seed {seed}: generation panicked"),
            Ok(Ok((program, output))) => {
                outcomes.generated += 1;
                if !program.degraded.is_empty() {
                    outcomes.degraded += 1;
                }
                for d in &program.degraded {
                    assert!(
                        names.contains(&d.file),
                        "{set} seed {seed}: degraded item names an unknown file: {d}"
                    );
                }
                // Deterministic: the same input renders the same files.
                let (_, again) = codegen::generate(dir.path()).unwrap();
                assert_eq!(
                    output.files, again.files,
                    "{set} seed {seed}: not deterministic"
                );
                for path in output.files.keys() {
                    let name = path.rsplit('/').next().unwrap_or(path);
                    assert!(
                        name.len() <= 100,
                        "{set} seed {seed}: file name too long: {path}"
                    );
                }
            }
            Ok(Err(e)) => {
                outcomes.errors += 1;
                check_error(&e, &names, &format!("{set} seed {seed}"));
            }
        }
    }
    eprintln!("{set}: {outcomes:?}");
    outcomes
}

/// An error is a typed one naming a file of the set, or the missing file an (edited) index
/// names.
fn check_error(e: &codegen::Error, names: &[String], case: &str) {
    let msg = e.to_string();
    assert!(
        matches!(
            e,
            codegen::Error::Json { .. }
                | codegen::Error::Io { .. }
                | codegen::Error::Invalid { .. }
        ),
        "{case}: unexpected error kind: {e:?}"
    );
    assert!(
        names.iter().any(|n| msg.contains(n.as_str()))
            || matches!(e, codegen::Error::Io { .. }) && msg.contains(".json"),
        "{case}: error names no file: {msg}"
    );
}

#[test]
fn mutated_schemas_never_panic() {
    let o = fuzz("basic", 0..400);
    // The mutations must exercise both outcomes, or the test proves little.
    assert!(o.generated > 200 && o.degraded > 100, "{o:?}");
    assert!(o.errors > 0);
}

/// The same over a folder of both formats: console files, OpenAPI documents of /1.0 and /v2
/// (their `servers`, `paths`, `components` and extensions mutated like the console's keys).
#[test]
fn mutated_mixed_folders_never_panic() {
    let o = fuzz("mixed", 1000..1300);
    assert!(o.generated > 150 && o.degraded > 50, "{o:?}");
    assert!(o.errors > 0, "{o:?}");
}
