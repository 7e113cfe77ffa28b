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
