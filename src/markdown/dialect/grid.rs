//! Pandoc grid tables: `+---+` borders, `|` cell walls, a `+===+` border under the header,
//! colons for alignment, and cells that hold several lines of Markdown. Columns are found by
//! display width, so wide (East Asian) characters count as two.

use pulldown_cmark::Alignment;
use unicode_width::UnicodeWidthChar;

/// One line of the table: its byte offset in the document and its text (no newline, no
/// container prefix).
pub type Line<'a> = (usize, &'a str);

/// A cell: its lines, each with the document offset of its first byte.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    /// The cell's text, line by line, dedented.
    pub lines: Vec<(usize, String)>,
}

/// A parsed grid table.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Alignment per column.
    pub aligns: Vec<Alignment>,
    /// The header row, if a `+===+` border closes it.
    pub header: Option<Vec<Cell>>,
    /// Body rows.
    pub rows: Vec<Vec<Cell>>,
}

/// Why lines that look like a grid table cannot be read as one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Index of the offending line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Whether a line is a border: `+`, then runs of `-`, `=` or `:` each closed by `+`.
pub fn is_border(line: &str) -> bool {
    let t = line.trim_end();
    t.len() >= 3
        && t.starts_with('+')
        && t.ends_with('+')
        && t.chars().all(|c| matches!(c, '+' | '-' | '=' | ':'))
        && t.contains(['-', '='])
}

/// Display columns at which each character of a line starts, plus the end column.
fn columns(line: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(line.len() + 1);
    let mut col = 0;
    for (i, c) in line.char_indices() {
        out.push((col, i));
        col += c.width().unwrap_or(0);
    }
    out.push((col, line.len()));
    out
}

/// The byte index at display column `col`, if a character starts exactly there.
fn byte_at(cols: &[(usize, usize)], col: usize) -> Option<usize> {
    cols.iter().find(|(c, _)| *c == col).map(|(_, b)| *b)
}

/// Parses the lines of a grid table.
pub fn parse(lines: &[Line<'_>]) -> Result<Grid, Problem> {
    let first = lines.first().map_or("", |l| l.1.trim_end());
    if !is_border(first) {
        return Err(Problem {
            line: 0,
            message: "a grid table starts with a border line like `+-----+-----+`".to_owned(),
        });
    }
    let first_cols = columns(first);
    let bounds: Vec<usize> = first
        .char_indices()
        .filter(|(_, c)| *c == '+')
        .filter_map(|(i, _)| first_cols.iter().find(|(_, b)| *b == i).map(|(c, _)| *c))
        .collect();
    let mut header_border: Option<&str> = None;
    let mut groups: Vec<(Vec<usize>, bool)> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    for (n, (_, raw)) in lines.iter().enumerate().skip(1) {
        let line = raw.trim_end();
        let cols = columns(line);
        if is_border(line) {
            for &b in &bounds {
                if byte_at(&cols, b).and_then(|i| line.get(i..i + 1)) != Some("+") {
                    return Err(Problem {
                        line: n,
                        message: format!(
                            "this border has no `+` at column {}, where the first border has one: the columns do not line up",
                            b + 1
                        ),
                    });
                }
            }
            if line.chars().filter(|c| *c == '+').count() != bounds.len() {
                return Err(span_problem(n));
            }
            if current.is_empty() {
                return Err(Problem {
                    line: n,
                    message: "two borders with no row between them".to_owned(),
                });
            }
            let header = line.contains('=');
            if header {
                if !groups.is_empty() || header_border.is_some() {
                    return Err(Problem {
                        line: n,
                        message: "only the border under the first row may be `+===+`".to_owned(),
                    });
                }
                header_border = Some(line);
            }
            groups.push((std::mem::take(&mut current), header));
            continue;
        }
        if line.starts_with('+') {
            // A border with gaps closes some cells and not others: a row span.
            return Err(span_problem(n));
        }
        if !line.starts_with('|') {
            return Err(Problem {
                line: n,
                message: "every line of a grid table starts with `|` or `+`".to_owned(),
            });
        }
        for &b in &bounds {
            let wall = byte_at(&cols, b).and_then(|i| line.get(i..i + 1));
            if wall != Some("|") {
                return Err(if b == *bounds.last().unwrap_or(&0) {
                    Problem {
                        line: n,
                        message: format!(
                            "this row's last `|` is not at column {}, under the border's last `+`",
                            b + 1
                        ),
                    }
                } else {
                    Problem {
                        line: n,
                        message: format!(
                            "no `|` at column {}, under a `+` of the first border: a cell spans columns (not supported) or the row is misaligned",
                            b + 1
                        ),
                    }
                });
            }
        }
        current.push(n);
    }
    if !current.is_empty() || groups.is_empty() {
        return Err(Problem {
            line: lines.len().saturating_sub(1),
            message: "a grid table ends with a border line".to_owned(),
        });
    }
    let aligns = alignments(header_border.unwrap_or(first), &bounds);
    let cells = |rows: &[usize]| -> Vec<Cell> {
        bounds
            .windows(2)
            .map(|w| cell(lines, rows, w[0], w[1]))
            .collect()
    };
    let mut header = None;
    let mut rows = Vec::new();
    for (members, is_header) in &groups {
        if *is_header {
            header = Some(cells(members));
        } else {
            rows.push(cells(members));
        }
    }
    Ok(Grid {
        aligns,
        header,
        rows,
    })
}

fn span_problem(line: usize) -> Problem {
    Problem {
        line,
        message: "cells spanning rows or columns are not supported".to_owned(),
    }
}

/// Alignment from colons in a border: `:---` left, `---:` right, `:---:` centre.
fn alignments(border: &str, bounds: &[usize]) -> Vec<Alignment> {
    let cols = columns(border);
    bounds
        .windows(2)
        .map(|w| {
            let (a, b) = (byte_at(&cols, w[0]), byte_at(&cols, w[1]));
            let seg = match (a, b) {
                (Some(a), Some(b)) => border.get(a + 1..b).unwrap_or(""),
                _ => "",
            };
            match (seg.starts_with(':'), seg.ends_with(':')) {
                (true, true) => Alignment::Center,
                (true, false) => Alignment::Left,
                (false, true) => Alignment::Right,
                _ => Alignment::None,
            }
        })
        .collect()
}

/// The text of one cell: the slice between two walls on each of its lines, dedented, with
/// blank lines at either end dropped.
fn cell(lines: &[Line<'_>], rows: &[usize], from: usize, to: usize) -> Cell {
    let mut out: Vec<(usize, String)> = Vec::new();
    for &n in rows {
        let (offset, raw) = lines[n];
        let line = raw.trim_end();
        let cols = columns(line);
        let (Some(a), Some(b)) = (byte_at(&cols, from), byte_at(&cols, to)) else {
            continue;
        };
        let text = line.get(a + 1..b).unwrap_or("");
        out.push((offset + a + 1, text.trim_end().to_owned()));
    }
    let indent = out
        .iter()
        .filter(|(_, t)| !t.trim().is_empty())
        .map(|(_, t)| t.len() - t.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut lines: Vec<(usize, String)> = out
        .into_iter()
        .map(|(o, t)| {
            let cut = indent.min(t.len() - t.trim_start().len());
            (o + cut, t[cut..].to_owned())
        })
        .collect();
    while lines.last().is_some_and(|(_, t)| t.is_empty()) {
        lines.pop();
    }
    let lead = lines.iter().take_while(|(_, t)| t.is_empty()).count();
    lines.drain(..lead);
    Cell { lines }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let mut at = 0;
        for l in s.split('\n') {
            out.push((at, l));
            at += l.len() + 1;
        }
        out
    }

    #[test]
    fn reads_a_header_multi_line_cells_and_alignment() {
        let src = "+-------+----------+\n| Name  | Duty     |\n+:======+=========:+\n| Ana   | - one    |\n|       | - two    |\n+-------+----------+\n| 漢字  | plain    |\n+-------+----------+";
        let g = parse(&lines(src)).unwrap();
        assert_eq!(g.aligns, [Alignment::Left, Alignment::Right]);
        let h = g.header.unwrap();
        assert_eq!(h[0].lines[0].1, "Name");
        assert_eq!(g.rows.len(), 2);
        let duty: Vec<&str> = g.rows[0][1].lines.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(duty, ["- one", "- two"]);
        assert_eq!(g.rows[1][0].lines[0].1, "漢字");
        // Offsets point at the cell text in the source.
        let (off, text) = &g.rows[0][1].lines[1];
        assert_eq!(&src[*off..*off + text.len()], "- two");
    }

    #[test]
    fn spans_are_reported_not_guessed() {
        let src = "+---+---+\n| a     |\n+---+---+";
        let e = parse(&lines(src)).unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("column 5"), "{}", e.message);
        let src = "+---+---+\n| a | b |\n+---+   +\n| c | d |\n+---+---+";
        assert!(parse(&lines(src)).unwrap_err().message.contains("spanning"));
    }
}
