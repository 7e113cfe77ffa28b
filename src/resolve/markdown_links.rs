//! Resolving the links written in Markdown bodies (Markdown syntax and raw HTML alike):
//! cross-references, anchors, URLs and file paths, each decided once into a [`LinkTo`].
//!
//! The rules for files, which decide what a site may copy:
//! - a link to a policy's or page's `.md` source is a cross-reference to that document, as
//!   mdBook and mkdocs read it; the source itself is never published;
//! - a file under `content/assets/` (its real path, through symbolic links) is an asset;
//! - a file under `content/evidence/` is published only through its evidence index entry;
//! - any other project file is never published, and a link to it is an error.

use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::load::paths::{self, PathProblem, real_file_under};
use crate::markdown::{LinkSite, LinkTarget, RefKind, classify_link};
use crate::model::{Asset, Body, Heading, ItemRef, LinkTo, Mention, Project};
use crate::source::{Sp, Span};
use std::collections::{BTreeMap, HashMap};

/// Resolves every link of every policy and page, records cross-references as mentions and
/// collects the assets documents link to.
pub fn check(project: &mut Project, diags: &mut Diagnostics) {
    let documents: HashMap<String, ItemRef> = project
        .docs()
        .map(|d| (project.sources.name(d.body.file).to_owned(), d.item))
        .collect();
    let mut mentions = Vec::new();
    let mut assets = BTreeMap::new();
    let mut resolved: Vec<(ItemRef, BTreeMap<String, LinkTo>)> = Vec::new();
    {
        let cx = Cx {
            project,
            documents: &documents,
        };
        for doc in project.docs() {
            let (from, body) = (doc.item, doc.body);
            if let Some(offset) = body.too_deep {
                diags.push(too_deep(project, body, offset));
            }
            for note in &body.notes {
                diags.push(markdown_note(project, body, note));
            }
            for (tag, range) in &body.dropped_html {
                let span =
                    project
                        .sources
                        .span_at(body.file, body.offset + range.start, range.len());
                diags.push(
                    Diagnostic::warning(
                        Code::Suspicious,
                        span,
                        format!("`<{tag}>` in raw HTML is removed from every site"),
                    )
                    .with_hint(match tag.as_str() {
                        "form" => "nothing on the sites submits anything; link to the form where it lives instead",
                        _ => "it would redirect readers or re-target every link of the page; link to the page instead",
                    }),
                );
            }
            let mut targets = BTreeMap::new();
            for link in &body.links {
                let span = project.sources.span_at(
                    body.file,
                    body.offset + link.range.start,
                    link.range.len(),
                );
                match cx.resolve(body, link, span, &mut assets) {
                    Ok(to) => {
                        if let LinkTo::Item { item, .. } = &to {
                            mentions.push(Mention {
                                from,
                                to: *item,
                                span,
                            });
                        }
                        targets.insert(link.dest.clone(), to);
                    }
                    Err(d) => diags.push(d),
                }
            }
            resolved.push((from, targets));
        }
    }
    for (item, targets) in resolved {
        match item {
            ItemRef::Policy(i) => project.policies[i].body.targets = targets,
            ItemRef::Procedure(i) => project.procedures[i].body.targets = targets,
            ItemRef::Page(i) => project.pages[i].body.targets = targets,
            _ => {}
        }
    }
    project.assets = assets;
    project.links.mentions = mentions;
}

/// A diagnostic for what the Markdown parser noticed in a body.
fn markdown_note(
    project: &Project,
    body: &Body,
    note: &crate::markdown::dialect::Note,
) -> Diagnostic {
    use crate::markdown::dialect::NoteKind;
    let span = project
        .sources
        .span_at(body.file, body.offset + note.range.start, note.range.len());
    let d = match note.kind {
        NoteKind::UnknownVariable => {
            Diagnostic::error(Code::UnknownVariable, span, note.message.clone())
        }
        NoteKind::Unsupported => Diagnostic::warning(Code::Unsupported, span, note.message.clone()),
        NoteKind::Suspicious => {
            Diagnostic::warning(Code::SuspiciousMarkdown, span, note.message.clone())
        }
    };
    d.with_hint(note.hint.clone())
}

fn too_deep(project: &Project, body: &Body, offset: usize) -> Diagnostic {
    Diagnostic::error(
        Code::NestingTooDeep,
        project.sources.span_at(body.file, body.offset + offset, 0),
        format!(
            "lists, quotes and emphasis nest more than {} levels deep here",
            crate::markdown::MAX_NESTING
        ),
    )
    .with_hint("flatten the structure: split the list, or use headings for the outer levels")
}

/// What resolving needs to see.
struct Cx<'a> {
    project: &'a Project,
    /// Documents by source file name (`content/policies/hr.md`).
    documents: &'a HashMap<String, ItemRef>,
}

impl<'a> Cx<'a> {
    fn headings(&self, item: ItemRef) -> &'a [Heading] {
        self.project.doc(item).map_or(&[], |d| &d.body.headings)
    }

    /// Where one link goes, or why it may not be published.
    fn resolve(
        &self,
        body: &Body,
        link: &LinkSite,
        span: Span,
        assets: &mut BTreeMap<String, Asset>,
    ) -> Result<LinkTo, Diagnostic> {
        let dest = Sp::new(link.dest.clone(), span);
        let to = match classify_link(&link.dest) {
            LinkTarget::XRef(x) => {
                let Some(item) = self.project.lookup(x.kind, &x.id) else {
                    return Err(broken_xref(self.project, x.kind, &x.id, &dest));
                };
                if let Some(anchor) = &x.anchor {
                    if !x.kind.takes_anchor() {
                        return Err(Diagnostic::error(
                            Code::BrokenAnchor,
                            span,
                            format!("`{}:` references cannot name a heading", x.kind.name()),
                        )
                        .with_hint(format!(
                            "remove `#{anchor}`; only policy: and page: links take anchors"
                        )));
                    }
                    check_anchor(anchor, self.headings(item), &dest, &x.id)?;
                }
                LinkTo::Item {
                    item,
                    anchor: x.anchor,
                }
            }
            LinkTarget::UnknownKind(scheme) => {
                let hint = did_you_mean(&scheme, RefKind::ALL.iter().map(|(n, _)| *n))
                    .map(|h| format!("{h} (cross-references are policy:, control:, criterion:, subprocessor: and page:)"));
                return Err(Diagnostic::error(
                    Code::BrokenReference,
                    span,
                    format!("unknown reference kind `{scheme}:`"),
                )
                .with_hint_opt(hint));
            }
            LinkTarget::Anchor(anchor) => {
                check_anchor(&anchor, &body.headings, &dest, "this document")?;
                LinkTo::Anchor(anchor)
            }
            LinkTarget::Url(url) => {
                if link.image {
                    return Err(remote(&link.dest, link.raw, span));
                }
                LinkTo::Url(url.text)
            }
            LinkTarget::BadUrl(problem) => {
                return Err(
                    Diagnostic::error(Code::UnsafeUrl, span, problem.message(&link.dest))
                        .with_hint(problem.hint(&link.dest)),
                );
            }
            LinkTarget::AbsolutePath => {
                return Err(Diagnostic::error(
                    Code::PathEscape,
                    span,
                    format!("`{}` is an absolute path", link.dest),
                )
                .with_hint("link to project items with cross-references (policy:…, page:…) or to files in content/assets/ with a relative path"));
            }
            LinkTarget::Relative(path) => self.file(body, &path, &dest, assets)?,
        };
        if link.image && !matches!(to, LinkTo::Asset(..) | LinkTo::Evidence(..)) {
            return Err(Diagnostic::error(
                Code::NotPublishable,
                span,
                format!("`{}` is not a file an image can show", link.dest),
            )
            .with_hint("put the image in content/assets/ and link to it with a relative path"));
        }
        Ok(to)
    }

    /// A relative path: a document's source, an asset, an indexed evidence file, or an error.
    fn file(
        &self,
        body: &Body,
        written: &str,
        dest: &Sp<String>,
        assets: &mut BTreeMap<String, Asset>,
    ) -> Result<LinkTo, Diagnostic> {
        let project = self.project;
        let (path, fragment) = match written.find(['#', '?']) {
            Some(i) => (&written[..i], &written[i..]),
            None => (written, ""),
        };
        let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let doc_name = project.sources.name(body.file);
        let doc_dir = doc_name.rsplit_once('/').map_or("", |(d, _)| d);
        let rel = paths::normalize(&format!("{doc_dir}/{path}")).map_err(|problem| {
            let problem = match problem {
                PathProblem::Empty => PathProblem::Escapes,
                p => p,
            };
            paths::diagnostic(&problem, dest, "the project")
        })?;
        let root = &project.root;
        if rel.to_ascii_lowercase().ends_with(".md") {
            return self.document_source(&rel, doc_dir, fragment, dest);
        }
        if let Some(asset) = rel.strip_prefix("content/assets/") {
            let folder = root.join("content").join("assets");
            let real = real_file_under(root, &folder, asset)
                .map_err(|p| paths::diagnostic(&p, dest, "content/assets/"))?;
            let size = std::fs::metadata(&real).map_or(0, |m| m.len());
            assets.entry(asset.to_owned()).or_insert_with(|| Asset {
                path: asset.to_owned(),
                source: real,
                size,
            });
            return Ok(LinkTo::Asset(asset.to_owned(), fragment.to_owned()));
        }
        if let Some(file) = rel
            .strip_prefix("content/evidence/")
            .filter(|f| *f != "index.yaml")
        {
            let folder = root.join("content").join("evidence");
            real_file_under(root, &folder, file)
                .map_err(|p| paths::diagnostic(&p, dest, "content/evidence/"))?;
            if project.evidence.iter().any(|e| e.file.value == file) {
                return Ok(LinkTo::Evidence(file.to_owned(), fragment.to_owned()));
            }
            return Err(Diagnostic::error(
                Code::NotPublishable,
                dest.span,
                format!("`{}` is not in the evidence index", dest.value),
            )
            .with_hint("evidence files are published only through content/evidence/index.yaml, with their control and classification; add an entry there, or move a file meant for readers to content/assets/"));
        }
        let exists = std::fs::symlink_metadata(root.join(&rel)).is_ok();
        if !exists {
            return Err(Diagnostic::error(
                Code::MissingFile,
                dest.span,
                format!("`{}` does not exist (it would be `{rel}`)", dest.value),
            )
            .with_hint("files that documents link to go in content/assets/; link to them with a path relative to the document, e.g. ../assets/diagram.png"));
        }
        let is_yaml = rel.ends_with(".yaml") || rel.ends_with(".yml");
        Err(Diagnostic::error(
            Code::NotPublishable,
            dest.span,
            format!("`{rel}` is a project file, which is never published"),
        )
        .with_hint(if is_yaml {
            "link to the item instead, with a cross-reference such as [HostCo](subprocessor:hostco) or [AC-01](control:AC-01)"
        } else {
            "only files under content/assets/ are published; move the file there and link to it"
        }))
    }

    /// A link to a `.md` file: a cross-reference to the policy or page it is the source of.
    fn document_source(
        &self,
        rel: &str,
        doc_dir: &str,
        fragment: &str,
        dest: &Sp<String>,
    ) -> Result<LinkTo, Diagnostic> {
        let Some(&item) = self.documents.get(rel) else {
            let exists = std::fs::symlink_metadata(self.project.root.join(rel)).is_ok();
            let hint = self.closest_document(rel, doc_dir).unwrap_or_else(|| {
                "link to policies and pages with a relative path to their .md file, or with a cross-reference such as [text](policy:id)".to_owned()
            });
            return Err(if exists {
                Diagnostic::error(
                    Code::NotPublishable,
                    dest.span,
                    format!("`{rel}` is not a policy or a page, so it is never published"),
                )
                .with_hint("policies are read from content/policies/, pages from content/pages/")
            } else {
                Diagnostic::error(
                    Code::MissingFile,
                    dest.span,
                    format!("`{}` does not exist (it would be `{rel}`)", dest.value),
                )
                .with_hint(hint)
            });
        };
        let anchor = match fragment.strip_prefix('#') {
            Some(a) if !a.is_empty() => {
                let (id, _) = self.project.item_title(item);
                check_anchor(a, self.headings(item), dest, &id)?;
                Some(a.to_owned())
            }
            _ => None,
        };
        Ok(LinkTo::Item { item, anchor })
    }
}

impl Cx<'_> {
    /// The document a missing `.md` path most likely meant, as a path relative to `from`:
    /// one with the same file name in another folder, else the closest path.
    fn closest_document(&self, rel: &str, from: &str) -> Option<String> {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let mut names: Vec<&str> = self.documents.keys().map(String::as_str).collect();
        names.sort_unstable();
        let same_name = names
            .iter()
            .find(|d| d.rsplit('/').next() == Some(name))
            .copied();
        let best = same_name.or_else(|| crate::diag::closest(rel, names.iter().copied()))?;
        Some(format!("did you mean `{}`?", relative_to(best, from)))
    }
}

/// `target` (project-relative) written relative to the folder `from` (project-relative).
fn relative_to(target: &str, from: &str) -> String {
    let t: Vec<&str> = target.split('/').collect();
    let f: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    let common = t.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; f.len() - common];
    parts.extend(t.iter().skip(common));
    parts.join("/")
}

fn remote(dest: &str, raw: bool, span: Span) -> Diagnostic {
    let what = if raw { "resource" } else { "image" };
    Diagnostic::error(
        Code::RemoteImage,
        span,
        format!("the {what} `{dest}` is on another site"),
    )
    .with_hint("download it into content/assets/ and link to it there: the sites' Content-Security-Policy blocks other sites and the PDFs cannot fetch it")
}

fn broken_xref(project: &Project, kind: RefKind, id: &str, dest: &Sp<String>) -> Diagnostic {
    let candidates: Vec<&str> = project
        .links
        .ids
        .keys()
        .filter(|(k, _)| *k == kind)
        .map(|(_, id)| id.as_str())
        .collect();
    let hint = crate::diag::closest(id, candidates.iter().copied())
        .map(|c| format!("did you mean `{}:{c}`?", kind.name()))
        .unwrap_or_else(|| format!("no {} has the id `{id}`", kind.name()));
    Diagnostic::error(
        Code::BrokenReference,
        dest.span,
        format!("unknown {} `{id}`", kind.name()),
    )
    .with_hint(hint)
}

fn check_anchor(
    anchor: &str,
    headings: &[Heading],
    dest: &Sp<String>,
    target: &str,
) -> Result<(), Diagnostic> {
    if headings.iter().any(|h| h.id == anchor) {
        return Ok(());
    }
    let hint = did_you_mean(anchor, headings.iter().map(|h| h.id.as_str()))
        .map(|h| h.replacen("did you mean `", "did you mean `#", 1))
        .unwrap_or_else(|| {
            let list: Vec<String> = headings
                .iter()
                .take(12)
                .map(|h| format!("#{}", h.id))
                .collect();
            if list.is_empty() {
                format!("`{target}` has no headings")
            } else {
                format!("its headings are: {}", list.join(", "))
            }
        });
    Err(Diagnostic::error(
        Code::BrokenAnchor,
        dest.span,
        format!("`{target}` has no heading `#{anchor}`"),
    )
    .with_hint(hint))
}
