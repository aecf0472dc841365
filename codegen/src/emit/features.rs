//! The `[features]` lines written between the markers of `ovh-api/Cargo.toml`.

use crate::ir::Program;

/// APIs enabled by default, when present in the schemas.
pub const DEFAULT_FEATURES: &[&str] = &[
    "me",
    "vps",
    "dedicated-server",
    "email-domain",
    "services",
    "auth",
];

/// The features that are not one API's: the generated `default`, `full` and `v2`, and
/// ovh-api's hand-written `mock` and date-crate conversions (`jiff`, `chrono`, `time`). An
/// API whose path would give one of these names takes a suffix (`/full` → `full_2`).
pub const FIXED_FEATURES: &[&str] = &["default", "full", "v2", "mock", "jiff", "chrono", "time"];

/// One feature per API, `default`, `full` (every API) and `v2` (every /v2 API, empty when the
/// set has none: what the workspace's tests and the tour enable, so that their manifests load
/// whatever the schema set holds).
pub fn emit(program: &Program) -> String {
    let mut names: Vec<&str> = program.apis.iter().map(|a| a.feature.as_str()).collect();
    names.sort();
    let quoted = |list: &[&str]| -> String {
        list.iter()
            .map(|f| format!("\"{f}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let defaults: Vec<&str> = DEFAULT_FEATURES
        .iter()
        .copied()
        .filter(|f| names.contains(f))
        .collect();
    let mut out = String::new();
    out.push_str(&format!("default = [{}]\n", quoted(&defaults)));
    out.push_str("# Every API.\n");
    out.push_str("full = [\n");
    for n in &names {
        out.push_str(&format!("    \"{n}\",\n"));
    }
    out.push_str("]\n");
    out.push_str("# Every /v2 API.\n");
    out.push_str("v2 = [\n");
    for a in program
        .apis
        .iter()
        .filter(|a| crate::under_v2(&a.path).is_some())
    {
        out.push_str(&format!("    \"{}\",\n", a.feature));
    }
    out.push_str("]\n");
    out.push_str(
        "# One feature per API, named after its path (`/dedicated/server` → `dedicated-server`).\n",
    );
    for a in &program.apis {
        out.push_str(&format!("# {}\n{} = []\n", a.path, a.feature));
    }
    out
}
