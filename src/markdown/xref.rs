//! Cross-reference links: `policy:ID`, `control:ID`, `criterion:ID`, `subprocessor:ID`,
//! `page:ID`, optionally with `#anchor`.

/// The kind of item a cross-reference names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RefKind {
    /// `policy:`
    Policy,
    /// `control:`
    Control,
    /// `criterion:`
    Criterion,
    /// `subprocessor:`
    Subprocessor,
    /// `page:`
    Page,
    /// `procedure:`
    Procedure,
}

impl RefKind {
    /// All kinds with their scheme names.
    pub const ALL: [(&'static str, RefKind); 6] = [
        ("policy", RefKind::Policy),
        ("control", RefKind::Control),
        ("criterion", RefKind::Criterion),
        ("subprocessor", RefKind::Subprocessor),
        ("page", RefKind::Page),
        ("procedure", RefKind::Procedure),
    ];

    /// The scheme name.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("", |(n, _)| n)
    }

    /// Whether references of this kind may carry a `#anchor`.
    pub fn takes_anchor(self) -> bool {
        matches!(self, RefKind::Policy | RefKind::Page | RefKind::Procedure)
    }
}

/// A parsed cross-reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XRef {
    /// What kind of item.
    pub kind: RefKind,
    /// Its id (for criteria, the citation key such as `CC6.1` or `iso27001:A.5.15`).
    pub id: String,
    /// A heading id in the target, if given.
    pub anchor: Option<String>,
}

/// What a link destination is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// A cross-reference to a project item.
    XRef(XRef),
    /// A scheme that looks like a misspelt cross-reference kind (`polcy:`).
    UnknownKind(String),
    /// `#anchor` in the same document.
    Anchor(String),
    /// An absolute URL with an allowed scheme.
    Url(crate::urls::Url),
    /// A URL that may not be published (`javascript:`, `data:`, `//host`).
    BadUrl(crate::urls::Problem),
    /// A path starting with `/` (or a drive letter).
    AbsolutePath,
    /// A relative file path.
    Relative(String),
}

/// URL schemes that are never taken for a misspelt cross-reference kind.
const URL_SCHEMES: &[&str] = &[
    "http",
    "https",
    "mailto",
    "tel",
    "ftp",
    "ftps",
    "data",
    "sms",
    "file",
    "javascript",
    "vbscript",
    "blob",
    "ws",
    "wss",
];

/// Sorts a link destination into the kinds above.
pub fn classify_link(dest: &str) -> LinkTarget {
    if let Some(anchor) = dest.strip_prefix('#') {
        return LinkTarget::Anchor(anchor.to_owned());
    }
    if let Some((scheme, rest)) = dest.split_once(':') {
        if let Some((_, kind)) = RefKind::ALL.iter().find(|(n, _)| *n == scheme) {
            let (id, anchor) = match rest.split_once('#') {
                Some((id, a)) => (id, Some(a.to_owned())),
                None => (rest, None),
            };
            return LinkTarget::XRef(XRef {
                kind: *kind,
                id: id.to_owned(),
                anchor,
            });
        }
        let scheme_like = scheme.len() > 1
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if scheme_like
            && !URL_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str())
            && crate::diag::closest(scheme, RefKind::ALL.iter().map(|(n, _)| *n)).is_some()
        {
            return LinkTarget::UnknownKind(scheme.to_owned());
        }
    }
    match crate::urls::check(dest) {
        Ok(crate::urls::Dest::Url(u)) => LinkTarget::Url(u),
        Err(problem) => LinkTarget::BadUrl(problem),
        Ok(crate::urls::Dest::Relative(path)) => {
            if path.starts_with('/') || path.starts_with('\\') || path.get(1..2) == Some(":") {
                LinkTarget::AbsolutePath
            } else {
                LinkTarget::Relative(path.into_owned())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_destinations() {
        assert_eq!(
            classify_link("criterion:iso27001:A.5.15"),
            LinkTarget::XRef(XRef {
                kind: RefKind::Criterion,
                id: "iso27001:A.5.15".into(),
                anchor: None
            })
        );
        assert_eq!(
            classify_link("policy:access-control#scope"),
            LinkTarget::XRef(XRef {
                kind: RefKind::Policy,
                id: "access-control".into(),
                anchor: Some("scope".into())
            })
        );
        assert_eq!(
            classify_link("polcy:x"),
            LinkTarget::UnknownKind("polcy".into())
        );
        assert!(matches!(
            classify_link("https://a.example"),
            LinkTarget::Url(_)
        ));
        assert!(matches!(
            classify_link("mailto:a@b.example"),
            LinkTarget::Url(_)
        ));
        assert!(matches!(
            classify_link("JaVaScRiPt:alert(1)"),
            LinkTarget::BadUrl(_)
        ));
        assert_eq!(classify_link("/etc/passwd"), LinkTarget::AbsolutePath);
        assert_eq!(
            classify_link("../x.png"),
            LinkTarget::Relative("../x.png".into())
        );
        assert_eq!(classify_link("#top"), LinkTarget::Anchor("top".into()));
    }
}
