//! The readiness section of the auditor PDF: scores, every finding, evidence coverage.

use super::content::{bold, text};
use super::doc::{Align, Block, Para, Rgb, Row, Span, Table, Target};
use super::fonts::Face;
use crate::model::Project;

/// The readiness section of the auditor PDF: scores, every finding, and evidence coverage
/// by control.
pub fn readiness_blocks(p: &Project, r: &crate::readiness::Readiness) -> Vec<Block> {
    use crate::diag::Severity;
    let period = &p.config.audit.period;
    let mut out = vec![Block::Para(Para::body(text(format!(
        "Judged as of {} ({}), with each policy's review history as it stood then: {} of {} criteria in scope are covered by an implemented control ({:.0}%), and {} of {} evidence periods due through {} have evidence ({:.1}%). The analysis found {} error{} and {} warning{}. Period: {} to {}.",
        r.as_of,
        r.basis_text(p),
        r.criteria.met,
        r.criteria.total,
        r.criteria.percent(),
        r.evidence.met,
        r.evidence.total,
        r.cutoff,
        r.evidence.percent(),
        r.count(Severity::Error),
        if r.count(Severity::Error) == 1 {
            ""
        } else {
            "s"
        },
        r.count(Severity::Warning),
        if r.count(Severity::Warning) == 1 {
            ""
        } else {
            "s"
        },
        period.start,
        period.end,
    ))))];
    if !r.findings.is_empty() {
        let mut t = Table {
            header: vec![
                bold("Severity"),
                bold("Finding"),
                bold("Subject"),
                bold("Period"),
                bold("What to do"),
            ],
            size: 7.6,
            ..Table::default()
        };
        for f in &r.findings {
            let (label, color) = if f.severity == Severity::Error {
                ("error", Rgb::ALERT)
            } else {
                ("warning", Rgb::WARN)
            };
            t.rows.push(Row {
                cells: vec![
                    vec![Span::colored(label, Face::Bold, color)],
                    text(f.kind.name()),
                    vec![Span::styled(f.subject.clone(), Face::Bold)],
                    text(f.period.clone().unwrap_or_default()),
                    text(&f.message),
                ],
                anchor: None,
            });
        }
        out.push(Block::Table(t));
    }
    out.push(Block::Para(Para::body(bold(
        "Evidence coverage by control",
    ))));
    let mut t = Table {
        header: vec![
            bold("Control"),
            bold("Cadence"),
            bold("Present / due"),
            bold("Missing periods"),
        ],
        size: 7.6,
        align: vec![Align::Left, Align::Left, Align::Right, Align::Left],
        ..Table::default()
    };
    for row in &r.rows {
        let c = &p.controls[row.control];
        let due = row.slices.iter().filter(|(s, _)| s.due).count();
        let present = row
            .slices
            .iter()
            .filter(|(s, st)| s.due && *st == crate::readiness::State::Present)
            .count();
        let missing: Vec<String> = row
            .slices
            .iter()
            .filter(|(_, st)| *st == crate::readiness::State::Missing)
            .map(|(s, _)| s.period.label.clone())
            .collect();
        t.rows.push(Row {
            cells: vec![
                vec![Span::link(
                    c.id.value.clone(),
                    Target::Internal(format!("control:{}", c.id.value).into()),
                )],
                text(row.cadence.name()),
                text(format!("{present} / {due}")),
                if missing.is_empty() {
                    vec![Span::colored("none", Face::Regular, Rgb::OK)]
                } else {
                    vec![Span::colored(missing.join(", "), Face::Bold, Rgb::ALERT)]
                },
            ],
            anchor: None,
        });
    }
    out.push(Block::Table(t));
    out
}
