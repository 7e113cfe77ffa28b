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
    /// When it started processing (or will).
    pub added: Date,
    /// When customers were told about it, if written.
    pub announced: Option<Sp<Date>>,
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

/// Where a subprocessor stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubprocessorState {
    /// Starts later and not announced yet: shown on no public output.
    Unannounced,
    /// Announced, starts on `added`.
    Upcoming,
    /// In use.
    Active,
    /// In use, stops on the date.
    Leaving(Date),
    /// No longer in use.
    Former,
}

impl SubprocessorState {
    /// Stable key (JSON, CSV, CSS).
    pub fn key(self) -> &'static str {
        match self {
            SubprocessorState::Unannounced => "unannounced",
            SubprocessorState::Upcoming => "upcoming",
            SubprocessorState::Active => "active",
            SubprocessorState::Leaving(_) => "leaving",
            SubprocessorState::Former => "former",
        }
    }
}

impl Subprocessor {
    /// The date customers were told, as seen on `day`: `announced` when written, else the day
    /// it started, or `day` itself for one that has not started (and `check` asks for the
    /// real date).
    pub fn announced_on(&self, day: Date) -> Date {
        match &self.announced {
            Some(a) => a.value,
            None if self.added > day => day,
            None => self.added,
        }
    }

    /// The announcement date to publish: as written, or `day` for one that has not started
    /// (see [`Subprocessor::announced_on`]); `None` when nobody wrote one for a subprocessor
    /// already in use, rather than inventing it.
    pub fn announced_shown(&self, day: Date) -> Option<Date> {
        match &self.announced {
            Some(a) => Some(a.value),
            None => (self.added > day).then_some(day),
        }
    }

    /// Its state on `day`.
    pub fn state_on(&self, day: Date) -> SubprocessorState {
        match self.removed {
            Some(r) if r <= day => SubprocessorState::Former,
            _ if self.added > day && self.announced_on(day) > day => SubprocessorState::Unannounced,
            _ if self.added > day => SubprocessorState::Upcoming,
            Some(r) => SubprocessorState::Leaving(r),
            None => SubprocessorState::Active,
        }
    }
}
