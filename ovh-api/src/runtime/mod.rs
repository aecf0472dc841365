//! The hand-written runtime: everything that signs, sends, retries and decodes calls, and
//! everything the generated code (`src/generated/`) calls. See `ARCHITECTURE.md` at the
//! workspace root for the modules and the contract with the generator.

// First, and `#[macro_use]` in `lib.rs` too: the model macros are textually scoped, and reach every module declared after them.
#[macro_use]
pub(crate) mod codec;
// The union macros, textually scoped the same way.
#[macro_use]
pub(crate) mod codec_union;

pub(crate) mod access;
pub(crate) mod batch;
pub(crate) mod call;
pub(crate) mod client;
pub mod config;
pub mod consumer_key;
pub(crate) mod endpoint;
pub(crate) mod error;
pub mod iam;
pub(crate) mod link;
pub(crate) mod method;
pub(crate) mod model;
pub(crate) mod modify;
pub(crate) mod node;
pub(crate) mod oauth2;
pub mod pagination;
pub(crate) mod parts;
pub mod path;
pub(crate) mod rate_limit;
pub(crate) mod raw;
pub(crate) mod refresh;
pub(crate) mod request;
pub(crate) mod resolve;
pub(crate) mod resource;
pub(crate) mod response;
pub(crate) mod retry;
pub(crate) mod rule;
pub(crate) mod secret;
pub mod signing;
pub(crate) mod task;
pub(crate) mod transport;
pub(crate) mod typed;
pub(crate) mod until;
pub mod v2;
pub mod wait;
pub(crate) mod wait_error;
#[cfg(test)]
mod wait_tests;

#[cfg(test)]
pub(crate) mod example_check;
#[cfg(test)]
mod reserved;
#[cfg(test)]
pub(crate) mod roundtrip;

/// For unit tests: a client with an application key only, that reads no real
/// configuration and points at a closed local port.
#[cfg(test)]
pub(crate) fn test_client() -> crate::Client {
    crate::Client::builder()
        .config_lookup(crate::ConfigLookup::with_files(
            Vec::<(String, String)>::new(),
            Vec::new(),
        ))
        .endpoint("http://127.0.0.1:9/1.0")
        .application_key("ak")
        .build()
        .expect("a client needs no network to build")
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    /// Every runtime source file (`src/runtime/*.rs`): its file name and text.
    fn runtime_sources() -> Vec<(String, String)> {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/runtime");
        let mut files = Vec::new();
        for entry in std::fs::read_dir(src).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                files.push((name, std::fs::read_to_string(&path).unwrap()));
            }
        }
        files
    }

    /// The runtime modules (`src/runtime/*.rs`) and the ones each imports, from
    /// their code outside comments and tests.
    fn runtime_imports() -> BTreeMap<String, BTreeSet<String>> {
        let mut graph = BTreeMap::new();
        for (file, text) in runtime_sources() {
            let name = file.trim_end_matches(".rs");
            if name == "mod" {
                continue;
            }
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            let mut imports = BTreeSet::new();
            for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for (at, _) in line.match_indices("crate::runtime::") {
                    let rest = &line[at + "crate::runtime::".len()..];
                    let module: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                        .collect();
                    if !module.is_empty()
                        && module != name
                        && rest[module.len()..].starts_with("::")
                    {
                        imports.insert(module);
                    }
                }
            }
            graph.insert(name.to_owned(), imports);
        }
        graph
    }

    /// The runtime sources, each without its comments and tests.
    fn runtime_code() -> Vec<(String, String)> {
        runtime_sources()
            .into_iter()
            .map(|(name, text)| {
                let code = text.split("#[cfg(test)]").next().unwrap_or_default();
                let code: Vec<&str> = code
                    .lines()
                    .filter(|l| !l.trim_start().starts_with("//"))
                    .collect();
                (name, code.join("\n"))
            })
            .collect()
    }

    #[test]
    fn variable_and_endpoint_names_are_written_once() {
        for (file, code) in runtime_code() {
            if file != "config.rs" {
                assert!(
                    !code.contains("\"OVH_"),
                    "{file} spells out an OVH_ variable"
                );
            }
            if file != "endpoint.rs" {
                for (name, _) in crate::ENDPOINTS {
                    let quoted = format!("\"{name}\"");
                    assert!(!code.contains(&quoted), "{file} spells out {quoted}");
                }
            }
        }
        // The configuration guide, and the OAuth2 guide for the service-account variables.
        let guide = [
            include_str!("../guide/configuration.md"),
            include_str!("../guide/oauth2.md"),
        ]
        .concat();
        let config_docs = include_str!("config.rs");
        for var in crate::config::ENV_VARS {
            assert!(
                guide.contains(&format!("`{var}`")),
                "the configuration and OAuth2 guides miss {var}"
            );
            assert!(
                config_docs.contains(&format!("`{var}`]")),
                "config docs miss {var}"
            );
        }
        for (name, _) in crate::ENDPOINTS {
            assert!(
                guide.contains(&format!("`{name}`")),
                "the configuration and OAuth2 guides miss {name}"
            );
        }
    }

    #[test]
    fn runtime_modules_import_each_other_without_cycles() {
        let mut graph = runtime_imports();
        assert!(graph["client"].contains("parts") && !graph["client"].contains("request"));
        for leaf in ["method", "parts"] {
            assert!(
                !graph[leaf].contains("client") && !graph[leaf].contains("request"),
                "{leaf}: {:?}",
                graph[leaf]
            );
        }
        // Depth-first search for a path back to the start.
        fn reaches(
            graph: &BTreeMap<String, BTreeSet<String>>,
            from: &str,
            target: &str,
            seen: &mut BTreeSet<String>,
        ) -> bool {
            graph.get(from).into_iter().flatten().any(|next| {
                next == target || (seen.insert(next.clone()) && reaches(graph, next, target, seen))
            })
        }
        // error reads the names its messages list from config and endpoint,
        // which return its errors: constants only, so not counted. Its other
        // imports (the leaves its variants hold) are.
        assert!(graph["error"].contains("rule"), "{:?}", graph["error"]);
        graph
            .get_mut("error")
            .unwrap()
            .retain(|module| module != "config" && module != "endpoint");
        for module in graph.keys() {
            assert!(
                !reaches(&graph, module, module, &mut BTreeSet::new()),
                "{module} imports itself through other modules: {graph:#?}"
            );
        }
    }

    /// Every method the runtime defines on a type that generated code adds methods to, from
    /// the runtime's own source: `impl Client` blocks, and the bodies of the request-wrapper
    /// macros.
    fn runtime_methods() -> BTreeMap<&'static str, BTreeSet<String>> {
        fn fn_names(tokens: proc_macro2::TokenStream, out: &mut BTreeSet<String>) {
            let mut after_fn = false;
            for tree in tokens {
                match tree {
                    proc_macro2::TokenTree::Ident(i) if after_fn => {
                        out.insert(i.to_string());
                        after_fn = false;
                    }
                    proc_macro2::TokenTree::Ident(i) => after_fn = i == "fn",
                    proc_macro2::TokenTree::Group(g) => fn_names(g.stream(), out),
                    _ => after_fn = false,
                }
            }
        }
        let mut found: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
        for (file, text) in runtime_sources() {
            let parsed = syn::parse_file(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
            for item in parsed.items {
                match item {
                    syn::Item::Impl(i) if i.trait_.is_none() => {
                        let syn::Type::Path(ty) = &*i.self_ty else {
                            continue;
                        };
                        if ty.path.segments.last().is_some_and(|s| s.ident == "Client") {
                            let names = found.entry("Client").or_default();
                            for f in i.items {
                                if let syn::ImplItem::Fn(f) = f {
                                    names.insert(f.sig.ident.to_string());
                                }
                            }
                        }
                    }
                    syn::Item::Macro(m) => {
                        let key = match m.ident.as_ref().map(|i| i.to_string()).as_deref() {
                            Some("typed_request") => "typed_request!",
                            Some("paged_request") => "paged_request!",
                            Some("task_request") => "task_request!",
                            Some("get_request") => "get_request!",
                            Some("delete_request") => "task_request!",
                            _ => continue,
                        };
                        fn_names(m.mac.tokens, found.entry(key).or_default());
                    }
                    _ => {}
                }
            }
        }
        found
    }

    #[test]
    fn reserved_names_list_every_runtime_method() {
        let found = runtime_methods();
        for (ty, list) in [
            ("Client", super::reserved::CLIENT_METHODS),
            ("typed_request!", super::reserved::TYPED_WRAPPER_METHODS),
            ("task_request!", super::reserved::TYPED_WRAPPER_METHODS),
            ("get_request!", super::reserved::TYPED_WRAPPER_METHODS),
            ("paged_request!", super::reserved::PAGED_WRAPPER_METHODS),
        ] {
            let names = &found[ty];
            assert!(names.len() > 3, "{ty}: too few methods found: {names:?}");
            for name in names {
                assert!(
                    list.contains(&name.as_str()),
                    "{ty} has method `{name}`, missing from runtime/reserved.rs"
                );
            }
        }
        // Nodes derive Clone: a node method `clone` would shadow it.
        assert!(super::reserved::NODE_METHODS.contains(&"clone"));
    }
}
