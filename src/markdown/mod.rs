//! Markdown: the dialect trustbook reads, heading slugs, and cross-references.
//!
//! Scanning (headings and links with their positions) is used by the resolver to check
//! references; rendering to HTML lives in `markdown::html`.

pub mod dialect;
mod highlight;
pub mod html;
pub mod raw;
mod xref;

pub use xref::{LinkTarget, RefKind, XRef, classify_link};

use crate::model::Heading;
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;

/// How deeply Markdown may nest (lists, quotes, emphasis and links together). Deeper input is
/// reported by `check` (`nesting-too-deep`), so no renderer ever meets it.
pub const MAX_NESTING: usize = 64;

/// Paragraphs of a plain-text field (blank lines separate them; line breaks are spaces).
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// The Markdown extensions trustbook enables everywhere (sites and PDF alike).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
}

/// The anchor id of a heading text: lowercase letters and digits kept, runs of spaces, dashes
/// and underscores become one `-`, other punctuation is dropped.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' {
            pending_dash = true;
        }
    }
    out
}

/// Gives each heading a unique id: explicit `{#id}` wins, else the slug, with `-1`, `-2`
/// appended to repeats (as GitHub does).
#[derive(Default)]
pub struct HeadingIds {
    seen: HashMap<String, usize>,
}

impl HeadingIds {
    /// The id for the next heading.
    pub fn next(&mut self, explicit: Option<&str>, text: &str) -> String {
        if let Some(id) = explicit {
            self.seen.entry(id.to_owned()).or_insert(0);
            return id.to_owned();
        }
        let base = match slugify(text) {
            s if s.is_empty() => "section".to_owned(),
            s => s,
        };
        let n = self.seen.entry(base.clone()).or_insert(0);
        let id = if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        *n += 1;
        id
    }
}

/// Numbers footnotes by first reference, as both renderers show them.
#[derive(Default)]
pub struct Footnotes {
    order: Vec<String>,
}

impl Footnotes {
    /// The number of a footnote label, assigning the next one on first use.
    pub fn number(&mut self, label: &str) -> usize {
        match self.order.iter().position(|l| l == label) {
            Some(i) => i + 1,
            None => {
                self.order.push(label.to_owned());
                self.order.len()
            }
        }
    }

    /// Labels in the order they were first referenced.
    pub fn order(&self) -> &[String] {
        &self.order
    }
}

/// A link found in a Markdown body.
#[derive(Debug, Clone)]
pub struct LinkSite {
    /// The destination as written (entity-decoded; `mailto:` added to email autolinks).
    pub dest: String,
    /// Byte range of the destination in the body (or of the whole link when not found).
    pub range: Range<usize>,
    /// Whether the reader's browser loads it by itself: an image, or a resource in raw HTML.
    pub image: bool,
    /// Whether it is written in raw HTML (`<a href>`, `<img src>`).
    pub raw: bool,
}

/// What the resolver needs from a body.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Headings in order, with their ids.
    pub headings: Vec<Heading>,
    /// Links and images in order.
    pub links: Vec<LinkSite>,
    /// The offset where nesting first goes deeper than [`MAX_NESTING`].
    pub too_deep: Option<usize>,
    /// Raw HTML elements that no site keeps (`meta`, `base`, `form`), with their places.
    pub dropped: Vec<(String, Range<usize>)>,
    /// The document's events, which every renderer reads.
    pub events: Vec<(dialect::Ev, Range<usize>)>,
    /// What `check` reports about the Markdown.
    pub notes: Vec<dialect::Note>,
}

/// A link destination as both renderers and the resolver see it: an email autolink
/// (`<a@b.example>`) is a `mailto:` link.
pub fn link_dest<'a>(link_type: LinkType, dest: &CowStr<'a>) -> CowStr<'a> {
    if link_type == LinkType::Email && !dest.starts_with("mailto:") {
        CowStr::from(format!("mailto:{dest}"))
    } else {
        dest.clone()
    }
}

/// Finds the headings and links of a Markdown body, with positions.
pub fn scan(body: &str, vars: &dialect::Variables) -> Scan {
    let parsed = dialect::parse(body, vars);
    let defs = &parsed.refdefs;
    let mut out = Scan::default();
    let mut ids = HeadingIds::default();
    let mut heading: Option<(HeadingLevel, Option<String>, String)> = None;
    let mut depth = 0usize;
    // Lines of the HTML block being read: their ranges and text.
    let mut html_block: Option<Vec<(Range<usize>, String)>> = None;
    for (ev, range) in &parsed.events {
        let range = range.clone();
        let event = match ev {
            dialect::Ev::Md(e) => e,
            dialect::Ev::CalloutStart(_) | dialect::Ev::OrderedList { .. } => {
                depth += 1;
                if depth > MAX_NESTING && out.too_deep.is_none() {
                    out.too_deep = Some(range.start);
                }
                continue;
            }
            dialect::Ev::CalloutEnd => {
                depth = depth.saturating_sub(1);
                continue;
            }
            dialect::Ev::PageBreak => continue,
        };
        match event {
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_NESTING && out.too_deep.is_none() {
                    out.too_deep = Some(range.start);
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::Start(Tag::HtmlBlock) => html_block = Some(Vec::new()),
            Event::Html(t) => match html_block.as_mut() {
                Some(lines) => lines.push((range, t.to_string())),
                None => raw_html(body, &[(range, t.to_string())], &mut out),
            },
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(lines) = html_block.take() {
                    raw_html(body, &lines, &mut out);
                }
            }
            Event::InlineHtml(t) => raw_html(body, &[(range, t.to_string())], &mut out),
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((*level, id.as_ref().map(|i| i.to_string()), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, text)) = heading.take() {
                    let text = text.trim().to_owned();
                    let id = ids.next(explicit.as_deref(), &text);
                    out.headings.push(Heading {
                        level: level as u8,
                        text,
                        id,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text)) = heading.as_mut() {
                    text.push_str(t);
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            })
            | Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => {
                let image = matches!(event, Event::Start(Tag::Image { .. }));
                let range = locate_dest(body, &range, dest_url, defs);
                let dest = link_dest(*link_type, dest_url).to_string();
                out.links.push(LinkSite {
                    dest,
                    range,
                    image,
                    raw: false,
                });
            }
            _ => {}
        }
    }
    out.notes = parsed.notes;
    out.events = parsed.events;
    out
}

/// The URLs and dropped elements in a piece of raw HTML (the lines of an HTML block, or one
/// inline tag), each located on its line, at its text when that appears there as written.
fn raw_html(body: &str, lines: &[(Range<usize>, String)], out: &mut Scan) {
    let text: String = lines.iter().map(|(_, t)| t.as_str()).collect();
    let line_of = |line: u64| {
        let index = usize::try_from(line.saturating_sub(1)).unwrap_or(usize::MAX);
        lines.get(index).or(lines.last()).map(|(r, _)| r.clone())
    };
    for (tag, line) in raw::dropped(&text) {
        if let Some(r) = line_of(line) {
            let at = body
                .get(r.clone())
                .and_then(|src| src.to_ascii_lowercase().find(&format!("<{tag}")))
                .map_or(r.start, |i| r.start + i);
            out.dropped.push((tag, at..at + 1));
        }
    }
    let links = &mut out.links;
    for url in raw::urls(&text) {
        let Some(line_range) = line_of(url.line) else {
            continue;
        };
        let line_range = &line_range;
        let range = body
            .get(line_range.clone())
            .filter(|_| !url.value.is_empty())
            .and_then(|src| src.find(&url.value))
            .map_or(line_range.start..line_range.start, |i| {
                let start = line_range.start + i;
                start..start + url.value.len()
            });
        links.push(LinkSite {
            dest: url.value,
            range,
            image: url.resource,
            raw: true,
        });
    }
}

/// The byte range of a destination: inside the link's own text, else in a reference definition.
fn locate_dest(
    body: &str,
    link: &Range<usize>,
    dest: &str,
    defs: &[(String, Range<usize>)],
) -> Range<usize> {
    if dest.is_empty() {
        return link.clone();
    }
    if let Some(i) = body.get(link.clone()).and_then(|s| s.rfind(dest)) {
        let start = link.start + i;
        return start..start + dest.len();
    }
    for (d, span) in defs {
        if d == dest
            && let Some(i) = body.get(span.clone()).and_then(|s| s.find(dest))
        {
            let start = span.start + i;
            return start..start + dest.len();
        }
    }
    link.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_the_documented_rule() {
        assert_eq!(slugify("3. Roles & duties"), "3-roles-duties");
        assert_eq!(slugify("  Data -- residency?  "), "data-residency");
        assert_eq!(slugify("Zürich_office"), "zürich-office");
        let mut ids = HeadingIds::default();
        assert_eq!(ids.next(None, "Scope"), "scope");
        assert_eq!(ids.next(None, "Scope"), "scope-1");
        assert_eq!(ids.next(Some("custom"), "Whatever"), "custom");
    }

    #[test]
    fn scan_finds_headings_and_link_positions() {
        let body =
            "# Title\n\nSee [x](policy:a#b) and [y][r].\n\n## Two {#two}\n\n[r]: control:AC-01\n";
        let s = scan(body, &dialect::Variables::default());
        assert_eq!(
            s.headings.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
            ["title", "two"]
        );
        assert_eq!(&body[s.links[0].range.clone()], "policy:a#b");
        assert_eq!(&body[s.links[1].range.clone()], "control:AC-01");
    }

    #[test]
    fn scan_reads_raw_html_urls_and_email_autolinks() {
        let body = "Mail <sec@a.example>.\n\n<div>\n<a\n href=\"x.md\">x</a> <img src=\"../assets/a.png\">\n</div>\n\nText <a href=\"&#106;s:1\">y</a>\n";
        let s = scan(body, &dialect::Variables::default());
        let found: Vec<(&str, bool, bool)> = s
            .links
            .iter()
            .map(|l| (l.dest.as_str(), l.image, l.raw))
            .collect();
        assert_eq!(
            found,
            [
                ("mailto:sec@a.example", false, false),
                ("x.md", false, true),
                ("../assets/a.png", true, true),
                ("js:1", false, true),
            ]
        );
        // Located where written; an entity-encoded value falls back to its tag's place.
        assert_eq!(&body[s.links[1].range.clone()], "x.md");
        assert_eq!(&body[s.links[2].range.clone()], "../assets/a.png");
        assert!(body[s.links[3].range.start..].starts_with("<a href"));
    }

    #[test]
    fn scan_finds_where_nesting_goes_too_deep() {
        let ok = "> ".repeat(MAX_NESTING - 1) + "x\n";
        assert_eq!(scan(&ok, &dialect::Variables::default()).too_deep, None);
        let deep = "> ".repeat(MAX_NESTING + 5) + "x\n";
        assert_eq!(
            scan(&deep, &dialect::Variables::default()).too_deep,
            Some(2 * MAX_NESTING)
        );
    }
}
