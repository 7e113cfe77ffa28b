//! Framework catalogs (the built-in SOC 2 TSC and project-defined ones) and their criteria.

use crate::source::Span;
use crate::yaml::Keyword;
use serde::Serialize;

/// The id of the built-in SOC 2 Trust Services Criteria catalog.
pub const TSC: &str = "tsc";

/// A SOC 2 trust services category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TscCategory {
    /// Common criteria; always in scope.
    Security,
    /// A1.
    Availability,
    /// PI1.
    ProcessingIntegrity,
    /// C1.
    Confidentiality,
    /// P1–P8.
    Privacy,
}

impl Keyword for TscCategory {
    const WHAT: &'static str = "trust services category";
    const ALL: &'static [(&'static str, Self)] = &[
        ("security", TscCategory::Security),
        ("availability", TscCategory::Availability),
        ("processing-integrity", TscCategory::ProcessingIntegrity),
        ("confidentiality", TscCategory::Confidentiality),
        ("privacy", TscCategory::Privacy),
    ];
}

impl TscCategory {
    /// All five categories in their conventional order.
    pub const ALL_CATEGORIES: [TscCategory; 5] = [
        TscCategory::Security,
        TscCategory::Availability,
        TscCategory::ProcessingIntegrity,
        TscCategory::Confidentiality,
        TscCategory::Privacy,
    ];

    /// Title-case name.
    pub fn title(self) -> &'static str {
        match self {
            TscCategory::Security => "Security",
            TscCategory::Availability => "Availability",
            TscCategory::ProcessingIntegrity => "Processing Integrity",
            TscCategory::Confidentiality => "Confidentiality",
            TscCategory::Privacy => "Privacy",
        }
    }

    /// The kebab-case name.
    pub fn name(self) -> &'static str {
        Keyword::as_str(self)
    }
}

/// A catalog of criteria.
#[derive(Debug, Clone)]
pub struct Framework {
    /// Prefix used to cite its criteria (`tsc` is cited without one).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Whether its criteria count for coverage (TSC: per category in scope).
    pub in_scope: bool,
    /// The criteria, in catalog order.
    pub criteria: Vec<Criterion>,
    /// Where the catalog's id is written (the built-in catalog has a span in its embedded file).
    pub span: Span,
}

/// One criterion of a framework.
#[derive(Debug, Clone)]
pub struct Criterion {
    /// Id inside its framework (`CC6.1`, `A.5.15`).
    pub id: String,
    /// How controls cite it: `CC6.1` for the TSC, `iso27001:A.5.15` otherwise.
    pub key: String,
    /// Family heading (`CC6 Logical and Physical Access Controls`).
    pub family: String,
    /// Short paraphrased title.
    pub title: String,
    /// Category (TSC: the trust services category name).
    pub category: Option<String>,
    /// The TSC category, for TSC criteria.
    pub tsc_category: Option<TscCategory>,
    /// Whether it is in the scope of this audit.
    pub in_scope: bool,
    /// Where it is defined.
    pub span: Span,
}

impl Criterion {
    /// A file-name-safe form of the key (`CC6.1` -> `cc6-1`, `iso27001:A.5.15` -> `iso27001-a-5-15`).
    pub fn slug(&self) -> String {
        crate::markdown::slugify(&self.key.replace([':', '.'], "-"))
    }
}

/// Points at one criterion: framework index and criterion index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CriterionRef {
    /// Index into `Project::frameworks`.
    pub framework: usize,
    /// Index into that framework's `criteria`.
    pub criterion: usize,
}
