//! Subprocessors: third parties that process customer data.

use super::common::Period;
use crate::source::Sp;
use jiff::civil::Date;

/// One subprocessor.
#[derive(Debug, Clone)]
pub struct Subprocessor {
    /// Stable id.
    pub id: Sp<String>,
    /// Display name.
    pub name: String,
    /// Contracting legal entity.
    pub legal_entity: Option<String>,
    /// What it does for the company.
    pub purpose: String,
    /// Kind of service (`hosting`, `llm-gateway`, …).
    pub category: String,
    /// Kinds of customer data it processes.
    pub data_categories: Vec<String>,
    /// Whether it processes customer data at all.
    pub customer_data: bool,
    /// Where it processes data.
    pub location: String,
    /// Legal basis for international transfers.
    pub transfer_mechanism: Option<String>,
    /// Assurance reports and certificates.
    pub certifications: Vec<Certification>,
    /// URL of the data processing agreement.
    pub dpa: Option<String>,
    /// Vendor website.
    pub website: Option<String>,
    /// When it started processing.
    pub added: Date,
    /// When it stopped, if it did.
    pub removed: Option<Date>,
    /// Internal notes; never published.
    pub notes: Option<String>,
}

impl Subprocessor {
    /// Whether it is in use on a given day.
    pub fn active_on(&self, date: Date) -> bool {
        self.added <= date && self.removed.is_none_or(|r| date < r)
    }
}

/// A certification or assurance report of a subprocessor.
#[derive(Debug, Clone)]
pub struct Certification {
    /// Name (`SOC 2 Type II`, `ISO/IEC 27001:2022`).
    pub name: String,
    /// Date of the report or certificate.
    pub report_date: Sp<Date>,
    /// The period a report covers.
    pub period: Option<Period>,
    /// Where to find it.
    pub url: Option<String>,
}

/// One addition or removal of a subprocessor.
#[derive(Debug, Clone)]
pub struct Change {
    /// When.
    pub date: Date,
    /// `added` or `removed`.
    pub kind: &'static str,
    /// Subprocessor id.
    pub id: String,
    /// Subprocessor name.
    pub name: String,
    /// What it does.
    pub purpose: String,
}

/// Every change, newest first (ties by id, so the order is stable).
pub fn subprocessor_changes(list: &[Subprocessor]) -> Vec<Change> {
    let mut out = Vec::new();
    for s in list {
        out.push(Change {
            date: s.added,
            kind: "added",
            id: s.id.value.clone(),
            name: s.name.clone(),
            purpose: s.purpose.clone(),
        });
        if let Some(r) = s.removed {
            out.push(Change {
                date: r,
                kind: "removed",
                id: s.id.value.clone(),
                name: s.name.clone(),
                purpose: s.purpose.clone(),
            });
        }
    }
    out.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.id.cmp(&b.id))
            .then_with(|| a.kind.cmp(b.kind))
    });
    out
}
