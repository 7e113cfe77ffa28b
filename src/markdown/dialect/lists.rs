//! Lettered and roman list markers (`a.`, `b)`, `A.  `, `i.`, `ii.`), as pandoc reads them.
//!
//! CommonMark knows only numbers, so before parsing each such marker is rewritten to `1` with
//! its delimiter, padded with spaces to the same width: every offset in the document stays
//! where it was, so spans and links need no mapping. The style of each list is kept by the
//! offset of its first marker, and text that was rewritten but did not become a list is
//! restored from the original.

use super::ListStyle;
use std::ops::Range;

/// A document with lettered markers rewritten.
pub struct Prepared {
    /// The text CommonMark parses (same length as the original).
    pub text: String,
    /// The style of the list whose first marker starts at each offset.
    pub styles: Vec<(usize, ListStyle)>,
    /// The bytes that were rewritten.
    pub rewritten: Vec<Range<usize>>,
}

impl Prepared {
    /// The style of a list starting at `offset` (decimal unless a marker was rewritten there).
    pub fn style_at(&self, offset: usize) -> ListStyle {
        self.styles
            .iter()
            .find(|(o, _)| *o == offset)
            .map_or(ListStyle::Decimal, |(_, s)| *s)
    }

    /// Whether a range touches rewritten bytes.
    pub fn touches(&self, r: &Range<usize>) -> bool {
        self.rewritten
            .iter()
            .any(|w| w.start < r.end && r.start < w.end)
    }
}

/// The value of a marker token in a style.
fn value(token: &str, style: ListStyle) -> Option<u32> {
    match style {
        ListStyle::LowerAlpha | ListStyle::UpperAlpha => {
            let mut chars = token.chars();
            let c = chars.next()?;
            if chars.next().is_some() {
                return None;
            }
            let ok = match style {
                ListStyle::LowerAlpha => c.is_ascii_lowercase(),
                _ => c.is_ascii_uppercase(),
            };
            ok.then(|| u32::from(c.to_ascii_lowercase() as u8 - b'a') + 1)
        }
        ListStyle::LowerRoman | ListStyle::UpperRoman => {
            let lower = style == ListStyle::LowerRoman;
            if !token.chars().all(|c| {
                if lower {
                    c.is_ascii_lowercase()
                } else {
                    c.is_ascii_uppercase()
                }
            }) {
                return None;
            }
            roman(&token.to_ascii_lowercase())
        }
        ListStyle::Decimal => None,
    }
}

/// Parses a small roman numeral (up to four letters), rejecting malformed ones.
fn roman(s: &str) -> Option<u32> {
    const ALL: [&str; 15] = [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv",
        "xv",
    ];
    ALL.iter().position(|r| *r == s).map(|p| p as u32 + 1)
}

/// A marker at the start of a line's content: token, delimiter, the spaces after it.
fn marker(rest: &str) -> Option<(&str, char, usize)> {
    let token_len = rest
        .char_indices()
        .find(|(_, c)| !c.is_ascii_alphabetic())
        .map_or(rest.len(), |(i, _)| i);
    if token_len == 0 || token_len > 4 {
        return None;
    }
    let token = &rest[..token_len];
    let delim = rest[token_len..].chars().next()?;
    if delim != '.' && delim != ')' {
        return None;
    }
    let after = &rest[token_len + 1..];
    let spaces = after.len() - after.trim_start_matches(' ').len();
    if spaces == 0 || after.trim().is_empty() {
        return None;
    }
    Some((token, delim, spaces))
}

/// Whether a line's content starts like any list item (to allow a lettered list right under
/// another list).
fn looks_like_item(rest: &str) -> bool {
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    rest.starts_with(['-', '*', '+'])
        || (digits > 0 && rest[digits..].starts_with(['.', ')']))
        || marker(rest).is_some()
}

/// Rewrites lettered and roman markers outside fenced code.
pub fn prepare(text: &str) -> Prepared {
    let mut bytes = text.as_bytes().to_vec();
    let mut styles = Vec::new();
    let mut rewritten = Vec::new();
    // Open lettered lists: (indent, style, last value).
    let mut open: Vec<(usize, ListStyle, u32)> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut prev_blank = true;
    let mut prev_item = false;
    let mut prev_indent = 0;
    let mut prev_token = String::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let prefix = body.len() - body.trim_start_matches([' ', '\t', '>']).len();
        let rest = &body[prefix..];
        if let Some((c, n)) = fence {
            let run = rest.chars().take_while(|x| *x == c).count();
            if run >= n && rest[run * c.len_utf8()..].trim().is_empty() {
                fence = None;
            }
            continue;
        }
        let run_tick = rest.chars().take_while(|c| *c == '`').count();
        let run_tilde = rest.chars().take_while(|c| *c == '~').count();
        if run_tick >= 3 || run_tilde >= 3 {
            fence = Some(if run_tick >= 3 {
                ('`', run_tick)
            } else {
                ('~', run_tilde)
            });
            prev_blank = false;
            prev_item = false;
            continue;
        }
        if rest.trim().is_empty() {
            prev_blank = true;
            continue;
        }
        open.retain(|(indent, _, _)| *indent <= prefix);
        let candidate = marker(rest).and_then(|(token, delim, spaces)| {
            let continuing = open
                .iter()
                .rev()
                .find(|(indent, _, _)| *indent == prefix)
                .and_then(|&(_, style, last)| {
                    (value(token, style) == Some(last + 1)).then_some((style, last + 1, false))
                });
            let fresh = || {
                let may_start = prev_blank || prev_item || prefix > prev_indent;
                let style = match token {
                    "a" => ListStyle::LowerAlpha,
                    "A" => ListStyle::UpperAlpha,
                    // pandoc: `i.` right after `h.` is the letter i.
                    "i" if prev_token != "h" => ListStyle::LowerRoman,
                    "I" if prev_token != "H" => ListStyle::UpperRoman,
                    _ => return None,
                };
                may_start.then_some((style, 1, true))
            };
            let (style, v, first) = continuing.or_else(fresh)?;
            // pandoc: a capital letter and a period need two spaces ("A. Smith" is prose).
            let capital = token.len() == 1 && token.chars().all(|c| c.is_ascii_uppercase());
            if capital && delim == '.' && spaces < 2 {
                return None;
            }
            // The rewritten marker keeps the content column; CommonMark allows four spaces.
            if token.len() - 1 + spaces > 4 {
                return None;
            }
            Some((token.len(), style, v, first))
        });
        match candidate {
            Some((len, style, v, first)) => {
                let pos = start + prefix;
                // `ii.` becomes `1. `: the digit, the delimiter, then spaces to the old width.
                if let Some(slot) = bytes.get_mut(pos..pos + len + 1) {
                    let delim = slot.last().copied().unwrap_or(b'.');
                    slot.fill(b' ');
                    slot[0] = b'1';
                    slot[1] = delim;
                }
                rewritten.push(pos..pos + len + 1);
                if first {
                    open.retain(|(indent, _, _)| *indent < prefix);
                    open.push((prefix, style, v));
                    styles.push((pos, style));
                } else if let Some(o) = open.iter_mut().rev().find(|(i, _, _)| *i == prefix) {
                    o.2 = v;
                }
                prev_item = true;
            }
            None => {
                // Text at an open list's own indent ends it (continuation lines are deeper).
                open.retain(|(indent, _, _)| *indent < prefix);
                prev_item = looks_like_item(rest);
            }
        }
        prev_blank = false;
        prev_indent = prefix;
        prev_token = marker(rest).map_or_else(String::new, |(t, _, _)| t.to_owned());
    }
    // Only ASCII letters were replaced by ASCII digits and spaces, so this cannot fail.
    let text = String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned());
    Prepared {
        text,
        styles,
        rewritten,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_romans_keep_their_width() {
        let src = "Intro\n\na. first\nb. second\n   i. sub\n   ii. sub two\nc) third\n";
        let p = prepare(src);
        assert_eq!(p.text.len(), src.len());
        assert_eq!(
            p.text,
            "Intro\n\n1. first\n1. second\n   1. sub\n   1.  sub two\n1) third\n"
        );
        let styles: Vec<ListStyle> = p.styles.iter().map(|(_, s)| *s).collect();
        assert_eq!(styles, [ListStyle::LowerAlpha, ListStyle::LowerRoman]);
    }

    #[test]
    fn prose_and_code_stay_as_written() {
        for src in [
            "A. Smith approved it.\n",
            "The plan:\ne. g. this\n",
            "```\na. not a list\n```\n",
            "Text\nb. second without a first\n",
        ] {
            assert_eq!(prepare(src).text, src, "{src:?}");
        }
        // `i.` after `h.` is a letter; two spaces after a capital make it a list.
        let p = prepare("\nh. eight\ni. nine\n");
        assert!(p.styles.is_empty(), "h. does not start a list");
        let p = prepare("\nA.  One\nB.  Two\n");
        assert_eq!(p.styles[0].1, ListStyle::UpperAlpha);
    }
}
