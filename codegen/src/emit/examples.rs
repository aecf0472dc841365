//! Schema examples → `tests/v2_examples.rs`: one test per request or response example of the
//! OpenAPI documents, decoding it into its generated type and encoding it back.
//!
//! The encoded JSON must be equivalent to the example without its read-only members (set by
//! OVH, never sent: the generator strips them from the expected value, following the types),
//! up to two normalisations, both consequences of the field mapping (see `codegen/README.md`):
//! a member the example gives as `null` may be absent (optional fields skip `None`), and a
//! member the example leaves out may come back as its empty value (`""`, `0`, `false`, `[]`,
//! `{}`, `null`: plain fields decode a missing value as empty). Numbers compare by value
//! (`1` = `1.0`). Anything else — a member dropped, a value changed — fails the test with the
//! JSON location.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::Doc;
use super::{header, owned, FileTokens, From};

use crate::ir::Program;

/// Path of the generated test, relative to the crate.
pub const PATH: &str = "tests/v2_examples.rs";

/// The test file's helpers; their names are reserved by [`crate::resolve::examples::HELPERS`].
const HELPERS: &str = r#"/// Decodes `json` into `T`, encodes it back and checks that the result is equivalent to
/// `sent`: the example without its read-only members.
#[allow(dead_code)] // unused when no /v2 API feature is enabled
fn check<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str, sent: &str) {
    let original: serde_json::Value = serde_json::from_str(json).expect("the example is JSON");
    let sent: serde_json::Value = serde_json::from_str(sent).expect("the expected value is JSON");
    let typed: T = serde_json::from_value(original)
        .unwrap_or_else(|e| panic!("the example does not decode: {e}\n{json}"));
    let back = serde_json::to_value(&typed).expect("the decoded example encodes");
    if let Err(at) = equivalent(&sent, &back, "") {
        panic!("re-encoded example differs at `{at}`:\nexpected: {sent}\nencoded: {back}");
    }
}

/// Whether a value is what a plain field missing from the example encodes as.
#[allow(dead_code)]
fn is_empty(v: &serde_json::Value) -> bool {
    use serde_json::Value;
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
    }
}

/// Equality up to the normalisations of this file's docs; `Err` holds the JSON location.
#[allow(dead_code)]
fn equivalent(a: &serde_json::Value, b: &serde_json::Value, at: &str) -> Result<(), String> {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                let here = format!("{at}/{k}");
                match y.get(k) {
                    Some(w) => equivalent(v, w, &here)?,
                    None if v.is_null() => {}
                    None => return Err(here),
                }
            }
            for (k, w) in y {
                if !x.contains_key(k) && !is_empty(w) {
                    return Err(format!("{at}/{k}"));
                }
            }
            Ok(())
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .try_for_each(|(i, (v, w))| equivalent(v, w, &format!("{at}/{i}"))),
        (Value::Number(x), Value::Number(y)) if x.as_f64() == y.as_f64() => Ok(()),
        _ if a == b => Ok(()),
        _ => Err(at.to_string()),
    }
}"#;

/// The test file, when the schemas have examples.
pub fn emit(program: &Program) -> Option<FileTokens> {
    let mut tests = TokenStream::new();
    let mut apis = BTreeSet::new();
    for node in &program.nodes {
        for op in &node.ops {
            for e in &op.examples {
                apis.insert(op.api);
                let api = &program.apis[op.api];
                let name = format_ident!("{}", e.test_name);
                let ty = owned(&program.models, &e.ty, From::Api);
                let json =
                    Literal::string(&serde_json::to_string_pretty(&e.value).unwrap_or_default());
                let sent = Literal::string(&serde_json::to_string(&e.sent).unwrap_or_default());
                let feature = &api.feature;
                let doc = Doc::default()
                    .para(format!(
                        "{} example {} of `{} {}` ({}, at `{}`).",
                        if e.request { "Request" } else { "Response" },
                        super::docs::code(&e.name),
                        op.method.as_str(),
                        op.template,
                        api.file,
                        e.at
                    ))
                    .tokens();
                let mut uses_models = false;
                e.ty.for_each_model(&mut |_| uses_models = true);
                let import = uses_models.then(|| quote! { use ovh_api::models; });
                tests.extend(quote! {
                    #doc
                    #[cfg(feature = #feature)]
                    #[test]
                    fn #name() {
                        #import
                        check::<#ty>(#json, #sent);
                    }
                });
            }
        }
    }
    if apis.is_empty() {
        return None;
    }
    let mut tokens = Doc::default()
        .para("Conformance with OVHcloud's own examples: every request and response example of the OpenAPI documents decodes into its generated type and encodes back to equivalent JSON.")
        .para("Equivalent means equal to the example without its read-only members (set by OVH, never sent), except that a member given as `null` may be absent (optional fields skip `None`), a member left out may come back as its empty value (`\"\"`, `0`, `false`, `[]`, `{}`: plain fields decode a missing value as empty), and numbers compare by value. Each test runs with the feature of its API.")
        .inner_tokens();
    tokens.extend(tests);
    Some(FileTokens {
        path: PATH.to_string(),
        header: header(program, &apis),
        tokens,
        verbatim: HELPERS,
    })
}
