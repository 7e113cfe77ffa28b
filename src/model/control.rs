//! Controls of the control matrix.

use super::framework::CriterionRef;
use crate::source::Sp;
use crate::yaml::Keyword;
use serde::Serialize;

/// How often a control operates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Frequency {
    /// Always on (usually automated).
    Continuous,
    /// Every day.
    Daily,
    /// Every week.
    Weekly,
    /// Every month.
    Monthly,
    /// Every quarter.
    Quarterly,
    /// Every half-year.
    Semiannual,
    /// Every year.
    Annual,
    /// When a triggering event happens (a hire, a change, an incident).
    EventDriven,
}

impl Keyword for Frequency {
    const WHAT: &'static str = "frequency";
    const ALL: &'static [(&'static str, Self)] = &[
        ("continuous", Frequency::Continuous),
        ("daily", Frequency::Daily),
        ("weekly", Frequency::Weekly),
        ("monthly", Frequency::Monthly),
        ("quarterly", Frequency::Quarterly),
        ("semiannual", Frequency::Semiannual),
        ("annual", Frequency::Annual),
        ("event-driven", Frequency::EventDriven),
    ];
}

/// What a control does about a risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ControlKind {
    /// Stops it happening.
    Preventive,
    /// Notices that it happened.
    Detective,
    /// Repairs the damage.
    Corrective,
}

impl Keyword for ControlKind {
    const WHAT: &'static str = "control kind";
    const ALL: &'static [(&'static str, Self)] = &[
        ("preventive", ControlKind::Preventive),
        ("detective", ControlKind::Detective),
        ("corrective", ControlKind::Corrective),
    ];
}

/// Implementation status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Operating.
    Implemented,
    /// Being put in place.
    InProgress,
    /// Decided, not started.
    Planned,
    /// Does not apply to this system (with a reason in the description).
    NotApplicable,
}

impl Keyword for Status {
    const WHAT: &'static str = "status";
    const ALL: &'static [(&'static str, Self)] = &[
        ("implemented", Status::Implemented),
        ("in-progress", Status::InProgress),
        ("planned", Status::Planned),
        ("not-applicable", Status::NotApplicable),
    ];
}

/// Display names and CSS-friendly names of keyword enums.
macro_rules! keyword_names {
    ($($t:ty),*) => {$(
        impl $t {
            /// The kebab-case name.
            pub fn name(self) -> &'static str {
                Keyword::as_str(self)
            }
        }
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    )*};
}
keyword_names!(Frequency, ControlKind, Status);

/// One control.
#[derive(Debug, Clone)]
pub struct Control {
    /// Stable id (`AC-01`).
    pub id: Sp<String>,
    /// Title.
    pub title: String,
    /// What it does (plain text; blank lines separate paragraphs).
    pub description: String,
    /// Owning role; absence is a readiness finding.
    pub owner: Option<String>,
    /// How often it operates.
    pub frequency: Frequency,
    /// Preventive, detective or corrective.
    pub kind: ControlKind,
    /// Whether it runs without a person.
    pub automated: bool,
    /// Criteria cited, as written.
    pub criteria: Vec<Sp<String>>,
    /// Policies it implements, as written.
    pub policies: Vec<Sp<String>>,
    /// Procedures that say how it is carried out, as written.
    pub procedures: Vec<Sp<String>>,
    /// Subprocessors it relies on, as written.
    pub subprocessors: Vec<Sp<String>>,
    /// Implementation status.
    pub status: Status,
    /// How an auditor tests it.
    pub test_procedure: String,
    /// Whether the public trust center lists it.
    pub public: bool,
    /// Resolved criteria (filled by `resolve`).
    pub criteria_refs: Vec<CriterionRef>,
    /// Resolved policy indexes (filled by `resolve`).
    pub policy_refs: Vec<usize>,
    /// Resolved procedure indexes (filled by `resolve`).
    pub procedure_refs: Vec<usize>,
    /// Resolved subprocessor indexes (filled by `resolve`).
    pub subprocessor_refs: Vec<usize>,
}

impl Control {
    /// The family prefix of the id (`AC` for `AC-01`).
    pub fn family(&self) -> &str {
        self.id.split('-').next().unwrap_or(&self.id)
    }
}
