//! Conversions between [`DateTime`]/[`Date`] and jiff's `Timestamp`, `Zoned` and
//! `civil::Date` (feature `jiff`).

use super::date::Date;
use super::datetime::DateTime;
use super::error::DateError;

fn error(text: &str, target: &'static str) -> DateError {
    DateError {
        text: text.to_owned(),
        target,
    }
}

/// RFC 3339 in UTC (`2024-01-02T09:00:00Z`), the fraction of a second written when there is
/// one; jiff's own text for a year RFC 3339 cannot write (before 0000).
impl From<jiff::Timestamp> for DateTime {
    fn from(t: jiff::Timestamp) -> Self {
        DateTime::from_unix_nanos(t.as_nanosecond(), 0).unwrap_or_else(|| t.to_string().into())
    }
}

/// RFC 3339 at the value's offset (`2024-01-02T10:00:00+01:00`; `Z` for a zero offset), the
/// time zone's name left out: OVH reads offsets.
impl From<&jiff::Zoned> for DateTime {
    fn from(z: &jiff::Zoned) -> Self {
        let t = z.timestamp();
        DateTime::from_unix_nanos(t.as_nanosecond(), z.offset().seconds())
            .unwrap_or_else(|| t.display_with_offset(z.offset()).to_string().into())
    }
}

/// As `From<&jiff::Zoned>`.
impl From<jiff::Zoned> for DateTime {
    fn from(z: jiff::Zoned) -> Self {
        DateTime::from(&z)
    }
}

/// `YYYY-MM-DD`.
impl From<jiff::civil::Date> for Date {
    fn from(d: jiff::civil::Date) -> Self {
        Date::from(d.to_string())
    }
}

/// The instant, if the text has one (see [`DateTime::unix_timestamp`]).
impl TryFrom<&DateTime> for jiff::Timestamp {
    type Error = DateError;

    fn try_from(value: &DateTime) -> Result<Self, DateError> {
        value
            .unix_timestamp_nanos()
            .and_then(|n| jiff::Timestamp::from_nanosecond(n).ok())
            .ok_or_else(|| error(value.as_str(), "jiff::Timestamp"))
    }
}

/// The instant in a fixed time zone of the text's own offset.
impl TryFrom<&DateTime> for jiff::Zoned {
    type Error = DateError;

    fn try_from(value: &DateTime) -> Result<Self, DateError> {
        let zoned = || {
            let t = jiff::Timestamp::try_from(value).ok()?;
            let offset = jiff::tz::Offset::from_seconds(value.offset_seconds()?).ok()?;
            Some(t.to_zoned(jiff::tz::TimeZone::fixed(offset)))
        };
        zoned().ok_or_else(|| error(value.as_str(), "jiff::Zoned"))
    }
}

/// The date, if the text reads as one.
impl TryFrom<&Date> for jiff::civil::Date {
    type Error = DateError;

    fn try_from(value: &Date) -> Result<Self, DateError> {
        let date = || {
            let ymd = value.ymd()?;
            let year = i16::try_from(ymd.year).ok()?;
            jiff::civil::Date::new(year, ymd.month as i8, ymd.day as i8).ok()
        };
        date().ok_or_else(|| error(value.as_str(), "jiff::civil::Date"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jiff_values_convert_both_ways() {
        let t: jiff::Timestamp = "2024-01-02T09:00:00Z".parse().unwrap();
        let ours = DateTime::from(t);
        assert_eq!(ours.as_str(), "2024-01-02T09:00:00Z");
        assert_eq!(jiff::Timestamp::try_from(&ours), Ok(t));
        let z = t.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(1)));
        let paris = DateTime::from(&z);
        assert_eq!(paris.as_str(), "2024-01-02T10:00:00+01:00");
        assert_eq!(jiff::Zoned::try_from(&paris).unwrap(), z);
        let fraction: jiff::Timestamp = "2024-01-02T09:00:00.5Z".parse().unwrap();
        assert_eq!(DateTime::from(fraction).as_str(), "2024-01-02T09:00:00.5Z");
        let never = DateTime::from("0000-00-00 00:00:00");
        let err = jiff::Timestamp::try_from(&never).unwrap_err();
        assert_eq!(err.text(), "0000-00-00 00:00:00");
        assert_eq!(err.target(), "jiff::Timestamp");
        let day = jiff::civil::date(2024, 2, 29);
        assert_eq!(Date::from(day).as_str(), "2024-02-29");
        assert_eq!(jiff::civil::Date::try_from(&Date::from(day)), Ok(day));
        assert!(jiff::civil::Date::try_from(&Date::from("0000-00-00")).is_err());
    }
}
