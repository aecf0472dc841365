//! Seeded mutations of fixture schema sets, shared by the tests that generate from them
//! (`fuzz.rs`: generation never panics; `golden_compiles.rs`: what generates compiles
//! warning-free).

#![allow(dead_code)] // each test crate uses a part

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

/// SplitMix64: a tiny deterministic generator, enough to pick mutations.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Every file of a fixture set, parsed (relative path → JSON).
pub fn base_set(set: &str) -> BTreeMap<String, Value> {
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
pub fn pointers(v: &Value, here: String, out: &mut Vec<String>) {
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

pub fn odd_value(rng: &mut Rng) -> Value {
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
pub fn mutate(doc: &mut Value, rng: &mut Rng) {
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

pub fn write_set(dir: &Path, files: &BTreeMap<String, Value>, empty: Option<&str>) {
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

/// The fixture set `set` with the mutations seed `seed` draws (1 to 4 files changed, now and
/// then one left empty): the files, and the one to write empty.
pub fn mutated_set(
    base: &BTreeMap<String, Value>,
    seed: u64,
) -> (BTreeMap<String, Value>, Option<String>) {
    let names: Vec<String> = base.keys().cloned().collect();
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
    (files, empty)
}
