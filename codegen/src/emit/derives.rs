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
    /// What a type must share to join the line: its gate (as text) and traits; `None` for a
    /// generic type, which has a line of its own.
    key: Option<(String, Vec<Ident>)>,
    traits: Vec<Ident>,
    types: Vec<TokenStream>,
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
        let key = generics
            .is_none()
            .then(|| (gate.to_string(), traits.clone()));
        match self
            .groups
            .iter_mut()
            .find(|g| key.is_some() && g.key == key)
        {
            Some(group) => group.types.push(ty),
            None => self.groups.push(Group {
                gate: gate.clone(),
                key,
                traits,
                types: vec![ty],
            }),
        }
        attr
    }

    /// The lines, each behind its gate.
    pub fn tokens(&self) -> TokenStream {
        self.groups
            .iter()
            .map(|g| {
                let (gate, traits, types) = (&g.gate, &g.traits, &g.types);
                quote! { #gate doc_derives!(#( #traits ),* for #( #types ),*); }
            })
            .collect()
    }
}

/// The traits a model or `…Params` struct derives: `Debug` unless a field holds a password
/// (`debug_object!` writes it then), `Clone`, `PartialEq`, and `Default` when asked.
pub fn struct_traits(redacts: bool, default: bool) -> Vec<&'static str> {
    [
        (!redacts).then_some("Debug"),
        Some("Clone"),
        Some("PartialEq"),
        default.then_some("Default"),
    ]
    .into_iter()
    .flatten()
    .collect()
}
