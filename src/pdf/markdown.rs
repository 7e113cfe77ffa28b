//! Markdown bodies as PDF blocks: headings numbered under their document, inline styles,
//! cross-references as internal links (or plain text when the target is not in this PDF),
//! URLs as link annotations, lists, quotes, code, tables, rules, footnotes and task lists.

use super::doc::{Align, Block, Callout, Heading, Item, List, Para, Rgb, Row, Span, Table, Target};
use super::fonts::Face;
use crate::markdown::dialect::{CalloutKind, Ev, ListStyle};
use crate::model::{Body, ItemRef, LinkTo};
use pulldown_cmark::{Alignment, Event, Tag, TagEnd};

/// Resolves references for the PDF being built.
pub trait Resolver {
    /// The named destination of an item in this PDF, if it is in it.
    fn anchor(&self, item: ItemRef) -> Option<String>;
    /// The image an asset is, when the PDFs can show it (its alt text left empty).
    fn image(&self, _asset: &str) -> Option<super::doc::Image> {
        None
    }
}

/// How a body's headings are placed in the document's structure.
pub struct Placement<'a> {
    /// Prefix of the document's anchors (`policy:access-control`).
    pub key: &'a str,
    /// The document's section number (`2.3`).
    pub number: &'a str,
    /// PDF heading level of the body's top-level headings.
    pub base_level: u8,
}

enum Container {
    Root,
    Quote,
    Callout {
        kind: CalloutKind,
        title: String,
    },
    Definition,
    List {
        ordered: bool,
        start: u64,
        style: ListStyle,
        items: Vec<Item>,
    },
    Item {
        task: Option<bool>,
    },
    Footnote {
        label: String,
    },
}

struct Frame {
    kind: Container,
    blocks: Vec<Block>,
}

/// Converts a Markdown body to blocks.
pub fn convert(body: &Body, place: &Placement<'_>, resolver: &dyn Resolver) -> Vec<Block> {
    let min_level = body.headings.iter().map(|h| h.level).min().unwrap_or(1);
    let mut headings = body.headings.iter();
    let mut counters = [0u32; 6];

    let mut stack = vec![Frame {
        kind: Container::Root,
        blocks: Vec::new(),
    }];
    let mut inline: Vec<Span> = Vec::new();
    let mut bold = 0;
    let mut italic = 0;
    let mut mono = 0;
    let mut links: Vec<Option<Target>> = Vec::new();
    let mut code: Option<String> = None;
    let mut image = false;
    // An image shown as an image (not as its alt text): its alt text, collected.
    let mut picture: Option<super::doc::Image> = None;
    let mut table: Option<Table> = None;
    let mut row: Option<Row> = None;
    let mut in_head = false;
    let mut footnote_defs: Vec<(String, Vec<Block>)> = Vec::new();
    let mut footnotes = crate::markdown::Footnotes::default();
    // Inside a table cell, blocks become lines of the cell: the lists open there.
    let mut in_cell = false;
    let mut cell_lists: Vec<(Option<u64>, ListStyle)> = Vec::new();

    fn flush(inline: &mut Vec<Span>, stack: &mut [Frame]) {
        if inline.iter().any(|s| !s.text.trim().is_empty()) {
            let spans = std::mem::take(inline);
            if let Some(top) = stack.last_mut() {
                top.blocks.push(Block::Para(Para::body(spans)));
            }
        }
        inline.clear();
    }

    // Consecutive raw HTML chunks (pulldown-cmark gives a block line by line), laid out
    // together once the block ends.
    let mut html_block = String::new();
    for (ev, _) in &body.events {
        if let Ev::Md(Event::Html(h)) = ev {
            html_block.push_str(h);
            continue;
        }
        if !html_block.is_empty() {
            flush(&mut inline, &mut stack);
            if let Some(top) = stack.last_mut() {
                top.blocks
                    .extend(super::html::blocks(&std::mem::take(&mut html_block)));
            }
        }
        let event = match ev {
            Ev::Md(e) => e.clone(),
            Ev::PageBreak => {
                flush(&mut inline, &mut stack);
                if let Some(top) = stack.last_mut() {
                    top.blocks.push(Block::PageBreak);
                }
                continue;
            }
            Ev::CalloutStart(c) => {
                flush(&mut inline, &mut stack);
                stack.push(Frame {
                    kind: Container::Callout {
                        kind: c.kind,
                        title: c.title.clone(),
                    },
                    blocks: Vec::new(),
                });
                continue;
            }
            Ev::CalloutEnd => {
                flush(&mut inline, &mut stack);
                if let Some(Frame {
                    kind: Container::Callout { kind, title },
                    blocks,
                }) = stack.pop()
                    && let Some(top) = stack.last_mut()
                {
                    top.blocks.push(Block::Callout(Callout {
                        color: callout_color(kind),
                        title,
                        blocks,
                    }));
                }
                continue;
            }
            Ev::OrderedList { start, style } if in_cell => {
                cell_lists.push((Some(*start), *style));
                continue;
            }
            Ev::OrderedList { start, style } => {
                flush(&mut inline, &mut stack);
                stack.push(Frame {
                    kind: Container::List {
                        ordered: true,
                        start: *start,
                        style: *style,
                        items: Vec::new(),
                    },
                    blocks: Vec::new(),
                });
                continue;
            }
        };
        if let Some(buf) = code.as_mut() {
            match event {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let text = code.take().unwrap_or_default();
                    if in_cell {
                        cell_break(&mut inline);
                        inline.push(Span::styled(text.trim_end().to_owned(), Face::Mono));
                    } else if let Some(top) = stack.last_mut() {
                        top.blocks.push(Block::Code(text));
                    }
                }
                _ => {}
            }
            continue;
        }
        // Blocks inside a grid-table cell are laid out as lines of the cell.
        if in_cell {
            match &event {
                Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {
                    cell_break(&mut inline);
                    continue;
                }
                Event::Start(Tag::List(start)) => {
                    cell_lists.push((*start, ListStyle::Decimal));
                    continue;
                }
                Event::End(TagEnd::List(_)) => {
                    cell_lists.pop();
                    continue;
                }
                Event::Start(Tag::Item) => {
                    cell_break(&mut inline);
                    let depth = cell_lists.len().saturating_sub(1);
                    let marker = match cell_lists.last_mut() {
                        Some((Some(n), style)) => {
                            let m = format!("{}. ", style.marker(*n));
                            *n += 1;
                            m
                        }
                        _ => "• ".to_owned(),
                    };
                    inline.push(Span::plain(format!("{}{marker}", "   ".repeat(depth))));
                    continue;
                }
                Event::End(TagEnd::Item)
                | Event::Start(Tag::BlockQuote(_))
                | Event::End(TagEnd::BlockQuote(_)) => continue,
                Event::Start(Tag::Heading { .. }) => {
                    cell_break(&mut inline);
                    bold += 1;
                    continue;
                }
                Event::End(TagEnd::Heading(_)) => {
                    bold -= 1;
                    continue;
                }
                _ => {}
            }
        }
        match event {
            Event::Start(Tag::Paragraph) => flush(&mut inline, &mut stack),
            Event::End(TagEnd::Paragraph) => flush(&mut inline, &mut stack),
            Event::Start(Tag::Heading { .. }) => flush(&mut inline, &mut stack),
            Event::End(TagEnd::Heading(level)) => {
                let text: String = inline
                    .iter()
                    .map(|s| s.text.as_str())
                    .collect::<String>()
                    .trim()
                    .to_owned();
                inline.clear();
                let id = headings.next().map(|h| h.id.clone()).unwrap_or_default();
                let depth = (level as u8).saturating_sub(min_level) as usize;
                let pdf_level = place.base_level + depth as u8;
                // Numbered and in the outline down to level 4.
                let (number, outline) = if pdf_level <= 4 {
                    counters[depth] += 1;
                    for c in counters.iter_mut().skip(depth + 1) {
                        *c = 0;
                    }
                    let mut n = place.number.to_owned();
                    for c in &counters[..=depth] {
                        n.push_str(&format!(".{c}"));
                    }
                    (Some(n), Some(pdf_level))
                } else {
                    (None, None)
                };
                if let Some(top) = stack.last_mut() {
                    top.blocks.push(Block::Heading(Heading {
                        level: pdf_level.min(6),
                        number,
                        text,
                        anchor: Some(format!("{}#{id}", place.key)),
                        outline,
                        toc: false,
                        new_page: false,
                        lang: None,
                    }));
                }
            }
            Event::Start(Tag::BlockQuote(_)) => {
                flush(&mut inline, &mut stack);
                stack.push(Frame {
                    kind: Container::Quote,
                    blocks: Vec::new(),
                });
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                flush(&mut inline, &mut stack);
                if let Some(frame) = stack.pop()
                    && let Some(top) = stack.last_mut()
                {
                    top.blocks.push(Block::Quote(frame.blocks));
                }
            }
            Event::Start(Tag::CodeBlock(_)) => {
                if !in_cell {
                    flush(&mut inline, &mut stack);
                }
                code = Some(String::new());
            }
            Event::Start(Tag::List(start)) => {
                flush(&mut inline, &mut stack);
                stack.push(Frame {
                    kind: Container::List {
                        ordered: start.is_some(),
                        start: start.unwrap_or(1),
                        style: ListStyle::Decimal,
                        items: Vec::new(),
                    },
                    blocks: Vec::new(),
                });
            }
            Event::Start(Tag::DefinitionList) | Event::End(TagEnd::DefinitionList) => {
                flush(&mut inline, &mut stack);
            }
            Event::Start(Tag::DefinitionListTitle) => {
                flush(&mut inline, &mut stack);
                bold += 1;
            }
            Event::End(TagEnd::DefinitionListTitle) => {
                bold -= 1;
                flush(&mut inline, &mut stack);
            }
            Event::Start(Tag::DefinitionListDefinition) => {
                flush(&mut inline, &mut stack);
                stack.push(Frame {
                    kind: Container::Definition,
                    blocks: Vec::new(),
                });
            }
            Event::End(TagEnd::DefinitionListDefinition) => {
                flush(&mut inline, &mut stack);
                if let Some(Frame {
                    kind: Container::Definition,
                    blocks,
                }) = stack.pop()
                    && let Some(top) = stack.last_mut()
                {
                    top.blocks.push(Block::Indent(blocks));
                }
            }
            Event::End(TagEnd::List(_)) => {
                flush(&mut inline, &mut stack);
                if let Some(Frame {
                    kind:
                        Container::List {
                            ordered,
                            start,
                            style,
                            items,
                        },
                    ..
                }) = stack.pop()
                    && let Some(top) = stack.last_mut()
                {
                    top.blocks.push(Block::List(List {
                        ordered,
                        start,
                        style,
                        items,
                    }));
                }
            }
            Event::Start(Tag::Item) => {
                stack.push(Frame {
                    kind: Container::Item { task: None },
                    blocks: Vec::new(),
                });
            }
            Event::TaskListMarker(done) => {
                if let Some(Frame {
                    kind: Container::Item { task },
                    ..
                }) = stack.last_mut()
                {
                    *task = Some(done);
                }
            }
            Event::End(TagEnd::Item) => {
                flush(&mut inline, &mut stack);
                if let Some(Frame {
                    kind: Container::Item { task },
                    blocks,
                }) = stack.pop()
                    && let Some(Frame {
                        kind: Container::List { items, .. },
                        ..
                    }) = stack.last_mut()
                {
                    items.push(Item { task, blocks });
                }
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                flush(&mut inline, &mut stack);
                stack.push(Frame {
                    kind: Container::Footnote {
                        label: label.to_string(),
                    },
                    blocks: Vec::new(),
                });
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                flush(&mut inline, &mut stack);
                if let Some(Frame {
                    kind: Container::Footnote { label },
                    blocks,
                }) = stack.pop()
                {
                    footnote_defs.push((label, blocks));
                }
            }
            Event::Start(Tag::Table(aligns)) => {
                flush(&mut inline, &mut stack);
                table = Some(Table {
                    align: aligns
                        .iter()
                        .map(|a| match a {
                            Alignment::Center => Align::Center,
                            Alignment::Right => Align::Right,
                            _ => Align::Left,
                        })
                        .collect(),
                    size: 8.8,
                    ..Table::default()
                });
            }
            Event::Start(Tag::TableHead) => {
                in_head = true;
                row = Some(Row::default());
            }
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                if let (Some(t), Some(r)) = (table.as_mut(), row.take()) {
                    t.header = r.cells;
                }
            }
            Event::Start(Tag::TableRow) => row = Some(Row::default()),
            Event::End(TagEnd::TableRow) => {
                if let (Some(t), Some(r)) = (table.as_mut(), row.take())
                    && !in_head
                {
                    t.rows.push(r);
                }
            }
            Event::Start(Tag::TableCell) => {
                inline.clear();
                in_cell = true;
                cell_lists.clear();
            }
            Event::End(TagEnd::TableCell) => {
                in_cell = false;
                while inline.last().is_some_and(|s| s.text == "\n") {
                    inline.pop();
                }
                if let Some(r) = row.as_mut() {
                    r.cells.push(std::mem::take(&mut inline));
                }
            }
            Event::End(TagEnd::Table) => {
                if let (Some(t), Some(top)) = (table.take(), stack.last_mut()) {
                    top.blocks.push(Block::Table(t));
                }
            }
            Event::Rule => {
                flush(&mut inline, &mut stack);
                if let Some(top) = stack.last_mut() {
                    top.blocks.push(Block::Rule);
                }
            }
            Event::Start(Tag::Strong) => bold += 1,
            Event::End(TagEnd::Strong) => bold -= 1,
            Event::Start(Tag::Emphasis) => italic += 1,
            Event::End(TagEnd::Emphasis) => italic -= 1,
            Event::Start(Tag::Strikethrough) | Event::End(TagEnd::Strikethrough) => {}
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let dest = crate::markdown::link_dest(link_type, &dest_url);
                links.push(
                    body.targets
                        .get(dest.as_ref())
                        .and_then(|to| target(to, place.key, resolver)),
                );
            }
            Event::End(TagEnd::Link) => {
                links.pop();
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => {
                let dest = crate::markdown::link_dest(link_type, &dest_url);
                picture = match body.targets.get(dest.as_ref()) {
                    // A table cell holds lines of text, not pictures.
                    Some(LinkTo::Asset(key, _)) if table.is_none() => resolver.image(key),
                    _ => None,
                };
                if picture.is_none() {
                    image = true;
                    inline.push(Span::colored("[image: ", Face::Italic, Rgb::MUTED));
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some(img) = picture.take() {
                    // The picture stands between the text before it and the text after.
                    flush(&mut inline, &mut stack);
                    if let Some(top) = stack.last_mut() {
                        top.blocks.push(Block::Image(img));
                    }
                } else {
                    image = false;
                    inline.push(Span::colored("]", Face::Italic, Rgb::MUTED));
                }
            }
            Event::Text(t) | Event::Code(t) if picture.is_some() => {
                if let Some(img) = picture.as_mut() {
                    img.alt.push_str(&t);
                }
            }
            Event::Text(t) => {
                let face = style(bold > 0, italic > 0 || image, mono > 0);
                let link = links.iter().rev().flatten().next().cloned();
                inline.push(Span {
                    text: t.to_string(),
                    face,
                    link,
                    color: image.then_some(Rgb::MUTED),
                });
            }
            Event::Code(t) => {
                let link = links.iter().rev().flatten().next().cloned();
                inline.push(Span {
                    text: t.to_string(),
                    face: style(bold > 0, false, true),
                    link,
                    color: None,
                });
            }
            Event::SoftBreak => inline.push(Span::plain(" ")),
            Event::HardBreak => inline.push(Span::plain("\n")),
            Event::FootnoteReference(label) => {
                let label = label.to_string();
                let n = footnotes.number(&label);
                inline.push(Span::link(
                    format!("[{n}]"),
                    Target::Internal(format!("{}^{label}", place.key).into()),
                ));
            }
            // A line break written as HTML, as tables and many wikis do.
            Event::InlineHtml(h) if is_br(&h) => inline.push(Span::plain("\n")),
            // Emphasis and keys written as HTML tags; other tags drop, their text stays.
            Event::InlineHtml(h) => {
                if let Some((tag, open)) = inline_tag(&h) {
                    let counter = match tag.as_str() {
                        "b" | "strong" => &mut bold,
                        "i" | "em" | "cite" | "var" => &mut italic,
                        "kbd" | "code" | "samp" | "tt" => &mut mono,
                        _ => continue,
                    };
                    *counter = if open {
                        *counter + 1
                    } else {
                        (*counter - 1).max(0)
                    };
                }
            }
            Event::Html(_) => {}
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                inline.push(Span::styled(t.to_string(), Face::Mono))
            }
            _ => {}
        }
    }
    flush(&mut inline, &mut stack);
    if !html_block.is_empty()
        && let Some(top) = stack.last_mut()
    {
        top.blocks.extend(super::html::blocks(&html_block));
    }
    let mut blocks = stack.pop().map(|f| f.blocks).unwrap_or_default();
    if !footnotes.order().is_empty() {
        blocks.push(Block::Rule);
        for (n, label) in footnotes.order().iter().enumerate() {
            blocks.push(Block::Anchor(format!("{}^{label}", place.key)));
            let mut spans = vec![Span::styled(format!("{}. ", n + 1), Face::Bold)];
            if let Some((_, def)) = footnote_defs.iter().find(|(l, _)| l == label) {
                for b in def {
                    if let Block::Para(p) = b {
                        spans.extend(p.spans.iter().cloned());
                        spans.push(Span::plain(" "));
                    }
                }
            }
            blocks.push(Block::Note(vec![Block::Para(Para::small(spans))]));
        }
    }
    blocks
}

/// A line break between blocks of a table cell (none before the first).
fn cell_break(inline: &mut Vec<Span>) {
    if inline.last().is_some_and(|s| s.text != "\n") {
        inline.push(Span::plain("\n"));
    }
}

/// The colour of a callout kind, readable on white.
fn callout_color(kind: CalloutKind) -> Rgb {
    match kind {
        CalloutKind::Note => Rgb::ACCENT,
        CalloutKind::Tip => Rgb::OK,
        CalloutKind::Important => Rgb(0.40, 0.20, 0.62),
        CalloutKind::Warning => Rgb::WARN,
        CalloutKind::Caution => Rgb::ALERT,
    }
}

/// The face of text with these emphases (Markdown's and raw HTML's alike).
pub(super) fn style(bold: bool, italic: bool, mono: bool) -> Face {
    match (mono, bold, italic) {
        (true, true, _) => Face::MonoBold,
        (true, false, _) => Face::Mono,
        (false, true, true) => Face::BoldItalic,
        (false, true, false) => Face::Bold,
        (false, false, true) => Face::Italic,
        (false, false, false) => Face::Regular,
    }
}

/// Where a resolved link goes in the PDF, or `None` for plain text: files (assets, evidence)
/// are not inside the PDF, so their links read as text.
fn target(to: &LinkTo, key: &str, resolver: &dyn Resolver) -> Option<Target> {
    match to {
        LinkTo::Item { item, anchor } => {
            let base = resolver.anchor(*item)?;
            Some(Target::Internal(match (anchor, item) {
                (Some(a), ItemRef::Policy(_) | ItemRef::Procedure(_) | ItemRef::Page(_)) => {
                    format!("{base}#{a}").into()
                }
                _ => base.into(),
            }))
        }
        LinkTo::Anchor(a) => Some(Target::Internal(format!("{key}#{a}").into())),
        LinkTo::Url(u) => Some(Target::Uri(u.as_str().into())),
        LinkTo::Asset(..) | LinkTo::Evidence(..) => None,
    }
}

/// Whether inline HTML is a `<br>` (`<br>`, `<br/>`, `<BR />`).
fn is_br(html: &str) -> bool {
    inline_tag(html).is_some_and(|(name, _)| name == "br")
}

/// The name of a simple inline tag and whether it opens: `<kbd>` → (`kbd`, true),
/// `</B>` → (`b`, false). Attributes are ignored; anything else is `None`.
fn inline_tag(html: &str) -> Option<(String, bool)> {
    let t = html.trim().strip_prefix('<')?.strip_suffix('>')?;
    let (open, t) = match t.strip_prefix('/') {
        Some(rest) => (false, rest),
        None => (true, t),
    };
    let name: String = t
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    (!name.is_empty()).then_some((name, open))
}

#[cfg(test)]
mod html_tag_tests {
    use super::*;

    #[test]
    fn only_br_is_a_line_break() {
        for br in ["<br>", "<br/>", "<BR />", "<br class=x>"] {
            assert!(is_br(br), "{br}");
        }
        for other in ["<kbd>", "</b>", "<bracket>", "<b>", "<span>"] {
            assert!(!is_br(other), "{other}");
        }
        assert_eq!(inline_tag("</B>"), Some(("b".to_owned(), false)));
    }
}
