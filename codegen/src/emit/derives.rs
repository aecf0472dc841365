//! The standard traits a generated type derives, written for two builds: `#[derive(…)]` on
//! the type for every build but rustdoc's, and `doc_derives!` lines for rustdoc's, which write
//! the same impls without their bodies (see `ovh-api/src/runtime/codec/derives.rs`: the
//! derived bodies cost the docs.rs build memory and are never shown).
//!
//! The lines are grouped: one `doc_derives!(Debug, Clone for A, B, C);` per gate and trait
//! list at the end of a file, because each macro call costs rustdoc's build memory too; a
//! generic type gets a line of its own.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// One `doc_derives!` line: the types' gate, the traits, the types.
struct Group {
    gate: TokenStream,
    traits: Vec<Ident>,
    types: Vec<TokenStream>,
    generic: bool,
}

/// The `doc_derives!` lines of one file, in the order their first type was added.
#[derive(Default)]
pub struct DocDerives {
    groups: Vec<Group>,
}

impl DocDerives {
    /// Records that `name` (with the parameters `generics`, `<A, B>`, or none), compiled under
    /// `gate`, derives `traits` (standard derivable traits, in the order they are written),
    /// and returns the attribute to put on it: `#[cfg_attr(not(doc), derive(…))]`.
    pub fn add(
        &mut self,
        gate: &TokenStream,
        name: &Ident,
        generics: Option<&TokenStream>,
        traits: &[&str],
    ) -> TokenStream {
        let traits: Vec<Ident> = traits.iter().map(|t| format_ident!("{}", t)).collect();
        let attr = quote! { #[cfg_attr(not(doc), derive(#( #traits ),*))] };
        let ty = quote! { #name #generics };
        let generic = generics.is_some();
        let key = (gate.to_string(), &traits);
        let joins =
            |g: &&mut Group| !generic && !g.generic && (g.gate.to_string(), &g.traits) == key;
        match self.groups.iter_mut().find(joins) {
            Some(group) => group.types.push(ty),
            None => self.groups.push(Group {
                gate: gate.clone(),
                traits,
                types: vec![ty],
                generic,
            }),
        }
        attr
    }

    /// The lines, each behind its gate.
    pub fn tokens(&self) -> TokenStream {
        self.groups
            .iter()
            .map(
                |Group {
                     gate,
                     traits,
                     types,
                     ..
                 }| {
                    quote! { #gate doc_derives!(#( #traits ),* for #( #types ),*); }
                },
            )
            .collect()
    }
}
