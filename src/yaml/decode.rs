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
        match parse_date(&text) {
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

    /// A list of strings; bad items are reported and skipped.
    pub fn string_list(&mut self, node: &Node, what: &str) -> Option<Vec<Sp<String>>> {
        let items = self.seq(node, what)?;
        Some(items.iter().filter_map(|i| self.string(i)).collect())
    }
}

/// Parses `YYYY-MM-DD`, explaining what is wrong and suggesting the closest valid date.
pub fn parse_date(s: &str) -> Result<Date, (String, String)> {
    let example = "dates are written YYYY-MM-DD, for example 2026-01-15";
    let parts: Vec<&str> = s.split('-').collect();
    let shape_ok = parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if !shape_ok {
        let hint = guess_date(s).map_or_else(
            || example.to_owned(),
            |d| format!("did you mean `{d}`? ({example})"),
        );
        return Err((format!("`{s}` is not a date"), hint));
    }
    let (y, m, d) = (
        parts[0].parse::<i16>().unwrap_or(0),
        parts[1].parse::<i8>().unwrap_or(0),
        parts[2].parse::<i8>().unwrap_or(0),
    );
    if !(1..=12).contains(&m) {
        return Err((
            format!("`{s}` is not a date: there is no month {m}"),
            format!("months run from 01 to 12 ({example})"),
        ));
    }
    match Date::new(y, m, d) {
        Ok(date) => Ok(date),
        Err(_) => {
            let last = Date::new(y, m, 1).map_or(28, |first| first.days_in_month());
            Err((
                format!("`{s}` is not a date: {} {y} has {last} days", month_name(m)),
                format!("did you mean `{y:04}-{m:02}-{last:02}`?"),
            ))
        }
    }
}

/// Reads common non-ISO spellings (`15.01.2026`, `2026/01/15`) to suggest the ISO form.
fn guess_date(s: &str) -> Option<String> {
    let nums: Vec<&str> = s
        .split(['/', '.', '-', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    if nums.len() != 3 || !nums.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    // Each part must fit; a part too long for a number is no date at all.
    let n: Vec<i32> = nums.iter().map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let (y, m, d) = match (nums.as_slice(), n.as_slice()) {
        ([first, ..], &[a, b, c]) if first.len() == 4 => (a, b, c),
        ([.., last], &[a, b, c]) if last.len() == 4 => {
            // Day first is the international reading; month first only when the day cannot be.
            if b > 12 { (c, a, b) } else { (c, b, a) }
        }
        _ => return None,
    };
    let date = Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()?;
    Some(date.to_string())
}

fn month_name(m: i8) -> String {
    Date::new(2000, m, 1).map_or_else(
        |_| "this month".to_owned(),
        |d| d.strftime("%B").to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_explain_themselves() {
        assert!(parse_date("2026-01-15").is_ok());
        let (msg, hint) = parse_date("2026-02-30").unwrap_err();
        assert!(msg.contains("February 2026 has 28 days"), "{msg}");
        assert!(hint.contains("2026-02-28"));
        let (_, hint) = parse_date("15.01.2026").unwrap_err();
        assert!(hint.contains("2026-01-15"), "{hint}");
        // Parts too large for a number are no date, and never a panic.
        for s in [
            "2026-99999999999-01",
            "99999999999.1.2026",
            "1.99999999999.2026",
        ] {
            let (msg, _) = parse_date(s).unwrap_err();
            assert!(msg.contains("is not a date"), "{msg}");
        }
        let (msg, _) = parse_date("2026-13-01").unwrap_err();
        assert!(msg.contains("no month 13"));
    }
}
