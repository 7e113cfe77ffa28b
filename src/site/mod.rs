//! The two static sites: the internal documentation site and the public trust center.
//!
//! Both are rendered from the resolved model with the theme's Tera templates; what each shows
//! is decided by its [`Audience`]. Every link is relative.

mod areas;
mod attestations;
mod context;
mod feed;
mod free_pages;
mod home;
mod nav;
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
use context::{
    CriteriaView, CriterionDoc, CriterionView, EvidenceControl, EvidenceView, NotFoundView,
    PoliciesView, PolicyDoc, PolicyView, ReadinessPage, criteria_section,
};
use jiff::civil::Date;
use paths::PageLinker;
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
    /// The navigation and backlinks, computed once for the whole site.
    pub index: nav::SiteIndex,
    /// The 404 page's stylesheet (`static/404.css`), inlined into that page.
    not_found_style: String,
    tera: tera::Tera,
}

impl<'a> Ctx<'a> {
    /// Evidence items of the control at `control` that this audience sees.
    pub fn visible_evidence(&self, control: usize) -> impl Iterator<Item = &'a Evidence> {
        let project = self.project;
        project.links.control_evidence[control]
            .iter()
            .map(move |&i| &project.evidence[i])
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
        index: nav::SiteIndex::new(project, &audience, build.readiness.is_some()),
        not_found_style: theme
            .file("static/404.css")
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default(),
        tera: theme.tera()?,
    };
    let mut site = SiteWriter { ctx: &ctx, out };
    site.home()?;
    site.policies()?;
    site.procedures()?;
    site.controls()?;
    site.criteria()?;
    site.subprocessors()?;
    site.pages()?;
    site.group_indexes()?;
    if audience.internal_detail() {
        site.evidence()?;
        site.readiness()?;
    }
    site.not_found()?;
    for (path, bytes) in theme.assets() {
        out.write(&format!("assets/{path}"), bytes)?;
    }
    let brand = &project.config.site;
    if brand.accent.is_some() || brand.accent_dark.is_some() {
        out.write(
            context::BRAND_CSS,
            crate::brand::stylesheet(brand.accent, brand.accent_dark),
        )?;
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
}

impl SiteWriter<'_> {
    /// Renders a template to a path with the common context (`site`, `page`) plus the
    /// top-level values of `data` (a struct of [`context`]).
    fn page(
        &mut self,
        path: &str,
        template: &str,
        active: &str,
        title: &str,
        data: impl serde::Serialize,
    ) -> Result<()> {
        let root = paths::root_prefix(path);
        let mut context = tera::Context::from_serialize(&data).map_err(|e| {
            Error::theme(
                format!("the data of {path} is not a map: {e}"),
                Some(e.into()),
            )
        })?;
        context.insert("site", &context::site_view(self.ctx, root, active));
        context.insert(
            "page",
            &context::PageMeta {
                title,
                path,
                active,
            },
        );
        let html = self
            .ctx
            .tera
            .render(template, &context)
            .map_err(|e| Error::theme(theme::render_tera_error(&e), Some(e.into())))?;
        self.out.write(path, html)
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
        let row = |x, linker: &PageLinker<'_>| match kind {
            Governed::Policies => views::policy_row(ctx, x, linker),
            Governed::Procedures => views::procedure_row(ctx, x, linker),
        };
        let linker = PageLinker::new(ctx, index);
        let rows = list
            .iter()
            .enumerate()
            .filter(|(i, _)| ctx.audience.visibility(p, item(*i)) != Visibility::Hidden)
            .map(|(_, x)| row(x, &linker))
            .collect();
        // One layout for both kinds; a theme may still override `policies.html`.
        let view = PoliciesView {
            policies: rows,
            kind: kind.word(),
        };
        self.page(index, "policies.html", nav, title, view)?;
        for (i, pol) in list.iter().enumerate() {
            if ctx.audience.visibility(p, item(i)) != Visibility::Full {
                continue;
            }
            let path = match kind {
                Governed::Policies => paths::policy(&pol.id),
                Governed::Procedures => paths::procedure(&pol.id),
            };
            let linker = PageLinker::new(ctx, &path);
            let backlinks = match kind {
                Governed::Policies => &p.links.policy_controls[i],
                Governed::Procedures => &p.links.procedure_controls[i],
            };
            let doc = PolicyDoc {
                row: row(pol, &linker),
                body: views::body_view(ctx, &pol.body, &linker),
                lang: pol.lang.as_deref(),
                controls: backlinks
                    .iter()
                    .filter(|&&c| ctx.audience.control(&p.controls[c]))
                    .map(|&c| views::control_row(ctx, c, &linker))
                    .collect(),
                mentioned_by: mentions(&linker, item(i)),
            };
            let view = PolicyView {
                policy: doc,
                kind: kind.word(),
                index_title: title,
            };
            self.page(&path, "policy.html", nav, &pol.title, view)?;
        }
        Ok(())
    }

    fn criteria(&mut self) -> Result<()> {
        let ctx = self.ctx;
        let p = ctx.project;
        let index = "criteria/index.html";
        let linker = PageLinker::new(ctx, index);
        // TSC by category, then each extra framework in scope.
        let mut sections = Vec::new();
        for cat in &p.config.audit.categories {
            let rows = p
                .criteria()
                .filter(|(_, c)| c.tsc_category == Some(*cat))
                .map(|(r, _)| views::criterion_row(ctx, r, &linker))
                .collect();
            sections.push(criteria_section(cat.name(), cat.title(), rows));
        }
        for fw in p.frameworks.iter().filter(|f| f.id != TSC && f.in_scope) {
            let rows = p
                .criteria()
                .filter(|(r, _)| p.frameworks[r.framework].id == fw.id)
                .map(|(r, _)| views::criterion_row(ctx, r, &linker))
                .collect();
            sections.push(criteria_section(&fw.id, &fw.name, rows));
        }
        let out_of_scope = crate::model::TscCategory::ALL_CATEGORIES
            .iter()
            .filter(|c| !p.config.audit.categories.contains(c))
            .map(|c| c.title())
            .collect();
        let view = CriteriaView {
            sections,
            out_of_scope,
            figures: ctx.audience.readiness(),
        };
        let title = if ctx.audience.readiness() {
            "Criteria coverage"
        } else {
            "Criteria and published controls"
        };
        self.page(index, "criteria.html", "criteria", title, view)?;
        for r in ctx.criterion_pages.clone() {
            let c = p.criterion(r);
            let path = paths::criterion(c);
            let linker = PageLinker::new(ctx, &path);
            let view = CriterionView {
                criterion: CriterionDoc {
                    row: views::criterion_row(ctx, r, &linker),
                    mentioned_by: mentions(&linker, ItemRef::Criterion(r)),
                },
            };
            let title = format!("{} {}", c.key, c.title);
            self.page(&path, "criterion.html", "criteria", &title, view)?;
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

    fn evidence(&mut self) -> Result<()> {
        let ctx = self.ctx;
        let p = ctx.project;
        let path = "evidence/index.html";
        let controls = p
            .controls
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let items: Vec<views::EvidenceItem<'_>> = ctx
                    .visible_evidence(i)
                    .map(|e| views::evidence_item(e, "../"))
                    .collect();
                EvidenceControl {
                    restricted: p.links.control_evidence[i].len() - items.len(),
                    id: &c.id.value,
                    title: &c.title,
                    frequency: c.frequency.name(),
                    status: views::status_view(c.status),
                    href: format!("../{}", paths::control(&c.id)),
                    items,
                }
            })
            .collect();
        let view = EvidenceView {
            controls,
            counts: views::evidence_counts(ctx),
        };
        self.page(path, "evidence.html", "evidence", "Evidence index", view)
    }

    fn readiness(&mut self) -> Result<()> {
        let ctx = self.ctx;
        let Some(r) = &ctx.build.readiness else {
            return Ok(());
        };
        let path = "readiness.html";
        let linker = PageLinker::new(ctx, path);
        let view = ReadinessPage {
            readiness: readiness::view(ctx, r, &linker),
            counts: views::evidence_counts(ctx),
        };
        self.page(path, "readiness.html", "readiness", "Readiness", view)
    }

    /// A server shows the 404 page at any path and on any host (a preview, a custom domain),
    /// so it is self-contained: its one inline stylesheet is allowed by hash in its own CSP,
    /// and it links home by the path of the published URL, never by a relative link.
    fn not_found(&mut self) -> Result<()> {
        use base64::Engine;
        use sha2::Digest;
        let style = &self.ctx.not_found_style;
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(style));
        let home = match self.ctx.audience.output {
            Output::Trust => url::Url::parse(&self.ctx.project.config.site.url)
                .map(|u| u.path().trim_end_matches('/').to_owned() + "/")
                .unwrap_or_else(|_| "/".to_owned()),
            Output::Docs | Output::Audit => "/".to_owned(),
        };
        let view = NotFoundView {
            style,
            style_hash: format!("sha256-{hash}"),
            home,
            lang: &self.ctx.project.config.lang,
        };
        self.page("404.html", "404.html", "", "Page not found", view)
    }
}

/// Documents of this audience that link to an item.
fn mentions(linker: &PageLinker<'_>, to: ItemRef) -> Vec<views::Mention> {
    linker
        .ctx
        .index
        .mentions_of(to)
        .iter()
        .filter_map(|&from| {
            let href = linker.href(from)?;
            // A locked document's title is public, but it has no page to link to.
            let full = linker.ctx.audience.visibility(linker.ctx.project, from) == Visibility::Full;
            full.then(|| {
                let (_, title) = linker.ctx.project.item_title(from);
                views::Mention { title, href }
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
