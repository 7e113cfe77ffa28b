//! The build's notion of "now": `SOURCE_DATE_EPOCH` when set (reproducible builds), else the
//! system clock. Nothing else in trustbook reads the clock.

use crate::error::{Error, Result};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// The moment the build is stamped with.
pub fn build_time() -> Result<Timestamp> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.trim().is_empty() => {
            let secs: i64 = v.trim().parse().map_err(|_| {
                Error::Usage(format!(
                    "SOURCE_DATE_EPOCH must be whole seconds since 1970, not `{v}`"
                ))
            })?;
            Timestamp::from_second(secs)
                .map_err(|e| Error::Usage(format!("SOURCE_DATE_EPOCH `{v}` is out of range: {e}")))
        }
        _ => Ok(Timestamp::now()),
    }
}

/// The date a readiness analysis is as of: the given date, else the day of
/// `SOURCE_DATE_EPOCH`, else today (UTC).
pub fn as_of(given: Option<Date>) -> Result<Date> {
    match given {
        Some(d) => Ok(d),
        None => Ok(utc_date(build_time()?)),
    }
}

/// Parses a `--as-of` value.
pub fn parse_date_arg(s: &str) -> std::result::Result<Date, String> {
    crate::dates::parse_date(s).map_err(|(msg, hint)| format!("{msg} ({hint})"))
}

/// The UTC calendar day of a timestamp.
pub fn utc_date(t: Timestamp) -> Date {
    TimeZone::UTC.to_datetime(t).date()
}
