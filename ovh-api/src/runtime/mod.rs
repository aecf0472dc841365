//! The hand-written runtime: everything that signs, sends, retries and decodes calls, and
//! everything the generated code (`src/generated/`) calls. See `ARCHITECTURE.md` at the
//! workspace root for the modules and the contract with the generator.

// First, and `#[macro_use]` in `lib.rs` too: the model macros are textually scoped, and reach
// every module declared after them.
#[macro_use]
pub(crate) mod codec; // models on the wire: decoding, encoding, unknown members

pub(crate) mod auth; // configuration, endpoints, signatures, OAuth2, consumer keys, IAM
pub(crate) mod call; // raw and typed requests, path nodes, batch, pagination
pub(crate) mod cassette; // recorded exchanges: the format, reading, recording
pub(crate) mod client; // `Client` and `ClientBuilder`: authorizing, sending, retrying
pub(crate) mod contract; // the one module generated code uses (see its docs)
pub(crate) mod dates; // `DateTime` and `Date`: OVH's text kept, read as instants and dates
pub(crate) mod error; // `Error`, `ApiError` and the other error types
pub(crate) mod http; // transport, responses, retries, rate limit
pub(crate) mod wait; // tasks, resources, conditions: every long-running wait

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

    /// Every runtime source file, in every folder (`src/runtime/**/*.rs`): its path from
    /// `src/runtime` (`auth/config.rs`) and its text.
    fn runtime_sources() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/runtime");
        let mut files = Vec::new();
        let mut folders = vec![root.clone()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let name = path.strip_prefix(&root).unwrap().to_string_lossy();
                    let text = std::fs::read_to_string(&path).unwrap();
                    files.push((name.replace('\\', "/"), text));
                }
            }
        }
        files.sort();
        files
    }

    /// The module a file is (`auth/config.rs` → `auth/config`, `auth/mod.rs` → `auth`).
    fn module_of(file: &str) -> String {
        let name = file.trim_end_matches(".rs");
        name.strip_suffix("/mod").unwrap_or(name).to_owned()
    }

    /// The module a path after `crate::runtime::` names: the longest run of its lowercase
    /// segments that is a module (`auth::config::Config` → `auth/config`).
    fn imported_module(rest: &str, modules: &BTreeSet<String>) -> Option<String> {
        let mut found = None;
        let mut path = String::new();
        for segment in rest.split("::") {
            let word: String = segment
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            if word.is_empty() || word.len() != segment.len() {
                break;
            }
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str(&word);
            if modules.contains(&path) {
                found = Some(path.clone());
            }
        }
        found
    }

    /// The runtime modules, every folder's included, and the ones each imports, from their
    /// code outside comments and tests. The root `mod.rs` only declares the others.
    fn runtime_imports() -> BTreeMap<String, BTreeSet<String>> {
        let sources = runtime_sources();
        let modules: BTreeSet<String> = sources.iter().map(|(f, _)| module_of(f)).collect();
        let mut graph = BTreeMap::new();
        for (file, code) in runtime_code_of(sources) {
            let name = module_of(&file);
            if name == "mod" {
                continue;
            }
            let mut imports = BTreeSet::new();
            for (at, _) in code.match_indices("crate::runtime::") {
                let rest = &code[at + "crate::runtime::".len()..];
                let rest = rest.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'));
                if let Some(module) = rest
                    .clone()
                    .next()
                    .and_then(|r| imported_module(r, &modules))
                {
                    if module != name {
                        imports.insert(module);
                    }
                }
            }
            // A sibling in the same folder, through `super::` (a child naming its folder's own
            // items, `super::Client`, is structure, not an import between modules).
            if let Some((folder, _)) = name.rsplit_once('/') {
                for (at, _) in code.match_indices("super::") {
                    let rest = &code[at + "super::".len()..];
                    let first = rest
                        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .next();
                    let sibling = format!("{folder}/{}", first.unwrap_or_default());
                    if modules.contains(&sibling) && sibling != name {
                        imports.insert(sibling);
                    }
                }
            }
            graph.insert(name, imports);
        }
        graph
    }

    /// The runtime sources, each without its comments and tests.
    fn runtime_code() -> Vec<(String, String)> {
        runtime_code_of(runtime_sources())
    }

    fn runtime_code_of(sources: Vec<(String, String)>) -> Vec<(String, String)> {
        sources
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
            if file != "auth/env_vars.rs" {
                assert!(
                    !code.contains("\"OVH_"),
                    "{file} spells out an OVH_ variable"
                );
            }
            if file != "auth/hosts.rs" {
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
        let config_docs = include_str!("auth/config.rs");
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
        let graph = runtime_imports();
        assert!(graph.len() > 40, "too few modules read: {:?}", graph.keys());
        assert!(graph["client/send"].contains("call/parts"));
        assert!(
            graph["client/send"].contains("client/auth"),
            "{:?}",
            graph["client/send"]
        );
        let client_uses = |m: &str| {
            graph
                .iter()
                .any(|(k, v)| k.starts_with("client") && v.contains(m))
        };
        assert!(!client_uses("call/raw_request"));
        for leaf in ["call/method", "call/parts", "auth/env_vars", "auth/hosts"] {
            assert!(
                !graph[leaf].contains("client") && !graph[leaf].contains("call/raw_request"),
                "{leaf}: {:?}",
                graph[leaf]
            );
        }
        assert!(graph["error"].contains("auth/rule"), "{:?}", graph["error"]);
        // Depth-first search for a path back to the start; nothing is exempt.
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
        for module in graph.keys() {
            assert!(
                !reaches(&graph, module, module, &mut BTreeSet::new()),
                "{module} imports itself through other modules: {graph:#?}"
            );
        }
    }

    #[test]
    fn a_cycle_would_be_seen() {
        let modules: BTreeSet<String> = ["auth", "auth/config", "error"].map(String::from).into();
        assert_eq!(
            imported_module("auth::config::Config", &modules).as_deref(),
            Some("auth/config")
        );
        assert_eq!(
            imported_module("error::{Error}", &modules).as_deref(),
            Some("error")
        );
        assert_eq!(imported_module("Nothing", &modules), None);
        assert_eq!(module_of("auth/mod.rs"), "auth");
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
            ("Client", super::call::reserved::CLIENT_METHODS),
            (
                "typed_request!",
                super::call::reserved::TYPED_WRAPPER_METHODS,
            ),
            (
                "task_request!",
                super::call::reserved::TYPED_WRAPPER_METHODS,
            ),
            ("get_request!", super::call::reserved::TYPED_WRAPPER_METHODS),
            (
                "paged_request!",
                super::call::reserved::PAGED_WRAPPER_METHODS,
            ),
        ] {
            let names = &found[ty];
            assert!(names.len() > 3, "{ty}: too few methods found: {names:?}");
            for name in names {
                assert!(
                    list.contains(&name.as_str()),
                    "{ty} has method `{name}`, missing from runtime/call/reserved.rs"
                );
            }
        }
        // Nodes derive Clone: a node method `clone` would shadow it.
        assert!(super::call::reserved::NODE_METHODS.contains(&"clone"));
    }
}
