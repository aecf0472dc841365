//! `doc_derives!`: the derived impls of a generated type as rustdoc's build sees them.
//!
//! A generated model, enum, union or `…Params` struct derives its standard traits only
//! outside rustdoc (`#[cfg_attr(not(doc), derive(Debug, Clone, …))]`), and its file ends with
//! `doc_derives!(Debug, Clone, … for Name, Other, …);` (one line per gate and trait list, or
//! `… for Name<T>` for a generic type). In every build but rustdoc's the macro expands to
//! nothing, so programs, tests and doctests compile the real derives. In rustdoc's build
//! (`cfg(doc)`) it writes the same impls, with the same bounds on the type's parameters, whose
//! bodies never run: rustdoc shows an impl's signature and never its body, and the derived
//! bodies (one line per field or variant, five traits per type, ~4,800 types) cost the docs.rs
//! build 164 MB of its peak memory (ovh-api/DOCSRS.md). The pages are the same, except for the
//! compiler-internal `StructuralPartialEq` marker a derived `PartialEq` adds.
//!
//! Textually scoped (`#[macro_use]` in `codec/mod.rs`), like the other model macros.

/// Outside rustdoc's build: nothing (the type derives these traits itself).
#[cfg(not(doc))]
#[allow(unused_macros)] // unused when no API feature is enabled
macro_rules! doc_derives {
    ($($ignored:tt)*) => {};
}

/// In rustdoc's build: each named trait's impl for each type, bodies left out. The traits
/// are taken one at a time (`@each`), and each trait's impls for all the types at once
/// (`@impl`): a few expansions per line rather than one per type and trait. A type's
/// parameters travel in brackets (`Name [T]`, empty for most), each bound by the trait as a
/// derive bounds it.
#[cfg(doc)]
#[allow(unused_macros)] // unused when no API feature is enabled
macro_rules! doc_derives {
    ($($derive:ident),+ for $($name:ident),+) => {
        doc_derives!(@each [$($derive),+] $($name []),+);
    };
    ($($derive:ident),+ for $name:ident <$($g:ident),+>) => {
        doc_derives!(@each [$($derive),+] $name [$($g),+]);
    };
    (@each [] $($types:tt)*) => {};
    (@each [$derive:ident $(, $rest:ident)*] $($name:ident [$($g:ident),*]),+) => {
        doc_derives!(@impl $derive $($name [$($g),*]),+);
        doc_derives!(@each [$($rest),*] $($name [$($g),*]),+);
    };
    (@impl Debug $($name:ident [$($g:ident),*]),+) => {$(
        impl<$($g: ::core::fmt::Debug),*> ::core::fmt::Debug for $name<$($g),*> {
            fn fmt(&self, _: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                loop {}
            }
        }
    )+};
    (@impl Clone $($name:ident [$($g:ident),*]),+) => {$(
        impl<$($g: ::core::clone::Clone),*> ::core::clone::Clone for $name<$($g),*> {
            fn clone(&self) -> Self {
                loop {}
            }
        }
    )+};
    (@impl Copy $($name:ident [$($g:ident),*]),+) => {$(
        impl<$($g: ::core::marker::Copy),*> ::core::marker::Copy for $name<$($g),*> {}
    )+};
    (@impl PartialEq $($name:ident [$($g:ident),*]),+) => {$(
        impl<$($g: ::core::cmp::PartialEq),*> ::core::cmp::PartialEq for $name<$($g),*> {
            fn eq(&self, _: &Self) -> bool {
                loop {}
            }
        }
    )+};
    (@impl Eq $($name:ident [$($g:ident),*]),+) => {$(
        impl<$($g: ::core::cmp::Eq),*> ::core::cmp::Eq for $name<$($g),*> {}
    )+};
    (@impl Hash $($name:ident [$($g:ident),*]),+) => {$(
        impl<$($g: ::core::hash::Hash),*> ::core::hash::Hash for $name<$($g),*> {
            fn hash<__H: ::core::hash::Hasher>(&self, _: &mut __H) {
                loop {}
            }
        }
    )+};
    (@impl Default $($name:ident [$($g:ident),*]),+) => {$(
        impl<$($g: ::core::default::Default),*> ::core::default::Default for $name<$($g),*> {
            fn default() -> Self {
                loop {}
            }
        }
    )+};
}
