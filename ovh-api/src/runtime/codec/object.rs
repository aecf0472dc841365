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
use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::runtime::codec::model::{Marks, Presence, Wire};

/// How a model struct is read from a JSON object, implemented by `decode_object!`: the
/// members are matched by name in one pass, and members this SDK does not know are skipped.
#[allow(dead_code)] // unused when no API feature is enabled
pub(crate) trait DecodeObject<'de>: Sized {
    /// The Rust name, for error messages.
    const NAME: &'static str;

    /// The wire names of the members it reads (handed to `Deserializer::deserialize_struct`).
    const FIELDS: &'static [&'static str];

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

/// The value of a member the schema requires, or serde's "missing field" error (also for
/// `null`).
#[allow(dead_code)] // unused when no API feature is enabled
pub(crate) fn required<T, E: de::Error>(value: Option<T>, wire: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(wire))
}

/// Reads one member's value into its slot, recording in `seen` a member that came as `null`.
/// One call per member keeps each model's `decode` to a single `?`: the error branch each `?`
/// expands to, per field, was most of its cost.
#[allow(dead_code)] // unused when no API feature is enabled
pub(crate) fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    seen: &mut Wire,
    wire: &'static str,
) -> Result<(), A::Error> {
    *slot = map.next_value()?;
    if slot.is_none() {
        seen.mark(wire, Presence::Null);
    }
    Ok(())
}

/// Records, after the members are read, the ones that were absent: each `(wire, unset)` pair
/// names a member and whether its slot is still empty, which it is when the member was absent
/// or `null` (recorded by [`read`]). One call per model: per-field calls in the struct literal
/// cost more to type-check than the rest of the decoding.
#[allow(dead_code)] // unused when no API feature is enabled
pub(crate) fn settle(seen: &mut Wire, slots: &[(&'static str, bool)]) {
    for &(wire, unset) in slots {
        if unset && !seen.is_marked(wire) {
            seen.mark(wire, Presence::Absent);
        }
    }
}

/// Keeps the value of a member the model does not name, in its [`Wire`].
#[allow(dead_code)] // unused when no API feature is enabled
pub(crate) fn keep<'de, A: MapAccess<'de>>(
    map: &mut A,
    wire: &mut Wire,
    name: Key<'de>,
) -> Result<(), A::Error> {
    let value: serde_json::Value = map.next_value()?;
    wire.keep(name.0.into_owned(), value);
    Ok(())
}

/// The field types a member read leniently can have (`or_default`): whether the value is
/// still the empty one decoding gave an absent or `null` member. A field whose member was
/// absent or `null` is written back that way while it is blank, and with its value once it
/// was set.
#[allow(dead_code)] // unused when no API feature is enabled
pub(crate) trait Blank {
    /// Whether this is the type's empty value.
    fn is_blank(&self) -> bool;
}

impl Blank for String {
    fn is_blank(&self) -> bool {
        self.is_empty()
    }
}

impl Blank for i64 {
    fn is_blank(&self) -> bool {
        *self == 0
    }
}

impl Blank for f64 {
    fn is_blank(&self) -> bool {
        *self == 0.0
    }
}

impl Blank for bool {
    fn is_blank(&self) -> bool {
        !*self
    }
}

impl<T> Blank for Vec<T> {
    fn is_blank(&self) -> bool {
        self.is_empty()
    }
}

impl<T> Blank for std::collections::BTreeMap<String, T> {
    fn is_blank(&self) -> bool {
        self.is_empty()
    }
}

impl Blank for serde_json::Value {
    fn is_blank(&self) -> bool {
        self.is_null()
    }
}

/// The members of a model being encoded: each `put` is one call without a branch in the
/// generated code; the first error is kept and returned by [`Entries::end`].
///
/// Two encodings share it. A model's `Serialize` gives back what it was decoded from: every
/// field, a member that was absent or `null` written that way again while its field still
/// holds what decoding gave it, `None` as `null` where the schema lets OVH write `null`, and
/// the members the model does not name last (see [`Wire`]). A request body (encoded inside
/// [`to_body_vec`] or [`to_body_value`]) is what may be sent: fields OVH owns and unknown
/// members are left out, and `None` is never written.
#[allow(dead_code)] // unused when no API feature is enabled
pub(crate) struct Entries<'a, S: Serializer> {
    map: S::SerializeMap,
    body: bool,
    wire: &'a Wire,
    marks: Marks<'a>,
    error: Option<S::Error>,
}

#[allow(dead_code)] // unused when no API feature is enabled
impl<'a, S: Serializer> Entries<'a, S> {
    /// Starts a JSON object for a model holding `wire`.
    pub(crate) fn new(s: S, wire: &'a Wire) -> Result<Self, S::Error> {
        let body = ENCODING_BODY.with(Cell::get);
        Ok(Entries {
            map: s.serialize_map(None)?,
            body,
            wire,
            // A body ignores how members came: it sends what is set.
            marks: if body { Marks::none() } else { Marks::of(wire) },
            error: None,
        })
    }

    /// Writes one member, unless an earlier one failed or it is `read_only` in a body.
    pub(crate) fn put<T: Serialize + ?Sized>(
        &mut self,
        wire: &'static str,
        value: &T,
        read_only: bool,
    ) {
        if self.error.is_none() && !(read_only && self.body) {
            if let Err(e) = self.map.serialize_entry(wire, value) {
                self.error = Some(e);
            }
        }
    }

    /// Writes a member read leniently: while it holds the empty value decoding gave an absent
    /// or `null` member, as it came; otherwise its value.
    pub(crate) fn put_blank<T: Serialize + Blank>(
        &mut self,
        wire: &'static str,
        value: &T,
        read_only: bool,
    ) {
        let came = if value.is_blank() {
            self.marks.presence(wire)
        } else {
            None
        };
        match came {
            Some(Presence::Absent) => {}
            Some(Presence::Null) => self.put(wire, &(), read_only),
            None => self.put(wire, value, read_only),
        }
    }

    /// Writes an optional member: `Some` as its value; `None` as it came when decoded (absent
    /// or `null`), otherwise as `null` when `nullable` and not in a body, else not at all.
    pub(crate) fn put_opt<T: Serialize>(
        &mut self,
        wire: &'static str,
        value: &Option<T>,
        nullable: bool,
        read_only: bool,
    ) {
        let write = value.is_some()
            || match self.marks.presence(wire) {
                Some(came) => came == Presence::Null,
                None => nullable && !self.body,
            };
        if write {
            self.put(wire, value, read_only);
        }
    }

    /// Writes the members the model does not name (not in a body), ends the object, or
    /// returns the first member's error.
    pub(crate) fn end(mut self) -> Result<S::Ok, S::Error> {
        if !self.body {
            for (name, value) in self.wire.unknown() {
                if self.error.is_none() {
                    if let Err(e) = self.map.serialize_entry(name, value) {
                        self.error = Some(e);
                    }
                }
            }
        }
        match self.error {
            Some(e) => Err(e),
            None => self.map.end(),
        }
    }
}

thread_local! {
    /// Set while a request body is encoded (see [`Entries`]). A thread-local rather than a
    /// parameter: `Serialize` has no context, and models nest (a body's nested models must
    /// leave out their own read-only fields). Encoding never awaits, so the flag cannot leak
    /// into another task.
    static ENCODING_BODY: Cell<bool> = const { Cell::new(false) };
}

/// Runs `encode` with the body encoding on, and puts the previous state back after it (also
/// when it unwinds).
fn as_body<R>(encode: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            ENCODING_BODY.with(|flag| flag.set(self.0));
        }
    }
    let _restore = Restore(ENCODING_BODY.with(|flag| flag.replace(true)));
    encode()
}

/// A request body's JSON bytes: what may be sent, without the fields OVH owns.
pub(crate) fn to_body_vec<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    as_body(|| serde_json::to_vec(value))
}

/// A request body member or query value, encoded like [`to_body_vec`].
pub(crate) fn to_body_value<T: Serialize + ?Sized>(
    value: &T,
) -> serde_json::Result<serde_json::Value> {
    as_body(|| serde_json::to_value(value))
}

/// `Deserialize` of a string enum: any string, known values to their variant.
#[allow(dead_code)] // unused when no API feature is enabled
pub(crate) fn decode_str<'de, D: Deserializer<'de>, T: for<'a> From<&'a str>>(
    d: D,
) -> Result<T, D::Error> {
    let value = Key::deserialize(d)?;
    Ok(T::from(&value))
}

/// `Deserialize` of a numeric enum: a JSON number, or a number written as a string (some
/// schemas list these values as strings, `"64"`).
#[allow(dead_code)] // unused when no API feature is enabled
pub(crate) fn decode_number<'de, D, N, T>(d: D, what: &str) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    N: std::str::FromStr + FromJsonNumber,
    T: From<N>,
{
    let value = serde_json::Value::deserialize(d)?;
    let number = match &value {
        serde_json::Value::Number(n) => N::from_json(n),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    number
        .map(T::from)
        .ok_or_else(|| de::Error::custom(format!("expected {what}, got {value}")))
}

/// The numbers numeric enums hold, read from a JSON number.
pub(crate) trait FromJsonNumber: Sized {
    /// The number, if it fits.
    fn from_json(n: &serde_json::Number) -> Option<Self>;
}

impl FromJsonNumber for i64 {
    fn from_json(n: &serde_json::Number) -> Option<Self> {
        n.as_i64()
    }
}

impl FromJsonNumber for f64 {
    fn from_json(n: &serde_json::Number) -> Option<Self> {
        n.as_f64()
    }
}

// The macros below are expanded in generated modules: every path in them is absolute.

/// `Deserialize` for a model struct, from its fields' wire names and kinds, and
/// `crate::Model` (its [`Wire`] field is named before the braces):
/// - `optional`: an `Option`, `None` when the member is missing or `null`;
/// - `or_default`: a plain value (string, number, list the schema says cannot be null), its
///   empty value when missing or `null`, so that one unexpected `null` does not fail a whole
///   response;
/// - `required`: an error when missing.
///
/// A member missing or `null` is recorded in the wire field, and so are the members the model
/// does not name, to be written back by `encode_object!`.
///
/// Written out per model rather than derived: serde's derive emits several times as much code
/// per field, which dominated this crate's compile time. Its own type parameters are `__D` and
/// `__A`, which no model generic is named (a model's `<A>` or `<D>` would otherwise clash).
#[allow(unused_macros)] // unused when no API feature is enabled
macro_rules! decode_object {
    ($name:ident $(<$($g:ident),+>)?, $wire_field:ident { $($wire:literal => $field:ident $kind:ident),* $(,)? }) => {
        impl<'de $($(, $g: ::serde::Deserialize<'de>)+)?> ::serde::Deserialize<'de> for $name $(<$($g),+>)? {
            fn deserialize<__D: ::serde::Deserializer<'de>>(d: __D) -> ::core::result::Result<Self, __D::Error> {
                d.deserialize_struct(
                    <Self as crate::runtime::codec::object::DecodeObject<'de>>::NAME,
                    <Self as crate::runtime::codec::object::DecodeObject<'de>>::FIELDS,
                    crate::runtime::codec::object::ObjectVisitor(::core::marker::PhantomData),
                )
            }
        }
        // Left out of rustdoc's build: a crate-private trait, never shown, whose bodies would
        // only cost the docs build memory (see ovh-api/DOCSRS.md).
        #[cfg(not(doc))]
        impl<'de $($(, $g: ::serde::Deserialize<'de>)+)?> crate::runtime::codec::object::DecodeObject<'de> for $name $(<$($g),+>)? {
            const NAME: &'static str = ::core::stringify!($name);
            const FIELDS: &'static [&'static str] = &[$($wire),*];

            fn decode<__A: ::serde::de::MapAccess<'de>>(mut map: __A) -> ::core::result::Result<Self, __A::Error> {
                let mut seen = crate::Wire::default();
                $( let mut $field = ::core::option::Option::None; )*
                while let ::core::option::Option::Some(key) = map.next_key::<crate::runtime::codec::object::Key<'de>>()? {
                    match &*key {
                        $( $wire => crate::runtime::codec::object::read(&mut map, &mut $field, &mut seen, $wire), )*
                        _ => crate::runtime::codec::object::keep(&mut map, &mut seen, key),
                    }?;
                }
                crate::runtime::codec::object::settle(&mut seen, &[$( ($wire, $field.is_none()) ),*]);
                ::core::result::Result::Ok(Self {
                    $( $field: decode_object!(@finish $kind $field $wire), )*
                    $wire_field: seen,
                })
            }
        }
        impl $(<$($g),+>)? crate::Model for $name $(<$($g),+>)? {
            fn unknown_members(&self) -> &::serde_json::Map<::std::string::String, ::serde_json::Value> {
                self.$wire_field.unknown()
            }
            fn unknown_members_mut(&mut self) -> &mut ::serde_json::Map<::std::string::String, ::serde_json::Value> {
                self.$wire_field.unknown_mut()
            }
        }
    };
    (@finish optional $field:ident $wire:literal) => { $field };
    (@finish or_default $field:ident $wire:literal) => { $field.unwrap_or_default() };
    (@finish required $field:ident $wire:literal) => {
        crate::runtime::codec::object::required::<_, __A::Error>($field, $wire)?
    };
}

/// `Serialize` for a model struct, from its [`Wire`] field's name (before the braces) and
/// every field's wire name, kind and whether OVH owns it:
/// - `plain`: always written (a required member);
/// - `blank`: a plain value read leniently (`or_default`): written as it came (absent or
///   `null`) while it holds the empty value decoding gave it;
/// - `nullable`: an `Option` the schema lets be `null`: `None` is written `null`;
/// - `skip_none`: an `Option` that is absent rather than `null`: `None` is not written;
/// - a trailing `read_only`: a field OVH owns, left out of request bodies.
///
/// A `None` whose member was absent or `null` when decoded is written as it came, whatever its
/// kind, and the members the model does not name come last: a decoded model encodes back to
/// the JSON it was read from. A request body sends only what may be written (see
/// [`Entries`]). Written out per model rather than derived: serde's derive emits a branch and
/// a field count per field, which made up a fifth of this crate's compile time; each field is
/// one call on an [`Entries`], with no branch of its own. Members come out in field order. Its
/// own type parameter is `__S`, which no model generic is named.
#[allow(unused_macros)] // unused when no API feature is enabled
macro_rules! encode_object {
    ($name:ident $(<$($g:ident),+>)?, $wire_field:ident { $($wire:literal => $field:ident $kind:ident $($owned:ident)?),* $(,)? }) => {
        impl $(<$($g: ::serde::Serialize),+>)? ::serde::Serialize for $name $(<$($g),+>)? {
            #[cfg(not(doc))]
            fn serialize<__S: ::serde::Serializer>(&self, s: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                #[allow(unused_mut)] // an object without fields
                let mut entries = crate::runtime::codec::object::Entries::new(s, &self.$wire_field)?;
                $( encode_object!(@put $kind entries $wire self.$field; $($owned)?); )*
                entries.end()
            }
            // rustdoc shows the signature alone: a body without the per-field calls keeps them
            // out of the docs build (see ovh-api/DOCSRS.md).
            #[cfg(doc)]
            fn serialize<__S: ::serde::Serializer>(&self, _: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                ::core::unreachable!()
            }
        }
    };
    (@put plain $e:ident $wire:literal $value:expr; $($owned:ident)?) => {
        $e.put($wire, &$value, encode_object!(@owned $($owned)?))
    };
    (@put blank $e:ident $wire:literal $value:expr; $($owned:ident)?) => {
        $e.put_blank($wire, &$value, encode_object!(@owned $($owned)?))
    };
    (@put nullable $e:ident $wire:literal $value:expr; $($owned:ident)?) => {
        $e.put_opt($wire, &$value, true, encode_object!(@owned $($owned)?))
    };
    (@put skip_none $e:ident $wire:literal $value:expr; $($owned:ident)?) => {
        $e.put_opt($wire, &$value, false, encode_object!(@owned $($owned)?))
    };
    (@owned read_only) => { true };
    (@owned) => { false };
}

/// `Debug` for a model struct holding a member OVH types as a password (other models derive
/// it): every field by name, those marked `secret` shown as `<redacted>` (see
/// `runtime::model::Redacted`), so that `{:?}` of an answer never prints a secret.
#[allow(unused_macros)] // unused when no API feature is enabled
macro_rules! debug_object {
    ($name:ident $(<$($g:ident),+>)? { $($field:ident $($secret:ident)?),* $(,)? }) => {
        impl $(<$($g: ::core::fmt::Debug),+>)? ::core::fmt::Debug for $name $(<$($g),+>)? {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(::core::stringify!($name))
                    $( .field(::core::stringify!($field), debug_object!(@show self.$field; $($secret)?)) )*
                    .finish()
            }
        }
    };
    (@show $value:expr; secret) => { &crate::runtime::codec::model::Redacted(&$value) };
    (@show $value:expr;) => { &$value };
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
                crate::runtime::codec::object::decode_str(d)
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
                crate::runtime::codec::object::decode_number::<_, i64, _>(d, "an integer")
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
                crate::runtime::codec::object::decode_number::<_, f64, _>(d, "a number")
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use serde::ser::Error as _;
    use serde::{Serialize, Serializer};

    #[derive(Debug, PartialEq, Default)]
    struct Sample {
        id: i64,
        name: String,
        note: Option<String>,
        wire: crate::Wire,
    }

    encode_object!(Sample, wire {
        "id" => id plain,
        "name" => name blank,
        "note" => note skip_none,
    });

    decode_object!(Sample, wire {
        "id" => id required,
        "name" => name or_default,
        "note" => note optional,
    });

    #[derive(Debug, PartialEq)]
    enum Size {
        Small,
        Other(i64),
    }

    impl Size {
        fn as_i64(&self) -> i64 {
            match self {
                Self::Small => 64,
                Self::Other(v) => *v,
            }
        }
    }

    impl From<i64> for Size {
        fn from(v: i64) -> Self {
            if v == 64 {
                Self::Small
            } else {
                Self::Other(v)
            }
        }
    }

    long_enum!(Size);

    #[derive(Debug, PartialEq)]
    struct Failing;

    impl Serialize for Failing {
        fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(S::Error::custom("cannot encode this member"))
        }
    }

    struct WithFailing {
        first: Failing,
        second: i64,
        wire: crate::Wire,
    }

    encode_object!(WithFailing, wire {
        "first" => first plain,
        "second" => second plain,
    });

    #[test]
    fn members_decode_by_kind_and_unknown_ones_are_kept() {
        let s: Sample =
            serde_json::from_str(r#"{"extra":{"a":[1]},"id":7,"name":null,"note":"n"}"#).unwrap();
        assert_eq!(
            (s.id, s.name.as_str(), s.note.as_deref()),
            (7, "", Some("n"))
        );
        assert_eq!(
            crate::Model::unknown_members(&s)["extra"],
            serde_json::json!({"a": [1]})
        );
    }

    #[test]
    fn a_decoded_model_encodes_back_to_its_json() {
        for json in [
            r#"{"id":7,"name":null,"note":"n","extra":{"a":[1]},"more":null}"#,
            r#"{"id":7}"#,
            r#"{"id":7,"note":null}"#,
            r#"{"id":7,"name":"x","zz":1,"aa":2}"#,
        ] {
            let s: Sample = serde_json::from_str(json).unwrap();
            let back: serde_json::Value = serde_json::to_value(&s).unwrap();
            let want: serde_json::Value = serde_json::from_str(json).unwrap();
            assert_eq!(back, want, "{json}");
        }
    }

    #[test]
    fn a_changed_field_is_written_and_untouched_ones_keep_their_presence() {
        let mut s: Sample = serde_json::from_str(r#"{"id":7,"note":null}"#).unwrap();
        s.name = "set".into();
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"id":7,"name":"set","note":null}"#
        );
        s.note = Some("n".into());
        s.name.clear();
        assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"id":7,"note":"n"}"#);
    }

    #[test]
    fn a_body_leaves_out_unknown_members_and_sends_what_is_set() {
        let s: Sample = serde_json::from_str(r#"{"id":7,"note":null,"extra":1}"#).unwrap();
        let body = super::to_body_value(&s).unwrap();
        assert_eq!(body, serde_json::json!({"id": 7, "name": ""}));
    }

    #[test]
    fn a_required_member_missing_or_null_is_named() {
        for json in [r#"{"name":"x"}"#, r#"{"id":null}"#] {
            let err = serde_json::from_str::<Sample>(json).unwrap_err();
            assert!(err.to_string().contains("missing field `id`"), "{err}");
        }
        let err = serde_json::from_str::<Sample>(r#"{"id":"seven"}"#).unwrap_err();
        assert!(err.to_string().contains("invalid type"), "{err}");
    }

    #[test]
    fn members_encode_in_order_and_none_is_skipped() {
        let s = Sample {
            id: 1,
            name: "a".into(),
            note: None,
            wire: crate::Wire::default(),
        };
        assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"id":1,"name":"a"}"#);
    }

    #[test]
    fn the_first_member_error_is_returned() {
        let err = serde_json::to_string(&WithFailing {
            first: Failing,
            second: 2,
            wire: crate::Wire::default(),
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "cannot encode this member");
    }

    #[test]
    fn numeric_enums_accept_numbers_and_numeric_strings() {
        assert_eq!(serde_json::from_str::<Size>("64").unwrap(), Size::Small);
        assert_eq!(
            serde_json::from_str::<Size>(r#"" 128 ""#).unwrap(),
            Size::Other(128)
        );
        let err = serde_json::from_str::<Size>("true").unwrap_err();
        assert!(
            err.to_string().contains("expected an integer, got true"),
            "{err}"
        );
        assert_eq!(serde_json::to_string(&Size::Small).unwrap(), "64");
        assert_eq!(Size::Other(3).to_string(), "3");
    }
}
