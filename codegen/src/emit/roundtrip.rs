//! Model round trips → `src/generated/roundtrip.rs` (unit tests of `ovh-api`): for each API,
//! one test that builds random values of every model struct its feature compiles and checks
//! that they encode and decode back unchanged (`runtime/codec/roundtrip.rs` invents the values).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::Doc;
use super::{header, owned, FileTokens, Site};

use crate::ir::Program;
use crate::types::TypeRef;

/// Path of the generated test, relative to the crate.
pub const PATH: &str = "src/generated/roundtrip.rs";

/// The test module, always written (without tests when no API has a model): `lib.rs` declares
/// it.
pub fn emit(program: &Program) -> FileTokens {
    let mut tests = TokenStream::new();
    let mut apis = BTreeSet::new();
    for (index, api) in program.apis_by_id() {
        let checks: Vec<TokenStream> = program
            .models
            .values()
            .filter(|m| m.apis.contains(&index) && m.round_trip_testable())
            .map(|m| {
                let ty = TypeRef::Model {
                    name: m.wire.clone(),
                    args: Vec::new(),
                };
                let ty = owned(&program.models, &ty, Site::Api);
                let wire = &m.wire;
                quote! { check::<#ty>(#wire); }
            })
            .collect();
        if checks.is_empty() {
            continue;
        }
        apis.insert(index);
        let name = format_ident!("{}", api.module);
        let feature = &api.feature;
        let doc = Doc::default()
            .para(format!(
                "Random values of the {} model structs that feature `{feature}` compiles encode and decode back unchanged.",
                checks.len()
            ))
            .tokens();
        tests.extend(quote! {
            #doc
            #[cfg(feature = #feature)]
            #[test]
            fn #name() {
                use crate::models;
                use crate::runtime::contract::check_roundtrip as check;
                #( #checks )*
            }
        });
    }
    let mut tokens = Doc::default()
        .para("Faithful models: for each API, random values of every model struct it compiles (non-generic) are encoded with `Serialize`, decoded again, and must come back equal, encoding to the same JSON. The values are invented by `runtime/codec/roundtrip.rs`, driven by proptest.")
        .inner_tokens();
    tokens.extend(tests);
    FileTokens {
        path: PATH.to_string(),
        header: header(program, &apis),
        tokens,
    }
}
