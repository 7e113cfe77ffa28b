//! The PDFs: the auditor's document of everything in scope, and the public trust PDF.
//!
//! Typeset in-process (no pandoc, LaTeX or browser): `content` builds blocks from the model,
//! `layout` paginates them with real font metrics, and `write` produces the file through
//! printpdf. The contents page is laid out with a fixed-width number column, then filled in
//! once the body's page numbers are known.

mod assets;
mod claims;
mod content;
mod encode;
mod governed;
mod icc;
mod ops;
mod outline;
mod readiness;
mod serial;
pub mod tags;
mod xmp;

pub use readiness::readiness_blocks;
pub mod doc;
pub mod fonts;
pub mod glyphs;
pub mod html;
pub mod image;
pub mod layout;
mod markdown;
mod write;

use crate::audience::{Audience, Output};
use crate::error::Result;
use crate::model::Project;
use doc::{Block, Heading, Para, Rgb, Row, Span, Table, TocLine};
use fonts::{Face, Fonts};
use layout::{BOTTOM, Item, Layout, MARGIN_X, PAGE_H, PAGE_W, Page};
use std::collections::HashMap;
use std::io::Write;
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

/// Renders the PDF of an output (`Audit` or `Trust`) into `out`; returns its length.
///
/// Two passes over the body: the first paginates it without keeping pages, for the page
/// count, the anchors, the headings and the characters each face draws (the fonts are
/// subset to those before any text is encoded); the second lays it out again and writes
/// each page as soon as it is finished. Memory holds the blocks, per-page bookkeeping and
/// the pages in progress, whatever the document's length.
pub fn render(
    project: &Project,
    output: Output,
    info: &PdfInfo,
    extra: Sections,
    out: &mut dyn Write,
) -> Result<u64> {
    let fonts = fonts()?;
    let audience = Audience::of(output, &project.config.outputs, info.as_of);
    let doc_title = title(project, output);
    let images = assets::images(project);
    let body = content::body(project, audience, &images, extra);
    let cfg = &project.config;
    let classification = match output {
        Output::Audit => "Confidential",
        _ => "Public",
    };

    let mut used = encode::Used::new();
    let plan = Layout::streaming(fonts, &mut |page| census(&mut used, &page)).run_parts(&body);
    let toc = |labels: &dyn Fn(usize) -> String| contents(&plan.marks, labels);
    // Structure elements are numbered through the document: cover, contents, body.
    let (cover, after_cover) = cover(fonts, project, output, &doc_title, info);
    let draft = Layout::streaming(fonts, &mut |page| census(&mut used, &page))
        .numbering_from(after_cover)
        .run(&toc(&|_| "000".to_owned()));
    let first_body = 1 + draft.count;
    let total = first_body + plan.count;

    census(&mut used, &cover);
    let running = |page: &mut Page, n: usize| {
        running(
            fonts,
            page,
            &cfg.company.name,
            &doc_title,
            &info.version,
            classification,
            n,
            total,
        );
    };
    let mut sample = Page::default();
    running(&mut sample, total);
    census(&mut used, &sample);
    // Page numbers in the footers and the contents.
    for face in [Face::Regular, Face::Bold] {
        used.entry(face).or_default().extend('0'..='9');
    }

    let mut anchors: HashMap<String, (usize, f32)> = HashMap::new();
    for (placed, offset) in [(&draft, 1), (&plan, first_body)] {
        for (name, (p, y)) in &placed.anchors {
            anchors.entry(name.clone()).or_insert((p + offset, *y));
        }
    }
    let mut outline = vec![outline::Bookmark {
        level: 1,
        title: "Contents".to_owned(),
        page: 1,
        y: layout::TOP,
    }];
    outline.extend(plan.marks.iter().map(|m| outline::Bookmark {
        level: m.level,
        title: match &m.number {
            Some(n) => format!("{n} {}", m.title),
            None => m.title.clone(),
        },
        page: m.page + first_body,
        y: m.y,
    }));

    let mut w = write::DocWriter::begin(
        out,
        encode::Encoder::new(fonts, used)?,
        total,
        &anchors,
        &images,
    )?;
    w.page(cover)?;
    let mut n = 1;
    let mut failed = None;
    let mut emit = |mut page: Page| {
        n += 1;
        running(&mut page, n);
        if failed.is_none()
            && let Err(e) = w.page(page)
        {
            failed = Some(e);
        }
    };
    let toc_placed = Layout::streaming(fonts, &mut emit)
        .numbering_from(after_cover)
        .run(&toc(&|p| (first_body + p + 1).to_string()));
    Layout::streaming(fonts, &mut emit)
        .numbering_from(draft.next_elem)
        .run_parts(&body);
    if let Some(e) = failed {
        return Err(e);
    }
    debug_assert_eq!(
        toc_placed.count, draft.count,
        "page numbers must not change the contents' length"
    );
    w.finish(
        &outline,
        &meta(project, output, info, &doc_title, classification),
    )
}

/// The contents: a line per heading listed in it, its page number from `labels`.
fn contents(marks: &[layout::Mark], labels: &dyn Fn(usize) -> String) -> Vec<Block> {
    let mut blocks = vec![Block::Heading(Heading {
        level: 1,
        number: None,
        text: "Contents".to_owned(),
        anchor: Some("contents".to_owned()),
        outline: None,
        toc: false,
        new_page: false,
        lang: None,
    })];
    for m in marks.iter().filter(|m| m.toc) {
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
}

/// Notes the characters a page draws in each face.
fn census(used: &mut encode::Used, page: &Page) {
    for item in &page.items {
        if let Item::Text { face, text, .. } = item {
            used.entry(*face).or_default().extend(text.chars());
        }
    }
}

/// The document information.
fn meta(
    project: &Project,
    output: Output,
    info: &PdfInfo,
    doc_title: &str,
    classification: &str,
) -> write::Meta {
    let cfg = &project.config;
    write::Meta {
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
        lang: cfg.lang.clone(),
    }
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

/// The cover page, and the number of the next structure element.
fn cover(
    fonts: &Fonts,
    project: &Project,
    output: Output,
    doc_title: &str,
    info: &PdfInfo,
) -> (Page, u32) {
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
    let mut next = placed.next_elem;
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
    let (banner, banner_actual) = drawn(fonts, Face::Bold, &banner);
    // The banner and the contact line are paragraphs of their own.
    let mut paragraph = |page: &mut Page| {
        let id = next;
        next += 1;
        page.items.push(Item::Begin(tags::Elem {
            id,
            parent: 0,
            kind: tags::Kind::P,
            alt: None,
            lang: None,
        }));
        id
    };
    let banner_elem = paragraph(&mut page);
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
        actual: banner_actual,
        elem: banner_elem,
    });
    if let Some(w) = &cfg.company.website {
        let (text, actual) = drawn(
            fonts,
            Face::Regular,
            &format!("{w} · {}", cfg.company.contact),
        );
        let elem = paragraph(&mut page);
        page.items.push(Item::Text {
            x: MARGIN_X,
            y: y + 38.0,
            face: Face::Regular,
            size: 9.0,
            color: Rgb::MUTED,
            text,
            actual,
            elem,
        });
    }
    (page, next)
}

/// Text as a face draws it, and the original when a character needed a stand-in glyph (so
/// copying the line returns what was written).
fn drawn(fonts: &Fonts, face: Face, text: &str) -> (String, Option<String>) {
    let shown = fonts.printable(face, text);
    let actual = (shown != text).then(|| text.to_owned());
    (shown, actual)
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
    let (head, head_actual) = drawn(fonts, Face::Regular, &format!("{company} · {title}"));
    let (foot, foot_actual) = drawn(
        fonts,
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
            actual: head_actual,
            elem: tags::PAGINATION,
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
            actual: foot_actual,
            elem: tags::PAGINATION,
        },
        Item::Text {
            x: right - fonts.width(Face::Regular, size, &num),
            y: PAGE_H - 40.0,
            face: Face::Regular,
            size,
            color: Rgb::MUTED,
            text: num,
            actual: None,
            elem: tags::PAGINATION,
        },
    ];
    page.items.extend(items);
}
