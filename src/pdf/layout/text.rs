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
}
