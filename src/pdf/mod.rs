//! The PDFs: the auditor's document of everything in scope, and the public trust PDF.
//!
//! Typeset in-process (no pandoc, LaTeX or browser): `content` builds blocks from the model,
//! `layout` paginates them with real font metrics, and `write` produces the file through
//! printpdf. The contents page is laid out with a fixed-width number column, then filled in
//! once the body's page numbers are known.

mod claims;
mod content;
mod governed;
mod readiness;

pub use readiness::readiness_blocks;
pub mod doc;
pub mod fonts;
pub mod glyphs;
mod html;
pub mod image;
pub mod layout;
mod markdown;
mod write;

use crate::audience::{Audience, Output};
use crate::error::Result;
use crate::model::Project;
use doc::{Block, Heading, Para, Rgb, Row, Span, Table, TocLine};
use fonts::{Face, Fonts};
use layout::{BOTTOM, Item, Layout, MARGIN_X, PAGE_H, PAGE_W, Page, Placed};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Facts printed on the cover and in the metadata.
#[derive(Debug, Clone)]
pub struct PdfInfo {
    /// Package version.
    pub version: String,
    /// Build time, seconds since 1970 (`SOURCE_DATE_EPOCH` when set).
    pub timestamp: i64,
    /// The as-of date of statuses (reviews, attestations, subprocessors).
    pub as_of: jiff::civil::Date,
}

/// Extra top-level sections appended to the auditor PDF (title, blocks).
pub type Sections = Vec<(String, Vec<Block>)>;

fn fonts() -> Result<&'static Fonts> {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    if let Some(f) = FONTS.get() {
        return Ok(f);
    }
    let loaded = Fonts::load()?;
    Ok(FONTS.get_or_init(|| loaded))
}

/// The document title of a PDF for an output.
pub fn title(project: &Project, output: Output) -> String {
    match output {
        Output::Audit => format!("{} audit package", project.config.audit.kind.title()),
        _ => "Security and trust overview".to_owned(),
    }
}

/// Renders the PDF of an output (`Audit` or `Trust`).
pub fn render(
    project: &Project,
    output: Output,
    info: &PdfInfo,
    extra: Sections,
) -> Result<Vec<u8>> {
    let fonts = fonts()?;
    let audience = Audience::of(output, &project.config.outputs, info.as_of);
    let doc_title = title(project, output);
    let body = content::body(project, audience, extra);
    let body_placed = Layout::new(fonts).run(&body);

    // Contents: laid out once to learn its length, then again with the real page numbers.
    let toc_for = |labels: &dyn Fn(usize) -> String| -> Vec<Block> {
        let mut blocks = vec![Block::Heading(Heading {
            level: 1,
            number: None,
            text: "Contents".to_owned(),
            anchor: Some("contents".to_owned()),
            outline: None,
            toc: false,
            new_page: false,
        })];
        for m in body_placed.marks.iter().filter(|m| m.toc) {
            let text = match &m.number {
                Some(n) => format!("{n}  {}", m.title),
                None => m.title.clone(),
            };
            blocks.push(Block::Toc(TocLine {
                level: m.level,
                text,
                page: labels(m.page),
                anchor: m.anchor.clone(),
            }));
        }
        // The last lines of the contents never stand alone on a page.
        let tail = blocks.len().saturating_sub(6).max(1);
        let last: Vec<Block> = blocks.split_off(tail);
        blocks.push(Block::Keep(last));
        blocks
    };
    let draft = Layout::new(fonts).run(&toc_for(&|_| "000".to_owned()));
    let toc_pages = draft.pages.len();
    let first_body = 1 + toc_pages;
    let toc_placed = Layout::new(fonts).run(&toc_for(&|p| (first_body + p + 1).to_string()));
    debug_assert_eq!(
        toc_placed.pages.len(),
        toc_pages,
        "page numbers must not change the contents' length"
    );

    let cover = cover(fonts, project, output, &doc_title, info);
    let mut pages: Vec<Page> = Vec::with_capacity(1 + toc_pages + body_placed.pages.len());
    pages.push(cover);
    let mut anchors: HashMap<String, (usize, f32)> = HashMap::new();
    merge(&mut pages, &mut anchors, toc_placed, 1);
    let marks = body_placed.marks.clone();
    merge(&mut pages, &mut anchors, body_placed, first_body);

    let total = pages.len();
    let classification = match output {
        Output::Audit => "Confidential",
        _ => "Public",
    };
    for (i, page) in pages.iter_mut().enumerate().skip(1) {
        running(
            fonts,
            page,
            &project.config.company.name,
            &doc_title,
            &info.version,
            classification,
            i + 1,
            total,
        );
    }

    let mut outline = vec![write::Bookmark {
        level: 1,
        title: "Contents".to_owned(),
        page: 1,
        y: layout::TOP,
    }];
    for m in &marks {
        outline.push(write::Bookmark {
            level: m.level,
            title: match &m.number {
                Some(n) => format!("{n} {}", m.title),
                None => m.title.clone(),
            },
            page: m.page + first_body,
            y: m.y,
        });
    }
    let cfg = &project.config;
    let meta = write::Meta {
        title: format!("{} — {doc_title}", cfg.company.name),
        author: cfg.company.name.clone(),
        subject: match output {
            Output::Audit => format!(
                "{}, period {} to {}",
                cfg.audit.kind.title(),
                cfg.audit.period.start,
                cfg.audit.period.end
            ),
            _ => format!(
                "Security, policies and subprocessors of {}",
                cfg.company.name
            ),
        },
        keywords: keywords(project, output, info, classification),
        creator: format!("trustbook {}", env!("CARGO_PKG_VERSION")),
        date: info.timestamp,
    };
    write::write(fonts, &pages, &anchors, &outline, &meta)
}

/// Document keywords. The trust PDF names an attestation only while it is issued, so no
/// metadata claims what the company does not hold.
fn keywords(
    project: &Project,
    output: Output,
    info: &PdfInfo,
    classification: &str,
) -> Vec<String> {
    let cfg = &project.config;
    let mut out: Vec<String> = match output {
        Output::Audit => std::iter::once("SOC 2".to_owned())
            .chain(cfg.audit.categories.iter().map(|c| c.title().to_owned()))
            .collect(),
        _ => std::iter::once("security".to_owned())
            .chain(
                cfg.attestations
                    .iter()
                    .filter(|a| a.state_on(info.as_of) == crate::model::AttestationState::Issued)
                    .map(|a| a.name.clone()),
            )
            .collect(),
    };
    out.push(classification.to_owned());
    out.push(format!("version {}", info.version));
    out
}

/// Appends laid-out pages, shifting their anchors by the pages already there.
fn merge(
    pages: &mut Vec<Page>,
    anchors: &mut HashMap<String, (usize, f32)>,
    placed: Placed,
    offset: usize,
) {
    for (name, (p, y)) in placed.anchors {
        anchors.entry(name).or_insert((p + offset, y));
    }
    pages.extend(placed.pages);
}

/// The cover page.
fn cover(
    fonts: &Fonts,
    project: &Project,
    output: Output,
    doc_title: &str,
    info: &PdfInfo,
) -> Page {
    let cfg = &project.config;
    let date = jiff::Timestamp::from_second(info.timestamp)
        .map(|t| crate::clock::utc_date(t).to_string())
        .unwrap_or_default();
    let fact = |k: &str, v: String| Row {
        cells: vec![
            vec![Span::colored(k, Face::Bold, Rgb::MUTED)],
            vec![Span::plain(v)],
        ],
        anchor: None,
    };
    let mut facts = Vec::new();
    if output == Output::Audit {
        facts.push(fact(
            "Examination period",
            format!("{} to {}", cfg.audit.period.start, cfg.audit.period.end),
        ));
        facts.push(fact(
            "Categories in scope",
            cfg.audit
                .categories
                .iter()
                .map(|c| c.title())
                .collect::<Vec<_>>()
                .join(", "),
        ));
        if let Some(a) = &cfg.audit.auditor {
            facts.push(fact("Service auditor", a.clone()));
        }
        facts.push(fact(
            "Statuses as of",
            format!(
                "{} (the end of the period, or the build date if earlier)",
                info.as_of
            ),
        ));
    } else {
        // Only what the company holds or works towards, each with its one status word.
        for a in &cfg.attestations {
            let state = a.state_on(info.as_of);
            let period = a
                .period
                .as_ref()
                .map(|p| format!("{} to {}", p.value.start, p.value.end));
            let when = match (state, &a.issued, period) {
                (crate::model::AttestationState::Issued, Some(i), Some(p)) => {
                    format!(" {}, for {p}", i.value)
                }
                (crate::model::AttestationState::Issued, Some(i), None) => format!(" {}", i.value),
                (crate::model::AttestationState::InProgress, _, Some(p)) => format!(", {p}"),
                _ => String::new(),
            };
            facts.push(fact(&a.name, format!("{}{when}", state.word())));
        }
        facts.push(fact("Statuses as of", info.as_of.to_string()));
    }
    facts.push(fact("Package version", info.version.clone()));
    facts.push(fact("Generated", date));
    let blocks = vec![
        Block::Space(120.0),
        Block::Para(Para {
            spans: vec![Span::colored(
                cfg.company.name.clone(),
                Face::Bold,
                Rgb::TEXT,
            )],
            size: 26.0,
            space_after: 10.0,
        }),
        Block::Para(Para {
            spans: vec![Span::colored(doc_title, Face::Regular, Rgb::ACCENT)],
            size: 17.0,
            space_after: 28.0,
        }),
        Block::Table(Table {
            header: Vec::new(),
            rows: facts,
            align: Vec::new(),
            size: 10.0,
        }),
    ];
    let placed = Layout::new(fonts).run(&blocks);
    let mut page = placed.pages.into_iter().next().unwrap_or_default();
    // An accent band at the top, and the classification banner at the foot.
    page.items.insert(
        0,
        Item::Fill {
            x: 0.0,
            y: 0.0,
            w: PAGE_W,
            h: 10.0,
            color: Rgb::ACCENT,
        },
    );
    let (banner, color) = match output {
        Output::Audit => (
            format!(
                "CONFIDENTIAL — prepared for {}. Do not distribute.",
                cfg.audit
                    .auditor
                    .as_deref()
                    .unwrap_or("the service auditor")
            ),
            Rgb::ALERT,
        ),
        _ => ("PUBLIC — may be shared freely.".to_owned(), Rgb::OK),
    };
    let banner = fonts.printable(Face::Bold, &banner);
    let y = BOTTOM - 40.0;
    page.items.push(Item::Line {
        x1: MARGIN_X,
        y1: y,
        x2: PAGE_W - MARGIN_X,
        y2: y,
        width: 1.5,
        color,
    });
    page.items.push(Item::Text {
        x: MARGIN_X,
        y: y + 20.0,
        face: Face::Bold,
        size: 11.0,
        color,
        text: banner,
        actual: None,
    });
    if let Some(w) = &cfg.company.website {
        page.items.push(Item::Text {
            x: MARGIN_X,
            y: y + 38.0,
            face: Face::Regular,
            size: 9.0,
            color: Rgb::MUTED,
            text: fonts.printable(Face::Regular, &format!("{w} · {}", cfg.company.contact)),
            actual: None,
        });
    }
    page
}

/// Running header and footer: company · title at the top; version · classification and
/// "Page N of M" at the foot.
#[allow(clippy::too_many_arguments)]
fn running(
    fonts: &Fonts,
    page: &mut Page,
    company: &str,
    title: &str,
    version: &str,
    classification: &str,
    n: usize,
    total: usize,
) {
    let size = 8.0;
    let head = fonts.printable(Face::Regular, &format!("{company} · {title}"));
    let foot = fonts.printable(
        Face::Regular,
        &format!("Version {version} · {classification}"),
    );
    let num = format!("Page {n} of {total}");
    let right = PAGE_W - MARGIN_X;
    let items = [
        Item::Text {
            x: MARGIN_X,
            y: 44.0,
            face: Face::Regular,
            size,
            color: Rgb::MUTED,
            text: head,
            actual: None,
        },
        Item::Line {
            x1: MARGIN_X,
            y1: 52.0,
            x2: right,
            y2: 52.0,
            width: 0.5,
            color: Rgb::RULE,
        },
        Item::Line {
            x1: MARGIN_X,
            y1: PAGE_H - 52.0,
            x2: right,
            y2: PAGE_H - 52.0,
            width: 0.5,
            color: Rgb::RULE,
        },
        Item::Text {
            x: MARGIN_X,
            y: PAGE_H - 40.0,
            face: Face::Regular,
            size,
            color: Rgb::MUTED,
            text: foot,
            actual: None,
        },
        Item::Text {
            x: right - fonts.width(Face::Regular, size, &num),
            y: PAGE_H - 40.0,
            face: Face::Regular,
            size,
            color: Rgb::MUTED,
            text: num,
            actual: None,
        },
    ];
    page.items.extend(items);
}
