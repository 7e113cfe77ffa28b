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
}

impl RefKind {
    /// All kinds with their scheme names.
    pub const ALL: [(&'static str, RefKind); 5] = [
        ("policy", RefKind::Policy),
        ("control", RefKind::Control),
        ("criterion", RefKind::Criterion),
        ("subprocessor", RefKind::Subprocessor),
        ("page", RefKind::Page),
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
        matches!(self, RefKind::Policy | RefKind::Page)
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
    /// An absolute URL (`https:`, `mailto:`, …).
    External,
    /// A path starting with `/`.
    AbsolutePath,
    /// A relative file path.
    Relative(String),
}

/// Sorts a link destination into the kinds above.
pub fn classify_link(dest: &str) -> LinkTarget {
    if let Some(anchor) = dest.strip_prefix('#') {
        return LinkTarget::Anchor(anchor.to_owned());
    }
    if let Some((scheme, rest)) = dest.split_once(':') {
        let scheme_ok = !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if scheme_ok {
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
            let known_url = [
                "http", "https", "mailto", "tel", "ftp", "ftps", "data", "sms",
            ];
            if !known_url.contains(&scheme.to_ascii_lowercase().as_str())
                && crate::diag::closest(scheme, RefKind::ALL.iter().map(|(n, _)| *n)).is_some()
            {
                return LinkTarget::UnknownKind(scheme.to_owned());
            }
            // A Windows drive letter is a path, anything else with a scheme is a URL.
            if scheme.len() > 1 {
                return LinkTarget::External;
            }
        }
    }
    if dest.starts_with("//") {
        return LinkTarget::External;
    }
    if dest.starts_with('/') || dest.starts_with('\\') || dest.get(1..2) == Some(":") {
        return LinkTarget::AbsolutePath;
    }
    LinkTarget::Relative(dest.to_owned())
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
        assert_eq!(classify_link("https://a.example"), LinkTarget::External);
        assert_eq!(classify_link("mailto:a@b.example"), LinkTarget::External);
        assert_eq!(classify_link("/etc/passwd"), LinkTarget::AbsolutePath);
        assert_eq!(
            classify_link("../x.png"),
            LinkTarget::Relative("../x.png".into())
        );
        assert_eq!(classify_link("#top"), LinkTarget::Anchor("top".into()));
    }
}
