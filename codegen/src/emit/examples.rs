//! Schema examples → `src/generated/examples.rs` (unit tests of `ovh-api`): one test per request or response example of the
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
use super::{header, owned, FileTokens, Site};

use crate::ir::Program;

/// Path of the generated test, relative to the crate.
pub const PATH: &str = "src/generated/examples.rs";

/// The test module, always written (without tests when the schemas have no examples): `lib.rs`
/// declares it.
pub fn emit(program: &Program) -> FileTokens {
    let mut tests = TokenStream::new();
    let mut apis = BTreeSet::new();
    for node in &program.nodes {
        for op in &node.ops {
            for e in &op.examples {
                apis.insert(op.api);
                let api = &program.apis[op.api];
                let name = format_ident!("{}", e.test_name);
                let ty = owned(&program.models, &e.ty, Site::Api);
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
                let import = uses_models.then(|| quote! { use crate::models; });
                tests.extend(quote! {
                    #doc
                    #[cfg(feature = #feature)]
                    #[test]
                    fn #name() {
                        #import
                        crate::runtime::contract::check_example::<#ty>(#json, #sent);
                    }
                });
            }
        }
    }
    let mut tokens = Doc::default()
        .para("Conformance with OVHcloud's own examples: every request and response example of the OpenAPI documents decodes into its generated type and encodes back to equivalent JSON.")
        .para("Each test decodes the example, encodes it back with `Serialize` (equivalent to the example), decodes that again (the same value), and encodes it as a request body (equivalent to the example without its read-only members, set by OVH and never sent). Equivalent means equal, except that a member given as `null` may be absent, a member left out may come back as its empty value (`\"\"`, `0`, `false`, `[]`, `{}`: plain fields decode a missing value as empty), and numbers compare by value. Each test runs with the feature of its API.")
        .inner_tokens();
    tokens.extend(tests);
    FileTokens {
        path: PATH.to_string(),
        header: header(program, &apis),
        tokens,
    }
}
