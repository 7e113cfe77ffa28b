//! Typed decoding of YAML nodes with every error collected as a diagnostic.
//!
//! Each `decode` function returns `None` after recording a diagnostic, so one bad value never
//! hides the next one.

use super::node::{Node, ScalarKind, Value};
use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::source::{Sp, Span};
use jiff::civil::Date;

/// A closed set of allowed words for a field (`classification`, `frequency`, …).
pub trait Keyword: Sized + Copy + 'static {
    /// What the value is called in messages ("classification").
    const WHAT: &'static str;
    /// The allowed spellings and their values, in the order they are listed to users.
    const ALL: &'static [(&'static str, Self)];

    /// The canonical spelling.
    fn as_str(self) -> &'static str
    where
        Self: PartialEq,
    {
        Self::ALL
            .iter()
            .find(|(_, v)| *v == self)
            .map_or("", |(s, _)| s)
    }

    /// Parses a spelling, exactly.
    fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().find(|(k, _)| *k == s).map(|(_, v)| *v)
    }

    /// The allowed spellings joined for a message.
    fn allowed() -> String {
        Self::ALL
            .iter()
            .map(|(k, _)| *k)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The entries of a mapping that passed the unknown-field check.
pub struct Fields<'n> {
    /// Where the mapping starts.
    pub span: Span,
    entries: &'n [(Node, Node)],
    /// Known fields that an unknown one was taken for (`ownr` -> `owner`): their absence is
    /// already explained, so it is not reported again.
    suggested: Vec<&'static str>,
}

impl<'n> Fields<'n> {
    /// The value of a field, if present and not null.
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.key_text() == key)
            .map(|(_, v)| v)
            .filter(|v| !matches!(v.value, Value::Null))
    }

    /// Whether the field is written at all (even as null).
    pub fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _)| k.key_text() == key)
    }

    /// Where a field's key is written, if it is.
    pub fn key_span(&self, key: &str) -> Option<Span> {
        self.entries
            .iter()
            .find(|(k, _)| k.key_text() == key)
            .map(|(k, _)| k.span)
    }
}

/// Decodes nodes into typed values, recording problems.
pub struct Decoder<'d> {
    /// Where problems go.
    pub diags: &'d mut Diagnostics,
}

impl<'d> Decoder<'d> {
    /// Wraps a diagnostics collection.
    pub fn new(diags: &'d mut Diagnostics) -> Self {
        Decoder { diags }
    }

    /// Records an error.
    pub fn error(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn type_error(&mut self, node: &Node, expected: &str) {
        let mut d = Diagnostic::error(
            Code::InvalidType,
            node.span,
            format!("expected {expected}, found {}", node.describe()),
        );
        if expected.starts_with("a list") {
            if let Value::Scalar(s) = &node.value {
                d = d.with_hint(format!("write a list: [{}]", s.text));
            }
        } else if expected.starts_with("a string") && matches!(node.value, Value::Seq(_)) {
            d = d.with_hint("this field takes one value, not a list");
        }
        self.error(d);
    }

    /// A mapping with only the listed fields; unknown ones are reported with a suggestion.
    pub fn map<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        fields: &[&'static str],
    ) -> Option<Fields<'n>> {
        let Value::Map(entries) = &node.value else {
            self.type_error(node, &format!("a mapping ({what})"));
            return None;
        };
        let mut suggested = Vec::new();
        for (key, _) in entries {
            let name = key.key_text();
            if !fields.contains(&name) {
                let close = crate::diag::closest(name, fields.iter().copied());
                if let Some(c) = close.and_then(|c| fields.iter().find(|f| **f == c)) {
                    suggested.push(*c);
                }
                let hint = close
                    .map(|c| format!("did you mean `{c}`?"))
                    .unwrap_or_else(|| format!("the fields of {what} are: {}", fields.join(", ")));
                self.error(
                    Diagnostic::error(
                        Code::UnknownField,
                        key.span,
                        format!("unknown field `{name}` in {what}"),
                    )
                    .with_hint(hint),
                );
            }
        }
        Some(Fields {
            span: node.span,
            entries,
            suggested,
        })
    }

    /// A required field: reports its absence, then decodes it.
    pub fn required<'n, T>(
        &mut self,
        fields: &Fields<'n>,
        key: &str,
        what: &str,
        decode: impl FnOnce(&mut Self, &'n Node) -> Option<T>,
    ) -> Option<T> {
        match fields.get(key) {
            Some(node) => decode(self, node),
            None if fields.suggested.contains(&key) => None,
            None => {
                let message = if fields.has(key) {
                    format!("field `{key}` of {what} is empty")
                } else {
                    format!("missing field `{key}` in {what}")
                };
                self.error(
                    Diagnostic::error(Code::MissingField, fields.span, message)
                        .with_hint(format!("add `{key}: …` to {what}")),
                );
                None
            }
        }
    }

    /// An optional field: `None` when absent or null, or after an error.
    pub fn optional<'n, T>(
        &mut self,
        fields: &Fields<'n>,
        key: &str,
        decode: impl FnOnce(&mut Self, &'n Node) -> Option<T>,
    ) -> Option<T> {
        fields.get(key).and_then(|node| decode(self, node))
    }

    /// Any scalar as text (numbers keep their spelling); empty strings are errors.
    pub fn string(&mut self, node: &Node) -> Option<Sp<String>> {
        match &node.value {
            Value::Scalar(s) if !s.text.trim().is_empty() => {
                Some(Sp::new(s.text.trim_end_matches('\n').to_owned(), node.span))
            }
            Value::Scalar(_) => {
                self.error(
                    Diagnostic::error(
                        Code::InvalidValue,
                        node.span,
                        "expected text, found an empty string",
                    )
                    .with_hint("write a value or remove the field"),
                );
                None
            }
            _ => {
                self.type_error(node, "a string");
                None
            }
        }
    }

    /// `true` or `false`.
    pub fn bool(&mut self, node: &Node) -> Option<bool> {
        match &node.value {
            Value::Scalar(s) => match s.kind {
                ScalarKind::Bool(b) => Some(b),
                _ => {
                    self.bool_error(node, &s.text);
                    None
                }
            },
            _ => {
                self.type_error(node, "`true` or `false`");
                None
            }
        }
    }

    fn bool_error(&mut self, node: &Node, text: &str) {
        let hint = match text.to_lowercase().as_str() {
            "yes" | "y" | "on" => "write `true`",
            "no" | "n" | "off" => "write `false`",
            _ => "write `true` or `false`",
        };
        self.error(
            Diagnostic::error(
                Code::InvalidValue,
                node.span,
                format!("expected `true` or `false`, found `{text}`"),
            )
            .with_hint(hint),
        );
    }

    /// A non-negative integer.
    pub fn uint(&mut self, node: &Node) -> Option<u32> {
        match &node.value {
            Value::Scalar(s) if s.kind == ScalarKind::Int => match s.text.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    self.error(Diagnostic::error(
                        Code::InvalidValue,
                        node.span,
                        format!(
                            "expected a whole number from 0 to {}, found `{}`",
                            u32::MAX,
                            s.text
                        ),
                    ));
                    None
                }
            },
            _ => {
                self.type_error(node, "a whole number");
                None
            }
        }
    }

    /// One of a keyword's allowed values.
    pub fn keyword<K: Keyword>(&mut self, node: &Node) -> Option<Sp<K>> {
        let text = self.string(node)?;
        if let Some(k) = K::parse(&text) {
            return Some(Sp::new(k, text.span));
        }
        let allowed = K::ALL.iter().map(|(k, _)| *k);
        let hint = match did_you_mean(&text, allowed) {
            Some(dym) => format!("{dym} (allowed: {})", K::allowed()),
            None => format!("allowed values: {}", K::allowed()),
        };
        self.error(
            Diagnostic::error(
                Code::InvalidValue,
                text.span,
                format!("`{}` is not a valid {}", text.value, K::WHAT),
            )
            .with_hint(hint),
        );
        None
    }

    /// A calendar date written `YYYY-MM-DD`.
    pub fn date(&mut self, node: &Node) -> Option<Sp<Date>> {
        let text = self.string(node)?;
        match crate::dates::parse_date(&text) {
            Ok(date) => Some(Sp::new(date, text.span)),
            Err((message, hint)) => {
                self.error(
                    Diagnostic::error(Code::InvalidDate, text.span, message).with_hint(hint),
                );
                None
            }
        }
    }

    /// A list; a null value counts as the empty list.
    pub fn seq<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [Node]> {
        match &node.value {
            Value::Seq(items) => Some(items),
            Value::Null => Some(&[]),
            _ => {
                self.type_error(node, &format!("a list ({what})"));
                None
            }
        }
    }

    /// A web address (`http` or `https`), through the one URL check; stored as a browser
    /// reads it.
    pub fn web_url(&mut self, node: &Node) -> Option<Sp<String>> {
        let s = self.string(node)?;
        match crate::urls::check_web(&s) {
            Ok(u) => Some(Sp::new(u.text, s.span)),
            Err(problem) => {
                let no_scheme = !s.contains(':') && !s.starts_with('/') && !s.contains(' ');
                let (code, hint) = match &problem {
                    crate::urls::Problem::Malformed(_) if no_scheme && s.contains('.') => (
                        Code::InvalidValue,
                        format!("did you mean `https://{}`?", s.value),
                    ),
                    crate::urls::Problem::Malformed(_) => (
                        Code::InvalidValue,
                        "write an absolute URL such as https://example.com/page".to_owned(),
                    ),
                    p => (Code::UnsafeUrl, p.hint(&s)),
                };
                self.error(Diagnostic::error(code, s.span, problem.message(&s)).with_hint(hint));
                None
            }
        }
    }

    /// An absolute `https` URL (see [`crate::urls::check_https`]).
    pub fn https_url(&mut self, node: &Node) -> Option<Sp<String>> {
        let s = self.string(node)?;
        match crate::urls::check_https(&s) {
            Ok(u) => Some(Sp::new(u.text, s.span)),
            Err(problem) => {
                let hint = match (&problem, s.value.strip_prefix("http://")) {
                    (crate::urls::Problem::Malformed(_), Some(rest)) => {
                        format!("did you mean `https://{rest}`?")
                    }
                    (crate::urls::Problem::Malformed(_), None)
                        if !s.contains(':') && s.contains('.') && !s.contains(' ') =>
                    {
                        format!("did you mean `https://{}`?", s.value)
                    }
                    (crate::urls::Problem::Malformed(_), None) => {
                        "write an absolute URL such as https://example.com/request".to_owned()
                    }
                    (p, _) => p.hint(&s),
                };
                let (code, message) = match &problem {
                    crate::urls::Problem::Malformed(_) if s.starts_with("http://") => (
                        Code::InvalidValue,
                        format!(
                            "`{}` is an http address; readers' requests must not travel in clear text",
                            s.value
                        ),
                    ),
                    crate::urls::Problem::Malformed(_) => (Code::InvalidValue, problem.message(&s)),
                    _ => (Code::UnsafeUrl, problem.message(&s)),
                };
                self.error(Diagnostic::error(code, s.span, message).with_hint(hint));
                None
            }
        }
    }

    /// A list of strings; bad items are reported and skipped.
    pub fn string_list(&mut self, node: &Node, what: &str) -> Option<Vec<Sp<String>>> {
        let items = self.seq(node, what)?;
        Some(items.iter().filter_map(|i| self.string(i)).collect())
    }
}
