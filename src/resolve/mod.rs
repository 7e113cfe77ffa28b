//! Resolving: unique ids, every reference pointing somewhere real, and backlinks.
//!
//! Takes what `load` decoded and produces the `Project` every renderer reads. Problems are
//! recorded as diagnostics; resolution continues past them so that one run reports everything.

mod markdown_links;

use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::load::Loaded;
use crate::load::paths::{self, real_file_under};
use crate::markdown::RefKind;
use crate::model::{Area, CriterionRef, ItemRef, Links, Project, TSC};
use crate::source::{Sp, Span};
use std::collections::HashMap;

/// Builds the project model from loaded items, checking every id and reference.
pub fn resolve(loaded: Loaded, diags: &mut Diagnostics) -> Project {
    let Loaded {
        root,
        sources,
        config,
        mut policies,
        mut procedures,
        mut pages,
        mut controls,
        mut evidence,
        subprocessors,
        mut frameworks,
    } = loaded;
    let config = config.unwrap_or_else(crate::load::config::fallback);
    let vars = crate::markdown::dialect::Variables::of(Some(&config));
    for p in policies.iter_mut().chain(procedures.iter_mut()) {
        fields(&mut p.title, &mut p.summary, &p.id, &vars, diags);
    }
    for p in &mut pages {
        fields(&mut p.title, &mut p.summary, &p.id, &vars, diags);
    }

    policies.sort_by(|a, b| (a.order, &a.id.value).cmp(&(b.order, &b.id.value)));
    procedures.sort_by(|a, b| (a.order, &a.id.value).cmp(&(b.order, &b.id.value)));
    pages.sort_by(|a, b| (a.order, &a.id.value).cmp(&(b.order, &b.id.value)));
    controls.sort_by(|a, b| crate::text::natural_cmp(&a.id, &b.id));

    let mut ids: HashMap<(RefKind, String), ItemRef> = HashMap::new();
    let mut first_seen: HashMap<(RefKind, String), Span> = HashMap::new();
    let mut register = |kind: RefKind, id: &Sp<String>, item: ItemRef, diags: &mut Diagnostics| {
        let key = (kind, id.value.clone());
        if let Some(first) = first_seen.get(&key) {
            diags.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    id.span,
                    format!("duplicate {} id `{}`", kind.name(), id.value),
                )
                .with_note(*first, "first defined here")
                .with_hint(format!(
                    "{} ids must be unique; rename one of them",
                    kind.name()
                )),
            );
        } else {
            first_seen.insert(key.clone(), id.span);
            ids.insert(key, item);
        }
    };
    for (i, p) in policies.iter().enumerate() {
        register(RefKind::Policy, &p.id, ItemRef::Policy(i), diags);
    }
    for (i, p) in procedures.iter().enumerate() {
        register(RefKind::Procedure, &p.id, ItemRef::Procedure(i), diags);
    }
    for (i, p) in pages.iter().enumerate() {
        register(RefKind::Page, &p.id, ItemRef::Page(i), diags);
    }
    for (i, c) in controls.iter().enumerate() {
        register(RefKind::Control, &c.id, ItemRef::Control(i), diags);
    }
    for (i, s) in subprocessors.iter().enumerate() {
        register(
            RefKind::Subprocessor,
            &s.id,
            ItemRef::Subprocessor(i),
            diags,
        );
    }

    // Frameworks: unique ids, scope, criteria keys.
    let mut framework_seen: HashMap<String, Span> = HashMap::new();
    let mut keep = Vec::new();
    for fw in frameworks.drain(..) {
        if let Some(first) = framework_seen.get(&fw.id) {
            diags.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    fw.span,
                    format!("duplicate framework id `{}`", fw.id),
                )
                .with_note(*first, "first defined here")
                .with_hint(if fw.id == TSC {
                    "`tsc` is the built-in SOC 2 catalog; give your catalog another id".to_owned()
                } else {
                    "framework ids must be unique".to_owned()
                }),
            );
            continue;
        }
        framework_seen.insert(fw.id.clone(), fw.span);
        keep.push(fw);
    }
    frameworks = keep;
    for wanted in &config.frameworks {
        if wanted.value != TSC && !frameworks.iter().any(|f| f.id == wanted.value) {
            let hint = did_you_mean(&wanted.value, frameworks.iter().map(|f| f.id.as_str()))
                .unwrap_or_else(|| {
                    format!(
                        "add its catalog as controls/frameworks/{}.yaml",
                        wanted.value
                    )
                });
            diags.push(
                Diagnostic::error(
                    Code::BrokenReference,
                    wanted.span,
                    format!("unknown framework `{}`", wanted.value),
                )
                .with_hint(hint),
            );
        }
    }
    // Each criterion gets a page named by its slug: two may not share one.
    let mut slugs: HashMap<String, (String, Span)> = HashMap::new();
    for fw in &frameworks {
        for crit in &fw.criteria {
            let slug = crit.slug();
            match slugs.get(&slug) {
                Some((other, first)) => diags.push(
                    Diagnostic::error(
                        Code::DuplicateId,
                        crit.span,
                        format!(
                            "criteria `{}` and `{other}` would share the page criteria/{slug}.html",
                            crit.key
                        ),
                    )
                    .with_note(*first, "the other criterion")
                    .with_hint("criterion ids must differ in more than punctuation and letter case"),
                ),
                None if slug.is_empty() || slug.len() > crate::load::MAX_ID_LEN => diags.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        crit.span,
                        format!("criterion id `{}` cannot name a page", crit.id),
                    )
                    .with_hint("use letters and digits, such as `A.5.15` or `CC6.1`, at most 100 characters"),
                ),
                None => {
                    slugs.insert(slug, (crit.key.clone(), crit.span));
                }
            }
        }
    }
    for (f, fw) in frameworks.iter_mut().enumerate() {
        if fw.id != TSC {
            fw.in_scope = config.frameworks.iter().any(|w| w.value == fw.id);
        }
        let fw_in_scope = fw.in_scope;
        for (c, crit) in fw.criteria.iter_mut().enumerate() {
            crit.in_scope = match crit.tsc_category {
                Some(cat) => config.audit.categories.contains(&cat),
                None => fw_in_scope,
            };
            let r = CriterionRef {
                framework: f,
                criterion: c,
            };
            let id = Sp::new(crit.key.clone(), crit.span);
            register(RefKind::Criterion, &id, ItemRef::Criterion(r), diags);
        }
    }

    let lookup_ids = |kind: RefKind| -> Vec<&str> {
        ids.keys()
            .filter(|(k, _)| *k == kind)
            .map(|(_, id)| id.as_str())
            .collect()
    };
    let policy_ids = lookup_ids(RefKind::Policy);
    let procedure_ids = lookup_ids(RefKind::Procedure);
    let subprocessor_ids = lookup_ids(RefKind::Subprocessor);
    let criterion_ids = lookup_ids(RefKind::Criterion);
    let control_ids = lookup_ids(RefKind::Control);

    // Controls -> criteria, policies, subprocessors.
    for c in &mut controls {
        if c.criteria.is_empty() {
            diags.push(
                Diagnostic::warning(
                    Code::Suspicious,
                    c.id.span,
                    format!("control `{}` cites no criteria", c.id.value),
                )
                .with_hint("list the criteria it satisfies, e.g. `criteria: [CC6.1]`"),
            );
        }
        for cite in &c.criteria {
            match ids.get(&(RefKind::Criterion, cite.value.clone())) {
                Some(ItemRef::Criterion(r)) => c.criteria_refs.push(*r),
                _ => diags.push(broken_criterion(cite, &criterion_ids, &frameworks)),
            }
        }
        for p in &c.policies {
            match ids.get(&(RefKind::Policy, p.value.clone())) {
                Some(ItemRef::Policy(i)) => c.policy_refs.push(*i),
                _ => diags.push(broken(RefKind::Policy, p, &policy_ids)),
            }
        }
        for p in &c.procedures {
            match ids.get(&(RefKind::Procedure, p.value.clone())) {
                Some(ItemRef::Procedure(i)) => c.procedure_refs.push(*i),
                _ => diags.push(broken(RefKind::Procedure, p, &procedure_ids)),
            }
        }
        for s in &c.subprocessors {
            match ids.get(&(RefKind::Subprocessor, s.value.clone())) {
                Some(ItemRef::Subprocessor(i)) => c.subprocessor_refs.push(*i),
                _ => diags.push(broken(RefKind::Subprocessor, s, &subprocessor_ids)),
            }
        }
        c.criteria_refs.sort();
        c.criteria_refs.dedup();
        // Written `area:` wins; otherwise the TSC criteria decide (other frameworks' keys
        // carry no area).
        c.area_resolved = c.area.unwrap_or_else(|| {
            Area::default_for(
                c.criteria_refs
                    .iter()
                    .filter(|r| frameworks[r.framework].id == TSC)
                    .map(|r| frameworks[r.framework].criteria[r.criterion].key.as_str()),
            )
        });
    }

    // Documents -> the criteria they say they satisfy.
    let cite_all =
        |list: &[Sp<String>], diags: &mut Diagnostics| -> Vec<crate::model::CriterionRef> {
            let mut refs = Vec::new();
            for cite in list {
                match ids.get(&(RefKind::Criterion, cite.value.clone())) {
                    Some(ItemRef::Criterion(r)) => refs.push(*r),
                    _ => diags.push(broken_criterion(cite, &criterion_ids, &frameworks)),
                }
            }
            refs.sort();
            refs.dedup();
            refs
        };
    for p in policies.iter_mut().chain(procedures.iter_mut()) {
        p.satisfies_refs = cite_all(&p.satisfies, diags);
    }
    for p in &mut pages {
        p.satisfies_refs = cite_all(&p.satisfies, diags);
    }

    // Evidence -> control and file (already normalised by the loader).
    let evidence_dir = root.join("content").join("evidence");
    for e in &mut evidence {
        match ids.get(&(RefKind::Control, e.control.value.clone())) {
            Some(ItemRef::Control(c)) => e.control_ref = Some(*c),
            _ => diags.push(broken(RefKind::Control, &e.control, &control_ids)),
        }
        match real_file_under(&root, &evidence_dir, &e.file.value) {
            Ok(path) => e.size = std::fs::metadata(&path).map_or(0, |m| m.len()),
            Err(problem) => diags.push(paths::diagnostic(&problem, &e.file, "content/evidence/")),
        }
    }
    // Two different files may not land on one name in the audit package.
    let mut packaged: HashMap<String, usize> = HashMap::new();
    for (i, e) in evidence.iter().enumerate() {
        let entry = e.package_path();
        match packaged.get(&entry) {
            Some(&j) if evidence[j].file.value != e.file.value => diags.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    e.file.span,
                    format!(
                        "`{}` and `{}` would both be packaged as `{entry}`",
                        e.file.value, evidence[j].file.value
                    ),
                )
                .with_note(evidence[j].file.span, "the other file")
                .with_hint(format!(
                    "keep each control's evidence in its own folder, e.g. `{}/…`",
                    e.control.value
                )),
            ),
            Some(_) => {}
            None => {
                packaged.insert(entry, i);
            }
        }
    }

    let mut links = Links {
        policy_controls: vec![Vec::new(); policies.len()],
        procedure_controls: vec![Vec::new(); procedures.len()],
        subprocessor_controls: vec![Vec::new(); subprocessors.len()],
        control_evidence: vec![Vec::new(); controls.len()],
        ..Links::default()
    };
    for (i, c) in controls.iter().enumerate() {
        for r in &c.criteria_refs {
            links.criterion_controls.entry(*r).or_default().push(i);
        }
        for p in &c.policy_refs {
            links.policy_controls[*p].push(i);
        }
        for p in &c.procedure_refs {
            links.procedure_controls[*p].push(i);
        }
        for s in &c.subprocessor_refs {
            links.subprocessor_controls[*s].push(i);
        }
    }
    let documents = policies
        .iter()
        .enumerate()
        .map(|(i, p)| (ItemRef::Policy(i), &p.satisfies_refs))
        .chain(
            procedures
                .iter()
                .enumerate()
                .map(|(i, p)| (ItemRef::Procedure(i), &p.satisfies_refs)),
        )
        .chain(
            pages
                .iter()
                .enumerate()
                .map(|(i, p)| (ItemRef::Page(i), &p.satisfies_refs)),
        );
    for (item, refs) in documents {
        for r in refs {
            links.criterion_documents.entry(*r).or_default().push(item);
        }
    }
    for (i, e) in evidence.iter().enumerate() {
        if let Some(c) = e.control_ref {
            links.control_evidence[c].push(i);
        }
    }
    // A policy no control implements, or a procedure no control follows, is words only.
    let unused = policies
        .iter()
        .zip(&links.policy_controls)
        .map(|(p, c)| {
            (
                p,
                c,
                "no control implements policy",
                "policies",
                "that carry it out",
            )
        })
        .chain(
            procedures
                .iter()
                .zip(&links.procedure_controls)
                .map(|(p, c)| {
                    (
                        p,
                        c,
                        "no control follows procedure",
                        "procedures",
                        "it carries out",
                    )
                }),
        );
    for (p, controls, what, field, verb) in unused {
        if controls.is_empty() {
            diags.push(
                Diagnostic::warning(
                    Code::Suspicious,
                    p.id.span,
                    format!("{what} `{}`", p.id.value),
                )
                .with_hint(format!(
                    "add the id to the `{field}:` of the controls {verb}"
                )),
            );
        }
    }
    links.ids = ids;

    let mut project = Project {
        root,
        sources,
        config,
        policies,
        pages,
        procedures,
        controls,
        evidence,
        subprocessors,
        frameworks,
        assets: Default::default(),
        links,
    };
    markdown_links::check(&mut project, diags);
    report_files(&mut project, diags);
    logo_file(&mut project, diags);
    project
}

/// Replaces variables in a document's title and summary (bodies are done when parsed).
fn fields(
    title: &mut String,
    summary: &mut Option<String>,
    id: &Sp<String>,
    vars: &crate::markdown::dialect::Variables,
    diags: &mut Diagnostics,
) {
    let one = |field: &str, text: &mut String, diags: &mut Diagnostics| {
        if !text.contains("{{") {
            return;
        }
        let (value, problems) = crate::markdown::dialect::vars::substitute(text, vars);
        for p in problems {
            diags.push(
                Diagnostic::error(
                    Code::UnknownVariable,
                    id.span,
                    format!("in the {field} of `{}`: {}", id.value, p.message),
                )
                .with_hint(p.hint),
            );
        }
        *text = value;
    };
    one("title", title, diags);
    if let Some(s) = summary.as_mut() {
        one("summary", s, diags);
    }
}

/// Public attestation reports are files under `content/assets/`, published like any asset
/// (while the attestation is issued); each must be a regular file inside that folder.
fn report_files(project: &mut Project, diags: &mut Diagnostics) {
    let folder = project.root.join("content").join("assets");
    for a in &project.config.attestations {
        let crate::model::ReportAccess::Public(file) = &a.report else {
            continue;
        };
        match crate::load::paths::real_file_under(&project.root, &folder, &file.value) {
            Ok(real) => {
                let size = std::fs::metadata(&real).map_or(0, |m| m.len());
                project
                    .assets
                    .entry(file.value.clone())
                    .or_insert_with(|| crate::model::Asset {
                        path: file.value.clone(),
                        source: real,
                        size,
                    });
            }
            Err(p) => diags.push(crate::load::paths::diagnostic(&p, file, "content/assets/")),
        }
    }
}

/// The logo (`site.logo.file`) is a file under `content/assets/`, published on both sites
/// like any asset; it must be a regular file inside that folder.
fn logo_file(project: &mut Project, diags: &mut Diagnostics) {
    let Some(logo) = &project.config.site.logo else {
        return;
    };
    let folder = project.root.join("content").join("assets");
    match crate::load::paths::real_file_under(&project.root, &folder, &logo.file.value) {
        Ok(real) => {
            let size = std::fs::metadata(&real).map_or(0, |m| m.len());
            let path = logo.file.value.clone();
            project
                .assets
                .entry(path.clone())
                .or_insert_with(|| crate::model::Asset {
                    path,
                    source: real,
                    size,
                });
        }
        Err(p) => diags.push(crate::load::paths::diagnostic(
            &p,
            &logo.file,
            "content/assets/",
        )),
    }
}

/// A broken reference to an id of some kind, with the closest valid id.
fn broken(kind: RefKind, id: &Sp<String>, valid: &[&str]) -> Diagnostic {
    let hint = did_you_mean(&id.value, valid.iter().copied())
        .unwrap_or_else(|| format!("no {} has this id", kind.name()));
    Diagnostic::error(
        Code::BrokenReference,
        id.span,
        format!("unknown {} `{}`", kind.name(), id.value),
    )
    .with_hint(hint)
}

/// A broken criterion citation; explains unknown framework prefixes.
fn broken_criterion(
    cite: &Sp<String>,
    valid: &[&str],
    frameworks: &[crate::model::Framework],
) -> Diagnostic {
    if let Some((prefix, _)) = cite.split_once(':')
        && !frameworks.iter().any(|f| f.id == prefix)
    {
        let known: Vec<&str> = frameworks.iter().map(|f| f.id.as_str()).collect();
        let hint = did_you_mean(prefix, known.iter().copied()).unwrap_or_else(|| {
            format!(
                "add controls/frameworks/{prefix}.yaml, or cite a TSC criterion without a prefix"
            )
        });
        return Diagnostic::error(
            Code::BrokenReference,
            cite.span,
            format!("unknown framework `{prefix}` in criterion `{}`", cite.value),
        )
        .with_hint(hint);
    }
    broken(RefKind::Criterion, cite, valid)
}
