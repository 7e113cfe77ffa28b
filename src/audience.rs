//! Who an output is for, and what each item shows to them.
//!
//! One place decides visibility for every renderer (sites, search index, feed, PDFs, package),
//! so "nothing above an output's level reaches it" is enforced once, not per template.

use crate::model::{Classification, Control, Evidence, Page, Policy};

/// The three outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Output {
    /// The internal documentation site.
    Docs,
    /// The public trust center.
    Trust,
    /// The auditor package.
    Audit,
}

impl Output {
    /// The folder and file-name word for the output.
    pub fn name(self) -> &'static str {
        match self {
            Output::Docs => "docs",
            Output::Trust => "trust",
            Output::Audit => "audit",
        }
    }
}

/// How much of an item an audience sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// Everything.
    Full,
    /// Title and summary only, with a lock and a way to request access.
    Listed,
    /// Nothing at all: not its title, id, file name or a link to it.
    Hidden,
}

/// An output and the highest classification it may show.
#[derive(Debug, Clone, Copy)]
pub struct Audience {
    /// Which output.
    pub output: Output,
    /// The highest classification shown in full.
    pub level: Classification,
}

impl Audience {
    /// The audience of an output, with the level configured for it.
    pub fn of(output: Output, outputs: &crate::model::Outputs) -> Audience {
        let level = match output {
            Output::Docs => outputs.docs,
            Output::Trust => outputs.trust,
            Output::Audit => outputs.audit,
        };
        Audience { output, level }
    }

    /// Visibility of a document with a classification. The trust center lists customer
    /// documents by title and summary when it does not show them in full.
    pub fn document(&self, c: Classification) -> Visibility {
        if c <= self.level {
            Visibility::Full
        } else if self.output == Output::Trust && c == Classification::Customer {
            Visibility::Listed
        } else {
            Visibility::Hidden
        }
    }

    /// Visibility of a policy.
    pub fn policy(&self, p: &Policy) -> Visibility {
        self.document(p.classification)
    }

    /// Visibility of a page.
    pub fn page(&self, p: &Page) -> Visibility {
        self.document(p.classification)
    }

    /// Whether a control appears: the trust center shows only controls marked `public`.
    pub fn control(&self, c: &Control) -> bool {
        self.output != Output::Trust || c.public
    }

    /// Whether an evidence item (and its file) appears.
    pub fn evidence(&self, e: &Evidence) -> bool {
        self.output != Output::Trust && e.classification <= self.level
    }

    /// Whether operational detail appears: test procedures, evidence lists, readiness,
    /// subprocessor notes.
    pub fn internal_detail(&self) -> bool {
        self.output != Output::Trust && self.level >= Classification::Internal
    }
}
