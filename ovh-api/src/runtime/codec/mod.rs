//! Models on the wire: what generated models call to decode and encode themselves, what they
//! keep beyond their typed fields, and the checks the generated tests run.

// `#[macro_use]` (here and on `codec` in `runtime/mod.rs`): the model and union macros are
// textually scoped, so every module declared after `codec` (the generated ones included)
// calls them bare.
#[macro_use]
pub(crate) mod derives; // `doc_derives!`: derived impls without bodies in rustdoc's build
#[macro_use]
pub(crate) mod object; // `decode_object!`, `encode_object!`, `debug_object!`, the enum macros
#[macro_use]
pub(crate) mod union; // `tagged_union!`, `untagged_union!`
pub(crate) mod model; // `Wire` and the `Model` trait: unknown, absent and null members

#[cfg(test)]
pub(crate) mod example_check; // the generated example tests' decode/encode check
#[cfg(test)]
pub(crate) mod roundtrip; // the generated round-trip tests: random values, varied JSON
