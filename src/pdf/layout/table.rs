//! Tables: the column plan (widths from the content, the font shrunk down to
//! [`MIN_TABLE_SIZE`] before any word is broken), rows with zebra stripes, the header
//! repeated on each page a table continues on, and rows taller than the room left split
//! across pages.

use super::super::doc::{Align, Rgb, Row, Span, Table};
use super::super::tags::Kind;
use super::text::Line;
use super::{BOTTOM, Item, LEADING, Layout, MIN_TABLE_SIZE, PAD, TOP};

impl<'f> Layout<'f> {
    /// Column widths from content at a font size: every column gets at least its longest
    /// unbreakable word (a date, an id, a path segment), and the remaining width goes where
    /// the text is longest. `None` when the longest words alone do not fit the page.
    pub(super) fn column_widths(
        &self,
        header: &[Vec<Span>],
        t: &Table,
        size: f32,
        whole: bool,
    ) -> Option<Vec<f32>> {
        let cols = columns(header, t);
        let mut natural = vec![2.0 * PAD; cols];
        let mut minimum = vec![2.0 * PAD; cols];
        let rows = std::iter::once(header).chain(t.rows.iter().map(|r| r.cells.as_slice()));
        for cells in rows {
            for (c, cell) in cells.iter().enumerate() {
                let (longest_line, longest_word) = self.cell_extent(cell, size, whole);
                natural[c] = natural[c].max(longest_line + 2.0 * PAD + 0.5);
                minimum[c] = minimum[c].max(longest_word + 2.0 * PAD + 0.5);
            }
        }
        share_width(&natural, &minimum, self.width())
    }

    /// A cell's longest line and longest unbreakable word, in points. With `whole`, a path
    /// is measured whole (`a/` + `b`), so it gets its natural width and copies out intact;
    /// otherwise its parts are measured apart, since the line may break after the slash.
    fn cell_extent(&self, cell: &[Span], size: f32, whole: bool) -> (f32, f32) {
        let mut line = 0.0f32;
        let mut longest_line = 0.0f32;
        let mut longest_word = 0.0f32;
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
        (longest_line.max(line), longest_word)
    }

    /// The font size and column widths of a table: its own size when its longest words fit,
    /// else the largest smaller size (down to [`MIN_TABLE_SIZE`]) at which they do, so words
    /// are not broken. Only a table that does not fit even then has words cut.
    pub(super) fn table_plan(&self, header: &[Vec<Span>], t: &Table) -> (f32, Vec<f32>) {
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
        let cols = columns(header, t).max(1);
        (size, vec![self.width() / cols as f32; cols])
    }

    /// The lines of each cell of a row, broken to its column's width.
    fn cell_lines(&self, cells: &[Vec<Span>], widths: &[f32], size: f32) -> Vec<Vec<Line>> {
        widths
            .iter()
            .enumerate()
            .map(|(c, w)| {
                cells
                    .get(c)
                    .map(|cell| self.break_lines(cell, size, w - 2.0 * PAD))
                    .unwrap_or_default()
            })
            .collect()
    }

    pub(super) fn table(&mut self, t: &Table) {
        // Header cells are set in bold; measuring them in bold keeps each run where it is
        // drawn (measured regular and drawn bold, runs overlapped and lost their spaces).
        let bold_header = bold(&t.header);
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
        let header: Vec<Vec<Line>> = self.cell_lines(&bold_header, &widths, size);
        let header_h = header.iter().map(Vec::len).max().unwrap_or(0) as f32 * lh + 2.0 * PAD;
        let has_header = !t.header.is_empty();
        self.y += 2.0;
        let first_row_h = t
            .rows
            .first()
            .map(|r| {
                self.cell_lines(&r.cells, &widths, size)
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
        // A table with a header row is a data table (header cells scope their columns);
        // one without is layout (label and value pairs), read as paragraphs.
        self.open(if has_header { Kind::Table } else { Kind::Div });
        // A header row alone (no body rows) is just a row of the table.
        let grouped = has_header && !t.rows.is_empty();
        if has_header {
            if grouped {
                self.open(Kind::THead);
            }
            self.open(Kind::TR);
            let ids = self.cells(Kind::TH, widths.len());
            if let Some(h) = repeat {
                self.table_row(h, &widths, t, lh, (0, true), &ids);
            } else {
                self.split_row(&header, &widths, t, lh, (0, true, &ids), None);
            }
            self.flush_elems();
            self.close();
            if grouped {
                self.close();
                self.open(Kind::TBody);
            }
        }
        self.body_rows(t, &widths, lh, repeat, header_h);
        if grouped {
            self.close();
        }
        self.close();
        self.underline = true;
        self.y += 10.0;
    }

    /// The rows under the header: a row that fits on a page but not in the room left starts
    /// a new page (under the repeated header); a taller one is split.
    fn body_rows(
        &mut self,
        t: &Table,
        widths: &[f32],
        lh: f32,
        repeat: Option<&Vec<Vec<Line>>>,
        header_h: f32,
    ) {
        for (ri, row) in t.rows.iter().enumerate() {
            let lines = self.cell_lines(&row.cells, widths, t.size);
            let row_lines = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let row_h = row_lines as f32 * lh + 2.0 * PAD;
            let page_room = BOTTOM - TOP - if repeat.is_some() { header_h } else { 0.0 };
            if self.y + row_h > BOTTOM && row_h <= page_room {
                self.new_page();
                self.repeat_header(repeat, widths, t, lh);
            }
            self.row_anchor(row);
            let data = !t.header.is_empty();
            if data {
                self.open(Kind::TR);
            }
            let ids = self.cells(if data { Kind::TD } else { Kind::P }, widths.len());
            self.split_row(&lines, widths, t, lh, (ri + 1, false, &ids), repeat);
            if data {
                self.flush_elems();
                self.close();
            }
        }
    }

    /// A cell element per column, inside the current row.
    fn cells(&mut self, kind: Kind, n: usize) -> Vec<u32> {
        (0..n).map(|_| self.leaf(kind, None)).collect()
    }

    /// The header again at the top of a page the table continues on: decoration, since
    /// readers have met it already.
    fn repeat_header(
        &mut self,
        repeat: Option<&Vec<Vec<Line>>>,
        widths: &[f32],
        t: &Table,
        lh: f32,
    ) {
        if let Some(h) = repeat {
            let saved = std::mem::replace(&mut self.artifact, true);
            self.table_row(h, widths, t, lh, (0, true), &[]);
            self.artifact = saved;
        }
    }

    /// Records a row's named destination where the row starts.
    fn row_anchor(&mut self, row: &Row) {
        if let Some(a) = &row.anchor {
            let at = (self.page_index(), self.y);
            self.placed.anchors.entry(a.clone()).or_insert(at);
        }
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
        (index, header, ids): (usize, bool, &[u32]),
        repeat: Option<&Vec<Vec<Line>>>,
    ) {
        let row_lines = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let mut from = 0;
        while from < row_lines {
            let fit = (((BOTTOM - self.y - 2.0 * PAD) / lh).floor().max(0.0)) as usize;
            if fit == 0 && !self.at_top() {
                self.new_page();
                self.repeat_header(repeat, widths, t, lh);
                continue;
            }
            let take = fit.max(1).min(row_lines - from);
            let slice: Vec<Vec<Line>> = lines
                .iter()
                .map(|cl| cl.iter().skip(from).take(take).cloned().collect())
                .collect();
            self.table_row(&slice, widths, t, lh, (index, header), ids);
            from += take;
            if from < row_lines {
                self.new_page();
                self.repeat_header(repeat, widths, t, lh);
            }
        }
    }

    /// Draws one row (or the part of a row that fits): its shading, its cells aligned in
    /// their columns, and the rule under it.
    fn table_row(
        &mut self,
        cells: &[Vec<Line>],
        widths: &[f32],
        t: &Table,
        lh: f32,
        (index, header): (usize, bool),
        ids: &[u32],
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
            // The cell's lines belong to its element, on every page the row spans.
            let id = ids.get(c).copied();
            if let Some(id) = id {
                self.open.push(id);
            }
            for line in cells.get(c).map(Vec::as_slice).unwrap_or(&[]) {
                let shift = match align {
                    Align::Left => 0.0,
                    Align::Center => (w - 2.0 * PAD - line.width) / 2.0,
                    Align::Right => w - 2.0 * PAD - line.width,
                };
                self.left = x + PAD + shift.max(0.0);
                self.place_line(line, t.size, lh, color);
            }
            if id.is_some() {
                self.open.pop();
                self.link = None;
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
}

/// How many columns a table has: the most cells of its header or any row.
fn columns(header: &[Vec<Span>], t: &Table) -> usize {
    header
        .len()
        .max(t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0))
}

/// Shares `avail` points among columns with these natural and minimum widths: each gets its
/// natural width when they all fit, else its minimum and a share of the rest in proportion
/// to how much more it would like. `None` when even the minimums do not fit.
fn share_width(natural: &[f32], minimum: &[f32], avail: f32) -> Option<Vec<f32>> {
    let sum_nat: f32 = natural.iter().sum();
    let sum_min: f32 = minimum.iter().sum();
    if sum_nat <= avail {
        let extra = avail - sum_nat;
        Some(natural.iter().map(|n| n + extra * n / sum_nat).collect())
    } else if sum_min <= avail {
        let flex: f32 = natural.iter().zip(minimum).map(|(n, m)| n - m).sum();
        let extra = avail - sum_min;
        Some(
            natural
                .iter()
                .zip(minimum)
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

/// Header cells in the bold of their faces.
fn bold(header: &[Vec<Span>]) -> Vec<Vec<Span>> {
    header
        .iter()
        .map(|cell| {
            cell.iter()
                .map(|s| Span {
                    face: s.face.bold(),
                    ..s.clone()
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::super::doc::Block;
    use super::super::super::fonts::Face;
    use super::super::{PAGE_H, pages_with, test_fonts};
    use super::*;

    fn cell(text: &str) -> Vec<Span> {
        vec![Span::plain(text)]
    }

    fn table(header: &[&str], rows: &[&[&str]], size: f32) -> Table {
        Table {
            header: header.iter().map(|h| cell(h)).collect(),
            rows: rows
                .iter()
                .map(|r| Row {
                    cells: r.iter().map(|c| cell(c)).collect(),
                    anchor: None,
                })
                .collect(),
            size,
            ..Table::default()
        }
    }

    fn sum(widths: &[f32]) -> f32 {
        widths.iter().sum()
    }

    #[test]
    fn natural_widths_that_fit_are_given_and_the_rest_shared_in_proportion() {
        let widths = share_width(&[50.0, 150.0], &[20.0, 30.0], 400.0).expect("fits");
        assert_eq!(widths, [100.0, 300.0]);
        // With a real table: every column gets at least its longest line, and the columns
        // fill the text width.
        let f = test_fonts();
        let l = Layout::new(&f);
        let t = table(
            &["Control", "Owner"],
            &[&["CC6.1", "Security team"], &["AC-01", "IT"]],
            8.8,
        );
        let widths = l.column_widths(&t.header, &t, 8.8, true).expect("fits");
        let natural = |s: &str| f.width(Face::Regular, 8.8, s) + 2.0 * PAD;
        assert!(widths[0] >= natural("Control"), "{widths:?}");
        assert!(widths[1] >= natural("Security team"), "{widths:?}");
        assert!((sum(&widths) - l.width()).abs() < 0.01, "{widths:?}");
    }

    #[test]
    fn too_wide_columns_keep_their_longest_word_and_share_what_is_left() {
        let natural = [300.0, 300.0, 40.0];
        let minimum = [50.0, 100.0, 40.0];
        let widths = share_width(&natural, &minimum, 400.0).expect("the words fit");
        assert!((sum(&widths) - 400.0).abs() < 0.01, "{widths:?}");
        for (w, m) in widths.iter().zip(minimum) {
            assert!(*w >= m, "{widths:?}");
        }
        // What is left goes to the columns that want more, in proportion: 250 and 200.
        assert!((widths[0] - (50.0 + 210.0 * 250.0 / 450.0)).abs() < 0.01);
        assert_eq!(
            widths[2], 40.0,
            "a column at its natural width gets nothing more"
        );
        // The longest words alone do not fit: no plan at this size.
        assert_eq!(share_width(&natural, &[300.0, 300.0, 40.0], 400.0), None);
    }

    #[test]
    fn the_font_shrinks_before_any_word_is_broken() {
        let f = test_fonts();
        let l = Layout::new(&f);
        // Four columns of long ids: their words do not fit side by side at 8.8 points, but
        // do at the smallest size.
        let ids: Vec<String> = (0..4)
            .map(|i| format!("EVIDENCE-2026-Q{i}-EXPORT"))
            .collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let t = table(&["A", "B", "C", "D"], &[&ids], 8.8);
        assert_eq!(l.column_widths(&t.header, &t, 8.8, true), None);
        assert!(
            l.column_widths(&t.header, &t, MIN_TABLE_SIZE, true)
                .is_some()
        );
        let (size, widths) = l.table_plan(&t.header, &t);
        assert!((MIN_TABLE_SIZE..8.8).contains(&size), "{size}");
        assert!((sum(&widths) - l.width()).abs() < 0.5, "{widths:?}");
        // At that size every id is on one line of its cell, whole.
        for (id, w) in ids.iter().zip(&widths) {
            let lines = l.break_lines(&cell(id), size, w - 2.0 * PAD);
            assert_eq!(lines.len(), 1, "{id} broken at {size} pt into {w}");
        }
        // A table that fits keeps its size.
        let small = table(&["A"], &[&["short"]], 8.8);
        assert_eq!(l.table_plan(&small.header, &small).0, 8.8);
    }

    #[test]
    fn a_table_too_wide_for_its_words_gets_a_smaller_font_not_broken_words() {
        let f = test_fonts();
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
    fn a_table_too_wide_even_at_the_smallest_size_shares_the_width_evenly() {
        let f = test_fonts();
        let l = Layout::new(&f);
        let word = "x".repeat(200);
        let t = table(&["A", "B"], &[&[word.as_str(), "y"]], 8.8);
        let (size, widths) = l.table_plan(&t.header, &t);
        assert_eq!(size, MIN_TABLE_SIZE);
        assert_eq!(widths, [l.width() / 2.0; 2]);
    }

    #[test]
    fn a_table_repeats_its_header_on_each_page_it_spans() {
        let f = test_fonts();
        let rows: Vec<[String; 2]> = (0..200)
            .map(|i| [format!("row {i}."), "some text".to_owned()])
            .collect();
        let rows: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        let t = table(&["Heading one", "Heading two"], &rows, 8.8);
        let placed = Layout::new(&f).run(&[Block::Table(t)]);
        assert!(placed.pages.len() > 2, "{} pages", placed.pages.len());
        let header_pages = pages_with(&placed, "Heading one");
        assert_eq!(header_pages, (0..placed.pages.len()).collect::<Vec<_>>());
        // Once on each page, and first: above every row of that page.
        for (n, page) in placed.pages.iter().enumerate() {
            let texts: Vec<&str> = page
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Text { text, .. } => Some(text.as_str()),
                    _ => None,
                })
                .collect();
            assert_eq!(texts[0], "Heading one", "page {n}");
            assert_eq!(texts.iter().filter(|t| **t == "Heading one").count(), 1);
        }
        // Every row once.
        for i in 0..200 {
            assert_eq!(
                pages_with(&placed, &format!("row {i}.")).len(),
                1,
                "row {i}"
            );
        }
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_and_loses_no_line() {
        let f = test_fonts();
        let tall: String = (0..150)
            .map(|i| format!("part {i}."))
            .collect::<Vec<_>>()
            .join("\n");
        let t = table(
            &["Key", "Value"],
            &[&["first", tall.as_str()], &["next", "x"]],
            8.8,
        );
        let placed = Layout::new(&f).run(&[Block::Table(t)]);
        let lh = 8.8 * LEADING;
        assert!(150.0 * lh > PAGE_H, "the row is taller than a page");
        assert!(placed.pages.len() >= 2, "{} pages", placed.pages.len());
        for i in 0..150 {
            assert_eq!(pages_with(&placed, &format!("part {i}.")).len(), 1, "{i}");
        }
        // Each page the row continues on starts with the header again.
        let parts = pages_with(&placed, "part ");
        assert!(parts.len() >= 2, "{parts:?}");
        assert_eq!(pages_with(&placed, "Key"), parts);
        // And every line stays above the bottom margin.
        for page in &placed.pages {
            for item in &page.items {
                if let Item::Text { y, .. } = item {
                    assert!(*y <= BOTTOM, "{y}");
                }
            }
        }
    }

    #[test]
    fn a_row_that_fits_on_a_page_moves_whole_rather_than_split() {
        let f = test_fonts();
        let lines: String = (0..12)
            .map(|i| format!("piece {i}."))
            .collect::<Vec<_>>()
            .join("\n");
        let mut moved = false;
        for n in 30..60 {
            let mut rows: Vec<[String; 2]> =
                (0..n).map(|i| [format!("r{i}."), "x".to_owned()]).collect();
            rows.push(["tall".to_owned(), lines.clone()]);
            let rows: Vec<Vec<&str>> = rows
                .iter()
                .map(|r| r.iter().map(String::as_str).collect())
                .collect();
            let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
            let placed = Layout::new(&f).run(&[Block::Table(table(&["K", "V"], &rows, 8.8))]);
            let at = pages_with(&placed, "piece ");
            assert_eq!(at.len(), 1, "{n} rows before: {at:?}");
            moved |= at != pages_with(&placed, &format!("r{}.", n - 1));
        }
        assert!(moved, "some row moved to the next page");
    }
}
