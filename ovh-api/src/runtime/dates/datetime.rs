//! [`DateTime`]: a date and time as OVH wrote it (`datetime`, `date-time` in the schemas).

use super::civil::{self, Civil};
use super::date::Date;
use super::text::text_value_impls;

/// A date and time as OVH wrote it, typically RFC 3339 with an offset
/// (`2024-01-02T10:00:00+01:00`): the type of every member and parameter the schemas type
/// `datetime` (or `date-time`).
///
/// It keeps the exact text received and never fails to decode: a text it cannot read (OVH's
/// `0000-00-00 00:00:00` for "never", or any other) is kept as it is, its
/// [`unix_timestamp`](Self::unix_timestamp) is `None`, and it encodes back unchanged. Encoding
/// writes the text, so a model encodes back to what it was read from.
///
/// Read as an instant: RFC 3339 (`T`, `t` or a space between date and time, fractional
/// seconds, `Z` or an offset `±HH:MM`, also `±HHMM`; seconds may be left out). A date and
/// time without offset (`2024-06-21 08:38:09`, a form of some /1.0 examples) has a
/// [`date`](Self::date) but no instant: its zone is unknown.
///
/// Built from a date crate's value with the cargo feature of that crate (`jiff`, `chrono`,
/// `time`): `From<jiff::Timestamp>`, `From<jiff::Zoned>`, `From<chrono::DateTime<Tz>>`,
/// `From<time::OffsetDateTime>` write RFC 3339 (`Z` for a zero offset); `TryFrom<&DateTime>`
/// converts back to each. Without a date crate: [`from_unix_timestamp`](Self::from_unix_timestamp),
/// or any text (`From<&str>`, `From<String>`, `"…".parse()`), sent as written. Nothing here
/// reads the clock.
///
/// **Comparison.** Two values are equal, ordered and hashed by their instant when both have
/// one (`2024-01-02T10:00:00+01:00` equals `2024-01-02T09:00:00Z`); a value without an
/// instant equals only the same text, and sorts before every value with one, by text. `Eq`,
/// `Ord` and `Hash` agree. [`Default`] is the empty text (no instant), what a member left out
/// of an answer decodes to.
///
/// `Debug` shows the text in quotes, as a `String` would.
#[derive(Clone, Default)]
pub struct DateTime {
    text: String,
}

/// What two values are compared by: the instant if there is one, else the text.
#[derive(PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Key<'a> {
    Text(&'a str),
    Instant(i64, u32),
}

impl DateTime {
    /// The text as OVH wrote it (or as it was built).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        self.text
    }

    /// Seconds since 1970-01-01T00:00:00Z (negative before), if the text is a date and time
    /// with an offset; `None` otherwise (`0000-00-00 00:00:00`, no offset, any other text).
    /// Fractions of a second are left out (rounded down).
    pub fn unix_timestamp(&self) -> Option<i64> {
        self.instant().map(|(seconds, _)| seconds)
    }

    /// Nanoseconds since 1970-01-01T00:00:00Z, the fraction of a second included, if the text
    /// has an instant (see [`unix_timestamp`](Self::unix_timestamp)).
    pub fn unix_timestamp_nanos(&self) -> Option<i128> {
        self.instant()
            .map(|(seconds, nanos)| i128::from(seconds) * 1_000_000_000 + i128::from(nanos))
    }

    /// The UTC offset the text is written at, in seconds east of UTC (`+01:00` is 3600, `Z`
    /// is 0), if it has an instant.
    pub fn offset_seconds(&self) -> Option<i32> {
        self.civil()?.offset
    }

    /// The calendar date as written (at the text's own offset, not UTC), if the text is a
    /// date and time this type reads, with or without offset.
    pub fn date(&self) -> Option<Date> {
        let ymd = self.civil()?.date;
        Date::from_ymd(ymd.year, ymd.month, ymd.day)
    }

    /// The instant `seconds` after 1970-01-01T00:00:00Z, written in UTC
    /// (`2024-01-02T09:00:00Z`); `None` outside the years 0000–9999.
    pub fn from_unix_timestamp(seconds: i64) -> Option<DateTime> {
        Self::from_unix_nanos(i128::from(seconds) * 1_000_000_000, 0)
    }

    /// The instant `nanos` after the epoch written at `offset` seconds east of UTC; `None`
    /// where RFC 3339 cannot write it (see [`civil::write_instant`]).
    pub(crate) fn from_unix_nanos(nanos: i128, offset: i32) -> Option<DateTime> {
        civil::write_instant(nanos, offset).map(DateTime::from)
    }

    fn civil(&self) -> Option<Civil> {
        civil::parse_date_time(&self.text)
    }

    /// Seconds and nanoseconds since the epoch.
    pub(crate) fn instant(&self) -> Option<(i64, u32)> {
        self.civil()?.instant()
    }

    fn key(&self) -> Key<'_> {
        match self.instant() {
            Some((seconds, nanos)) => Key::Instant(seconds, nanos),
            None => Key::Text(&self.text),
        }
    }
}

text_value_impls!(DateTime);

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;
    use std::collections::hash_map::DefaultHasher;
    use std::hash::{Hash, Hasher};

    fn hash(value: &DateTime) -> u64 {
        let mut h = DefaultHasher::new();
        value.hash(&mut h);
        h.finish()
    }

    #[test]
    fn an_rfc_3339_text_is_kept_and_read() {
        let t = DateTime::from("2024-01-02T10:00:00+01:00");
        assert_eq!(t.as_str(), "2024-01-02T10:00:00+01:00");
        assert_eq!(t.to_string(), "2024-01-02T10:00:00+01:00");
        assert_eq!(t.unix_timestamp(), Some(1_704_186_000));
        assert_eq!(t.unix_timestamp_nanos(), Some(1_704_186_000_000_000_000));
        assert_eq!(t.offset_seconds(), Some(3600));
        assert_eq!(t.date(), Some(Date::from("2024-01-02")));
        let fraction = DateTime::from("2024-01-02T09:00:00.25Z");
        assert_eq!(fraction.unix_timestamp(), Some(1_704_186_000));
        assert_eq!(
            fraction.unix_timestamp_nanos(),
            Some(1_704_186_000_250_000_000)
        );
        let before = DateTime::from("1969-12-31T23:59:59.5Z");
        assert_eq!(before.unix_timestamp(), Some(-1));
        assert_eq!(before.unix_timestamp_nanos(), Some(-500_000_000));
    }

    #[test]
    fn a_text_it_cannot_read_is_kept_without_an_instant() {
        for text in ["0000-00-00 00:00:00", "", "soon", "2024-06-21 08:38:09"] {
            let t: DateTime = text.parse().unwrap();
            assert_eq!(t.as_str(), text);
            assert_eq!(t.unix_timestamp(), None, "{text}");
            assert_eq!(t.offset_seconds(), None, "{text}");
        }
        assert_eq!(
            DateTime::from("2024-06-21 08:38:09").date(),
            Some(Date::from("2024-06-21"))
        );
        assert_eq!(DateTime::default().as_str(), "");
    }

    #[test]
    fn comparison_is_by_instant_where_both_have_one_and_agrees_with_hash() {
        let paris = DateTime::from("2024-01-02T10:00:00+01:00");
        let utc = DateTime::from("2024-01-02T09:00:00Z");
        assert_eq!(paris, utc);
        assert_eq!(paris.cmp(&utc), Ordering::Equal);
        assert_eq!(hash(&paris), hash(&utc));
        let later = DateTime::from("2024-01-02T09:00:00.000000001Z");
        assert!(later > paris);
        let never = DateTime::from("0000-00-00 00:00:00");
        let other = DateTime::from("never");
        assert!(never < paris && other < paris, "texts sort first");
        assert!(never < other, "texts sort by text");
        assert_ne!(never, other);
        assert_eq!(never, DateTime::from("0000-00-00 00:00:00"));
        assert_eq!(hash(&never), hash(&DateTime::from("0000-00-00 00:00:00")));
        let mut list = vec![later.clone(), never.clone(), utc.clone()];
        list.sort();
        assert_eq!(list, [never, utc, later]);
    }

    #[test]
    fn json_round_trip_writes_the_text_back() {
        for text in [
            "2024-01-02T10:00:00+01:00",
            "2024-01-02T09:00:00.123Z",
            "0000-00-00 00:00:00",
            "",
        ] {
            let json = serde_json::Value::from(text);
            let t: DateTime = serde_json::from_value(json.clone()).unwrap();
            assert_eq!(t.as_str(), text);
            assert_eq!(serde_json::to_value(&t).unwrap(), json);
            assert_eq!(format!("{t:?}"), format!("{text:?}"));
        }
        assert!(serde_json::from_str::<DateTime>("12").is_err());
    }

    #[test]
    fn built_from_a_unix_timestamp_in_utc() {
        let t = DateTime::from_unix_timestamp(1_704_186_000).unwrap();
        assert_eq!(t.as_str(), "2024-01-02T09:00:00Z");
        assert_eq!(t.unix_timestamp(), Some(1_704_186_000));
        assert_eq!(DateTime::from_unix_timestamp(i64::MAX), None);
        let east = DateTime::from_unix_nanos(1_704_186_000_000_000_000, 3600).unwrap();
        assert_eq!(east.as_str(), "2024-01-02T10:00:00+01:00");
    }
}
