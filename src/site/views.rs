//! Template rows: typed values built from the model for one audience, shared by several pages
//! (policy, control, criterion and page rows, links, statuses, evidence items). Templates never
//! see an item the audience may not see, so no template can leak one. The README's Themes
//! section documents their fields.

use super::Ctx;
use super::paths::{self, PageLinker};
use crate::audience::Visibility;
use crate::markdown::html::{self, RawHtml};
use crate::model::{Body, CriterionRef, Evidence, ItemRef, Page, Policy, Status, TSC};
use crate::timeline::ReviewState;
use jiff::civil::Date;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

/// `June 30, 2026`.
pub fn long_date(d: Date) -> String {
    d.strftime("%B %-d, %Y").to_string()
}

/// A control's status, readable without colour.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct StatusView {
    /// `implemented`, `in-progress`, `planned` or `not-applicable` (for CSS classes).
    pub key: &'static str,
    /// `Implemented`, `In progress`, …
    pub label: &'static str,
    /// `✓`, `◐`, `○` or `–`.
    pub symbol: &'static str,
}

/// The label, symbol and CSS class of a control status.
pub fn status_view(s: Status) -> StatusView {
    let (label, symbol) = match s {
        Status::Implemented => ("Implemented", "✓"),
        Status::InProgress => ("In progress", "◐"),
        Status::Planned => ("Planned", "○"),
        Status::NotApplicable => ("Not applicable", "–"),
    };
    StatusView {
        key: s.name(),
        label,
        symbol,
    }
}

/// Where a reader asks for a document: the configured request page (`site.request_url`),
/// else an email to the security contact naming it.
pub fn request_href(ctx: &Ctx<'_>, title: &str) -> String {
    match &ctx.project.config.site.request_url {
        Some(url) => url.clone(),
        None => mailto(ctx, &format!("Access request: {title}"), None),
    }
}

/// A `mailto:` link to the security contact with a subject and, optionally, a body.
pub fn mailto(ctx: &Ctx<'_>, subject: &str, body: Option<&str>) -> String {
    let mut href = format!(
        "mailto:{}?subject={}",
        ctx.project.config.company.contact,
        utf8_percent_encode(subject, NON_ALPHANUMERIC)
    );
    if let Some(body) = body {
        href.push_str("&body=");
        href.push_str(&utf8_percent_encode(body, NON_ALPHANUMERIC).to_string());
    }
    href
}

/// A rendered Markdown body.
#[derive(Debug, Serialize)]
pub struct BodyView<'a> {
    /// The HTML (marked safe by the templates).
    pub html: String,
    /// Its headings of levels 1 to 3, for the table of contents.
    pub toc: Vec<TocEntry<'a>>,
}

/// One heading of a body's table of contents.
#[derive(Debug, Serialize)]
pub struct TocEntry<'a> {
    /// Its anchor.
    pub id: &'a str,
    /// Its text.
    pub text: &'a str,
    /// 1, 2 or 3.
    pub level: u8,
}

/// A rendered Markdown body with its table of contents.
pub fn body_view<'a>(ctx: &Ctx<'_>, body: &'a Body, linker: &PageLinker<'_>) -> BodyView<'a> {
    let raw = if ctx.audience.output == crate::audience::Output::Trust {
        RawHtml::Sanitize
    } else {
        RawHtml::Keep
    };
    BodyView {
        html: html::render(body, linker, raw),
        toc: body
            .headings
            .iter()
            .filter(|h| h.level <= 3)
            .map(|h| TocEntry {
                id: &h.id,
                text: &h.text,
                level: h.level,
            })
            .collect(),
    }
}

/// A link to an item, or its text alone when the audience may not follow it.
#[derive(Debug, Serialize)]
pub struct ItemLink {
    /// The item's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Relative link, when the site has a place for it.
    pub href: Option<String>,
}

/// A link to an item (see [`ItemLink`]).
pub fn item_link(linker: &PageLinker<'_>, item: ItemRef) -> ItemLink {
    let (id, title) = linker.ctx.project.item_title(item);
    ItemLink {
        id,
        title,
        href: linker.href(item),
    }
}

/// A document that links to the current page.
#[derive(Debug, Serialize)]
pub struct Mention {
    /// Its title.
    pub title: String,
    /// Relative link.
    pub href: String,
}

/// Where a policy's review stands on the as-of date.
#[derive(Debug, Serialize)]
pub struct ReviewView {
    /// `current`, `due-soon`, `overdue` or `not-yet-effective`.
    pub state: &'static str,
    /// For readers: the date, `Overdue since …` or `Takes effect …`.
    pub label: String,
    /// The next review date (the effective date when not yet effective), `YYYY-MM-DD`.
    pub date: String,
}

/// Where a policy's review stands on the as-of date, worded for readers: an overdue review
/// never shows its past due date as the next review.
pub fn review_view(ctx: &Ctx<'_>, p: &Policy) -> ReviewView {
    let (state, label, date) = match crate::timeline::review(p, ctx.audience.as_of) {
        ReviewState::NotYetEffective => (
            "not-yet-effective",
            format!("Takes effect {}", long_date(p.effective)),
            p.effective,
        ),
        ReviewState::Current(d) => ("current", long_date(d), d),
        ReviewState::DueSoon(d) => ("due-soon", long_date(d), d),
        ReviewState::Overdue(d) => ("overdue", format!("Overdue since {}", long_date(d)), d),
    };
    ReviewView {
        state,
        label,
        date: date.to_string(),
    }
}

/// One entry of a policy's review history.
#[derive(Debug, Serialize)]
pub struct ReviewRow<'a> {
    /// When, `YYYY-MM-DD`.
    pub date: String,
    /// Who reviewed it.
    pub by: Option<&'a str>,
    /// The version that came out of it.
    pub version: Option<&'a str>,
    /// What changed.
    pub summary: Option<&'a str>,
}

/// A policy's review history, newest first (internal outputs only).
fn review_history<'a>(ctx: &Ctx<'_>, p: &'a Policy) -> Vec<ReviewRow<'a>> {
    if !ctx.audience.internal_detail() {
        return Vec::new();
    }
    p.reviews_newest_first()
        .into_iter()
        .map(|r| ReviewRow {
            date: r.date.value.to_string(),
            by: r.by.as_deref(),
            version: r.version.as_deref(),
            summary: r.summary.as_deref(),
        })
        .collect()
}

/// A policy or procedure as its index lists it.
#[derive(Debug, Serialize)]
pub struct PolicyRow<'a> {
    /// Where its review stands.
    pub review: ReviewView,
    /// Its review history, newest first (internal sites; empty elsewhere).
    pub reviews: Vec<ReviewRow<'a>>,
    /// Its id.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// The owning role.
    pub owner: &'a str,
    /// Who approved it.
    pub approved_by: &'a str,
    /// Its version.
    pub version: &'a str,
    /// Effective date, `YYYY-MM-DD`.
    pub effective: String,
    /// Last review, `YYYY-MM-DD`.
    pub last_reviewed: String,
    /// The review interval (`1 year`).
    pub review_every: String,
    /// Its classification.
    pub classification: &'static str,
    /// Its summary.
    pub summary: Option<&'a str>,
    /// Whether it is listed on request only (trust center).
    pub locked: bool,
    /// Its page, when shown in full.
    pub href: Option<String>,
    /// Where to ask for it, when locked.
    pub request_href: Option<String>,
}

/// Policy summary row.
pub fn policy_row<'a>(ctx: &Ctx<'_>, p: &'a Policy, linker: &PageLinker<'_>) -> PolicyRow<'a> {
    governed_row(ctx, p, linker, &paths::policy(&p.id))
}

/// Procedure summary row.
pub fn procedure_row<'a>(ctx: &Ctx<'_>, p: &'a Policy, linker: &PageLinker<'_>) -> PolicyRow<'a> {
    governed_row(ctx, p, linker, &paths::procedure(&p.id))
}

/// The summary row of a policy or procedure whose page is at `path`.
fn governed_row<'a>(
    ctx: &Ctx<'_>,
    p: &'a Policy,
    linker: &PageLinker<'_>,
    path: &str,
) -> PolicyRow<'a> {
    let vis = ctx.audience.document(p.classification);
    PolicyRow {
        review: review_view(ctx, p),
        reviews: review_history(ctx, p),
        id: &p.id.value,
        title: &p.title,
        owner: &p.owner,
        approved_by: &p.approved_by,
        version: &p.version,
        effective: p.effective.to_string(),
        last_reviewed: p.last_reviewed.value.to_string(),
        review_every: p.review_every.to_string(),
        classification: p.classification.name(),
        summary: p.summary.as_deref(),
        locked: vis == Visibility::Listed,
        href: (vis == Visibility::Full).then(|| format!("{}{path}", linker.root)),
        request_href: (vis == Visibility::Listed).then(|| request_href(ctx, &p.title)),
    }
}

/// A free page as indexes list it.
#[derive(Debug, Clone, Serialize)]
pub struct PageRow {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its summary.
    pub summary: Option<String>,
    /// Its `group:` (`system-description`), as written.
    pub group: Option<String>,
    /// Its navigation group's title.
    pub nav_group: String,
    /// Its classification.
    pub classification: &'static str,
    /// Whether it is listed on request only (trust center).
    pub locked: bool,
    /// Its page, when shown in full.
    pub href: Option<String>,
    /// Where to ask for it, when locked: the request page or an email.
    pub request_href: Option<String>,
    /// Its entry on the home page's request list, when locked.
    pub listed_href: Option<String>,
}

/// Page summary row.
pub fn page_row(ctx: &Ctx<'_>, p: &Page, linker: &PageLinker<'_>) -> PageRow {
    let vis = ctx.audience.document(p.classification);
    let listed = vis == Visibility::Listed;
    PageRow {
        id: p.id.value.clone(),
        title: p.title.clone(),
        summary: p.summary.clone(),
        group: p.group.clone(),
        nav_group: p.nav_group_title().to_owned(),
        classification: p.classification.name(),
        locked: listed,
        href: (vis == Visibility::Full).then(|| format!("{}{}", linker.root, paths::page(&p.id))),
        request_href: listed.then(|| request_href(ctx, &p.title)),
        listed_href: listed.then(|| {
            format!(
                "{}{}",
                linker.root,
                paths::locked_page(&super::nav::request_anchor(p))
            )
        }),
    }
}

/// A control as indexes list it.
#[derive(Debug, Clone, Serialize)]
pub struct ControlRow {
    /// Its id (`AC-01`).
    pub id: String,
    /// Its title.
    pub title: String,
    /// The owning role.
    pub owner: Option<String>,
    /// `continuous`, `quarterly`, …
    pub frequency: &'static str,
    /// `preventive`, `detective` or `corrective`.
    pub kind: &'static str,
    /// Whether it runs without a person.
    pub automated: bool,
    /// Its status.
    pub status: StatusView,
    /// The area it is listed under: `key` and `title`.
    pub area: AreaRef,
    /// The criteria it cites.
    pub criteria: Vec<CriterionLink>,
    /// Its page.
    pub href: String,
    /// How many evidence items this site shows for it.
    pub evidence_count: usize,
}

/// The area of a control, for templates.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct AreaRef {
    /// `data-protection`.
    pub key: &'static str,
    /// `Data protection`.
    pub title: &'static str,
}

/// Control summary row.
pub fn control_row(ctx: &Ctx<'_>, i: usize, linker: &PageLinker<'_>) -> ControlRow {
    let c = &ctx.project.controls[i];
    ControlRow {
        id: c.id.value.clone(),
        title: c.title.clone(),
        owner: c.owner.clone(),
        frequency: c.frequency.name(),
        kind: c.kind.name(),
        automated: c.automated,
        status: status_view(c.status),
        area: AreaRef {
            key: c.area_resolved.slug(),
            title: c.area_resolved.title(),
        },
        criteria: c
            .criteria_refs
            .iter()
            .map(|r| criterion_link(ctx, *r, linker))
            .collect(),
        href: format!("{}{}", linker.root, paths::control(&c.id)),
        evidence_count: ctx.visible_evidence(i).count(),
    }
}

/// A criterion as a control or an area cites it.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionLink {
    /// `CC6.1`.
    pub key: String,
    /// Its title.
    pub title: String,
    /// Its page, when the site has one.
    pub href: Option<String>,
}

/// A link to a criterion (its page if the site has one).
pub fn criterion_link(ctx: &Ctx<'_>, r: CriterionRef, linker: &PageLinker<'_>) -> CriterionLink {
    let c = ctx.project.criterion(r);
    CriterionLink {
        key: c.key.clone(),
        title: c.title.clone(),
        href: linker.href(ItemRef::Criterion(r)),
    }
}

/// An evidence item as listed on the sites.
#[derive(Debug, Serialize)]
pub struct EvidenceItem<'a> {
    /// Its title.
    pub title: &'a str,
    /// When it was collected, `YYYY-MM-DD`.
    pub collected: String,
    /// The period it covers (`2026-Q1`).
    pub period: &'a str,
    /// Its classification.
    pub classification: &'static str,
    /// Its file, relative to `content/evidence/`.
    pub file: &'a str,
    /// The copied file.
    pub href: String,
}

/// An evidence item as listed on the sites, linking to its copied file.
pub fn evidence_item<'a>(e: &'a Evidence, root: &str) -> EvidenceItem<'a> {
    EvidenceItem {
        title: &e.title,
        collected: e.collected.value.to_string(),
        period: &e.period.value.label,
        classification: e.classification.name(),
        file: &e.file.value,
        href: format!(
            "{root}{}",
            paths::url_path(&paths::evidence_file(&e.file.value))
        ),
    }
}

/// Everything on a control's page: its row and the rest.
#[derive(Debug, Serialize)]
pub struct ControlDetail<'a> {
    /// The fields of its row.
    #[serde(flatten)]
    pub row: ControlRow,
    /// Its description, as paragraphs.
    pub description: Vec<String>,
    /// The policies it implements (shown or on request).
    pub policies: Vec<ItemLink>,
    /// The procedures that carry it out (shown or on request).
    pub procedures: Vec<ItemLink>,
    /// The subprocessors it relies on.
    pub subprocessors: Vec<ItemLink>,
    /// Its test procedure, as paragraphs (internal sites only).
    pub test_procedure: Option<Vec<String>>,
    /// Evidence items above the site's level: counted, never listed (internal sites).
    pub evidence_restricted: usize,
    /// Evidence items shown (internal sites).
    pub evidence: Vec<EvidenceItem<'a>>,
    /// Whether it is published on the trust center.
    pub public: bool,
}

/// Everything on a control's page.
pub fn control_detail<'a>(ctx: &Ctx<'a>, i: usize, linker: &PageLinker<'_>) -> ControlDetail<'a> {
    let p = ctx.project;
    let c = &p.controls[i];
    let detail = ctx.audience.internal_detail();
    let evidence: Vec<EvidenceItem<'a>> = if detail {
        ctx.visible_evidence(i)
            .map(|e| evidence_item(e, &linker.root))
            .collect()
    } else {
        Vec::new()
    };
    let restricted = if detail {
        p.links.control_evidence[i].len() - evidence.len()
    } else {
        0
    };
    ControlDetail {
        row: control_row(ctx, i, linker),
        description: crate::markdown::paragraphs(&c.description),
        policies: named_links(linker, c.policy_refs.iter().map(|&x| ItemRef::Policy(x))),
        procedures: named_links(
            linker,
            c.procedure_refs.iter().map(|&x| ItemRef::Procedure(x)),
        ),
        subprocessors: c
            .subprocessor_refs
            .iter()
            .map(|&x| item_link(linker, ItemRef::Subprocessor(x)))
            .collect(),
        test_procedure: detail.then(|| crate::markdown::paragraphs(&c.test_procedure)),
        evidence_restricted: restricted,
        evidence,
        public: c.public,
    }
}

/// Links to the items the audience may name (shown in full or listed on request).
fn named_links(linker: &PageLinker<'_>, items: impl Iterator<Item = ItemRef>) -> Vec<ItemLink> {
    let ctx = linker.ctx;
    items
        .filter(|&x| ctx.audience.visibility(ctx.project, x) != Visibility::Hidden)
        .map(|x| item_link(linker, x))
        .collect()
}

/// The coverage state of a criterion (see [`crate::model::Coverage`]): `covered`,
/// `documented`, `partial` or `uncovered`.
pub fn coverage(ctx: &Ctx<'_>, r: CriterionRef) -> &'static str {
    ctx.project.coverage(r).key()
}

/// A criterion with the controls this audience sees, as the criteria index lists it.
#[derive(Debug, Serialize)]
pub struct CriterionRow<'a> {
    /// Documents that say they satisfy it (shown or on request).
    pub documents: Vec<ItemLink>,
    /// `CC6.1`.
    pub key: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its family (`CC6 Logical and Physical Access Controls`).
    pub family: &'a str,
    /// Its category, as the catalog names it.
    pub category: Option<&'a str>,
    /// Its framework's name.
    pub framework: &'a str,
    /// Whether it is a trust services criterion.
    pub tsc: bool,
    /// Whether it is in the examination's scope.
    pub in_scope: bool,
    /// Its page, when the site has one.
    pub href: Option<String>,
    /// `covered`, `documented`, `partial` or `uncovered` on internal sites; `published` on
    /// the trust center, which shows no readiness figures.
    pub coverage: &'static str,
    /// Covered, but by no control this site lists (internal sites).
    pub covered_privately: bool,
    /// The controls this site lists that address it.
    pub controls: Vec<CriterionControl<'a>>,
}

/// A control addressing a criterion.
#[derive(Debug, Serialize)]
pub struct CriterionControl<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its page.
    pub href: Option<String>,
    /// Its status.
    pub status: StatusView,
}

/// Coverage row of a criterion with the controls this audience sees.
pub fn criterion_row<'a>(
    ctx: &Ctx<'a>,
    r: CriterionRef,
    linker: &PageLinker<'_>,
) -> CriterionRow<'a> {
    let p = ctx.project;
    let c = p.criterion(r);
    let controls: Vec<CriterionControl<'a>> = p
        .controls_for(r)
        .iter()
        .filter(|&&i| ctx.audience.control(&p.controls[i]))
        .map(|&i| {
            let ctl = &p.controls[i];
            CriterionControl {
                id: &ctl.id.value,
                title: &ctl.title,
                href: linker.href(ItemRef::Control(i)),
                status: status_view(ctl.status),
            }
        })
        .collect();
    let state = coverage(ctx, r);
    // Documents that say they satisfy it, as far as this audience may see them.
    let documents = named_links(linker, p.documents_for(r).iter().copied());
    let readiness = ctx.audience.readiness();
    CriterionRow {
        documents,
        key: &c.key,
        title: &c.title,
        family: &c.family,
        category: c.category.as_deref(),
        framework: &p.frameworks[r.framework].name,
        tsc: p.frameworks[r.framework].id == TSC,
        in_scope: c.in_scope,
        href: linker.href(ItemRef::Criterion(r)),
        // Coverage states are readiness figures: only where the audience shows those. The
        // trust center lists the published controls and nothing about the rest.
        coverage: if readiness { state } else { "published" },
        covered_privately: readiness && state == "covered" && controls.is_empty(),
        controls,
    }
}

/// Evidence counts of an internal site.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct EvidenceCounts {
    /// All items of the package.
    pub total: usize,
    /// Those this site lists.
    pub shown: usize,
    /// Those above the site's level: counted, never listed.
    pub restricted: usize,
    /// The site's level.
    pub level: &'static str,
}

/// Evidence counts of the site (internal sites only), so every page agrees with the package.
pub fn evidence_counts(ctx: &Ctx<'_>) -> Option<EvidenceCounts> {
    let p = ctx.project;
    if !ctx.audience.internal_detail() {
        return None;
    }
    let shown = p
        .evidence
        .iter()
        .filter(|e| ctx.audience.evidence(e))
        .count();
    Some(EvidenceCounts {
        total: p.evidence.len(),
        shown,
        restricted: p.evidence.len() - shown,
        level: ctx.audience.level.name(),
    })
}
