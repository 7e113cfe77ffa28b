//! Who an output is for, and what each item shows to them.
//!
//! One place decides visibility for every renderer (sites, search index, feed, PDFs, package),
//! so "nothing above an output's level reaches it" is enforced once, not per template. That
//! includes the project files an output copies: an asset only when a document the output
//! shows links to it, an evidence file only through an index entry the output shows, a
//! policy's source only in the audit package.

use crate::model::{
    Attestation, AttestationState, Classification, Control, Evidence, ItemRef, LinkTo, Page,
    Policy, Project, ReportAccess, Subprocessor, SubprocessorState,
};
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet};

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

/// An output, the highest classification it may show, and the day it speaks for.
#[derive(Debug, Clone, Copy)]
pub struct Audience {
    /// Which output.
    pub output: Output,
    /// The highest classification shown in full.
    pub level: Classification,
    /// The as-of date: what is announced, issued or expired is judged on this day.
    pub as_of: Date,
}

impl Audience {
    /// The audience of an output, with the level configured for it, as of a day.
    pub fn of(output: Output, outputs: &crate::model::Outputs, as_of: Date) -> Audience {
        let level = match output {
            Output::Docs => outputs.docs,
            Output::Trust => outputs.trust,
            Output::Audit => outputs.audit,
        };
        Audience {
            output,
            level,
            as_of,
        }
    }

    /// Whether readiness figures, coverage gaps and findings appear. The trust center states
    /// what the company holds and what its published controls address, never how far it is
    /// from an attestation.
    pub fn readiness(&self) -> bool {
        self.internal_detail()
    }

    /// Whether a subprocessor appears: one that starts later appears on the trust center only
    /// from its announcement; internal outputs show every one, with its state.
    pub fn subprocessor(&self, s: &Subprocessor) -> bool {
        self.output != Output::Trust || s.state_on(self.as_of) != SubprocessorState::Unannounced
    }

    /// The subprocessors that appear, with their indices and states on the as-of date.
    pub fn subprocessors<'p>(
        &self,
        project: &'p Project,
    ) -> impl Iterator<Item = (usize, &'p Subprocessor, SubprocessorState)> + use<'p> {
        let a = *self;
        project
            .subprocessors
            .iter()
            .enumerate()
            .filter(move |(_, s)| a.subprocessor(s))
            .map(move |(i, s)| (i, s, s.state_on(a.as_of)))
    }

    /// Whether a reader may get an attestation's report (request or download): only while it
    /// is issued and current.
    pub fn report_available(&self, a: &Attestation) -> bool {
        a.state_on(self.as_of) == AttestationState::Issued
    }

    /// The file of a public report this output publishes, if any (a path under
    /// `content/assets/`): the sites publish it while the report is issued and current.
    pub fn report_file<'a>(&self, a: &'a Attestation) -> Option<&'a str> {
        match &a.report {
            ReportAccess::Public(file)
                if self.output != Output::Audit && self.report_available(a) =>
            {
                Some(&file.value)
            }
            _ => None,
        }
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

    /// Whether a control appears: the trust center shows only controls marked `public`.
    pub fn control(&self, c: &Control) -> bool {
        self.output != Output::Trust || c.public
    }

    /// Whether an evidence item (and its file) appears: evidence is operational detail, shown
    /// only where that is, and only up to the output's level.
    pub fn evidence(&self, e: &Evidence) -> bool {
        self.internal_detail() && e.classification <= self.level
    }

    /// Whether operational detail appears: test procedures, evidence lists, readiness,
    /// subprocessor notes.
    pub fn internal_detail(&self) -> bool {
        self.output != Output::Trust && self.level >= Classification::Internal
    }

    /// Visibility of any item: documents by classification, controls by `public`, criteria
    /// and subprocessors in full. Every renderer asks here rather than matching on its own.
    pub fn visibility(&self, project: &Project, item: ItemRef) -> Visibility {
        match item {
            ItemRef::Policy(_) | ItemRef::Procedure(_) | ItemRef::Page(_) => project
                .doc(item)
                .map_or(Visibility::Hidden, |d| self.document(d.classification)),
            ItemRef::Control(i) if !self.control(&project.controls[i]) => Visibility::Hidden,
            ItemRef::Subprocessor(i) if !self.subprocessor(&project.subprocessors[i]) => {
                Visibility::Hidden
            }
            _ => Visibility::Full,
        }
    }

    /// Whether the body of a document is shown in full (only then are its links followed and
    /// the files they name published).
    pub fn shows_body(&self, project: &Project, item: ItemRef) -> bool {
        project
            .doc(item)
            .is_some_and(|d| self.document(d.classification) == Visibility::Full)
    }

    /// The policies shown at exactly `vis`, with their indices, in project order.
    pub fn policies<'p>(
        &self,
        project: &'p Project,
        vis: Visibility,
    ) -> impl Iterator<Item = (usize, &'p Policy)> + use<'p> {
        self.at(&project.policies, vis)
    }

    /// The procedures shown at exactly `vis`, with their indices, in project order.
    pub fn procedures<'p>(
        &self,
        project: &'p Project,
        vis: Visibility,
    ) -> impl Iterator<Item = (usize, &'p Policy)> + use<'p> {
        self.at(&project.procedures, vis)
    }

    /// The documents of a list shown at exactly `vis`, with their indices.
    fn at<'p>(
        &self,
        list: &'p [Policy],
        vis: Visibility,
    ) -> impl Iterator<Item = (usize, &'p Policy)> + use<'p> {
        let a = *self;
        list.iter()
            .enumerate()
            .filter(move |(_, x)| a.document(x.classification) == vis)
    }

    /// The pages shown at exactly `vis`, with their indices, in project order.
    pub fn pages<'p>(
        &self,
        project: &'p Project,
        vis: Visibility,
    ) -> impl Iterator<Item = (usize, &'p Page)> + use<'p> {
        let a = *self;
        project
            .pages
            .iter()
            .enumerate()
            .filter(move |(_, x)| a.document(x.classification) == vis)
    }

    /// Evidence files (paths under `content/evidence/`) this output shows: those of the index
    /// entries it shows, and no others.
    pub fn evidence_files(&self, project: &Project) -> BTreeSet<String> {
        project
            .evidence
            .iter()
            .filter(|e| self.evidence(e))
            .map(|e| e.file.value.clone())
            .collect()
    }

    /// Assets (paths under `content/assets/`) this output publishes, each with why: the shown
    /// documents that link to it, the issued attestation whose public report it is, and the
    /// logo (on the sites).
    pub fn assets(&self, project: &Project) -> BTreeMap<String, Vec<AssetCause>> {
        let mut out: BTreeMap<String, Vec<AssetCause>> = BTreeMap::new();
        for (i, a) in project.config.attestations.iter().enumerate() {
            if let Some(file) = self.report_file(a) {
                out.entry(file.to_owned())
                    .or_default()
                    .push(AssetCause::Report(i));
            }
        }
        // The logo names the company on every page of both sites.
        if let Some(logo) = &project.config.site.logo
            && self.output != Output::Audit
        {
            out.entry(logo.file.value.clone())
                .or_default()
                .push(AssetCause::Logo);
        }
        for doc in project.docs() {
            if self.output == Output::Audit || self.document(doc.classification) != Visibility::Full
            {
                continue;
            }
            for to in doc.body.targets.values() {
                if let LinkTo::Asset(path, _) = to {
                    let causes = out.entry(path.clone()).or_default();
                    if !causes.contains(&AssetCause::Document(doc.item)) {
                        causes.push(AssetCause::Document(doc.item));
                    }
                }
            }
        }
        out
    }

    /// Every project file this output copies, where it goes and why, in path order.
    pub fn published_files(&self, project: &Project) -> Vec<Published> {
        let mut out = Vec::new();
        for (path, causes) in self.assets(project) {
            out.push(Published {
                source: format!("content/assets/{path}"),
                path: format!("files/{path}"),
                causes: causes
                    .iter()
                    .map(|c| match *c {
                        AssetCause::Document(item) => {
                            let (id, _) = project.item_title(item);
                            let kind = if matches!(item, ItemRef::Policy(_)) {
                                "policy"
                            } else {
                                "page"
                            };
                            format!("linked from {kind}:{id}")
                        }
                        AssetCause::Logo => "the sites' logo (site.logo)".to_owned(),
                        AssetCause::Report(i) => format!(
                            "public report of attestation {} (issued)",
                            project.config.attestations[i].id.value
                        ),
                    })
                    .collect(),
            });
        }
        let package = self.output == Output::Audit;
        let mut evidence: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
        if self.internal_detail() || package {
            for e in project.evidence.iter().filter(|e| self.evidence(e)) {
                let path = if package {
                    e.package_path()
                } else {
                    format!("evidence/files/{}", e.file.value)
                };
                let entry = evidence
                    .entry(path)
                    .or_insert_with(|| (format!("content/evidence/{}", e.file.value), Vec::new()));
                entry.1.push(format!(
                    "evidence for {} \"{}\" ({})",
                    e.control.value, e.title, e.classification
                ));
            }
        }
        for (path, (source, causes)) in evidence {
            out.push(Published {
                source,
                path,
                causes,
            });
        }
        if package {
            for (_, p) in self.policies(project, Visibility::Full) {
                out.push(Published {
                    source: project.sources.name(p.body.file).to_owned(),
                    path: format!("policies/{}.md", p.id.value),
                    causes: vec![format!("policy:{} ({})", p.id.value, p.classification)],
                });
            }
            for (_, p) in self.procedures(project, Visibility::Full) {
                out.push(Published {
                    source: project.sources.name(p.body.file).to_owned(),
                    path: format!("procedures/{}.md", p.id.value),
                    causes: vec![format!("procedure:{} ({})", p.id.value, p.classification)],
                });
            }
        }
        out
    }
}

/// Why an asset is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetCause {
    /// A shown document links to it.
    Document(ItemRef),
    /// It is the public report of an issued attestation (index in `attestations`).
    Report(usize),
    /// It is the sites' logo (`site.logo`).
    Logo,
}

/// A project file that an output copies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// The file in the project (`content/assets/diagram.png`).
    pub source: String,
    /// Where it goes in the output (`files/diagram.png`; in the package, the entry name).
    pub path: String,
    /// Why: the documents linking to it, or the evidence entries naming it.
    pub causes: Vec<String>,
}
