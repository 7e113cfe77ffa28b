//! The docs site's readiness page: scores, findings, a criterion × control coverage matrix
//! and a control × month evidence calendar.

use super::Ctx;
use super::paths::{self, PageLinker};
use crate::model::{ItemRef, Status};
use crate::readiness::{About, Finding, Readiness, State};
use jiff::ToSpan;
use serde_json::{Value, json};

fn state_view(s: State) -> Value {
    let (key, symbol, label) = match s {
        State::Present => ("present", "✓", "Present"),
        State::Missing => ("missing", "✗", "Missing"),
        State::NotDue => ("not-due", "·", "Not yet due"),
    };
    json!({ "key": key, "symbol": symbol, "label": label })
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
pub fn view(ctx: &Ctx<'_>, r: &Readiness, linker: &PageLinker<'_>) -> Value {
    let p = ctx.project;
    let shown: Vec<&Finding> = r.findings.iter().filter(|f| visible(ctx, f)).collect();
    let period = &p.config.audit.period;

    // Months of the period: the calendar's columns.
    let mut months = Vec::new();
    let mut m = period.start.first_of_month();
    while m <= period.end {
        months.push(m);
        m = match m.checked_add(1.month()) {
            Ok(d) => d,
            Err(_) => break,
        };
    }
    let month_of = |d: jiff::civil::Date| months.iter().rposition(|m| *m <= d).unwrap_or(0);

    let calendar: Vec<Value> = r
        .rows
        .iter()
        .filter(|row| ctx.audience.control(&p.controls[row.control]))
        .map(|row| {
            let c = &p.controls[row.control];
            // Slices of a month or longer become cells spanning their months; finer slices
            // (daily, weekly) are summed up per month.
            let mut cells: Vec<Value> = Vec::new();
            let finer = row.slices.iter().any(|(s, _)| month_of(s.period.start) == month_of(s.period.end) && (s.period.end - s.period.start).get_days() < 27);
            if finer {
                for (mi, month) in months.iter().enumerate() {
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
                    cells.push(json!({
                        "span": 1,
                        "state": state_view(st),
                        "title": format!("{} {}: {} of {} slices missing", month.strftime("%B"), month.year(), missing, states.len()),
                    }));
                }
            } else {
                for (s, st) in &row.slices {
                    let span = month_of(s.period.end) - month_of(s.period.start) + 1;
                    cells.push(json!({
                        "span": span,
                        "state": state_view(*st),
                        "title": format!("{}: {}", s.period.label, state_view(*st)["label"].as_str().unwrap_or_default()),
                    }));
                }
            }
            json!({
                "id": c.id.value,
                "title": c.title,
                "href": linker.href(ItemRef::Control(row.control)),
                "cadence": row.cadence.name(),
                "frequency": c.frequency.name(),
                "cells": cells,
                "missing": row.slices.iter().filter(|(_, s)| *s == State::Missing).count(),
            })
        })
        .collect();

    // The calendar's gaps as a list: its text alternative, and what a reader acts on.
    let gaps: Vec<Value> = r
        .rows
        .iter()
        .filter(|row| ctx.audience.control(&p.controls[row.control]))
        .filter_map(|row| {
            let periods: Vec<&str> = row
                .slices
                .iter()
                .filter(|(_, st)| *st == State::Missing)
                .map(|(s, _)| s.period.label.as_str())
                .collect();
            let c = &p.controls[row.control];
            (!periods.is_empty()).then(|| {
                json!({
                    "id": c.id.value,
                    "title": c.title,
                    "href": linker.href(ItemRef::Control(row.control)),
                    "periods": periods,
                })
            })
        })
        .collect();

    // Coverage matrix: criteria in scope × controls citing any of them.
    let crits: Vec<_> = p.criteria().filter(|(_, c)| c.in_scope).collect();
    let columns: Vec<usize> = (0..p.controls.len())
        .filter(|&i| ctx.audience.control(&p.controls[i]))
        .filter(|&i| {
            p.controls[i]
                .criteria_refs
                .iter()
                .any(|r| p.criterion(*r).in_scope)
        })
        .collect();
    let matrix_rows: Vec<Value> = crits
        .iter()
        .map(|(r, c)| {
            let cells: Vec<Value> = columns
                .iter()
                .map(|&i| {
                    let ctl = &p.controls[i];
                    if ctl.criteria_refs.contains(r) {
                        let (symbol, key) = match ctl.status {
                            Status::Implemented => ("●", "implemented"),
                            Status::InProgress | Status::Planned => ("◐", "pending"),
                            Status::NotApplicable => ("–", "not-applicable"),
                        };
                        json!({ "symbol": symbol, "key": key, "title": format!("{} {} ({})", ctl.id.value, c.key, ctl.status) })
                    } else {
                        json!({ "symbol": "", "key": "none", "title": "" })
                    }
                })
                .collect();
            json!({
                "key": c.key,
                "title": c.title,
                "href": linker.href(ItemRef::Criterion(*r)),
                "coverage": super::views::coverage(ctx, *r),
                "cells": cells,
            })
        })
        .collect();
    let matrix_columns: Vec<Value> = columns
        .iter()
        .map(|&i| json!({ "id": p.controls[i].id.value, "href": format!("{}{}", linker.root, paths::control(&p.controls[i].id)) }))
        .collect();

    let findings: Vec<Value> = shown
        .iter()
        .map(|f| {
            let item = p
                .lookup(crate::markdown::RefKind::Control, &f.subject)
                .or_else(|| p.lookup(crate::markdown::RefKind::Policy, &f.subject))
                .or_else(|| p.lookup(crate::markdown::RefKind::Subprocessor, &f.subject))
                .or_else(|| p.lookup(crate::markdown::RefKind::Criterion, &f.subject));
            json!({
                "kind": f.kind.name(),
                "severity": if f.severity == crate::diag::Severity::Error { "error" } else { "warning" },
                "subject": f.subject,
                "href": item.and_then(|i| linker.href(i)),
                "period": f.period,
                "message": f.message,
                "file": f.file,
                "line": f.line,
            })
        })
        .collect();

    json!({
        "as_of": r.as_of.to_string(),
        "cutoff": r.cutoff.to_string(),
        "criteria": { "met": r.criteria.met, "total": r.criteria.total, "percent": format!("{:.0}", r.criteria.percent()) },
        "evidence": { "met": r.evidence.met, "total": r.evidence.total, "percent": format!("{:.1}", r.evidence.percent()) },
        "errors": shown.iter().filter(|f| f.severity == crate::diag::Severity::Error).count(),
        "warnings": shown.iter().filter(|f| f.severity == crate::diag::Severity::Warning).count(),
        "counts": counts(&shown),
        "findings": findings,
        "months": months.iter().map(|m| json!({ "label": m.strftime("%b %Y").to_string() })).collect::<Vec<_>>(),
        "calendar": calendar,
        "gaps": gaps,
        "matrix": { "columns": matrix_columns, "rows": matrix_rows },
    })
}

/// Counts by kind of the findings shown, in kind order.
fn counts(shown: &[&Finding]) -> Vec<Value> {
    let mut by: std::collections::BTreeMap<crate::readiness::Kind, usize> = Default::default();
    for f in shown {
        *by.entry(f.kind).or_default() += 1;
    }
    by.into_iter()
        .map(|(k, n)| json!({ "kind": k.name(), "count": n }))
        .collect()
}
