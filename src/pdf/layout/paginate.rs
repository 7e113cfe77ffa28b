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
        if !self.at_top() || !self.page().is_blank() {
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
            Block::Quote(inner) | Block::Indent(inner) | Block::Note(inner) => {
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
    use super::super::super::doc::{Callout, Heading, Para, Span, TocLine};
    use super::super::{Item, pages_with, test_fonts};
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

    fn heading(text: &str) -> Block {
        Block::Heading(Heading {
            level: 2,
            number: None,
            text: text.to_owned(),
            anchor: None,
            outline: Some(1),
            toc: true,
            new_page: false,
            lang: None,
        })
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

    #[test]
    fn a_kept_group_starts_a_new_page_only_when_it_does_not_fit() {
        let f = test_fonts();
        let group = || {
            Block::Keep(vec![
                Block::Para(Para::body(vec![Span::plain("kept one")])),
                Block::Para(Para::body(vec![Span::plain("kept two")])),
            ])
        };
        // Early on a page, the group stays where it is.
        let mut blocks = filler(3);
        blocks.push(group());
        let placed = Layout::new(&f).run(&blocks);
        assert_eq!(placed.pages.len(), 1);
        // Somewhere across these lengths it would straddle the page end: it moves whole.
        let moved = (60..140).any(|n| {
            let mut blocks = filler(n);
            blocks.push(group());
            let placed = Layout::new(&f).run(&blocks);
            let first = pages_with(&placed, "kept one");
            assert_eq!(first, pages_with(&placed, "kept two"), "{n} lines before");
            let last = pages_with(&placed, &last_line(n));
            first.len() == 1 && last.len() == 1 && first[0] == last[0] + 1
        });
        assert!(moved, "a group moved to the next page");
    }

    #[test]
    fn a_heading_is_never_the_last_thing_on_a_page() {
        let f = test_fonts();
        let mut saw_a_move = false;
        for n in 40..140 {
            let mut blocks = filler(n);
            blocks.push(heading("The heading"));
            blocks.push(Block::Para(Para::body(vec![Span::plain(
                "What follows the heading, ".repeat(12),
            )])));
            let placed = Layout::new(&f).run(&blocks);
            let at = pages_with(&placed, "The heading");
            assert_eq!(at.len(), 1, "{n}");
            assert!(
                pages_with(&placed, "What follows").contains(&at[0]),
                "{n} lines before: the heading is alone at the end of page {}",
                at[0]
            );
            saw_a_move |= pages_with(&placed, &last_line(n)) != at;
        }
        assert!(saw_a_move, "some heading was carried to the next page");
    }

    #[test]
    fn a_heading_keeps_a_following_heading_and_its_text() {
        let f = test_fonts();
        for n in 40..140 {
            let mut blocks = filler(n);
            blocks.push(heading("Outer heading"));
            blocks.push(heading("Inner heading"));
            blocks.push(Block::Para(Para::body(vec![Span::plain("Body text")])));
            let placed = Layout::new(&f).run(&blocks);
            let outer = pages_with(&placed, "Outer heading");
            assert_eq!(outer, pages_with(&placed, "Inner heading"), "{n}");
            assert_eq!(outer, pages_with(&placed, "Body text"), "{n}");
        }
    }

    #[test]
    fn paragraphs_leave_no_single_line_at_either_side_of_a_page_end() {
        let f = test_fonts();
        let para = (0..5)
            .map(|i| format!("mark{i}"))
            .collect::<Vec<_>>()
            .join("\n");
        let mut split = false;
        for n in 60..140 {
            let mut blocks = filler(n);
            blocks.push(Block::Para(Para::body(vec![Span::plain(para.as_str())])));
            let placed = Layout::new(&f).run(&blocks);
            let per_page: Vec<usize> = placed
                .pages
                .iter()
                .map(|p| {
                    p.items
                        .iter()
                        .filter(
                            |i| matches!(i, Item::Text { text, .. } if text.starts_with("mark")),
                        )
                        .count()
                })
                .filter(|&c| c > 0)
                .collect();
            assert_eq!(per_page.iter().sum::<usize>(), 5, "{n}");
            assert!(!per_page.contains(&1), "{n} lines before: {per_page:?}");
            split |= per_page.len() > 1;
        }
        assert!(split, "some paragraph was split over a page end");
    }

    #[test]
    fn a_page_break_makes_no_empty_pages() {
        let f = test_fonts();
        let para = || Block::Para(Para::body(vec![Span::plain("text")]));
        let blocks = [
            Block::PageBreak,
            para(),
            Block::PageBreak,
            Block::PageBreak,
            para(),
            Block::PageBreak,
        ];
        let placed = Layout::new(&f).run(&blocks);
        assert_eq!(placed.pages.len(), 2);
        assert_eq!(placed.count, 2);
        assert!(placed.pages.iter().all(|p| !p.items.is_empty()));
    }

    #[test]
    fn min_start_asks_for_two_lines_of_a_paragraph_and_more_after_a_heading() {
        let f = test_fonts();
        let l = Layout::new(&f);
        let one = Block::Para(Para::body(vec![Span::plain("one line")]));
        let long = Block::Para(Para::body(vec![Span::plain("many words ".repeat(80))]));
        assert_eq!(l.min_start(&one), BODY_SIZE * LEADING);
        assert_eq!(l.min_start(&long), 2.0 * BODY_SIZE * LEADING);
        assert!(l.min_start(&heading("h")) > l.min_start(&long));
        // A list, quote or indent starts as its first block does.
        assert_eq!(
            l.min_start(&Block::Quote(vec![long.clone()])),
            l.min_start(&long)
        );
        assert_eq!(l.min_start(&Block::Rule), 0.0);
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

    #[test]
    fn an_open_quote_pins_its_first_page_until_its_bar_is_drawn() {
        let f = test_fonts();
        let mut held = 0;
        let mut sink = |_| {};
        let mut layout = Layout::streaming(&f, &mut sink);
        layout.pins.push(0);
        for b in filler(300) {
            layout.block(&b, None);
            held = held.max(layout.placed.pages.len());
        }
        assert!(
            held > 3,
            "pinned: every page from the first is kept ({held})"
        );
        layout.pins.clear();
        layout.new_page();
        assert_eq!(layout.placed.pages.len(), 1, "unpinned: handed over");
    }
}
