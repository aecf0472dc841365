//! Models → `src/models/**`: one module per namespace, one item per model.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, Doc};
use super::{cfg, header, ident, owned, FileTokens, From};
use crate::ir::{Field, Model, ModelKind, Program};

/// Helpers shared by every generated model, defined once in `models/mod.rs`: the struct decoder
/// and the enum macros. `macro_rules!` keeps each enum's serde impls to one line
/// in the generated files (and in compile time); textual macro scope reaches the namespace
/// modules declared after it. A macro so that the text can be `concat!`ed.
macro_rules! model_helpers_text {
    () => {
        r#"/// How a model struct is read from a JSON object, implemented by `decode_object!`: the
/// members are matched by name in one pass, and members this SDK does not know are skipped.
#[allow(dead_code)] // unused when no API feature is enabled
pub(crate) trait DecodeObject<'de>: Sized {
    /// The Rust name, for error messages.
    const NAME: &'static str;

    /// Reads the members of one object.
    fn decode<A: ::serde::de::MapAccess<'de>>(map: A) -> ::core::result::Result<Self, A::Error>;
}

/// The serde visitor shared by every model struct: one generic visitor instead of one per
/// model keeps the generated code, and its compile time, small.
#[allow(dead_code)] // unused when no API feature is enabled
pub(crate) struct ObjectVisitor<T>(pub(crate) ::core::marker::PhantomData<T>);

impl<'de, T: DecodeObject<'de>> ::serde::de::Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        ::core::write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, map: A) -> ::core::result::Result<T, A::Error> {
        T::decode(map)
    }
}

/// A member name, borrowed from the input when it can be.
#[allow(dead_code)] // unused when no API feature is enabled
pub(crate) struct Key<'de>(::std::borrow::Cow<'de, str>);

impl ::core::ops::Deref for Key<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de> ::serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> ::serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str("a member name")
            }

            fn visit_borrowed_str<E>(self, v: &'de str) -> ::core::result::Result<Key<'de>, E> {
                ::core::result::Result::Ok(Key(::std::borrow::Cow::Borrowed(v)))
            }

            fn visit_str<E>(self, v: &str) -> ::core::result::Result<Key<'de>, E> {
                ::core::result::Result::Ok(Key(::std::borrow::Cow::Owned(v.to_owned())))
            }

            fn visit_string<E>(self, v: ::std::string::String) -> ::core::result::Result<Key<'de>, E> {
                ::core::result::Result::Ok(Key(::std::borrow::Cow::Owned(v)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// The value of a member the schema requires, or serde's "missing field" error.
#[allow(dead_code)] // unused when no API feature is enabled
pub(crate) fn required<T, E: ::serde::de::Error>(value: ::core::option::Option<T>, wire: &'static str) -> ::core::result::Result<T, E> {
    value.ok_or_else(|| E::missing_field(wire))
}

/// `Deserialize` for a model struct, from its fields' wire names and kinds:
/// - `optional`: an `Option`, `None` when the member is missing or `null`;
/// - `or_default`: a plain value (string, number, list the schema says cannot be null), its
///   empty value when missing or `null`, so that one unexpected `null` does not fail a whole
///   response;
/// - `required`: an error when missing.
///
/// Written out per model rather than derived: serde's derive emits several times as much code
/// per field, which dominated this crate's compile time. Its own type parameters are `__D` and
/// `__A`, which no model generic is named (a model's `<A>` or `<D>` would otherwise clash).
#[allow(unused_macros)] // unused when no API feature is enabled
macro_rules! decode_object {
    ($name:ident $(<$($g:ident),+>)? { $($wire:literal => $field:ident $kind:ident),* $(,)? }) => {
        impl<'de $($(, $g: ::serde::Deserialize<'de>)+)?> ::serde::Deserialize<'de> for $name $(<$($g),+>)? {
            fn deserialize<__D: ::serde::Deserializer<'de>>(d: __D) -> ::core::result::Result<Self, __D::Error> {
                d.deserialize_map(crate::models::ObjectVisitor(::core::marker::PhantomData))
            }
        }
        impl<'de $($(, $g: ::serde::Deserialize<'de>)+)?> crate::models::DecodeObject<'de> for $name $(<$($g),+>)? {
            const NAME: &'static str = ::core::stringify!($name);

            #[allow(unused_mut)] // an object without fields
            fn decode<__A: ::serde::de::MapAccess<'de>>(mut map: __A) -> ::core::result::Result<Self, __A::Error> {
                $( let mut $field = ::core::option::Option::None; )*
                while let ::core::option::Option::Some(key) = map.next_key::<crate::models::Key<'de>>()? {
                    match &*key {
                        $( $wire => decode_object!(@read $kind map $field), )*
                        _ => {
                            map.next_value::<::serde::de::IgnoredAny>()?;
                        }
                    }
                }
                ::core::result::Result::Ok(Self {
                    $( $field: decode_object!(@finish $kind $field $wire), )*
                })
            }
        }
    };
    (@read required $map:ident $field:ident) => { $field = ::core::option::Option::Some($map.next_value()?) };
    (@read $kind:ident $map:ident $field:ident) => { $field = $map.next_value()? };
    (@finish optional $field:ident $wire:literal) => { $field };
    (@finish or_default $field:ident $wire:literal) => { $field.unwrap_or_default() };
    (@finish required $field:ident $wire:literal) => { crate::models::required::<_, __A::Error>($field, $wire)? };
}

/// Serde and `Display` for a string enum with `as_str` and `From<&str>`: the wire value is
/// written back exactly as received, including unknown values.
#[allow(unused_macros)] // unused when no API feature is enabled
macro_rules! string_enum {
    ($name:ident) => {
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(d)?;
                ::core::result::Result::Ok(Self::from(value.as_str()))
            }
        }
    };
}

/// Serde and `Display` for a numeric enum with `as_i64` and `From<i64>`. Decoding also accepts
/// the number written as a string: some schemas list these values as strings (`"64"`).
#[allow(unused_macros)] // unused when no API feature is enabled
macro_rules! long_enum {
    ($name:ident) => {
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.as_i64(), f)
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                s.serialize_i64(self.as_i64())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(d)?;
                let number = match &value {
                    ::serde_json::Value::Number(n) => n.as_i64(),
                    ::serde_json::Value::String(s) => s.trim().parse().ok(),
                    _ => ::core::option::Option::None,
                };
                number.map(Self::from).ok_or_else(|| {
                    <D::Error as ::serde::de::Error>::custom(::std::format!("expected an integer, got {value}"))
                })
            }
        }
    };
}

"#
    };
}

/// The helpers of [`model_helpers_text`].
const MODEL_HELPERS: &str = model_helpers_text!();

/// [`MODEL_HELPERS`] plus the floating-point enum macro, emitted only when a schema has such an
/// enum (none of OVH's current ones do).
const MODEL_HELPERS_WITH_DOUBLE_ENUM: &str = concat!(
    model_helpers_text!(),
    r#"
/// Serde and `Display` for a floating-point enum with `as_f64` and `From<f64>`. Decoding also
/// accepts the number written as a string.
#[allow(unused_macros)] // unused when no API feature is enabled
macro_rules! double_enum {
    ($name:ident) => {
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.as_f64(), f)
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                s.serialize_f64(self.as_f64())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(d)?;
                let number = match &value {
                    ::serde_json::Value::Number(n) => n.as_f64(),
                    ::serde_json::Value::String(s) => s.trim().parse().ok(),
                    _ => ::core::option::Option::None,
                };
                number.map(Self::from).ok_or_else(|| {
                    <D::Error as ::serde::de::Error>::custom(::std::format!("expected a number, got {value}"))
                })
            }
        }
    };
}
"#
);

#[derive(Default)]
struct Module {
    items: Vec<String>,
    children: BTreeSet<String>,
    subtree: BTreeSet<usize>,
    files: BTreeSet<usize>,
    namespace: Option<String>,
}

/// Emits `src/models/mod.rs` and one file per namespace module.
pub fn emit(program: &Program) -> Vec<FileTokens> {
    let mut modules: BTreeMap<Vec<String>, Module> = BTreeMap::new();
    modules.entry(Vec::new()).or_default();
    for (wire, m) in &program.models {
        for depth in 0..=m.module.len() {
            let path = m.module[..depth].to_vec();
            let entry = modules.entry(path).or_default();
            entry.subtree.extend(&m.apis);
            if depth < m.module.len() {
                entry.children.insert(m.module[depth].clone());
            }
        }
        let own = modules.get_mut(&m.module).expect("inserted above");
        own.items.push(wire.clone());
        own.files.extend(&m.files);
        if own.namespace.is_none() {
            own.namespace = wire.rsplit_once('.').map(|(ns, _)| ns.to_string());
        }
    }
    // Namespace spelling for module docs of intermediate modules.
    let keys: Vec<Vec<String>> = modules.keys().cloned().collect();
    for k in keys {
        if modules[&k].namespace.is_none() && !k.is_empty() {
            let ns = program
                .models
                .values()
                .find(|m| m.module.starts_with(&k))
                .map(|m| {
                    m.wire
                        .split('.')
                        .take(k.len())
                        .collect::<Vec<_>>()
                        .join(".")
                });
            modules.get_mut(&k).expect("key").namespace = ns;
        }
    }

    let all: BTreeSet<usize> = (0..program.apis.len()).collect();
    let has_double_enum = program
        .models
        .values()
        .any(|m| matches!(m.kind, ModelKind::DoubleEnum { .. }));
    let mut out = Vec::new();
    for (path, module) in &modules {
        let mut body = TokenStream::new();
        if path.is_empty() {
            let doc = Doc::default()
                .para("Data types of the OVH API, one module per schema namespace (`nichandle.Nichandle` is `models::nichandle::Nichandle`).")
                .para("Every item is compiled only with a feature of an API that uses it. Enums keep values unknown to this SDK in a catch-all variant (`Other`), and send them back unchanged.");
            body.extend(doc.inner_tokens());
        }
        let parent_set = if path.is_empty() {
            &all
        } else {
            &module.subtree
        };
        for child in &module.children {
            let mut child_path = path.clone();
            child_path.push(child.clone());
            let c = &modules[&child_path];
            let ns = c.namespace.clone().unwrap_or_else(|| child.clone());
            let doc = Doc::default()
                .para(format!("Models of the {} namespace.", code(&ns)))
                .tokens();
            let gate = cfg(program, &c.subtree, parent_set);
            let name = ident(child);
            let inception =
                (path.last() == Some(child)).then(|| quote! { #[allow(clippy::module_inception)] });
            body.extend(quote! { #doc #gate #inception pub mod #name; });
        }
        for wire in &module.items {
            body.extend(emit_model(program, &program.models[wire], path, parent_set));
        }
        let file = if path.is_empty() {
            "src/models/mod.rs".to_string()
        } else {
            format!("src/models/{}.rs", path.join("/"))
        };
        let files = if path.is_empty() {
            BTreeSet::new()
        } else {
            module.files.clone()
        };
        out.push(FileTokens {
            path: file,
            header: header(program, &files),
            tokens: body,
            verbatim: match (path.is_empty(), has_double_enum) {
                (false, _) => "",
                (true, false) => MODEL_HELPERS,
                (true, true) => MODEL_HELPERS_WITH_DOUBLE_ENUM,
            },
        });
    }
    out
}

fn emit_model(
    program: &Program,
    m: &Model,
    here: &[String],
    module_set: &BTreeSet<usize>,
) -> TokenStream {
    let gate = cfg(program, &m.apis, module_set);
    let name = format_ident!("{}", m.name);
    // The OVH name is said once: as the fallback text, or after the schema's description.
    let ovh_name = m.ovh_name.as_deref().unwrap_or(&m.wire);
    let described = Doc::described_or(
        m.description.as_deref(),
        &format!("The {} model.", code(ovh_name)),
        &format!("OVH name: {}.", code(ovh_name)),
    );
    let doc = described.tokens();
    match &m.kind {
        ModelKind::Struct { generics, fields } => {
            let params: Vec<_> = generics.iter().map(|g| format_ident!("{}", g)).collect();
            let generics = (!params.is_empty()).then(|| quote! { <#( #params ),*> });
            // `Default` only when `..Default::default()` cannot hide a forgotten required
            // field: every field is an `Option` or read-only (set by OVH, with an empty value).
            let derive_default = fields
                .iter()
                .all(|f| f.optional || (f.read_only && super::has_default(&f.ty)));
            let default = derive_default.then(|| quote! { Default, });
            let decoded = fields.iter().map(decoded_field);
            let fields = fields
                .iter()
                .map(|f| field(program, f, m.sends(f), From::Models(here)));
            quote! {
                #doc
                #gate
                #[derive(Debug, Clone, PartialEq, #default serde::Serialize)]
                pub struct #name #generics {
                    #( #fields )*
                }
                #gate
                decode_object!(#name #generics { #( #decoded ),* });
            }
        }
        ModelKind::StringEnum { variants, other } => {
            let other = format_ident!("{}", other);
            let names: Vec<_> = variants
                .iter()
                .map(|(n, _)| format_ident!("{}", n))
                .collect();
            let wires: Vec<&str> = variants.iter().map(|(_, w)| w.as_str()).collect();
            let docs = wires.iter().map(|w| {
                Doc::default()
                    .para(format!("Wire value {}.", code(w)))
                    .tokens()
            });
            quote! {
                #doc
                #gate
                #[derive(Debug, Clone, PartialEq, Eq, Hash)]
                pub enum #name {
                    #( #docs #names, )*
                    /// A value unknown when this SDK was generated, kept as received.
                    #other(String),
                }
                #gate
                impl #name {
                    /// The value as sent on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #( Self::#names => #wires, )*
                            Self::#other(value) => value,
                        }
                    }
                }
                #gate
                impl From<&str> for #name {
                    fn from(value: &str) -> Self {
                        match value {
                            #( #wires => Self::#names, )*
                            other => Self::#other(other.to_owned()),
                        }
                    }
                }
                #gate
                string_enum!(#name);
            }
        }
        ModelKind::LongEnum { variants, other } => {
            let other = format_ident!("{}", other);
            let names: Vec<_> = variants
                .iter()
                .map(|(n, _)| format_ident!("{}", n))
                .collect();
            let values: Vec<i64> = variants.iter().map(|(_, v)| *v).collect();
            let docs = values
                .iter()
                .map(|v| Doc::default().para(format!("Wire value `{v}`.")).tokens());
            quote! {
                #doc
                #gate
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
                pub enum #name {
                    #( #docs #names, )*
                    /// A value unknown when this SDK was generated, kept as received.
                    #other(i64),
                }
                #gate
                impl #name {
                    /// The value as sent on the wire.
                    pub fn as_i64(&self) -> i64 {
                        match self {
                            #( Self::#names => #values, )*
                            Self::#other(value) => *value,
                        }
                    }
                }
                #gate
                impl From<i64> for #name {
                    fn from(value: i64) -> Self {
                        match value {
                            #( #values => Self::#names, )*
                            other => Self::#other(other),
                        }
                    }
                }
                #gate
                long_enum!(#name);
            }
        }
        ModelKind::DoubleEnum { variants, other } => {
            let other = format_ident!("{}", other);
            let names: Vec<_> = variants
                .iter()
                .map(|(n, _)| format_ident!("{}", n))
                .collect();
            let values: Vec<f64> = variants.iter().map(|(_, v)| *v).collect();
            let docs = values
                .iter()
                .map(|v| Doc::default().para(format!("Wire value `{v}`.")).tokens());
            quote! {
                #doc
                #gate
                #[derive(Debug, Clone, Copy, PartialEq)]
                pub enum #name {
                    #( #docs #names, )*
                    /// A value unknown when this SDK was generated, kept as received.
                    #other(f64),
                }
                #gate
                impl #name {
                    /// The value as sent on the wire.
                    pub fn as_f64(&self) -> f64 {
                        match self {
                            #( Self::#names => #values, )*
                            Self::#other(value) => *value,
                        }
                    }
                }
                #gate
                impl From<f64> for #name {
                    fn from(value: f64) -> Self {
                        #( if value == #values { return Self::#names; } )*
                        Self::#other(value)
                    }
                }
                #gate
                double_enum!(#name);
            }
        }
        ModelKind::Alias { target } => {
            let target_model = &program.models[target];
            let path = super::model_path(target_model, From::Models(here));
            let link = if target_model.module.as_slice() == here {
                format!("[`{}`]", target_model.name)
            } else {
                format!(
                    "[`{}`](crate::models::{}::{})",
                    target_model.name,
                    target_model.module.join("::"),
                    target_model.name
                )
            };
            let doc = Doc::default()
                .para(format!(
                    "Identical to {link}, whose OVH name ({}) differs from this one ({}) only in case: an alias of it.",
                    code(&target_model.wire),
                    code(&m.wire),
                ))
                .tokens();
            quote! {
                #doc
                #gate
                pub type #name = #path;
            }
        }
        ModelKind::Untyped => {
            let doc = described
            .para("Its schema uses a construct this SDK's generator does not understand, so it is kept as untyped JSON.")
            .tokens();
            quote! {
                #doc
                #gate
                pub type #name = serde_json::Value;
            }
        }
    }
}

/// One field in a `decode_object!` invocation: its Rust name, wire name and how a missing or
/// `null` member reads (see the macro in [`MODEL_HELPERS`]).
fn decoded_field(f: &Field) -> TokenStream {
    let name = ident(&f.name);
    let wire = &f.wire;
    let kind = if f.optional {
        quote! { optional }
    } else if f.default {
        quote! { or_default }
    } else {
        quote! { required }
    };
    quote! { #wire => #name #kind }
}

/// One struct field with its serialization attributes (decoding is `decode_object!`'s).
/// `sent` is [`crate::ir::Model::sends`]: false for a field OVH owns.
fn field(program: &Program, f: &Field, sent: bool, from: From<'_>) -> TokenStream {
    let owned_by_ovh = !sent;
    let ty = owned(&program.models, &f.ty, from);
    let ty = if f.boxed {
        quote! { Box<#ty> }
    } else {
        ty
    };
    let name = ident(&f.name);
    let mut doc = Doc::new(
        f.description.as_deref(),
        &format!("The {} field.", code(&f.wire)),
    );
    if owned_by_ovh {
        doc = doc.para("Read-only: set by OVH, never sent.");
    }
    let doc = doc.tokens();
    let mut serde_args = Vec::new();
    let bare = f.name.strip_prefix("r#").unwrap_or(&f.name);
    if bare != f.wire {
        let wire = &f.wire;
        serde_args.push(quote! { rename = #wire });
    }
    let ty = if f.optional {
        // Read-only fields are never sent (below); the others only when set.
        if !owned_by_ovh {
            serde_args.push(quote! { skip_serializing_if = "Option::is_none" });
        }
        quote! { Option<#ty> }
    } else {
        ty
    };
    // OVH owns read-only values: a body never sends them (a `PUT` of a model sends only what
    // the caller may change), but responses still decode them.
    if owned_by_ovh {
        serde_args.push(quote! { skip_serializing });
    }
    let serde = (!serde_args.is_empty()).then(|| quote! { #[serde( #( #serde_args ),* )] });
    quote! {
        #doc
        #serde
        pub #name: #ty,
    }
}
