//! Images the PDFs cannot show, said by `check` at the link: SVG, files that are not JPEG or
//! PNG or do not decode, images over the pixel limit, and images without a description.
//! One warning per link; each file is read and probed once however often it is linked.

use super::{Format, ImageError, ImageInfo, embeddable};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::markdown::LinkSite;
use crate::markdown::dialect::Ev;
use crate::model::{Body, LinkTo, Project};
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// One warning for each image link in a policy, procedure or page that the PDFs cannot show
/// as intended.
pub fn check(project: &Project) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let mut probed: BTreeMap<&str, Result<ImageInfo, String>> = BTreeMap::new();
    for body in project.docs().map(|d| d.body) {
        for (link, alt) in images(body) {
            let Some(LinkTo::Asset(key, _)) = body.targets.get(&link.dest) else {
                continue;
            };
            let Some(asset) = project.assets.get(key) else {
                continue;
            };
            let probe = probed.entry(key.as_str()).or_insert_with(|| {
                std::fs::read(&asset.source)
                    .map_err(|e| format!("it cannot be read: {e}"))
                    .and_then(|bytes| embeddable(&bytes).map_err(|e: ImageError| e.to_string()))
            });
            let span = project.sources.span_at(
                body.file,
                body.offset + link.range.start,
                link.range.len(),
            );
            let d = match (probe, alt) {
                (Ok(info), _) if info.format == Format::Svg => Diagnostic::warning(
                    Code::PdfImage,
                    span,
                    format!("`{key}` is SVG, which the PDFs cannot embed; the sites show it"),
                )
                .with_hint("export a PNG of it next to the SVG and link that: the sites and the PDFs both show PNG"),
                (Err(why), _) => Diagnostic::warning(
                    Code::PdfImage,
                    span,
                    format!("`{key}` cannot be shown in the PDFs: {why}"),
                )
                .with_hint(format!(
                    "the sites show the file as it is; the PDFs take baseline JPEG and PNG of up to {} million pixels",
                    super::MAX_PIXELS / 1_000_000
                )),
                (Ok(_), Alt::Missing { raw }) => Diagnostic::warning(
                    Code::PdfImage,
                    span,
                    format!("`{key}` has no alt text"),
                )
                .with_hint(if raw {
                    "the PDFs and screen readers need a description: add alt=\"…\" saying what it shows (alt=\"\" marks a decorative image)"
                } else {
                    "the PDFs and screen readers need a description: write what it shows between the brackets, ![…](…)"
                }),
                (Ok(_), _) => continue,
            };
            diags.push(d);
        }
    }
    diags
}

/// What is known about an image's description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Alt {
    /// It has one (or, in raw HTML, `alt=""` says it is decorative).
    Present,
    /// It has none.
    Missing {
        /// Written in raw HTML.
        raw: bool,
    },
    /// Not known (an `srcset` candidate, a tag that could not be read again).
    Unknown,
}

/// The image links of a body that the PDFs would draw: Markdown images and raw HTML `<img>`
/// (`src` and `srcset`), each with what is known of its alt text.
fn images(body: &Body) -> Vec<(&LinkSite, Alt)> {
    let mut alts = markdown_alts(body).into_iter();
    let mut out = Vec::new();
    for link in body.links.iter().filter(|l| l.image) {
        if link.raw {
            if let Some(alt) = raw_img(&body.text, link) {
                out.push((link, alt));
            }
        } else {
            // Markdown images arrive in the scan in event order, as the alts were collected.
            let alt = match alts.next() {
                Some((dest, alt)) if dest == link.dest => {
                    if alt.trim().is_empty() {
                        Alt::Missing { raw: false }
                    } else {
                        Alt::Present
                    }
                }
                _ => Alt::Unknown,
            };
            out.push((link, alt));
        }
    }
    out
}

/// Each Markdown image's destination and alt text (its description's text), in order.
fn markdown_alts(body: &Body) -> Vec<(String, String)> {
    let mut done: Vec<Option<(String, String)>> = Vec::new();
    // Images whose description is being read (one may sit inside another's), by index.
    let mut open: Vec<usize> = Vec::new();
    for (ev, _) in &body.events {
        let Ev::Md(event) = ev else { continue };
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                open.push(done.len());
                done.push(Some((dest_url.to_string(), String::new())));
            }
            Event::End(TagEnd::Image) => {
                open.pop();
            }
            Event::Text(t) | Event::Code(t) => {
                for &i in &open {
                    if let Some(Some((_, alt))) = done.get_mut(i) {
                        alt.push_str(t);
                    }
                }
            }
            _ => {}
        }
    }
    done.into_iter().flatten().collect()
}

/// Whether a raw HTML link is an `<img>` URL, and what its alt text is: the tag is read
/// again, with the HTML tokenizer, from the `<` before the URL.
fn raw_img(text: &str, link: &LinkSite) -> Option<Alt> {
    if link.range.is_empty() {
        return None;
    }
    let start = text.get(..link.range.start)?.rfind('<')?;
    let mut end = link.range.end.saturating_add(2048).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let tag = first_tag(text.get(start..end)?)?;
    if tag.name != "img" {
        return None;
    }
    let attr = |name: &str| tag.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v);
    if attr("src").is_some_and(|src| *src == link.dest) {
        return Some(match attr("alt") {
            Some(alt) if !alt.is_empty() && alt.trim().is_empty() => Alt::Missing { raw: true },
            Some(_) => Alt::Present,
            None => Alt::Missing { raw: true },
        });
    }
    attr("srcset")
        .is_some_and(|set| set.contains(link.dest.as_str()))
        .then_some(Alt::Unknown)
}

/// A start tag as the tokenizer reads it: lowercase name, attributes entity-decoded.
struct StartTag {
    name: String,
    attrs: Vec<(String, String)>,
}

struct FirstTag(RefCell<Option<StartTag>>);

impl TokenSink for FirstTag {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut first = self.0.borrow_mut();
        if let Token::TagToken(tag) = token
            && tag.kind == TagKind::StartTag
            && first.is_none()
        {
            *first = Some(StartTag {
                name: tag.name.to_string(),
                attrs: tag
                    .attrs
                    .iter()
                    .map(|a| (a.name.local.to_string(), a.value.to_string()))
                    .collect(),
            });
        }
        TokenSinkResult::Continue
    }
}

fn first_tag(html: &str) -> Option<StartTag> {
    let tokenizer = Tokenizer::new(FirstTag(RefCell::new(None)), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(html.into());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}
