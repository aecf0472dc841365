//! The guides: each page below is one Markdown file of `src/guide/`, shown here by rustdoc and
//! linked from the repository's README, so that the same text serves both. Their Rust
//! snippets are doctests (`cargo test --workspace` compiles them), so they cannot rot.
//!
//! Start with [`typed_api`]; the crate's front page says where each part of the crate lives.

// Modules without items: only their docs, read from the Markdown files beside this one.

#[doc = include_str!("typed_api.md")]
pub mod typed_api {}

#[doc = include_str!("wire.md")]
pub mod wire {}

#[doc = include_str!("configuration.md")]
pub mod configuration {}

#[doc = include_str!("retries.md")]
pub mod retries {}

#[doc = include_str!("oauth2.md")]
pub mod oauth2 {}

#[doc = include_str!("consumer_keys.md")]
pub mod consumer_keys {}

#[doc = include_str!("least_privilege.md")]
pub mod least_privilege {}

#[doc = include_str!("raw_calls.md")]
pub mod raw_calls {}

#[doc = include_str!("batch.md")]
pub mod batch {}

#[doc = include_str!("waiting.md")]
pub mod waiting {}

#[doc = include_str!("errors.md")]
pub mod errors {}

#[doc = include_str!("testing.md")]
pub mod testing {}

#[doc = include_str!("python.md")]
pub mod python {}

#[doc = include_str!("regenerating.md")]
pub mod regenerating {}

#[doc = include_str!("performance.md")]
pub mod performance {}

#[doc = include_str!("compile_cost.md")]
pub mod compile_cost {}

#[cfg(test)]
mod tests {
    use std::path::Path;

    const README: &str = include_str!("../../../README.md");
    const GUIDES: &str = include_str!("mod.rs");
    const FEATURES: &str = include_str!("../generated/features.md");

    /// Every Markdown file of this folder: shown here, linked from the README, titled.
    #[test]
    fn every_guide_is_shown_and_linked_from_the_readme() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/guide");
        let mut count = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let Some(stem) = name.strip_suffix(".md") else {
                continue;
            };
            count += 1;
            let shown = format!("#[doc = include_str!(\"{name}\")]\npub mod {stem} {{}}");
            assert!(GUIDES.contains(&shown), "guide/mod.rs does not show {name}");
            let link = format!("](ovh-api/src/guide/{name})");
            assert!(README.contains(&link), "the README does not link {name}");
            let text = std::fs::read_to_string(dir.join(&name)).unwrap();
            assert!(
                text.starts_with("# "),
                "{name} does not start with its title"
            );
        }
        assert!(count >= 12, "only {count} guides");
    }

    /// The README is what a newcomer reads first: short, and its relative links lead somewhere.
    #[test]
    fn readme_is_short_and_its_links_resolve() {
        let lines = README.lines().count();
        assert!(lines <= 350, "the README has {lines} lines (at most ~350)");
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for target in README
            .split("](")
            .skip(1)
            .filter_map(|s| s.split(')').next())
        {
            if target.starts_with("http") || target.starts_with('#') {
                continue;
            }
            let file = target.split('#').next().unwrap_or(target);
            assert!(root.join(file).exists(), "README links to missing {target}");
        }
        assert!(root.join("CHANGELOG.md").exists());
    }

    /// The front page's table finds the feature for `/dedicated/server`.
    #[test]
    fn front_page_table_names_each_feature_with_its_path() {
        assert!(FEATURES.starts_with("<!-- @generated"));
        let row =
            "| `dedicated-server` | `/dedicated/server` | /1.0 | `client.dedicated().server()` |";
        assert!(FEATURES.contains(row), "no row for /dedicated/server");
        let v2 = "| `v2-iam` | `/v2/iam` | /v2 | `client.v2().iam()` |";
        assert!(FEATURES.contains(v2), "no row for /v2/iam");
    }
}
