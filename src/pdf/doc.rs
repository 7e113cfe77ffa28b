//! The document to typeset: blocks of styled text, independent of pages.
//!
//! Built from the model (and Markdown bodies) by `pdf::content`, placed on pages by
//! `pdf::layout`.

use super::fonts::Face;

/// An RGB colour, components 0–1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

impl Rgb {
    /// Body text.
    pub const TEXT: Rgb = Rgb(0.11, 0.14, 0.19);
    /// Secondary text.
    pub const MUTED: Rgb = Rgb(0.38, 0.42, 0.49);
    /// Links and accents.
    pub const ACCENT: Rgb = Rgb(0.12, 0.37, 0.55);
    /// Hairlines.
    pub const RULE: Rgb = Rgb(0.80, 0.83, 0.87);
    /// Table header and code background.
    pub const SHADE: Rgb = Rgb(0.95, 0.96, 0.97);
    /// Zebra rows.
    pub const ZEBRA: Rgb = Rgb(0.975, 0.98, 0.985);
    /// Warnings and confidential banners.
    pub const ALERT: Rgb = Rgb(0.62, 0.11, 0.11);
    /// Good status.
    pub const OK: Rgb = Rgb(0.09, 0.40, 0.23);
    /// Attention status.
    pub const WARN: Rgb = Rgb(0.55, 0.35, 0.0);
}

/// Where a link goes. Shared, not copied: every fragment of a link's text carries its
/// target, and a long link broken over many lines must not copy a long URL for each.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A named place in this document.
    Internal(std::sync::Arc<str>),
    /// A web address.
    Uri(std::sync::Arc<str>),
}

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The text; `\n` forces a line break.
    pub text: String,
    /// Typeface.
    pub face: Face,
    /// Link, if any.
    pub link: Option<Target>,
    /// Colour override.
    pub color: Option<Rgb>,
}

impl Span {
    /// Plain body text.
    pub fn plain(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            face: Face::Regular,
            link: None,
            color: None,
        }
    }

    /// Text in a face.
    pub fn styled(text: impl Into<String>, face: Face) -> Span {
        Span {
            face,
            ..Span::plain(text)
        }
    }

    /// Text in a colour.
    pub fn colored(text: impl Into<String>, face: Face, color: Rgb) -> Span {
        Span {
            face,
            color: Some(color),
            ..Span::plain(text)
        }
    }

    /// A link.
    pub fn link(text: impl Into<String>, target: Target) -> Span {
        Span {
            link: Some(target),
            ..Span::plain(text)
        }
    }
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Ragged right.
    #[default]
    Left,
    /// Centred.
    Center,
    /// Ragged left.
    Right,
}

/// A heading.
#[derive(Debug, Clone)]
pub struct Heading {
    /// Visual level, 1 (part) to 6.
    pub level: u8,
    /// Section number shown before the text and in the outline (`2.3`).
    pub number: Option<String>,
    /// The text.
    pub text: String,
    /// Named destination for links.
    pub anchor: Option<String>,
    /// Outline (bookmark) depth, when the heading is in the outline.
    pub outline: Option<u8>,
    /// Whether the contents page lists it.
    pub toc: bool,
    /// Start on a new page.
    pub new_page: bool,
    /// The language of the section it opens, when it differs from the document's.
    pub lang: Option<String>,
}

/// A paragraph.
#[derive(Debug, Clone)]
pub struct Para {
    /// Inline content.
    pub spans: Vec<Span>,
    /// Font size in points.
    pub size: f32,
    /// Space after, in points.
    pub space_after: f32,
}

impl Para {
    /// A body paragraph.
    pub fn body(spans: Vec<Span>) -> Para {
        Para {
            spans,
            size: super::layout::BODY_SIZE,
            space_after: 6.0,
        }
    }

    /// Small print.
    pub fn small(spans: Vec<Span>) -> Para {
        Para {
            spans,
            size: 8.5,
            space_after: 4.0,
        }
    }
}

/// An item of a list.
#[derive(Debug, Clone)]
pub struct Item {
    /// `Some(done)` for task list items.
    pub task: Option<bool>,
    /// Its content.
    pub blocks: Vec<Block>,
}

/// A bulleted or numbered list.
#[derive(Debug, Clone)]
pub struct List {
    /// Numbered?
    pub ordered: bool,
    /// First number.
    pub start: u64,
    /// Marker style of a numbered list (`a.`, `iv.`).
    pub style: crate::markdown::dialect::ListStyle,
    /// Items.
    pub items: Vec<Item>,
}

/// A callout box (a GitHub alert or an mkdocs admonition).
#[derive(Debug, Clone)]
pub struct Callout {
    /// Bar and title colour.
    pub color: Rgb,
    /// Title (may be empty).
    pub title: String,
    /// Content.
    pub blocks: Vec<Block>,
}

/// A table row.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// Cells, each inline content.
    pub cells: Vec<Vec<Span>>,
    /// Named destination at the row.
    pub anchor: Option<String>,
}

/// A table; column widths come from the content.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Header cells (repeated on every page the table spans).
    pub header: Vec<Vec<Span>>,
    /// Body rows.
    pub rows: Vec<Row>,
    /// Column alignment (defaults to left).
    pub align: Vec<Align>,
    /// Font size.
    pub size: f32,
}

/// A contents line: title, leader dots and page number.
#[derive(Debug, Clone)]
pub struct TocLine {
    /// 1 or 2.
    pub level: u8,
    /// Number and title.
    pub text: String,
    /// The page label (filled in after layout).
    pub page: String,
    /// Where it links.
    pub anchor: String,
}

/// An image from `content/assets/`, found embeddable by [`super::image::probe`].
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// Its resource name in the PDF (`Im0`, …), one per file.
    pub name: std::sync::Arc<str>,
    /// What it shows, for readers who cannot see it.
    pub alt: String,
    /// Width as displayed, in pixels (after EXIF orientation).
    pub width: u32,
    /// Height as displayed, in pixels.
    pub height: u32,
    /// EXIF orientation, 1 to 8.
    pub orientation: u8,
}

/// A stretch of a document's body: ready, or made when it is laid out, so a long
/// document's blocks (each policy's text, each control's description) are never all in
/// memory at once. A later part is made once per layout pass.
pub enum Part<'a> {
    /// Blocks made up front (headings, summary tables).
    Ready(Vec<Block>),
    /// Blocks made on demand.
    Later(Box<dyn Fn() -> Vec<Block> + 'a>),
}

impl Part<'_> {
    /// The part's blocks.
    pub fn blocks(&self) -> std::borrow::Cow<'_, [Block]> {
        match self {
            Part::Ready(b) => std::borrow::Cow::Borrowed(b),
            Part::Later(make) => std::borrow::Cow::Owned(make()),
        }
    }
}

/// A block of the document.
#[derive(Debug, Clone)]
pub enum Block {
    /// A heading.
    Heading(Heading),
    /// A paragraph.
    Para(Para),
    /// A list.
    List(List),
    /// A block quote.
    Quote(Vec<Block>),
    /// A callout box: a coloured bar, a title, then its blocks.
    Callout(Callout),
    /// Blocks set in from the left (a definition under its term).
    Indent(Vec<Block>),
    /// Preformatted code (wrapped, never cut).
    Code(String),
    /// A table.
    Table(Table),
    /// A horizontal rule.
    Rule,
    /// Continue on a new page.
    PageBreak,
    /// A named destination at the current position.
    Anchor(String),
    /// An image, scaled to fit the text width.
    Image(Image),
    /// A footnote's text (tagged as a note).
    Note(Vec<Block>),
    /// Vertical space in points.
    Space(f32),
    /// A line of the contents.
    Toc(TocLine),
    /// Blocks kept on one page when they fit on one: a footer with the text it closes, the
    /// last lines of the contents.
    Keep(Vec<Block>),
}
