//! Union models (`oneOf` / `anyOf`) → an enum with one variant per type and a catch-all, and
//! one `tagged_union!` or `untagged_union!` line (runtime macros of
//! `ovh-api/src/runtime/codec/union.rs`) for its serde impls.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::derives::DocDerives;
use super::docs::{code, Doc};
use super::{owned, Site};
use crate::ir::{Program, Variant};

/// What a union item is printed with.
pub struct UnionItem<'a> {
    /// The whole program (the variants' types).
    pub program: &'a Program,
    /// The module the item is written in.
    pub here: &'a [String],
    /// Its `#[cfg]` line.
    pub gate: &'a TokenStream,
    /// The features docs.rs names on its page (`super::doc_cfg`).
    pub doc_gate: &'a TokenStream,
    /// Its Rust name.
    pub name: &'a proc_macro2::Ident,
    /// Its docs so far.
    pub described: &'a Doc,
}

/// The enum, its variants' docs, and the runtime macro line.
pub fn emit(
    item: &UnionItem<'_>,
    tag: &Option<String>,
    variants: &[Variant],
    other: &str,
    derives: &mut DocDerives,
) -> TokenStream {
    let (gate, name) = (item.gate, item.name);
    let doc_gate = item.doc_gate;
    let how = match tag {
        Some(tag) => format!(
            "One of several objects, named by their member {}; a value with another tag, or that its variant does not decode, is kept as received in `{other}`.",
            code(tag)
        ),
        None => format!(
            "One of several types, told apart by the kind of JSON value; a value of another kind, or that its variant does not decode, is kept as received in `{other}`."
        ),
    };
    let doc = item.described.clone().para(how).tokens();
    let names: Vec<_> = variants
        .iter()
        .map(|v| format_ident!("{}", v.name))
        .collect();
    let types = variants
        .iter()
        .map(|v| owned(&item.program.models, &v.ty, Site::Models(item.here)));
    let docs = variants.iter().map(|v| variant_doc(v, tag).tokens());
    let other = format_ident!("{}", other);
    let serde = match tag {
        Some(tag) => {
            let values = variants
                .iter()
                .map(|v| v.tag_value.clone().unwrap_or_default());
            quote! { tagged_union!(#name, #other, #tag { #( #values => #names ),* }); }
        }
        None => {
            let kinds = variants
                .iter()
                .map(|v| format_ident!("{}", v.json.as_str()));
            quote! { untagged_union!(#name, #other { #( #names: #kinds ),* }); }
        }
    };
    let attr = derives.add(gate, name, None, &["Debug", "Clone", "PartialEq"]);
    quote! {
        #doc
        #gate
        #doc_gate
        #attr
        pub enum #name {
            #( #docs #names(#types), )*
            /// A value none of the variants takes, kept as received.
            #other(serde_json::Value),
        }
        #gate
        #serde
    }
}

fn variant_doc(v: &Variant, tag: &Option<String>) -> Doc {
    match (tag, &v.tag_value) {
        (Some(tag), Some(value)) => {
            Doc::default().para(format!("The member {} is {}.", code(tag), code(value)))
        }
        _ => Doc::default().para(format!("A JSON {}.", v.json.as_str().to_ascii_lowercase())),
    }
}
