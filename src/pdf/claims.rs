//! The PDF parts whose wording depends on the as-of date: attestations, review states and
//! the subprocessor list. The statuses come from `timeline` and the model, as on the sites.

use super::content::{bold, part, text};
use super::doc::{Block, Para, Rgb, Row, Span, Table, Target};
use super::fonts::Face;
use crate::audience::Audience;
use crate::model::{AttestationState, Policy, Project, SubprocessorState};
use crate::timeline::{self, ChangeKind, ReviewState};

/// `Next review` as a reader should see it on the as-of date: an overdue review says so
/// rather than showing a past date as the next one.
pub fn review_label(p: &Policy, audience: Audience) -> Span {
    match timeline::review(p, audience.as_of) {
        ReviewState::Current(d) | ReviewState::DueSoon(d) => Span::plain(d.to_string()),
        ReviewState::Overdue(d) => {
            Span::colored(format!("Overdue since {d}"), Face::Bold, Rgb::ALERT)
        }
        ReviewState::NotYetEffective => Span::colored(
            format!("Takes effect {}", p.effective),
            Face::Italic,
            Rgb::MUTED,
        ),
    }
}

/// The attestations part of the trust PDF (nothing when there are none).
pub fn attestations(p: &Project, audience: Audience, n: usize) -> Vec<Block> {
    let list = &p.config.attestations;
    if list.is_empty() {
        return Vec::new();
    }
    let mut out = vec![part(n, "Attestations", "part:attestations")];
    let how = if list
        .iter()
        .any(|a| matches!(a.report, crate::model::ReportAccess::Public(_)))
    {
        "on request or as a download from the trust center".to_owned()
    } else {
        format!("on request from {}", p.config.company.contact)
    };
    out.push(Block::Para(Para::body(text(format!(
        "Reports and certificates {} holds or is working towards, with their status as of {}. Reports marked Issued are available {how}.",
        p.config.company.name, audience.as_of,
    )))));
    let mut t = Table {
        header: vec![bold("Attestation"), bold("Status"), bold("Details")],
        size: 8.6,
        ..Table::default()
    };
    for a in list {
        let state = a.state_on(audience.as_of);
        let color = match state {
            AttestationState::Issued => Rgb::OK,
            AttestationState::Expired => Rgb::ALERT,
            _ => Rgb::WARN,
        };
        let mut details = Vec::new();
        if let Some(period) = &a.period {
            details.push(format!(
                "{}: {} to {}",
                a.framework.period_name(),
                period.value.start,
                period.value.end
            ));
        }
        if matches!(state, AttestationState::Issued | AttestationState::Expired)
            && let Some(i) = &a.issued
        {
            details.push(format!("Issued {}", i.value));
        }
        if let Some(v) = &a.valid_until {
            details.push(format!("Valid until {}", v.value));
        }
        if let Some(who) = &a.auditor {
            details.push(format!("By {who}"));
        }
        if !a.categories.is_empty() {
            details.push(
                a.categories
                    .iter()
                    .map(|c| c.title())
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        t.rows.push(Row {
            cells: vec![
                vec![Span::styled(a.name.clone(), Face::Bold)],
                vec![Span::colored(
                    state.word().replace(' ', "\u{a0}"),
                    Face::Bold,
                    color,
                )],
                text(details.join("\n")),
            ],
            anchor: Some(format!("attestation:{}", a.id.value)),
        });
    }
    out.push(Block::Table(t));
    out
}

/// A policy's review history, newest first, as a table (auditor PDF).
pub fn review_history(p: &Policy) -> Option<Block> {
    if p.reviews.is_empty() {
        return None;
    }
    let rows = p.reviews_newest_first();
    let mut t = Table {
        header: vec![
            bold("Reviewed"),
            bold("By"),
            bold("Version"),
            bold("Outcome"),
        ],
        size: 8.0,
        ..Table::default()
    };
    for r in rows {
        t.rows.push(Row {
            cells: vec![
                text(r.date.value.to_string()),
                text(r.by.clone().unwrap_or_default()),
                text(r.version.clone().unwrap_or_default()),
                text(r.summary.clone().unwrap_or_default()),
            ],
            anchor: None,
        });
    }
    Some(Block::Table(t))
}

/// The subprocessors part: every subprocessor the audience sees with its state on the as-of
/// date, then the announced changes.
pub fn subprocessors(p: &Project, audience: Audience, n: usize) -> Vec<Block> {
    let mut out = vec![part(n, "Subprocessors", "part:subprocessors")];
    out.push(Block::Para(Para::body(text(format!(
        "As of {}. New subprocessors are announced at least {} days before they start.",
        audience.as_of, p.config.notice_days
    )))));
    let mut t = Table {
        header: vec![
            bold("Subprocessor"),
            bold("Purpose"),
            bold("Data"),
            bold("Location"),
            bold("Transfer mechanism"),
            bold("Assurance"),
            bold("DPA"),
        ],
        size: 7.4,
        ..Table::default()
    };
    for (_, s, state) in audience.subprocessors(p) {
        let mut name = vec![Span::styled(s.name.clone(), Face::Bold)];
        if let Some(le) = &s.legal_entity {
            name.push(Span::plain(format!("\n{le}")));
        }
        let note = match state {
            SubprocessorState::Active => None,
            SubprocessorState::Unannounced => {
                Some((format!("\nnot announced; starts {}", s.added), Rgb::WARN))
            }
            SubprocessorState::Upcoming => {
                Some((format!("\nupcoming from {}", s.added), Rgb::WARN))
            }
            SubprocessorState::Leaving(d) => Some((format!("\nleaving on {d}"), Rgb::WARN)),
            SubprocessorState::Former => Some((
                format!(
                    "\nremoved {}",
                    s.removed.map(|d| d.to_string()).unwrap_or_default()
                ),
                Rgb::ALERT,
            )),
        };
        if let Some((note, color)) = note {
            name.push(Span::colored(note, Face::Italic, color));
        }
        let certs = s
            .certifications
            .iter()
            .map(|c| format!("{} ({})", c.name, c.report_date.value))
            .collect::<Vec<_>>()
            .join("\n");
        t.rows.push(Row {
            cells: vec![
                name,
                text(&s.purpose),
                text(if s.customer_data {
                    s.data_categories.join(", ")
                } else {
                    "No customer data".to_owned()
                }),
                text(&s.location),
                text(s.transfer_mechanism.clone().unwrap_or_else(|| "—".into())),
                text(if certs.is_empty() {
                    "None on file".to_owned()
                } else {
                    certs
                }),
                match &s.dpa {
                    Some(u) => vec![Span::link("DPA", Target::Uri(u.as_str().into()))],
                    None => text("—"),
                },
            ],
            anchor: Some(format!("subprocessor:{}", s.id.value)),
        });
    }
    out.push(Block::Table(t));
    let changes: Vec<_> = timeline::changes(&p.subprocessors, audience.as_of)
        .into_iter()
        .filter(|c| audience.subprocessor(&p.subprocessors[c.subprocessor]))
        .collect();
    if !changes.is_empty() {
        out.push(Block::Para(Para::body(bold("Changes"))));
        let mut t = Table {
            header: vec![
                bold("Date"),
                bold("Change"),
                bold("Subprocessor"),
                bold("Purpose"),
            ],
            size: 7.8,
            ..Table::default()
        };
        for ch in changes {
            let s = &p.subprocessors[ch.subprocessor];
            let kind = match ch.kind {
                ChangeKind::Upcoming => format!("upcoming (announced {})", ch.published),
                ChangeKind::Added => "added".to_owned(),
                ChangeKind::Removed => "removed".to_owned(),
            };
            t.rows.push(Row {
                cells: vec![
                    text(ch.effective.to_string()),
                    text(kind),
                    text(&s.name),
                    text(&s.purpose),
                ],
                anchor: None,
            });
        }
        out.push(Block::Table(t));
    }
    out
}
