//! What each PDF contains, built from the model for its audience: the auditor PDF (everything
//! in scope) and the public trust PDF (public items only, customer items listed by title).

use super::doc::{Align, Block, Heading, Para, Part, Rgb, Row, Span, Table, Target};
use super::fonts::Face;
use super::markdown::{self, Placement, Resolver};
use crate::audience::{Audience, Output, Visibility};
use crate::model::{ItemRef, Project, SYSTEM_DESCRIPTION, Status};

/// Anchors of items in the PDF.
#[derive(Clone, Copy)]
pub struct PdfResolver<'a> {
    /// The model.
    pub project: &'a Project,
    /// Who the PDF is for.
    pub audience: Audience,
    /// The images it can embed.
    pub images: &'a super::assets::Images,
}

impl PdfResolver<'_> {
    /// Whether a page is part of this PDF.
    pub fn includes_page(&self, i: usize) -> bool {
        let p = &self.project.pages[i];
        if self.audience.visibility(self.project, ItemRef::Page(i)) != Visibility::Full {
            return false;
        }
        let sd = p.group.as_deref() == Some(SYSTEM_DESCRIPTION);
        match self.audience.output {
            Output::Audit => sd,
            _ => p.group.is_none(),
        }
    }
}

impl Resolver for PdfResolver<'_> {
    fn image(&self, asset: &str) -> Option<super::doc::Image> {
        let e = self.images.get(asset)?;
        Some(super::doc::Image {
            name: e.name.clone(),
            alt: String::new(),
            width: e.info.width,
            height: e.info.height,
            orientation: e.info.orientation,
        })
    }

    fn anchor(&self, item: ItemRef) -> Option<String> {
        let p = self.project;
        match item {
            ItemRef::Policy(i) => (self.audience.visibility(p, item) == Visibility::Full)
                .then(|| format!("policy:{}", p.policies[i].id.value)),
            ItemRef::Procedure(i) => (self.audience.visibility(p, item) == Visibility::Full)
                .then(|| format!("procedure:{}", p.procedures[i].id.value)),
            ItemRef::Page(i) => self
                .includes_page(i)
                .then(|| format!("page:{}", p.pages[i].id.value)),
            ItemRef::Control(i) => self
                .audience
                .control(&p.controls[i])
                .then(|| format!("control:{}", p.controls[i].id.value)),
            ItemRef::Criterion(r) => p
                .criterion(r)
                .in_scope
                .then(|| format!("criterion:{}", p.criterion(r).key)),
            ItemRef::Subprocessor(i) => {
                Some(format!("subprocessor:{}", p.subprocessors[i].id.value))
            }
        }
    }
}

pub(super) fn part(number: usize, title: &str, anchor: &str) -> Block {
    Block::Heading(Heading {
        level: 1,
        number: Some(number.to_string()),
        text: title.to_owned(),
        anchor: Some(anchor.to_owned()),
        outline: Some(1),
        toc: true,
        new_page: true,
        lang: None,
    })
}

/// A heading whose section is in a language of its own (a document's `lang:`).
pub(super) fn in_lang(mut heading: Block, lang: &Option<String>) -> Block {
    if let Block::Heading(h) = &mut heading {
        h.lang.clone_from(lang);
    }
    heading
}

pub(super) fn doc_heading(number: String, title: &str, anchor: String, new_page: bool) -> Block {
    Block::Heading(Heading {
        level: 2,
        number: Some(number),
        text: title.to_owned(),
        anchor: Some(anchor),
        outline: Some(2),
        toc: true,
        new_page,
        lang: None,
    })
}

pub(super) fn text(s: impl Into<String>) -> Vec<Span> {
    vec![Span::plain(s)]
}

pub(super) fn bold(s: impl Into<String>) -> Vec<Span> {
    vec![Span::styled(s, Face::Bold)]
}

pub(super) fn link_or_text(label: String, anchor: Option<String>) -> Span {
    match anchor {
        Some(a) => Span::link(label, Target::Internal(a.into())),
        None => Span::plain(label),
    }
}

pub(super) fn status_label(s: Status) -> (&'static str, Rgb) {
    match s {
        Status::Implemented => ("✓\u{a0}Implemented", Rgb::OK),
        Status::InProgress => ("◐\u{a0}In\u{a0}progress", Rgb::WARN),
        Status::Planned => ("○\u{a0}Planned", Rgb::WARN),
        Status::NotApplicable => ("–\u{a0}Not\u{a0}applicable", Rgb::MUTED),
    }
}

/// What every part of a PDF's body is built from.
#[derive(Clone, Copy)]
struct Cx<'a> {
    p: &'a Project,
    audience: Audience,
    r: PdfResolver<'a>,
    auditor: bool,
}

/// The body of a PDF (everything after the contents), as parts.
pub fn body<'a>(
    project: &'a Project,
    audience: Audience,
    images: &'a super::assets::Images,
    extra: Vec<(String, Vec<Block>)>,
) -> Vec<Part<'a>> {
    let r = PdfResolver {
        project,
        audience,
        images,
    };
    let p = project;
    let auditor = audience.output == Output::Audit;
    let cx = Cx {
        p,
        audience,
        r,
        auditor,
    };
    let mut out = Vec::new();
    let mut n = 0;

    // What the company holds, first for the public (the auditor's package is its own scope).
    if !auditor && !p.config.attestations.is_empty() {
        n += 1;
        out.push(Part::Ready(super::claims::attestations(p, audience, n)));
    }

    // 1. System description (auditor) or the public pages (trust).
    out.push(Part::Ready(pages_part(&cx, &mut n)));

    // 2. Policies, then procedures.
    for kind in [
        super::governed::GovKind::Policy,
        super::governed::GovKind::Procedure,
    ] {
        out.extend(super::governed::governed_part(r, auditor, &mut n, kind));
    }

    // 3. The control matrix.
    out.extend(controls_part(&cx, &mut n));

    // 4. Criteria coverage.
    out.push(Part::Ready(criteria_part(&cx, &mut n)));

    // 5. Subprocessors.
    n += 1;
    out.push(Part::Ready(super::claims::subprocessors(p, audience, n)));

    // 6. Evidence index (auditor only).
    out.push(Part::Ready(evidence_part(&cx, &mut n)));

    for (title, mut blocks) in extra {
        n += 1;
        blocks.insert(
            0,
            part(
                n,
                &title,
                &format!("part:{}", crate::markdown::slugify(&title)),
            ),
        );
        out.push(Part::Ready(blocks));
    }
    out
}

/// Part 1: the system description (auditor) or the public pages (trust).
fn pages_part(cx: &Cx<'_>, counter: &mut usize) -> Vec<Block> {
    let Cx { p, r, auditor, .. } = *cx;
    let mut out = Vec::new();
    let mut n = *counter;
    let pages: Vec<usize> = (0..p.pages.len()).filter(|&i| r.includes_page(i)).collect();
    if !pages.is_empty() {
        n += 1;
        let title = if auditor {
            "System description".to_owned()
        } else {
            format!("About {}", p.config.company.name)
        };
        out.push(part(n, &title, "part:pages"));
        for (k, &i) in pages.iter().enumerate() {
            let page = &p.pages[i];
            let number = format!("{n}.{}", k + 1);
            let key = format!("page:{}", page.id.value);
            out.push(in_lang(
                doc_heading(number.clone(), &page.title, key.clone(), k > 0 && !auditor),
                &page.lang,
            ));
            let place = Placement {
                key: &key,
                number: &number,
                base_level: 3,
            };
            out.extend(markdown::convert(&page.body, &place, &r));
        }
    }
    *counter = n;
    out
}

/// Part 3: the control matrix, then (auditor) each control in detail.
fn controls_part<'a>(cx: &Cx<'a>, counter: &mut usize) -> Vec<Part<'a>> {
    let Cx {
        p,
        audience,
        r,
        auditor,
    } = *cx;
    let mut out = Vec::new();
    let mut n = *counter;
    let controls: Vec<usize> = (0..p.controls.len())
        .filter(|&i| audience.control(&p.controls[i]))
        .collect();
    n += 1;
    out.push(part(n, "Control matrix", "part:controls"));
    out.push(Block::Para(Para::body(text(format!(
        "{} controls{}. Criteria are AICPA Trust Services Criteria unless prefixed with another framework.",
        controls.len(),
        if auditor { "" } else { " listed publicly" }
    )))));
    let mut header = vec![
        bold("ID"),
        bold("Control"),
        bold("Owner"),
        bold("Frequency"),
        bold("Kind"),
        bold("Criteria"),
        bold("Status"),
    ];
    if auditor {
        header.push(bold("Evidence"));
    }
    let mut t = Table {
        header,
        size: 7.6,
        align: if auditor {
            vec![Align::Left; 7]
                .into_iter()
                .chain([Align::Right])
                .collect()
        } else {
            Vec::new()
        },
        ..Table::default()
    };
    for &i in &controls {
        let c = &p.controls[i];
        let criteria: Vec<Span> = c
            .criteria_refs
            .iter()
            .enumerate()
            .map(|(k, cr)| {
                let key = p.criterion(*cr).key.clone();
                let sep = if k + 1 < c.criteria_refs.len() {
                    ", "
                } else {
                    ""
                };
                link_or_text(format!("{key}{sep}"), r.anchor(ItemRef::Criterion(*cr)))
            })
            .collect();
        let (label, color) = status_label(c.status);
        let mut cells = vec![
            vec![Span::styled(c.id.value.clone(), Face::Bold)],
            if auditor {
                vec![Span::link(
                    c.title.clone(),
                    Target::Internal(format!("control-detail:{}", c.id.value).into()),
                )]
            } else {
                text(&c.title)
            },
            text(c.owner.clone().unwrap_or_else(|| "—".to_owned())),
            text(format!(
                "{}{}",
                c.frequency,
                if c.automated { " (auto)" } else { "" }
            )),
            text(c.kind.name()),
            criteria,
            vec![Span::colored(label, Face::Regular, color)],
        ];
        if auditor {
            cells.push(text(p.links.control_evidence[i].len().to_string()));
        }
        t.rows.push(Row {
            cells,
            anchor: Some(format!("control:{}", c.id.value)),
        });
    }
    out.push(Block::Table(t));

    let mut parts = vec![Part::Ready(out)];
    if auditor {
        parts.push(Part::Ready(vec![doc_heading(
            format!("{n}.1"),
            "Control descriptions and test procedures",
            "part:control-details".to_owned(),
            true,
        )]));
        parts.extend(
            controls
                .into_iter()
                .map(|i| Part::Later(Box::new(move || control_detail(p, i)))),
        );
    }
    *counter = n;
    parts
}

/// A control's description, test procedure and facts, read as one unit: kept on one page
/// when it fits on one, so its facts never stand alone at the top of a page.
fn control_detail(p: &Project, i: usize) -> Vec<Block> {
    let c = &p.controls[i];
    let mut one: Vec<Block> = Vec::new();
    one.push(Block::Anchor(format!("control-detail:{}", c.id.value)));
    one.push(Block::Heading(Heading {
        level: 5,
        number: None,
        text: format!("{}  {}", c.id.value, c.title),
        anchor: None,
        outline: None,
        toc: false,
        new_page: false,
        lang: None,
    }));
    for para in crate::markdown::paragraphs(&c.description) {
        one.push(Block::Para(Para::body(text(para))));
    }
    let mut spans = vec![Span::styled("Test procedure: ", Face::Bold)];
    spans.push(Span::plain(
        crate::markdown::paragraphs(&c.test_procedure).join(" "),
    ));
    one.push(Block::Para(Para::body(spans)));
    let pols: Vec<String> = c
        .policy_refs
        .iter()
        .map(|&pi| p.policies[pi].title.clone())
        .collect();
    let mut facts = vec![
        Span::styled("Owner: ", Face::Bold),
        Span::plain(format!(
            "{}   ",
            c.owner.clone().unwrap_or_else(|| "not assigned".into())
        )),
        Span::styled("Evidence items: ", Face::Bold),
        Span::plain(format!("{}   ", p.links.control_evidence[i].len())),
    ];
    if !pols.is_empty() {
        facts.push(Span::styled("Policies: ", Face::Bold));
        facts.push(Span::plain(pols.join(", ")));
    }
    one.push(Block::Para(Para::small(facts)));
    vec![Block::Keep(one), Block::Space(4.0)]
}

fn criteria_part(cx: &Cx<'_>, counter: &mut usize) -> Vec<Block> {
    let Cx {
        p,
        audience,
        r,
        auditor,
    } = *cx;
    let mut out = Vec::new();
    let mut n = *counter;
    n += 1;
    let figures = audience.readiness() || auditor;
    if figures {
        out.push(part(n, "Criteria coverage", "part:criteria"));
        out.push(Block::Para(Para::body(text(
            "Every criterion in scope with the controls that satisfy it. A criterion is covered when at least one implemented control addresses it.",
        ))));
    } else {
        out.push(part(n, "Criteria and published controls", "part:criteria"));
        out.push(Block::Para(Para::body(text(
            "Each criterion with the published controls that address it. Controls that are not published are not listed; ask for details under NDA.",
        ))));
    }
    let mut sections: Vec<(String, Vec<crate::model::CriterionRef>)> = Vec::new();
    for cat in &p.config.audit.categories {
        let refs = p
            .criteria()
            .filter(|(_, c)| c.tsc_category == Some(*cat) && c.in_scope)
            .map(|(r, _)| r)
            .collect();
        sections.push((format!("{} (Trust Services Criteria)", cat.title()), refs));
    }
    for fw in p
        .frameworks
        .iter()
        .filter(|f| f.id != crate::model::TSC && f.in_scope)
    {
        let refs = p
            .criteria()
            .filter(|(r, _)| p.frameworks[r.framework].id == fw.id)
            .map(|(r, _)| r)
            .collect();
        sections.push((fw.name.clone(), refs));
    }
    for (k, (title, refs)) in sections.iter().enumerate() {
        out.push(doc_heading(
            format!("{n}.{}", k + 1),
            title,
            format!("part:criteria-{k}"),
            false,
        ));
        let mut t = Table {
            header: if figures {
                vec![
                    bold("Criterion"),
                    bold("Title"),
                    bold("Controls"),
                    bold("Coverage"),
                ]
            } else {
                vec![bold("Criterion"), bold("Title"), bold("Published controls")]
            },
            size: 7.8,
            ..Table::default()
        };
        for cr in refs {
            let c = p.criterion(*cr);
            let all = p.controls_for(*cr);
            let mut shown: Vec<Span> = all
                .iter()
                .filter(|&&i| audience.control(&p.controls[i]))
                .map(|&i| {
                    let id = p.controls[i].id.value.clone();
                    Span::link(
                        format!("{id} "),
                        Target::Internal(format!("control:{id}").into()),
                    )
                })
                .collect();
            let controls_shown = !shown.is_empty();
            // Documents that say they satisfy it, linked where this PDF holds them.
            for &d in p.documents_for(*cr) {
                if audience.visibility(p, d) == Visibility::Hidden {
                    continue;
                }
                let (_, title) = p.item_title(d);
                shown.push(Span::colored("\nDescribed in ", Face::Italic, Rgb::MUTED));
                shown.push(link_or_text(title, r.anchor(d)));
            }
            let coverage = match p.coverage(*cr) {
                crate::model::Coverage::Controlled if !controls_shown => {
                    Span::colored("✓ Covered (internal controls)", Face::Regular, Rgb::OK)
                }
                crate::model::Coverage::Controlled => {
                    Span::colored("✓ Covered", Face::Regular, Rgb::OK)
                }
                crate::model::Coverage::Documented => Span::colored(
                    "▤ Documented, no implemented control",
                    Face::Regular,
                    Rgb::WARN,
                ),
                crate::model::Coverage::Pending => {
                    Span::colored("◐ In progress", Face::Regular, Rgb::WARN)
                }
                crate::model::Coverage::Uncovered => {
                    Span::colored("✗ Not covered", Face::Bold, Rgb::ALERT)
                }
            };
            let mut cells = vec![
                vec![Span::styled(c.key.clone(), Face::Bold)],
                text(&c.title),
                if shown.is_empty() && !figures {
                    vec![Span::colored("—", Face::Regular, Rgb::MUTED)]
                } else {
                    shown
                },
            ];
            if figures {
                cells.push(vec![coverage]);
            }
            t.rows.push(Row {
                cells,
                anchor: Some(format!("criterion:{}", c.key)),
            });
        }
        out.push(Block::Table(t));
    }
    *counter = n;
    out
}

/// Part 6 (auditor): the evidence index, one row per item, paths whole.
fn evidence_part(cx: &Cx<'_>, counter: &mut usize) -> Vec<Block> {
    let Cx {
        p,
        audience,
        auditor,
        ..
    } = *cx;
    let mut out = Vec::new();
    let mut n = *counter;
    if auditor {
        n += 1;
        out.push(part(n, "Evidence index", "part:evidence"));
        let shown: Vec<&crate::model::Evidence> =
            p.evidence.iter().filter(|e| audience.evidence(e)).collect();
        out.push(Block::Para(Para::body(text(format!(
            "{} evidence items. Files are in the package under evidence/<control>/.",
            shown.len()
        )))));
        let mut t = Table {
            header: vec![
                bold("Control"),
                bold("Evidence"),
                bold("Period"),
                bold("Collected"),
                bold("File"),
                bold("Class"),
            ],
            size: 7.2,
            ..Table::default()
        };
        let mut items: Vec<&crate::model::Evidence> = shown;
        items.sort_by(|a, b| {
            crate::text::natural_cmp(&a.control, &b.control)
                .then(a.period.value.start.cmp(&b.period.value.start))
                .then(a.file.value.cmp(&b.file.value))
        });
        for e in items {
            t.rows.push(Row {
                cells: vec![
                    vec![Span::link(
                        e.control.value.clone(),
                        Target::Internal(format!("control:{}", e.control.value).into()),
                    )],
                    text(&e.title),
                    text(&e.period.value.label),
                    text(e.collected.value.to_string()),
                    vec![Span::styled(e.file.value.clone(), Face::Mono)],
                    text(e.classification.name()),
                ],
                anchor: None,
            });
        }
        out.push(Block::Table(t));
    }
    *counter = n;
    out
}
