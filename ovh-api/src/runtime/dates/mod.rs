//! Dates and times that keep the text OVH sent: what generated models and setters use for the
//! schemas' `datetime` and `date`, and their conversions to the date crates.

pub(crate) mod civil; // reading and writing the text forms, calendar arithmetic
pub(crate) mod date; // `Date`
pub(crate) mod datetime; // `DateTime`
pub(crate) mod error; // `DateError`: a value a date crate's type cannot hold
pub(crate) mod text; // the impls both share: compared by key, shown and encoded as their text
#[cfg(feature = "chrono")]
mod with_chrono; // `From`/`TryFrom` between these and chrono's types
#[cfg(feature = "jiff")]
mod with_jiff; // the same for jiff's
#[cfg(feature = "time")]
mod with_time; // the same for the time crate's
