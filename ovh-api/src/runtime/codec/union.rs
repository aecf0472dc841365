//! What generated union models (OpenAPI `oneOf` / `anyOf`) call: `tagged_union!` and
//! `untagged_union!` give a union enum its serde impls, with [`JsonKind`], [`try_decode`],
//! [`tag_of`] and [`encode_tagged`]. Part of the contract with `codegen`, like `object.rs`: the
//! generator emits one macro line per union and never the text of these helpers.
//!
//! A union enum has one variant per type and a catch-all holding a `serde_json::Value`.
//! Decoding reads the value once, picks the variant by its tag member (`tagged_union!`) or by
//! its JSON kind (`untagged_union!`), and keeps in the catch-all, as received, a value no
//! variant takes (an unknown tag, another kind, or one its variant does not decode): decoding
//! a union never fails on a well-formed JSON value. Encoding writes the variant back, and a
//! tagged variant with its tag member, so decode → encode gives the same JSON (for object
//! variants, up to the rule of every model: read-only members are never sent).

use serde::de::DeserializeOwned;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// The kind of a JSON value, as an untagged union tells its variants apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)] // which kinds are used depends on the API features enabled
pub(crate) enum JsonKind {
    /// A string.
    String,
    /// An integer.
    Integer,
    /// Any number, integers included (a variant of this kind comes after an `Integer` one).
    Number,
    /// `true` or `false`.
    Boolean,
    /// An array.
    Array,
    /// An object.
    Object,
}

#[allow(dead_code)] // unused when no API with a union is enabled
impl JsonKind {
    /// Whether a variant holding values of this kind takes `value`.
    pub(crate) fn takes(self, value: &Value) -> bool {
        match self {
            JsonKind::String => value.is_string(),
            JsonKind::Integer => value.is_i64() || value.is_u64(),
            JsonKind::Number => value.is_number(),
            JsonKind::Boolean => value.is_boolean(),
            JsonKind::Array => value.is_array(),
            JsonKind::Object => value.is_object(),
        }
    }
}

/// `value` decoded as `T`, or `None` when it does not decode (the union then keeps it as
/// received).
#[allow(dead_code)] // unused when no API with a union is enabled
pub(crate) fn try_decode<T: DeserializeOwned>(value: &Value) -> Option<T> {
    T::deserialize(value).ok()
}

/// The string value of the member `tag` of an object, if it has one.
#[allow(dead_code)] // unused when no API with a tagged union is enabled
pub(crate) fn tag_of<'v>(value: &'v Value, tag: &str) -> Option<&'v str> {
    value.get(tag)?.as_str()
}

/// Encodes a variant of a tagged union: its JSON object, with the tag member set to
/// `tag_value` when the variant does not write it itself (a tag member the variant's schema
/// does not declare, or marks read-only).
#[allow(dead_code)] // unused when no API with a tagged union is enabled
pub(crate) fn encode_tagged<T: Serialize, S: Serializer>(
    variant: &T,
    tag: &str,
    tag_value: &str,
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::to_value(variant).map_err(serde::ser::Error::custom)?;
    if let Value::Object(members) = &mut json {
        members
            .entry(tag)
            .or_insert_with(|| Value::String(tag_value.to_string()));
    }
    json.serialize(s)
}

#[allow(unused_macros)] // unused when no API with a tagged union is enabled
/// The serde impls of a union told apart by its tag member:
/// `tagged_union!(Shape, Other, "kind" { "circle" => Circle, "square" => Square });`.
macro_rules! tagged_union {
    ($name:ident, $other:ident, $tag:literal { $( $value:literal => $variant:ident ),* $(,)? }) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                match self {
                    $( Self::$variant(v) => {
                        $crate::runtime::codec::union::encode_tagged(v, $tag, $value, s)
                    } )*
                    Self::$other(v) => ::serde::Serialize::serialize(v, s),
                }
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(d)?;
                match $crate::runtime::codec::union::tag_of(&value, $tag) {
                    $( Some($value) => {
                        if let Some(v) = $crate::runtime::codec::union::try_decode(&value) {
                            return Ok(Self::$variant(v));
                        }
                    } )*
                    _ => {}
                }
                Ok(Self::$other(value))
            }
        }
    };
}

#[allow(unused_macros)] // unused when no API with an untagged union is enabled
/// The serde impls of a union whose variants hold different kinds of JSON values:
/// `untagged_union!(Either, Other { String: String, Integer: Integer });` (variant: kind,
/// in the order they are tried).
macro_rules! untagged_union {
    ($name:ident, $other:ident { $( $variant:ident: $kind:ident ),* $(,)? }) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                match self {
                    $( Self::$variant(v) => ::serde::Serialize::serialize(v, s), )*
                    Self::$other(v) => ::serde::Serialize::serialize(v, s),
                }
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(d)?;
                $(
                    if $crate::runtime::codec::union::JsonKind::$kind.takes(&value) {
                        if let Some(v) = $crate::runtime::codec::union::try_decode(&value) {
                            return Ok(Self::$variant(v));
                        }
                    }
                )*
                Ok(Self::$other(value))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    #[derive(Debug, Clone, PartialEq)]
    struct Circle {
        radius: f64,
        wire: crate::Wire,
    }
    encode_object!(Circle, wire { "radius" => radius plain });
    decode_object!(Circle, wire { "radius" => radius required });

    #[derive(Debug, Clone, PartialEq)]
    struct Square {
        kind: String,
        side: f64,
        wire: crate::Wire,
    }
    encode_object!(Square, wire { "kind" => kind blank, "side" => side plain });
    decode_object!(Square, wire { "kind" => kind or_default, "side" => side required });

    #[derive(Debug, Clone, PartialEq)]
    enum Shape {
        Circle(Circle),
        Square(Square),
        Other(Value),
    }
    tagged_union!(Shape, Other, "kind" { "circle" => Circle, "square" => Square });

    #[derive(Debug, Clone, PartialEq)]
    enum Either {
        Integer(i64),
        Number(f64),
        String(String),
        List(Vec<String>),
        Other(Value),
    }
    untagged_union!(
        Either,
        Other {
            Integer: Integer,
            String: String,
            List: Array,
            Number: Number
        }
    );

    fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: Value) -> (T, Value) {
        let decoded: T = serde_json::from_value(value).expect("a union always decodes");
        let encoded = serde_json::to_value(&decoded).expect("encodes");
        (decoded, encoded)
    }

    #[test]
    fn tagged_unions_pick_by_tag_and_give_the_json_back() {
        for value in [
            json!({"kind": "circle", "radius": 2.5}),
            json!({"kind": "square", "side": 1.0}),
            json!({"kind": "triangle", "sides": [1, 2, 3]}),
            json!({"kind": "circle"}),
            json!({"radius": 1.0}),
            json!("not an object"),
        ] {
            let (_, back) = round_trip::<Shape>(value.clone());
            assert_eq!(back, value);
        }
        let (shape, _) = round_trip::<Shape>(json!({"kind": "circle", "radius": 2.5}));
        // The tag is no field of the variant: it keeps it as an unknown member.
        let Shape::Circle(circle) = shape else {
            panic!("{shape:?}")
        };
        assert_eq!(circle.radius, 2.5);
        assert_eq!(crate::Model::unknown_members(&circle)["kind"], "circle");
        let (shape, _) = round_trip::<Shape>(json!({"kind": "circle"}));
        assert!(matches!(shape, Shape::Other(_)), "{shape:?}");
    }

    #[test]
    fn untagged_unions_pick_by_json_kind_and_give_the_json_back() {
        for value in [
            json!(3),
            json!(2.5),
            json!("text"),
            json!(["a", "b"]),
            json!([1]),
            json!({"a": 1}),
            json!(true),
            json!(null),
        ] {
            let (_, back) = round_trip::<Either>(value.clone());
            assert_eq!(back, value);
        }
        assert_eq!(round_trip::<Either>(json!(3)).0, Either::Integer(3));
        assert_eq!(round_trip::<Either>(json!(2.5)).0, Either::Number(2.5));
        assert_eq!(
            round_trip::<Either>(json!(["a"])).0,
            Either::List(vec!["a".into()])
        );
        assert_eq!(
            round_trip::<Either>(json!([1])).0,
            Either::Other(json!([1]))
        );
    }
}
