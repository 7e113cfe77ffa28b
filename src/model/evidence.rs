//! The evidence index.

use super::common::{Classification, Period};
use crate::source::Sp;
use jiff::civil::Date;

/// One evidence item: a file showing that a control operated.
#[derive(Debug, Clone)]
pub struct Evidence {
    /// The control it supports, as written.
    pub control: Sp<String>,
    /// Title.
    pub title: String,
    /// Path relative to `content/evidence/`, with `/` separators.
    pub file: Sp<String>,
    /// When it was collected.
    pub collected: Sp<Date>,
    /// What it covers (defaults to the collection day).
    pub period: Sp<Period>,
    /// Audience (default internal).
    pub classification: Classification,
    /// Resolved control index (filled by `resolve`).
    pub control_ref: Option<usize>,
    /// Size of the file in bytes (filled by `resolve`).
    pub size: u64,
}

impl Evidence {
    /// Where the file goes in the audit package: under its control, without repeating the
    /// control folder when the project already uses one (`evidence/AC-01/report.csv`).
    pub fn package_path(&self) -> String {
        let control = &self.control.value;
        let rest = self
            .file
            .value
            .strip_prefix(&format!("{control}/"))
            .unwrap_or(&self.file.value);
        format!("evidence/{control}/{rest}")
    }
}
