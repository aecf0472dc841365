//! [`Date`]: a calendar date as OVH wrote it (`date` in the schemas).

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::civil::{self, Ymd};

/// A calendar date as OVH wrote it, `YYYY-MM-DD` (`2024-01-02`): the type of every member and
/// parameter the schemas type `date`.
///
/// Like [`DateTime`](crate::DateTime), it keeps the exact text received, never fails to
/// decode (a text it cannot read is kept, its [`year`](Self::year) is `None`) and encodes the
/// text back. A `date` member that holds a date and time (`2024-01-02T10:00:00+01:00`) reads
/// as the date written.
///
/// Built from `YYYY-MM-DD` text (`From<&str>`), [`from_ymd`](Self::from_ymd), or, with the
/// cargo feature of that crate, `jiff::civil::Date`, `chrono::NaiveDate` or `time::Date`
/// (`From`, and `TryFrom<&Date>` back).
///
/// **Comparison.** By year, month and day where both read as dates (`2024-01-02` equals
/// `2024-01-02T10:00:00+01:00`); a value that does not equals only the same text, and sorts
/// before every date, by text. `Eq`, `Ord` and `Hash` agree. [`Default`] is the empty text.
/// `Debug` shows the text in quotes.
#[derive(Clone, Default)]
pub struct Date {
    text: String,
}

/// What two values are compared by: the date if there is one, else the text.
#[derive(PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Key<'a> {
    Text(&'a str),
    Date(Ymd),
}

impl Date {
    /// The date `year-month-day` written `YYYY-MM-DD`; `None` if the month has no such day or
    /// the year is outside 0000–9999.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        Ymd::new(year, month, day)?.write().map(Date::from)
    }

    /// The text as OVH wrote it (or as it was built).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        self.text
    }

    /// The year, if the text reads as a date.
    pub fn year(&self) -> Option<i32> {
        Some(self.ymd()?.year)
    }

    /// The month (1–12), if the text reads as a date.
    pub fn month(&self) -> Option<u8> {
        Some(self.ymd()?.month)
    }

    /// The day of the month (1–31), if the text reads as a date.
    pub fn day(&self) -> Option<u8> {
        Some(self.ymd()?.day)
    }

    pub(crate) fn ymd(&self) -> Option<Ymd> {
        civil::parse_date(&self.text)
    }

    fn key(&self) -> Key<'_> {
        match self.ymd() {
            Some(ymd) => Key::Date(ymd),
            None => Key::Text(&self.text),
        }
    }
}

impl PartialEq for Date {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Date {}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl Hash for Date {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}

impl AsRef<str> for Date {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl From<String> for Date {
    fn from(text: String) -> Self {
        Date { text }
    }
}

impl From<&str> for Date {
    fn from(text: &str) -> Self {
        Date::from(text.to_owned())
    }
}

impl From<&String> for Date {
    fn from(text: &String) -> Self {
        Date::from(text.clone())
    }
}

impl From<&Date> for Date {
    fn from(value: &Date) -> Self {
        value.clone()
    }
}

impl From<Date> for String {
    fn from(value: Date) -> Self {
        value.text
    }
}

/// Any text is a `Date` (kept as written): parsing never fails.
impl std::str::FromStr for Date {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Date::from(text))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_string(civil::TextVisitor)
            .map(Date::from)
    }
}

impl crate::runtime::codec::object::Blank for Date {
    fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::hash_map::DefaultHasher;

    fn hash(value: &Date) -> u64 {
        let mut h = DefaultHasher::new();
        value.hash(&mut h);
        h.finish()
    }

    #[test]
    fn a_date_is_kept_and_read() {
        let d = Date::from("2024-01-02");
        assert_eq!(d.as_str(), "2024-01-02");
        assert_eq!(
            (d.year(), d.month(), d.day()),
            (Some(2024), Some(1), Some(2))
        );
        let written = Date::from("2024-02-29T23:30:00-01:00");
        assert_eq!(written.day(), Some(29), "the date written, not UTC's");
        assert_eq!(Date::from_ymd(2024, 1, 2), Some(d));
        assert_eq!(Date::from_ymd(2023, 2, 29), None);
        assert_eq!(Date::from_ymd(10_000, 1, 1), None);
        assert_eq!(Date::from_ymd(7, 3, 4).unwrap().as_str(), "0007-03-04");
    }

    #[test]
    fn a_text_it_cannot_read_is_kept() {
        for text in ["0000-00-00", "", "2024-13-01", "2024-01-02 garbage"] {
            let d: Date = text.parse().unwrap();
            assert_eq!(d.as_str(), text);
            assert_eq!(d.year(), None, "{text}");
            let json = serde_json::Value::from(text);
            let back: Date = serde_json::from_value(json.clone()).unwrap();
            assert_eq!(serde_json::to_value(&back).unwrap(), json);
        }
    }

    #[test]
    fn comparison_is_by_date_where_both_read_and_agrees_with_hash() {
        let day = Date::from("2024-01-02");
        let same = Date::from("2024-01-02T10:00:00+01:00");
        assert_eq!(day, same);
        assert_eq!(hash(&day), hash(&same));
        let next = Date::from("2024-01-03");
        let none = Date::from("0000-00-00");
        assert!(none < day && day < next);
        assert_ne!(none, Date::from("never"));
        assert_eq!(hash(&none), hash(&Date::from("0000-00-00")));
        assert_eq!(format!("{day:?}"), "\"2024-01-02\"");
    }
}
