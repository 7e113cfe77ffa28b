//! The template context: what each template receives, as typed structs. The README's Themes
//! section documents these fields for theme authors; a field renamed here is a breaking change
//! for their overrides.
//!
//! Every page gets `site` ([`SiteView`]) and `page` ([`PageMeta`]); each page kind adds its
//! own top-level values (see the `*View` structs).

use super::Ctx;
use super::attestations::AttestationView;
use super::home::CategoryCard;
use super::nav::NavGroup;
use super::paths::{self, PageLinker};
use super::readiness::ReadinessView;
use super::subprocessors::{Change, SubprocessorView};
use super::views::{
    self, BodyView, ControlDetail, ControlRow, CriterionLink, CriterionRow, EvidenceCounts,
    EvidenceItem, Mention, PageRow, PolicyRow, StatusView,
};
use crate::audience::Output;
use crate::model::Area;
use serde::Serialize;

/// `site`: the same on every page of a site, but for `root`, `nav[].href` and
/// `nav[].active`.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    /// `docs` or `trust`.
    pub audience: &'static str,
    /// Whether this is the internal documentation site.
    pub internal: bool,
    /// The site's name (`site.name`, default the company name without its legal form).
    pub name: &'a str,
    /// The same as `name` (kept for themes written before `name`).
    pub short_name: &'a str,
    /// `<name> Trust Center` or `<name> Security Documentation`.
    pub title: String,
    /// The company, from `trustbook.yaml`.
    pub company: CompanyView<'a>,
    /// `mailto:` the security contact.
    pub contact_href: String,
    /// The prefix from this page back to the site root (`""`, `"../"`, …).
    pub root: String,
    /// The content's language (`lang:` in `trustbook.yaml`, default `en`).
    pub lang: &'a str,
    /// The top bar: fixed entries, then one per navigation group.
    pub nav: Vec<NavItem>,
    /// The build date, `YYYY-MM-DD`.
    pub updated: String,
    /// The build date, `June 30, 2026`.
    pub updated_long: String,
    /// The package version.
    pub version: &'a str,
    /// The examination the package is prepared for (internal sites only: a plan, not a claim).
    pub audit: Option<AuditView>,
    /// The as-of date of every status, `YYYY-MM-DD`.
    pub as_of: String,
    /// The as-of date, `June 30, 2026`.
    pub as_of_long: String,
    /// The subprocessor feed.
    pub feed_href: String,
    /// The downloadable PDF (trust center).
    pub pdf_href: Option<String>,
    /// The highest classification the site shows.
    pub level: &'static str,
    /// The logo (`site.logo`), shown instead of the default icon.
    pub logo: Option<LogoView<'a>>,
    /// The brand stylesheet (`site.accent`), to link after `style.css`.
    pub brand_css_href: Option<String>,
}

/// `site.company`.
#[derive(Debug, Serialize)]
pub struct CompanyView<'a> {
    /// The full name (`Halloo Labs, Inc.`).
    pub name: &'a str,
    /// One line for the home page.
    pub tagline: Option<&'a str>,
    /// The public website.
    pub website: Option<&'a str>,
    /// The security contact address.
    pub contact: &'a str,
}

/// One entry of `site.nav`.
#[derive(Debug, Serialize)]
pub struct NavItem {
    /// The text.
    pub label: String,
    /// Relative to the current page.
    pub href: String,
    /// Whether the current page belongs here (`aria-current="page"`).
    pub active: bool,
}

/// `site.audit`.
#[derive(Debug, Serialize)]
pub struct AuditView {
    /// `SOC 2 Type II`.
    pub kind: &'static str,
    /// First day, `YYYY-MM-DD`.
    pub start: String,
    /// Last day, `YYYY-MM-DD`.
    pub end: String,
    /// `January 1, 2026 – June 30, 2026`.
    pub period: String,
    /// Category titles in scope.
    pub categories: Vec<&'static str>,
    /// The CPA firm, if named.
    pub auditor: Option<String>,
}

/// `site.logo`.
#[derive(Debug, Serialize)]
pub struct LogoView<'a> {
    /// Relative to the current page.
    pub src: String,
    /// The text alternative.
    pub alt: &'a str,
}

/// `page`: the page being rendered.
#[derive(Debug, Serialize)]
pub struct PageMeta<'a> {
    /// Its title.
    pub title: &'a str,
    /// Its path in the site.
    pub path: &'a str,
    /// The key of the top-bar entry it belongs to (`controls`, `group:legal`).
    pub active: &'a str,
}

/// Where the generated brand stylesheet goes, when `site.accent` or `accent_dark` is set.
pub const BRAND_CSS: &str = "assets/brand.css";

/// The `site` value of one page.
pub fn site_view<'a>(ctx: &'a Ctx<'a>, root: String, active: &str) -> SiteView<'a> {
    let p = ctx.project;
    let cfg = &p.config;
    let trust = ctx.audience.output == Output::Trust;
    let name = cfg.site.name.as_str();
    let nav = ctx
        .index
        .nav
        .iter()
        .map(|l| NavItem {
            label: l.label.clone(),
            href: format!("{root}{}", l.path),
            active: l.key == active,
        })
        .collect();
    let brand = cfg.site.accent.is_some() || cfg.site.accent_dark.is_some();
    SiteView {
        lang: &cfg.lang,
        audience: ctx.audience.output.name(),
        internal: !trust,
        name,
        short_name: name,
        title: if trust {
            format!("{name} Trust Center")
        } else {
            format!("{name} Security Documentation")
        },
        company: CompanyView {
            name: &cfg.company.name,
            tagline: cfg.company.tagline.as_deref(),
            website: cfg.company.website.as_deref(),
            contact: &cfg.company.contact,
        },
        contact_href: format!("mailto:{}", cfg.company.contact),
        nav,
        updated: ctx.build.date.to_string(),
        updated_long: views::long_date(ctx.build.date),
        version: &ctx.build.version,
        audit: ctx.audience.readiness().then(|| audit_view(ctx)),
        as_of: ctx.audience.as_of.to_string(),
        as_of_long: views::long_date(ctx.audience.as_of),
        feed_href: format!("{root}subprocessors.atom"),
        pdf_href: ctx.build.pdf.as_ref().map(|p| format!("{root}{p}")),
        level: ctx.audience.level.name(),
        logo: cfg.site.logo.as_ref().map(|l| LogoView {
            src: format!("{root}{}", paths::url_path(&paths::asset(&l.file.value))),
            alt: &l.alt,
        }),
        brand_css_href: brand.then(|| format!("{root}{BRAND_CSS}")),
        root,
    }
}

fn audit_view(ctx: &Ctx<'_>) -> AuditView {
    let audit = &ctx.project.config.audit;
    AuditView {
        kind: audit.kind.title(),
        start: audit.period.start.to_string(),
        end: audit.period.end.to_string(),
        period: format!(
            "{} – {}",
            views::long_date(audit.period.start),
            views::long_date(audit.period.end)
        ),
        categories: audit.categories.iter().map(|c| c.title()).collect(),
        auditor: audit.auditor.clone(),
    }
}

/// `index.html`: the home page.
#[derive(Debug, Serialize)]
pub struct HomeView<'a> {
    /// Trust services category cards.
    pub categories: Vec<CategoryCard>,
    /// Attestations with their status on the as-of date.
    pub attestations: Vec<AttestationView<'a>>,
    /// Policies shown in full (rows as on the policy index).
    pub policies: Vec<PolicyRow<'a>>,
    /// The documents readers may ask for (trust center), with one request action; `None`
    /// when there are none.
    pub requests: Option<RequestList>,
    /// The navigation groups of free pages, each with its first pages.
    pub groups: Vec<GroupTeaser>,
    /// The overview page's summary.
    pub overview: Option<String>,
    /// Counts for "At a glance".
    pub stats: Stats,
}

/// `stats` of the home page.
#[derive(Debug, Serialize)]
pub struct Stats {
    /// Controls shown.
    pub controls: usize,
    /// Policies shown in full.
    pub policies: usize,
    /// Subprocessors active on the as-of date.
    pub subprocessors: usize,
    /// Evidence counts (internal sites).
    pub evidence: Option<EvidenceCounts>,
}

/// A navigation group on the home page: its first pages and a link to all of them.
#[derive(Debug, Serialize)]
pub struct GroupTeaser {
    /// The group's title.
    pub title: String,
    /// Its index page.
    pub href: String,
    /// Its first pages (at most [`TEASER_PAGES`]).
    pub pages: Vec<PageRow>,
    /// How many pages the group has in all.
    pub total: usize,
}

/// How many pages of each group the home page names.
pub const TEASER_PAGES: usize = 5;

/// `requests` on the home page: one list, one action.
#[derive(Debug, Serialize)]
pub struct RequestList {
    /// The documents.
    pub items: Vec<RequestItem>,
    /// The one request action.
    pub action: RequestAction,
}

/// One document on the request list.
#[derive(Debug, Serialize)]
pub struct RequestItem {
    /// The entry's id (links to a locked document land here).
    pub id: String,
    /// Its checkbox's id.
    pub input_id: String,
    /// The title (also what the request names).
    pub title: String,
    /// Its summary.
    pub summary: Option<String>,
    /// `Policy`, `Procedure` or `Document`.
    pub kind: &'static str,
    /// For a document in sections (the system description): how many.
    pub sections: Option<usize>,
}

/// The request action: an email naming the chosen documents, or the configured request page.
#[derive(Debug, Serialize)]
pub struct RequestAction {
    /// The link: `mailto:` naming every document (the script narrows it to the ticked
    /// ones), or `site.request_url`.
    pub href: String,
    /// Whether `href` is `site.request_url` (then there is nothing to tick).
    pub external: bool,
    /// The address (for the script).
    pub to: String,
    /// The email's subject.
    pub subject: String,
    /// The email's first line, before the list of documents.
    pub intro: String,
}

/// `controls.html`: the control index, by area.
#[derive(Debug, Serialize)]
pub struct ControlsView {
    /// Areas with at least one control shown, in reading order.
    pub areas: Vec<AreaView>,
    /// Controls shown.
    pub total: usize,
}

/// One area of the control index.
#[derive(Debug, Serialize)]
pub struct AreaView {
    /// Anchor (`data-protection`).
    pub id: &'static str,
    /// Heading (`Data protection`).
    pub title: &'static str,
    /// The key of `area:` (`data-protection`).
    pub key: &'static str,
    /// Its controls, by id.
    pub controls: Vec<ControlRow>,
    /// The criteria they address, in catalog order (links when the criterion has a page).
    pub criteria: Vec<CriterionLink>,
}

impl AreaView {
    /// An area with no rows yet.
    pub fn new(area: Area) -> AreaView {
        AreaView {
            id: area.slug(),
            title: area.title(),
            key: area.slug(),
            controls: Vec::new(),
            criteria: Vec::new(),
        }
    }
}

/// `control.html`: a control's page, as `control`.
#[derive(Debug, Serialize)]
pub struct ControlView<'a> {
    /// The control.
    pub control: ControlDetail<'a>,
}

/// `page.html`: a free page, as `doc`.
#[derive(Debug, Serialize)]
pub struct DocView<'a> {
    /// The page.
    pub doc: PageDoc<'a>,
}

/// `doc` of `page.html`.
#[derive(Debug, Serialize)]
pub struct PageDoc<'a> {
    /// The row (id, title, summary, …).
    #[serde(flatten)]
    pub row: PageRow,
    /// The rendered body and its table of contents.
    pub body: BodyView<'a>,
    /// Its language, when it differs from the site's (`lang:`).
    pub lang: Option<&'a str>,
    /// Its navigation group's title.
    pub group_title: Option<String>,
    /// Its navigation group's index page.
    pub group_href: Option<String>,
    /// Pages of its group around it (all of them in a small group).
    pub group_pages: Vec<SiblingLink>,
    /// How many pages the group has in all (more than `group_pages` in a large group).
    pub group_total: usize,
    /// Documents that link here.
    pub mentioned_by: Vec<Mention>,
}

/// A page of the same group.
#[derive(Debug, Serialize)]
pub struct SiblingLink {
    /// Its title.
    pub title: String,
    /// Relative link.
    pub href: String,
    /// Whether it is the current page.
    pub current: bool,
}

/// `group.html`: a navigation group's index page, as `group`.
#[derive(Debug, Serialize)]
pub struct GroupView {
    /// The group.
    pub group: GroupIndex,
}

/// `group` of `group.html`.
#[derive(Debug, Serialize)]
pub struct GroupIndex {
    /// Its title.
    pub title: String,
    /// Its anchor and file name.
    pub slug: String,
    /// Its pages, shown in full or (trust center) listed on request, in page order.
    pub pages: Vec<PageRow>,
}

/// The group index of a navigation group, for a page at `linker`.
pub fn group_index(ctx: &Ctx<'_>, group: &NavGroup, linker: &PageLinker<'_>) -> GroupIndex {
    let p = ctx.project;
    let mut pages: Vec<usize> = group.pages.iter().chain(&group.listed).copied().collect();
    // Project order (by `order`, then id), whatever the visibility.
    pages.sort_unstable();
    GroupIndex {
        title: group.title.clone(),
        slug: group.slug.clone(),
        pages: pages
            .into_iter()
            .filter_map(|i| p.pages.get(i))
            .map(|pg| views::page_row(ctx, pg, linker))
            .collect(),
    }
}

/// `policies.html`: the index of the policies or of the procedures.
#[derive(Debug, Serialize)]
pub struct PoliciesView<'a> {
    /// The documents shown or listed on request, in order.
    pub policies: Vec<PolicyRow<'a>>,
    /// `policy` or `procedure`.
    pub kind: &'static str,
}

/// `policy.html`: a policy's or a procedure's page.
#[derive(Debug, Serialize)]
pub struct PolicyView<'a> {
    /// The document.
    pub policy: PolicyDoc<'a>,
    /// `policy` or `procedure`.
    pub kind: &'static str,
    /// The index's title (`Policies`, `Procedures`), for the breadcrumb.
    pub index_title: &'static str,
}

/// `policy` of `policy.html`.
#[derive(Debug, Serialize)]
pub struct PolicyDoc<'a> {
    /// The row (id, title, review, …).
    #[serde(flatten)]
    pub row: PolicyRow<'a>,
    /// The rendered body and its table of contents.
    pub body: BodyView<'a>,
    /// Its language, when it differs from the site's (`lang:`).
    pub lang: Option<&'a str>,
    /// The controls shown that it implements (a procedure: that it carries out).
    pub controls: Vec<ControlRow>,
    /// Documents that link here.
    pub mentioned_by: Vec<Mention>,
}

/// `criteria.html`: the criteria index.
#[derive(Debug, Serialize)]
pub struct CriteriaView<'a> {
    /// One section per trust services category in scope, then per other framework in scope.
    pub sections: Vec<CriteriaSection<'a>>,
    /// Titles of the trust services categories not in scope.
    pub out_of_scope: Vec<&'static str>,
    /// Whether coverage figures are shown (internal sites).
    pub figures: bool,
}

/// One section of the criteria index.
#[derive(Debug, Serialize)]
pub struct CriteriaSection<'a> {
    /// Anchor: the category key (`security`) or the framework id.
    pub id: &'a str,
    /// Heading: the category's title or the framework's name.
    pub title: &'a str,
    /// Its criteria with coverage `covered`.
    pub covered: usize,
    /// Its criteria.
    pub total: usize,
    /// Its criteria by family, in catalog order.
    pub families: Vec<CriteriaFamily<'a>>,
}

/// The criteria of one family.
#[derive(Debug, Serialize)]
pub struct CriteriaFamily<'a> {
    /// The family's name.
    pub title: &'a str,
    /// Its criteria.
    pub criteria: Vec<CriterionRow<'a>>,
}

/// Groups criteria rows, in catalog order, by family under a section.
pub fn criteria_section<'a>(
    id: &'a str,
    title: &'a str,
    rows: Vec<CriterionRow<'a>>,
) -> CriteriaSection<'a> {
    let covered = rows.iter().filter(|r| r.coverage == "covered").count();
    let total = rows.len();
    let mut families: Vec<CriteriaFamily<'a>> = Vec::new();
    for row in rows {
        match families.last_mut() {
            Some(f) if f.title == row.family => f.criteria.push(row),
            _ => families.push(CriteriaFamily {
                title: row.family,
                criteria: vec![row],
            }),
        }
    }
    CriteriaSection {
        id,
        title,
        covered,
        total,
        families,
    }
}

/// `criterion.html`: a criterion's page, as `criterion`.
#[derive(Debug, Serialize)]
pub struct CriterionView<'a> {
    /// The criterion.
    pub criterion: CriterionDoc<'a>,
}

/// `criterion` of `criterion.html`.
#[derive(Debug, Serialize)]
pub struct CriterionDoc<'a> {
    /// The row (key, title, coverage, controls, …).
    #[serde(flatten)]
    pub row: CriterionRow<'a>,
    /// Documents that link here.
    pub mentioned_by: Vec<Mention>,
}

/// `subprocessors.html`: the subprocessor list on the as-of date.
#[derive(Debug, Serialize)]
pub struct SubprocessorsView<'a> {
    /// In use (including those leaving).
    pub active: Vec<SubprocessorView<'a>>,
    /// Announced, not started.
    pub upcoming: Vec<SubprocessorView<'a>>,
    /// Not announced yet (internal sites).
    pub unannounced: Vec<SubprocessorView<'a>>,
    /// No longer used.
    pub former: Vec<SubprocessorView<'a>>,
    /// Every announced change, newest first.
    pub history: Vec<Change<'a>>,
    /// The notice period for new subprocessors, in days.
    pub notice_days: u32,
}

/// `evidence.html`: the evidence index (internal sites).
#[derive(Debug, Serialize)]
pub struct EvidenceView<'a> {
    /// Every control, with its evidence.
    pub controls: Vec<EvidenceControl<'a>>,
    /// The site's evidence counts.
    pub counts: Option<EvidenceCounts>,
}

/// A control on the evidence index.
#[derive(Debug, Serialize)]
pub struct EvidenceControl<'a> {
    /// Its evidence items above the site's level: counted, not listed.
    pub restricted: usize,
    /// Its id.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// `continuous`, `quarterly`, …
    pub frequency: &'static str,
    /// Its status.
    pub status: StatusView,
    /// Its page.
    pub href: String,
    /// Its evidence items shown.
    pub items: Vec<EvidenceItem<'a>>,
}

/// `readiness.html`: the readiness page (internal sites).
#[derive(Debug, Serialize)]
pub struct ReadinessPage<'a> {
    /// The analysis.
    pub readiness: ReadinessView<'a>,
    /// The site's evidence counts.
    pub counts: Option<EvidenceCounts>,
}

/// `404.html`: a self-contained page.
#[derive(Debug, Serialize)]
pub struct NotFoundView<'a> {
    /// The theme's `static/404.css`, to inline.
    pub style: &'a str,
    /// Its hash for the page's Content-Security-Policy (`sha256-…`).
    pub style_hash: String,
    /// The path of the site's home on its host (`/`, `/repo/`).
    pub home: String,
    /// The content's language.
    pub lang: &'a str,
}
