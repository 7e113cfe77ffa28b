//! The docs site's readiness page: scores, findings, a criterion × control coverage matrix
//! and a control × month evidence calendar.

use super::Ctx;
use super::paths::{self, PageLinker};
use crate::diag::Severity;
use crate::markdown::RefKind;
use crate::model::{ItemRef, Status};
use crate::readiness::{About, Finding, Kind, Readiness, Row, Score, State};
use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeMap;

/// `readiness` of `readiness.html`.
#[derive(Debug, Serialize)]
pub struct ReadinessView<'a> {
    /// The as-of date of the analysis, `YYYY-MM-DD`.
    pub as_of: String,
    /// Evidence is due for every period that ended by this day, `YYYY-MM-DD`.
    pub cutoff: String,
    /// Criteria in scope with an implemented control.
    pub criteria: ScoreView,
    /// Evidence periods due that have evidence.
    pub evidence: ScoreView,
    /// Findings shown that are errors.
    pub errors: usize,
    /// Findings shown that are warnings.
    pub warnings: usize,
    /// Findings shown, counted by kind, in kind order.
    pub counts: Vec<KindCount>,
    /// The findings this site may show (none about an item it hides).
    pub findings: Vec<FindingView<'a>>,
    /// The months of the audit period: the calendar's columns.
    pub months: Vec<MonthView>,
    /// One row per control shown: its evidence periods.
    pub calendar: Vec<CalendarRow<'a>>,
    /// The calendar's missing periods as a list (its text alternative).
    pub gaps: Vec<Gap<'a>>,
    /// Criteria in scope × the controls shown that cite any of them.
    pub matrix: Matrix<'a>,
}

/// A score: `met` of `total`.
#[derive(Debug, Serialize)]
pub struct ScoreView {
    /// How many are met.
    pub met: usize,
    /// Out of how many.
    pub total: usize,
    /// The percentage, formatted (`97`, `98.7`).
    pub percent: String,
}

/// How many findings of a kind.
#[derive(Debug, Serialize)]
pub struct KindCount {
    /// The kind (`evidence-missing`).
    pub kind: &'static str,
    /// How many.
    pub count: usize,
}

/// A finding as the page lists it.
#[derive(Debug, Serialize)]
pub struct FindingView<'a> {
    /// Its kind (`evidence-missing`).
    pub kind: &'static str,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// The control, criterion, policy or subprocessor id.
    pub subject: &'a str,
    /// The subject's page, when the site has one.
    pub href: Option<String>,
    /// The evidence period, for missing evidence.
    pub period: Option<&'a str>,
    /// What is wrong and what to do.
    pub message: &'a str,
    /// The file where the subject is defined.
    pub file: &'a str,
    /// Its line.
    pub line: u32,
}

/// A column of the calendar.
#[derive(Debug, Serialize)]
pub struct MonthView {
    /// `Jan 2026`.
    pub label: String,
}

/// Whether an evidence period has evidence.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct StateView {
    /// `present`, `missing` or `not-due`.
    pub key: &'static str,
    /// `✓`, `✗` or `·`.
    pub symbol: &'static str,
    /// `Present`, `Missing` or `Not yet due`.
    pub label: &'static str,
}

/// A control's row of the calendar.
#[derive(Debug, Serialize)]
pub struct CalendarRow<'a> {
    /// The control's id.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its page.
    pub href: Option<String>,
    /// The cadence its evidence is expected at.
    pub cadence: &'static str,
    /// Its frequency.
    pub frequency: &'static str,
    /// Its cells, left to right.
    pub cells: Vec<CalendarCell>,
    /// Its missing periods.
    pub missing: usize,
}

/// A cell of the calendar: one evidence period, or one month of finer periods.
#[derive(Debug, Serialize)]
pub struct CalendarCell {
    /// How many months it spans.
    pub span: usize,
    /// Its state.
    pub state: StateView,
    /// What it says, for its tooltip and screen readers.
    pub title: String,
}

/// A control with missing evidence periods.
#[derive(Debug, Serialize)]
pub struct Gap<'a> {
    /// The control's id.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its page.
    pub href: Option<String>,
    /// The labels of its missing periods.
    pub periods: Vec<&'a str>,
}

/// The criterion × control coverage matrix.
#[derive(Debug, Serialize)]
pub struct Matrix<'a> {
    /// The controls.
    pub columns: Vec<MatrixColumn<'a>>,
    /// The criteria.
    pub rows: Vec<MatrixRow<'a>>,
}

/// A control column of the matrix.
#[derive(Debug, Serialize)]
pub struct MatrixColumn<'a> {
    /// The control's id.
    pub id: &'a str,
    /// Its page.
    pub href: String,
}

/// A criterion row of the matrix.
#[derive(Debug, Serialize)]
pub struct MatrixRow<'a> {
    /// The criterion's key.
    pub key: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its page.
    pub href: Option<String>,
    /// Its coverage state.
    pub coverage: &'static str,
    /// One cell per column.
    pub cells: Vec<MatrixCell>,
}

/// A cell of the matrix: whether the column's control cites the row's criterion.
#[derive(Debug, Serialize)]
pub struct MatrixCell {
    /// `●`, `◐`, `–`, or empty when the control does not cite it.
    pub symbol: &'static str,
    /// `implemented`, `pending`, `not-applicable` or `none`.
    pub key: &'static str,
    /// `AC-01 CC6.1 (implemented)`, or empty.
    pub title: String,
}

fn state_view(s: State) -> StateView {
    let (key, symbol, label) = match s {
        State::Present => ("present", "✓", "Present"),
        State::Missing => ("missing", "✗", "Missing"),
        State::NotDue => ("not-due", "·", "Not yet due"),
    };
    StateView { key, symbol, label }
}

/// Whether the site's audience may see the item a finding is about (the analysis covers
/// everything; a finding about a confidential policy must not name it on the docs site).
fn visible(ctx: &Ctx<'_>, f: &Finding) -> bool {
    let (p, a) = (ctx.project, &ctx.audience);
    match f.about {
        About::Criterion | About::Subprocessor(_) => true,
        About::Control(i) => a.control(&p.controls[i]),
        About::Policy(i) => a.shows_body(p, ItemRef::Policy(i)),
        About::Procedure(i) => a.shows_body(p, ItemRef::Procedure(i)),
        About::Evidence(i) => a.evidence(&p.evidence[i]),
    }
}

/// The template data of the readiness page.
pub fn view<'a>(ctx: &Ctx<'a>, r: &'a Readiness, linker: &PageLinker<'_>) -> ReadinessView<'a> {
    let shown: Vec<&Finding> = r.findings.iter().filter(|f| visible(ctx, f)).collect();
    let months = months(ctx);
    let rows: Vec<&Row> = r
        .rows
        .iter()
        .filter(|row| ctx.audience.control(&ctx.project.controls[row.control]))
        .collect();
    let severity = |s: Severity| shown.iter().filter(|f| f.severity == s).count();
    ReadinessView {
        as_of: r.as_of.to_string(),
        cutoff: r.cutoff.to_string(),
        criteria: score(r.criteria, format!("{:.0}", r.criteria.percent())),
        evidence: score(r.evidence, format!("{:.1}", r.evidence.percent())),
        errors: severity(Severity::Error),
        warnings: severity(Severity::Warning),
        counts: counts(&shown),
        findings: shown.iter().map(|f| finding(ctx, f, linker)).collect(),
        months: months
            .iter()
            .map(|m| MonthView {
                label: m.strftime("%b %Y").to_string(),
            })
            .collect(),
        calendar: rows
            .iter()
            .map(|row| calendar_row(ctx, row, &months, linker))
            .collect(),
        gaps: rows
            .iter()
            .filter_map(|row| gap(ctx, row, linker))
            .collect(),
        matrix: matrix(ctx, linker),
    }
}

fn score(s: Score, percent: String) -> ScoreView {
    ScoreView {
        met: s.met,
        total: s.total,
        percent,
    }
}

/// The first days of the months of the audit period: the calendar's columns.
fn months(ctx: &Ctx<'_>) -> Vec<Date> {
    let period = &ctx.project.config.audit.period;
    let mut months = Vec::new();
    let mut m = period.start.first_of_month();
    while m <= period.end {
        months.push(m);
        m = match m.checked_add(1.month()) {
            Ok(d) => d,
            Err(_) => break,
        };
    }
    months
}

/// A control's row of the calendar. Slices of a month or longer become cells spanning their
/// months; finer slices (daily, weekly) are summed up per month.
fn calendar_row<'a>(
    ctx: &Ctx<'a>,
    row: &Row,
    months: &[Date],
    linker: &PageLinker<'_>,
) -> CalendarRow<'a> {
    let c = &ctx.project.controls[row.control];
    let month_of = |d: Date| months.iter().rposition(|m| *m <= d).unwrap_or(0);
    let finer = row.slices.iter().any(|(s, _)| {
        month_of(s.period.start) == month_of(s.period.end)
            && (s.period.end - s.period.start).get_days() < 27
    });
    let cells = if finer {
        months
            .iter()
            .enumerate()
            .map(|(mi, month)| month_cell(row, mi, *month, month_of))
            .collect()
    } else {
        row.slices
            .iter()
            .map(|(s, st)| CalendarCell {
                span: month_of(s.period.end) - month_of(s.period.start) + 1,
                state: state_view(*st),
                title: format!("{}: {}", s.period.label, state_view(*st).label),
            })
            .collect()
    };
    CalendarRow {
        id: &c.id.value,
        title: &c.title,
        href: linker.href(ItemRef::Control(row.control)),
        cadence: row.cadence.name(),
        frequency: c.frequency.name(),
        cells,
        missing: row
            .slices
            .iter()
            .filter(|(_, s)| *s == State::Missing)
            .count(),
    }
}

/// One month of a control with finer slices: missing if any slice is, not due if all are.
fn month_cell(row: &Row, mi: usize, month: Date, month_of: impl Fn(Date) -> usize) -> CalendarCell {
    let states: Vec<State> = row
        .slices
        .iter()
        .filter(|(s, _)| month_of(s.period.start) == mi)
        .map(|(_, st)| *st)
        .collect();
    let st = if states.contains(&State::Missing) {
        State::Missing
    } else if states.iter().all(|s| *s == State::NotDue) {
        State::NotDue
    } else {
        State::Present
    };
    let missing = states.iter().filter(|s| **s == State::Missing).count();
    CalendarCell {
        span: 1,
        state: state_view(st),
        title: format!(
            "{} {}: {} of {} slices missing",
            month.strftime("%B"),
            month.year(),
            missing,
            states.len()
        ),
    }
}

/// A control's missing periods, if any: the calendar's text alternative, and what a reader
/// acts on.
fn gap<'a>(ctx: &Ctx<'a>, row: &'a Row, linker: &PageLinker<'_>) -> Option<Gap<'a>> {
    let periods: Vec<&str> = row
        .slices
        .iter()
        .filter(|(_, st)| *st == State::Missing)
        .map(|(s, _)| s.period.label.as_str())
        .collect();
    let c = &ctx.project.controls[row.control];
    (!periods.is_empty()).then(|| Gap {
        id: &c.id.value,
        title: &c.title,
        href: linker.href(ItemRef::Control(row.control)),
        periods,
    })
}

/// The coverage matrix: criteria in scope × controls shown citing any of them.
fn matrix<'a>(ctx: &Ctx<'a>, linker: &PageLinker<'_>) -> Matrix<'a> {
    let p = ctx.project;
    let columns: Vec<usize> = (0..p.controls.len())
        .filter(|&i| ctx.audience.control(&p.controls[i]))
        .filter(|&i| {
            p.controls[i]
                .criteria_refs
                .iter()
                .any(|r| p.criterion(*r).in_scope)
        })
        .collect();
    let rows = p
        .criteria()
        .filter(|(_, c)| c.in_scope)
        .map(|(r, c)| MatrixRow {
            key: &c.key,
            title: &c.title,
            href: linker.href(ItemRef::Criterion(r)),
            coverage: super::views::coverage(ctx, r),
            cells: columns
                .iter()
                .map(|&i| {
                    let ctl = &p.controls[i];
                    if !ctl.criteria_refs.contains(&r) {
                        return MatrixCell {
                            symbol: "",
                            key: "none",
                            title: String::new(),
                        };
                    }
                    let (symbol, key) = match ctl.status {
                        Status::Implemented => ("●", "implemented"),
                        Status::InProgress | Status::Planned => ("◐", "pending"),
                        Status::NotApplicable => ("–", "not-applicable"),
                    };
                    MatrixCell {
                        symbol,
                        key,
                        title: format!("{} {} ({})", ctl.id.value, c.key, ctl.status),
                    }
                })
                .collect(),
        })
        .collect();
    let columns = columns
        .iter()
        .map(|&i| MatrixColumn {
            id: &p.controls[i].id.value,
            href: format!("{}{}", linker.root, paths::control(&p.controls[i].id)),
        })
        .collect();
    Matrix { columns, rows }
}

/// A finding as the page lists it, linked to its subject's page when there is one.
fn finding<'a>(ctx: &Ctx<'_>, f: &'a Finding, linker: &PageLinker<'_>) -> FindingView<'a> {
    let p = ctx.project;
    let item = [
        RefKind::Control,
        RefKind::Policy,
        RefKind::Subprocessor,
        RefKind::Criterion,
    ]
    .into_iter()
    .find_map(|kind| p.lookup(kind, &f.subject));
    FindingView {
        kind: f.kind.name(),
        severity: if f.severity == Severity::Error {
            "error"
        } else {
            "warning"
        },
        subject: &f.subject,
        href: item.and_then(|i| linker.href(i)),
        period: f.period.as_deref(),
        message: &f.message,
        file: &f.file,
        line: f.line,
    }
}

/// Counts by kind of the findings shown, in kind order.
fn counts(shown: &[&Finding]) -> Vec<KindCount> {
    let mut by: BTreeMap<Kind, usize> = BTreeMap::new();
    for f in shown {
        *by.entry(f.kind).or_default() += 1;
    }
    by.into_iter()
        .map(|(kind, count)| KindCount {
            kind: kind.name(),
            count,
        })
        .collect()
}
