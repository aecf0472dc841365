//! Generation over mutated schemas never panics: every outcome is either generated code (which
//! parses as Rust: `render` checks it) or a typed error naming a file of the set.
//!
//! The mutations start from the `basic` fixture set (console files) and from the `mixed` one
//! (both formats, both branches), and are drawn from a seeded generator, so
//! a failure is reproducible from the printed seed: unknown type names, missing and extra
//! keys, values of the wrong JSON type, empty files, very long names, duplicated paths and
//! operations, odd characters in names.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

/// SplitMix64: a tiny deterministic generator, enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Every file of a fixture set, parsed (relative path → JSON).
fn base_set(set: &str) -> BTreeMap<String, Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(set);
    let mut out = BTreeMap::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                let text = std::fs::read_to_string(&p).unwrap();
                out.insert(rel, serde_json::from_str(&text).unwrap());
            }
        }
    }
    out
}

/// JSON pointers of every value in a document.
fn pointers(v: &Value, here: String, out: &mut Vec<String>) {
    out.push(here.clone());
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let k = k.replace('~', "~0").replace('/', "~1");
                pointers(child, format!("{here}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{here}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn odd_value(rng: &mut Rng) -> Value {
    let long = "x".repeat(300 + rng.below(5000));
    let choices = [
        Value::Null,
        json!(true),
        json!(-7),
        json!(1.5),
        json!(""),
        json!("strng"),
        json!("nichandle.Missing"),
        json!("map[string"),
        json!("a.G<long,long>"),
        json!("PATCH"),
        json!("header"),
        json!([]),
        json!({}),
        json!({"unexpected": [1, 2]}),
        json!(long),
        json!("名前 with spaces/and?odd#chars"),
        json!("type"),
        json!("DEPRECATED"),
    ];
    rng.pick(&choices).clone()
}

/// Applies one mutation to a document.
fn mutate(doc: &mut Value, rng: &mut Rng) {
    let mut ptrs = Vec::new();
    pointers(doc, String::new(), &mut ptrs);
    let at = rng.pick(&ptrs).clone();
    let kind = rng.below(6);
    let (parent_ptr, last) = match at.rsplit_once('/') {
        Some((p, l)) => (p.to_string(), l.replace("~1", "/").replace("~0", "~")),
        None => (String::new(), String::new()),
    };
    match kind {
        // Replace a value by one of another kind (or an odd string).
        0 | 1 => {
            let new = odd_value(rng);
            if let Some(slot) = doc.pointer_mut(&at) {
                *slot = new;
            }
        }
        // Remove a key or an element.
        2 => match doc.pointer_mut(&parent_ptr) {
            Some(Value::Object(map)) => {
                map.remove(&last);
            }
            Some(Value::Array(items)) => {
                if let Ok(i) = last.parse::<usize>() {
                    if i < items.len() {
                        items.remove(i);
                    }
                }
            }
            _ => {}
        },
        // Add an unknown key.
        3 => {
            let new = odd_value(rng);
            if let Some(Value::Object(map)) = doc.pointer_mut(&at) {
                map.insert("x-unknown".into(), new);
            }
        }
        // Duplicate an element (duplicate paths, operations, parameters).
        4 => {
            if let Some(Value::Array(items)) = doc.pointer_mut(&parent_ptr) {
                if let Ok(i) = last.parse::<usize>() {
                    if let Some(item) = items.get(i).cloned() {
                        items.push(item);
                    }
                }
            }
        }
        // A very long or odd key (model names, property names).
        _ => {
            if let Some(Value::Object(map)) = doc.pointer_mut(&parent_ptr) {
                if let Some(v) = map.remove(&last) {
                    let key = if rng.below(2) == 0 {
                        format!("{last}{}", "Long".repeat(200))
                    } else {
                        format!("{last}.été-2 {{x}}")
                    };
                    map.insert(key, v);
                }
            }
        }
    }
}

fn write_set(dir: &Path, files: &BTreeMap<String, Value>, empty: Option<&str>) {
    for (rel, v) in files {
        let p: PathBuf = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        let text = if Some(rel.as_str()) == empty {
            String::new()
        } else {
            serde_json::to_string_pretty(v).unwrap()
        };
        std::fs::write(p, text).unwrap();
    }
}

/// How many mutated sets generated, generated with degraded items, and failed with an error.
#[derive(Debug, Default)]
struct Outcomes {
    generated: usize,
    degraded: usize,
    errors: usize,
}

/// Generates the fixture set `set` mutated by each seed, checking every outcome.
fn fuzz(set: &str, seeds: std::ops::Range<u64>) -> Outcomes {
    let base = base_set(set);
    let names: Vec<String> = base.keys().cloned().collect();
    let mut outcomes = Outcomes::default();
    for seed in seeds {
        let mut rng = Rng(seed);
        let mut files = base.clone();
        for _ in 0..1 + rng.below(4) {
            // The index is mutated less often: most of its mutations are plain errors.
            let file = if rng.below(8) == 0 {
                "index.json".to_string()
            } else {
                rng.pick(&names).clone()
            };
            if let Some(doc) = files.get_mut(&file) {
                mutate(doc, &mut rng);
            }
        }
        let empty = (rng.below(40) == 0).then(|| rng.pick(&names).clone());
        let dir = tempfile::tempdir().unwrap();
        write_set(dir.path(), &files, empty.as_deref());
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
