//! [`DateError`]: a date or time a date crate's type cannot hold.

/// A [`DateTime`](crate::DateTime) or [`Date`](crate::Date) that does not convert to a date
/// crate's type (`jiff::Timestamp::try_from(&date)`, …): its text is not a date and time with
/// an offset (or not a date), or the value lies outside what that type holds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} does not convert to {target}")]
pub struct DateError {
    /// The text that did not convert.
    pub(crate) text: String,
    /// The type it was converted to (`jiff::Timestamp`).
    pub(crate) target: &'static str,
}

impl DateError {
    /// The text that did not convert.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The name of the type it did not convert to (`"jiff::Timestamp"`).
    pub fn target(&self) -> &'static str {
        self.target
    }
}
