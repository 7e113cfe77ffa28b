//! The project configuration, `trustbook.yaml`.

use super::common::{Classification, Period};
use super::framework::TscCategory;
use crate::source::Sp;
use crate::yaml::Keyword;

/// The whole of `trustbook.yaml`.
#[derive(Debug, Clone)]
pub struct Config {
    /// Who the trust center is for.
    pub company: Company,
    /// Where the sites are published and how they look.
    pub site: Site,
    /// The audit package's name and version.
    pub package: Package,
    /// The examination the audit package is prepared for (its period and categories). Never
    /// a claim: the trust center shows only `attestations`.
    pub audit: Audit,
    /// Reports and certificates the company holds or is working towards.
    pub attestations: Vec<super::Attestation>,
    /// Days of notice customers get before a new subprocessor starts.
    pub notice_days: u32,
    /// Extra framework catalogs in scope (ids of `controls/frameworks/*.yaml`).
    pub frameworks: Vec<Sp<String>>,
    /// The highest classification each output may show.
    pub outputs: Outputs,
    /// The content's language (BCP 47), for the sites' `lang` and the PDFs' `/Lang`.
    pub lang: String,
}

/// The company the project documents.
#[derive(Debug, Clone)]
pub struct Company {
    /// Display name.
    pub name: String,
    /// Public website.
    pub website: Option<String>,
    /// Security contact address.
    pub contact: String,
    /// One-line description for the home page.
    pub tagline: Option<String>,
}

/// Site settings.
#[derive(Debug, Clone)]
pub struct Site {
    /// Absolute base URL of the published trust center.
    pub url: String,
    /// Theme name (a folder under `themes/`, or the built-in `default`).
    pub theme: Sp<String>,
    /// The vulnerability disclosure policy's URL, for `security.txt`'s `Policy:` line.
    pub security_policy: Option<String>,
    /// The name the sites go by (`site.name`, default: the company name without its legal
    /// form, see [`Site::default_name`]).
    pub name: String,
    /// A logo shown in the header instead of the default icon.
    pub logo: Option<Logo>,
    /// The light theme's accent (`site.accent`), checked for contrast.
    pub accent: Option<crate::brand::Rgb>,
    /// The dark theme's accent: `site.accent_dark`, or derived from `accent`.
    pub accent_dark: Option<crate::brand::Rgb>,
    /// Where readers ask for documents shared on request (`site.request_url`, https), instead
    /// of an email to the security contact.
    pub request_url: Option<String>,
}

/// The logo of the sites.
#[derive(Debug, Clone)]
pub struct Logo {
    /// A path under `content/assets/`, normalised, with where it is written.
    pub file: Sp<String>,
    /// Its text alternative (required: the logo names the company).
    pub alt: String,
}

/// Legal forms dropped from the end of a company name to make the sites' name, when written
/// after a comma (`Halloo Labs, Inc.`) or, for the unmistakable ones, after a space.
const LEGAL_FORMS: &[&str] = &[
    "inc",
    "incorporated",
    "llc",
    "l.l.c",
    "ltd",
    "limited",
    "gmbh",
    "ag",
    "sa",
    "s.a",
    "sas",
    "sarl",
    "bv",
    "b.v",
    "nv",
    "n.v",
    "plc",
    "corp",
    "corporation",
    "co",
    "company",
    "pty ltd",
    "oy",
    "ab",
    "as",
    "aps",
    "srl",
    "s.r.l",
    "spa",
    "s.p.a",
    "kk",
    "kg",
    "ug",
    "lp",
    "llp",
];
const LEGAL_FORMS_AFTER_SPACE: &[&str] = &["inc", "llc", "ltd", "gmbh", "plc"];

impl Site {
    /// The sites' default name: the company name without a legal form after a comma
    /// (`Halloo Labs, Inc.` -> `Halloo Labs`) or an unmistakable one after a space
    /// (`Acme Inc.` -> `Acme`); any other name stays whole (`The Acme Company`).
    pub fn default_name(company: &str) -> String {
        let name = company.trim();
        let form = |s: &str, forms: &[&str]| {
            let s = s.trim().trim_end_matches('.').to_lowercase();
            forms.contains(&s.as_str())
        };
        let short = match name.rsplit_once(',') {
            Some((head, tail)) if form(tail, LEGAL_FORMS) => head,
            _ => match name.rsplit_once(' ') {
                Some((head, tail)) if form(tail, LEGAL_FORMS_AFTER_SPACE) => head,
                _ => name,
            },
        };
        let short = short.trim();
        if short.is_empty() { name } else { short }.to_owned()
    }
}

/// Audit package settings.
#[derive(Debug, Clone)]
pub struct Package {
    /// Version of the package (overridable on the command line).
    pub version: String,
    /// File-name prefix.
    pub slug: String,
}

impl Package {
    /// Checks a package version, which becomes part of file names (`halloo-audit-2026.1.zip`):
    /// letters, digits, `.`, `_`, `+` and `-` only, at most 64 of them. The error is the
    /// closest valid version.
    pub fn check_version(v: &str) -> Result<(), String> {
        let ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '+' | '-');
        if !v.is_empty()
            && v.len() <= 64
            && v.chars().all(ok)
            && v.chars().any(|c| c.is_ascii_alphanumeric())
        {
            return Ok(());
        }
        let mut fixed = String::new();
        for c in v.trim().chars() {
            if ok(c) {
                fixed.push(c);
            } else if !fixed.ends_with('-') {
                fixed.push('-');
            }
        }
        let fixed = fixed.trim_matches('-');
        let fixed = &fixed[..fixed.len().min(64)];
        Err(if fixed.chars().any(|c| c.is_ascii_alphanumeric()) {
            fixed.to_owned()
        } else {
            "1.0".to_owned()
        })
    }
}

/// The kind of SOC 2 report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditType {
    /// Design of controls at a point in time.
    Soc2Type1,
    /// Operating effectiveness over a period.
    Soc2Type2,
}

impl Keyword for AuditType {
    const WHAT: &'static str = "audit type";
    const ALL: &'static [(&'static str, Self)] = &[
        ("soc2-type1", AuditType::Soc2Type1),
        ("soc2-type2", AuditType::Soc2Type2),
    ];
}

impl AuditType {
    /// How the audit type reads in prose.
    pub fn title(self) -> &'static str {
        match self {
            AuditType::Soc2Type1 => "SOC 2 Type I",
            AuditType::Soc2Type2 => "SOC 2 Type II",
        }
    }
}

/// What is attested, for which period and categories.
#[derive(Debug, Clone)]
pub struct Audit {
    /// Type I or Type II.
    pub kind: AuditType,
    /// The examination period (a single day for Type I).
    pub period: Period,
    /// The CPA firm, if named.
    pub auditor: Option<String>,
    /// Trust services categories in scope; always contains Security.
    pub categories: Vec<TscCategory>,
    /// Where the categories are written (findings about built-in criteria point here).
    pub categories_span: crate::source::Span,
}

/// The highest classification shown by each output.
#[derive(Debug, Clone, Copy)]
pub struct Outputs {
    /// The internal documentation site.
    pub docs: Classification,
    /// The public trust center.
    pub trust: Classification,
    /// The auditor package.
    pub audit: Classification,
}

impl Default for Outputs {
    fn default() -> Self {
        Outputs {
            docs: Classification::Internal,
            trust: Classification::Public,
            audit: Classification::Confidential,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Site;

    #[test]
    fn the_default_name_drops_only_a_legal_form() {
        for (company, name) in [
            ("Halloo Labs, Inc.", "Halloo Labs"),
            ("Acme, LLC", "Acme"),
            ("Acme Voice GmbH", "Acme Voice"),
            ("Acme Inc.", "Acme"),
            ("The Acme Company", "The Acme Company"),
            ("Smith, Jones & Partners", "Smith, Jones & Partners"),
            ("O'Brien & Co: Labs #1", "O'Brien & Co: Labs #1"),
            (", Inc.", ", Inc."),
            ("Inc", "Inc"),
        ] {
            assert_eq!(Site::default_name(company), name, "{company}");
        }
    }
}
