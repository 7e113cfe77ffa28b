//! Valid Markdown that probably says something else than its author meant, and constructs no
//! output draws: `check` warnings with the place and the likely intent.

use super::{Ev, Note, NoteKind};
use pulldown_cmark::{CodeBlockKind, Event, Tag};
use std::collections::HashMap;
use std::ops::Range;

/// Adds the warnings for a parsed document.
pub fn lint(text: &str, events: &[(Ev, Range<usize>)], notes: &mut Vec<Note>) {
    let mut code: Vec<Range<usize>> = Vec::new();
    let mut in_paragraph_start = false;
    for (e, r) in events {
        let Ev::Md(e) = e else {
            in_paragraph_start = false;
            continue;
        };
        match e {
            Event::Start(Tag::Paragraph) => {
                in_paragraph_start = true;
                continue;
            }
            Event::Text(t) if in_paragraph_start => hashless_heading(text, t, r, notes),
            Event::Start(Tag::CodeBlock(kind)) => {
                code.push(r.clone());
                code_block(text, kind, r, notes);
            }
            Event::Start(Tag::Heading { .. }) => setext(text, r, notes),
            Event::Start(Tag::Link { dest_url, .. })
                if dest_url.is_empty() || &**dest_url == "#" =>
            {
                notes.push(Note {
                    range: r.clone(),
                    kind: NoteKind::Suspicious,
                    message: format!("this link goes nowhere (`{}`)", if dest_url.is_empty() { "()" } else { "(#)" }),
                    hint: "link to a heading (`#section`), an item (`policy:…`) or a URL, or remove the link".to_owned(),
                });
            }
            _ => {}
        }
        in_paragraph_start = false;
    }
    duplicate_definitions(text, &code, notes);
}

/// `#Heading` at the start of a paragraph: CommonMark needs a space after the `#`s.
fn hashless_heading(text: &str, t: &str, r: &Range<usize>, notes: &mut Vec<Note>) {
    let hashes = t.chars().take_while(|c| *c == '#').count();
    let next = t[hashes..].chars().next();
    let at_line_start = text.get(r.start..r.start + 1) == Some("#");
    if (1..=6).contains(&hashes) && next.is_some_and(char::is_alphabetic) && at_line_start {
        let word = t.split_whitespace().next().unwrap_or(t);
        notes.push(Note {
            range: r.start..r.start + word.len(),
            kind: NoteKind::Suspicious,
            message: format!("`{word}` is a paragraph, not a heading"),
            hint: format!(
                "a heading needs a space after the `#`: `{} {}`; write `\\#` to start a line with `#`",
                &t[..hashes],
                &word[hashes..]
            ),
        });
    }
}

/// A list indented with a tab becomes a code block; a Mermaid diagram is not drawn.
fn code_block(text: &str, kind: &CodeBlockKind<'_>, r: &Range<usize>, notes: &mut Vec<Note>) {
    match kind {
        CodeBlockKind::Fenced(lang) => {
            if lang.split_whitespace().next() == Some("mermaid") {
                notes.push(Note {
                    range: r.start..r.start + 3,
                    kind: NoteKind::Unsupported,
                    message: "this Mermaid diagram is shown as its source, not drawn".to_owned(),
                    hint: "export it as an image into content/assets/ and link it with ![description](../assets/diagram.png)".to_owned(),
                });
            }
        }
        CodeBlockKind::Indented => {
            let line_start = text[..r.start.min(text.len())]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let line = text[line_start..].lines().next().unwrap_or("");
            let content = line.trim_start();
            let digits = content.chars().take_while(char::is_ascii_digit).count();
            let listy = content.starts_with(['-', '*', '+']) && content[1..].starts_with(' ')
                || digits > 0 && content[digits..].starts_with(['.', ')']);
            if line.starts_with('\t') && listy {
                notes.push(Note {
                    range: line_start..line_start + line.len(),
                    kind: NoteKind::Suspicious,
                    message: "this list is indented with a tab, so it became a code block"
                        .to_owned(),
                    hint:
                        "indent nested list items with spaces (two to four) under their parent item"
                            .to_owned(),
                });
            }
        }
    }
}

/// A paragraph turned into a heading by a `---` line under it.
fn setext(text: &str, r: &Range<usize>, notes: &mut Vec<Note>) {
    let Some(src) = text.get(r.clone()) else {
        return;
    };
    let lines: Vec<&str> = src.trim_end().lines().collect();
    let Some(last) = lines.last() else {
        return;
    };
    let underline = last.trim();
    if lines.len() < 2 || underline.is_empty() || !underline.chars().all(|c| c == '-') {
        return;
    }
    let heading: Vec<&str> = lines[..lines.len() - 1].iter().map(|l| l.trim()).collect();
    let prose = heading.len() > 1
        || heading.join(" ").len() > 60
        || heading
            .last()
            .is_some_and(|l| l.ends_with(['.', ':', ';', ',']));
    if prose {
        let at = r.start + src.rfind(underline).unwrap_or(0);
        notes.push(Note {
            range: at..at + underline.len(),
            kind: NoteKind::Suspicious,
            message: "this `---` turns the paragraph above it into a heading".to_owned(),
            hint: "put a blank line before `---` for a horizontal rule; write `## Heading` for a heading".to_owned(),
        });
    }
}

/// A link reference defined twice: the second definition is ignored, so links that meant it
/// go to the first.
fn duplicate_definitions(text: &str, code: &[Range<usize>], notes: &mut Vec<Note>) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        if code.iter().any(|c| c.start <= start && start < c.end) {
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if indent > 3 || !rest.starts_with('[') || rest.starts_with("[^") {
            continue;
        }
        let Some(close) = rest.find("]:") else {
            continue;
        };
        let label: String = rest[1..close]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if label.is_empty() {
            continue;
        }
        if let Some(first) = seen.get(&label) {
            let line_no = text[..*first].matches('\n').count() + 1;
            notes.push(Note {
                range: start + indent..start + indent + close + 2,
                kind: NoteKind::Suspicious,
                message: format!("`[{label}]` is defined twice; this definition is ignored"),
                hint: format!(
                    "links to [{label}] go to the first definition (line {line_no} of the body); give this one another label or remove it"
                ),
            });
        } else {
            seen.insert(label, start);
        }
    }
}
