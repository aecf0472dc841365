//! Conversions between [`DateTime`]/[`Date`] and chrono's `DateTime<Tz>` and `NaiveDate`
//! (feature `chrono`).

use chrono::{Datelike as _, Offset as _};

use super::date::Date;
use super::datetime::DateTime;
use super::error::DateError;

fn error(text: &str, target: &'static str) -> DateError {
    DateError {
        text: text.to_owned(),
        target,
    }
}

/// RFC 3339 at the value's offset (`2024-01-02T10:00:00+01:00`; `Z` for UTC and any zero
/// offset), the fraction of a second written when there is one; chrono's own text for a year
/// RFC 3339 cannot write.
impl<Tz: chrono::TimeZone> From<chrono::DateTime<Tz>> for DateTime {
    fn from(t: chrono::DateTime<Tz>) -> Self {
        // chrono writes a leap second as a fraction of 1 s or more: kept within the second.
        let nanos = t.timestamp_subsec_nanos().min(999_999_999);
        let offset = t.offset().fix().local_minus_utc();
        DateTime::from_unix_nanos(
            i128::from(t.timestamp()) * 1_000_000_000 + i128::from(nanos),
            offset,
        )
        .unwrap_or_else(|| t.fixed_offset().to_string().into())
    }
}

/// `YYYY-MM-DD`.
impl From<chrono::NaiveDate> for Date {
    fn from(d: chrono::NaiveDate) -> Self {
        Date::from_ymd(d.year(), d.month() as u8, d.day() as u8)
            .unwrap_or_else(|| d.to_string().into())
    }
}

/// The instant at the text's own offset, if the text has one.
impl TryFrom<&DateTime> for chrono::DateTime<chrono::FixedOffset> {
    type Error = DateError;

    fn try_from(value: &DateTime) -> Result<Self, DateError> {
        let convert = || {
            let utc = chrono::DateTime::<chrono::Utc>::try_from(value).ok()?;
            let offset = chrono::FixedOffset::east_opt(value.offset_seconds()?)?;
            Some(utc.with_timezone(&offset))
        };
        convert().ok_or_else(|| error(value.as_str(), "chrono::DateTime<FixedOffset>"))
    }
}

/// The instant, if the text has one.
impl TryFrom<&DateTime> for chrono::DateTime<chrono::Utc> {
    type Error = DateError;

    fn try_from(value: &DateTime) -> Result<Self, DateError> {
        value
            .instant()
            .and_then(|(seconds, nanos)| chrono::DateTime::from_timestamp(seconds, nanos))
            .ok_or_else(|| error(value.as_str(), "chrono::DateTime<Utc>"))
    }
}

/// The date, if the text reads as one.
impl TryFrom<&Date> for chrono::NaiveDate {
    type Error = DateError;

    fn try_from(value: &Date) -> Result<Self, DateError> {
        value
            .ymd()
            .and_then(|d| {
                chrono::NaiveDate::from_ymd_opt(d.year, u32::from(d.month), u32::from(d.day))
            })
            .ok_or_else(|| error(value.as_str(), "chrono::NaiveDate"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;

    #[test]
    fn chrono_values_convert_both_ways() {
        let utc = chrono::Utc.with_ymd_and_hms(2024, 1, 2, 9, 0, 0).unwrap();
        let ours = DateTime::from(utc);
        assert_eq!(ours.as_str(), "2024-01-02T09:00:00Z");
        assert_eq!(chrono::DateTime::<chrono::Utc>::try_from(&ours), Ok(utc));
        let paris = utc.with_timezone(&chrono::FixedOffset::east_opt(3600).unwrap());
        let ours = DateTime::from(paris);
        assert_eq!(ours.as_str(), "2024-01-02T10:00:00+01:00");
        let back = chrono::DateTime::<chrono::FixedOffset>::try_from(&ours).unwrap();
        assert_eq!((back, back.offset().local_minus_utc()), (paris, 3600));
        let never = DateTime::from("0000-00-00 00:00:00");
        assert!(chrono::DateTime::<chrono::Utc>::try_from(&never).is_err());
        let day = chrono::NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(Date::from(day).as_str(), "2024-02-29");
        assert_eq!(chrono::NaiveDate::try_from(&Date::from(day)), Ok(day));
    }
}
