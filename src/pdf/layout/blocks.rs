//! The blocks other than tables: headings (kept with what follows), paragraphs, lists,
//! quotes and callouts (with a bar beside them on every page they span), code on a shaded
//! ground, images, rules and contents lines.

use super::super::doc::{
    Block, Callout, Heading, Image, Item as ListItem, List, Para, Rgb, Span, Target, TocLine,
};
use super::super::fonts::Face;
use super::super::tags::Kind;
use super::{BODY_SIZE, BOTTOM, CODE_SIZE, Item, LEADING, LIST_INDENT, Layout, Mark, PAD, TOP};

impl<'f> Layout<'f> {
    /// A heading level's face, size, space before and space after.
    pub(super) fn heading_style(level: u8) -> (Face, f32, f32, f32) {
        match level {
            1 => (Face::Bold, 20.0, 0.0, 14.0),
            2 => (Face::Bold, 15.5, 18.0, 8.0),
            3 => (Face::Bold, 12.2, 14.0, 5.0),
            4 => (Face::Bold, 10.8, 10.0, 4.0),
            _ => (Face::BoldItalic, 10.0, 8.0, 3.0),
        }
    }

    /// A heading, on the page where the start of `next` fits after it; it records its
    /// anchor and, when in the outline, its mark.
    pub(super) fn heading(&mut self, h: &Heading, next: Option<&Block>) {
        if h.new_page && (!self.at_top() || !self.page().is_blank()) {
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
        self.heading_mark(h, self.y);
        let depth = self.section(h.level, h.lang.as_ref());
        self.open(Kind::H(depth));
        let color = if h.level == 1 { Rgb::ACCENT } else { Rgb::TEXT };
        for line in &lines {
            self.place_line(line, size, lh, Some(color));
        }
        self.close();
        if h.level == 1 {
            self.hairline(self.y + 2.0, 1.2, Rgb::ACCENT);
            self.y += 4.0;
        }
        self.y += after;
    }

    /// Records a heading's anchor (its own or a generated one) and its outline mark.
    fn heading_mark(&mut self, h: &Heading, top: f32) {
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
    }

    pub(super) fn para(&mut self, p: &Para) {
        let lines = self.break_lines(&p.spans, p.size, self.width());
        let lh = p.size * LEADING;
        self.open(Kind::P);
        self.flow_lines(&lines, p.size, lh, None);
        self.close();
        self.y += p.space_after;
    }

    /// A footnote: its paragraphs are the note's own text (not paragraphs inside it, which
    /// readers would meet twice).
    pub(super) fn note(&mut self, inner: &[Block]) {
        self.open(Kind::Note);
        for (i, b) in inner.iter().enumerate() {
            match b {
                Block::Para(p) => {
                    let lines = self.break_lines(&p.spans, p.size, self.width());
                    self.flow_lines(&lines, p.size, p.size * LEADING, None);
                    self.y += p.space_after;
                }
                other => self.block(other, inner.get(i + 1)),
            }
        }
        self.close();
    }

    /// A line across the text width at `y` (decoration: an artifact for readers).
    fn hairline(&mut self, y: f32, width: f32, color: Rgb) {
        let (x1, x2) = (self.left, self.right);
        self.page().items.push(Item::Line {
            x1,
            y1: y,
            x2,
            y2: y,
            width,
            color,
        });
    }

    /// A horizontal hairline across the text width.
    pub(super) fn rule(&mut self) {
        self.ensure(12.0);
        self.hairline(self.y + 6.0, 0.6, Rgb::RULE);
        self.y += 14.0;
    }

    /// Blocks set in by a list level.
    pub(super) fn indent(&mut self, inner: &[Block]) {
        let saved = self.left;
        self.left += LIST_INDENT;
        self.blocks(inner);
        self.left = saved;
    }

    /// The size an image is drawn at: 96 pixels to the inch (CSS's pixel, as the sites show
    /// it), scaled down to the text width and to most of a page's height.
    pub(super) fn image_size(&self, img: &Image) -> (f32, f32) {
        let (w, h) = (img.width as f32 * 0.75, img.height as f32 * 0.75);
        if w <= 0.0 || h <= 0.0 {
            return (0.0, 0.0);
        }
        let scale = 1f32.min(self.width() / w).min((BOTTOM - TOP) * 0.85 / h);
        (w * scale, h * scale)
    }

    pub(super) fn image(&mut self, img: &Image) {
        let (w, h) = self.image_size(img);
        if h <= 0.0 {
            return;
        }
        self.y += 4.0;
        self.ensure(h);
        let (x, y) = (self.left, self.y);
        // An image without a description is decoration (`check` asks for one).
        let alt = img.alt.trim();
        let elem = if alt.is_empty() {
            0
        } else {
            self.open_with(Kind::Figure, Some(alt.to_owned()))
        };
        self.draw(Item::Image {
            x,
            y,
            w,
            h,
            name: img.name.clone(),
            orientation: img.orientation,
            alt: img.alt.clone(),
            elem,
        });
        if elem != 0 {
            self.close();
        }
        self.y += h + 10.0;
    }

    pub(super) fn list(&mut self, l: &List, depth: usize) {
        let indent = LIST_INDENT;
        let saved = self.left;
        self.left += indent;
        self.open(Kind::L);
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
            self.open(Kind::LI);
            let label = self.leaf(Kind::Lbl, None);
            self.marker = Some((marker, x.max(saved), Face::Regular, label));
            self.open(Kind::LBody);
            self.list_item(item, depth);
            self.close();
            self.close();
            self.marker = None;
        }
        self.close();
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
                    self.open(Kind::P);
                    self.flow_lines(&lines, p.size, p.size * LEADING, None);
                    self.close();
                    self.y += if i + 1 == item.blocks.len() { 2.0 } else { 4.0 };
                }
                other => self.block(other, item.blocks.get(i + 1)),
            }
        }
    }

    pub(super) fn quote(&mut self, inner: &[Block]) {
        let saved = (self.left, self.text_color);
        self.left += 14.0;
        self.text_color = Rgb::MUTED;
        let start = (self.page_index(), self.y);
        self.pins.push(start.0);
        self.open(Kind::BlockQuote);
        self.blocks(inner);
        self.close();
        self.pins.pop();
        let end = (self.page_index(), self.y);
        self.left = saved.0;
        self.text_color = saved.1;
        self.bar_segments(start, end, saved.0 + 3.0);
    }

    /// A callout: its title in its colour, its blocks, a bar of its colour beside both.
    pub(super) fn callout(&mut self, c: &Callout) {
        let saved = self.left;
        self.left += 14.0;
        let start = (self.page_index(), self.y);
        self.pins.push(start.0);
        self.open(Kind::Div);
        if !c.title.is_empty() {
            let title = Para {
                spans: vec![Span::colored(c.title.clone(), Face::Bold, c.color)],
                size: BODY_SIZE,
                space_after: 3.0,
            };
            self.para(&title);
        }
        self.blocks(&c.blocks);
        self.close();
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

    /// Code on a shaded ground, wrapped (see `code_lines`) and continued on as many pages as
    /// it needs, with a ground of its own on each.
    pub(super) fn code(&mut self, text: &str) {
        let size = CODE_SIZE;
        let lh = size * LEADING;
        let inner = self.width() - 2.0 * PAD - 4.0;
        let lines = self.code_lines(text, inner);
        self.y += 2.0;
        self.ensure(lh * 2.0f32.min(lines.len() as f32) + 2.0 * PAD);
        self.open(Kind::Code);
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
        self.close();
        self.y += 8.0;
    }

    /// A contents line: the title wraps before a fixed-width page-number column, so the
    /// number of lines (and pages) never depends on the numbers filled in later.
    pub(super) fn toc_line(&mut self, t: &TocLine) {
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
        // An entry is a link to its heading: its title and page number are the link's text.
        self.open(Kind::Toci);
        let link = self.open(Kind::Link);
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
        let dots = (self.left + last_w + 6.0, self.right - num_w);
        self.leader_dots(page, dots, baseline, size);
        let color = Rgb::TEXT;
        self.draw(Item::Text {
            x: num_x,
            y: baseline,
            face,
            size,
            color,
            text: t.page.clone(),
            actual: None,
            elem: link,
        });
        let (l, r) = (saved, self.right);
        let h = self.y - top;
        let text = format!("{}, page {}", t.text, t.page);
        if let Some(p) = self.page_at(page) {
            p.items.push(Item::Link {
                x: l,
                y: top,
                w: r - l,
                h,
                target: Target::Internal(t.anchor.as_str().into()),
                elem: link,
                text,
            });
        }
        self.close();
        self.close();
        self.left = saved;
    }

    /// Leader dots between a contents title and its number, `from` and `to` in x, set flush
    /// against the number column.
    fn leader_dots(&mut self, page: usize, (from, to): (f32, f32), baseline: f32, size: f32) {
        let dot_w = self.fonts.width(Face::Regular, size, ". ");
        if to > from + dot_w {
            let count = ((to - from) / dot_w).floor() as usize;
            if let Some(p) = self.page_at(page) {
                p.items.push(Item::Text {
                    x: to - count as f32 * dot_w,
                    y: baseline,
                    face: Face::Regular,
                    size,
                    color: Rgb::RULE,
                    text: ". ".repeat(count).trim_end().to_owned(),
                    actual: None,
                    elem: 0,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{MARGIN_X, PAGE_W, pages_with, test_fonts};
    use super::*;

    fn heading(text: &str, anchor: Option<&str>, new_page: bool) -> Block {
        Block::Heading(Heading {
            level: 2,
            number: Some("1.2".to_owned()),
            text: text.to_owned(),
            anchor: anchor.map(str::to_owned),
            outline: Some(2),
            toc: true,
            new_page,
            lang: None,
        })
    }

    fn para(text: &str) -> Block {
        Block::Para(Para::body(vec![Span::plain(text)]))
    }

    #[test]
    fn headings_record_anchors_and_outline_marks() {
        let f = test_fonts();
        let blocks = [
            heading("First", None, false),
            para("text"),
            heading("Second", Some("second"), true),
            para("text"),
            heading("Third", None, false),
        ];
        let placed = Layout::new(&f).run(&blocks);
        assert_eq!(placed.pages.len(), 2, "the second heading starts a page");
        let marks: Vec<(&str, usize, Option<&str>, &str)> = placed
            .marks
            .iter()
            .map(|m| {
                (
                    m.title.as_str(),
                    m.page,
                    m.number.as_deref(),
                    m.anchor.as_str(),
                )
            })
            .collect();
        assert_eq!(
            marks,
            [
                ("First", 0, Some("1.2"), "h1"),
                ("Second", 1, Some("1.2"), "second"),
                ("Third", 1, Some("1.2"), "h2"),
            ]
        );
        assert_eq!(placed.anchors["second"], (1, TOP));
        assert_eq!(pages_with(&placed, "Second"), [1]);
    }

    #[test]
    fn a_long_code_block_has_a_ground_under_it_on_each_page() {
        let f = test_fonts();
        let code: String = (0..200).map(|i| format!("line {i};\n")).collect();
        let placed = Layout::new(&f).run(&[Block::Code(code)]);
        assert!(placed.pages.len() >= 3, "{} pages", placed.pages.len());
        for (n, page) in placed.pages.iter().enumerate() {
            let grounds: Vec<usize> = (0..page.items.len())
                .filter(|&i| {
                    matches!(
                        page.items[i],
                        Item::Fill {
                            color: Rgb::SHADE,
                            ..
                        }
                    )
                })
                .collect();
            assert_eq!(grounds.len(), 1, "page {n}");
            // Painted first, under the text.
            assert_eq!(grounds[0], 0, "page {n}");
        }
        for i in 0..200 {
            assert_eq!(pages_with(&placed, &format!("line {i};")).len(), 1, "{i}");
        }
    }

    #[test]
    fn a_quote_has_its_bar_on_every_page_it_spans() {
        let f = test_fonts();
        let inner: Vec<Block> = (0..120).map(|i| para(&format!("quoted {i}"))).collect();
        let placed = Layout::new(&f).run(&[Block::Quote(inner)]);
        assert!(placed.pages.len() >= 3, "{} pages", placed.pages.len());
        for (n, page) in placed.pages.iter().enumerate() {
            let bars = page
                .items
                .iter()
                .filter(
                    |i| matches!(i, Item::Fill { x, color: Rgb::RULE, .. } if *x == MARGIN_X + 3.0),
                )
                .count();
            assert_eq!(bars, 1, "page {n}");
        }
    }

    #[test]
    fn a_contents_line_puts_its_number_flush_right_and_links_its_anchor() {
        let f = test_fonts();
        let line = TocLine {
            level: 2,
            text: "Access control".to_owned(),
            page: "17".to_owned(),
            anchor: "access".to_owned(),
        };
        let placed = Layout::new(&f).run(&[Block::Toc(line)]);
        let items = &placed.pages[0].items;
        let number = items
            .iter()
            .find_map(|i| match i {
                Item::Text { x, text, size, .. } if text == "17" => Some((*x, *size)),
                _ => None,
            })
            .expect("the page number");
        let right = PAGE_W - MARGIN_X;
        let w = f.width(Face::Regular, number.1, "17");
        assert!((number.0 + w - right).abs() < 0.01, "{number:?}");
        assert!(items.iter().any(|i| matches!(i,
            Item::Text { text, color: Rgb::RULE, .. } if text.starts_with(". ."))));
        assert!(items.iter().any(|i| matches!(i,
            Item::Link { target: Target::Internal(a), .. } if &**a == "access")));
    }

    #[test]
    fn an_image_is_scaled_to_the_text_width_and_keeps_its_shape() {
        let f = test_fonts();
        let l = Layout::new(&f);
        let image = |width, height| Image {
            name: "Im0".into(),
            alt: String::new(),
            width,
            height,
            orientation: 1,
        };
        assert_eq!(l.image_size(&image(400, 200)), (300.0, 150.0));
        let (w, h) = l.image_size(&image(2000, 1000));
        assert!(
            (w - l.width()).abs() < 0.01 && (w / h - 2.0).abs() < 0.01,
            "{w} {h}"
        );
        let (w, h) = l.image_size(&image(100, 5000));
        assert!(
            (h - (BOTTOM - TOP) * 0.85).abs() < 0.01 && w < 20.0,
            "{w} {h}"
        );
        assert_eq!(l.image_size(&image(0, 100)), (0.0, 0.0));
    }
}
