//! What the generated round-trip tests (`src/generated/roundtrip.rs`) call: random values of a
//! model must encode with `Serialize` and decode back unchanged.
//!
//! The values are invented by [`Random`], a `Deserializer` that answers whatever shape the
//! model asks for (a struct's members by their wire names, strings, numbers, lists, maps,
//! options), so any generated model gets random values without a strategy of its own. proptest
//! drives it: each case is a seed.

use std::fmt;

use proptest::prelude::any;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use serde::Serialize;

/// How deep values nest: below it, options are `None` and lists and maps are empty, so that
/// recursive models end.
const MAX_DEPTH: u32 = 4;

/// Cases per model.
const CASES: u32 = 48;

/// Checks `CASES` random values of `T` (named `wire` in failure messages): each encodes, decodes
/// back equal, and encodes again to the same JSON; and its JSON, changed the way OVH's answers
/// differ from the schemas (members left out, `null` where a value was, members no schema
/// names, at any depth), decodes and encodes back to itself. Fails if no case could be built
/// at all.
pub(crate) fn check<T>(wire: &str)
where
    T: DeserializeOwned + Serialize + PartialEq + fmt::Debug,
{
    let config = Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    };
    let built = std::cell::Cell::new(0u32);
    let result = TestRunner::new(config).run(&any::<u64>(), |seed| {
        let mut rng = fastrand::Rng::with_seed(seed);
        // A value the model itself refuses (a numeric enum given a string) is no case.
        let Ok(value) = T::deserialize(Random::new(&mut rng, 0)) else {
            return Ok(());
        };
        built.set(built.get() + 1);
        let json = round_trip(&value)?;
        answer_round_trip::<T>(json, &mut rng)
    });
    if let Err(failure) = result {
        panic!("{wire}: {failure}");
    }
    assert!(built.get() > 0, "{wire}: no random value could be built");
}

/// Encode, decode, compare; encode again, compare the JSON, which is returned.
fn round_trip<T>(value: &T) -> Result<serde_json::Value, TestCaseError>
where
    T: DeserializeOwned + Serialize + PartialEq + fmt::Debug,
{
    let fail = |e: serde_json::Error| TestCaseError::fail(e.to_string());
    let json = serde_json::to_value(value).map_err(fail)?;
    let back: T = serde_json::from_value(json.clone()).map_err(fail)?;
    if &back != value {
        return Err(TestCaseError::fail(format!(
            "decoded back differently:\nvalue: {value:?}\njson: {json}\nback: {back:?}"
        )));
    }
    let again = serde_json::to_value(&back).map_err(fail)?;
    if again != json {
        return Err(TestCaseError::fail(format!(
            "encoded differently the second time:\nfirst: {json}\nsecond: {again}"
        )));
    }
    Ok(json)
}

/// `json` changed like a live answer (see [`answer_like`]): if it decodes as a `T` (a required
/// member left out or `null` makes it fail, and the case is skipped), it must encode back to
/// itself.
fn answer_round_trip<T>(
    mut json: serde_json::Value,
    rng: &mut fastrand::Rng,
) -> Result<(), TestCaseError>
where
    T: DeserializeOwned + Serialize,
{
    answer_like(&mut json, rng, 0);
    let Ok(decoded) = serde_json::from_value::<T>(json.clone()) else {
        return Ok(());
    };
    let again = serde_json::to_value(&decoded).map_err(|e| TestCaseError::fail(e.to_string()))?;
    if !same_json(&again, &json) {
        return Err(TestCaseError::fail(format!(
            "an answer did not encode back to itself:\nanswer: {json}\nencoded: {again}"
        )));
    }
    Ok(())
}

/// Changes a JSON value the ways a live answer differs from the schemas, at every depth: each
/// object member may be left out or made `null`, and members no schema names are added.
pub(crate) fn answer_like(json: &mut serde_json::Value, rng: &mut fastrand::Rng, depth: u32) {
    match json {
        serde_json::Value::Object(members) => {
            members.retain(|_, _| rng.u8(..) >= 26);
            for value in members.values_mut() {
                if rng.u8(..) < 26 {
                    *value = serde_json::Value::Null;
                } else {
                    answer_like(value, rng, depth + 1);
                }
            }
            for n in 0..rng.usize(..3) {
                members.insert(format!("zzUnknown{depth}x{n}"), unknown_value(rng, n));
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                answer_like(item, rng, depth + 1);
            }
        }
        _ => {}
    }
}

/// A member no schema names: any kind of JSON value.
fn unknown_value(rng: &mut fastrand::Rng, n: usize) -> serde_json::Value {
    match rng.u8(..6) {
        0 => serde_json::Value::Null,
        1 => serde_json::Value::from(rng.bool()),
        2 => serde_json::Value::from(rng.i64(..)),
        3 => serde_json::Value::from(format!("value {n}")),
        4 => serde_json::json!([1, "two", {"three": [3.5]}]),
        _ => serde_json::json!({"nested": {"list": [n], "flag": null}}),
    }
}

/// JSON equality with numbers compared as numbers (`1` and `1.0` are the same number: an
/// integer written into a floating-point member is encoded back as `1.0`).
pub(crate) fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value::{Array, Number, Object};
    match (a, b) {
        (Number(x), Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Array(x), Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y)),
        (Object(x), Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

/// Why a random value could not be built (a model's own checks refused it).
#[derive(Debug)]
pub(crate) struct Refused(String);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

impl de::Error for Refused {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Refused(msg.to_string())
    }
}

/// A `Deserializer` that invents a value of whatever shape it is asked for.
pub(crate) struct Random<'r> {
    rng: &'r mut fastrand::Rng,
    depth: u32,
}

impl<'r> Random<'r> {
    fn new(rng: &'r mut fastrand::Rng, depth: u32) -> Self {
        Random { rng, depth }
    }

    /// A deserializer for a value nested in this one.
    fn inner(&mut self) -> Random<'_> {
        Random::new(self.rng, self.depth + 1)
    }

    /// How many items a list or map gets.
    fn len(&mut self) -> usize {
        if self.depth >= MAX_DEPTH {
            0
        } else {
            self.rng.usize(0..4)
        }
    }

    /// A short string, with what JSON must escape and what UTF-8 spells in several bytes.
    fn string(&mut self) -> String {
        const PIECES: &[&str] = &[
            "a", "Z", "0", "-", "_", " ", "\"", "\\", "/", "\n", "\u{1}", "é", "€", "𝄞", "ACTIVE",
            "ok", "",
        ];
        let n = self.rng.usize(0..6);
        (0..n)
            .map(|_| PIECES[self.rng.usize(0..PIECES.len())])
            .collect()
    }

    /// A finite number of varied magnitude (JSON has no NaN or infinity).
    fn float(&mut self) -> f64 {
        let scale = 10f64.powi(self.rng.i32(-6..16));
        (self.rng.f64() - 0.5) * scale
    }
}

/// Items of a list.
struct Items<'a, 'r> {
    random: &'a mut Random<'r>,
    left: usize,
}

impl<'de> de::SeqAccess<'de> for Items<'_, '_> {
    type Error = Refused;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Refused> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(self.random.inner()).map(Some)
    }
}

/// Members of a map or a struct: given names (a struct's wire names) or invented ones.
struct Members<'a, 'r> {
    random: &'a mut Random<'r>,
    names: Vec<String>,
}

impl<'de> de::MapAccess<'de> for Members<'_, '_> {
    type Error = Refused;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Refused> {
        match self.names.pop() {
            None => Ok(None),
            Some(name) => {
                let key: StrDeserializer<'_, Refused> = name.as_str().into_deserializer();
                seed.deserialize(key).map(Some)
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Refused> {
        seed.deserialize(self.random.inner())
    }
}

impl<'de> de::Deserializer<'de> for Random<'_> {
    type Error = Refused;

    /// Any JSON value but `null` (an `Option` holding `null` does not exist once decoded).
    fn deserialize_any<V: Visitor<'de>>(mut self, v: V) -> Result<V::Value, Refused> {
        match self.rng.u8(0..8) {
            0 => v.visit_bool(self.rng.bool()),
            1..=3 => v.visit_i64(self.rng.i64(-1_000_000..1_000_000)),
            4 => v.visit_f64(self.float()),
            5 if self.depth < MAX_DEPTH => self.deserialize_seq(v),
            _ => v.visit_string(self.string()),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Refused> {
        v.visit_bool(self.rng.bool())
    }

    fn deserialize_i8<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Refused> {
        v.visit_i8(self.rng.i8(..))
    }

    fn deserialize_i16<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Refused> {
        v.visit_i16(self.rng.i16(..))
    }

    fn deserialize_i32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Refused> {
        v.visit_i32(self.rng.i32(..))
    }

    fn deserialize_i64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Refused> {
        v.visit_i64(self.rng.i64(..))
    }

    fn deserialize_u8<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Refused> {
        v.visit_u8(self.rng.u8(..))
    }

    fn deserialize_u16<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Refused> {
        v.visit_u16(self.rng.u16(..))
    }

    fn deserialize_u32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Refused> {
        v.visit_u32(self.rng.u32(..))
    }

    fn deserialize_u64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Refused> {
        v.visit_u64(self.rng.u64(..))
    }

    fn deserialize_f32<V: Visitor<'de>>(mut self, v: V) -> Result<V::Value, Refused> {
        v.visit_f32(self.float() as f32)
    }

    fn deserialize_f64<V: Visitor<'de>>(mut self, v: V) -> Result<V::Value, Refused> {
        v.visit_f64(self.float())
    }

    fn deserialize_char<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Refused> {
        v.visit_char(self.rng.alphanumeric())
    }

    fn deserialize_str<V: Visitor<'de>>(mut self, v: V) -> Result<V::Value, Refused> {
        v.visit_string(self.string())
    }

    fn deserialize_string<V: Visitor<'de>>(mut self, v: V) -> Result<V::Value, Refused> {
        v.visit_string(self.string())
    }

    fn deserialize_bytes<V: Visitor<'de>>(mut self, v: V) -> Result<V::Value, Refused> {
        v.visit_byte_buf(self.string().into_bytes())
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Refused> {
        self.deserialize_bytes(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Refused> {
        if self.depth >= MAX_DEPTH || self.rng.u8(0..3) == 0 {
            v.visit_none()
        } else {
            v.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Refused> {
        v.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value, Refused> {
        v.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value, Refused> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(mut self, v: V) -> Result<V::Value, Refused> {
        let left = self.len();
        v.visit_seq(Items {
            random: &mut self,
            left,
        })
    }

    fn deserialize_tuple<V: Visitor<'de>>(mut self, len: usize, v: V) -> Result<V::Value, Refused> {
        v.visit_seq(Items {
            random: &mut self,
            left: len,
        })
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        len: usize,
        v: V,
    ) -> Result<V::Value, Refused> {
        self.deserialize_tuple(len, v)
    }

    fn deserialize_map<V: Visitor<'de>>(mut self, v: V) -> Result<V::Value, Refused> {
        let n = self.len();
        let names = (0..n).map(|i| format!("{}{i}", self.string())).collect();
        v.visit_map(Members {
            random: &mut self,
            names,
        })
    }

    /// Every member of the struct, by its wire names.
    fn deserialize_struct<V: Visitor<'de>>(
        mut self,
        _: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Refused> {
        let names = fields.iter().rev().map(|f| f.to_string()).collect();
        v.visit_map(Members {
            random: &mut self,
            names,
        })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Refused> {
        Err(Refused(format!("no random value for the enum {name}")))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Refused> {
        self.deserialize_str(v)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Refused> {
        v.visit_unit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Lossy {
        kept: String,
        dropped: Option<String>,
        wire: crate::Wire,
    }

    // An encoder that forgets a field: the check must catch it.
    impl Serialize for Lossy {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            let mut map = s.serialize_map(None)?;
            map.serialize_entry("kept", &self.kept)?;
            map.end()
        }
    }

    decode_object!(Lossy, wire {
        "dropped" => dropped optional,
        "kept" => kept or_default,
    });

    // Caught either way, whichever random case comes first: decoded back differently (a value
    // with `dropped` set), or an answer not encoded back to itself (unknown members lost).
    #[test]
    #[should_panic(expected = "test.Lossy: Test failed")]
    fn a_model_that_loses_a_field_fails() {
        check::<Lossy>("test.Lossy");
    }

    /// A model that drops the members it does not name: the answer check must catch it.
    #[derive(Debug, PartialEq)]
    struct Forgetful {
        kept: String,
    }

    impl Serialize for Forgetful {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            let mut map = s.serialize_map(None)?;
            map.serialize_entry("kept", &self.kept)?;
            map.end()
        }
    }

    impl<'de> serde::Deserialize<'de> for Forgetful {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            #[derive(serde::Deserialize)]
            struct Kept {
                #[serde(default)]
                kept: Option<String>,
            }
            let kept = Kept::deserialize(d)?.kept.unwrap_or_default();
            Ok(Forgetful { kept })
        }
    }

    #[test]
    #[should_panic(expected = "did not encode back to itself")]
    fn a_model_that_forgets_unknown_or_absent_members_fails() {
        check::<Forgetful>("test.Forgetful");
    }

    #[test]
    fn numbers_compare_as_numbers() {
        use serde_json::json;
        assert!(same_json(&json!({"a": [1]}), &json!({"a": [1.0]})));
        assert!(!same_json(&json!({"a": 1}), &json!({"a": 2})));
        assert!(!same_json(&json!({"a": 1}), &json!({"a": 1, "b": null})));
    }

    #[test]
    fn random_values_reach_every_member() {
        let mut rng = fastrand::Rng::with_seed(7);
        let mut seen_some = false;
        for _ in 0..32 {
            let v: Lossy = serde::Deserialize::deserialize(Random::new(&mut rng, 0)).unwrap();
            seen_some |= v.dropped.is_some();
        }
        assert!(seen_some);
    }
}
