//! Variables: `{{ company.name }}` and the other scalars of `trustbook.yaml`, replaced as text
//! (never spliced into the Markdown source) wherever a document shows text.

use crate::model::Config;
use std::ops::Range;

/// The variable names documents may use, with what each is, in README order.
pub const NAMES: &[(&str, &str)] = &[
    ("company.name", "the company's name"),
    ("company.website", "its website"),
    ("company.contact", "the security contact address"),
    ("company.tagline", "the one-line description"),
    ("site.url", "the trust center's address"),
    ("package.version", "the audit package version"),
    (
        "audit.auditor",
        "the service auditor of the audit package's examination",
    ),
    ("audit.period.start", "the first day of the audit period"),
    ("audit.period.end", "the last day of the audit period"),
];

/// The values of the variables for one project (`None`: the field is not set).
#[derive(Debug, Clone, Default)]
pub struct Variables {
    values: Vec<(&'static str, Option<String>)>,
}

impl Variables {
    /// The variables of a configuration (all unset when it is missing or broken).
    pub fn of(config: Option<&Config>) -> Variables {
        let values = NAMES
            .iter()
            .map(|(name, _)| {
                let v = config.and_then(|c| match *name {
                    "company.name" => Some(c.company.name.clone()),
                    "company.website" => c.company.website.clone(),
                    "company.contact" => Some(c.company.contact.clone()),
                    "company.tagline" => c.company.tagline.clone(),
                    "site.url" => Some(c.site.url.clone()),
                    "package.version" => Some(c.package.version.clone()),
                    "audit.auditor" => c.audit.auditor.clone(),
                    "audit.period.start" => Some(c.audit.period.start.to_string()),
                    "audit.period.end" => Some(c.audit.period.end.to_string()),
                    _ => None,
                });
                (*name, v)
            })
            .collect();
        Variables { values }
    }
}

/// A `{{ … }}` that could not be replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// Where it is in the text given.
    pub range: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub hint: String,
}

/// The variable another tool's placeholder most likely means: the closest name, else the one
/// whose last part the placeholder contains (`{{.Name}}`, `{{companyShortName}}` → name).
fn suggest(written: &str) -> Option<&'static str> {
    if let Some(c) = crate::diag::closest(written, NAMES.iter().map(|(n, _)| *n)) {
        return NAMES.iter().map(|(n, _)| *n).find(|n| *n == c);
    }
    let plain: String = written
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    NAMES
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| {
            let last = n.rsplit('.').next().unwrap_or(n);
            last.len() >= 3 && plain.contains(last) && !n.starts_with("audit.period")
        })
        .max_by_key(|n| n.rsplit('.').next().unwrap_or(n).len())
}

/// Marks a `{` written as `\{`: it never opens a variable.
pub const LITERAL_BRACE: char = '\u{E000}';

/// Replaces every `{{ name }}` in `text`; reports the ones that are not variables or not set
/// (and leaves them as written).
pub fn substitute(text: &str, vars: &Variables) -> (String, Vec<Unknown>) {
    let mut out = String::with_capacity(text.len());
    let mut problems = Vec::new();
    let mut rest = text;
    let mut at = 0;
    while let Some(open) = rest.find("{{") {
        let Some(close_rel) = rest[open + 2..].find("}}") else {
            break;
        };
        let close = open + 2 + close_rel;
        out.push_str(&rest[..open]);
        let inner = rest[open + 2..close].trim();
        let written = &rest[open..close + 2];
        let range = at + open..at + close + 2;
        match vars.values.iter().find(|(n, _)| *n == inner) {
            Some((_, Some(v))) => out.push_str(v),
            Some((name, None)) => {
                problems.push(Unknown {
                    range,
                    message: format!("`{written}` is not set in trustbook.yaml"),
                    hint: format!("set `{name}` in trustbook.yaml, or write the text itself"),
                });
                out.push_str(written);
            }
            None => {
                problems.push(Unknown {
                    range,
                    message: format!("`{written}` is not a trustbook variable"),
                    hint: match suggest(inner) {
                        Some(c) => format!(
                            "did you mean `{{{{ {c} }}}}`? Write `\\{{{{` for literal braces"
                        ),
                        None => format!(
                            "the variables are {}; write `\\{{{{` for literal braces",
                            NAMES
                                .iter()
                                .map(|(n, _)| format!("`{{{{ {n} }}}}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    },
                });
                out.push_str(written);
            }
        }
        at += close + 2;
        rest = &rest[close + 2..];
    }
    out.push_str(rest);
    (out.replace(LITERAL_BRACE, "{"), problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars() -> Variables {
        Variables {
            values: vec![
                ("company.name", Some("A & B <Labs>".to_owned())),
                ("company.website", None),
            ],
        }
    }

    #[test]
    fn replaces_known_names_and_reports_the_rest() {
        let (s, p) = substitute("{{ company.name }} and {{company.name}}.", &vars());
        assert_eq!(s, "A & B <Labs> and A & B <Labs>.");
        assert!(p.is_empty());
        let (s, p) = substitute("x {{.Name}} y {{ company.website }}", &vars());
        assert_eq!(s, "x {{.Name}} y {{ company.website }}");
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].range, 2..11);
        assert!(p[1].message.contains("not set"));
        let (s, p) = substitute("\u{E000}{ company.name }}", &vars());
        assert_eq!(s, "{{ company.name }}");
        assert!(p.is_empty());
    }
}
