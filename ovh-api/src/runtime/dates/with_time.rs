//! Conversions between [`DateTime`]/[`Date`] and the time crate's `OffsetDateTime` and `Date`
//! (feature `time`).

use super::date::Date;
use super::datetime::DateTime;
use super::error::DateError;

fn error(text: &str, target: &'static str) -> DateError {
    DateError {
        text: text.to_owned(),
        target,
    }
}

/// RFC 3339 at the value's offset (`2024-01-02T10:00:00+01:00`; `Z` for a zero offset), the
/// fraction of a second written when there is one; the time crate's own text for a year RFC
/// 3339 cannot write.
impl From<time::OffsetDateTime> for DateTime {
    fn from(t: time::OffsetDateTime) -> Self {
        DateTime::from_unix_nanos(t.unix_timestamp_nanos(), t.offset().whole_seconds())
            .unwrap_or_else(|| t.to_string().into())
    }
}

/// `YYYY-MM-DD`.
impl From<time::Date> for Date {
    fn from(d: time::Date) -> Self {
        Date::from_ymd(d.year(), u8::from(d.month()), d.day())
            .unwrap_or_else(|| d.to_string().into())
    }
}

/// The instant at the text's own offset, if the text has one.
impl TryFrom<&DateTime> for time::OffsetDateTime {
    type Error = DateError;

    fn try_from(value: &DateTime) -> Result<Self, DateError> {
        let convert = || {
            let utc =
                time::OffsetDateTime::from_unix_timestamp_nanos(value.unix_timestamp_nanos()?)
                    .ok()?;
            let offset = time::UtcOffset::from_whole_seconds(value.offset_seconds()?).ok()?;
            utc.checked_to_offset(offset)
        };
        convert().ok_or_else(|| error(value.as_str(), "time::OffsetDateTime"))
    }
}

/// The date, if the text reads as one.
impl TryFrom<&Date> for time::Date {
    type Error = DateError;

    fn try_from(value: &Date) -> Result<Self, DateError> {
        let convert = || {
            let d = value.ymd()?;
            let month = time::Month::try_from(d.month).ok()?;
            time::Date::from_calendar_date(d.year, month, d.day).ok()
        };
        convert().ok_or_else(|| error(value.as_str(), "time::Date"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_values_convert_both_ways() {
        let utc = time::OffsetDateTime::from_unix_timestamp(1_704_186_000).unwrap();
        let ours = DateTime::from(utc);
        assert_eq!(ours.as_str(), "2024-01-02T09:00:00Z");
        assert_eq!(time::OffsetDateTime::try_from(&ours), Ok(utc));
        let paris = utc.to_offset(time::UtcOffset::from_whole_seconds(3600).unwrap());
        let ours = DateTime::from(paris);
        assert_eq!(ours.as_str(), "2024-01-02T10:00:00+01:00");
        let back = time::OffsetDateTime::try_from(&ours).unwrap();
        assert_eq!((back, back.offset().whole_seconds()), (paris, 3600));
        assert!(time::OffsetDateTime::try_from(&DateTime::from("soon")).is_err());
        let day = time::Date::from_calendar_date(2024, time::Month::February, 29).unwrap();
        assert_eq!(Date::from(day).as_str(), "2024-02-29");
        assert_eq!(time::Date::try_from(&Date::from(day)), Ok(day));
    }
}
