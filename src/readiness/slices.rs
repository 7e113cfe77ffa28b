//! Cutting the audit period into the slices in which a control must show evidence.

use crate::model::{Control, Frequency, Period};
use jiff::ToSpan;
use jiff::civil::Date;

/// How often evidence is expected: the control's frequency, except that continuous controls
/// and automated controls running more often than monthly are expected to show evidence
/// monthly (an export or report per month), and event-driven controls once in the period.
pub fn cadence(c: &Control) -> Frequency {
    match c.frequency {
        Frequency::Continuous => Frequency::Monthly,
        Frequency::Daily | Frequency::Weekly if c.automated => Frequency::Monthly,
        f => f,
    }
}

/// One slice of the audit period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slice {
    /// The part of the audit period it covers (clipped to the period).
    pub period: Period,
    /// Whether evidence is due: the slice ended on or before the cut-off date.
    pub due: bool,
}

/// The slices of `period` for a cadence, each clipped to the period, with those ending
/// after `cutoff` marked not yet due.
pub fn slices(period: &Period, cadence: Frequency, cutoff: Date) -> Vec<Slice> {
    let mut out = Vec::new();
    if cadence == Frequency::EventDriven {
        out.push(Slice {
            period: Period {
                start: period.start,
                end: period.end,
                label: format!("{} – {}", period.start, period.end),
            },
            due: period.end <= cutoff,
        });
        return out;
    }
    let mut start = period.start;
    while start <= period.end {
        let (natural_start, natural_end, label) = natural(start, cadence);
        let end = natural_end.min(period.end);
        out.push(Slice {
            period: Period {
                start: start.max(natural_start),
                end,
                label,
            },
            due: end <= cutoff,
        });
        start = match end.checked_add(1.day()) {
            Ok(d) => d,
            Err(_) => break,
        };
    }
    out
}

/// The calendar slice containing `day` for a cadence: its first and last day and label.
fn natural(day: Date, cadence: Frequency) -> (Date, Date, String) {
    let y = day.year();
    let month_start = day.first_of_month();
    match cadence {
        Frequency::Daily => (day, day, day.to_string()),
        Frequency::Weekly => {
            let iso = day.iso_week_date();
            let monday = day
                .checked_sub(i64::from(iso.weekday().to_monday_zero_offset()).days())
                .unwrap_or(day);
            let sunday = monday.checked_add(6.days()).unwrap_or(day);
            (monday, sunday, format!("{}-W{:02}", iso.year(), iso.week()))
        }
        Frequency::Monthly | Frequency::Continuous => (
            month_start,
            day.last_of_month(),
            format!("{y:04}-{:02}", day.month()),
        ),
        Frequency::Quarterly => {
            let q = (day.month() - 1) / 3;
            let first = jiff::civil::date(y, q * 3 + 1, 1);
            let last = jiff::civil::date(y, q * 3 + 3, 1).last_of_month();
            (first, last, format!("{y:04}-Q{}", q + 1))
        }
        Frequency::Semiannual => {
            if day.month() <= 6 {
                (
                    jiff::civil::date(y, 1, 1),
                    jiff::civil::date(y, 6, 30),
                    format!("{y:04}-H1"),
                )
            } else {
                (
                    jiff::civil::date(y, 7, 1),
                    jiff::civil::date(y, 12, 31),
                    format!("{y:04}-H2"),
                )
            }
        }
        Frequency::Annual | Frequency::EventDriven => (
            jiff::civil::date(y, 1, 1),
            jiff::civil::date(y, 12, 31),
            format!("{y:04}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn p(start: Date, end: Date) -> Period {
        Period::between(start, end)
    }

    fn labels(s: &[Slice]) -> Vec<String> {
        s.iter().map(|x| x.period.label.clone()).collect()
    }

    #[test]
    fn monthly_clips_a_period_starting_mid_month() {
        let s = slices(
            &p(date(2026, 1, 15), date(2026, 4, 10)),
            Frequency::Monthly,
            date(2027, 1, 1),
        );
        assert_eq!(labels(&s), ["2026-01", "2026-02", "2026-03", "2026-04"]);
        assert_eq!(
            (s[0].period.start, s[0].period.end),
            (date(2026, 1, 15), date(2026, 1, 31))
        );
        assert_eq!(
            (s[3].period.start, s[3].period.end),
            (date(2026, 4, 1), date(2026, 4, 10))
        );
        assert!(s.iter().all(|x| x.due));
    }

    #[test]
    fn leap_february_ends_on_the_29th() {
        let s = slices(
            &p(date(2024, 1, 1), date(2024, 3, 31)),
            Frequency::Monthly,
            date(2025, 1, 1),
        );
        assert_eq!(s[1].period.end, date(2024, 2, 29));
        let s = slices(
            &p(date(2025, 2, 1), date(2025, 2, 28)),
            Frequency::Monthly,
            date(2026, 1, 1),
        );
        assert_eq!(s[0].period.end, date(2025, 2, 28));
        let days = slices(
            &p(date(2024, 2, 27), date(2024, 3, 1)),
            Frequency::Daily,
            date(2025, 1, 1),
        );
        assert_eq!(
            labels(&days),
            ["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"]
        );
    }

    #[test]
    fn quarters_and_halves_cross_the_year_boundary() {
        let s = slices(
            &p(date(2025, 11, 1), date(2026, 8, 31)),
            Frequency::Quarterly,
            date(2027, 1, 1),
        );
        assert_eq!(labels(&s), ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]);
        assert_eq!(s[0].period.start, date(2025, 11, 1));
        assert_eq!(s[3].period.end, date(2026, 8, 31));
        let h = slices(
            &p(date(2025, 10, 1), date(2026, 9, 30)),
            Frequency::Semiannual,
            date(2027, 1, 1),
        );
        assert_eq!(labels(&h), ["2025-H2", "2026-H1", "2026-H2"]);
        let a = slices(
            &p(date(2025, 7, 1), date(2026, 6, 30)),
            Frequency::Annual,
            date(2027, 1, 1),
        );
        assert_eq!(labels(&a), ["2025", "2026"]);
        assert_eq!(
            a[1].period,
            Period {
                start: date(2026, 1, 1),
                end: date(2026, 6, 30),
                label: "2026".into()
            }
        );
    }

    #[test]
    fn iso_weeks_belong_to_their_week_year() {
        // 2026-01-01 is a Thursday: it belongs to week 1 of 2026, which starts on 2025-12-29.
        let s = slices(
            &p(date(2025, 12, 24), date(2026, 1, 12)),
            Frequency::Weekly,
            date(2027, 1, 1),
        );
        assert_eq!(labels(&s), ["2025-W52", "2026-W01", "2026-W02", "2026-W03"]);
        assert_eq!(
            (s[1].period.start, s[1].period.end),
            (date(2025, 12, 29), date(2026, 1, 4))
        );
        assert_eq!(
            s[0].period.start,
            date(2025, 12, 24),
            "clipped to the period"
        );
        assert_eq!(s[3].period.end, date(2026, 1, 12));
        // 2020 has a week 53.
        let w = slices(
            &p(date(2020, 12, 28), date(2021, 1, 3)),
            Frequency::Weekly,
            date(2022, 1, 1),
        );
        assert_eq!(labels(&w), ["2020-W53"]);
    }

    #[test]
    fn an_as_of_date_inside_the_period_leaves_later_slices_not_yet_due() {
        let period = p(date(2026, 1, 1), date(2026, 6, 30));
        let s = slices(&period, Frequency::Monthly, date(2026, 4, 15));
        let due: Vec<bool> = s.iter().map(|x| x.due).collect();
        assert_eq!(
            due,
            [true, true, true, false, false, false],
            "April is still running"
        );
        let q = slices(&period, Frequency::Quarterly, date(2026, 3, 31));
        assert_eq!(q.iter().map(|x| x.due).collect::<Vec<_>>(), [true, false]);
        let e = slices(&period, Frequency::EventDriven, date(2026, 4, 15));
        assert_eq!(e.len(), 1);
        assert!(
            !e[0].due,
            "an event-driven control is judged once the period is over"
        );
        let e = slices(&period, Frequency::EventDriven, date(2026, 7, 1));
        assert!(e[0].due);
    }

    #[test]
    fn cadence_of_continuous_and_automated_controls_is_monthly() {
        let mut c = crate::model::Control {
            id: crate::source::Sp::new(
                "X-1".into(),
                crate::source::Span::file_start(crate::source::FileId(0)),
            ),
            title: String::new(),
            description: String::new(),
            owner: None,
            frequency: Frequency::Continuous,
            kind: crate::model::ControlKind::Preventive,
            automated: true,
            criteria: vec![],
            policies: vec![],
            procedures: vec![],
            subprocessors: vec![],
            status: crate::model::Status::Implemented,
            test_procedure: String::new(),
            public: false,
            area: None,
            area_resolved: crate::model::Area::Governance,
            criteria_refs: vec![],
            policy_refs: vec![],
            procedure_refs: vec![],
            subprocessor_refs: vec![],
        };
        assert_eq!(cadence(&c), Frequency::Monthly);
        c.frequency = Frequency::Daily;
        assert_eq!(cadence(&c), Frequency::Monthly);
        c.automated = false;
        assert_eq!(cadence(&c), Frequency::Daily);
        c.frequency = Frequency::Quarterly;
        c.automated = true;
        assert_eq!(cadence(&c), Frequency::Quarterly);
    }
}
