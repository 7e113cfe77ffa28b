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
/// What a control is about, for readers who look for "how do you handle access?": the
/// trust center and the control index group controls by area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Area {
    /// Who may reach systems and data: identities, MFA, reviews, network and physical access.
    Access,
    /// Encryption, classification, retention and disposal of data.
    DataProtection,
    /// Monitoring, vulnerability management and incident response.
    Operations,
    /// How changes reach production.
    Change,
    /// Due diligence and oversight of vendors and subprocessors.
    Vendors,
    /// Hiring, training and conduct.
    People,
    /// Backups, continuity, disaster recovery and capacity.
    Resilience,
    /// Policies, risk, oversight and monitoring of the controls themselves.
    Governance,
}

impl Keyword for Area {
    const WHAT: &'static str = "control area";
    const ALL: &'static [(&'static str, Self)] = &[
        ("access", Area::Access),
        ("data-protection", Area::DataProtection),
        ("operations", Area::Operations),
        ("change", Area::Change),
        ("vendors", Area::Vendors),
        ("people", Area::People),
        ("resilience", Area::Resilience),
        ("governance", Area::Governance),
    ];
}

impl Area {
    /// Every area in reading order (the order the sites list them in).
    pub const ALL_AREAS: [Area; 8] = [
        Area::Access,
        Area::DataProtection,
        Area::Operations,
        Area::Change,
        Area::Vendors,
        Area::People,
        Area::Resilience,
        Area::Governance,
    ];

    /// Which area wins when a control's criteria point to several: the narrow areas first,
    /// governance (CC1–CC5, cited beside almost everything) last.
    pub const PRECEDENCE: [Area; 8] = [
        Area::Vendors,
        Area::Change,
        Area::Resilience,
        Area::Access,
        Area::DataProtection,
        Area::Operations,
        Area::People,
        Area::Governance,
    ];

    /// The heading readers see.
    pub fn title(self) -> &'static str {
        match self {
            Area::Access => "Access control",
            Area::DataProtection => "Data protection",
            Area::Operations => "Operations and monitoring",
            Area::Change => "Change management",
            Area::Vendors => "Vendors",
            Area::People => "People",
            Area::Resilience => "Resilience",
            Area::Governance => "Governance and risk",
        }
    }

    /// The area a SOC 2 Trust Services Criterion points to (its citation key, `CC6.1`);
    /// `None` for keys of other frameworks. The table is the README's.
    pub fn of_tsc(key: &str) -> Option<Area> {
        let area = match key {
            "CC1.1" | "CC1.4" | "CC1.5" => Area::People,
            "CC6.5" | "CC6.7" => Area::DataProtection,
            "CC9.1" => Area::Resilience,
            "CC9.2" => Area::Vendors,
            k if k.starts_with("CC6.") => Area::Access,
            k if k.starts_with("CC7.") => Area::Operations,
            k if k.starts_with("CC8.") => Area::Change,
            k if ["CC1.", "CC2.", "CC3.", "CC4.", "CC5."]
                .iter()
                .any(|p| k.starts_with(p)) =>
            {
                Area::Governance
            }
            k if k.starts_with("A1.") => Area::Resilience,
            k if k.starts_with("C1.") => Area::DataProtection,
            k if k.starts_with("PI1.") => Area::Operations,
            k if k
                .strip_prefix('P')
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit())) =>
            {
                Area::DataProtection
            }
            _ => return None,
        };
        Some(area)
    }

    /// The default area of a control citing these TSC keys: the first area in
    /// [`Area::PRECEDENCE`] one of them points to; governance when none does.
    pub fn default_for<'a>(tsc_keys: impl IntoIterator<Item = &'a str>) -> Area {
        let cited: Vec<Area> = tsc_keys.into_iter().filter_map(Area::of_tsc).collect();
        Area::PRECEDENCE
            .into_iter()
            .find(|a| cited.contains(a))
            .unwrap_or(Area::Governance)
    }

    /// A stable anchor (`data-protection`).
    pub fn slug(self) -> &'static str {
        Keyword::as_str(self)
    }
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
    /// The area written (`area:`), overriding the default from its criteria.
    pub area: Option<Area>,
    /// The area the sites list it under (filled by `resolve`: `area`, or the default from
    /// its TSC criteria, see [`Area::default_for`]).
    pub area_resolved: Area,
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
