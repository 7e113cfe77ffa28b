//! Text: measure spans into pieces with the fonts' real advance widths, break them into
//! lines (at spaces and after `/` in paths, nowhere else; a word wider than the line is cut
//! only as a last resort), wrap code by characters, and place a line on the page.

use super::super::doc::{Rgb, Span, Target};
use super::super::fonts::{Face, Fonts, Glyph};
use super::{CODE_SIZE, Item, Layout, PAD};

/// A measured word or space of a paragraph.
#[derive(Debug, Clone)]
pub(super) struct Piece {
    pub(super) text: String,
    pub(super) face: Face,
    pub(super) color: Option<Rgb>,
    pub(super) link: Option<Target>,
    pub(super) width: f32,
    pub(super) space: bool,
    pub(super) newline: bool,
    /// A line may break after this piece even without a space (after `/` in a path).
    pub(super) break_after: bool,
    /// The character a stand-in glyph replaces (see [`super::super::fonts::STAND_IN`]).
    pub(super) actual: Option<String>,
}

/// A run of pieces placed on a line.
#[derive(Debug, Clone)]
pub(super) struct Frag {
    pub(super) x: f32,
    pub(super) text: String,
    pub(super) face: Face,
    pub(super) color: Option<Rgb>,
    pub(super) link: Option<Target>,
    pub(super) width: f32,
    /// What a stand-in glyph replaces.
    pub(super) actual: Option<String>,
}

/// A broken line: fragments positioned from the line's left edge.
#[derive(Debug, Clone, Default)]
pub(super) struct Line {
    pub(super) frags: Vec<Frag>,
    pub(super) width: f32,
}

/// Pieces that must stay together (a word spread over several spans, such as an opening
/// quote and the word after it), with the space that follows them.
#[derive(Default)]
struct Cluster {
    pieces: Vec<Piece>,
    space: Option<Piece>,
    newline: bool,
}

impl<'f> Layout<'f> {
    /// Splits spans into measured words and spaces. A character no face can draw becomes a
    /// piece of its own: a stand-in glyph carrying the original.
    pub(super) fn pieces(&self, spans: &[Span], size: f32) -> Vec<Piece> {
        let mut out = Vec::new();
        for s in spans {
            self.span_pieces(s, size, &mut out);
        }
        out
    }

    /// The pieces of one span, appended to `out`.
    fn span_pieces(&self, s: &Span, size: f32, out: &mut Vec<Piece>) {
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
        // Characters in `word`, counted as they come (counting again per character would
        // make a very long word quadratic).
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
                flush(&mut word, out);
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
                    flush(&mut word, out);
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
                flush(&mut word, out);
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
                    flush(&mut word, out);
                    if let Some(last) = out.last_mut() {
                        last.break_after = true;
                    }
                }
            }
        }
        flush(&mut word, out);
    }

    /// The pieces of spans grouped into what may not be broken apart.
    fn clusters(&self, spans: &[Span], size: f32) -> Vec<Cluster> {
        let mut clusters: Vec<Cluster> = Vec::new();
        let mut cur = Cluster::default();
        for p in self.pieces(spans, size) {
            if p.newline {
                cur.newline = true;
                clusters.push(std::mem::take(&mut cur));
            } else if p.space {
                cur.space = Some(p);
                clusters.push(std::mem::take(&mut cur));
            } else {
                let brk = p.break_after;
                cur.pieces.push(p);
                if brk {
                    clusters.push(std::mem::take(&mut cur));
                }
            }
        }
        clusters.push(cur);
        clusters
    }

    /// Greedy line breaking with real advance widths. Lines break only at spaces and at
    /// explicit break points; a word longer than the line is cut between characters.
    pub(super) fn break_lines(&self, spans: &[Span], size: f32, max: f32) -> Vec<Line> {
        let mut lines = Vec::new();
        let mut line = Line::default();
        let mut pending_space: Option<Piece> = None;
        for c in self.clusters(spans, size) {
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

    /// Code wrapped to `inner` points: each source line by characters (code has no word
    /// breaks to respect), tabs as four spaces, continuation lines indented by two spaces.
    pub(super) fn code_lines(&self, text: &str, inner: f32) -> Vec<Line> {
        let size = CODE_SIZE;
        let cont_indent = self.fonts.width(Face::Mono, size, "  ");
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
        lines
    }

    /// Draws one line at the current position and advances.
    pub(super) fn place_line(&mut self, line: &Line, size: f32, lh: f32, color: Option<Rgb>) {
        let asc = self.fonts.ascent(Face::Regular, size);
        let desc = self.fonts.descent(Face::Regular, size);
        let baseline = self.y + (lh - (asc + desc)) / 2.0 + asc;
        if let Some((marker, x, face, elem)) = self.marker.take() {
            let c = self.text_color;
            self.draw(Item::Text {
                x,
                y: baseline,
                face,
                size,
                color: c,
                text: marker,
                actual: None,
                elem,
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
            let elem = match &f.link {
                Some(t) => self.link_elem(t),
                None => {
                    self.link = None;
                    self.current()
                }
            };
            self.draw(Item::Text {
                x: left + f.x,
                y: baseline,
                face: f.face,
                size,
                color: c,
                text: text.clone(),
                actual: f.actual.clone(),
                elem,
            });
            if let Some(t) = &f.link {
                let w = self.fonts.width(f.face, size, f.text.trim_end());
                self.draw(Item::Link {
                    x: left + f.x,
                    y: y_top,
                    w,
                    h: lh,
                    target: t.clone(),
                    elem,
                    text: f.actual.clone().unwrap_or(text),
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
}

/// Appends a piece to a line, joining it to the last fragment when they look the same.
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
    use super::super::test_fonts;
    use super::*;

    fn words(l: &Layout<'_>, text: &str) -> Vec<String> {
        l.pieces(&[Span::plain(text)], 9.0)
            .into_iter()
            .filter(|p| !p.space)
            .map(|p| p.text)
            .collect()
    }

    fn text_of(line: &Line) -> String {
        line.frags.iter().map(|f| f.text.as_str()).collect()
    }

    const PROSE: &str = "Access to production systems is granted on the principle of least \
        privilege, reviewed every quarter by the system owner, and revoked within one business \
        day of a change of role or the end of employment, as recorded in ticket INC-2026-004 \
        on 2026-01-05 under control CC6.1.";

    #[test]
    fn paths_break_after_slashes_and_nothing_else_breaks() {
        let f = test_fonts();
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
    fn a_long_paragraph_fits_the_width_and_breaks_only_at_spaces() {
        let f = test_fonts();
        let l = Layout::new(&f);
        for max in [120.0, 200.0, 320.0] {
            let lines = l.break_lines(&[Span::plain(PROSE)], 9.8, max);
            assert!(lines.len() > 2, "{max}: {} lines", lines.len());
            for line in &lines {
                assert!(line.width <= max + 0.01, "{max}: {} > {max}", line.width);
                let t = text_of(line);
                assert!(!t.starts_with(' ') && !t.ends_with(' '), "{t:?}");
            }
            // Joined at the breaks with the spaces they replaced, the text is whole: no word
            // (date, id, number) was cut.
            let joined: Vec<String> = lines.iter().map(text_of).collect();
            assert_eq!(joined.join(" "), PROSE, "{max}");
        }
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut_only_as_a_last_resort() {
        let f = test_fonts();
        let l = Layout::new(&f);
        let long = "x".repeat(120);
        let text = format!("short words first {long} and after");
        let max = 150.0;
        let lines = l.break_lines(&[Span::plain(text.as_str())], 9.0, max);
        let texts: Vec<String> = lines.iter().map(text_of).collect();
        // The short words stay whole on a line of their own; the long word starts a new line
        // and is cut into pieces that each fill a line; the words after it stay whole.
        assert_eq!(texts[0], "short words first", "{texts:?}");
        assert!(texts.len() >= 4, "{texts:?}");
        let cut: String = texts[1..texts.len() - 1].concat();
        let last = texts.last().expect("lines");
        assert!(last.ends_with(" and after"), "{texts:?}");
        assert_eq!(cut + last.trim_end_matches(" and after"), long);
        for line in &lines {
            assert!(line.width <= max + 0.01, "{}", line.width);
        }
        // A word that fits is never cut, however little room is left on the line.
        let exact = f.width(Face::Regular, 9.0, "a 2026-01-05");
        let fits = l.break_lines(&[Span::plain("a 2026-01-05")], 9.0, exact);
        assert_eq!(
            fits.iter().map(text_of).collect::<Vec<_>>(),
            ["a 2026-01-05"]
        );
        let date = f.width(Face::Regular, 9.0, "2026-01-05");
        let moved = l.break_lines(&[Span::plain("words 2026-01-05")], 9.0, date + 1.0);
        assert_eq!(
            moved.iter().map(text_of).collect::<Vec<_>>(),
            ["words", "2026-01-05"]
        );
    }

    #[test]
    fn a_newline_forces_a_break() {
        let f = test_fonts();
        let l = Layout::new(&f);
        let lines = l.break_lines(&[Span::plain("one\ntwo three\n\nfour")], 9.0, 500.0);
        let texts: Vec<String> = lines.iter().map(text_of).collect();
        assert_eq!(texts, ["one", "two three", "", "four"]);
        // Empty text is still one (empty) line.
        assert_eq!(l.break_lines(&[Span::plain("")], 9.0, 500.0).len(), 1);
    }

    #[test]
    fn links_keep_their_target_across_a_break() {
        let f = test_fonts();
        let l = Layout::new(&f);
        let target = Target::Uri("https://example.com/policies/access-control".into());
        let spans = [
            Span::plain("See "),
            Span::link(
                "the access control policy and its quarterly review procedure",
                target.clone(),
            ),
            Span::plain(" for details."),
        ];
        let lines = l.break_lines(&spans, 9.8, 110.0);
        assert!(lines.len() > 2, "{} lines", lines.len());
        let linked: Vec<&Frag> = lines
            .iter()
            .flat_map(|l| &l.frags)
            .filter(|f| f.link.is_some())
            .collect();
        let on_lines = lines
            .iter()
            .filter(|l| l.frags.iter().any(|f| f.link.is_some()))
            .count();
        assert!(on_lines >= 2, "the link spans {on_lines} line(s)");
        for frag in &linked {
            assert_eq!(frag.link.as_ref(), Some(&target), "{:?}", frag.text);
        }
        let words: Vec<&str> = linked.iter().map(|f| f.text.trim()).collect();
        assert_eq!(
            words.join(" "),
            "the access control policy and its quarterly review procedure"
        );
        // Unlinked text around it carries no target.
        assert!(lines[0].frags[0].text.starts_with("See") && lines[0].frags[0].link.is_none());
    }

    #[test]
    fn a_character_no_face_draws_is_a_stand_in_carrying_the_original() {
        let f = test_fonts();
        let l = Layout::new(&f);
        let pieces = l.pieces(&[Span::plain("名a")], 9.0);
        let stand_in = pieces
            .iter()
            .find(|p| p.actual.is_some())
            .expect("a stand-in");
        assert_eq!(stand_in.actual.as_deref(), Some("名"));
        assert_ne!(stand_in.text, "名");
        // Stand-ins keep a fragment of their own, so the original stays with its glyph.
        let lines = l.break_lines(&[Span::plain("x名y")], 9.0, 500.0);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].frags.len(), 3, "{:?}", lines[0].frags);
        assert_eq!(lines[0].frags[1].actual.as_deref(), Some("名"));
    }

    #[test]
    fn alike_pieces_join_into_one_fragment_placed_after_the_last() {
        let piece = |text: &str, face: Face, width: f32| Piece {
            text: text.to_owned(),
            face,
            color: None,
            link: None,
            width,
            space: false,
            newline: false,
            break_after: false,
            actual: None,
        };
        let mut line = Line::default();
        push_frag(&mut line, &piece("a", Face::Regular, 5.0));
        push_frag(&mut line, &piece(" b", Face::Regular, 7.0));
        push_frag(&mut line, &piece("c", Face::Bold, 4.0));
        assert_eq!(line.frags.len(), 2);
        assert_eq!(line.frags[0].text, "a b");
        assert_eq!(line.frags[0].width, 12.0);
        assert_eq!((line.frags[1].x, line.frags[1].text.as_str()), (12.0, "c"));
        assert_eq!(line.width, 16.0);
    }

    #[test]
    fn code_wraps_with_indented_continuations_and_loses_nothing() {
        let f = test_fonts();
        let l = Layout::new(&f);
        let long = (0..40)
            .map(|i| format!("arg{i}"))
            .collect::<Vec<_>>()
            .join(",");
        let source = format!("fn main() {{\n\tcall({long});\n}}\n");
        let inner = 200.0;
        let lines = l.code_lines(&source, inner);
        let indent = f.width(Face::Mono, CODE_SIZE, "  ");
        // Regroup the lines by source line: a line at the first position starts one.
        let mut rebuilt: Vec<String> = Vec::new();
        for line in &lines {
            assert_eq!(line.frags.len(), 1);
            let frag = &line.frags[0];
            if frag.x == PAD + 2.0 {
                assert!(line.width <= inner + 0.01, "{}", line.width);
                rebuilt.push(frag.text.clone());
            } else {
                assert_eq!(frag.x, PAD + 2.0 + indent, "continuations are indented");
                assert!(line.width <= inner - indent + 0.01, "{}", line.width);
                rebuilt
                    .last_mut()
                    .expect("a first line")
                    .push_str(&frag.text);
            }
        }
        assert!(
            lines.len() > 4,
            "the long line wraps: {} lines",
            lines.len()
        );
        // No text lost: the fragments of each source line are that line (a tab as four
        // spaces; the final newline ends the last line and adds none).
        let expected: Vec<String> = source
            .strip_suffix('\n')
            .expect("ends in a newline")
            .split('\n')
            .map(|s| s.replace('\t', "    "))
            .collect();
        assert_eq!(rebuilt, expected);
    }

    #[test]
    fn code_keeps_empty_lines() {
        let f = test_fonts();
        let l = Layout::new(&f);
        let lines = l.code_lines("a\n\nb", 300.0);
        let texts: Vec<String> = lines.iter().map(text_of).collect();
        assert_eq!(texts, ["a", "", "b"]);
    }
}
