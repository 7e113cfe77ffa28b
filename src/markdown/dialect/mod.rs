//! The dialect trustbook reads: CommonMark with GitHub's extensions (tables, task lists,
//! footnotes, alerts), definition lists, and what other tools' policy sets are written in:
//! pandoc's grid tables, lettered and roman lists and `\pagebreak`, mkdocs admonitions, and
//! `{{ variables }}`.
//!
//! Each document is parsed once, at load, into [`Ev`] events with their source ranges; the
//! resolver, both sites and both PDFs all read those events, so they cannot disagree about
//! what a document says. Constructs that pulldown-cmark does not know are found in its output
//! (a grid table is a paragraph of `+`/`|` lines, an admonition a paragraph and an indented
//! code block) and their inner Markdown is parsed again, with ranges mapped back to the
//! source, so diagnostics inside a table cell still point at the right line and column.

pub mod grid;
mod lint;
mod lists;
pub mod vars;

pub use vars::Variables;

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, Event, Parser, Tag, TagEnd};
use std::ops::Range;

/// How deep grid tables and admonitions may nest inside each other; deeper ones stay as
/// written (a paragraph, a code block).
const MAX_DEPTH: usize = 6;

/// The marker style of an ordered list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListStyle {
    /// `1.`
    Decimal,
    /// `a.`
    LowerAlpha,
    /// `A.`
    UpperAlpha,
    /// `i.`
    LowerRoman,
    /// `I.`
    UpperRoman,
}

impl ListStyle {
    /// The HTML `type` attribute, if not decimal.
    pub fn html_type(self) -> Option<&'static str> {
        match self {
            ListStyle::Decimal => None,
            ListStyle::LowerAlpha => Some("a"),
            ListStyle::UpperAlpha => Some("A"),
            ListStyle::LowerRoman => Some("i"),
            ListStyle::UpperRoman => Some("I"),
        }
    }

    /// The marker of item `n` (1-based), without its delimiter: `3`, `c`, `iii`.
    pub fn marker(self, n: u64) -> String {
        let alpha = |n: u64| -> String {
            // a..z, then aa, ab… as browsers count.
            let mut n = n.max(1);
            let mut s = Vec::new();
            while n > 0 {
                n -= 1;
                s.push(b'a' + (n % 26) as u8);
                n /= 26;
            }
            s.reverse();
            String::from_utf8(s).unwrap_or_default()
        };
        let roman = |mut n: u64| -> String {
            const PARTS: [(u64, &str); 13] = [
                (1000, "m"),
                (900, "cm"),
                (500, "d"),
                (400, "cd"),
                (100, "c"),
                (90, "xc"),
                (50, "l"),
                (40, "xl"),
                (10, "x"),
                (9, "ix"),
                (5, "v"),
                (4, "iv"),
                (1, "i"),
            ];
            if n == 0 || n >= 4000 {
                return n.to_string();
            }
            let mut s = String::new();
            for (v, p) in PARTS {
                while n >= v {
                    s.push_str(p);
                    n -= v;
                }
            }
            s
        };
        match self {
            ListStyle::Decimal => n.to_string(),
            ListStyle::LowerAlpha => alpha(n),
            ListStyle::UpperAlpha => alpha(n).to_ascii_uppercase(),
            ListStyle::LowerRoman => roman(n),
            ListStyle::UpperRoman => roman(n).to_ascii_uppercase(),
        }
    }
}

/// The kind of a callout, as GitHub names them (mkdocs' many kinds map onto these).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalloutKind {
    /// Background worth knowing.
    Note,
    /// Advice.
    Tip,
    /// Key information.
    Important,
    /// Needs attention.
    Warning,
    /// Risk of harm.
    Caution,
}

impl CalloutKind {
    /// Stable key (CSS classes).
    pub fn key(self) -> &'static str {
        match self {
            CalloutKind::Note => "note",
            CalloutKind::Tip => "tip",
            CalloutKind::Important => "important",
            CalloutKind::Warning => "warning",
            CalloutKind::Caution => "caution",
        }
    }

    /// The default title.
    pub fn title(self) -> &'static str {
        match self {
            CalloutKind::Note => "Note",
            CalloutKind::Tip => "Tip",
            CalloutKind::Important => "Important",
            CalloutKind::Warning => "Warning",
            CalloutKind::Caution => "Caution",
        }
    }

    /// The kind of an mkdocs admonition type (`note`, `danger`, `faq`…).
    fn of_admonition(word: &str) -> CalloutKind {
        match word.to_ascii_lowercase().as_str() {
            "tip" | "hint" | "success" | "check" | "done" | "question" | "help" | "faq" => {
                CalloutKind::Tip
            }
            "important" => CalloutKind::Important,
            "warning" | "attention" => CalloutKind::Warning,
            "caution" | "danger" | "error" | "failure" | "fail" | "missing" | "bug" => {
                CalloutKind::Caution
            }
            _ => CalloutKind::Note,
        }
    }
}

/// A callout box: a GitHub alert (`> [!NOTE]`) or an mkdocs admonition (`!!! note "Title"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callout {
    /// Its kind.
    pub kind: CalloutKind,
    /// Its title (empty: none).
    pub title: String,
    /// `???` admonitions collapse: `Some(open)`; always expanded in print.
    pub collapsible: Option<bool>,
}

/// One event of a parsed document.
#[derive(Debug, Clone, PartialEq)]
pub enum Ev {
    /// A CommonMark event (grid tables arrive as ordinary table events whose cells may hold
    /// blocks).
    Md(Event<'static>),
    /// `\pagebreak` or `\newpage` alone on a line: a new page in print, nothing on screen.
    PageBreak,
    /// A callout opens.
    CalloutStart(Callout),
    /// The callout closes.
    CalloutEnd,
    /// An ordered list opens (its end is `Md(End(List(true)))`).
    OrderedList {
        /// Number of the first item.
        start: u64,
        /// Marker style.
        style: ListStyle,
    },
}

/// What `check` says about a document's Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Where, in the document body.
    pub range: Range<usize>,
    /// Which kind of diagnostic.
    pub kind: NoteKind,
    /// What is wrong.
    pub message: String,
    /// The likely intent, or what to do.
    pub hint: String,
}

/// The kinds of [`Note`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    /// A `{{ … }}` that is not a variable, or one that is not set (an error).
    UnknownVariable,
    /// Written Markdown that no output can show as intended (a warning).
    Unsupported,
    /// Valid Markdown that probably does not say what the author meant (a warning).
    Suspicious,
}

/// A parsed document.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// The events, with their ranges in the document.
    pub events: Vec<(Ev, Range<usize>)>,
    /// Diagnostics about the Markdown.
    pub notes: Vec<Note>,
    /// Link reference definitions: destination and where it is written.
    pub refdefs: Vec<(String, Range<usize>)>,
}

/// Parses a document body.
pub fn parse(text: &str, vars: &Variables) -> Parsed {
    let mut p = Parsed::default();
    let events = doc(text, 0, &mut p.notes, &mut p.refdefs);
    p.events = substitute(text, events, vars, &mut p.notes);
    lint::lint(text, &p.events, &mut p.notes);
    p.notes.sort_by_key(|n| n.range.start);
    p
}

/// A document's file with its variables replaced where they are text (front matter, and
/// body text outside code), for the audit package: what the auditor reads. `\{{` and
/// anything that is not a variable stay as written.
pub fn substitute_source(
    file: &str,
    body_offset: usize,
    events: &[(Ev, Range<usize>)],
    vars: &Variables,
) -> String {
    if !file.contains("{{") {
        return file.to_owned();
    }
    let sub = |s: &str| vars::substitute(&s.replace("\\{", "\\\u{E000}"), vars).0;
    let (front, body) = file.split_at(body_offset.min(file.len()));
    let mut out = sub(front);
    let mut at = 0;
    for (e, r) in events {
        let Ev::Md(Event::Text(_)) = e else {
            continue;
        };
        let Some(slice) = body.get(r.clone()) else {
            continue;
        };
        if r.start < at || !slice.contains("{{") {
            continue;
        }
        out.push_str(&body[at..r.start]);
        out.push_str(&sub(slice));
        at = r.end;
    }
    out.push_str(body.get(at..).unwrap_or(""));
    out
}

/// Parses one (sub-)document; ranges are relative to `text`.
fn doc(
    text: &str,
    depth: usize,
    notes: &mut Vec<Note>,
    defs: &mut Vec<(String, Range<usize>)>,
) -> Vec<(Ev, Range<usize>)> {
    let prep = lists::prepare(text);
    let parser = Parser::new_ext(&prep.text, super::options());
    defs.extend(
        parser
            .reference_definitions()
            .iter()
            .map(|(_, d)| (d.dest.to_string(), d.span.clone())),
    );
    let raw: Vec<(Event<'static>, Range<usize>)> = parser
        .into_offset_iter()
        .map(|(e, r)| {
            let e = match e {
                // A rewritten marker that did not become a list reads as written.
                Event::Text(t) if prep.touches(&r) && prep.text.get(r.clone()) == Some(&*t) => {
                    Event::Text(text.get(r.clone()).unwrap_or(&t).to_owned().into())
                }
                e => e.into_static(),
            };
            (e, r)
        })
        .collect();
    let mut cx = Expand {
        text,
        depth,
        notes,
        defs,
        out: Vec::with_capacity(raw.len()),
    };
    cx.run(&raw, &prep);
    cx.out
}

struct Expand<'a> {
    text: &'a str,
    depth: usize,
    notes: &'a mut Vec<Note>,
    defs: &'a mut Vec<(String, Range<usize>)>,
    out: Vec<(Ev, Range<usize>)>,
}

impl Expand<'_> {
    fn run(&mut self, raw: &[(Event<'static>, Range<usize>)], prep: &lists::Prepared) {
        let mut quotes: Vec<bool> = Vec::new();
        let mut i = 0;
        while let Some((e, r)) = raw.get(i) {
            match e {
                Event::Start(Tag::Paragraph) => {
                    if let Some(next) = self.paragraph(raw, i) {
                        i = next;
                        continue;
                    }
                }
                Event::Start(Tag::BlockQuote(kind)) => {
                    quotes.push(kind.is_some());
                    if let Some(kind) = kind {
                        let kind = match kind {
                            BlockQuoteKind::Note => CalloutKind::Note,
                            BlockQuoteKind::Tip => CalloutKind::Tip,
                            BlockQuoteKind::Important => CalloutKind::Important,
                            BlockQuoteKind::Warning => CalloutKind::Warning,
                            BlockQuoteKind::Caution => CalloutKind::Caution,
                        };
                        self.push(
                            Ev::CalloutStart(Callout {
                                kind,
                                title: kind.title().to_owned(),
                                collapsible: None,
                            }),
                            r,
                        );
                        i += 1;
                        continue;
                    }
                }
                Event::End(TagEnd::BlockQuote(_)) => {
                    let callout = quotes.pop() == Some(true);
                    self.push(
                        if callout {
                            Ev::CalloutEnd
                        } else {
                            Ev::Md(e.clone())
                        },
                        r,
                    );
                    i += 1;
                    continue;
                }
                Event::Start(Tag::List(Some(n))) => {
                    let style = style_near(self.text, prep, r.start);
                    self.push(Ev::OrderedList { start: *n, style }, r);
                    i += 1;
                    continue;
                }
                _ => {}
            }
            self.push(Ev::Md(e.clone()), r);
            i += 1;
        }
    }

    fn push(&mut self, e: Ev, r: &Range<usize>) {
        self.out.push((e, r.clone()));
    }

    /// A paragraph that is really a page break, a grid table or an admonition: emits it and
    /// returns the index after what it consumed.
    fn paragraph(&mut self, raw: &[(Event<'static>, Range<usize>)], i: usize) -> Option<usize> {
        let r = raw.get(i)?.1.clone();
        let end = raw
            .iter()
            .skip(i)
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Paragraph)))?
            + i;
        let src = self.text.get(r.clone())?;
        let lines = source_lines(src, r.start);
        let first = lines.first()?.1.trim();
        if lines.len() == 1 && (first == "\\pagebreak" || first == "\\newpage") {
            self.push(Ev::PageBreak, &r);
            return Some(end + 1);
        }
        if self.depth >= MAX_DEPTH {
            return None;
        }
        if grid::is_border(first) && lines.iter().all(|(_, l)| l.starts_with(['+', '|'])) {
            self.grid(&lines, &r);
            return Some(end + 1);
        }
        let (header, title, collapsible) = admonition(first)?;
        let mut body: Vec<(usize, String)> = lines
            .iter()
            .skip(1)
            .map(|(o, l)| (*o, (*l).to_owned()))
            .collect();
        let mut next = end + 1;
        // The body after a blank line is an indented code block to pulldown-cmark.
        if let Some((Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)), _)) = raw.get(next) {
            if !body.is_empty() {
                body.push((r.end, String::new()));
            }
            next += 1;
            while let Some((e, cr)) = raw.get(next) {
                next += 1;
                match e {
                    Event::Text(t) => {
                        for (k, piece) in t.split_inclusive('\n').enumerate() {
                            let line = piece.trim_end_matches('\n');
                            let offset = if k == 0 { cr.start } else { cr.end };
                            body.push((offset, line.to_owned()));
                        }
                    }
                    Event::End(TagEnd::CodeBlock) => break,
                    _ => {}
                }
            }
            while body.last().is_some_and(|(_, l)| l.trim().is_empty()) {
                body.pop();
            }
        }
        let kind = CalloutKind::of_admonition(header);
        let title = title.map_or_else(|| capitalise(header), str::to_owned);
        self.push(
            Ev::CalloutStart(Callout {
                kind,
                title,
                collapsible,
            }),
            &r,
        );
        let inner = self.sub(&body);
        self.out.extend(inner);
        let close = raw
            .get(next.saturating_sub(1))
            .map_or(r.clone(), |x| x.1.clone());
        self.push(Ev::CalloutEnd, &(close.end..close.end));
        Some(next)
    }

    /// Emits a grid table, or the lines as code with a note when they are not one.
    fn grid(&mut self, lines: &[(usize, &str)], r: &Range<usize>) {
        let grid = match grid::parse(lines) {
            Ok(g) => g,
            Err(p) => {
                let at = lines.get(p.line).map_or(r.start, |l| l.0);
                let len = lines.get(p.line).map_or(0, |l| l.1.len());
                self.notes.push(Note {
                    range: at..at + len,
                    kind: NoteKind::Unsupported,
                    message: format!("this grid table cannot be read: {}", p.message),
                    hint:
                        "it is shown as preformatted text; split merged cells, or use a pipe table"
                            .to_owned(),
                });
                let text: String = lines.iter().map(|(_, l)| format!("{l}\n")).collect();
                self.push(
                    Ev::Md(Event::Start(Tag::CodeBlock(CodeBlockKind::Indented))),
                    r,
                );
                self.push(Ev::Md(Event::Text(text.into())), r);
                self.push(Ev::Md(Event::End(TagEnd::CodeBlock)), r);
                return;
            }
        };
        self.push(Ev::Md(Event::Start(Tag::Table(grid.aligns.clone()))), r);
        if let Some(head) = &grid.header {
            self.push(Ev::Md(Event::Start(Tag::TableHead)), r);
            for c in head {
                self.cell(c, r);
            }
            self.push(Ev::Md(Event::End(TagEnd::TableHead)), r);
        }
        for row in &grid.rows {
            self.push(Ev::Md(Event::Start(Tag::TableRow)), r);
            for c in row {
                self.cell(c, r);
            }
            self.push(Ev::Md(Event::End(TagEnd::TableRow)), r);
        }
        self.push(Ev::Md(Event::End(TagEnd::Table)), r);
    }

    /// One cell: its Markdown, parsed on its own; a single paragraph is unwrapped so plain
    /// cells look like pipe-table cells.
    fn cell(&mut self, c: &grid::Cell, r: &Range<usize>) {
        let at = c.lines.first().map_or(r.start, |l| l.0);
        self.push(Ev::Md(Event::Start(Tag::TableCell)), &(at..at));
        let mut inner = self.sub(&c.lines);
        let single = matches!(
            inner.first(),
            Some((Ev::Md(Event::Start(Tag::Paragraph)), _))
        ) && inner
            .iter()
            .position(|(e, _)| matches!(e, Ev::Md(Event::End(TagEnd::Paragraph))))
            == Some(inner.len().saturating_sub(1));
        if single {
            inner.pop();
            inner.remove(0);
        }
        self.out.extend(inner);
        self.push(Ev::Md(Event::End(TagEnd::TableCell)), &(at..at));
    }

    /// Parses lines taken from the document as a document of their own, mapping ranges back.
    fn sub(&mut self, lines: &[(usize, String)]) -> Vec<(Ev, Range<usize>)> {
        let mut text = String::new();
        let mut map: Vec<(usize, usize, usize)> = Vec::with_capacity(lines.len());
        for (orig, line) in lines {
            map.push((text.len(), *orig, line.len()));
            text.push_str(line);
            text.push('\n');
        }
        let mut notes = Vec::new();
        let mut defs = Vec::new();
        let events = doc(&text, self.depth + 1, &mut notes, &mut defs);
        let to = |r: &Range<usize>| {
            let s = remap(&map, r.start);
            s..remap(&map, r.end).max(s)
        };
        self.notes.extend(notes.into_iter().map(|n| Note {
            range: to(&n.range),
            ..n
        }));
        self.defs.extend(defs.into_iter().map(|(d, r)| (d, to(&r))));
        events.into_iter().map(|(e, r)| (e, to(&r))).collect()
    }
}

/// Maps an offset of a sub-document to the document.
fn remap(map: &[(usize, usize, usize)], pos: usize) -> usize {
    match map.iter().rev().find(|(s, _, _)| *s <= pos) {
        Some((s, o, len)) => o + (pos - s).min(*len),
        None => map.first().map_or(0, |m| m.1),
    }
}

/// The lines of a paragraph's source, each with its offset, without container prefixes
/// (blockquote markers and indentation) after the first.
fn source_lines(src: &str, base: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = base;
    for (k, line) in src.split_inclusive('\n').enumerate() {
        let body = line.trim_end_matches(['\n', '\r']);
        let cut = if k == 0 {
            0
        } else {
            body.len() - body.trim_start_matches([' ', '\t', '>']).len()
        };
        out.push((at + cut, &body[cut..]));
        at += line.len();
    }
    out
}

/// The style of a list whose range starts at `start`: the rewritten marker at or just after
/// it on the same line.
fn style_near(text: &str, prep: &lists::Prepared, start: usize) -> ListStyle {
    prep.styles
        .iter()
        .find(|(o, _)| {
            *o >= start
                && text
                    .get(start..*o)
                    .is_some_and(|gap| gap.chars().all(|c| matches!(c, ' ' | '\t' | '>')))
        })
        .map_or_else(|| prep.style_at(start), |(_, s)| *s)
}

/// `!!! note "Title"`, `??? warning`, `???+ tip ""`: the type, the title (if written) and
/// whether it collapses (and starts open).
fn admonition(line: &str) -> Option<(&str, Option<&str>, Option<bool>)> {
    let (collapsible, rest) = if let Some(r) = line.strip_prefix("!!!") {
        (None, r)
    } else if let Some(r) = line.strip_prefix("???+") {
        (Some(true), r)
    } else if let Some(r) = line.strip_prefix("???") {
        (Some(false), r)
    } else {
        return None;
    };
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim();
    let (kind, title) = match rest.split_once([' ', '\t']) {
        Some((k, t)) => (k, Some(t.trim())),
        None => (rest, None),
    };
    if kind.is_empty()
        || !kind
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let title = match title {
        Some(t) => Some(t.strip_prefix('"')?.strip_suffix('"')?),
        None => None,
    };
    Some((kind, title, collapsible))
}

fn capitalise(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Replaces variables in runs of text outside code; reports the ones that are not variables.
fn substitute(
    text: &str,
    events: Vec<(Ev, Range<usize>)>,
    vars: &Variables,
    notes: &mut Vec<Note>,
) -> Vec<(Ev, Range<usize>)> {
    let mut out = Vec::with_capacity(events.len());
    let mut in_code = 0usize;
    let mut run: Vec<(String, Range<usize>)> = Vec::new();
    for (ev, r) in events {
        match &ev {
            Ev::Md(Event::Start(Tag::CodeBlock(_))) => in_code += 1,
            Ev::Md(Event::End(TagEnd::CodeBlock)) => in_code = in_code.saturating_sub(1),
            Ev::Md(Event::Text(t)) if in_code == 0 => {
                run.push((t.to_string(), r));
                continue;
            }
            // Raw HTML is published as written, so a placeholder in it would be too.
            Ev::Md(Event::Html(t) | Event::InlineHtml(t)) if t.contains("{{") => {
                let at = text
                    .get(r.clone())
                    .and_then(|src| src.find("{{"))
                    .map_or(r.start, |i| r.start + i);
                notes.push(Note {
                    range: at..at + 2,
                    kind: NoteKind::UnknownVariable,
                    message: "`{{` in raw HTML is published as written: variables are not replaced in HTML".to_owned(),
                    hint: "write this text in Markdown outside the HTML tag, or `&#123;&#123;` for literal braces".to_owned(),
                });
            }
            _ => {}
        }
        flush(text, &mut run, vars, notes, &mut out);
        out.push((ev, r));
    }
    flush(text, &mut run, vars, notes, &mut out);
    out
}

fn flush(
    text: &str,
    run: &mut Vec<(String, Range<usize>)>,
    vars: &Variables,
    notes: &mut Vec<Note>,
    out: &mut Vec<(Ev, Range<usize>)>,
) {
    if run.is_empty() {
        return;
    }
    if !run.iter().any(|(t, _)| t.contains('{')) {
        out.extend(
            run.drain(..)
                .map(|(t, r)| (Ev::Md(Event::Text(t.into())), r)),
        );
        return;
    }
    let mut merged = String::new();
    let mut starts = Vec::with_capacity(run.len());
    for (t, r) in run.iter() {
        starts.push(merged.len());
        // `\{` never opens a variable: a brace right after a backslash in the source.
        let exact = text.get(r.clone()) == Some(t.as_str());
        for (k, c) in t.char_indices() {
            let src = if exact { r.start + k } else { r.start };
            let escaped = c == '{' && src > 0 && text.get(src - 1..src) == Some("\\");
            merged.push(if escaped { vars::LITERAL_BRACE } else { c });
        }
    }
    let (value, problems) = vars::substitute(&merged, vars);
    for p in problems {
        let k = starts
            .iter()
            .rposition(|s| *s <= p.range.start)
            .unwrap_or(0);
        let (t, r) = &run[k.min(run.len() - 1)];
        let exact = text.get(r.clone()) == Some(t.as_str());
        let start = if exact {
            r.start + (p.range.start - starts[k.min(starts.len() - 1)])
        } else {
            r.start
        };
        let len = if exact { p.range.len() } else { r.len() };
        notes.push(Note {
            range: start..start + len,
            kind: NoteKind::UnknownVariable,
            message: p.message,
            hint: p.hint,
        });
    }
    let whole = run.first().map_or(0, |x| x.1.start)..run.last().map_or(0, |x| x.1.end);
    run.clear();
    out.push((Ev::Md(Event::Text(value.into())), whole));
}

#[cfg(test)]
mod tests;
