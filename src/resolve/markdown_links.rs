//! Checking the links written in Markdown bodies: cross-references, anchors and file paths.

use super::path_diagnostic;
use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::load::paths::resolve_inside;
use crate::markdown::{LinkTarget, RefKind, classify_link};
use crate::model::{Body, Heading, ItemRef, Mention, Project};
use crate::source::Sp;

/// Checks every link of every policy and page, and records the cross-references as mentions.
pub fn check(project: &mut Project, diags: &mut Diagnostics) {
    let mut mentions = Vec::new();
    let docs: Vec<(ItemRef, &Body)> = project
        .policies
        .iter()
        .enumerate()
        .map(|(i, p)| (ItemRef::Policy(i), &p.body))
        .chain(
            project
                .pages
                .iter()
                .enumerate()
                .map(|(i, p)| (ItemRef::Page(i), &p.body)),
        )
        .collect();
    for (from, body) in docs {
        for link in &body.links {
            let span = project.sources.span_at(
                body.file,
                body.offset + link.range.start,
                link.range.len(),
            );
            let dest = Sp::new(link.dest.clone(), span);
            match classify_link(&link.dest) {
                LinkTarget::XRef(x) => {
                    let Some(to) = project.lookup(x.kind, &x.id) else {
                        diags.push(broken_xref(project, x.kind, &x.id, &dest));
                        continue;
                    };
                    if let Some(anchor) = &x.anchor {
                        if !x.kind.takes_anchor() {
                            diags.push(
                                Diagnostic::error(
                                    Code::BrokenAnchor,
                                    span,
                                    format!("`{}:` references cannot name a heading", x.kind.name()),
                                )
                                .with_hint(format!("remove `#{anchor}`; only policy: and page: links take anchors")),
                            );
                            continue;
                        }
                        let headings = match to {
                            ItemRef::Policy(i) => &project.policies[i].body.headings,
                            ItemRef::Page(i) => &project.pages[i].body.headings,
                            _ => continue,
                        };
                        if let Some(d) = check_anchor(anchor, headings, &dest, &x.id) {
                            diags.push(d);
                            continue;
                        }
                    }
                    mentions.push(Mention { from, to, span });
                }
                LinkTarget::UnknownKind(scheme) => {
                    let hint = did_you_mean(&scheme, RefKind::ALL.iter().map(|(n, _)| *n))
                        .map(|h| format!("{h} (cross-references are policy:, control:, criterion:, subprocessor: and page:)"));
                    diags.push(
                        Diagnostic::error(
                            Code::BrokenReference,
                            span,
                            format!("unknown reference kind `{scheme}:`"),
                        )
                        .with_hint_opt(hint),
                    );
                }
                LinkTarget::Anchor(anchor) => {
                    if let Some(d) = check_anchor(&anchor, &body.headings, &dest, "this document") {
                        diags.push(d);
                    }
                }
                LinkTarget::External => {}
                LinkTarget::AbsolutePath => diags.push(
                    Diagnostic::error(
                        Code::PathEscape,
                        span,
                        format!("`{}` is an absolute path", link.dest),
                    )
                    .with_hint("link to project items with cross-references (policy:…, page:…) or to files with a relative path"),
                ),
                LinkTarget::Relative(path) => {
                    let path = path.split(['#', '?']).next().unwrap_or_default().to_owned();
                    let file = project.sources.get(body.file);
                    let base = file.path.parent().map(|p| p.to_path_buf()).unwrap_or_default();
                    let fence = project.root.join("content");
                    if let Err(problem) = resolve_inside(&project.root, &fence, &base, &path) {
                        let mut d = path_diagnostic(&problem, &Sp::new(path.clone(), span), "content/");
                        if path.ends_with(".md") {
                            d = d.with_hint("link to policies and pages with cross-references: [text](policy:id) or [text](page:id)");
                        }
                        diags.push(d);
                    }
                }
            }
        }
    }
    project.links.mentions = mentions;
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
) -> Option<Diagnostic> {
    if headings.iter().any(|h| h.id == anchor) {
        return None;
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
    Some(
        Diagnostic::error(
            Code::BrokenAnchor,
            dest.span,
            format!("`{target}` has no heading `#{anchor}`"),
        )
        .with_hint(hint),
    )
}
