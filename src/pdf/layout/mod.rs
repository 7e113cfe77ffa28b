//! Typesetting: measure text with the fonts' real advance widths, break it into lines, place
//! the lines and boxes, and paginate — keeping headings with what follows, avoiding single
//! lines at page ends, repeating table headers and splitting rows taller than a page.
//!
//! Coordinates are points from the top-left corner of the page; `write` flips them for PDF.

use super::doc::{
    Align, Block, Heading, Item as ListItem, List, Para, Rgb, Span, Table, Target, TocLine,
};
use super::fonts::{Face, Fonts, Glyph};
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
    },
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
}

/// A measured word or space of a paragraph.
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    face: Face,
    color: Option<Rgb>,
    link: Option<Target>,
    width: f32,
    space: bool,
    newline: bool,
    /// A line may break after this piece even without a space (after `/` in a path).
    break_after: bool,
    /// The character a stand-in glyph replaces (see [`super::fonts::STAND_IN`]).
    actual: Option<String>,
}

/// A run of pieces placed on a line.
#[derive(Debug, Clone)]
struct Frag {
    x: f32,
    text: String,
    face: Face,
    color: Option<Rgb>,
    link: Option<Target>,
    width: f32,
    /// What a stand-in glyph replaces.
    actual: Option<String>,
}

/// A broken line: fragments positioned from the line's left edge.
#[derive(Debug, Clone, Default)]
struct Line {
    frags: Vec<Frag>,
    width: f32,
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
    marker: Option<(String, f32, Face)>,
    text_color: Rgb,
    /// Anchor counter for generated names.
    auto: usize,
    /// Underline links (off inside tables, where colour alone marks them).
    underline: bool,
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
        }
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
    /// headings).
    pub fn run(mut self, blocks: &[Block]) -> Placed {
        self.blocks(blocks);
        // A trailing empty page (from a final page break) is dropped.
        if self.page_index() > 0 && self.placed.pages.last().is_some_and(|p| p.items.is_empty()) {
            self.placed.pages.pop();
        }
        self.placed.count = self.first + self.placed.pages.len();
        self.pins.clear();
        self.hand_over(usize::MAX);
        self.placed
    }

    /// Lays out the parts of a body in order (see [`Part`]) and returns what
    /// [`Layout::run`] does.
    pub fn run_parts(mut self, parts: &[super::doc::Part<'_>]) -> Placed {
        for part in parts {
            self.blocks(&part.blocks());
        }
        self.run(&[])
    }

    /// Hands the pages before `until` to the sink, if there is one.
    fn hand_over(&mut self, until: usize) {
        let Some(sink) = self.sink.as_mut() else {
            return;
        };
        let until = self.pins.iter().copied().fold(until, usize::min);
        let n = until
            .saturating_sub(self.first)
            .min(self.placed.pages.len());
        for page in self.placed.pages.drain(..n) {
            sink(page);
        }
        self.first += n;
    }

    fn page(&mut self) -> &mut Page {
        if self.placed.pages.is_empty() {
            self.placed.pages.push(Page::default());
        }
        let last = self.placed.pages.len() - 1;
        &mut self.placed.pages[last]
    }

    /// An earlier page still in memory (pinned, or the current one).
    fn page_at(&mut self, index: usize) -> Option<&mut Page> {
        debug_assert!(index >= self.first, "page {index} was already handed over");
        self.placed.pages.get_mut(index.checked_sub(self.first)?)
    }

    fn page_index(&self) -> usize {
        (self.first + self.placed.pages.len()).saturating_sub(1)
    }

    fn at_top(&self) -> bool {
        (self.y - TOP).abs() < 0.01
    }

    fn new_page(&mut self) {
        self.placed.pages.push(Page::default());
        self.y = TOP;
        self.hand_over(self.page_index());
    }

    fn space_left(&self) -> f32 {
        BOTTOM - self.y
    }

    fn width(&self) -> f32 {
        self.right - self.left
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for (i, b) in blocks.iter().enumerate() {
            self.block(b, blocks.get(i + 1));
        }
    }

    fn block(&mut self, b: &Block, next: Option<&Block>) {
        match b {
            Block::Heading(h) => self.heading(h, next),
            Block::Para(p) => self.para(p),
            Block::List(l) => self.list(l, 0),
            Block::Quote(inner) => self.quote(inner),
            Block::Callout(c) => self.callout(c),
            Block::Indent(inner) => {
                let saved = self.left;
                self.left += LIST_INDENT;
                self.blocks(inner);
                self.left = saved;
            }
            Block::Code(text) => self.code(text),
            Block::Table(t) => self.table(t),
            Block::Rule => {
                self.ensure(12.0);
                let y = self.y + 6.0;
                let (l, r) = (self.left, self.right);
                self.page().items.push(Item::Line {
                    x1: l,
                    y1: y,
                    x2: r,
                    y2: y,
                    width: 0.6,
                    color: Rgb::RULE,
                });
                self.y += 14.0;
            }
            Block::PageBreak => {
                if !self.at_top() || !self.page().items.is_empty() {
                    self.new_page();
                }
            }
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
            Block::Keep(inner) => {
                if let Some(h) = self.measure(inner) {
                    self.ensure(h);
                }
                self.blocks(inner);
            }
        }
    }

    /// The height blocks take at this width, when they fit on one page (a trial layout on a
    /// fresh page: pieces that do not fit on one are left to break as usual).
    fn measure(&self, blocks: &[Block]) -> Option<f32> {
        let mut trial = Layout::new(self.fonts);
        trial.left = self.left;
        trial.right = self.right;
        trial.blocks(blocks);
        (trial.page_index() == 0).then_some(trial.y - TOP)
    }

    /// Starts a new page unless `h` points still fit.
    fn ensure(&mut self, h: f32) {
        if self.y + h > BOTTOM && !self.at_top() {
            self.new_page();
        }
    }

    fn heading_style(level: u8) -> (Face, f32, f32, f32) {
        // (face, size, space before, space after)
        match level {
            1 => (Face::Bold, 20.0, 0.0, 14.0),
            2 => (Face::Bold, 15.5, 18.0, 8.0),
            3 => (Face::Bold, 12.2, 14.0, 5.0),
            4 => (Face::Bold, 10.8, 10.0, 4.0),
            _ => (Face::BoldItalic, 10.0, 8.0, 3.0),
        }
    }

    fn heading(&mut self, h: &Heading, next: Option<&Block>) {
        if h.new_page && (!self.at_top() || !self.page().items.is_empty()) {
            self.new_page();
        }
        let (face, size, before, after) = Self::heading_style(h.level);
        let text = match &h.number {
            Some(n) => format!("{n}  {}", h.text),
            None => h.text.clone(),
        };
        let spans = vec![Span::styled(text, face)];
        let lines = self.break_lines(&spans, size, self.width());
        let lh = size * 1.25;
        let height = lines.len() as f32 * lh + after;
        if !self.at_top() {
            self.y += before;
        }
        // Keep with next: the heading and the start of what follows share a page.
        let following = next.map_or(0.0, |n| self.min_start(n));
        if self.y + height + following > BOTTOM && !self.at_top() {
            self.new_page();
        }
        let top = self.y;
        let anchor = h.anchor.clone().unwrap_or_else(|| {
            self.auto += 1;
            format!("h{}", self.auto)
        });
        let here = (self.page_index(), top);
        self.placed.anchors.entry(anchor.clone()).or_insert(here);
        if let Some(level) = h.outline {
            self.placed.marks.push(Mark {
                level,
                number: h.number.clone(),
                title: h.text.clone(),
                page: self.page_index(),
                y: top,
                toc: h.toc,
                anchor,
            });
        }
        let color = if h.level == 1 { Rgb::ACCENT } else { Rgb::TEXT };
        for line in &lines {
            self.place_line(line, size, lh, Some(color));
        }
        if h.level == 1 {
            let y = self.y + 2.0;
            let (l, r) = (self.left, self.right);
            self.page().items.push(Item::Line {
                x1: l,
                y1: y,
                x2: r,
                y2: y,
                width: 1.2,
                color: Rgb::ACCENT,
            });
            self.y += 4.0;
        }
        self.y += after;
    }

    /// The height a block needs at the bottom of a page to start there reasonably.
    fn min_start(&self, b: &Block) -> f32 {
        match b {
            Block::Para(p) => {
                let lines = self
                    .break_lines(&p.spans, p.size, self.width())
                    .len()
                    .min(2);
                lines as f32 * p.size * LEADING
            }
            Block::List(l) => l
                .items
                .first()
                .and_then(|i| i.blocks.first())
                .map_or(0.0, |b| self.min_start(b)),
            Block::Code(_) => 2.0 * CODE_SIZE * LEADING + 2.0 * PAD,
            Block::Table(t) => {
                let rows = t.header.len().min(1) + t.rows.len().min(1);
                rows as f32 * (t.size * LEADING + 2.0 * PAD) * 1.5
            }
            Block::Quote(inner) | Block::Indent(inner) => {
                inner.first().map_or(0.0, |b| self.min_start(b))
            }
            Block::Callout(c) => {
                BODY_SIZE * LEADING + c.blocks.first().map_or(0.0, |b| self.min_start(b))
            }
            Block::Heading(h) => {
                let (_, size, before, after) = Self::heading_style(h.level);
                before + size * 1.25 + after + 2.0 * BODY_SIZE * LEADING
            }
            Block::Toc(_) => BODY_SIZE * LEADING,
            Block::Image(img) => self.image_size(img).1,
            Block::Keep(inner) => self
                .measure(inner)
                .unwrap_or_else(|| inner.first().map_or(0.0, |b| self.min_start(b))),
            _ => 0.0,
        }
    }

    /// The size an image is drawn at: 96 pixels to the inch (CSS's pixel, as the sites show
    /// it), scaled down to the text width and to most of a page's height.
    fn image_size(&self, img: &super::doc::Image) -> (f32, f32) {
        let (w, h) = (img.width as f32 * 0.75, img.height as f32 * 0.75);
        if w <= 0.0 || h <= 0.0 {
            return (0.0, 0.0);
        }
        let scale = 1f32.min(self.width() / w).min((BOTTOM - TOP) * 0.85 / h);
        (w * scale, h * scale)
    }

    fn image(&mut self, img: &super::doc::Image) {
        let (w, h) = self.image_size(img);
        if h <= 0.0 {
            return;
        }
        self.y += 4.0;
        self.ensure(h);
        let (x, y) = (self.left, self.y);
        self.page().items.push(Item::Image {
            x,
            y,
            w,
            h,
            name: img.name.clone(),
            orientation: img.orientation,
            alt: img.alt.clone(),
        });
        self.y += h + 10.0;
    }

    fn para(&mut self, p: &Para) {
        let lines = self.break_lines(&p.spans, p.size, self.width());
        let lh = p.size * LEADING;
        self.flow_lines(&lines, p.size, lh, None);
        self.y += p.space_after;
    }

    /// Places lines, breaking pages so that neither a single first line is left at the
    /// bottom (orphan) nor a single last line carried to the top (widow), where avoidable.
    fn flow_lines(&mut self, lines: &[Line], size: f32, lh: f32, color: Option<Rgb>) {
        let n = lines.len();
        let mut i = 0;
        while i < n {
            let fit = ((self.space_left() + 0.01) / lh).floor().max(0.0) as usize;
            let rest = n - i;
            if rest <= fit {
                for line in &lines[i..] {
                    self.place_line(line, size, lh, color);
                }
                return;
            }
            let mut take = fit;
            if take == 1 && rest > 1 && !self.at_top() {
                take = 0; // orphan
            }
            if take > 1 && rest - take == 1 && rest >= 3 {
                take -= 1; // widow
            }
            if take == 0 {
                if self.at_top() {
                    take = 1; // a line taller than a page: place it anyway
                } else {
                    self.new_page();
                    continue;
                }
            }
            for line in &lines[i..i + take] {
                self.place_line(line, size, lh, color);
            }
            i += take;
            self.new_page();
        }
    }

    /// Draws one line at the current position and advances.
    fn place_line(&mut self, line: &Line, size: f32, lh: f32, color: Option<Rgb>) {
        let asc = self.fonts.ascent(Face::Regular, size);
        let desc = self.fonts.descent(Face::Regular, size);
        let baseline = self.y + (lh - (asc + desc)) / 2.0 + asc;
        if let Some((marker, x, face)) = self.marker.take() {
            let c = self.text_color;
            self.page().items.push(Item::Text {
                x,
                y: baseline,
                face,
                size,
                color: c,
                text: marker,
                actual: None,
            });
        }
        let left = self.left;
        let default = color.unwrap_or(self.text_color);
        let y_top = self.y;
        for f in &line.frags {
            if f.text.trim().is_empty() {
                continue;
            }
            let c = f.color.unwrap_or(if f.link.is_some() {
                Rgb::ACCENT
            } else {
                default
            });
            let text = f.text.trim_end().to_owned();
            self.page().items.push(Item::Text {
                x: left + f.x,
                y: baseline,
                face: f.face,
                size,
                color: c,
                text,
                actual: f.actual.clone(),
            });
            if let Some(t) = &f.link {
                let w = self.fonts.width(f.face, size, f.text.trim_end());
                self.page().items.push(Item::Link {
                    x: left + f.x,
                    y: y_top,
                    w,
                    h: lh,
                    target: t.clone(),
                });
                // Links are underlined, so they read as links in print too.
                if !self.underline {
                    continue;
                }
                self.page().items.push(Item::Line {
                    x1: left + f.x,
                    y1: baseline + size * 0.12,
                    x2: left + f.x + w,
                    y2: baseline + size * 0.12,
                    width: 0.4,
                    color: Rgb::ACCENT,
                });
            }
        }
        self.y += lh;
    }

    /// Splits spans into measured words and spaces. A character no face can draw becomes a
    /// piece of its own: a stand-in glyph carrying the original.
    fn pieces(&self, spans: &[Span], size: f32) -> Vec<Piece> {
        let mut out = Vec::new();
        for s in spans {
            let piece = |text: String, width: f32| Piece {
                width,
                text,
                face: s.face,
                color: s.color,
                link: s.link.clone(),
                space: false,
                newline: false,
                break_after: false,
                actual: None,
            };
            let mut word = String::new();
            // Characters in `word`, counted as they come (counting again per character
            // would make a very long word quadratic).
            let mut n = 0usize;
            let flush = |word: &mut String, out: &mut Vec<Piece>| {
                if !word.is_empty() {
                    let width = self.fonts.width(s.face, size, word);
                    out.push(piece(std::mem::take(word), width));
                }
            };
            for c in s.text.chars() {
                if c == '\n' {
                    n = 0;
                    flush(&mut word, &mut out);
                    out.push(Piece {
                        color: None,
                        link: None,
                        newline: true,
                        ..piece(String::new(), 0.0)
                    });
                    continue;
                }
                let c = match self.fonts.glyph(s.face, c) {
                    Glyph::Draw(d) => d,
                    Glyph::Drop => continue,
                    Glyph::StandIn(d) => {
                        // Part of the word around it: no break before or after.
                        flush(&mut word, &mut out);
                        let stand_in = d.to_string();
                        let width = self.fonts.width(s.face, size, &stand_in);
                        out.push(Piece {
                            actual: Some(c.to_string()),
                            ..piece(stand_in, width)
                        });
                        n += 1;
                        continue;
                    }
                };
                if c == ' ' {
                    // Only ordinary spaces break lines; a no-break space stays in the word.
                    n = 0;
                    flush(&mut word, &mut out);
                    let width = self.fonts.width(s.face, size, " ");
                    out.push(Piece {
                        space: true,
                        ..piece(" ".to_owned(), width)
                    });
                } else {
                    word.push(c);
                    n += 1;
                    // Paths and URLs may break after a slash, and nowhere else: a break after a
                    // hyphen reads as a hyphenation to text extraction (`pdftotext` drops the
                    // hyphen and joins the halves), and dates, ids and numbers stay whole.
                    if c == '/' && n > 1 {
                        n = 0;
                        flush(&mut word, &mut out);
                        if let Some(last) = out.last_mut() {
                            last.break_after = true;
                        }
                    }
                }
            }
            flush(&mut word, &mut out);
        }
        out
    }

    /// Greedy line breaking with real advance widths. Lines break only at spaces and at
    /// explicit break points; a word longer than the line is cut between characters.
    fn break_lines(&self, spans: &[Span], size: f32, max: f32) -> Vec<Line> {
        // Clusters: pieces that must stay together (a word spread over several spans, such
        // as an opening quote and the word after it), with the space that follows them.
        struct Cluster {
            pieces: Vec<Piece>,
            space: Option<Piece>,
            newline: bool,
        }
        let mut clusters: Vec<Cluster> = Vec::new();
        let mut cur = Cluster {
            pieces: Vec::new(),
            space: None,
            newline: false,
        };
        for p in self.pieces(spans, size) {
            if p.newline {
                cur.newline = true;
                clusters.push(std::mem::replace(
                    &mut cur,
                    Cluster {
                        pieces: Vec::new(),
                        space: None,
                        newline: false,
                    },
                ));
            } else if p.space {
                cur.space = Some(p);
                clusters.push(std::mem::replace(
                    &mut cur,
                    Cluster {
                        pieces: Vec::new(),
                        space: None,
                        newline: false,
                    },
                ));
            } else {
                let brk = p.break_after;
                cur.pieces.push(p);
                if brk {
                    clusters.push(std::mem::replace(
                        &mut cur,
                        Cluster {
                            pieces: Vec::new(),
                            space: None,
                            newline: false,
                        },
                    ));
                }
            }
        }
        clusters.push(cur);

        let mut lines = Vec::new();
        let mut line = Line::default();
        let mut pending_space: Option<Piece> = None;
        for c in clusters {
            let width: f32 = c.pieces.iter().map(|p| p.width).sum();
            if !c.pieces.is_empty() {
                let space_w = pending_space.as_ref().map_or(0.0, |s| s.width);
                if line.frags.is_empty() || line.width + space_w + width > max + 0.01 {
                    if !line.frags.is_empty() {
                        lines.push(std::mem::take(&mut line));
                    }
                    pending_space = None;
                }
                if let Some(s) = pending_space.take() {
                    push_frag(&mut line, &s);
                }
                if width <= max + 0.01 {
                    for p in &c.pieces {
                        push_frag(&mut line, p);
                    }
                } else {
                    self.hard_break(&c.pieces, size, max, &mut line, &mut lines);
                }
            }
            if c.newline {
                lines.push(std::mem::take(&mut line));
                pending_space = None;
            } else if let Some(s) = c.space
                && !line.frags.is_empty()
            {
                pending_space = Some(s);
            }
        }
        if !line.frags.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// Places a word wider than the line, cutting it between characters.
    fn hard_break(
        &self,
        pieces: &[Piece],
        size: f32,
        max: f32,
        line: &mut Line,
        lines: &mut Vec<Line>,
    ) {
        for p in pieces {
            let mut chunk = String::new();
            for ch in p.text.chars() {
                let mut trial = chunk.clone();
                trial.push(ch);
                let w = self.fonts.width(p.face, size, &trial);
                if line.width + w > max && !(chunk.is_empty() && line.frags.is_empty()) {
                    if !chunk.is_empty() {
                        let piece = Piece {
                            width: self.fonts.width(p.face, size, &chunk),
                            text: std::mem::take(&mut chunk),
                            ..p.clone()
                        };
                        push_frag(line, &piece);
                    }
                    lines.push(std::mem::take(line));
                    chunk.push(ch);
                } else {
                    chunk = trial;
                }
            }
            if !chunk.is_empty() {
                let piece = Piece {
                    width: self.fonts.width(p.face, size, &chunk),
                    text: chunk,
                    ..p.clone()
                };
                push_frag(line, &piece);
            }
        }
    }

    fn list(&mut self, l: &List, depth: usize) {
        let indent = LIST_INDENT;
        let saved = self.left;
        self.left += indent;
        for (n, item) in l.items.iter().enumerate() {
            let marker = match (item.task, l.ordered) {
                (Some(true), _) => "☑".to_owned(),
                (Some(false), _) => "☐".to_owned(),
                (None, true) => format!("{}.", l.style.marker(l.start + n as u64)),
                (None, false) => ["•", "◦", "▪"][depth % 3].to_owned(),
            };
            let mw = self.fonts.width(Face::Regular, BODY_SIZE, &marker);
            let x = if l.ordered && item.task.is_none() {
                self.left - mw - 4.0
            } else {
                self.left - indent + 3.0
            };
            self.marker = Some((marker, x.max(saved), Face::Regular));
            self.list_item(item, depth);
            self.marker = None;
        }
        self.left = saved;
        if depth == 0 {
            self.y += 3.0;
        }
    }

    fn list_item(&mut self, item: &ListItem, depth: usize) {
        for (i, b) in item.blocks.iter().enumerate() {
            match b {
                Block::List(inner) => self.list(inner, depth + 1),
                Block::Para(p) => {
                    // Tight spacing inside lists.
                    let lines = self.break_lines(&p.spans, p.size, self.width());
                    self.flow_lines(&lines, p.size, p.size * LEADING, None);
                    self.y += if i + 1 == item.blocks.len() { 2.0 } else { 4.0 };
                }
                other => self.block(other, item.blocks.get(i + 1)),
            }
        }
    }

    fn quote(&mut self, inner: &[Block]) {
        let saved = (self.left, self.text_color);
        self.left += 14.0;
        self.text_color = Rgb::MUTED;
        let start = (self.page_index(), self.y);
        self.pins.push(start.0);
        self.blocks(inner);
        self.pins.pop();
        let end = (self.page_index(), self.y);
        self.left = saved.0;
        self.text_color = saved.1;
        self.bar_segments(start, end, saved.0 + 3.0);
    }

    /// A callout: its title in its colour, its blocks, a bar of its colour beside both.
    fn callout(&mut self, c: &super::doc::Callout) {
        let saved = self.left;
        self.left += 14.0;
        let start = (self.page_index(), self.y);
        self.pins.push(start.0);
        if !c.title.is_empty() {
            let title = super::doc::Para {
                spans: vec![Span::colored(c.title.clone(), Face::Bold, c.color)],
                size: BODY_SIZE,
                space_after: 3.0,
            };
            self.para(&title);
        }
        self.blocks(&c.blocks);
        self.pins.pop();
        let end = (self.page_index(), self.y);
        self.left = saved;
        self.bar_in(start, end, saved + 3.0, c.color);
        self.y += 4.0;
    }

    /// Draws the quote bar on every page the quote spans.
    fn bar_segments(&mut self, start: (usize, f32), end: (usize, f32), x: f32) {
        self.bar_in(start, end, x, Rgb::RULE);
    }

    /// Draws a bar of a colour on every page from `start` to `end`.
    fn bar_in(&mut self, start: (usize, f32), end: (usize, f32), x: f32, color: Rgb) {
        for page in start.0..=end.0 {
            let top = if page == start.0 { start.1 } else { TOP };
            let bottom = if page == end.0 { end.1 - 4.0 } else { BOTTOM };
            if bottom > top
                && let Some(p) = self.page_at(page)
            {
                p.items.push(Item::Fill {
                    x,
                    y: top,
                    w: 2.2,
                    h: bottom - top,
                    color,
                });
            }
        }
    }

    fn code(&mut self, text: &str) {
        let size = CODE_SIZE;
        let lh = size * LEADING;
        let inner = self.width() - 2.0 * PAD - 4.0;
        let cont_indent = self.fonts.width(Face::Mono, size, "  ");
        // Wrap each source line by characters; continuation lines are indented.
        let mut lines: Vec<Line> = Vec::new();
        let text = text.strip_suffix('\n').unwrap_or(text);
        for src in text.split('\n') {
            let src = self.fonts.printable(Face::Mono, &src.replace('\t', "    "));
            let mut rest: &str = &src;
            let mut first = true;
            loop {
                let avail = if first { inner } else { inner - cont_indent };
                let mut cut = rest.len();
                let mut w = 0.0;
                for (i, c) in rest.char_indices() {
                    let cw = self
                        .fonts
                        .width(Face::Mono, size, c.encode_utf8(&mut [0; 4]));
                    if w + cw > avail && i > 0 {
                        cut = i;
                        break;
                    }
                    w += cw;
                }
                let (head, tail) = rest.split_at(cut);
                let x = if first { 0.0 } else { cont_indent };
                lines.push(Line {
                    width: w,
                    frags: vec![Frag {
                        x: PAD + 2.0 + x,
                        text: head.to_owned(),
                        face: Face::Mono,
                        color: None,
                        link: None,
                        width: w,
                        actual: None,
                    }],
                });
                if tail.is_empty() {
                    break;
                }
                rest = tail;
                first = false;
            }
        }
        self.y += 2.0;
        self.ensure(lh * 2.0f32.min(lines.len() as f32) + 2.0 * PAD);
        let mut i = 0;
        while i < lines.len() {
            let page = self.page_index();
            let fill_at = self.page().items.len();
            let top = self.y;
            self.y += PAD;
            let fit = (((BOTTOM - self.y - PAD) / lh).floor().max(1.0)) as usize;
            let take = fit.min(lines.len() - i);
            for line in &lines[i..i + take] {
                self.place_line(line, size, lh, None);
            }
            self.y += PAD;
            let h = self.y - top;
            let (l, w) = (self.left, self.width());
            if let Some(p) = self.page_at(page) {
                p.items.insert(
                    fill_at,
                    Item::Fill {
                        x: l,
                        y: top,
                        w,
                        h,
                        color: Rgb::SHADE,
                    },
                );
            }
            i += take;
            if i < lines.len() {
                self.new_page();
            }
        }
        self.y += 8.0;
    }

    /// Column widths from content at a font size: every column gets at least its longest
    /// unbreakable word (a date, an id, a path segment), and the remaining width goes where
    /// the text is longest. `None` when the longest words alone do not fit the page.
    fn column_widths(
        &self,
        header: &[Vec<Span>],
        t: &Table,
        size: f32,
        whole: bool,
    ) -> Option<Vec<f32>> {
        let cols = header
            .len()
            .max(t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0));
        let avail = self.width();
        let mut natural = vec![2.0 * PAD; cols];
        let mut minimum = vec![2.0 * PAD; cols];
        let rows = std::iter::once(header).chain(t.rows.iter().map(|r| r.cells.as_slice()));
        for cells in rows {
            for (c, cell) in cells.iter().enumerate() {
                let mut line = 0.0f32;
                let mut longest_line = 0.0f32;
                let mut longest_word = 0.0f32;
                // With `whole`, a path is measured whole (`a/` + `b`), so it gets its natural
                // width and copies out intact; otherwise its parts are measured apart, since
                // the line may break after the slash.
                let mut word = 0.0f32;
                for p in self.pieces(cell, size) {
                    if p.newline || p.space {
                        word = 0.0;
                    } else {
                        word = if whole { word + p.width } else { p.width };
                        longest_word = longest_word.max(word);
                    }
                    if p.newline {
                        longest_line = longest_line.max(line);
                        line = 0.0;
                    } else {
                        line += p.width;
                    }
                }
                longest_line = longest_line.max(line);
                natural[c] = natural[c].max(longest_line + 2.0 * PAD + 0.5);
                minimum[c] = minimum[c].max(longest_word + 2.0 * PAD + 0.5);
            }
        }
        let sum_nat: f32 = natural.iter().sum();
        let sum_min: f32 = minimum.iter().sum();
        if sum_nat <= avail {
            let extra = avail - sum_nat;
            Some(natural.iter().map(|n| n + extra * n / sum_nat).collect())
        } else if sum_min <= avail {
            let flex: f32 = natural.iter().zip(&minimum).map(|(n, m)| n - m).sum();
            let extra = avail - sum_min;
            Some(
                natural
                    .iter()
                    .zip(&minimum)
                    .map(|(n, m)| {
                        m + if flex > 0.0 {
                            extra * (n - m) / flex
                        } else {
                            0.0
                        }
                    })
                    .collect(),
            )
        } else {
            None
        }
    }

    /// The font size and column widths of a table: its own size when its longest words fit,
    /// else the largest smaller size (down to [`MIN_TABLE_SIZE`]) at which they do, so words
    /// are not broken. Only a table that does not fit even then has words cut.
    fn table_plan(&self, header: &[Vec<Span>], t: &Table) -> (f32, Vec<f32>) {
        // Whole paths first; then paths broken after a slash; each from the table's own size
        // down to the smallest.
        for whole in [true, false] {
            let mut size = t.size;
            loop {
                if let Some(w) = self.column_widths(header, t, size, whole) {
                    return (size, w);
                }
                if size <= MIN_TABLE_SIZE {
                    break;
                }
                size = (size - 0.4).max(MIN_TABLE_SIZE);
            }
        }
        let size = MIN_TABLE_SIZE.min(t.size);
        // Still too wide: share the width in proportion to the longest words.
        let cols = header
            .len()
            .max(t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0))
            .max(1);
        (size, vec![self.width() / cols as f32; cols])
    }

    fn table(&mut self, t: &Table) {
        // Header cells are set in bold; measuring them in bold keeps each run where it is
        // drawn (measured regular and drawn bold, runs overlapped and lost their spaces).
        let bold_header: Vec<Vec<Span>> = t
            .header
            .iter()
            .map(|cell| {
                cell.iter()
                    .map(|s| Span {
                        face: s.face.bold(),
                        ..s.clone()
                    })
                    .collect()
            })
            .collect();
        let (size, widths) = self.table_plan(&bold_header, t);
        let sized;
        let t = if size == t.size {
            t
        } else {
            sized = Table { size, ..t.clone() };
            &sized
        };
        self.underline = false;
        let lh = size * LEADING;
        let cell_lines = |this: &Self, cells: &[Vec<Span>]| -> Vec<Vec<Line>> {
            widths
                .iter()
                .enumerate()
                .map(|(c, w)| {
                    cells
                        .get(c)
                        .map(|cell| this.break_lines(cell, size, w - 2.0 * PAD))
                        .unwrap_or_default()
                })
                .collect()
        };
        let header: Vec<Vec<Line>> = cell_lines(self, &bold_header);
        let header_h = header.iter().map(Vec::len).max().unwrap_or(0) as f32 * lh + 2.0 * PAD;
        let has_header = !t.header.is_empty();
        self.y += 2.0;
        let first_row_h = t
            .rows
            .first()
            .map(|r| {
                cell_lines(self, &r.cells)
                    .iter()
                    .map(Vec::len)
                    .max()
                    .unwrap_or(1)
                    .min(3) as f32
                    * lh
                    + 2.0 * PAD
            })
            .unwrap_or(0.0);
        // A header repeats on each page a table continues on, unless it is so tall that
        // repeating it would leave no room (it is then laid out once, split like a row).
        let repeat = (has_header && header_h <= (BOTTOM - TOP) / 3.0).then_some(&header);
        self.ensure(if repeat.is_some() { header_h } else { 0.0 } + first_row_h);
        if let Some(h) = repeat {
            self.table_row(h, &widths, t, lh, 0, true);
        } else if has_header {
            self.split_row(&header, &widths, t, lh, (0, true), None);
        }
        for (ri, row) in t.rows.iter().enumerate() {
            let lines = cell_lines(self, &row.cells);
            let row_lines = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let row_h = row_lines as f32 * lh + 2.0 * PAD;
            let page_room = BOTTOM - TOP - if repeat.is_some() { header_h } else { 0.0 };
            if self.y + row_h > BOTTOM && row_h <= page_room {
                self.new_page();
                if let Some(h) = repeat {
                    self.table_row(h, &widths, t, lh, 0, true);
                }
            }
            if let Some(a) = &row.anchor {
                let at = (self.page_index(), self.y);
                self.placed.anchors.entry(a.clone()).or_insert(at);
            }
            self.split_row(&lines, &widths, t, lh, (ri + 1, false), repeat);
        }
        self.underline = true;
        self.y += 10.0;
    }

    /// Places a row, splitting it across pages when it is taller than the room left, and
    /// repeating the header (if any) on each new page. Every pass places at least one line,
    /// so a row always ends, however tall.
    fn split_row(
        &mut self,
        lines: &[Vec<Line>],
        widths: &[f32],
        t: &Table,
        lh: f32,
        (index, header): (usize, bool),
        repeat: Option<&Vec<Vec<Line>>>,
    ) {
        let row_lines = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let mut from = 0;
        while from < row_lines {
            let fit = (((BOTTOM - self.y - 2.0 * PAD) / lh).floor().max(0.0)) as usize;
            if fit == 0 && !self.at_top() {
                self.new_page();
                if let Some(h) = repeat {
                    self.table_row(h, widths, t, lh, 0, true);
                }
                continue;
            }
            let take = fit.max(1).min(row_lines - from);
            let slice: Vec<Vec<Line>> = lines
                .iter()
                .map(|cl| cl.iter().skip(from).take(take).cloned().collect())
                .collect();
            self.table_row(&slice, widths, t, lh, index, header);
            from += take;
            if from < row_lines {
                self.new_page();
                if let Some(h) = repeat {
                    self.table_row(h, widths, t, lh, 0, true);
                }
            }
        }
    }

    fn table_row(
        &mut self,
        cells: &[Vec<Line>],
        widths: &[f32],
        t: &Table,
        lh: f32,
        index: usize,
        header: bool,
    ) {
        let n = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let h = n as f32 * lh + 2.0 * PAD;
        let top = self.y;
        let (left, right) = (self.left, self.right);
        if header {
            self.page().items.push(Item::Fill {
                x: left,
                y: top,
                w: right - left,
                h,
                color: Rgb::SHADE,
            });
        } else if index.is_multiple_of(2) {
            self.page().items.push(Item::Fill {
                x: left,
                y: top,
                w: right - left,
                h,
                color: Rgb::ZEBRA,
            });
        }
        let mut x = left;
        let saved_left = self.left;
        let color = if header { Some(Rgb::MUTED) } else { None };
        for (c, w) in widths.iter().enumerate() {
            self.left = x + PAD;
            self.y = top + PAD;
            let align = t.align.get(c).copied().unwrap_or_default();
            for line in cells.get(c).map(Vec::as_slice).unwrap_or(&[]) {
                let shift = match align {
                    Align::Left => 0.0,
                    Align::Center => (w - 2.0 * PAD - line.width) / 2.0,
                    Align::Right => w - 2.0 * PAD - line.width,
                };
                self.left = x + PAD + shift.max(0.0);
                self.place_line(line, t.size, lh, color);
            }
            x += w;
        }
        self.left = saved_left;
        self.y = top + h;
        let y = self.y;
        self.page().items.push(Item::Line {
            x1: left,
            y1: y,
            x2: right,
            y2: y,
            width: if header { 0.8 } else { 0.35 },
            color: Rgb::RULE,
        });
    }

    /// A contents line: the title wraps before a fixed-width page-number column, so the
    /// number of lines (and pages) never depends on the numbers filled in later.
    fn toc_line(&mut self, t: &TocLine) {
        let (face, size, indent, before) = if t.level == 1 {
            (Face::Bold, 10.5, 0.0, 6.0)
        } else {
            (Face::Regular, BODY_SIZE, 18.0, 0.0)
        };
        let num_w = 36.0;
        let saved = self.left;
        self.left += indent;
        let max = self.width() - num_w - 8.0;
        let lines = self.break_lines(&[Span::styled(t.text.clone(), face)], size, max);
        let lh = size * 1.5;
        if !self.at_top() {
            self.y += before;
        }
        self.ensure(lines.len() as f32 * lh);
        let top = self.y;
        let page = self.page_index();
        for line in &lines {
            self.place_line(line, size, lh, None);
        }
        // The same baseline `place_line` used for the last line of the title.
        let (asc, desc) = (
            self.fonts.ascent(Face::Regular, size),
            self.fonts.descent(Face::Regular, size),
        );
        let baseline = self.y - lh + (lh - (asc + desc)) / 2.0 + asc;
        let last_w = lines.last().map_or(0.0, |l| l.width);
        let num_text_w = self.fonts.width(face, size, &t.page);
        let num_x = self.right - num_text_w;
        // Leader dots between the title and the number.
        let dots_from = self.left + last_w + 6.0;
        let dots_to = self.right - num_w;
        let dot_w = self.fonts.width(Face::Regular, size, ". ");
        if dots_to > dots_from + dot_w {
            let count = ((dots_to - dots_from) / dot_w).floor() as usize;
            if let Some(p) = self.page_at(page) {
                p.items.push(Item::Text {
                    x: dots_to - count as f32 * dot_w,
                    y: baseline,
                    face: Face::Regular,
                    size,
                    color: Rgb::RULE,
                    text: ". ".repeat(count).trim_end().to_owned(),
                    actual: None,
                });
            }
        }
        let color = Rgb::TEXT;
        self.page().items.push(Item::Text {
            x: num_x,
            y: baseline,
            face,
            size,
            color,
            text: t.page.clone(),
            actual: None,
        });
        let (l, r) = (saved, self.right);
        let h = self.y - top;
        if let Some(p) = self.page_at(page) {
            p.items.push(Item::Link {
                x: l,
                y: top,
                w: r - l,
                h,
                target: Target::Internal(t.anchor.as_str().into()),
            });
        }
        self.left = saved;
    }
}

fn push_frag(line: &mut Line, p: &Piece) {
    if let Some(last) = line.frags.last_mut()
        && last.face == p.face
        && last.color == p.color
        && last.link == p.link
        && last.actual.is_none()
        && p.actual.is_none()
    {
        last.text.push_str(&p.text);
        last.width += p.width;
        line.width += p.width;
        return;
    }
    line.frags.push(Frag {
        x: line.width,
        text: p.text.clone(),
        face: p.face,
        color: p.color,
        link: p.link.clone(),
        width: p.width,
        actual: p.actual.clone(),
    });
    line.width += p.width;
}

impl Fonts {
    /// Like `printable`, but keeps line breaks.
    pub fn printable_keep_newlines(&self, face: Face, text: &str) -> String {
        text.split('\n')
            .map(|part| self.printable(face, part))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::super::doc::{Para, Row};
    use super::*;

    fn fonts() -> Fonts {
        Fonts::load().expect("embedded fonts")
    }

    fn words(l: &Layout<'_>, text: &str) -> Vec<String> {
        l.pieces(&[Span::plain(text)], 9.0)
            .into_iter()
            .filter(|p| !p.space)
            .map(|p| p.text)
            .collect()
    }

    #[test]
    fn paths_break_after_slashes_and_nothing_else_breaks() {
        let f = fonts();
        let l = Layout::new(&f);
        assert_eq!(
            words(&l, "AC-01/2026-01-mfa-enforcement.csv"),
            ["AC-01/", "2026-01-mfa-enforcement.csv"]
        );
        for whole in [
            "2026-01-05",
            "iso27001:A.5.15",
            "CC6.1",
            "1,234.50",
            "INC-2026-004",
        ] {
            assert_eq!(words(&l, whole), [whole], "{whole}");
        }
    }

    #[test]
    fn a_table_too_wide_for_its_words_gets_a_smaller_font_not_broken_words() {
        let f = fonts();
        let l = Layout::new(&f);
        // About 95 characters: too wide at 8.8 pt, whole at a smaller size.
        let path = "EVIDENCE/2026-06-a-rather-long-evidence-file-name-for-the-quarterly-access-review-export.csv";
        let t = Table {
            header: vec![vec![Span::plain("Control")], vec![Span::plain("File")]],
            rows: vec![Row {
                cells: vec![
                    vec![Span::plain("AC-01")],
                    vec![Span::styled(path, Face::Mono)],
                ],
                anchor: None,
            }],
            size: 8.8,
            ..Table::default()
        };
        let (size, widths) = l.table_plan(&t.header, &t);
        assert!((MIN_TABLE_SIZE..8.8).contains(&size), "{size}");
        let whole = l.fonts.width(Face::Mono, size, path) + 2.0 * PAD;
        assert!(widths[1] >= whole, "{widths:?} < {whole}");
        assert!((widths.iter().sum::<f32>() - l.width()).abs() < 0.5);
    }

    #[test]
    fn kept_blocks_move_to_the_next_page_together() {
        let f = fonts();
        // However much comes before, the last paragraph and its footer share a page; across
        // these lengths the pair meets a page end several times.
        for n in 60..140 {
            let mut blocks: Vec<Block> = (0..n)
                .map(|i| Block::Para(Para::body(vec![Span::plain(format!("Line {i}"))])))
                .collect();
            blocks.push(Block::Keep(vec![
                Block::Para(Para::body(vec![Span::plain("last paragraph")])),
                Block::Para(Para::small(vec![Span::plain("footer")])),
            ]));
            let placed = Layout::new(&f).run(&blocks);
            let page_of = |needle: &str| {
                placed
                    .pages
                    .iter()
                    .position(|p| {
                        p.items
                            .iter()
                            .any(|i| matches!(i, Item::Text { text, .. } if text.contains(needle)))
                    })
                    .expect("placed")
            };
            assert_eq!(
                page_of("last paragraph"),
                page_of("footer"),
                "{n} lines before"
            );
        }
    }
    /// A body with quotes and callouts running over pages, code blocks, tables and a long
    /// contents list: everything that draws on an earlier page after moving on.
    fn spanning_document() -> Vec<Block> {
        let para = |n: usize| {
            Block::Para(Para::body(vec![Span::plain(format!(
                "Paragraph {n}: the quick brown fox jumps over the lazy dog, again and again."
            ))]))
        };
        let mut blocks = Vec::new();
        for round in 0..4 {
            blocks.push(Block::Quote((0..90).map(para).collect()));
            blocks.push(Block::Callout(super::super::doc::Callout {
                title: format!("Callout {round}"),
                color: Rgb::WARN,
                blocks: (0..80).map(para).collect(),
            }));
            blocks.push(Block::Code("line\n".repeat(140)));
            blocks.push(Block::Toc(TocLine {
                level: 2,
                text: "A contents line".to_owned(),
                page: "12".to_owned(),
                anchor: "x".to_owned(),
            }));
        }
        blocks
    }

    #[test]
    fn streaming_gives_the_same_pages_as_keeping_them() {
        let f = fonts();
        let blocks = spanning_document();
        let kept = Layout::new(&f).run(&blocks);
        let mut streamed = Vec::new();
        let mut sink = |p| streamed.push(p);
        let placed = Layout::streaming(&f, &mut sink).run(&blocks);
        assert!(kept.pages.len() > 10, "{} pages", kept.pages.len());
        assert_eq!(placed.count, kept.pages.len());
        assert_eq!(kept.count, kept.pages.len());
        assert!(placed.pages.is_empty(), "a streaming layout keeps no pages");
        assert_eq!(streamed.len(), kept.pages.len());
        for (i, (a, b)) in streamed.iter().zip(&kept.pages).enumerate() {
            assert_eq!(a.items, b.items, "page {i}");
        }
    }

    #[test]
    fn a_streaming_layout_holds_only_pages_in_progress() {
        let f = fonts();
        let para = Block::Para(Para::body(vec![Span::plain("A line of text. ".repeat(30))]));
        let blocks: Vec<Block> = std::iter::repeat_n(para, 2_000).collect();
        let mut most = 0;
        let mut count = 0;
        let mut sink = |_| count += 1;
        let mut layout = Layout::streaming(&f, &mut sink);
        for b in &blocks {
            layout.block(b, None);
            most = most.max(layout.placed.pages.len());
        }
        let placed = layout.run(&[]);
        assert!(placed.count > 100, "{} pages", placed.count);
        assert_eq!(most, 1, "only the page being filled is in memory");
        assert_eq!(count, placed.count);
    }
}
