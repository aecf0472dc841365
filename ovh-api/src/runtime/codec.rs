//! What generated models call: the struct encoder (`encode_object!`) and decoder
//! (`decode_object!`, with [`DecodeObject`],
//! [`ObjectVisitor`], [`Key`] and [`required`]) and the enum macros (`string_enum!`,
//! `long_enum!`, `double_enum!`). Part of the contract with `codegen`: the generator emits
//! one macro call per model and never the text of these helpers.
//!
//! The macros are textually scoped (`#[macro_use]` from `lib.rs`, declared before the
//! generated modules), so a generated model file calls them bare. `macro_rules!` keeps each
//! enum's serde impls to one line in the generated files, and in compile time.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// How a model struct is read from a JSON object, implemented by `decode_object!`: the
/// members are matched by name in one pass, and members this SDK does not know are skipped.
#[allow(dead_code)] // unused when no API feature is enabled
pub(crate) trait DecodeObject<'de>: Sized {
    /// The Rust name, for error messages.
    const NAME: &'static str;

    /// Reads the members of one object.
    fn decode<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// The serde visitor shared by every model struct: one generic visitor instead of one per
/// model keeps the generated code, and its compile time, small.
#[allow(dead_code)] // unused when no API feature is enabled
pub(crate) struct ObjectVisitor<T>(pub(crate) PhantomData<T>);

impl<'de, T: DecodeObject<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::decode(map)
    }
}

/// A member name, borrowed from the input when it can be.
#[allow(dead_code)] // unused when no API feature is enabled
pub(crate) struct Key<'de>(Cow<'de, str>);

impl Deref for Key<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }

            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }

            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// The value of a member the schema requires, or serde's "missing field" error.
#[allow(dead_code)] // unused when no API feature is enabled
pub(crate) fn required<T, E: de::Error>(value: Option<T>, wire: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(wire))
}

// The macros below are expanded in generated modules: every path in them is absolute.

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
                d.deserialize_map(crate::runtime::codec::ObjectVisitor(::core::marker::PhantomData))
            }
        }
        impl<'de $($(, $g: ::serde::Deserialize<'de>)+)?> crate::runtime::codec::DecodeObject<'de> for $name $(<$($g),+>)? {
            const NAME: &'static str = ::core::stringify!($name);

            #[allow(unused_mut)] // an object without fields
            fn decode<__A: ::serde::de::MapAccess<'de>>(mut map: __A) -> ::core::result::Result<Self, __A::Error> {
                $( let mut $field = ::core::option::Option::None; )*
                while let ::core::option::Option::Some(key) = map.next_key::<crate::runtime::codec::Key<'de>>()? {
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
    (@finish required $field:ident $wire:literal) => { crate::runtime::codec::required::<_, __A::Error>($field, $wire)? };
}

/// `Serialize` for a model struct, from the fields a body sends, by wire name and kind:
/// - `plain`: always written;
/// - `skip_none`: an `Option`, written only when it is `Some`.
///
/// Fields OVH owns (read-only) are not listed, so they are never sent. Written out per model
/// rather than derived: serde's derive emits a branch and a field count per field, which
/// made up a fifth of this crate's compile time. The output is the same JSON object, members
/// in field order. Its own type parameter is `__S`, which no model generic is named.
#[allow(unused_macros)] // unused when no API feature is enabled
macro_rules! encode_object {
    ($name:ident $(<$($g:ident),+>)? { $($wire:literal => $field:ident $kind:ident),* $(,)? }) => {
        impl $(<$($g: ::serde::Serialize),+>)? ::serde::Serialize for $name $(<$($g),+>)? {
            fn serialize<__S: ::serde::Serializer>(&self, s: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                #[allow(unused_mut)] // an object without sent fields
                let mut map = ::serde::Serializer::serialize_map(s, ::core::option::Option::None)?;
                $( encode_object!(@put $kind map $wire self.$field); )*
                ::serde::ser::SerializeMap::end(map)
            }
        }
    };
    (@put plain $map:ident $wire:literal $value:expr) => {
        ::serde::ser::SerializeMap::serialize_entry(&mut $map, $wire, &$value)?
    };
    (@put skip_none $map:ident $wire:literal $value:expr) => {
        if let ::core::option::Option::Some(value) = &$value {
            ::serde::ser::SerializeMap::serialize_entry(&mut $map, $wire, value)?;
        }
    };
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
            fn serialize<S: ::serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
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
            fn serialize<S: ::serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                s.serialize_i64(self.as_i64())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(d)?;
                let number = match &value {
                    ::serde_json::Value::Number(n) => n.as_i64(),
                    ::serde_json::Value::String(s) => s.trim().parse().ok(),
                    _ => ::core::option::Option::None,
                };
                number.map(Self::from).ok_or_else(|| {
                    <D::Error as ::serde::de::Error>::custom(::std::format!(
                        "expected an integer, got {value}"
                    ))
                })
            }
        }
    };
}

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
            fn serialize<S: ::serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                s.serialize_f64(self.as_f64())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(d)?;
                let number = match &value {
                    ::serde_json::Value::Number(n) => n.as_f64(),
                    ::serde_json::Value::String(s) => s.trim().parse().ok(),
                    _ => ::core::option::Option::None,
                };
                number.map(Self::from).ok_or_else(|| {
                    <D::Error as ::serde::de::Error>::custom(::std::format!(
                        "expected a number, got {value}"
                    ))
                })
            }
        }
    };
}
