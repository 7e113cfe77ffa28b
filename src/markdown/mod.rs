//! Markdown: the dialect trustbook reads, heading slugs, and cross-references.
//!
//! Scanning (headings and links with their positions) is used by the resolver to check
//! references; rendering to HTML lives in `markdown::html`.

mod highlight;
pub mod html;
mod xref;

pub use xref::{LinkTarget, RefKind, XRef, classify_link};

use crate::model::Heading;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;

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
    /// The destination as written.
    pub dest: String,
    /// Byte range of the destination in the body (or of the whole link when not found).
    pub range: Range<usize>,
    /// Whether it is an image.
    pub image: bool,
}

/// What the resolver needs from a body.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Headings in order, with their ids.
    pub headings: Vec<Heading>,
    /// Links and images in order.
    pub links: Vec<LinkSite>,
}

/// Finds the headings and links of a Markdown body, with positions.
pub fn scan(body: &str) -> Scan {
    let parser = Parser::new_ext(body, options());
    let defs: Vec<(String, Range<usize>)> = parser
        .reference_definitions()
        .iter()
        .map(|(_, d)| (d.dest.to_string(), d.span.clone()))
        .collect();
    let mut out = Scan::default();
    let mut ids = HeadingIds::default();
    let mut heading: Option<(HeadingLevel, Option<String>, String)> = None;
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((level, id.map(|i| i.to_string()), String::new()));
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
                    text.push_str(&t);
                }
            }
            Event::Start(Tag::Link { ref dest_url, .. })
            | Event::Start(Tag::Image { ref dest_url, .. }) => {
                let image = matches!(event, Event::Start(Tag::Image { .. }));
                let dest = dest_url.to_string();
                let range = locate_dest(body, &range, &dest, &defs);
                out.links.push(LinkSite { dest, range, image });
            }
            _ => {}
        }
    }
    out
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
        if d == dest {
            if let Some(i) = body.get(span.clone()).and_then(|s| s.find(dest)) {
                let start = span.start + i;
                return start..start + dest.len();
            }
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
        let s = scan(body);
        assert_eq!(
            s.headings.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
            ["title", "two"]
        );
        assert_eq!(&body[s.links[0].range.clone()], "policy:a#b");
        assert_eq!(&body[s.links[1].range.clone()], "control:AC-01");
    }
}
