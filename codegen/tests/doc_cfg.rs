//! The feature notes of docs.rs: under `--cfg docsrs` (rustdoc's `doc_cfg`), each generated
//! model names exactly the features that compile it, and so does each entry point of `Client`,
//! rather than rustdoc's join of the item's gate with its module's or impl's
//! (`(crate features a or b) and crate feature a`).

use std::path::PathBuf;

use quote::ToTokens;

fn generated(set: &str) -> std::collections::BTreeMap<String, String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(set);
    let (_, output) = codegen::generate(&dir)
        .unwrap_or_else(|e| panic!("fixture set {set} does not generate: {e}"));
    output.files
}

/// The tokens inside `#[name(...)]` attributes, e.g. `feature = "me"` for `#[cfg(feature = "me")]`.
fn attr_args(attrs: &[syn::Attribute], name: &str) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident(name))
        .map(|a| a.meta.require_list().unwrap().tokens.to_string())
        .collect()
}

/// The condition of `#[cfg_attr(docsrs, doc(cfg(<condition>)))]`, if the item has one.
fn doc_cfg(attrs: &[syn::Attribute]) -> Option<String> {
    let args = attr_args(attrs, "cfg_attr");
    let found: Vec<String> = args
        .iter()
        .filter_map(|a| {
            let rest = a.strip_prefix("docsrs , doc (cfg (")?;
            Some(rest.strip_suffix("))")?.trim().to_string())
        })
        .collect();
    assert!(found.len() <= 1, "more than one doc(cfg): {args:?}");
    found.into_iter().next()
}

#[test]
fn every_model_names_its_features_and_no_module_adds_its_gate() {
    let files = generated("basic");
    let (mut models, mut modules) = (0, 0);
    for (path, text) in files.iter().filter(|(p, _)| p.contains("/models/")) {
        let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{path}: {e}"));
        for item in &file.items {
            let (attrs, name) = match item {
                syn::Item::Struct(s) => (&s.attrs, s.ident.to_string()),
                syn::Item::Enum(e) => (&e.attrs, e.ident.to_string()),
                syn::Item::Type(t) => (&t.attrs, t.ident.to_string()),
                syn::Item::Mod(m) => {
                    assert_eq!(
                        doc_cfg(&m.attrs).as_deref(),
                        Some("all ()"),
                        "{path}: module {} should leave its gate out of its items' notes",
                        m.ident
                    );
                    modules += 1;
                    continue;
                }
                _ => continue,
            };
            let shown = doc_cfg(attrs)
                .unwrap_or_else(|| panic!("{path}: {name} has no doc(cfg) for docs.rs"));
            assert!(shown.contains("feature ="), "{path}: {name}: {shown}");
            // An item with a gate of its own names the same features.
            if let Some(gate) = attr_args(attrs, "cfg").first() {
                assert_eq!(&shown, gate, "{path}: {name}");
            }
            models += 1;
        }
    }
    assert!(
        models > 10 && modules > 3,
        "{models} models, {modules} modules checked"
    );
}

#[test]
fn client_entry_points_carry_their_own_gate_alone() {
    let files = generated("basic");
    let file = syn::parse_file(&files["src/generated/api/mod.rs"]).unwrap();
    let client = file
        .items
        .iter()
        .find_map(|i| match i {
            syn::Item::Impl(imp)
                if imp.self_ty.to_token_stream().to_string() == "crate :: Client" =>
            {
                Some(imp)
            }
            _ => None,
        })
        .expect("impl crate::Client");
    assert!(
        attr_args(&client.attrs, "cfg").is_empty(),
        "impl crate::Client is gated"
    );
    let mut methods = 0;
    for item in &client.items {
        if let syn::ImplItem::Fn(f) = item {
            let gate = attr_args(&f.attrs, "cfg");
            assert!(
                gate.len() == 1 && gate[0].contains("feature ="),
                "Client::{} has no feature gate: {gate:?}",
                f.sig.ident
            );
            methods += 1;
        }
    }
    assert!(methods > 1, "{methods} entry points checked");
}
