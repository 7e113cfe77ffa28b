//! What is current on one date: the as-of date of a build or check.
//!
//! Every time-dependent status an output shows (an attestation Expired, a subprocessor
//! Upcoming or Leaving, a policy review Overdue) is computed here from the model and one
//! date, so all outputs of a build agree. `check` also reports here the dates that contradict
//! each other or the as-of date.

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::{AttestationState, Policy, Project, Subprocessor, SubprocessorState};
use jiff::ToSpan;
use jiff::civil::Date;

/// How long before a review is due it counts as due soon.
pub const DUE_SOON_DAYS: i64 = 30;

/// Where a policy's review stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewState {
    /// Not in effect yet on that day.
    NotYetEffective,
    /// Reviewed on time; the next review is due on the date.
    Current(Date),
    /// Due within [`DUE_SOON_DAYS`].
    DueSoon(Date),
    /// Was due on the date and not reviewed since.
    Overdue(Date),
}

/// The review state of a policy on `day`, from its review history.
pub fn review(p: &Policy, day: Date) -> ReviewState {
    let Some(due) = p.review_due_as_of(day) else {
        return ReviewState::NotYetEffective;
    };
    if due < day {
        ReviewState::Overdue(due)
    } else if due <= day.checked_add(DUE_SOON_DAYS.days()).unwrap_or(day) {
        ReviewState::DueSoon(due)
    } else {
        ReviewState::Current(due)
    }
}

/// What kind of change a feed entry announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// A subprocessor that starts on a later date.
    Upcoming,
    /// A subprocessor that started.
    Added,
    /// A subprocessor that stopped.
    Removed,
}

impl ChangeKind {
    /// Stable key (feed ids, CSS).
    pub fn key(self) -> &'static str {
        match self {
            ChangeKind::Upcoming | ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
        }
    }
}

/// One announced change to the subprocessor list.
#[derive(Debug, Clone)]
pub struct Change {
    /// Index of the subprocessor.
    pub subprocessor: usize,
    /// What changes.
    pub kind: ChangeKind,
    /// The day it takes effect.
    pub effective: Date,
    /// The day it was first published (the announcement, for an addition).
    pub published: Date,
    /// The day the entry last changed (publication, then the start once it started).
    pub updated: Date,
}

/// Every change announced by `day`, newest first (ties by id, so the order is stable).
/// Unannounced subprocessors appear nowhere; removals appear once they happened.
pub fn changes(list: &[Subprocessor], day: Date) -> Vec<Change> {
    let mut out = Vec::new();
    for (i, s) in list.iter().enumerate() {
        let state = s.state_on(day);
        if state == SubprocessorState::Unannounced {
            continue;
        }
        let announced = s.announced_on(day);
        let started = s.added <= day;
        out.push(Change {
            subprocessor: i,
            kind: if started {
                ChangeKind::Added
            } else {
                ChangeKind::Upcoming
            },
            effective: s.added,
            published: announced.min(s.added),
            updated: if started {
                s.added.max(announced)
            } else {
                announced
            },
        });
        if let Some(r) = s.removed.filter(|r| *r <= day) {
            out.push(Change {
                subprocessor: i,
                kind: ChangeKind::Removed,
                effective: r,
                published: r,
                updated: r,
            });
        }
    }
    out.sort_by(|a, b| {
        b.updated
            .cmp(&a.updated)
            .then_with(|| {
                list[a.subprocessor]
                    .id
                    .value
                    .cmp(&list[b.subprocessor].id.value)
            })
            .then_with(|| a.kind.key().cmp(b.kind.key()))
    });
    out
}

/// Dates that contradict each other or the as-of date, as `check` warnings.
pub fn check(p: &Project, day: Date) -> Diagnostics {
    let mut d = Diagnostics::default();
    attestations(p, day, &mut d);
    subprocessors(p, day, &mut d);
    for pol in p.policies.iter().chain(&p.procedures) {
        let future = pol
            .reviews
            .iter()
            .map(|r| &r.date)
            .chain(std::iter::once(&pol.last_reviewed))
            .filter(|r| r.value > day)
            .max_by_key(|r| r.value);
        if let Some(r) = future {
            d.push(
                Diagnostic::warning(
                    Code::DateConflict,
                    r.span,
                    format!("a review dated {}, after the as-of date {day}", r.value),
                )
                .with_hint(
                    "a review counts from its date: fix the date, or build with a later --as-of",
                ),
            );
        }
    }
    for e in &p.evidence {
        if e.collected.value > day {
            d.push(
                Diagnostic::warning(
                    Code::DateConflict,
                    e.collected.span,
                    format!(
                        "evidence “{}” was collected on {}, after the as-of date {day}",
                        e.title, e.collected.value
                    ),
                )
                .with_hint("check `collected`, or build with a later --as-of"),
            );
        }
    }
    d
}

fn attestations(p: &Project, day: Date, d: &mut Diagnostics) {
    for a in &p.config.attestations {
        let state = a.state_on(day);
        if let Some(until) = &a.valid_until
            && state == AttestationState::Expired
            && until.value < day
        {
            d.push(
                Diagnostic::warning(
                    Code::Outdated,
                    until.span,
                    format!(
                        "{} was valid until {}: the trust center shows it as Expired",
                        a.name, until.value
                    ),
                )
                .with_hint(
                    "add the renewed report as a new attestation, or write `status: expired`",
                ),
            );
        }
        if let Some(issued) = &a.issued
            && issued.value > day
        {
            d.push(
                Diagnostic::warning(
                    Code::DateConflict,
                    issued.span,
                    format!(
                        "{} is issued on {}, after the as-of date {day}: it shows as In progress until then",
                        a.name, issued.value
                    ),
                )
                .with_hint("check the date on the report"),
            );
        }
    }
}

fn subprocessors(p: &Project, day: Date, d: &mut Diagnostics) {
    let notice = i64::from(p.config.notice_days);
    for s in &p.subprocessors {
        match &s.announced {
            None if s.added > day => d.push(
                Diagnostic::warning(
                    Code::MissingField,
                    s.id.span,
                    format!(
                        "{} starts on {} but has no `announced:` date; it is published as announced today ({day})",
                        s.name, s.added
                    ),
                )
                .with_hint("add `announced:` with the day customers were told (the feed and lists carry that date)"),
            ),
            Some(a) => {
                let lead = i64::from((s.added - a.value).get_days());
                if lead < notice {
                    let message = if lead < 0 {
                        format!(
                            "{} was announced on {}, {} days after it started ({})",
                            s.name,
                            a.value,
                            -lead,
                            s.added
                        )
                    } else {
                        format!(
                            "{} was announced {lead} days before it starts; customers are promised {notice}",
                            s.name
                        )
                    };
                    d.push(
                        Diagnostic::warning(Code::DateConflict, a.span, message).with_hint(
                            format!(
                                "start on {} or later, or change `subprocessors.notice_days` in trustbook.yaml",
                                a.value
                                    .checked_add(notice.days())
                                    .unwrap_or(a.value)
                            ),
                        ),
                    );
                }
            }
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Attestation, AttestationKind, Classification, Declared, Interval, IntervalUnit,
        ReportAccess, Review,
    };
    use crate::source::{FileId, Sp, Span};
    use jiff::civil::date;

    fn sp<T>(v: T) -> Sp<T> {
        Sp::new(v, Span::file_start(FileId(0)))
    }

    fn sub(id: &str, added: Date, announced: Option<Date>, removed: Option<Date>) -> Subprocessor {
        Subprocessor {
            id: sp(id.to_owned()),
            name: id.to_owned(),
            legal_entity: None,
            purpose: String::new(),
            category: String::new(),
            data_categories: Vec::new(),
            customer_data: true,
            location: String::new(),
            transfer_mechanism: None,
            certifications: Vec::new(),
            dpa: None,
            website: None,
            added,
            announced: announced.map(sp),
            removed,
            notes: None,
        }
    }

    #[test]
    fn subprocessor_states_follow_the_day() {
        let s = sub(
            "a",
            date(2026, 10, 1),
            Some(date(2026, 8, 20)),
            Some(date(2027, 3, 1)),
        );
        assert_eq!(
            s.state_on(date(2026, 8, 19)),
            SubprocessorState::Unannounced
        );
        assert_eq!(s.state_on(date(2026, 8, 20)), SubprocessorState::Upcoming);
        assert_eq!(
            s.state_on(date(2026, 10, 1)),
            SubprocessorState::Leaving(date(2027, 3, 1))
        );
        assert_eq!(s.state_on(date(2027, 3, 1)), SubprocessorState::Former);
        // Without an announcement date, one that starts later counts as announced today.
        let quiet = sub("q", date(2026, 10, 1), None, None);
        assert_eq!(
            quiet.state_on(date(2026, 9, 1)),
            SubprocessorState::Upcoming
        );
        assert_eq!(
            quiet.announced_shown(date(2026, 9, 1)),
            Some(date(2026, 9, 1))
        );
        assert_eq!(quiet.announced_shown(date(2026, 10, 2)), None);
    }

    #[test]
    fn an_addition_keeps_its_entry_and_is_updated_when_it_starts() {
        let list = [sub("a", date(2026, 10, 1), Some(date(2026, 8, 20)), None)];
        let before = changes(&list, date(2026, 9, 1));
        let after = changes(&list, date(2026, 10, 5));
        assert_eq!(before.len(), 1);
        assert_eq!(before[0].kind, ChangeKind::Upcoming);
        assert_eq!(
            (before[0].published, before[0].updated),
            (date(2026, 8, 20), date(2026, 8, 20))
        );
        assert_eq!(after[0].kind, ChangeKind::Added);
        assert_eq!(
            (after[0].published, after[0].updated),
            (date(2026, 8, 20), date(2026, 10, 1))
        );
        assert_eq!(
            before[0].effective, after[0].effective,
            "the entry id is built from it"
        );
        assert!(changes(&list, date(2026, 8, 1)).is_empty());
    }

    fn policy(effective: Date, last: Date, history: &[Date]) -> Policy {
        Policy {
            id: sp("p".to_owned()),
            title: "P".to_owned(),
            owner: String::new(),
            approved_by: String::new(),
            version: "1".to_owned(),
            effective,
            last_reviewed: sp(last),
            reviews: history
                .iter()
                .map(|d| Review {
                    date: sp(*d),
                    by: None,
                    version: None,
                    summary: None,
                })
                .collect(),
            review_every: Interval {
                count: 12,
                unit: IntervalUnit::Month,
            },
            classification: Classification::Public,
            summary: None,
            lang: None,
            order: 100,
            satisfies: Vec::new(),
            satisfies_refs: Vec::new(),
            body: crate::model::Body {
                file: FileId(0),
                offset: 0,
                text: String::new(),
                headings: Vec::new(),
                links: Vec::new(),
                targets: Default::default(),
                too_deep: None,
                dropped_html: Vec::new(),
                events: Vec::new(),
                notes: Vec::new(),
            },
        }
    }

    #[test]
    fn a_review_state_uses_the_history_as_it_stood() {
        let p = policy(date(2025, 1, 1), date(2026, 8, 20), &[date(2025, 4, 1)]);
        assert_eq!(
            review(&p, date(2026, 6, 30)),
            ReviewState::Overdue(date(2026, 4, 1))
        );
        assert_eq!(
            review(&p, date(2026, 9, 1)),
            ReviewState::Current(date(2027, 8, 20))
        );
        assert_eq!(
            review(&p, date(2026, 3, 10)),
            ReviewState::DueSoon(date(2026, 4, 1))
        );
        assert_eq!(review(&p, date(2024, 12, 1)), ReviewState::NotYetEffective);
        // Before any review, the policy counts as reviewed when it took effect.
        assert_eq!(
            review(&p, date(2025, 2, 1)),
            ReviewState::Current(date(2026, 1, 1))
        );
    }

    #[test]
    fn an_attestation_has_one_state_per_day() {
        let a = Attestation {
            id: sp("a".to_owned()),
            framework: AttestationKind::Soc2Type2,
            name: "SOC 2 Type II".to_owned(),
            status: sp(Declared::Issued),
            period: None,
            issued: Some(sp(date(2026, 8, 14))),
            valid_until: Some(sp(date(2027, 8, 14))),
            auditor: None,
            report: ReportAccess::Customer,
            categories: Vec::new(),
            certificate: None,
            scope: None,
            bridge_letter: false,
        };
        assert_eq!(a.state_on(date(2026, 8, 13)), AttestationState::InProgress);
        assert_eq!(a.state_on(date(2026, 8, 14)), AttestationState::Issued);
        assert_eq!(a.state_on(date(2027, 8, 14)), AttestationState::Issued);
        assert_eq!(a.state_on(date(2027, 8, 15)), AttestationState::Expired);
    }
}
