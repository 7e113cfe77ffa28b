//! The two static sites: the internal documentation site and the public trust center.
//!
//! Both are rendered from the resolved model with the theme's Tera templates; what each shows
//! is decided by its [`Audience`]. Every link is relative.

mod feed;
mod paths;
mod readiness;
mod search;
mod subprocessors;
pub mod theme;
mod views;

use crate::audience::{Audience, Output, Visibility};
use crate::error::{Error, Result};
use crate::model::{CriterionRef, Evidence, ItemRef, Project, TSC};
use crate::output::Dir;
use jiff::civil::Date;
use paths::PageLinker;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use theme::Theme;

/// Facts about the build shown on the sites.
#[derive(Debug, Clone)]
pub struct BuildInfo {
    /// The build date (from `SOURCE_DATE_EPOCH` when set).
    pub date: Date,
    /// The as-of date of every status shown (`--as-of`, default the build date).
    pub as_of: Date,
    /// The package version.
    pub version: String,
    /// Path of the downloadable PDF inside the site, if one is built.
    pub pdf: Option<String>,
    /// The readiness analysis (shown on the internal site only).
    pub readiness: Option<crate::readiness::Readiness>,
}

/// Site-wide data for one audience.
pub struct Ctx<'a> {
    /// The model.
    pub project: &'a Project,
    /// Who the site is for.
    pub audience: Audience,
    /// Build facts.
    pub build: &'a BuildInfo,
    /// Criteria that get a page: those in scope and those cited by a shown control.
    pub criterion_pages: BTreeSet<CriterionRef>,
    /// Evidence files shown (paths relative to `content/evidence/`).
    pub evidence_files: BTreeSet<String>,
    /// Assets published (paths relative to `content/assets/`), with why.
    pub assets: BTreeMap<String, Vec<crate::audience::AssetCause>>,
    tera: tera::Tera,
}

impl Ctx<'_> {
    /// Evidence items of the control at `control` that this audience sees.
    pub fn visible_evidence(&self, control: usize) -> impl Iterator<Item = &Evidence> {
        self.project.links.control_evidence[control]
            .iter()
            .map(|&i| &self.project.evidence[i])
            .filter(|e| self.audience.evidence(e))
    }
}

/// Renders the site of one audience (`Docs` or `Trust`) into a folder of the output.
pub fn render(
    project: &Project,
    output: Output,
    theme: &Theme,
    build: &BuildInfo,
    out: Dir<'_>,
) -> Result<()> {
    let audience = Audience::of(output, &project.config.outputs, build.as_of);
    let mut criterion_pages = BTreeSet::new();
    for (r, c) in project.criteria() {
        if c.in_scope {
            criterion_pages.insert(r);
        }
    }
    for c in project.controls.iter().filter(|c| audience.control(c)) {
        criterion_pages.extend(c.criteria_refs.iter().copied());
    }
    let ctx = Ctx {
        project,
        audience,
        build,
        criterion_pages,
        evidence_files: audience.evidence_files(project),
        assets: audience.assets(project),
        tera: theme.tera()?,
    };
    let mut site = SiteWriter {
        ctx: &ctx,
        out,
        root_override: None,
    };
    site.home()?;
    site.policies()?;
    site.procedures()?;
    site.controls()?;
    site.criteria()?;
    site.subprocessors()?;
    site.pages()?;
    if audience.internal_detail() {
        site.evidence()?;
        site.readiness()?;
    }
    site.not_found()?;
    for (path, bytes) in theme.assets() {
        out.write(&format!("assets/{path}"), bytes)?;
    }
    search::write(&ctx, out)?;
    feed::write(&ctx, out)?;
    subprocessors::write_lists(&ctx, out)?;
    copy_files(&ctx, out)
}

/// Copies the project files the audience module publishes in this site: assets linked from
/// shown documents, and shown evidence files. Streamed, never held in memory.
fn copy_files(ctx: &Ctx<'_>, out: Dir<'_>) -> Result<()> {
    for (path, asset) in &ctx.project.assets {
        if ctx.assets.contains_key(path) {
            out.copy(&paths::asset(path), &asset.source)?;
        }
    }
    let dir = ctx.project.root.join("content").join("evidence");
    for rel in &ctx.evidence_files {
        out.copy(&paths::evidence_file(rel), &dir.join(rel))?;
    }
    Ok(())
}

/// Renders pages into a site folder.
struct SiteWriter<'a> {
    ctx: &'a Ctx<'a>,
    out: Dir<'a>,
    /// Replaces the relative root prefix (the 404 page is served at any depth).
    root_override: Option<String>,
}

impl SiteWriter<'_> {
    /// Renders a template to a path with the common context plus `data`.
    fn page(
        &mut self,
        path: &str,
        template: &str,
        active: &str,
        title: &str,
        data: Value,
    ) -> Result<()> {
        let site = self.site_view(path, active);
        let mut context = tera::Context::new();
        context.insert("site", &site);
        context.insert(
            "page",
            &json!({ "title": title, "path": path, "active": active }),
        );
        if let Value::Object(map) = data {
            for (k, v) in map {
                context.insert(k, &v);
            }
        }
        let html = self
            .ctx
            .tera
            .render(template, &context)
            .map_err(|e| Error::theme(theme::render_tera_error(&e), Some(e.into())))?;
        self.out.write(path, html)
    }

    fn site_view(&self, path: &str, active: &str) -> Value {
        let ctx = self.ctx;
        let p = ctx.project;
        let cfg = &p.config;
        let root = self
            .root_override
            .clone()
            .unwrap_or_else(|| paths::root_prefix(path));
        let trust = ctx.audience.output == Output::Trust;
        let mut nav = vec![
            ("home", "Overview", "index.html".to_owned()),
            ("policies", "Policies", "policies/index.html".to_owned()),
            (
                "procedures",
                "Procedures",
                "procedures/index.html".to_owned(),
            ),
            ("controls", "Controls", "controls/index.html".to_owned()),
            ("criteria", "Criteria", "criteria/index.html".to_owned()),
            (
                "subprocessors",
                "Subprocessors",
                "subprocessors/index.html".to_owned(),
            ),
        ];
        let any_procedure = (0..p.procedures.len())
            .any(|i| ctx.audience.visibility(p, ItemRef::Procedure(i)) != Visibility::Hidden);
        if !any_procedure {
            nav.retain(|(key, _, _)| *key != "procedures");
        }
        if ctx.audience.internal_detail() {
            nav.push(("evidence", "Evidence", "evidence/index.html".to_owned()));
            if ctx.build.readiness.is_some() {
                nav.push(("readiness", "Readiness", "readiness.html".to_owned()));
            }
        }
        let mut groups_seen = BTreeSet::new();
        for (_, page) in ctx.audience.pages(p, Visibility::Full) {
            match &page.group {
                Some(g) => {
                    if groups_seen.insert(g.clone()) {
                        nav.push(("group", group_title(g), paths::page(&page.id)));
                    }
                }
                None => nav.push(("page", "", paths::page(&page.id))),
            }
        }
        let nav: Vec<Value> = nav
            .into_iter()
            .map(|(key, label, href)| {
                let label = if key == "page" {
                    p.pages
                        .iter()
                        .find(|pg| paths::page(&pg.id) == href)
                        .map(|pg| pg.title.clone())
                        .unwrap_or_default()
                } else {
                    label.to_owned()
                };
                let is_active = match key {
                    "page" | "group" => active == href,
                    k => k == active,
                };
                json!({ "label": label, "href": format!("{root}{href}"), "active": is_active })
            })
            .collect();
        let short = cfg
            .company
            .name
            .split([',', ' '])
            .next()
            .unwrap_or(&cfg.company.name)
            .to_owned();
        json!({
            "audience": ctx.audience.output.name(),
            "internal": !trust,
            "title": if trust { format!("{short} Trust Center") } else { format!("{short} Security Documentation") },
            "short_name": short,
            "company": {
                "name": cfg.company.name,
                "tagline": cfg.company.tagline,
                "website": cfg.company.website,
                "contact": cfg.company.contact,
            },
            "contact_href": format!("mailto:{}", cfg.company.contact),
            "root": root,
            "nav": nav,
            "updated": ctx.build.date.to_string(),
            "updated_long": views::long_date(ctx.build.date),
            "version": ctx.build.version,
            // The examination the package is prepared for: internal outputs only, since it is
            // a plan, not a claim.
            "audit": ctx.audience.readiness().then(|| json!({
                "kind": cfg.audit.kind.title(),
                "start": cfg.audit.period.start.to_string(),
                "end": cfg.audit.period.end.to_string(),
                "period": format!("{} – {}", views::long_date(cfg.audit.period.start), views::long_date(cfg.audit.period.end)),
                "categories": cfg.audit.categories.iter().map(|c| c.title()).collect::<Vec<_>>(),
                "auditor": cfg.audit.auditor,
            })),
            "as_of": ctx.audience.as_of.to_string(),
            "as_of_long": views::long_date(ctx.audience.as_of),
            "feed_href": format!("{root}subprocessors.atom"),
            "pdf_href": ctx.build.pdf.as_ref().map(|p| format!("{root}{p}")),
            "level": ctx.audience.level.name(),
        })
    }

    fn home(&mut self) -> Result<()> {
        let ctx = self.ctx;
        let p = ctx.project;
        let path = "index.html";
        let linker = PageLinker::new(ctx, path);
        let categories = views::category_cards(ctx);
        let attestations = views::attestations(ctx, &linker);
        let a = &ctx.audience;
        let policies: Vec<Value> = a
            .policies(p, Visibility::Full)
            .map(|(_, x)| views::policy_row(ctx, x, &linker))
            .collect();
        let locked: Vec<Value> = a
            .policies(p, Visibility::Listed)
            .map(|(_, x)| views::policy_row(ctx, x, &linker))
            .chain(
                a.procedures(p, Visibility::Listed)
                    .map(|(_, x)| views::procedure_row(ctx, x, &linker)),
            )
            .chain(
                a.pages(p, Visibility::Listed)
                    .map(|(_, x)| views::page_row(ctx, x, &linker)),
            )
            .collect();
        let pages: Vec<Value> = a
            .pages(p, Visibility::Full)
            .filter(|(_, x)| x.group.is_none())
            .map(|(_, x)| views::page_row(ctx, x, &linker))
            .collect();
        let overview = a
            .pages(p, Visibility::Full)
            .find(|(_, x)| x.id.value == "overview")
            .and_then(|(_, x)| x.summary.clone());
        let active_subprocessors = ctx
            .audience
            .subprocessors(p)
            .filter(|(_, _, st)| {
                matches!(
                    st,
                    crate::model::SubprocessorState::Active
                        | crate::model::SubprocessorState::Leaving(_)
                )
            })
            .count();
        let shown_controls = p
            .controls
            .iter()
            .filter(|c| ctx.audience.control(c))
            .count();
        let evidence = views::evidence_counts(ctx);
        let data = json!({
            "categories": categories,
            "attestations": attestations,
            "policies": policies,
            "locked": locked,
            "pages": pages,
            "overview": overview,
            "stats": {
                "controls": shown_controls,
                "policies": policies.len(),
                "subprocessors": active_subprocessors,
                "evidence": evidence,
            },
        });
        self.page(
            path,
            "index.html",
            "home",
            &p.config.company.name.clone(),
            data,
        )
    }

    fn policies(&mut self) -> Result<()> {
        self.governed(Governed::Policies)
    }

    fn procedures(&mut self) -> Result<()> {
        self.governed(Governed::Procedures)
    }

    /// The index and the pages of the policies or the procedures.
    fn governed(&mut self, kind: Governed) -> Result<()> {
        let ctx = self.ctx;
        let p = ctx.project;
        let (list, index, nav, title) = match kind {
            Governed::Policies => (&p.policies, "policies/index.html", "policies", "Policies"),
            Governed::Procedures => (
                &p.procedures,
                "procedures/index.html",
                "procedures",
                "Procedures",
            ),
        };
        if kind == Governed::Procedures
            && (0..list.len())
                .all(|i| ctx.audience.visibility(p, ItemRef::Procedure(i)) == Visibility::Hidden)
        {
            return Ok(());
        }
        let item = |i: usize| match kind {
            Governed::Policies => ItemRef::Policy(i),
            Governed::Procedures => ItemRef::Procedure(i),
        };
        let row = |x: &crate::model::Policy, linker: &PageLinker<'_>| match kind {
            Governed::Policies => views::policy_row(ctx, x, linker),
            Governed::Procedures => views::procedure_row(ctx, x, linker),
        };
        let linker = PageLinker::new(ctx, index);
        let rows: Vec<Value> = list
            .iter()
            .enumerate()
            .filter(|(i, _)| ctx.audience.visibility(p, item(*i)) != Visibility::Hidden)
            .map(|(_, x)| row(x, &linker))
            .collect();
        // One layout for both kinds; a theme may still override `policies.html`.
        self.page(
            index,
            "policies.html",
            nav,
            title,
            json!({ "policies": rows, "kind": kind.word() }),
        )?;
        for (i, pol) in list.iter().enumerate() {
            if ctx.audience.visibility(p, item(i)) != Visibility::Full {
                continue;
            }
            let path = match kind {
                Governed::Policies => paths::policy(&pol.id),
                Governed::Procedures => paths::procedure(&pol.id),
            };
            let linker = PageLinker::new(ctx, &path);
            let mut doc = row(pol, &linker);
            let backlinks = match kind {
                Governed::Policies => &p.links.policy_controls[i],
                Governed::Procedures => &p.links.procedure_controls[i],
            };
            let controls: Vec<Value> = backlinks
                .iter()
                .filter(|&&c| ctx.audience.control(&p.controls[c]))
                .map(|&c| views::control_row(ctx, c, &linker))
                .collect();
            let body = views::body_view(ctx, &pol.body, &linker);
            if let Some(obj) = doc.as_object_mut() {
                obj.insert("body".into(), body);
                obj.insert("controls".into(), json!(controls));
                obj.insert("mentioned_by".into(), json!(mentions(&linker, item(i))));
            }
            self.page(
                &path,
                "policy.html",
                nav,
                &pol.title,
                json!({ "policy": doc, "kind": kind.word(), "index_title": title }),
            )?;
        }
        Ok(())
    }

    fn controls(&mut self) -> Result<()> {
        let ctx = self.ctx;
        let p = ctx.project;
        let index = "controls/index.html";
        let linker = PageLinker::new(ctx, index);
        // Group by the TSC family of each control's first TSC criterion (catalog order).
        let mut groups: BTreeMap<(usize, String), Vec<Value>> = BTreeMap::new();
        for (i, c) in p
            .controls
            .iter()
            .enumerate()
            .filter(|(_, c)| ctx.audience.control(c))
        {
            let primary = c
                .criteria_refs
                .iter()
                .find(|r| p.frameworks[r.framework].id == TSC)
                .or(c.criteria_refs.first());
            let key = match primary {
                Some(r) => {
                    let crit = p.criterion(*r);
                    let first_in_family = p.frameworks[r.framework]
                        .criteria
                        .iter()
                        .position(|x| x.family == crit.family)
                        .unwrap_or(0);
                    (r.framework * 10_000 + first_in_family, crit.family.clone())
                }
                None => (usize::MAX, "Not mapped to a criterion".to_owned()),
            };
            groups
                .entry(key)
                .or_default()
                .push(views::control_row(ctx, i, &linker));
        }
        let families: Vec<Value> = groups
            .into_iter()
            .map(|((_, title), controls)| {
                json!({ "id": crate::markdown::slugify(&title), "title": title, "controls": controls })
            })
            .collect();
        let total = p
            .controls
            .iter()
            .filter(|c| ctx.audience.control(c))
            .count();
        self.page(
            index,
            "controls.html",
            "controls",
            "Controls",
            json!({ "families": families, "total": total }),
        )?;
        for (i, c) in p.controls.iter().enumerate() {
            if !ctx.audience.control(c) {
                continue;
            }
            let path = paths::control(&c.id);
            let linker = PageLinker::new(ctx, &path);
            let detail = views::control_detail(ctx, i, &linker);
            let title = format!("{} {}", c.id.value, c.title);
            self.page(
                &path,
                "control.html",
                "controls",
                &title,
                json!({ "control": detail }),
            )?;
        }
        Ok(())
    }

    fn criteria(&mut self) -> Result<()> {
        let ctx = self.ctx;
        let p = ctx.project;
        let index = "criteria/index.html";
        let linker = PageLinker::new(ctx, index);
        // TSC by category, then each extra framework in scope.
        let mut sections: Vec<Value> = Vec::new();
        for cat in &p.config.audit.categories {
            let rows: Vec<(String, Value)> = p
                .criteria()
                .filter(|(_, c)| c.tsc_category == Some(*cat))
                .map(|(r, c)| (c.family.clone(), views::criterion_row(ctx, r, &linker)))
                .collect();
            sections.push(section(cat.name(), cat.title(), rows));
        }
        for fw in p.frameworks.iter().filter(|f| f.id != TSC && f.in_scope) {
            let rows: Vec<(String, Value)> = p
                .criteria()
                .filter(|(r, _)| p.frameworks[r.framework].id == fw.id)
                .map(|(r, c)| (c.family.clone(), views::criterion_row(ctx, r, &linker)))
                .collect();
            sections.push(section(&fw.id, &fw.name, rows));
        }
        let out_of_scope: Vec<&str> = crate::model::TscCategory::ALL_CATEGORIES
            .iter()
            .filter(|c| !p.config.audit.categories.contains(c))
            .map(|c| c.title())
            .collect();
        let data = json!({
            "sections": sections,
            "out_of_scope": out_of_scope,
            "figures": ctx.audience.readiness(),
        });
        self.page(
            index,
            "criteria.html",
            "criteria",
            if ctx.audience.readiness() {
                "Criteria coverage"
            } else {
                "Criteria and published controls"
            },
            data,
        )?;
        for r in ctx.criterion_pages.clone() {
            let c = p.criterion(r);
            let path = paths::criterion(c);
            let linker = PageLinker::new(ctx, &path);
            let mut row = views::criterion_row(ctx, r, &linker);
            row.as_object_mut().expect("object").insert(
                "mentioned_by".into(),
                json!(mentions(&linker, ItemRef::Criterion(r))),
            );
            let title = format!("{} {}", c.key, c.title);
            self.page(
                &path,
                "criterion.html",
                "criteria",
                &title,
                json!({ "criterion": row }),
            )?;
        }
        Ok(())
    }

    fn subprocessors(&mut self) -> Result<()> {
        let ctx = self.ctx;
        let path = "subprocessors/index.html";
        let linker = PageLinker::new(ctx, path);
        let data = subprocessors::page(ctx, &linker);
        self.page(
            path,
            "subprocessors.html",
            "subprocessors",
            "Subprocessors",
            data,
        )
    }

    fn pages(&mut self) -> Result<()> {
        let ctx = self.ctx;
        let p = ctx.project;
        for (i, pg) in ctx.audience.pages(p, Visibility::Full) {
            let path = paths::page(&pg.id);
            let linker = PageLinker::new(ctx, &path);
            let mut row = views::page_row(ctx, pg, &linker);
            // Sibling pages of a group (the system description), in order.
            let group: Vec<Value> = match &pg.group {
                Some(g) => ctx
                    .audience
                    .pages(p, Visibility::Full)
                    .filter(|(_, x)| x.group.as_ref() == Some(g))
                    .map(|(_, x)| {
                        json!({
                            "title": x.title,
                            "href": format!("{}{}", linker.root, paths::page(&x.id)),
                            "current": x.id.value == pg.id.value,
                        })
                    })
                    .collect(),
                None => Vec::new(),
            };
            let obj = row.as_object_mut().expect("object");
            obj.insert("body".into(), views::body_view(ctx, &pg.body, &linker));
            obj.insert("group_pages".into(), json!(group));
            obj.insert(
                "group_title".into(),
                json!(pg.group.as_deref().map(group_title)),
            );
            obj.insert(
                "mentioned_by".into(),
                json!(mentions(&linker, ItemRef::Page(i))),
            );
            self.page(&path, "page.html", &path, &pg.title, json!({ "doc": row }))?;
        }
        Ok(())
    }

    fn evidence(&mut self) -> Result<()> {
        let ctx = self.ctx;
        let p = ctx.project;
        let path = "evidence/index.html";
        let controls: Vec<Value> = p
            .controls
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let items: Vec<Value> = ctx
                    .visible_evidence(i)
                    .map(|e| views::evidence_item(e, "../"))
                    .collect();
                let restricted = p.links.control_evidence[i].len() - items.len();
                json!({
                    "restricted": restricted,
                    "id": c.id.value,
                    "title": c.title,
                    "frequency": c.frequency.name(),
                    "status": views::status_view(c.status),
                    "href": format!("../{}", paths::control(&c.id)),
                    "items": items,
                })
            })
            .collect();
        self.page(
            path,
            "evidence.html",
            "evidence",
            "Evidence index",
            json!({ "controls": controls, "counts": views::evidence_counts(ctx) }),
        )
    }

    fn readiness(&mut self) -> Result<()> {
        let Some(r) = &self.ctx.build.readiness else {
            return Ok(());
        };
        let path = "readiness.html";
        let linker = PageLinker::new(self.ctx, path);
        let data = readiness::view(self.ctx, r, &linker);
        self.page(
            path,
            "readiness.html",
            "readiness",
            "Readiness",
            json!({ "readiness": data, "counts": views::evidence_counts(self.ctx) }),
        )
    }

    fn not_found(&mut self) -> Result<()> {
        // A server shows the public 404 page at any path, so its links must be absolute.
        if self.ctx.audience.output == Output::Trust {
            self.root_override = Some(format!("{}/", self.ctx.project.config.site.url));
        }
        let result = self.page("404.html", "404.html", "", "Page not found", json!({}));
        self.root_override = None;
        result
    }
}

/// Groups criteria rows by family under a section.
fn section(id: &str, title: &str, rows: Vec<(String, Value)>) -> Value {
    let mut families: Vec<(String, Vec<Value>)> = Vec::new();
    for (family, row) in rows {
        match families.last_mut() {
            Some((f, list)) if *f == family => list.push(row),
            _ => families.push((family, vec![row])),
        }
    }
    let covered = families
        .iter()
        .flat_map(|(_, l)| l)
        .filter(|r| r["coverage"] == "covered")
        .count();
    let total: usize = families.iter().map(|(_, l)| l.len()).sum();
    json!({
        "id": id,
        "title": title,
        "covered": covered,
        "total": total,
        "families": families.into_iter().map(|(f, l)| json!({ "title": f, "criteria": l })).collect::<Vec<_>>(),
    })
}

/// Documents of this audience that link to an item.
fn mentions(linker: &PageLinker<'_>, to: ItemRef) -> Vec<Value> {
    let mut seen = BTreeSet::new();
    linker
        .ctx
        .project
        .links
        .mentions
        .iter()
        .filter(|m| m.to == to && seen.insert(m.from))
        .filter_map(|m| {
            let href = linker.href(m.from)?;
            // A locked document's title is public, but it has no page to link to.
            let full =
                linker.ctx.audience.visibility(linker.ctx.project, m.from) == Visibility::Full;
            full.then(|| {
                let (_, title) = linker.ctx.project.item_title(m.from);
                json!({ "title": title, "href": href })
            })
        })
        .collect()
}

/// The two policy-like document kinds, which share their pages' layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Governed {
    Policies,
    Procedures,
}

impl Governed {
    /// The singular word, for templates.
    fn word(self) -> &'static str {
        match self {
            Governed::Policies => "policy",
            Governed::Procedures => "procedure",
        }
    }
}

/// Display title of a page group.
fn group_title(g: &str) -> &str {
    match g {
        crate::model::SYSTEM_DESCRIPTION => "System description",
        other => other,
    }
}
