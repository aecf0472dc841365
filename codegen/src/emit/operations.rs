//! The operation table → `src/generated/operations.rs`: for each API, every operation's
//! method, path template, required IAM actions and where its passwords are on the wire, as
//! data. The runtime (`runtime/auth/access.rs`) matches the path of a raw call against it to
//! record the call's access rule by its template, and a cassette leaves the passwords out.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::Doc;
use super::{header, FileTokens};

use crate::ir::Program;

/// Path of the generated table, relative to the crate.
pub const PATH: &str = "src/generated/operations.rs";

/// The table, always written (empty when no API has an operation): `lib.rs` declares it.
pub fn emit(program: &Program) -> FileTokens {
    let mut tables = TokenStream::new();
    let mut entries = Vec::new();
    let mut apis = BTreeSet::new();
    for (index, api) in program.apis_by_id() {
        let rows: Vec<TokenStream> = program
            .nodes
            .iter()
            .filter(|node| node.module == Some(index))
            .flat_map(|node| &node.ops)
            .map(|op| {
                let verb = format_ident!("{}", crate::naming::type_name(op.method.as_str()));
                let template = &op.template;
                let actions = op.required_iam();
                let secrets = &op.secrets;
                quote! { (Method::#verb, #template, &[#(#actions),*], &[#(#secrets),*]), }
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        apis.insert(index);
        let name = format_ident!("{}", api.module.to_uppercase());
        let feature = &api.feature;
        let doc = Doc::default()
            .para(format!("The {} operations of `{}`.", rows.len(), api.path))
            .tokens();
        tables.extend(quote! {
            #doc
            #[cfg(feature = #feature)]
            const #name: OperationTable = &[ #( #rows )* ];
        });
        entries.push(quote! { #[cfg(feature = #feature)] #name, });
    }
    let mut tokens = Doc::default()
        .para("Every operation of the APIs compiled in: method, path template, required IAM actions, where its passwords are on the wire. The runtime matches raw calls' paths against it (`runtime/auth/access.rs`) and leaves the passwords out of cassettes (`runtime/cassette/`).")
        .inner_tokens();
    tokens.extend(quote! {
        #[allow(unused_imports)] // unused when no API feature is enabled
        use crate::runtime::contract::OperationTable;
        #[allow(unused_imports)]
        use crate::Method;

        /// The table of every API compiled in.
        pub(crate) const ALL: &[OperationTable] = &[ #( #entries )* ];

        #tables
    });
    FileTokens {
        path: PATH.to_string(),
        header: header(program, &apis),
        tokens,
    }
}
