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

/// One feature per API, `default`, and `full` (every API).
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
    out.push_str(
        "# One feature per API, named after its path (`/dedicated/server` → `dedicated-server`).\n",
    );
    for a in &program.apis {
        out.push_str(&format!("# {}\n{} = []\n", a.path, a.feature));
    }
    out
}
