//! Raw HTML written in Markdown: the URLs its attributes hold, and the same HTML with those
//! URLs replaced.
//!
//! Parsed with html5ever's tokenizer, the one ammonia and browsers' specification use, so
//! entities (`&#106;avascript:`), quoting and letter case are read as a browser reads them;
//! nothing here matches attributes with patterns.

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::RefCell;
use std::fmt::Write;

/// One URL written in a raw HTML attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawUrl {
    /// The element, lowercase (`a`, `img`).
    pub tag: String,
    /// The attribute, lowercase (`href`, `src`).
    pub attr: String,
    /// The URL, entity-decoded.
    pub value: String,
    /// Whether the browser fetches it by itself (an image, a frame, a stylesheet) rather than
    /// the reader following it.
    pub resource: bool,
    /// 1-based line within the HTML text.
    pub line: u64,
}

/// Attributes that hold one URL (`srcset` holds several and is split).
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "poster",
    "cite",
    "background",
    "longdesc",
    "manifest",
    "codebase",
    "archive",
    "classid",
    "icon",
    "profile",
    "lowsrc",
    "dynsrc",
    "xlink:href",
];

fn is_url_attr(tag: &str, attr: &str) -> bool {
    URL_ATTRS.contains(&attr) || (attr == "data" && tag == "object")
}

fn is_resource(tag: &str, attr: &str) -> bool {
    match attr {
        "href" | "xlink:href" => matches!(tag, "link" | "image" | "use" | "feimage"),
        "src" | "srcset" | "poster" | "background" | "lowsrc" | "dynsrc" | "data" | "codebase"
        | "archive" | "classid" | "manifest" | "icon" => true,
        _ => false,
    }
}

/// The URLs in the attributes of a piece of raw HTML, in document order.
pub fn urls(html: &str) -> Vec<RawUrl> {
    let mut found = Vec::new();
    walk(html, &mut |tok| {
        if let Piece::Tag(tag, line) = tok {
            let name = tag.name.to_string();
            for attr in &tag.attrs {
                let attr_name = attr.name.local.to_string();
                if !is_url_attr(&name, &attr_name) {
                    continue;
                }
                for (url, _) in candidates(&attr_name, &attr.value) {
                    found.push(RawUrl {
                        tag: name.clone(),
                        attr: attr_name.clone(),
                        value: url.to_owned(),
                        resource: is_resource(&name, &attr_name),
                        line,
                    });
                }
            }
        }
    });
    found
}

/// Elements never kept from raw HTML, on any site: `meta` (a refresh redirects readers away),
/// `base` (it re-targets every relative link) and forms (nothing on a documentation site
/// submits anything). Their content, if any, stays.
const DROPPED: &[&str] = &["meta", "base", "form"];

/// What else raw HTML may not keep in an output.
#[derive(Debug, Clone, Copy, Default)]
pub struct Policy {
    /// Drop `id` and `name` attributes: on a public page an author's `id="TRUSTBOOK_SEARCH"`
    /// would become a global of the page's script (DOM clobbering).
    pub drop_ids: bool,
}

/// The elements of a piece of raw HTML that no site keeps, with their lines.
pub fn dropped(html: &str) -> Vec<(String, u64)> {
    let mut found = Vec::new();
    walk(html, &mut |tok| {
        if let Piece::Tag(tag, line) = tok {
            let name = tag.name.to_string();
            if tag.kind == TagKind::StartTag && DROPPED.contains(&name.as_str()) {
                found.push((name, line));
            }
        }
    });
    found
}

/// The HTML again, with each URL attribute replaced by what `map` returns for it; an
/// attribute whose URL maps to `None` is dropped (a link then reads as its text alone).
pub fn rewrite(
    html: &str,
    policy: Policy,
    map: &mut dyn FnMut(&RawUrl) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(html.len() + 16);
    let mut raw_text = false;
    walk(html, &mut |tok| match tok {
        Piece::Tag(tag, line) => {
            let name = tag.name.to_string();
            if DROPPED.contains(&name.as_str()) {
                return;
            }
            if tag.kind == TagKind::EndTag {
                raw_text = false;
                let _ = write!(out, "</{name}>");
                return;
            }
            raw_text = raw_kind(&name).is_some();
            out.push('<');
            out.push_str(&name);
            for attr in &tag.attrs {
                let attr_name = attr.name.local.to_string();
                if policy.drop_ids && matches!(attr_name.as_str(), "id" | "name") {
                    continue;
                }
                let value = if is_url_attr(&name, &attr_name) {
                    let mut kept = Vec::new();
                    for (url, descriptor) in candidates(&attr_name, &attr.value) {
                        let found = RawUrl {
                            tag: name.clone(),
                            attr: attr_name.clone(),
                            value: url.to_owned(),
                            resource: is_resource(&name, &attr_name),
                            line,
                        };
                        if let Some(new) = map(&found) {
                            kept.push(format!("{new}{descriptor}"));
                        }
                    }
                    if kept.is_empty() {
                        continue;
                    }
                    kept.join(", ")
                } else {
                    attr.value.to_string()
                };
                let _ = write!(out, " {attr_name}=\"{}\"", escape_attr(&value));
            }
            if tag.self_closing {
                out.push_str(" /");
            }
            out.push('>');
        }
        Piece::Text(t) => {
            if raw_text {
                out.push_str(t);
            } else {
                out.push_str(&super::html::escape(t));
            }
        }
        Piece::Comment(c) => {
            let _ = write!(out, "<!--{c}-->");
        }
        Piece::Doctype(name) => {
            let _ = write!(out, "<!DOCTYPE {name}>");
        }
    });
    out
}

/// The URLs of an attribute value with what follows each (`srcset`'s width descriptors).
fn candidates<'v>(attr: &str, value: &'v str) -> Vec<(&'v str, &'v str)> {
    if attr != "srcset" {
        return vec![(value, "")];
    }
    value
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| match c.find(char::is_whitespace) {
            Some(i) => (&c[..i], &c[i..]),
            None => (c, ""),
        })
        .collect()
}

fn escape_attr(v: &str) -> String {
    v.replace('&', "&amp;").replace('"', "&quot;")
}

/// Elements whose content the tokenizer must read as raw text, as a browser does.
fn raw_kind(tag: &str) -> Option<RawKind> {
    match tag {
        "script" => Some(RawKind::ScriptData),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" => Some(RawKind::Rawtext),
        _ => None,
    }
}

/// What the walk hands to its callback.
enum Piece<'t> {
    Tag(&'t Tag, u64),
    Text(&'t str),
    Comment(&'t str),
    Doctype(&'t str),
}

struct Sink<'f> {
    on: RefCell<&'f mut dyn FnMut(Piece<'_>)>,
}

impl TokenSink for Sink<'_> {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let mut on = self.on.borrow_mut();
        match token {
            Token::TagToken(tag) => {
                on(Piece::Tag(&tag, line));
                if tag.kind == TagKind::StartTag
                    && let Some(kind) = raw_kind(&tag.name)
                {
                    return TokenSinkResult::RawData(kind);
                }
            }
            Token::CharacterTokens(t) => on(Piece::Text(&t)),
            Token::CommentToken(c) => on(Piece::Comment(&c)),
            Token::DoctypeToken(d) => on(Piece::Doctype(d.name.as_deref().unwrap_or("html"))),
            Token::NullCharacterToken => on(Piece::Text("\u{fffd}")),
            Token::EOFToken | Token::ParseError(_) => {}
        }
        TokenSinkResult::Continue
    }
}

/// One step of raw HTML as a browser's tokenizer reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'t> {
    /// A start tag (lowercase name).
    Start(&'t str),
    /// An end tag (lowercase name).
    End(&'t str),
    /// Text, entities decoded.
    Text(&'t str),
}

/// The tags and text of raw HTML, in order (comments and doctypes are skipped).
pub fn steps(html: &str, on: &mut dyn FnMut(Step<'_>)) {
    walk(html, &mut |piece| match piece {
        Piece::Tag(tag, _) => {
            let name = tag.name.to_string();
            on(match tag.kind {
                TagKind::StartTag => Step::Start(&name),
                TagKind::EndTag => Step::End(&name),
            });
            // A self-closing tag (`<br/>`) has no end of its own.
            if tag.kind == TagKind::StartTag && tag.self_closing {
                on(Step::End(&name));
            }
        }
        Piece::Text(t) => on(Step::Text(t)),
        Piece::Comment(_) | Piece::Doctype(_) => {}
    });
}

fn walk(html: &str, on: &mut dyn FnMut(Piece<'_>)) {
    let sink = Sink {
        on: RefCell::new(on),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(html.into());
    // The sink never asks the tokenizer to pause, so one call reads everything.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_urls_as_a_browser_reads_them() {
        let found = urls(
            "<A HREF='&#106;avascript:alert(1)'>x</A><img src=pic.png srcset=\"a.png 1x, b.png 2x\">\n<p cite=\"q.html\" data-x=\"y\">",
        );
        let values: Vec<(&str, &str, bool)> = found
            .iter()
            .map(|u| (u.attr.as_str(), u.value.as_str(), u.resource))
            .collect();
        assert_eq!(
            values,
            [
                ("href", "javascript:alert(1)", false),
                ("src", "pic.png", true),
                ("srcset", "a.png", true),
                ("srcset", "b.png", true),
                ("cite", "q.html", false),
            ]
        );
        assert_eq!(found[4].line, 2);
    }

    #[test]
    fn rewrites_only_url_attributes() {
        let html = "<a href=\"x.md\" title=\"a &amp; b\">go</a> <img src=\"gone.png\" alt=\"\">";
        let out = rewrite(html, Policy::default(), &mut |u| {
            (u.value == "x.md").then(|| "x.html".to_owned())
        });
        assert_eq!(
            out,
            "<a href=\"x.html\" title=\"a &amp; b\">go</a> <img alt=\"\">"
        );
    }

    #[test]
    fn redirects_bases_forms_and_clobbering_ids_are_dropped() {
        let html = "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\"><base href=\"https://evil.example/\"><form action=\"x\"><input name=\"q\"></form><span id=\"TRUSTBOOK_SEARCH\">s</span>";
        let keep = |u: &RawUrl| Some(u.value.clone());
        assert_eq!(
            rewrite(html, Policy::default(), &mut |u| keep(u)),
            "<input name=\"q\"><span id=\"TRUSTBOOK_SEARCH\">s</span>"
        );
        assert_eq!(
            rewrite(html, Policy { drop_ids: true }, &mut |u| keep(u)),
            "<input><span>s</span>"
        );
    }

    #[test]
    fn script_and_style_text_is_kept_verbatim() {
        let html = "<style>a > b { }</style><p>1 < 2</p>";
        assert_eq!(
            rewrite(html, Policy::default(), &mut |u| Some(u.value.clone())),
            "<style>a > b { }</style><p>1 &lt; 2</p>"
        );
    }
}
