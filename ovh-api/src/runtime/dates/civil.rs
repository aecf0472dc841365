//! The text forms of OVH's dates and times, read and written without a date crate: a calendar
//! date, a time of day, a UTC offset, and the arithmetic between them and the Unix epoch.
//!
//! Read: `2024-01-02` (a date); `2024-01-02T10:00:00+01:00` (RFC 3339: `T`, `t` or a space
//! between date and time, fractional seconds, `Z` or an offset `±HH:MM`/`±HHMM`); seconds may
//! be left out (`2024-12-31 23:59`) and so may the offset (`2024-06-21 08:38:09`, a form some
//! /1.0 examples write), which leaves the instant unknown. Nothing else: a text that is none of
//! these is kept as text by the types of this folder, never refused ([`TextVisitor`] reads any
//! JSON string as it is).

use std::fmt;

use serde::de::{self, Visitor};

/// Seconds in a day.
const DAY: i64 = 86_400;

/// A calendar date, checked (the month has that day; years 0000–9999 as written).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Ymd {
    pub(crate) year: i32,
    pub(crate) month: u8,
    pub(crate) day: u8,
}

/// A date and time as written: the date, the time of day, and the UTC offset in seconds if
/// the text has one (`Z` is `Some(0)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Civil {
    pub(crate) date: Ymd,
    /// Seconds since midnight.
    pub(crate) seconds: u32,
    /// Nanoseconds of the second (the first nine digits of the fraction).
    pub(crate) nanos: u32,
    pub(crate) offset: Option<i32>,
}

impl Ymd {
    /// The date, if the month has that day (any year `i32` holds).
    pub(crate) fn new(year: i32, month: u8, day: u8) -> Option<Ymd> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Ymd { year, month, day })
    }

    /// Days since 1970-01-01 (negative before it).
    pub(crate) fn days_since_epoch(self) -> i64 {
        // Years counted from March, so that February's leap day ends a year: 400-year eras of
        // 146 097 days, then years of 365 days and the leap days before them.
        let month = i64::from(self.month);
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year.rem_euclid(400);
        let month_from_march = (month + 9) % 12;
        let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The date `days` after 1970-01-01 (the inverse of [`Ymd::days_since_epoch`]); `None`
    /// past the years an `i32` holds.
    pub(crate) fn from_days_since_epoch(days: i64) -> Option<Ymd> {
        let days = days.checked_add(719_468)?;
        let era = days.div_euclid(146_097);
        let day_of_era = days.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_from_march = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
        let month = (month_from_march + 2) % 12 + 1;
        let year = era * 400 + year_of_era + i64::from(month <= 2);
        Ymd::new(
            i32::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// `YYYY-MM-DD`, for years 0000–9999 (the only ones four digits write).
    pub(crate) fn write(self) -> Option<String> {
        (0..=9999)
            .contains(&self.year)
            .then(|| format!("{:04}-{:02}-{:02}", self.year, self.month, self.day))
    }
}

impl Civil {
    /// Seconds and nanoseconds since the Unix epoch, if the text has an offset.
    pub(crate) fn instant(self) -> Option<(i64, u32)> {
        let local = self.date.days_since_epoch() * DAY + i64::from(self.seconds);
        Some((local - i64::from(self.offset?), self.nanos))
    }
}

/// Whether `year` has a 29 February.
fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads a text byte by byte.
struct Cursor<'a> {
    rest: &'a [u8],
}

impl Cursor<'_> {
    /// Exactly `n` ASCII digits, as a number.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let (head, rest) = self.rest.split_at_checked(n)?;
        let mut value = 0u32;
        for b in head {
            value = value * 10 + u32::from(b.checked_sub(b'0').filter(|d| *d <= 9)?);
        }
        self.rest = rest;
        Some(value)
    }

    /// The next byte, taken if it is one of `set`.
    fn take(&mut self, set: &[u8]) -> Option<u8> {
        let (&first, rest) = self.rest.split_first()?;
        set.contains(&first).then(|| {
            self.rest = rest;
            first
        })
    }

    /// Two digits, as a `u8` no greater than `max`.
    fn two(&mut self, max: u8) -> Option<u8> {
        u8::try_from(self.digits(2)?).ok().filter(|v| *v <= max)
    }
}

/// `YYYY-MM-DD`, checked.
fn date(c: &mut Cursor<'_>) -> Option<Ymd> {
    let year = i32::try_from(c.digits(4)?).ok()?;
    c.take(b"-")?;
    let month = c.two(12)?;
    c.take(b"-")?;
    let day = c.two(31)?;
    Ymd::new(year, month, day)
}

/// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff…`: seconds of the day and nanoseconds.
fn time_of_day(c: &mut Cursor<'_>) -> Option<(u32, u32)> {
    let hour = c.two(23)?;
    c.take(b":")?;
    let minute = c.two(59)?;
    let second = if c.take(b":").is_some() {
        c.two(59)?
    } else {
        0
    };
    let mut nanos = 0;
    if c.take(b".,").is_some() {
        let count = c.rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if count == 0 {
            return None;
        }
        // The first nine digits are nanoseconds; further ones are below what anything holds.
        let (fraction, rest) = c.rest.split_at(count);
        for place in 0..9 {
            let digit = fraction.get(place).map_or(0, |b| u32::from(b - b'0'));
            nanos = nanos * 10 + digit;
        }
        c.rest = rest;
    }
    let seconds = u32::from(hour) * 3600 + u32::from(minute) * 60 + u32::from(second);
    Some((seconds, nanos))
}

/// `Z`, `±HH:MM`, `±HHMM` or nothing: the offset in seconds, `None` when absent.
fn offset(c: &mut Cursor<'_>) -> Option<Option<i32>> {
    if c.rest.is_empty() {
        return Some(None);
    }
    if c.take(b"Zz").is_some() {
        return Some(Some(0));
    }
    let sign = if c.take(b"+-")? == b'-' { -1 } else { 1 };
    let hours = i32::from(c.two(23)?);
    c.take(b":");
    let minutes = i32::from(c.two(59)?);
    Some(Some(sign * (hours * 3600 + minutes * 60)))
}

/// A date and time in one of the forms this module reads (see its docs), the whole text.
pub(crate) fn parse_date_time(text: &str) -> Option<Civil> {
    let mut c = Cursor {
        rest: text.as_bytes(),
    };
    let date = date(&mut c)?;
    c.take(b"Tt ")?;
    let (seconds, nanos) = time_of_day(&mut c)?;
    let offset = offset(&mut c)?;
    c.rest.is_empty().then_some(Civil {
        date,
        seconds,
        nanos,
        offset,
    })
}

/// A date: `YYYY-MM-DD`, or the date of a date and time [`parse_date_time`] reads.
pub(crate) fn parse_date(text: &str) -> Option<Ymd> {
    let mut c = Cursor {
        rest: text.as_bytes(),
    };
    let ymd = date(&mut c)?;
    if c.rest.is_empty() {
        Some(ymd)
    } else {
        parse_date_time(text).map(|civil| civil.date)
    }
}

/// RFC 3339 text of the instant `nanos` after the Unix epoch, written at UTC offset `offset`
/// (seconds, whole minutes kept): `2024-01-02T10:00:00+01:00`, `Z` for a zero offset, a
/// fraction only when there is one, trailing zeros left out. `None` outside the years
/// 0000–9999 or for an offset of a day or more.
pub(crate) fn write_instant(nanos: i128, offset: i32) -> Option<String> {
    const SECOND: i128 = 1_000_000_000;
    let offset = offset / 60 * 60;
    if offset.unsigned_abs() >= 86_400 {
        return None;
    }
    let seconds = i64::try_from(nanos.div_euclid(SECOND)).ok()?;
    let fraction = u32::try_from(nanos.rem_euclid(SECOND)).ok()?;
    let local = seconds.checked_add(i64::from(offset))?;
    let date = Ymd::from_days_since_epoch(local.div_euclid(DAY))?.write()?;
    let of_day = local.rem_euclid(DAY);
    let mut text = format!(
        "{date}T{:02}:{:02}:{:02}",
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60
    );
    if fraction != 0 {
        let digits = format!("{fraction:09}");
        text.push('.');
        text.push_str(digits.trim_end_matches('0'));
    }
    if offset == 0 {
        text.push('Z');
    } else {
        let sign = if offset < 0 { '-' } else { '+' };
        let minutes = offset.unsigned_abs() / 60;
        text.push_str(&format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60));
    }
    Some(text)
}

/// Reads any JSON string as it is (what a `String` member accepts).
pub(crate) struct TextVisitor;

impl Visitor<'_> for TextVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<String, E> {
        Ok(text.to_owned())
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<String, E> {
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instant(text: &str) -> Option<(i64, u32)> {
        parse_date_time(text)?.instant()
    }

    #[test]
    fn days_since_epoch_match_known_dates_and_invert() {
        let days = |y, m, d| Ymd::new(y, m, d).unwrap().days_since_epoch();
        assert_eq!(days(1970, 1, 1), 0);
        assert_eq!(days(1969, 12, 31), -1);
        assert_eq!(days(2000, 3, 1), 11_017);
        assert_eq!(days(2024, 1, 2), 19_724);
        assert_eq!(days(0, 1, 1), -719_528);
        for d in (-800_000..3_000_000).step_by(997) {
            let ymd = Ymd::from_days_since_epoch(d).unwrap();
            assert_eq!(ymd.days_since_epoch(), d, "{ymd:?}");
        }
    }

    #[test]
    fn dates_are_checked() {
        assert!(Ymd::new(2024, 2, 29).is_some());
        assert!(Ymd::new(2023, 2, 29).is_none());
        assert!(Ymd::new(1900, 2, 29).is_none());
        assert!(Ymd::new(2000, 2, 29).is_some());
        assert!(Ymd::new(2024, 4, 31).is_none());
        assert!(Ymd::new(2024, 0, 1).is_none());
        assert!(Ymd::new(2024, 13, 1).is_none());
        assert!(parse_date("0000-00-00").is_none());
        assert_eq!(
            parse_date("2024-01-02"),
            Some(Ymd {
                year: 2024,
                month: 1,
                day: 2
            })
        );
    }

    #[test]
    fn rfc_3339_forms_give_their_instant() {
        assert_eq!(
            instant("2024-01-02T10:00:00+01:00"),
            Some((1_704_186_000, 0))
        );
        assert_eq!(instant("2024-01-02T09:00:00Z"), Some((1_704_186_000, 0)));
        assert_eq!(instant("2024-01-02t09:00:00z"), Some((1_704_186_000, 0)));
        assert_eq!(
            instant("2024-01-02 09:00:00+00:00"),
            Some((1_704_186_000, 0))
        );
        assert_eq!(
            instant("2024-01-02T04:30:00-0430"),
            Some((1_704_186_000, 0))
        );
        assert_eq!(
            instant("2024-01-02T09:00:00.5Z"),
            Some((1_704_186_000, 500_000_000))
        );
        assert_eq!(
            instant("2024-01-02T09:00:00.123456789123+00:00"),
            Some((1_704_186_000, 123_456_789))
        );
        assert_eq!(instant("1969-12-31T23:59:59Z"), Some((-1, 0)));
    }

    #[test]
    fn a_text_without_offset_has_a_date_and_time_but_no_instant() {
        let civil = parse_date_time("2024-06-21 08:38:09").unwrap();
        assert_eq!(civil.offset, None);
        assert_eq!(civil.seconds, 8 * 3600 + 38 * 60 + 9);
        assert_eq!(civil.instant(), None);
        assert_eq!(parse_date_time("2024-12-31 23:59").unwrap().seconds, 86_340);
    }

    #[test]
    fn other_texts_are_not_read() {
        for text in [
            "",
            "0000-00-00 00:00:00",
            "2024-01-02",
            "2024-01-02T",
            "2024-01-02T24:00:00Z",
            "2024-01-02T10:60:00Z",
            "2024-01-02T10:00:00.Z",
            "2024-01-02T10:00:00+1",
            "2024-01-02T10:00:00Z ",
            "2024-01-02T10:00:00+01:00[Europe/Paris]",
            "2023-01-26 00:00:00 +0000 UTC",
            "24-01-02T10:00:00Z",
            "２０２４-01-02T10:00:00Z",
            "yesterday",
        ] {
            assert_eq!(parse_date_time(text), None, "{text}");
        }
    }

    #[test]
    fn instants_are_written_as_rfc_3339() {
        let second = 1_000_000_000i128;
        assert_eq!(
            write_instant(1_704_186_000 * second, 3600).as_deref(),
            Some("2024-01-02T10:00:00+01:00")
        );
        assert_eq!(
            write_instant(1_704_186_000 * second, 0).as_deref(),
            Some("2024-01-02T09:00:00Z")
        );
        assert_eq!(
            write_instant(1_704_186_000 * second + 120_000_000, -16_200).as_deref(),
            Some("2024-01-02T04:30:00.12-04:30")
        );
        assert_eq!(
            write_instant(-1, 0).as_deref(),
            Some("1969-12-31T23:59:59.999999999Z")
        );
        assert_eq!(write_instant(300_000_000_000 * second, 0), None);
        assert_eq!(write_instant(0, 86_400), None);
        for text in ["2024-02-29T23:59:59.25+05:45", "1970-01-01T00:00:00Z"] {
            let civil = parse_date_time(text).unwrap();
            let (s, n) = civil.instant().unwrap();
            let nanos = i128::from(s) * second + i128::from(n);
            assert_eq!(
                write_instant(nanos, civil.offset.unwrap()).as_deref(),
                Some(text)
            );
        }
    }
}
