//! Raw HTML blocks in a document, laid out in the PDFs as the sites show them: tables, lists,
//! paragraphs, headings, quotes, preformatted text and `<details>` (always expanded).
//!
//! Read by html5ever's tokenizer (the one the sites' sanitiser and link checks use) as a flat
//! stream of tags and text, built into blocks with explicit stacks, so nesting depth costs
//! memory, never the call stack. Only text and structure reach the PDF: no attribute is
//! followed, so nothing in the HTML can load or run anything. (ammonia's DOM is private
//! without its unstable flag; the tokenizer needs none.)

use super::doc::{Block, Item, List, Para, Row, Span, Table};
use super::fonts::Face;
use crate::markdown::raw::{Step, steps};

/// A container being filled.
enum Frame {
    Root(Vec<Block>),
    List(List),
    Item(Vec<Block>),
    Quote(Vec<Block>),
}

impl Frame {
    fn blocks(&mut self) -> Option<&mut Vec<Block>> {
        match self {
            Frame::Root(b) | Frame::Item(b) | Frame::Quote(b) => Some(b),
            Frame::List(_) => None,
        }
    }
}

/// Builds blocks from the walk.
struct Builder {
    stack: Vec<Frame>,
    inline: Vec<Span>,
    bold: usize,
    italic: usize,
    mono: usize,
    /// Inside `<pre>`: text kept as written.
    pre: Option<String>,
    table: Option<Table>,
    row: Option<Row>,
    /// The current table cell's spans, and whether it is a header cell.
    cell: Option<(Vec<Span>, bool)>,
    /// Whether the current row has header cells.
    header_row: bool,
    /// Inside `<script>`, `<style>` and the like, whose text is never shown.
    hidden: usize,
    /// Elements the PDFs cannot show, in order of appearance, once each.
    unshown: Vec<&'static str>,
}

/// Elements the PDFs cannot show: media, embedded documents, drawings and form controls.
/// `check` names each one (`pdf-html`); the PDFs leave them out.
const UNSHOWN: &[&str] = &[
    "img", "picture", "svg", "math", "video", "audio", "iframe", "object", "embed", "canvas",
    "input", "select", "textarea", "button", "progress", "meter",
];

/// Of those, the ones the sites keep (their sanitiser allows them): the rest are removed from
/// every output, which the warning says instead.
const SITES_KEEP: &[&str] = &["img", "input"];

/// The blocks of an HTML fragment.
pub fn blocks(html: &str) -> Vec<Block> {
    build(html).0
}

/// The elements of an HTML fragment the PDFs leave out (see [`UNSHOWN`]), found by the same
/// walk that lays the fragment out.
pub fn unshown(html: &str) -> Vec<&'static str> {
    build(html).1
}

fn build(html: &str) -> (Vec<Block>, Vec<&'static str>) {
    let mut b = Builder {
        stack: vec![Frame::Root(Vec::new())],
        inline: Vec::new(),
        bold: 0,
        italic: 0,
        mono: 0,
        pre: None,
        table: None,
        row: None,
        cell: None,
        header_row: false,
        hidden: 0,
        unshown: Vec::new(),
    };
    steps(html, &mut |step| match step {
        // What a browser never shows as text.
        // What a browser never shows as text (a drawing's labels are part of the drawing).
        Step::Start(t @ ("script" | "style" | "template" | "head" | "title" | "svg" | "math")) => {
            b.note_unshown(t);
            b.hidden += 1;
        }
        Step::End("script" | "style" | "template" | "head" | "title" | "svg" | "math") => {
            b.hidden = b.hidden.saturating_sub(1);
        }
        _ if b.hidden > 0 => {}
        Step::Start(t) => {
            b.note_unshown(t);
            b.enter(t);
            // Void elements have no end tag.
            if matches!(
                t,
                "br" | "hr" | "img" | "input" | "wbr" | "col" | "meta" | "link"
            ) {
                b.exit(t);
            }
        }
        Step::End(t) => b.exit(t),
        Step::Text(t) => b.text(t),
    });
    b.flush();
    // Close whatever the fragment left open.
    while b.stack.len() > 1 {
        b.close_frame();
    }
    let blocks = match b.stack.pop() {
        Some(Frame::Root(blocks)) => blocks,
        _ => Vec::new(),
    };
    (blocks, b.unshown)
}

impl Builder {
    fn note_unshown(&mut self, tag: &str) {
        if let Some(name) = UNSHOWN.iter().find(|n| **n == tag)
            && !self.unshown.contains(name)
        {
            self.unshown.push(name);
        }
    }

    fn face(&self) -> Face {
        super::markdown::style(self.bold > 0, self.italic > 0, self.mono > 0)
    }

    fn text(&mut self, t: &str) {
        if let Some(pre) = &mut self.pre {
            pre.push_str(t);
            return;
        }
        // HTML collapses runs of white space into one space.
        let mut collapsed = String::with_capacity(t.len());
        let mut space = false;
        for c in t.chars() {
            if c.is_whitespace() {
                space = true;
            } else {
                if space {
                    collapsed.push(' ');
                }
                space = false;
                collapsed.push(c);
            }
        }
        if space {
            collapsed.push(' ');
        }
        let target = match &mut self.cell {
            Some((spans, _)) => spans,
            None => &mut self.inline,
        };
        let starts_line = target.last().is_none_or(|s| s.text.ends_with(['\n', ' ']));
        let text = if starts_line {
            collapsed.trim_start().to_owned()
        } else {
            collapsed
        };
        if !text.is_empty() {
            let face = self.face();
            let target = match &mut self.cell {
                Some((spans, _)) => spans,
                None => &mut self.inline,
            };
            target.push(Span::styled(text, face));
        }
    }

    /// A line break in the current cell or paragraph.
    fn newline(&mut self) {
        let target = match &mut self.cell {
            Some((spans, _)) => spans,
            None => &mut self.inline,
        };
        if let Some(last) = target.last_mut() {
            let trimmed = last.text.trim_end().len();
            last.text.truncate(trimmed);
        }
        target.push(Span::plain("\n"));
    }

    /// Ends the paragraph being collected.
    fn flush(&mut self) {
        if self.inline.iter().any(|s| !s.text.trim().is_empty()) {
            let spans = std::mem::take(&mut self.inline);
            self.push(Block::Para(Para::body(spans)));
        }
        self.inline.clear();
    }

    fn push(&mut self, block: Block) {
        if let Some(blocks) = self.stack.last_mut().and_then(Frame::blocks) {
            blocks.push(block);
        } else if let Some(Frame::List(list)) = self.stack.last_mut() {
            // Text directly in a list (no `<li>`) becomes an item of its own.
            list.items.push(Item {
                task: None,
                blocks: vec![block],
            });
        }
    }

    fn close_frame(&mut self) {
        self.flush();
        let Some(frame) = self.stack.pop() else {
            return;
        };
        match frame {
            Frame::List(list) => self.push(Block::List(list)),
            Frame::Item(blocks) => match self.stack.last_mut() {
                Some(Frame::List(list)) => list.items.push(Item { task: None, blocks }),
                _ => blocks.into_iter().for_each(|b| self.push(b)),
            },
            Frame::Quote(blocks) => self.push(Block::Quote(blocks)),
            Frame::Root(blocks) => self.stack.push(Frame::Root(blocks)),
        }
    }

    fn enter(&mut self, tag: &str) {
        if self.cell.is_some() {
            // Inside a table cell everything is inline: blocks become lines.
            match tag {
                "br" | "p" | "div" | "li" | "tr" => self.newline(),
                _ => {}
            }
            self.inline_tag(tag, true);
            return;
        }
        match tag {
            "br" => self.newline(),
            "p" | "div" | "section" | "article" | "header" | "footer" | "aside" | "figure"
            | "figcaption" | "summary" | "dl" | "dt" | "dd" | "h1" | "h2" | "h3" | "h4" | "h5"
            | "h6" => {
                self.flush();
                if tag.starts_with('h') && tag.len() == 2 || tag == "summary" || tag == "dt" {
                    self.bold += 1;
                }
            }
            "details" | "center" | "main" | "nav" => self.flush(),
            "ul" | "ol" => {
                self.flush();
                self.stack.push(Frame::List(List {
                    ordered: tag == "ol",
                    start: 1,
                    style: crate::markdown::dialect::ListStyle::Decimal,
                    items: Vec::new(),
                }));
            }
            "li" => {
                self.flush();
                self.stack.push(Frame::Item(Vec::new()));
            }
            "blockquote" => {
                self.flush();
                self.stack.push(Frame::Quote(Vec::new()));
            }
            "pre" => {
                self.flush();
                self.pre = Some(String::new());
            }
            "table" => {
                self.flush();
                self.table = Some(Table {
                    size: 8.8,
                    ..Table::default()
                });
            }
            "tr" => {
                self.row = Some(Row::default());
                self.header_row = false;
            }
            "td" | "th" => self.cell = Some((Vec::new(), tag == "th")),
            _ => self.inline_tag(tag, true),
        }
    }

    /// Emphasis and code-like tags, in and out of cells.
    fn inline_tag(&mut self, tag: &str, open: bool) {
        let counter = match tag {
            "b" | "strong" => &mut self.bold,
            "i" | "em" | "cite" | "var" | "dfn" => &mut self.italic,
            "code" | "kbd" | "samp" | "tt" => &mut self.mono,
            _ => return,
        };
        *counter = if open {
            counter.saturating_add(1)
        } else {
            counter.saturating_sub(1)
        };
    }

    fn exit(&mut self, tag: &str) {
        if let Some((spans, header)) = self.cell.take() {
            if tag == "td" || tag == "th" {
                let mut spans = spans;
                while spans.last().is_some_and(|s| s.text == "\n") {
                    spans.pop();
                }
                if let Some(row) = &mut self.row {
                    row.cells.push(spans);
                }
                // A row of header cells becomes the table's header.
                self.header_row |= header;
                return;
            }
            self.cell = Some((spans, header));
            self.inline_tag(tag, false);
            return;
        }
        match tag {
            "p" | "div" | "section" | "article" | "header" | "footer" | "aside" | "figure"
            | "figcaption" | "summary" | "dl" | "dt" | "dd" | "h1" | "h2" | "h3" | "h4" | "h5"
            | "h6" => {
                if tag.starts_with('h') && tag.len() == 2 || tag == "summary" || tag == "dt" {
                    self.bold = self.bold.saturating_sub(1);
                }
                self.flush();
            }
            "details" | "center" | "main" | "nav" => self.flush(),
            "ul" | "ol" | "li" | "blockquote" => {
                if matches!(
                    (tag, self.stack.last()),
                    ("ul" | "ol", Some(Frame::List(_)))
                        | ("li", Some(Frame::Item(_)))
                        | ("blockquote", Some(Frame::Quote(_)))
                ) {
                    self.close_frame();
                }
            }
            "pre" => {
                if let Some(text) = self.pre.take() {
                    self.push(Block::Code(text.trim_end_matches('\n').to_owned()));
                }
            }
            "tr" => {
                if let (Some(row), Some(table)) = (self.row.take(), self.table.as_mut()) {
                    if self.header_row && table.header.is_empty() && table.rows.is_empty() {
                        table.header = row.cells;
                    } else {
                        table.rows.push(row);
                    }
                }
            }
            "table" => {
                if let Some(t) = self.table.take()
                    && (!t.header.is_empty() || !t.rows.is_empty())
                {
                    self.push(Block::Table(t));
                }
            }
            _ => self.inline_tag(tag, false),
        }
    }
}

/// Warns at each raw HTML block holding elements the PDFs leave out, naming them: the same
/// walk as the PDFs' own, so what it reports is exactly what they drop.
pub fn check(project: &crate::model::Project) -> crate::diag::Diagnostics {
    use crate::diag::{Code, Diagnostic};
    use crate::markdown::dialect::Ev;
    let mut diags = crate::diag::Diagnostics::default();
    for body in project.docs().map(|d| d.body) {
        let mut report = |html: &str, range: std::ops::Range<usize>| {
            let tags = unshown(html);
            if tags.is_empty() {
                return;
            }
            let names: Vec<String> = tags.iter().map(|t| format!("`<{t}>`")).collect();
            let where_shown = if tags.iter().all(|t| SITES_KEEP.contains(t)) {
                "the sites show it"
            } else if tags.iter().any(|t| SITES_KEEP.contains(t)) {
                "the sites show only the images and inputs"
            } else {
                "the sites remove it too"
            };
            let span =
                project
                    .sources
                    .span_at(body.file, body.offset + range.start, range.len().min(1));
            diags.push(
                Diagnostic::warning(
                    Code::PdfHtml,
                    span,
                    format!(
                        "raw HTML here holds {} which the PDFs leave out; {where_shown}",
                        names.join(", ")
                    ),
                )
                .with_hint(if tags.contains(&"img") {
                    "write images as Markdown (![what it shows](../assets/picture.png)): the PDFs embed those"
                } else {
                    "describe it in text too, or link to where it lives, so the PDFs' readers get it"
                }),
            );
        };
        // Consecutive HTML events form one block, as the converter joins them; inline HTML
        // is one tag at a time.
        let mut block: Option<(String, std::ops::Range<usize>)> = None;
        let events = body.events.iter().map(Some).chain(std::iter::once(None));
        for ev in events {
            if let Some((Ev::Md(pulldown_cmark::Event::Html(h)), range)) = ev {
                let b = block.get_or_insert_with(|| (String::new(), range.clone()));
                b.0.push_str(h);
                b.1.end = range.end;
                continue;
            }
            if let Some((html, range)) = block.take() {
                report(&html, range);
            }
            if let Some((Ev::Md(pulldown_cmark::Event::InlineHtml(h)), range)) = ev {
                report(h, range.clone());
            }
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(spans: &[Span]) -> String {
        spans.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn a_table_keeps_its_header_rows_and_line_breaks() {
        let b = blocks(
            "<table><thead><tr><th>Role</th><th>Duty</th></tr></thead>\n<tbody><tr><td>Owner</td><td>Approves<br>access</td></tr></tbody></table>",
        );
        let [Block::Table(t)] = b.as_slice() else {
            panic!("{b:?}")
        };
        assert_eq!(t.header.len(), 2);
        assert_eq!(text(&t.header[0]), "Role");
        assert_eq!(t.rows.len(), 1);
        assert_eq!(text(&t.rows[0].cells[1]), "Approves\naccess");
    }

    #[test]
    fn lists_details_and_inline_tags() {
        let b = blocks(
            "<details><summary>More</summary><ul><li>One <kbd>Ctrl</kbd></li><li><b>Two</b></li></ul></details>",
        );
        assert!(
            matches!(&b[0], Block::Para(p) if text(&p.spans) == "More" && p.spans[0].face == Face::Bold)
        );
        let Block::List(l) = &b[1] else {
            panic!("{b:?}")
        };
        assert_eq!(l.items.len(), 2);
        let Block::Para(p) = &l.items[0].blocks[0] else {
            panic!()
        };
        assert_eq!(text(&p.spans), "One Ctrl");
        assert_eq!(p.spans[1].face, Face::Mono);
    }

    #[test]
    fn deep_nesting_uses_no_call_stack() {
        let html = "<div>".repeat(50_000) + "deep" + &"</div>".repeat(50_000);
        let b = blocks(&html);
        assert!(matches!(&b[..], [Block::Para(p)] if text(&p.spans) == "deep"));
    }
}
