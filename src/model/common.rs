//! Value types shared by several kinds of item: classification levels, intervals and periods.

use crate::yaml::Keyword;
use jiff::civil::Date;
use jiff::{Span as JiffSpan, ToSpan};
use serde::Serialize;
use std::fmt;

/// How widely an item may be shown, from least to most restricted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Classification {
    /// Anyone, including the public trust center.
    Public,
    /// Customers and prospects (listed publicly by title, body on request).
    Customer,
    /// Employees.
    Internal,
    /// The auditor and named staff only.
    Confidential,
}

impl Keyword for Classification {
    const WHAT: &'static str = "classification";
    const ALL: &'static [(&'static str, Self)] = &[
        ("public", Classification::Public),
        ("customer", Classification::Customer),
        ("internal", Classification::Internal),
        ("confidential", Classification::Confidential),
    ];
}

impl Classification {
    /// The lowercase name.
    pub fn name(self) -> &'static str {
        Keyword::as_str(self)
    }
}

impl fmt::Display for Classification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A unit of a review interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntervalUnit {
    /// Days.
    Day,
    /// Weeks.
    Week,
    /// Calendar months.
    Month,
    /// Calendar years.
    Year,
}

/// A recurring interval such as `12 months`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    /// How many units.
    pub count: u32,
    /// Which unit.
    pub unit: IntervalUnit,
}

impl Interval {
    /// Parses `N days|weeks|months|years` (singular or plural).
    pub fn parse(s: &str) -> Result<Interval, String> {
        let mut parts = s.split_whitespace();
        let (Some(n), Some(unit), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(format!("`{s}` is not an interval"));
        };
        let count: u32 = n
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("`{n}` is not a positive whole number"))?;
        let unit = match unit.to_lowercase().trim_end_matches('s') {
            "day" => IntervalUnit::Day,
            "week" => IntervalUnit::Week,
            "month" => IntervalUnit::Month,
            "year" => IntervalUnit::Year,
            other => return Err(format!("`{other}` is not a unit of time")),
        };
        Ok(Interval { count, unit })
    }

    /// The interval as a calendar span.
    pub fn span(self) -> JiffSpan {
        let n = i64::from(self.count);
        match self.unit {
            IntervalUnit::Day => n.days(),
            IntervalUnit::Week => n.weeks(),
            IntervalUnit::Month => n.months(),
            IntervalUnit::Year => n.years(),
        }
    }

    /// The date one interval after `date` (saturating at the end of the calendar).
    pub fn after(self, date: Date) -> Date {
        date.checked_add(self.span()).unwrap_or(Date::MAX)
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            IntervalUnit::Day => "day",
            IntervalUnit::Week => "week",
            IntervalUnit::Month => "month",
            IntervalUnit::Year => "year",
        };
        let plural = if self.count == 1 { "" } else { "s" };
        write!(f, "{} {unit}{plural}", self.count)
    }
}

/// An inclusive range of days, with the label it was written as.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    /// First day.
    pub start: Date,
    /// Last day (inclusive).
    pub end: Date,
    /// How it is shown: `2026-Q1`, `2026-03`, or `2026-01-01 – 2026-06-30`.
    pub label: String,
}

impl Period {
    /// A period from two dates, labelled by its bounds.
    pub fn between(start: Date, end: Date) -> Period {
        let label = if start == end {
            start.to_string()
        } else {
            format!("{start} – {end}")
        };
        Period { start, end, label }
    }

    /// Parses the short forms `2026`, `2026-H1`, `2026-Q2`, `2026-03`, `2026-W05`, `2026-03-14`.
    pub fn parse_label(s: &str) -> Result<Period, String> {
        let bad = || format!("`{s}` is not a period");
        let (year_text, rest) = s.split_once('-').unwrap_or((s, ""));
        if year_text.len() != 4 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i16 = year_text.parse().map_err(|_| bad())?;
        let date = |m: i8, d: i8| Date::new(year, m, d).map_err(|_| bad());
        let month_end = |m: i8| -> Result<Date, String> { Ok(date(m, 1)?.last_of_month()) };
        let labelled = |start: Date, end: Date| Period {
            start,
            end,
            label: s.to_owned(),
        };
        if rest.is_empty() {
            return Ok(labelled(date(1, 1)?, date(12, 31)?));
        }
        let num = |t: &str| t.parse::<i8>().map_err(|_| bad());
        if let Some(h) = rest.strip_prefix('H') {
            let h = num(h)?;
            return match h {
                1 => Ok(labelled(date(1, 1)?, date(6, 30)?)),
                2 => Ok(labelled(date(7, 1)?, date(12, 31)?)),
                _ => Err(format!("`{s}`: a half-year is H1 or H2")),
            };
        }
        if let Some(q) = rest.strip_prefix('Q') {
            let q = num(q)?;
            if !(1..=4).contains(&q) {
                return Err(format!("`{s}`: a quarter is Q1 to Q4"));
            }
            let first = (q - 1) * 3 + 1;
            return Ok(labelled(date(first, 1)?, month_end(first + 2)?));
        }
        if let Some(w) = rest.strip_prefix('W') {
            let w = num(w)?;
            let wd = jiff::civil::ISOWeekDate::new(year, w, jiff::civil::Weekday::Monday)
                .map_err(|_| format!("`{s}`: {year} has no week {w}"))?;
            let start = wd.date();
            let end = start.checked_add(6.days()).map_err(|_| bad())?;
            return Ok(labelled(start, end));
        }
        let parts: Vec<&str> = rest.split('-').collect();
        match parts.as_slice() {
            [m] if m.len() == 2 => {
                let m = num(m)?;
                if !(1..=12).contains(&m) {
                    return Err(format!("`{s}`: there is no month {m}"));
                }
                Ok(labelled(date(m, 1)?, month_end(m)?))
            }
            [_, _] => {
                let d = crate::dates::parse_date(s).map_err(|(msg, _)| msg)?;
                Ok(labelled(d, d))
            }
            _ => Err(bad()),
        }
    }

    /// Whether the two periods share at least one day.
    pub fn overlaps(&self, other: &Period) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// Whether a day lies inside the period.
    pub fn contains(&self, date: Date) -> bool {
        self.start <= date && date <= self.end
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn period_labels() {
        let q = Period::parse_label("2026-Q2").unwrap();
        assert_eq!((q.start, q.end), (date(2026, 4, 1), date(2026, 6, 30)));
        let m = Period::parse_label("2024-02").unwrap();
        assert_eq!(m.end, date(2024, 2, 29));
        let w = Period::parse_label("2026-W01").unwrap();
        assert_eq!(w.start, date(2025, 12, 29));
        assert!(Period::parse_label("2026-Q5").is_err());
        assert!(Period::parse_label("2026-13").is_err());
        assert_eq!(
            Period::parse_label("2026-03-14").unwrap().start,
            date(2026, 3, 14)
        );
    }

    #[test]
    fn intervals() {
        let i = Interval::parse("12 months").unwrap();
        assert_eq!(i.after(date(2026, 1, 31)), date(2027, 1, 31));
        assert_eq!(Interval::parse("1 year").unwrap().to_string(), "1 year");
        assert!(Interval::parse("twelve months").is_err());
        assert!(Interval::parse("3 fortnights").is_err());
    }
}
