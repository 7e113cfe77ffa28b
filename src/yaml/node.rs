//! A YAML document as a tree of nodes that each know where they were written.
//!
//! serde-saphyr parses; its `Spanned<T>` gives the line, column and byte range of every node.
//! Decoding into the model happens afterwards (see `decode`), so that one file can report many
//! errors instead of stopping at the first, and so that plain scalars keep their exact text
//! (`version: 1.10` stays "1.10", not the float 1.1).

use crate::diag::{Code, Diagnostic};
use crate::source::{FileId, Span};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::budget::{Budget, BudgetBreach};
use serde_saphyr::{MergeKeyPolicy, Spanned, Tagged};
use std::fmt;

/// A node as serde-saphyr hands it over: with its place and any explicit tag.
type Item = Spanned<Tagged<Raw>>;

/// One YAML value with its location.
#[derive(Debug, Clone)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where it was written.
    pub span: Span,
}

/// The value of a node.
#[derive(Debug, Clone)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// A scalar: its text as written (plain) or as unquoted (quoted and block scalars).
    Scalar(Scalar),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order; keys are scalars.
    Map(Vec<(Node, Node)>),
}

/// A scalar value with what the YAML core schema made of it.
#[derive(Debug, Clone)]
pub struct Scalar {
    /// The text of the scalar.
    pub text: String,
    /// What the YAML core schema resolved it to.
    pub kind: ScalarKind,
}

/// The type the YAML core schema gives a scalar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarKind {
    /// A string.
    Str,
    /// `true` or `false` (the parser also accepts YAML 1.1 spellings such as `yes`).
    Bool(bool),
    /// An integer.
    Int,
    /// A floating-point number.
    Float,
}

impl Node {
    /// A short description of the node's type for "expected X, found Y" messages.
    pub fn describe(&self) -> &'static str {
        match &self.value {
            Value::Null => "nothing",
            Value::Scalar(s) => match s.kind {
                ScalarKind::Str => "a string",
                ScalarKind::Bool(_) => "a boolean",
                ScalarKind::Int => "an integer",
                ScalarKind::Float => "a number",
            },
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The key text, for a node used as a mapping key.
    pub fn key_text(&self) -> &str {
        match &self.value {
            Value::Scalar(s) => &s.text,
            _ => "",
        }
    }
}

/// What serde produces before spans are attached.
enum Raw {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Item>),
    Map(Vec<(Item, Item)>),
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::Int(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Raw, E> {
        Ok(Raw::Int(v.into()))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Raw, E> {
        Ok(Raw::Int(v))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Raw, E> {
        Ok(Raw::Int(i128::try_from(v).unwrap_or(i128::MAX)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Item>()? {
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry::<Item, Item>()? {
            entries.push(entry);
        }
        Ok(Raw::Map(entries))
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

/// Where a YAML text sits inside its file (front matter starts after the `---` line).
#[derive(Debug, Clone, Copy)]
pub struct Origin {
    /// The file.
    pub file: FileId,
    /// Lines before the YAML text in the file.
    pub line_offset: u32,
    /// Bytes before the YAML text in the file.
    pub byte_offset: usize,
}

/// Parses a YAML text into a node tree; a syntax error becomes one diagnostic.
pub fn parse(text: &str, origin: Origin) -> Result<Node, Diagnostic> {
    // Reject what YAML tooling commonly trips on before the parser sees it: a tab used for
    // indentation gives an obscure parser message, so say it plainly.
    if let Some((line_idx, line)) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with('\t') || l.trim_start_matches(' ').starts_with('\t'))
    {
        let offset: usize = text.lines().take(line_idx).map(|l| l.len() + 1).sum();
        let col = line.chars().take_while(|c| *c == ' ').count() as u32 + 1;
        let span = Span {
            file: origin.file,
            line: origin.line_offset + line_idx as u32 + 1,
            col,
            offset: origin.byte_offset + offset + col as usize - 1,
            len: 1,
        };
        return Err(Diagnostic::error(
            Code::YamlSyntax,
            span,
            "tab character used for indentation",
        )
        .with_hint("YAML indents with spaces only; replace the tab with spaces"));
    }
    match serde_saphyr::from_str_with_options::<Item>(text, options(text)) {
        Ok(root) => convert(root, text, origin),
        Err(err) => Err(syntax_error(&err, text, origin)),
    }
}

/// Each value of a YAML file is at least two bytes (`a\n`, `- a`), so a document cannot
/// legitimately hold more nodes than half its length: the limits grow with the file (a
/// 100,000-control matrix loads), while aliases, which expand without taking bytes, stay
/// bounded (a "billion laughs" file fails fast, in bounded memory).
fn options(text: &str) -> serde_saphyr::Options {
    let mut budget = Budget::default();
    budget.max_nodes = (text.len() / 2 + 1_000).max(budget.max_nodes);
    budget.max_events = budget.max_nodes.saturating_mul(2).max(budget.max_events);
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    // `<<:` merge keys copy fields between items, which hides what an item really says.
    options.merge_keys = MergeKeyPolicy::Error;
    options
}

fn syntax_error(err: &serde_saphyr::Error, text: &str, origin: Origin) -> Diagnostic {
    let (line, col) = err
        .location()
        .map(|l| (l.line() as u32, l.column() as u32))
        .filter(|(l, _)| *l > 0)
        .unwrap_or_else(|| {
            // End of input: point after the last character.
            crate::source::line_col(text, text.len())
        });
    let offset = crate::source::offset_of(text, line, col).unwrap_or(text.len());
    // One character, however many bytes it takes (a BOM, a bidi mark, an emoji).
    let len = text
        .get(offset..)
        .and_then(|rest| rest.chars().next())
        .map_or(0, char::len_utf8);
    let span = Span {
        file: origin.file,
        line: origin.line_offset + line,
        col,
        offset: origin.byte_offset + offset,
        len,
    };
    // The parser wraps limit errors in alias and snippet context; the limit decides the words.
    let mut inner = err;
    while let serde_saphyr::Error::AliasError { error, .. }
    | serde_saphyr::Error::WithSnippet { error, .. } = inner
    {
        inner = error;
    }
    match inner {
        serde_saphyr::Error::Budget { breach, .. } => {
            let (message, hint) = budget_message(breach);
            return Diagnostic::error(Code::YamlSyntax, span, message).with_hint(hint);
        }
        serde_saphyr::Error::MergeKeyNotAllowed { .. } => {
            return Diagnostic::error(Code::YamlSyntax, span, "`<<:` merge keys are not read")
                .with_hint(
                    "`<<:` merge keys are not read: write each field out in every item that has it",
                );
        }
        serde_saphyr::Error::AliasReplayCounterOverflow { .. }
        | serde_saphyr::Error::AliasReplayLimitExceeded { .. }
        | serde_saphyr::Error::AliasExpansionLimitExceeded { .. }
        | serde_saphyr::Error::AliasReplayStackDepthExceeded { .. } => {
            let (message, hint) = budget_message(&BudgetBreach::Aliases { aliases: 0 });
            return Diagnostic::error(Code::YamlSyntax, span, message).with_hint(hint);
        }
        _ => {}
    }
    let message = plain_message(err);
    let hint = if message.contains("duplicate mapping key") {
        "each key may appear once in a mapping; remove or rename one of them"
    } else {
        "check the indentation and quoting near this position; values containing `: ` or `#` need quotes"
    };
    Diagnostic::error(Code::YamlSyntax, span, format!("invalid YAML: {message}")).with_hint(hint)
}

/// Which limit a document broke, in words, and what to do.
fn budget_message(breach: &BudgetBreach) -> (String, &'static str) {
    match breach {
        BudgetBreach::Depth { depth } => (
            format!("the YAML nests {depth} levels deep; the limit is 64"),
            "no trustbook file nests that deep: check the brackets and indentation",
        ),
        BudgetBreach::Aliases { .. }
        | BudgetBreach::Anchors { .. }
        | BudgetBreach::AliasAnchorRatio { .. }
        | BudgetBreach::RecordedAnchorEvents { .. }
        | BudgetBreach::RecordedAnchorBytes { .. } => (
            "the YAML's aliases (`*name`) expand to too much data".to_owned(),
            "remove recursive or repeated aliases; write the values out instead",
        ),
        BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } => (
            "the YAML expands to more values than its size allows (aliases repeated many times)"
                .to_owned(),
            "remove repeated aliases; write the values out instead",
        ),
        BudgetBreach::ScalarBytes { .. } | BudgetBreach::InputBytes { .. } => (
            "the YAML holds more than 64 MiB of text".to_owned(),
            "split the data over several files, or keep large content in evidence files",
        ),
        BudgetBreach::Documents { .. } => (
            "the file holds too many YAML documents (`---` separators)".to_owned(),
            "a trustbook YAML file holds one document",
        ),
        _ => (
            format!("the YAML breaks a parser limit ({breach:?})"),
            "simplify the file: no aliases, no deep nesting",
        ),
    }
}

/// The parser's message without its own location and snippet decoration.
fn plain_message(err: &serde_saphyr::Error) -> String {
    let opts = serde_saphyr::render_options! { snippets: serde_saphyr::SnippetMode::Off };
    let rendered = err.render_with_options(opts);
    let first = rendered.lines().next().unwrap_or_default().trim();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    // Drop a leading "line N column M: " that the parser adds.
    let without_loc = match first.find(": ") {
        Some(i) if first[..i].starts_with("line ") => &first[i + 2..],
        _ => first,
    };
    // And a trailing " at line N column M".
    let trimmed = match without_loc.rfind(" at line ") {
        Some(i) => &without_loc[..i],
        None => without_loc,
    };
    let msg = trimmed
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(trimmed);
    msg.trim().to_owned()
}

fn span_of<T>(s: &Spanned<T>, text: &str, origin: Origin) -> Span {
    let loc = s.referenced;
    let sp = loc.span();
    let offset = sp
        .byte_offset()
        .map(|o| o as usize)
        .or_else(|| crate::source::offset_of(text, loc.line() as u32, loc.column() as u32))
        .unwrap_or(0);
    let len = sp.byte_len().map_or(0, |l| l as usize);
    Span {
        file: origin.file,
        line: origin.line_offset + loc.line() as u32,
        col: loc.column() as u32,
        offset: origin.byte_offset + offset,
        len,
    }
}

/// Turns what serde-saphyr parsed into a node tree; an explicit tag (`!!binary`, `!!str`,
/// `!custom`) is an error, since trustbook reads plain values only and a tag would change what
/// a value means without showing it.
fn convert(item: Item, text: &str, origin: Origin) -> Result<Node, Diagnostic> {
    let span = span_of(&item, text, origin);
    let Tagged(raw, tag) = item.value;
    if let Some(tag) = tag {
        let tag = match tag.strip_prefix("tag:yaml.org,2002:") {
            Some(core) => format!("!!{core}"),
            None => tag,
        };
        return Err(Diagnostic::error(
            Code::YamlSyntax,
            span,
            format!("YAML tag `{tag}` is not read"),
        )
        .with_hint("remove the tag and write the value as plain text; quote it if it must stay text (\"1.10\")"));
    }
    // The exact source text of a plain scalar, so numbers keep their spelling.
    let source_text = || -> Option<String> {
        let start = span.offset.checked_sub(origin.byte_offset)?;
        text.get(start..start + span.len).map(str::to_owned)
    };
    let scalar = |fallback: String, kind: ScalarKind| {
        let text = source_text()
            .filter(|t| !t.is_empty() && !t.starts_with(['"', '\'', '*', '&', '!']))
            .unwrap_or(fallback);
        Value::Scalar(Scalar { text, kind })
    };
    let value = match raw {
        Raw::Null => Value::Null,
        Raw::Bool(b) => scalar(b.to_string(), ScalarKind::Bool(b)),
        Raw::Int(i) => scalar(i.to_string(), ScalarKind::Int),
        Raw::Float(f) => scalar(f.to_string(), ScalarKind::Float),
        Raw::Str(s) => Value::Scalar(Scalar {
            text: s,
            kind: ScalarKind::Str,
        }),
        // Depth is bounded by the parser's budget (64 levels).
        Raw::Seq(items) => Value::Seq(
            items
                .into_iter()
                .map(|i| convert(i, text, origin))
                .collect::<Result<_, _>>()?,
        ),
        Raw::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| Ok((convert(k, text, origin)?, convert(v, text, origin)?)))
                .collect::<Result<_, _>>()?,
        ),
    };
    Ok(Node { value, span })
}
