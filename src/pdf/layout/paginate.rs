//! Pages: the window of pages a layout keeps (a streaming layout hands each page over once
//! nothing more is drawn on it; an open quote or callout pins its first page), page breaks,
//! and the rules for where a page may end — a heading keeps the start of what follows
//! (`min_start`), a kept group moves to the next page whole when it fits on one, and
//! paragraphs avoid orphans and widows.

use super::super::doc::{Block, Rgb};
use super::text::Line;
use super::{BODY_SIZE, BOTTOM, CODE_SIZE, LEADING, Layout, PAD, Page, TOP};

impl<'f> Layout<'f> {
    /// Hands the pages before `until` to the sink, if there is one.
    pub(super) fn hand_over(&mut self, until: usize) {
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

    /// The page being filled.
    pub(super) fn page(&mut self) -> &mut Page {
        if self.placed.pages.is_empty() {
            self.placed.pages.push(Page::default());
        }
        let last = self.placed.pages.len() - 1;
        &mut self.placed.pages[last]
    }

    /// An earlier page still in memory (pinned, or the current one).
    pub(super) fn page_at(&mut self, index: usize) -> Option<&mut Page> {
        debug_assert!(index >= self.first, "page {index} was already handed over");
        self.placed.pages.get_mut(index.checked_sub(self.first)?)
    }

    /// The index of the page being filled, counting pages already handed over.
    pub(super) fn page_index(&self) -> usize {
        (self.first + self.placed.pages.len()).saturating_sub(1)
    }

    /// Whether nothing has advanced down the page yet.
    pub(super) fn at_top(&self) -> bool {
        (self.y - TOP).abs() < 0.01
    }

    /// Starts a new page, handing over the finished ones that are not pinned.
    pub(super) fn new_page(&mut self) {
        self.placed.pages.push(Page::default());
        self.y = TOP;
        self.hand_over(self.page_index());
    }

    fn space_left(&self) -> f32 {
        BOTTOM - self.y
    }

    /// An explicit page break: a new page, unless this one is still empty.
    pub(super) fn page_break(&mut self) {
        if !self.at_top() || !self.page().items.is_empty() {
            self.new_page();
        }
    }

    /// Blocks kept on one page: they start a new page when they fit on one but not in the
    /// room left.
    pub(super) fn keep(&mut self, inner: &[Block]) {
        if let Some(h) = self.measure(inner) {
            self.ensure(h);
        }
        self.blocks(inner);
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
    pub(super) fn ensure(&mut self, h: f32) {
        if self.y + h > BOTTOM && !self.at_top() {
            self.new_page();
        }
    }

    /// The height a block needs at the bottom of a page to start there reasonably.
    pub(super) fn min_start(&self, b: &Block) -> f32 {
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

    /// Places lines, breaking pages so that neither a single first line is left at the
    /// bottom (orphan) nor a single last line carried to the top (widow), where avoidable.
    pub(super) fn flow_lines(&mut self, lines: &[Line], size: f32, lh: f32, color: Option<Rgb>) {
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
}

#[cfg(test)]
mod tests {
    use super::super::super::doc::{Callout, Para, Span, TocLine};
    use super::super::{pages_with, test_fonts};
    use super::*;

    /// `n` one-line paragraphs, to push what follows towards a page end.
    fn filler(n: usize) -> Vec<Block> {
        (0..n)
            .map(|i| Block::Para(Para::body(vec![Span::plain(last_line(i + 1))])))
            .collect()
    }

    /// The text of the last of `n` lines of [`filler`] (`Line 7.`: no other line contains it).
    fn last_line(n: usize) -> String {
        format!("Line {}.", n - 1)
    }

    #[test]
    fn kept_blocks_move_to_the_next_page_together() {
        let f = test_fonts();
        // However much comes before, the last paragraph and its footer share a page; across
        // these lengths the pair meets a page end several times.
        for n in 60..140 {
            let mut blocks = filler(n);
            blocks.push(Block::Keep(vec![
                Block::Para(Para::body(vec![Span::plain("last paragraph")])),
                Block::Para(Para::small(vec![Span::plain("footer")])),
            ]));
            let placed = Layout::new(&f).run(&blocks);
            assert_eq!(
                pages_with(&placed, "last paragraph"),
                pages_with(&placed, "footer"),
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
            blocks.push(Block::Callout(Callout {
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
        let f = test_fonts();
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
        let f = test_fonts();
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
