//! The one URL check: which URLs an author may publish, wherever they are written (a config
//! or subprocessor field, a Markdown link or autolink, an image, a raw HTML attribute).
//!
//! URLs are read the way a browser reads them (tabs and newlines removed, leading and trailing
//! control characters and spaces trimmed, the scheme case-insensitive), so obfuscated forms such
//! as `JaVaScRiPt:`, `java\tscript:` or a leading `\u{1}` are caught. Entities are decoded by
//! the parsers before the check (`&#106;avascript:` arrives as `javascript:`). Only `http`,
//! `https`, `mailto` and `tel` are published: PDF viewers have no Content-Security-Policy, and a
//! `javascript:` or `data:` link on a trust center is an attack on its readers.

use std::borrow::Cow;

/// The schemes a published link may use.
pub const ALLOWED: &str = "http, https, mailto and tel";

/// An allowed scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// `http:`
    Http,
    /// `https:`
    Https,
    /// `mailto:`
    Mailto,
    /// `tel:`
    Tel,
}

impl Scheme {
    /// Whether the URL names a resource on the web (as opposed to an address or a number).
    pub fn is_web(self) -> bool {
        matches!(self, Scheme::Http | Scheme::Https)
    }
}

/// A URL that passed the check, as a browser would read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    /// The URL with tabs and newlines removed and the ends trimmed.
    pub text: String,
    /// Its scheme.
    pub scheme: Scheme,
}

/// What a destination is, once it passed the check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dest<'a> {
    /// An absolute URL with an allowed scheme.
    Url(Url),
    /// No scheme: a path, resolved against the document by the caller.
    Relative(Cow<'a, str>),
}

/// Why a destination may not be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A scheme other than the allowed ones (`javascript`, `data`, `file`, `ftp`, …).
    Scheme(String),
    /// `//host/path`: a URL without a scheme.
    NetworkPath,
    /// An allowed scheme with nothing usable after it (`https://`, `mailto:`).
    Malformed(String),
}

impl Problem {
    /// A sentence saying what is wrong with `raw`.
    pub fn message(&self, raw: &str) -> String {
        let shown = printable(raw);
        match self {
            Problem::Scheme(s) => {
                format!("`{shown}` uses the `{s}:` scheme, which is never published")
            }
            Problem::NetworkPath => format!("`{shown}` has no scheme"),
            Problem::Malformed(why) => format!("`{shown}` is not a valid URL: {why}"),
        }
    }

    /// What to write instead.
    pub fn hint(&self, raw: &str) -> String {
        match self {
            Problem::Scheme(s) if s == "javascript" || s == "vbscript" || s == "data" => format!(
                "only {ALLOWED} links are published; a `{s}:` link runs or embeds content in the reader's browser or PDF viewer"
            ),
            Problem::Scheme(_) => format!(
                "only {ALLOWED} links are published; link to project items with policy:, control:, criterion:, subprocessor: or page:"
            ),
            Problem::NetworkPath => {
                let rest = clean(raw);
                let rest = rest.trim_start_matches(['/', '\\']);
                format!("write the scheme: `https://{rest}`")
            }
            Problem::Malformed(_) => {
                "write a full address such as https://example.com/page or mailto:security@example.com"
                    .to_owned()
            }
        }
    }
}

/// Checks a destination an author wrote (already entity-decoded).
pub fn check(raw: &str) -> Result<Dest<'_>, Problem> {
    let cleaned = clean(raw);
    if starts_network_path(&cleaned) {
        return Err(Problem::NetworkPath);
    }
    let Some(scheme) = scheme_of(&cleaned) else {
        return Ok(Dest::Relative(cleaned));
    };
    // `C:\x` or `C:/x`: a Windows path, which the resolver reports as absolute.
    if scheme.len() == 1 {
        return Ok(Dest::Relative(cleaned));
    }
    let rest = &cleaned[scheme.len() + 1..];
    let scheme = match scheme.to_ascii_lowercase().as_str() {
        "http" => Scheme::Http,
        "https" => Scheme::Https,
        "mailto" => Scheme::Mailto,
        "tel" => Scheme::Tel,
        other => return Err(Problem::Scheme(other.to_owned())),
    };
    match scheme {
        Scheme::Http | Scheme::Https => web_problem(&cleaned)?,
        Scheme::Mailto if rest.trim().is_empty() => {
            return Err(Problem::Malformed("no address after `mailto:`".to_owned()));
        }
        Scheme::Tel
            if !rest.chars().any(|c| c.is_ascii_digit())
                || !rest.chars().all(|c| {
                    c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | ' ' | '(' | ')')
                }) =>
        {
            return Err(Problem::Malformed(
                "a `tel:` link holds a phone number such as tel:+1-555-0100".to_owned(),
            ));
        }
        _ => {}
    }
    Ok(Dest::Url(Url {
        text: cleaned.into_owned(),
        scheme,
    }))
}

/// Checks a field that must hold a web address (`http` or `https`).
pub fn check_web(raw: &str) -> Result<Url, Problem> {
    match check(raw)? {
        Dest::Url(u) if u.scheme.is_web() => Ok(u),
        Dest::Url(u) => Err(Problem::Malformed(format!(
            "this field takes a web address, not a `{}` link",
            u.text.split(':').next().unwrap_or_default()
        ))),
        Dest::Relative(_) => Err(Problem::Malformed(
            "it has no scheme; this field takes an absolute http(s) address".to_owned(),
        )),
    }
}

/// Checks a field that must hold an `https` address: a page readers are sent to with what
/// they ask for (a request form), which must not travel in clear text.
pub fn check_https(raw: &str) -> Result<Url, Problem> {
    let url = check_web(raw)?;
    match url.scheme {
        Scheme::Https => Ok(url),
        _ => Err(Problem::Malformed(
            "this field takes an https address; readers' requests must not travel in clear text"
                .to_owned(),
        )),
    }
}

fn web_problem(cleaned: &str) -> Result<(), Problem> {
    match url::Url::parse(cleaned) {
        Ok(u) if u.host_str().is_some_and(|h| !h.is_empty()) => Ok(()),
        Ok(_) => Err(Problem::Malformed("it has no host name".to_owned())),
        Err(e) => Err(Problem::Malformed(e.to_string())),
    }
}

/// The destination as a browser reads it: ASCII tabs and newlines removed anywhere, C0
/// controls and spaces trimmed from both ends.
fn clean(raw: &str) -> Cow<'_, str> {
    let trimmed = raw.trim_matches(|c: char| c <= ' ');
    if trimmed.contains(['\t', '\n', '\r']) {
        Cow::Owned(trimmed.replace(['\t', '\n', '\r'], ""))
    } else {
        Cow::Borrowed(trimmed)
    }
}

/// `//host`, `\\host`, `/\host`, `\/host`: browsers read all four as a host name.
fn starts_network_path(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(
        (chars.next(), chars.next()),
        (Some('/' | '\\'), Some('/' | '\\'))
    )
}

/// The scheme of a URL (`https` of `https://…`), if it has one.
fn scheme_of(s: &str) -> Option<&str> {
    let colon = s.find(':')?;
    let scheme = &s[..colon];
    let mut chars = scheme.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    (first_ok && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .then_some(scheme)
}

/// A destination for a message: control characters made visible, length bounded.
fn printable(raw: &str) -> String {
    let mut out = crate::text::printable(&raw.chars().take(120).collect::<String>());
    if raw.chars().count() > 120 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        match check(s) {
            Ok(Dest::Url(u)) => u,
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn allowed_schemes_pass_as_browsers_read_them() {
        assert_eq!(url("https://a.example/x").scheme, Scheme::Https);
        assert_eq!(url("HTTP://a.example").scheme, Scheme::Http);
        assert_eq!(url("mailto:sec@a.example").scheme, Scheme::Mailto);
        assert_eq!(url("tel:+1 (555) 0100").scheme, Scheme::Tel);
        assert_eq!(url(" https://a.exa\tmple ").text, "https://a.example");
    }

    #[test]
    fn dangerous_and_obfuscated_schemes_are_refused() {
        for s in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            " \u{0}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "file:///etc/passwd",
            "ftp://a.example",
        ] {
            assert!(matches!(check(s), Err(Problem::Scheme(_))), "{s:?}");
        }
        assert_eq!(check("//evil.example/x"), Err(Problem::NetworkPath));
        assert_eq!(check("\\\\evil.example"), Err(Problem::NetworkPath));
        assert!(matches!(check("https://"), Err(Problem::Malformed(_))));
        assert!(matches!(check("mailto:"), Err(Problem::Malformed(_))));
        assert!(matches!(check("tel:call-me"), Err(Problem::Malformed(_))));
    }

    #[test]
    fn paths_are_relative() {
        assert_eq!(
            check("../assets/a.png"),
            Ok(Dest::Relative("../assets/a.png".into()))
        );
        assert_eq!(check("C:\\x"), Ok(Dest::Relative("C:\\x".into())));
        assert!(check_web("mailto:a@b.example").is_err());
        assert!(check_web("trust.example").is_err());
        assert!(check_web("https://trust.example").is_ok());
        assert!(check_https("https://trust.example/request").is_ok());
        assert!(matches!(
            check_https("http://trust.example/request"),
            Err(Problem::Malformed(_))
        ));
    }

    #[test]
    fn messages_show_control_characters() {
        let p = check("\u{1}javascript:x").unwrap_err();
        assert!(
            p.message("\u{1}javascript:x").contains("\\u{1}"),
            "{}",
            p.message("\u{1}javascript:x")
        );
    }
}
