//! Typesetting: measure text with the fonts' real advance widths, break it into lines, place
//! the lines and boxes, and paginate — keeping headings with what follows, avoiding single
//! lines at page ends, repeating table headers and splitting rows taller than a page.
//!
//! Coordinates are points from the top-left corner of the page; `write` flips them for PDF.
//!
//! This module holds what the rest of the crate sees (the page items, the results, the
//! page geometry) and [`Layout`] with its block dispatch; the work is in its children:
//!
//! - `text`: measuring text, breaking it into lines (and code into wrapped lines), placing
//!   a line;
//! - `paginate`: the page window a streaming layout keeps, page breaks, keep-with-next and
//!   kept groups, orphans and widows;
//! - `table`: the column plan, rows, repeated headers, rows split across pages;
//! - `blocks`: the other blocks — headings, paragraphs, lists, quotes, callouts, code,
//!   images, rules and contents lines.

mod blocks;
mod paginate;
mod structure;
mod table;
mod text;

use super::doc::{Block, Rgb, Target};
use super::fonts::{Face, Fonts};
use std::collections::HashMap;

/// A4 width in points.
pub const PAGE_W: f32 = 595.28;
/// A4 height in points.
pub const PAGE_H: f32 = 841.89;
/// Left and right margin.
pub const MARGIN_X: f32 = 62.0;
/// Top of the text area (below the running header).
pub const TOP: f32 = 78.0;
/// Bottom of the text area (above the running footer).
pub const BOTTOM: f32 = PAGE_H - 72.0;
/// Body text size.
pub const BODY_SIZE: f32 = 9.8;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.42;
/// Monospace size for code.
const CODE_SIZE: f32 = 8.2;
/// Indent per list level.
const LIST_INDENT: f32 = 16.0;
/// Cell padding.
const PAD: f32 = 4.0;
/// The smallest size a table is set in to keep its words whole (tables are 7.2 to 8.8).
const MIN_TABLE_SIZE: f32 = 6.4;

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Text with its baseline at `y`.
    Text {
        /// Left edge.
        x: f32,
        /// Baseline.
        y: f32,
        /// Typeface.
        face: Face,
        /// Size in points.
        size: f32,
        /// Colour.
        color: Rgb,
        /// The text (only characters the face can draw).
        text: String,
        /// The text it stands for, when `text` is a stand-in glyph (written as `/ActualText`,
        /// so copy and paste return the original).
        actual: Option<String>,
        /// The structure element it belongs to; 0 for an artifact (see [`super::tags`]).
        elem: u32,
    },
    /// A filled rectangle with its top-left corner at (x, y).
    Fill {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Colour.
        color: Rgb,
    },
    /// A straight line.
    Line {
        /// Start x.
        x1: f32,
        /// Start y.
        y1: f32,
        /// End x.
        x2: f32,
        /// End y.
        y2: f32,
        /// Thickness.
        width: f32,
        /// Colour.
        color: Rgb,
    },
    /// An image filling the box with its top-left corner at (x, y).
    Image {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Its resource name.
        name: std::sync::Arc<str>,
        /// EXIF orientation, 1 to 8.
        orientation: u8,
        /// What it shows.
        alt: String,
        /// Its figure element; 0 for a decorative image.
        elem: u32,
    },
    /// A clickable area.
    Link {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Destination.
        target: Target,
        /// Its link element (0 for none).
        elem: u32,
        /// The text under it, which describes it.
        text: String,
    },
    /// A structure element starts (drawn items refer to it by number).
    Begin(super::tags::Elem),
    /// A structure element (and everything inside it) is complete.
    End(u32),
}

impl Page {
    /// Whether nothing is drawn on the page (structure markers draw nothing).
    pub fn is_blank(&self) -> bool {
        self.items
            .iter()
            .all(|i| matches!(i, Item::Begin(_) | Item::End(_)))
    }
}

/// One laid-out page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// What is drawn, in painting order.
    pub items: Vec<Item>,
}

/// A heading's place, for the outline and the contents.
#[derive(Debug, Clone)]
pub struct Mark {
    /// Outline depth.
    pub level: u8,
    /// Section number.
    pub number: Option<String>,
    /// Text.
    pub title: String,
    /// Page index.
    pub page: usize,
    /// Top of the heading.
    pub y: f32,
    /// Whether the contents lists it.
    pub toc: bool,
    /// Its named destination.
    pub anchor: String,
}

/// The result of laying out a sequence of blocks.
#[derive(Debug, Default)]
pub struct Placed {
    /// Pages (none when they went to a sink as they were finished).
    pub pages: Vec<Page>,
    /// How many pages there are.
    pub count: usize,
    /// Named destinations: (page index, y).
    pub anchors: HashMap<String, (usize, f32)>,
    /// Headings in order.
    pub marks: Vec<Mark>,
    /// The number the next structure element would get (to continue numbering in the next
    /// layout of the same document).
    pub next_elem: u32,
}

/// Where finished pages go when a layout streams them.
pub type Sink<'f> = &'f mut dyn FnMut(Page);

/// Lays out blocks onto pages.
pub struct Layout<'f> {
    fonts: &'f Fonts,
    /// The pages not yet handed to the sink (all of them without one).
    placed: Placed,
    /// The index of `placed.pages[0]`.
    first: usize,
    /// Pages something will still draw on (the first page of an open quote or callout,
    /// whose bar is drawn at its end): they and later pages are kept.
    pins: Vec<usize>,
    sink: Option<Sink<'f>>,
    y: f32,
    left: f32,
    right: f32,
    /// A list marker waiting for the next line's baseline.
    marker: Option<(String, f32, Face, u32)>,
    text_color: Rgb,
    /// Anchor counter for generated names.
    auto: usize,
    /// Underline links (off inside tables, where colour alone marks them).
    underline: bool,
    /// Tagging: the number of the next structure element, the open ones (innermost last),
    /// those not yet on a page (they go there with their first content), the open sections
    /// with their heading levels, the link being placed, whether a contents list is open,
    /// and whether what is drawn now is an artifact (a repeated table header).
    next_elem: u32,
    open: Vec<u32>,
    pending: Vec<super::tags::Elem>,
    sects: Vec<(u8, u32)>,
    link: Option<(Target, u32)>,
    in_toc: bool,
    artifact: bool,
}

impl<'f> Layout<'f> {
    /// An empty layout starting on a fresh page.
    pub fn new(fonts: &'f Fonts) -> Layout<'f> {
        Layout {
            fonts,
            placed: Placed {
                pages: vec![Page::default()],
                ..Placed::default()
            },
            first: 0,
            pins: Vec::new(),
            sink: None,
            y: TOP,
            left: MARGIN_X,
            right: PAGE_W - MARGIN_X,
            marker: None,
            text_color: Rgb::TEXT,
            auto: 0,
            underline: true,
            next_elem: 1,
            open: Vec::new(),
            pending: Vec::new(),
            sects: Vec::new(),
            link: None,
            in_toc: false,
            artifact: false,
        }
    }

    /// Numbers structure elements from `first`, after those of earlier layouts of the same
    /// document.
    pub fn numbering_from(mut self, first: u32) -> Layout<'f> {
        self.next_elem = first.max(1);
        self
    }

    /// A layout that hands each page to `sink` once nothing more is drawn on it, so only
    /// the pages in progress are in memory.
    pub fn streaming(fonts: &'f Fonts, sink: Sink<'f>) -> Layout<'f> {
        Layout {
            sink: Some(sink),
            ..Layout::new(fonts)
        }
    }

    /// Lays out all blocks and returns the pages (or, streaming, their count, anchors and
    /// headings). Every structure element still open is closed.
    pub fn run(mut self, blocks: &[Block]) -> Placed {
        self.blocks(blocks);
        while !self.open.is_empty() {
            self.close();
        }
        self.sects.clear();
        self.placed.next_elem = self.next_elem;
        // A trailing empty page (from a final page break) is dropped.
        if self.page_index() > 0 && self.placed.pages.last().is_some_and(Page::is_blank) {
            // Its structure markers move to the page before, which is kept.
            if let Some(last) = self.placed.pages.pop() {
                self.page().items.extend(last.items);
            }
        }
        self.placed.count = self.first + self.placed.pages.len();
        self.pins.clear();
        self.hand_over(usize::MAX);
        self.placed
    }

    /// Lays out the parts of a body in order (see [`Part`](super::doc::Part)) and returns
    /// what [`Layout::run`] does.
    pub fn run_parts(mut self, parts: &[super::doc::Part<'_>]) -> Placed {
        for part in parts {
            self.blocks(&part.blocks());
        }
        self.run(&[])
    }

    /// The width of the text area at the current indent.
    fn width(&self) -> f32 {
        self.right - self.left
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for (i, b) in blocks.iter().enumerate() {
            self.block(b, blocks.get(i + 1));
        }
    }

    /// Lays out one block; `next` is the block after it, which a heading keeps it company.
    fn block(&mut self, b: &Block, next: Option<&Block>) {
        // Consecutive contents lines are one contents list.
        match b {
            Block::Toc(_) if !self.in_toc => {
                self.open(super::tags::Kind::Toc);
                self.in_toc = true;
            }
            Block::Toc(_) | Block::Keep(_) | Block::Anchor(_) | Block::Space(_) => {}
            _ if self.in_toc => {
                self.close();
                self.in_toc = false;
            }
            _ => {}
        }
        match b {
            Block::Heading(h) => self.heading(h, next),
            Block::Para(p) => self.para(p),
            Block::List(l) => self.list(l, 0),
            Block::Quote(inner) => self.quote(inner),
            Block::Callout(c) => self.callout(c),
            Block::Indent(inner) => self.indent(inner),
            Block::Code(text) => self.code(text),
            Block::Table(t) => self.table(t),
            Block::Rule => self.rule(),
            Block::PageBreak => self.page_break(),
            Block::Anchor(name) => {
                let at = (self.page_index(), self.y);
                self.placed.anchors.entry(name.clone()).or_insert(at);
            }
            Block::Space(h) => {
                if !self.at_top() {
                    self.y = (self.y + h).min(BOTTOM);
                }
            }
            Block::Toc(t) => self.toc_line(t),
            Block::Image(img) => self.image(img),
            Block::Note(inner) => self.note(inner),
            Block::Keep(inner) => self.keep(inner),
        }
    }
}

/// The embedded fonts, for the tests of every part of the layout.
#[cfg(test)]
fn test_fonts() -> Fonts {
    Fonts::load().expect("embedded fonts")
}

/// The pages on which a text containing `needle` is drawn, for the tests.
#[cfg(test)]
fn pages_with(placed: &Placed, needle: &str) -> Vec<usize> {
    placed
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.items
                .iter()
                .any(|i| matches!(i, Item::Text { text, .. } if text.contains(needle)))
        })
        .map(|(n, _)| n)
        .collect()
}
