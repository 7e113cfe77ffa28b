//! Attestations: the reports and certificates the company holds, or is working towards.
//!
//! The trust center claims exactly these, each with the one status word it has on the as-of
//! date; nothing else in the configuration (the audit package's scope included) is a claim.

use super::common::Period;
use super::framework::TscCategory;
use crate::source::Sp;
use crate::yaml::Keyword;
use jiff::civil::Date;

/// The kind of report or certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AttestationKind {
    /// SOC 2 Type I (design at a point in time).
    Soc2Type1,
    /// SOC 2 Type II (operating effectiveness over a period).
    Soc2Type2,
    /// SOC 3 (the general-use report).
    Soc3,
    /// ISO/IEC 27001 certification.
    Iso27001,
    /// A HIPAA assessment.
    Hipaa,
    /// PCI DSS (attestation of compliance).
    PciDss,
    /// An independent penetration test.
    Pentest,
    /// Anything else, named by `name`.
    Other,
}

impl Keyword for AttestationKind {
    const WHAT: &'static str = "attestation framework";
    const ALL: &'static [(&'static str, Self)] = &[
        ("soc2-type1", AttestationKind::Soc2Type1),
        ("soc2-type2", AttestationKind::Soc2Type2),
        ("soc3", AttestationKind::Soc3),
        ("iso27001", AttestationKind::Iso27001),
        ("hipaa", AttestationKind::Hipaa),
        ("pci-dss", AttestationKind::PciDss),
        ("pentest", AttestationKind::Pentest),
        ("other", AttestationKind::Other),
    ];
}

impl AttestationKind {
    /// The name shown when the attestation has none of its own.
    pub fn default_name(self) -> &'static str {
        match self {
            AttestationKind::Soc2Type1 => "SOC 2 Type I",
            AttestationKind::Soc2Type2 => "SOC 2 Type II",
            AttestationKind::Soc3 => "SOC 3",
            AttestationKind::Iso27001 => "ISO/IEC 27001",
            AttestationKind::Hipaa => "HIPAA assessment",
            AttestationKind::PciDss => "PCI DSS",
            AttestationKind::Pentest => "Penetration test",
            AttestationKind::Other => "Attestation",
        }
    }

    /// Whether it is a SOC 2 report (categories and bridge letters apply).
    pub fn is_soc2(self) -> bool {
        matches!(
            self,
            AttestationKind::Soc2Type1 | AttestationKind::Soc2Type2
        )
    }

    /// What the period is called for this framework.
    pub fn period_name(self) -> &'static str {
        match self {
            AttestationKind::Soc2Type2 | AttestationKind::Soc3 => "Examination period",
            AttestationKind::Soc2Type1 => "As of",
            AttestationKind::Pentest => "Test window",
            AttestationKind::Iso27001 => "Certification cycle",
            _ => "Period",
        }
    }
}

/// What the company says about an attestation (before dates are applied).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Declared {
    /// Intended, not started.
    Planned,
    /// The examination or observation window is under way.
    InProgress,
    /// The report or certificate exists.
    Issued,
    /// It lapsed.
    Expired,
}

impl Keyword for Declared {
    const WHAT: &'static str = "attestation status";
    const ALL: &'static [(&'static str, Self)] = &[
        ("planned", Declared::Planned),
        ("in-progress", Declared::InProgress),
        ("issued", Declared::Issued),
        ("expired", Declared::Expired),
    ];
}

/// How a reader gets the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportAccess {
    /// On request, under NDA.
    Customer,
    /// Downloadable: a file under `content/assets/` (its key in `Project::assets`).
    Public(Sp<String>),
}

/// One attestation from `attestations:` in `trustbook.yaml`.
#[derive(Debug, Clone)]
pub struct Attestation {
    /// Stable id (used for anchors).
    pub id: Sp<String>,
    /// Which kind.
    pub framework: AttestationKind,
    /// Shown as written.
    pub name: String,
    /// What the company declares.
    pub status: Sp<Declared>,
    /// The examined period or test window.
    pub period: Option<Sp<Period>>,
    /// When the report or certificate was issued.
    pub issued: Option<Sp<Date>>,
    /// When it stops being valid.
    pub valid_until: Option<Sp<Date>>,
    /// The CPA firm, certification body or testing firm.
    pub auditor: Option<String>,
    /// How to get the report.
    pub report: ReportAccess,
    /// SOC 2 categories covered.
    pub categories: Vec<TscCategory>,
    /// ISO certificate number.
    pub certificate: Option<String>,
    /// ISO certification scope.
    pub scope: Option<String>,
    /// Whether a bridge letter is available (SOC 2, after the period ends).
    pub bridge_letter: bool,
}

/// The one status an attestation has on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttestationState {
    /// Not started.
    Planned,
    /// Under way.
    InProgress,
    /// Held and current.
    Issued,
    /// Lapsed: declared expired, or past `valid_until`.
    Expired,
}

impl AttestationState {
    /// The status word shown to readers.
    pub fn word(self) -> &'static str {
        match self {
            AttestationState::Planned => "Planned",
            AttestationState::InProgress => "In progress",
            AttestationState::Issued => "Issued",
            AttestationState::Expired => "Expired",
        }
    }

    /// Stable key (CSS classes, JSON).
    pub fn key(self) -> &'static str {
        match self {
            AttestationState::Planned => "planned",
            AttestationState::InProgress => "in-progress",
            AttestationState::Issued => "issued",
            AttestationState::Expired => "expired",
        }
    }
}

impl Attestation {
    /// Its status on `day`: an issued attestation past `valid_until` reads Expired, and one
    /// issued after `day` is not yet held (it reads In progress).
    pub fn state_on(&self, day: Date) -> AttestationState {
        match self.status.value {
            Declared::Planned => AttestationState::Planned,
            Declared::InProgress => AttestationState::InProgress,
            Declared::Expired => AttestationState::Expired,
            Declared::Issued => {
                if self.valid_until.as_ref().is_some_and(|v| v.value < day) {
                    AttestationState::Expired
                } else if self.issued.as_ref().is_some_and(|i| i.value > day) {
                    AttestationState::InProgress
                } else {
                    AttestationState::Issued
                }
            }
        }
    }
}
