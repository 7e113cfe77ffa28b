//! The project model: plain data, built once by `load` and `resolve`, read by every renderer.

mod attestation;
mod common;
mod config;
mod control;
mod document;
mod evidence;
mod framework;
mod subprocessor;

pub use attestation::{Attestation, AttestationKind, AttestationState, Declared, ReportAccess};
pub use common::{Classification, Interval, IntervalUnit, Period};
pub use config::{Audit, AuditType, Company, Config, Logo, Outputs, Package, Site};
pub use control::{Area, Control, ControlKind, Frequency, Status};
pub use document::{
    Asset, Body, DEFAULT_NAV_GROUP, Heading, LinkTo, Page, Policy, Review, SYSTEM_DESCRIPTION,
    group_title,
};
pub use evidence::Evidence;
pub use framework::{Criterion, CriterionRef, Framework, TSC, TscCategory};
pub use subprocessor::{Certification, Subprocessor, SubprocessorState};

use crate::markdown::RefKind;
use crate::source::{SourceMap, Span};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// A reference to one item of the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemRef {
    /// `Project::policies[i]`.
    Policy(usize),
    /// `Project::pages[i]`.
    Page(usize),
    /// `Project::procedures[i]`.
    Procedure(usize),
    /// `Project::controls[i]`.
    Control(usize),
    /// A criterion.
    Criterion(CriterionRef),
    /// `Project::subprocessors[i]`.
    Subprocessor(usize),
}

/// What every Markdown document (policy or page) has, as one view: renderers and the
/// audience module read documents through this, whatever their kind.
#[derive(Debug, Clone, Copy)]
pub struct Doc<'a> {
    /// Which item it is.
    pub item: ItemRef,
    /// `policy` or `page`, as cross-references spell it.
    pub kind: &'static str,
    /// Its id, with where it is written.
    pub id: &'a crate::source::Sp<String>,
    /// Its title.
    pub title: &'a str,
    /// Its audience.
    pub classification: Classification,
    /// Its summary, if any.
    pub summary: Option<&'a str>,
    /// Its Markdown body.
    pub body: &'a Body,
}

/// How a criterion is covered, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Coverage {
    /// An implemented control satisfies it.
    Controlled,
    /// No implemented control, but a policy, procedure or page says it satisfies it.
    Documented,
    /// Only planned or in-progress controls cite it.
    Pending,
    /// Nothing addresses it.
    Uncovered,
}

impl Coverage {
    /// The stable key (templates, CSS, CSV): `covered`, `documented`, `partial`, `uncovered`.
    pub fn key(self) -> &'static str {
        match self {
            Coverage::Controlled => "covered",
            Coverage::Documented => "documented",
            Coverage::Pending => "partial",
            Coverage::Uncovered => "uncovered",
        }
    }
}

/// A resolved cross-reference written in a Markdown body.
#[derive(Debug, Clone)]
pub struct Mention {
    /// The document that contains the link.
    pub from: ItemRef,
    /// The item it points at.
    pub to: ItemRef,
    /// Where the link is written.
    pub span: Span,
}

/// Backlinks and lookups, computed once by `resolve`.
#[derive(Debug, Clone, Default)]
pub struct Links {
    /// Controls that satisfy each criterion.
    pub criterion_controls: BTreeMap<CriterionRef, Vec<usize>>,
    /// Policies, procedures and pages that say they satisfy each criterion (`satisfies:`).
    pub criterion_documents: BTreeMap<CriterionRef, Vec<ItemRef>>,
    /// Controls that implement each policy (by policy index).
    pub policy_controls: Vec<Vec<usize>>,
    /// Controls that follow each procedure (by procedure index).
    pub procedure_controls: Vec<Vec<usize>>,
    /// Controls that rely on each subprocessor (by subprocessor index).
    pub subprocessor_controls: Vec<Vec<usize>>,
    /// Evidence items of each control (by control index).
    pub control_evidence: Vec<Vec<usize>>,
    /// Every Markdown cross-reference, in document order.
    pub mentions: Vec<Mention>,
    /// Lookup by id, per kind; criteria by citation key.
    pub ids: HashMap<(RefKind, String), ItemRef>,
}

/// Everything trustbook knows about a project.
#[derive(Debug, Clone)]
pub struct Project {
    /// The project folder.
    pub root: PathBuf,
    /// Every file read, for diagnostics.
    pub sources: SourceMap,
    /// `trustbook.yaml`.
    pub config: Config,
    /// Policies, sorted by id.
    pub policies: Vec<Policy>,
    /// Free pages, sorted by order then id.
    pub pages: Vec<Page>,
    /// Procedures (how recurring work is done), sorted like policies; they share the
    /// policies' front matter, so they are the same type.
    pub procedures: Vec<Policy>,
    /// Controls, sorted by id.
    pub controls: Vec<Control>,
    /// The evidence index, in file order.
    pub evidence: Vec<Evidence>,
    /// Subprocessors, in file order.
    pub subprocessors: Vec<Subprocessor>,
    /// Framework catalogs; the SOC 2 TSC first.
    pub frameworks: Vec<Framework>,
    /// Files under `content/assets/` that documents link to, by path under that folder.
    pub assets: BTreeMap<String, Asset>,
    /// Backlinks and lookups.
    pub links: Links,
}

impl Project {
    /// Looks an item up by kind and id.
    pub fn lookup(&self, kind: RefKind, id: &str) -> Option<ItemRef> {
        self.links.ids.get(&(kind, id.to_owned())).copied()
    }

    /// Every Markdown document as one view: policies, procedures, then pages.
    pub fn docs(&self) -> impl Iterator<Item = Doc<'_>> {
        let policies = (0..self.policies.len()).map(ItemRef::Policy);
        let procedures = (0..self.procedures.len()).map(ItemRef::Procedure);
        let pages = (0..self.pages.len()).map(ItemRef::Page);
        policies
            .chain(procedures)
            .chain(pages)
            .filter_map(|item| self.doc(item))
    }

    /// The policy-like document (a policy or a procedure) of an item.
    pub fn governed(&self, item: ItemRef) -> Option<&Policy> {
        match item {
            ItemRef::Policy(i) => self.policies.get(i),
            ItemRef::Procedure(i) => self.procedures.get(i),
            _ => None,
        }
    }

    /// The document view of a policy or page; `None` for other items.
    pub fn doc(&self, item: ItemRef) -> Option<Doc<'_>> {
        let (kind, id, title, classification, summary, body) = match item {
            ItemRef::Policy(i) => {
                let p = self.policies.get(i)?;
                (
                    "policy",
                    &p.id,
                    &p.title,
                    p.classification,
                    &p.summary,
                    &p.body,
                )
            }
            ItemRef::Procedure(i) => {
                let p = self.procedures.get(i)?;
                (
                    "procedure",
                    &p.id,
                    &p.title,
                    p.classification,
                    &p.summary,
                    &p.body,
                )
            }
            ItemRef::Page(i) => {
                let p = self.pages.get(i)?;
                (
                    "page",
                    &p.id,
                    &p.title,
                    p.classification,
                    &p.summary,
                    &p.body,
                )
            }
            _ => return None,
        };
        Some(Doc {
            item,
            kind,
            id,
            title,
            classification,
            summary: summary.as_deref(),
            body,
        })
    }

    /// The criterion a reference points at.
    pub fn criterion(&self, r: CriterionRef) -> &Criterion {
        &self.frameworks[r.framework].criteria[r.criterion]
    }

    /// All criteria with their references, framework by framework.
    pub fn criteria(&self) -> impl Iterator<Item = (CriterionRef, &Criterion)> {
        self.frameworks.iter().enumerate().flat_map(|(f, fw)| {
            fw.criteria.iter().enumerate().map(move |(c, crit)| {
                (
                    CriterionRef {
                        framework: f,
                        criterion: c,
                    },
                    crit,
                )
            })
        })
    }

    /// Controls satisfying a criterion.
    pub fn controls_for(&self, r: CriterionRef) -> &[usize] {
        self.links
            .criterion_controls
            .get(&r)
            .map_or(&[], Vec::as_slice)
    }

    /// Documents whose `satisfies:` names a criterion.
    pub fn documents_for(&self, r: CriterionRef) -> &[ItemRef] {
        self.links
            .criterion_documents
            .get(&r)
            .map_or(&[], Vec::as_slice)
    }

    /// How a criterion is covered: the one rule every output words its own way.
    pub fn coverage(&self, r: CriterionRef) -> Coverage {
        let controls = self.controls_for(r);
        let status = |s: Status| controls.iter().any(|&i| self.controls[i].status == s);
        if status(Status::Implemented) {
            Coverage::Controlled
        } else if !self.documents_for(r).is_empty() {
            Coverage::Documented
        } else if status(Status::InProgress) || status(Status::Planned) {
            Coverage::Pending
        } else {
            Coverage::Uncovered
        }
    }

    /// The id and title of an item, for link text and messages.
    pub fn item_title(&self, item: ItemRef) -> (String, String) {
        match item {
            ItemRef::Policy(i) => (
                self.policies[i].id.value.clone(),
                self.policies[i].title.clone(),
            ),
            ItemRef::Page(i) => (self.pages[i].id.value.clone(), self.pages[i].title.clone()),
            ItemRef::Procedure(i) => (
                self.procedures[i].id.value.clone(),
                self.procedures[i].title.clone(),
            ),
            ItemRef::Control(i) => (
                self.controls[i].id.value.clone(),
                self.controls[i].title.clone(),
            ),
            ItemRef::Criterion(r) => {
                let c = self.criterion(r);
                (c.key.clone(), c.title.clone())
            }
            ItemRef::Subprocessor(i) => (
                self.subprocessors[i].id.value.clone(),
                self.subprocessors[i].name.clone(),
            ),
        }
    }
}
