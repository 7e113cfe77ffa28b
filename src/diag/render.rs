//! Printing diagnostics for people (snippets with carets), for machines (JSON) and for GitHub
//! Actions (workflow annotations).

use super::{Diagnostic, Severity};
use crate::source::{SourceMap, Span};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde_json::{Value, json};

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Coloured snippets with carets, like a compiler.
    #[default]
    Human,
    /// One JSON document.
    Json,
    /// GitHub Actions workflow commands (`::error file=…`).
    Github,
}

/// How to render human output.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Use ANSI colours.
    pub color: bool,
}

/// Renders one diagnostic in the given format (JSON renders one object per line).
pub fn render(d: &Diagnostic, sources: &SourceMap, format: Format, opts: RenderOptions) -> String {
    match format {
        Format::Human => human(d, sources, opts),
        Format::Json => to_json(d, sources).to_string(),
        Format::Github => github(d, sources),
    }
}

fn human(d: &Diagnostic, sources: &SourceMap, opts: RenderOptions) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(d.message.as_str()).id(d.code.as_str());
    let mut group = Group::with_title(title);
    let mut extra_notes = Vec::new();
    if let Some(span) = d.span {
        let file = sources.get(span.file);
        let mut snippet = Snippet::source(file.text.as_str())
            .line_start(1)
            .path(file.name.as_str())
            .annotation(AnnotationKind::Primary.span(byte_range(span, &file.text)));
        for note in &d.notes {
            if note.span.file == span.file {
                snippet = snippet.annotation(
                    AnnotationKind::Context
                        .span(byte_range(note.span, &file.text))
                        .label(note.message.as_str()),
                );
            } else {
                extra_notes.push(note);
            }
        }
        group = group.element(snippet);
    }
    for note in extra_notes {
        let file = sources.get(note.span.file);
        group = group.element(
            Snippet::source(file.text.as_str())
                .line_start(1)
                .path(file.name.as_str())
                .annotation(
                    AnnotationKind::Context
                        .span(byte_range(note.span, &file.text))
                        .label(note.message.as_str()),
                ),
        );
    }
    if let Some(hint) = &d.hint {
        group = group.element(Level::HELP.message(hint.as_str()));
    }
    let renderer = if opts.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&[group])
}

/// The byte range of a span, clamped to the text and to character boundaries (a span may come
/// from a parser that counts differently), and widened to at least one character so a caret
/// is always drawn.
fn byte_range(span: Span, text: &str) -> std::ops::Range<usize> {
    let mut start = span.offset.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.offset.saturating_add(span.len).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    if end <= start {
        end = text[start..]
            .chars()
            .next()
            .filter(|c| *c != '\n')
            .map_or(start, |c| start + c.len_utf8());
    }
    start..end
}

/// Location fields shared by JSON and GitHub output.
fn location(span: Option<Span>, sources: &SourceMap) -> Option<(&str, u32, u32)> {
    span.map(|s| (sources.name(s.file), s.line, s.col))
}

/// The machine-readable form of a diagnostic.
pub fn to_json(d: &Diagnostic, sources: &SourceMap) -> Value {
    let (file, line, column) = match location(d.span, sources) {
        Some((f, l, c)) => (Value::from(f), Value::from(l), Value::from(c)),
        None => (Value::Null, Value::Null, Value::Null),
    };
    json!({
        "severity": d.severity,
        "code": d.code,
        "message": d.message,
        "file": file,
        "line": line,
        "column": column,
        "hint": d.hint,
        "notes": d.notes.iter().map(|n| json!({
            "file": sources.name(n.span.file),
            "line": n.span.line,
            "column": n.span.col,
            "message": n.message,
        })).collect::<Vec<_>>(),
    })
}

fn github(d: &Diagnostic, sources: &SourceMap) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message.push_str(" (");
        message.push_str(hint);
        message.push(')');
    }
    let props = match location(d.span, sources) {
        Some((file, line, col)) => format!(
            " file={},line={line},col={col},title={}",
            escape_property(file),
            escape_property(d.code.as_str())
        ),
        None => format!(" title={}", escape_property(d.code.as_str())),
    };
    format!("::{kind}{props}::{}", escape_data(&message))
}

/// Escaping rules of GitHub workflow commands for the message part.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping rules of GitHub workflow commands for property values.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;
    use crate::source::{FileId, SourceMap};

    #[test]
    fn spans_inside_a_character_are_widened_to_it() {
        let mut sources = SourceMap::default();
        let text = "a: \"x\" 😀\u{200f}\n";
        let file = sources.add("t.yaml".into(), "t.yaml".into(), text.to_owned());
        let emoji = text.find('😀').unwrap();
        for (offset, len) in [(emoji, 1), (emoji + 1, 1), (emoji + 2, 3), (emoji + 4, 1)] {
            let span = Span {
                file,
                line: 1,
                col: 8,
                offset,
                len,
            };
            let d = Diagnostic::error(Code::YamlSyntax, span, "x");
            let out = render(&d, &sources, Format::Human, RenderOptions::default());
            assert!(out.contains("t.yaml"), "{out}");
        }
        assert_eq!(
            byte_range(
                Span {
                    file: FileId(0),
                    line: 1,
                    col: 1,
                    offset: emoji + 1,
                    len: 1
                },
                text
            ),
            emoji..emoji + 4
        );
    }
}
