//! Markdown to HTML for the sites: heading anchors, cross-references rewritten to relative
//! links (or to plain text when the target is not shown), highlighted code, footnotes with ids
//! that cannot clash with headings, and tables that scroll on small screens.

use super::dialect::{Callout, Ev};
use super::{HeadingIds, highlight, link_dest, raw};
use crate::model::{Body, LinkTo};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};
use std::collections::HashMap;
use std::fmt::Write;

/// Turns resolved links into URLs for the page being rendered.
pub trait Linker {
    /// The URL of a link's target relative to the current page, or `None` when this output
    /// does not show the target (the link then renders as its text alone).
    fn target_href(&self, to: &LinkTo) -> Option<String>;
}

/// What to do with raw HTML written in Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawHtml {
    /// Keep it (internal site: authors are trusted).
    Keep,
    /// Sanitise the rendered document with an allowlist (public site): no scripts, no event
    /// handlers, no `javascript:` URLs, no styles.
    Sanitize,
}

/// Renders a document body. Every link and every URL attribute of raw HTML goes where the
/// resolver decided, through the linker; nothing is resolved again here.
pub fn render(body: &Body, linker: &dyn Linker, raw_html: RawHtml) -> String {
    let href = |dest: &str| body.targets.get(dest).and_then(|to| linker.target_href(to));
    let policy = raw::Policy {
        drop_ids: raw_html == RawHtml::Sanitize,
    };
    // The lines of the HTML block being read.
    let mut html_block: Option<String> = None;

    let mut out: Vec<Event<'_>> = Vec::new();
    let mut ids = HeadingIds::default();
    // Heading being collected: explicit id and its inner events.
    let mut heading: Option<(u8, Option<String>, Vec<Event<'_>>)> = None;
    let mut code: Option<(String, String)> = None;
    let mut dropped_link = false;
    // Footnotes: definitions are collected and emitted at the end, numbered by first use.
    let mut footnote: Option<(String, Vec<Event<'_>>)> = None;
    let mut footnote_defs: HashMap<String, Vec<Event<'_>>> = HashMap::new();
    let mut footnotes = super::Footnotes::default();
    // Open callouts: whether each is a collapsible `<details>`.
    let mut callouts: Vec<bool> = Vec::new();

    for (ev, _) in &body.events {
        let event = match ev {
            Ev::Md(e) => e.clone(),
            // A page break is for print only.
            Ev::PageBreak => continue,
            Ev::CalloutStart(c) => {
                callouts.push(c.collapsible.is_some());
                Event::Html(callout_open(c).into())
            }
            Ev::CalloutEnd => Event::Html(
                if callouts.pop() == Some(true) {
                    "</details>\n"
                } else {
                    "</div>\n"
                }
                .into(),
            ),
            Ev::OrderedList { start, style } => {
                let mut tag = "<ol".to_owned();
                if let Some(t) = style.html_type() {
                    let _ = write!(tag, " type=\"{t}\"");
                }
                if *start != 1 {
                    let _ = write!(tag, " start=\"{start}\"");
                }
                tag.push_str(">\n");
                Event::Html(tag.into())
            }
        };
        // Raw HTML: an HTML block is rewritten whole (a tag may span its lines).
        let event = match event {
            Event::Start(Tag::HtmlBlock) => {
                html_block = Some(String::new());
                continue;
            }
            Event::Html(t) if html_block.is_some() => {
                if let Some(b) = html_block.as_mut() {
                    b.push_str(&t);
                }
                continue;
            }
            Event::End(TagEnd::HtmlBlock) => {
                let text = html_block.take().unwrap_or_default();
                Event::Html(raw::rewrite(&text, policy, &mut |u| href(&u.value)).into())
            }
            Event::Html(t) => Event::Html(raw::rewrite(&t, policy, &mut |u| href(&u.value)).into()),
            Event::InlineHtml(t) => {
                Event::InlineHtml(raw::rewrite(&t, policy, &mut |u| href(&u.value)).into())
            }
            other => other,
        };
        // Code blocks: gather the text, then highlight in one go.
        if let Some((_, text)) = code.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    if let Some((lang, text)) = code.take() {
                        push(
                            &mut heading,
                            &mut footnote,
                            &mut out,
                            Event::Html(code_block(&lang, &text).into()),
                        );
                    }
                }
                _ => {}
            }
            continue;
        }
        let event = match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
                continue;
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((level as u8, id.map(|i| i.to_string()), Vec::new()));
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, inner)) = heading.take() {
                    let text = plain_text(&inner);
                    let id = ids.next(explicit.as_deref(), text.trim());
                    let id = escape(&id);
                    push(
                        &mut None,
                        &mut footnote,
                        &mut out,
                        Event::Html(format!("<h{level} id=\"{id}\">").into()),
                    );
                    for e in inner {
                        push(&mut None, &mut footnote, &mut out, e);
                    }
                    push(
                        &mut None,
                        &mut footnote,
                        &mut out,
                        Event::Html(format!("<a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a></h{level}>\n").into()),
                    );
                }
                continue;
            }
            // Links and images: the destination is resolved for this page; one the audience
            // may not follow is dropped, keeping its text.
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                match with_resolved_dest(tag, |link_type, dest| href(&link_dest(link_type, dest))) {
                    Some(tag) => Event::Start(tag),
                    None => {
                        dropped_link = true;
                        continue;
                    }
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) if dropped_link => {
                dropped_link = false;
                continue;
            }
            Event::Start(Tag::Table(a)) => {
                push(
                    &mut heading,
                    &mut footnote,
                    &mut out,
                    Event::Html("<div class=\"table-wrap\">".into()),
                );
                Event::Start(Tag::Table(a))
            }
            Event::End(TagEnd::Table) => {
                push(
                    &mut heading,
                    &mut footnote,
                    &mut out,
                    Event::End(TagEnd::Table),
                );
                Event::Html("</div>\n".into())
            }
            // pulldown-cmark writes the task box without a label; screen readers need one.
            Event::TaskListMarker(done) => Event::Html(
                if done {
                    "<input type=\"checkbox\" disabled checked aria-label=\"Task\"> "
                } else {
                    "<input type=\"checkbox\" disabled aria-label=\"Task\"> "
                }
                .into(),
            ),
            Event::FootnoteReference(label) => {
                let label = label.to_string();
                let n = footnotes.number(&label);
                let slug = footnote_slug(&label);
                Event::InlineHtml(
                    format!("<sup class=\"footnote-ref\"><a href=\"#fn-{slug}\" id=\"fnref-{slug}\">{n}</a></sup>").into(),
                )
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                footnote = Some((label.to_string(), Vec::new()));
                continue;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, events)) = footnote.take() {
                    footnote_defs.insert(label, events);
                }
                continue;
            }
            other => other,
        };
        push(&mut heading, &mut footnote, &mut out, event);
    }

    let mut html = String::with_capacity(body.text.len() * 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    if !footnotes.order().is_empty() {
        html.push_str("<section class=\"footnotes\" aria-label=\"Footnotes\">\n<ol>\n");
        for label in footnotes.order() {
            let slug = footnote_slug(label);
            let _ = write!(html, "<li id=\"fn-{slug}\">");
            if let Some(events) = footnote_defs.remove(label) {
                let mut inner = String::new();
                pulldown_cmark::html::push_html(&mut inner, events.into_iter());
                html.push_str(inner.trim_end());
            }
            let _ = writeln!(
                html,
                " <a class=\"footnote-back\" href=\"#fnref-{slug}\" aria-label=\"Back to the text\">↩</a></li>"
            );
        }
        html.push_str("</ol>\n</section>\n");
    }
    // A strict Content-Security-Policy forbids style attributes: alignment becomes a class.
    let html = html
        .replace(" style=\"text-align: left\"", " class=\"align-left\"")
        .replace(" style=\"text-align: center\"", " class=\"align-center\"")
        .replace(" style=\"text-align: right\"", " class=\"align-right\"");
    match raw_html {
        RawHtml::Keep => html,
        RawHtml::Sanitize => sanitize(&html),
    }
}

/// Routes an event into the heading or footnote being collected, or the output.
fn push<'a>(
    heading: &mut Option<(u8, Option<String>, Vec<Event<'a>>)>,
    footnote: &mut Option<(String, Vec<Event<'a>>)>,
    out: &mut Vec<Event<'a>>,
    e: Event<'a>,
) {
    if let Some((_, _, inner)) = heading.as_mut() {
        inner.push(e);
    } else if let Some((_, events)) = footnote.as_mut() {
        events.push(e);
    } else {
        out.push(e);
    }
}

/// A link or image tag with its destination replaced, or `None` when it resolves to nothing.
/// The result is an inline link: an email autolink's `mailto:` is already in the URL.
fn with_resolved_dest<'a>(
    tag: Tag<'a>,
    resolve: impl FnOnce(LinkType, &CowStr<'a>) -> Option<String>,
) -> Option<Tag<'a>> {
    Some(match tag {
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Link {
            link_type: LinkType::Inline,
            dest_url: resolve(link_type, &dest_url)?.into(),
            title,
            id,
        },
        Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Image {
            link_type: LinkType::Inline,
            dest_url: resolve(link_type, &dest_url)?.into(),
            title,
            id,
        },
        other => other,
    })
}

fn footnote_slug(label: &str) -> String {
    match super::slugify(label) {
        s if s.is_empty() => "note".to_owned(),
        s => s,
    }
}

fn code_block(lang: &str, text: &str) -> String {
    let lang_class = crate::markdown::slugify(lang);
    match highlight::highlight(text, lang) {
        Some(html) => format!(
            "<pre class=\"code\" data-lang=\"{lang_class}\"><code class=\"language-{lang_class}\">{html}</code></pre>\n"
        ),
        None => format!("<pre class=\"code\"><code>{}</code></pre>\n", escape(text)),
    }
}

/// The text of inline events (for heading ids and search).
pub fn plain_text(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

/// The readable text of a document body, for search (variables substituted).
pub fn body_text(body: &Body) -> String {
    let mut s = String::with_capacity(body.text.len());
    for (e, _) in &body.events {
        match e {
            Ev::Md(Event::Text(t) | Event::Code(t)) => s.push_str(t),
            Ev::Md(Event::SoftBreak | Event::HardBreak | Event::End(_)) => s.push(' '),
            Ev::CalloutStart(c) => {
                s.push_str(&c.title);
                s.push(' ');
            }
            _ => {}
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The opening of a callout box: a `<details>` when it collapses, else a note region.
fn callout_open(c: &Callout) -> String {
    let kind = c.kind.key();
    let title = escape(&c.title);
    match c.collapsible {
        Some(open) => format!(
            "<details class=\"callout callout-{kind}\"{}><summary class=\"callout-title\">{}</summary>\n",
            if open { " open" } else { "" },
            if title.is_empty() {
                escape(c.kind.title())
            } else {
                title
            }
        ),
        None if title.is_empty() => format!(
            "<div class=\"callout callout-{kind}\" role=\"note\" aria-label=\"{}\">\n",
            c.kind.title()
        ),
        None => format!(
            "<div class=\"callout callout-{kind}\" role=\"note\"><p class=\"callout-title\">{title}</p>\n"
        ),
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).ok();
    out
}

/// Removes anything able to run code from rendered HTML, keeping what the renderer produces
/// and harmless formatting authors write (`<details>`, `<kbd>`, `<br>`…).
fn sanitize(html: &str) -> String {
    let mut b = ammonia::Builder::default();
    b.add_tags([
        "details", "summary", "section", "input", "kbd", "sup", "sub", "mark", "dl", "dt", "dd",
    ])
    .add_generic_attributes(["role"])
    .add_tag_attributes("details", ["open"])
    .add_generic_attributes(["id", "class", "aria-label", "title"])
    .add_tag_attributes("input", ["type", "checked", "disabled"])
    .add_tag_attributes("pre", ["data-lang"])
    .add_tag_attributes("ol", ["start", "type"])
    .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
    .link_rel(Some("noopener noreferrer"))
    .url_relative(ammonia::UrlRelative::PassThrough)
    .id_prefix(None);
    b.clean(html).to_string()
}
