//! The policies and procedures parts of the PDFs: a summary table, the documents listed on
//! request, then each document with its metadata, review history (auditor) and body.

use super::content::{PdfResolver, bold, doc_heading, part, text};
use super::doc::{Block, Para, Part, Rgb, Row, Span, Table, Target};
use super::fonts::Face;
use super::markdown::{self, Placement};
use crate::audience::Visibility;
use crate::model::ItemRef;

/// The two policy-like document kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum GovKind {
    /// Policies.
    Policy,
    /// Procedures.
    Procedure,
}

/// The policies or procedures part: a summary table, the ones listed on request, then each
/// document on a new page with its metadata, review history (auditor) and body.
pub(super) fn governed_part<'a>(
    r: PdfResolver<'a>,
    auditor: bool,
    n: &mut usize,
    kind: GovKind,
) -> Vec<Part<'a>> {
    let (p, audience) = (r.project, r.audience);
    let (docs, word, title, plural) = match kind {
        GovKind::Policy => (&p.policies, "policy", "Policies", "policies"),
        GovKind::Procedure => (&p.procedures, "procedure", "Procedures", "procedures"),
    };
    let item = |i: usize| match kind {
        GovKind::Policy => ItemRef::Policy(i),
        GovKind::Procedure => ItemRef::Procedure(i),
    };
    let full: Vec<usize> = (0..docs.len())
        .filter(|&i| audience.visibility(p, item(i)) == Visibility::Full)
        .collect();
    let listed: Vec<usize> = (0..docs.len())
        .filter(|&i| audience.visibility(p, item(i)) == Visibility::Listed)
        .collect();
    let mut out = Vec::new();
    if !full.is_empty() || !listed.is_empty() {
        *n += 1;
        out.push(part(*n, title, &format!("part:{plural}")));
        out.push(Block::Para(Para::body(text(format!(
            "{} {plural} are included in full. Each starts on a new page with its owner, approval, version and review dates.",
            full.len()
        )))));
        let mut t = Table {
            header: vec![
                bold(if kind == GovKind::Policy {
                    "Policy"
                } else {
                    "Procedure"
                }),
                bold("Owner"),
                bold("Version"),
                bold("Last reviewed"),
                bold("Next review"),
                bold("Classification"),
            ],
            size: 8.4,
            ..Table::default()
        };
        for &i in &full {
            let pol = &docs[i];
            t.rows.push(Row {
                cells: vec![
                    vec![Span::link(
                        pol.title.clone(),
                        Target::Internal(format!("{word}:{}", pol.id.value).into()),
                    )],
                    text(&pol.owner),
                    text(&pol.version),
                    text(
                        pol.reviewed_as_of(audience.as_of)
                            .map_or_else(|| "—".to_owned(), |d| d.to_string()),
                    ),
                    vec![super::claims::review_label(pol, audience)],
                    text(pol.classification.name()),
                ],
                anchor: None,
            });
        }
        out.push(Block::Table(t));
        if !listed.is_empty() {
            out.push(Block::Para(Para::body(bold("Available on request"))));
            out.push(Block::Para(Para::body(text(format!(
                "These documents are shared with customers under NDA; ask {} for a copy.",
                p.config.company.contact
            )))));
            let mut t = Table {
                header: vec![bold("Document"), bold("Summary")],
                size: 8.4,
                ..Table::default()
            };
            let pages_listed: Vec<(&String, &Option<String>)> = match kind {
                // Listed pages go with the policies' list, once.
                GovKind::Policy => audience
                    .pages(p, Visibility::Listed)
                    .map(|(_, pg)| (&pg.title, &pg.summary))
                    .collect(),
                GovKind::Procedure => Vec::new(),
            };
            let listed_docs = listed
                .iter()
                .map(|&i| (&docs[i].title, &docs[i].summary))
                .chain(pages_listed);
            for (title, summary) in listed_docs {
                t.rows.push(Row {
                    cells: vec![
                        bold(title.clone()),
                        text(summary.clone().unwrap_or_default()),
                    ],
                    anchor: None,
                });
            }
            out.push(Block::Table(t));
        }
        let n = *n;
        let mut parts = vec![Part::Ready(out)];
        parts.extend(full.into_iter().enumerate().map(|(k, i)| {
            Part::Later(Box::new(move || {
                document(r, auditor, kind, &format!("{n}.{}", k + 1), i)
            }))
        }));
        return parts;
    }
    vec![Part::Ready(out)]
}

/// One policy or procedure: its heading on a new page, metadata, review history (auditor),
/// body, and the controls it is implemented by.
fn document(
    r: PdfResolver<'_>,
    auditor: bool,
    kind: GovKind,
    number: &str,
    i: usize,
) -> Vec<Block> {
    let (p, audience) = (r.project, r.audience);
    let (docs, word) = match kind {
        GovKind::Policy => (&p.policies, "policy"),
        GovKind::Procedure => (&p.procedures, "procedure"),
    };
    let mut out = Vec::new();
    let pol = &docs[i];
    let key = format!("{word}:{}", pol.id.value);
    out.push(super::content::in_lang(
        doc_heading(number.to_owned(), &pol.title, key.clone(), true),
        &pol.lang,
    ));
    if let Some(s) = &pol.summary {
        out.push(Block::Para(Para {
            spans: vec![Span::colored(s.clone(), Face::Italic, Rgb::MUTED)],
            size: 10.0,
            space_after: 8.0,
        }));
    }
    let meta = |k: &str, v: String| {
        vec![
            Span::colored(format!("{k}  "), Face::Bold, Rgb::MUTED),
            Span::plain(v),
        ]
    };
    out.push(Block::Table(Table {
        header: Vec::new(),
        rows: vec![
            Row {
                cells: vec![
                    meta("Owner", pol.owner.clone()),
                    meta("Approved by", pol.approved_by.clone()),
                ],
                anchor: None,
            },
            Row {
                cells: vec![
                    meta("Version", pol.version.clone()),
                    meta("Classification", pol.classification.name().to_owned()),
                ],
                anchor: None,
            },
            Row {
                cells: vec![
                    meta("Effective", pol.effective.to_string()),
                    meta("Last reviewed", pol.last_reviewed.value.to_string()),
                ],
                anchor: None,
            },
            Row {
                cells: vec![
                    {
                        let mut spans =
                            vec![Span::colored("Next review  ", Face::Bold, Rgb::MUTED)];
                        spans.push(super::claims::review_label(pol, audience));
                        spans.push(Span::plain(format!(" (every {})", pol.review_every)));
                        spans
                    },
                    meta("Status as of", audience.as_of.to_string()),
                ],
                anchor: None,
            },
        ],
        align: Vec::new(),
        size: 8.6,
    }));
    if auditor && let Some(history) = super::claims::review_history(pol) {
        out.push(Block::Para(Para::small(bold("Review history"))));
        out.push(history);
    }
    let place = Placement {
        key: &key,
        number,
        base_level: 3,
    };
    out.extend(markdown::convert(&pol.body, &place, &r));
    let backlinks = match kind {
        GovKind::Policy => &p.links.policy_controls[i],
        GovKind::Procedure => &p.links.procedure_controls[i],
    };
    let controls: Vec<Span> = backlinks
        .iter()
        .filter(|&&c| audience.control(&p.controls[c]))
        .flat_map(|&c| {
            let id = p.controls[c].id.value.clone();
            [
                Span::link(id.clone(), Target::Internal(format!("control:{id}").into())),
                Span::plain("  "),
            ]
        })
        .collect();
    if !controls.is_empty() {
        let label = match kind {
            GovKind::Policy => "Implemented by controls: ",
            GovKind::Procedure => "Carries out controls: ",
        };
        let mut spans = vec![Span::styled(label, Face::Bold)];
        spans.extend(controls);
        // The footer stays with the document's last block, never alone on a page.
        let mut kept: Vec<Block> = out.pop().into_iter().collect();
        kept.push(Block::Space(4.0));
        kept.push(Block::Para(Para::small(spans)));
        out.push(Block::Keep(kept));
    }
    out
}
