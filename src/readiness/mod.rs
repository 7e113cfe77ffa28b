//! Readiness: the SOC 2 Type II gap analysis, computed from the project as of a date.
//!
//! A pure function of the model and the as-of date: which criteria in scope no implemented
//! control covers, which evidence slices of the period are missing, which policy reviews are
//! overdue or due soon, which subprocessors' assurance has lapsed, and which controls have no
//! evidence or no owner.

pub mod slices;

use crate::diag::Severity;
use crate::model::{Frequency, Project, Status, TSC};
use crate::source::Span;
use crate::timeline::ReviewState;
use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;
use slices::Slice;

/// The kind of a finding; stable names used in JSON and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A criterion in scope that no implemented control satisfies.
    CriterionUncovered,
    /// A criterion in scope that only documents (`satisfies:`) address.
    CriterionDocumentedOnly,
    /// A slice of the period without evidence for a control.
    EvidenceMissing,
    /// An implemented control with no evidence at all.
    ControlWithoutEvidence,
    /// A policy past its review date.
    ReviewOverdue,
    /// A subprocessor processing customer data without current assurance.
    SubprocessorAssurance,
    /// Evidence dated outside the audit period.
    EvidenceOutsidePeriod,
    /// A policy due for review within 30 days.
    ReviewDueSoon,
    /// A control without an owner.
    ControlWithoutOwner,
    /// A policy or procedure whose owner or approver is `unassigned`.
    DocumentWithoutOwner,
}

impl Kind {
    /// The stable name.
    pub fn name(self) -> &'static str {
        match self {
            Kind::CriterionUncovered => "criterion-uncovered",
            Kind::CriterionDocumentedOnly => "criterion-documented-only",
            Kind::EvidenceMissing => "evidence-missing",
            Kind::ControlWithoutEvidence => "control-without-evidence",
            Kind::ReviewOverdue => "review-overdue",
            Kind::SubprocessorAssurance => "subprocessor-assurance",
            Kind::EvidenceOutsidePeriod => "evidence-outside-period",
            Kind::ReviewDueSoon => "review-due-soon",
            Kind::ControlWithoutOwner => "control-without-owner",
            Kind::DocumentWithoutOwner => "document-without-owner",
        }
    }
}

/// What a finding is about, so each output can show only findings about items its
/// audience may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum About {
    /// A criterion.
    Criterion,
    /// A control (index).
    Control(usize),
    /// A policy (index).
    Policy(usize),
    /// A procedure (index).
    Procedure(usize),
    /// A subprocessor (index).
    Subprocessor(usize),
    /// An evidence item (index).
    Evidence(usize),
}

/// One finding.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// What kind.
    pub kind: Kind,
    /// Error (an auditor would call it an exception) or warning (needs attention).
    pub severity: Severity,
    /// The control, criterion, policy or subprocessor id.
    pub subject: String,
    /// The evidence slice, for `evidence-missing`.
    pub period: Option<String>,
    /// What is wrong and what to do.
    pub message: String,
    /// The file where the subject is defined.
    pub file: String,
    /// Its line.
    pub line: u32,
    /// The exact place (for annotations).
    #[serde(skip)]
    pub span: Span,
    /// The item it concerns.
    #[serde(skip)]
    pub about: About,
}

/// Whether a slice has evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// At least one evidence item overlaps it.
    Present,
    /// Due and without evidence.
    Missing,
    /// Not over yet at the as-of date, and without evidence so far.
    NotDue,
}

/// A control's evidence slices.
#[derive(Debug, Clone)]
pub struct Row {
    /// Index of the control.
    pub control: usize,
    /// How often evidence is expected.
    pub cadence: Frequency,
    /// The slices and their state.
    pub slices: Vec<(Slice, State)>,
}

/// A ratio with its parts.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Score {
    /// Satisfied.
    pub met: usize,
    /// Required.
    pub total: usize,
}

impl Score {
    /// The share in percent (100 when nothing is required).
    pub fn percent(self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            self.met as f64 * 100.0 / self.total as f64
        }
    }
}

/// Which day an analysis judges, and why that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The as-of date of the run (`check`, the docs site): what needs doing today.
    AsOf,
    /// The audit period's end, or the as-of date if earlier (the package): what the period
    /// looked like, judged with the review history as it stood then.
    PeriodEnd,
}

/// The result of the analysis.
#[derive(Debug, Clone)]
pub struct Readiness {
    /// The date the analysis is as of.
    pub as_of: Date,
    /// Why that date.
    pub basis: Basis,
    /// The last day evidence is due by: the period end or the as-of date, whichever is first.
    pub cutoff: Date,
    /// Criteria in scope covered by an implemented control.
    pub criteria: Score,
    /// Evidence slices due that have evidence.
    pub evidence: Score,
    /// All findings, errors first.
    pub findings: Vec<Finding>,
    /// The evidence grid of implemented controls.
    pub rows: Vec<Row>,
}

impl Readiness {
    /// Number of findings with a severity.
    pub fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }

    /// Says which day the analysis judges, for people.
    pub fn basis_text(&self, p: &Project) -> &'static str {
        match self.basis {
            Basis::AsOf => "the as-of date",
            Basis::PeriodEnd if self.as_of < p.config.audit.period.end => {
                "the as-of date, before the audit period ends"
            }
            Basis::PeriodEnd => "the end of the audit period",
        }
    }

    /// Counts by kind, in kind order.
    pub fn by_kind(&self) -> Vec<(Kind, usize)> {
        let mut counts: std::collections::BTreeMap<Kind, usize> = Default::default();
        for f in &self.findings {
            *counts.entry(f.kind).or_default() += 1;
        }
        counts.into_iter().collect()
    }

    /// The machine-readable report (`readiness.json`, `check --format json`).
    pub fn json(&self, p: &Project) -> serde_json::Value {
        serde_json::json!({
            "as_of": self.as_of.to_string(),
            "basis": self.basis_text(p),
            "period": { "start": p.config.audit.period.start.to_string(), "end": p.config.audit.period.end.to_string() },
            "evidence_due_through": self.cutoff.to_string(),
            "criteria_covered": { "covered": self.criteria.met, "in_scope": self.criteria.total, "percent": round1(self.criteria.percent()) },
            "evidence_slices": { "present": self.evidence.met, "due": self.evidence.total, "percent": round1(self.evidence.percent()) },
            "errors": self.count(Severity::Error),
            "warnings": self.count(Severity::Warning),
            "counts": self.by_kind().into_iter().map(|(k, n)| (k.name().to_owned(), serde_json::json!(n))).collect::<serde_json::Map<_, _>>(),
            "findings": self.findings,
        })
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Builds a finding located at a span.
#[allow(clippy::too_many_arguments)]
fn finding(
    p: &Project,
    about: About,
    kind: Kind,
    severity: Severity,
    subject: &str,
    period: Option<String>,
    message: String,
    span: Span,
) -> Finding {
    Finding {
        about,
        kind,
        severity,
        subject: subject.to_owned(),
        period,
        message,
        file: p.sources.name(span.file).to_owned(),
        line: span.line,
        span,
    }
}

/// How old a subprocessor's newest report may be.
const REPORT_MAX_AGE_MONTHS: i64 = 12;

/// Runs the analysis as of a date: what needs doing on that day (`check`, the docs site).
pub fn analyse(p: &Project, as_of: Date) -> Readiness {
    run(p, as_of, Basis::AsOf)
}

/// Runs the analysis for the audit period, as the auditor judges it: as of the period's end
/// (or `as_of`, if earlier), with each policy's review history as it stood then. A review due
/// after the period is not a finding for it; evidence collected later for a slice inside it
/// counts.
pub fn analyse_period(p: &Project, as_of: Date) -> Readiness {
    run(p, p.config.audit.period.end.min(as_of), Basis::PeriodEnd)
}

fn run(p: &Project, as_of: Date, basis: Basis) -> Readiness {
    let period = &p.config.audit.period;
    let cutoff = period.end.min(as_of);
    let mut findings = Vec::new();

    // Criteria in scope.
    let mut criteria = Score { met: 0, total: 0 };
    for (r, c) in p.criteria().filter(|(_, c)| c.in_scope) {
        criteria.total += 1;
        let controls = p.controls_for(r);
        let coverage = p.coverage(r);
        if coverage == crate::model::Coverage::Controlled {
            criteria.met += 1;
            continue;
        }
        // Built-in criteria have no file of the project: point at the scope in trustbook.yaml.
        let span = if p.frameworks[r.framework].id == TSC {
            p.config.audit.categories_span
        } else {
            c.span
        };
        if coverage == crate::model::Coverage::Documented {
            let docs: Vec<String> = p
                .documents_for(r)
                .iter()
                .map(|&d| p.item_title(d).0)
                .collect();
            findings.push(finding(
                p,
                About::Criterion,
                Kind::CriterionDocumentedOnly,
                Severity::Error,
                &c.key,
                None,
                format!(
                    "{} is documented ({}) but no implemented control satisfies it; an auditor tests controls, so map or implement one",
                    c.key,
                    docs.join(", ")
                ),
                span,
            ));
            continue;
        }
        let pending: Vec<&str> = controls
            .iter()
            .filter(|&&i| matches!(p.controls[i].status, Status::InProgress | Status::Planned))
            .map(|&i| p.controls[i].id.value.as_str())
            .collect();
        let message = if pending.is_empty() {
            format!(
                "{} ({}) is in scope but no implemented control satisfies it",
                c.key, c.title
            )
        } else {
            format!(
                "{} is covered only by controls not yet operating ({}); implement one or map an implemented control to it",
                c.key,
                pending.join(", ")
            )
        };
        findings.push(finding(
            p,
            About::Criterion,
            Kind::CriterionUncovered,
            Severity::Error,
            &c.key,
            None,
            message,
            span,
        ));
    }

    // Evidence by control and slice.
    let mut evidence = Score { met: 0, total: 0 };
    let mut rows = Vec::new();
    for (i, c) in p.controls.iter().enumerate() {
        if c.owner.as_deref().is_none_or(unassigned) {
            findings.push(finding(
                p,
                About::Control(i),
                Kind::ControlWithoutOwner,
                Severity::Warning,
                &c.id,
                None,
                format!(
                    "{} has no owner; name the role accountable for it",
                    c.id.value
                ),
                c.id.span,
            ));
        }
        if c.status != Status::Implemented {
            continue;
        }
        let items: Vec<&crate::model::Evidence> = p.links.control_evidence[i]
            .iter()
            .map(|&e| &p.evidence[e])
            .collect();
        let cadence = slices::cadence(c);
        let mut row = Row {
            control: i,
            cadence,
            slices: Vec::new(),
        };
        for s in slices::slices(period, cadence, cutoff) {
            // An item counts for the slices its period overlaps; without a stated period its
            // period is the collection day. (Collection dates alone would let April's
            // review, collected in early May, hide a missing May.)
            let present = items.iter().any(|e| e.period.value.overlaps(&s.period));
            let state = match (present, s.due) {
                (true, _) => State::Present,
                (false, true) => State::Missing,
                (false, false) => State::NotDue,
            };
            if s.due {
                evidence.total += 1;
                if present {
                    evidence.met += 1;
                }
            }
            if state == State::Missing && !items.is_empty() {
                findings.push(finding(
                    p,
                    About::Control(i),
                    Kind::EvidenceMissing,
                    Severity::Error,
                    &c.id,
                    Some(s.period.label.clone()),
                    format!(
                        "{} has no evidence for {} ({}); add an evidence item whose period covers part of {} to {}",
                        c.id.value,
                        s.period.label,
                        cadence_name(cadence, c),
                        s.period.start,
                        s.period.end
                    ),
                    c.id.span,
                ));
            }
            row.slices.push((s, state));
        }
        if items.is_empty() {
            findings.push(finding(
                p,
                About::Control(i),
                Kind::ControlWithoutEvidence,
                Severity::Error,
                &c.id,
                None,
                format!(
                    "{} is implemented but has no evidence at all for the period",
                    c.id.value
                ),
                c.id.span,
            ));
        }
        rows.push(row);
    }

    // Evidence dated outside the period.
    for (i, e) in p.evidence.iter().enumerate() {
        if !e.period.value.overlaps(period) {
            findings.push(finding(
                p,
                About::Evidence(i),
                Kind::EvidenceOutsidePeriod,
                Severity::Warning,
                &e.control,
                Some(e.period.value.label.clone()),
                format!(
                    "evidence “{}” ({}) covers {}, outside the audit period {} – {}",
                    e.title, e.file.value, e.period.value.label, period.start, period.end
                ),
                e.period.span,
            ));
        }
    }

    // Policy and procedure reviews, from the history as it stood on the day.
    let governed = p
        .policies
        .iter()
        .enumerate()
        .map(|(i, x)| (About::Policy(i), x))
        .chain(
            p.procedures
                .iter()
                .enumerate()
                .map(|(i, x)| (About::Procedure(i), x)),
        );
    for (about, pol) in governed {
        let missing: Vec<&str> = [("owner", &pol.owner), ("approver", &pol.approved_by)]
            .iter()
            .filter(|(_, v)| unassigned(v))
            .map(|(k, _)| *k)
            .collect();
        if !missing.is_empty() {
            findings.push(finding(
                p,
                about,
                Kind::DocumentWithoutOwner,
                Severity::Warning,
                &pol.id,
                None,
                format!(
                    "{} has no {} yet; name the role accountable for it",
                    pol.title,
                    missing.join(" and no ")
                ),
                pol.id.span,
            ));
        }
        let reviewed = pol.reviewed_as_of(as_of);
        match crate::timeline::review(pol, as_of) {
            ReviewState::Overdue(due) => findings.push(finding(
                p,
                about,
                Kind::ReviewOverdue,
                Severity::Error,
                &pol.id,
                None,
                format!(
                    "{} was due for review on {due} (last reviewed {} as of {as_of}, every {}); review it and record the review",
                    pol.title,
                    reviewed.map_or_else(|| "never".to_owned(), |d| d.to_string()),
                    pol.review_every
                ),
                pol.last_reviewed.span,
            )),
            ReviewState::DueSoon(due) if basis == Basis::AsOf => {
                let days = (due - as_of).get_days();
                findings.push(finding(
                    p,
                    about,
                    Kind::ReviewDueSoon,
                    Severity::Warning,
                    &pol.id,
                    None,
                    format!("{} is due for review on {due} (in {days} days)", pol.title),
                    pol.last_reviewed.span,
                ));
            }
            _ => {}
        }
    }

    // Subprocessor assurance.
    for (i, s) in p
        .subprocessors
        .iter()
        .enumerate()
        .filter(|(_, s)| s.customer_data && s.active_on(as_of))
    {
        let newest = s
            .certifications
            .iter()
            .filter(|c| c.report_date.value <= as_of)
            .max_by_key(|c| c.report_date.value);
        let message = match newest {
            None => Some(format!(
                "{} processes customer data but has no certification or assurance report on file; obtain a SOC 2 or ISO 27001 report or document compensating controls",
                s.name
            )),
            Some(c) => {
                let expires = c
                    .report_date
                    .value
                    .checked_add(REPORT_MAX_AGE_MONTHS.months())
                    .unwrap_or(Date::MAX);
                (expires < as_of).then(|| {
                    format!(
                        "{}'s newest report ({}, {}) is more than {REPORT_MAX_AGE_MONTHS} months old; request the current one",
                        s.name, c.name, c.report_date.value
                    )
                })
            }
        };
        if let Some(message) = message {
            findings.push(finding(
                p,
                About::Subprocessor(i),
                Kind::SubprocessorAssurance,
                Severity::Error,
                &s.id,
                None,
                message,
                s.id.span,
            ));
        }
    }

    findings.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then(a.kind.cmp(&b.kind))
            .then_with(|| crate::text::natural_cmp(&a.subject, &b.subject))
            .then_with(|| a.period.cmp(&b.period))
    });
    Readiness {
        as_of,
        basis,
        cutoff,
        criteria,
        evidence,
        findings,
        rows,
    }
}

/// Whether an owner field names nobody: empty, or `unassigned` (what imported and starter
/// content writes rather than inventing a name).
pub fn unassigned(owner: &str) -> bool {
    let o = owner.trim();
    o.is_empty() || o.eq_ignore_ascii_case("unassigned")
}

/// "monthly control", or "continuous control, evidence expected monthly".
fn cadence_name(cadence: Frequency, c: &crate::model::Control) -> String {
    if cadence == c.frequency {
        format!("{} control", c.frequency.name())
    } else {
        format!(
            "{} control, evidence expected {}",
            c.frequency.name(),
            cadence.name()
        )
    }
}
