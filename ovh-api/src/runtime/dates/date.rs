//! [`Date`]: a calendar date as OVH wrote it (`date` in the schemas).

use super::civil::{self, Ymd};
use super::text::text_value_impls;

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

text_value_impls!(Date);

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::hash_map::DefaultHasher;
    use std::hash::{Hash, Hasher};

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
