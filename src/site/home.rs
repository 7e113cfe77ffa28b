//! The home page: attestations, categories, policies, the free pages by navigation group, and
//! on the trust center one "Available on request" list with one request action.
//! The attestation cards are built in [`super::attestations`].

use super::context::{
    GroupTeaser, HomeView, RequestAction, RequestItem, RequestList, Stats, TEASER_PAGES,
};
use super::paths::PageLinker;
use super::{Ctx, SiteWriter, views};
use crate::audience::Visibility;
use crate::error::Result;
use crate::model::{CriterionRef, Page, Status, SubprocessorState, group_title};
use serde::Serialize;
use std::collections::BTreeSet;

impl SiteWriter<'_> {
    /// `index.html`.
    pub(super) fn home(&mut self) -> Result<()> {
        let ctx = self.ctx;
        let p = ctx.project;
        let path = "index.html";
        let linker = PageLinker::new(ctx, path);
        let a = &ctx.audience;
        let policies: Vec<views::PolicyRow<'_>> = a
            .policies(p, Visibility::Full)
            .map(|(_, x)| views::policy_row(ctx, x, &linker))
            .collect();
        let overview = a
            .pages(p, Visibility::Full)
            .find(|(_, x)| x.id.value == "overview")
            .and_then(|(_, x)| x.summary.clone());
        let active_subprocessors = a
            .subprocessors(p)
            .filter(|(_, _, st)| {
                matches!(
                    st,
                    SubprocessorState::Active | SubprocessorState::Leaving(_)
                )
            })
            .count();
        let stats = Stats {
            controls: p.controls.iter().filter(|c| a.control(c)).count(),
            policies: policies.len(),
            subprocessors: active_subprocessors,
            evidence: views::evidence_counts(ctx),
        };
        let view = HomeView {
            categories: category_cards(ctx),
            attestations: super::attestations::attestations(ctx, &linker),
            policies,
            requests: request_list(ctx),
            groups: teasers(ctx, &linker),
            overview,
            stats,
        };
        let title = p.config.company.name.clone();
        self.page(path, "index.html", "home", &title, view)
    }
}

/// A trust services category card of the home page.
#[derive(Debug, Serialize)]
pub struct CategoryCard {
    /// `security`, `availability`, … (the criteria index's anchor).
    pub key: &'static str,
    /// `Security`, `Availability`, …
    pub title: &'static str,
    /// Controls shown that address its criteria.
    pub controls: usize,
    /// Its criteria addressed by a control shown.
    pub addressed: usize,
    /// Its section of the criteria index.
    pub href: String,
    /// Coverage figures (internal sites only; absent on the trust center).
    #[serde(flatten)]
    pub figures: Option<CategoryFigures>,
}

/// The coverage figures of a category card (internal sites).
#[derive(Debug, Serialize)]
pub struct CategoryFigures {
    /// Its criteria.
    pub criteria: usize,
    /// Those covered.
    pub covered: usize,
    /// Its controls shown that are implemented.
    pub implemented: usize,
    /// Whether every criterion is covered.
    pub complete: bool,
}

/// The trust services category cards of the home page. Internal sites show coverage figures;
/// the trust center only what its published controls address.
fn category_cards(ctx: &Ctx<'_>) -> Vec<CategoryCard> {
    let p = ctx.project;
    p.config
        .audit
        .categories
        .iter()
        .map(|&cat| {
            let crits: Vec<CriterionRef> = p
                .criteria()
                .filter(|(_, c)| c.tsc_category == Some(cat))
                .map(|(r, _)| r)
                .collect();
            let shown = |i: &usize| ctx.audience.control(&p.controls[*i]);
            let controls: BTreeSet<usize> = crits
                .iter()
                .flat_map(|r| p.controls_for(*r).iter().copied())
                .filter(shown)
                .collect();
            let addressed = crits
                .iter()
                .filter(|r| p.controls_for(**r).iter().any(shown))
                .count();
            CategoryCard {
                key: cat.name(),
                title: cat.title(),
                controls: controls.len(),
                addressed,
                href: format!("criteria/index.html#{}", cat.name()),
                figures: ctx
                    .audience
                    .readiness()
                    .then(|| category_figures(ctx, &crits, &controls)),
            }
        })
        .collect()
}

/// The coverage figures of a category with these criteria and controls shown.
fn category_figures(
    ctx: &Ctx<'_>,
    crits: &[CriterionRef],
    controls: &BTreeSet<usize>,
) -> CategoryFigures {
    let p = ctx.project;
    let covered = crits
        .iter()
        .filter(|r| views::coverage(ctx, **r) == "covered")
        .count();
    let implemented = controls
        .iter()
        .filter(|&&i| p.controls[i].status == Status::Implemented)
        .count();
    CategoryFigures {
        criteria: crits.len(),
        covered,
        implemented,
        complete: covered == crits.len(),
    }
}

/// Each navigation group with its first pages.
fn teasers(ctx: &Ctx<'_>, linker: &PageLinker<'_>) -> Vec<GroupTeaser> {
    let p = ctx.project;
    ctx.index
        .groups
        .iter()
        .map(|g| GroupTeaser {
            title: g.title.clone(),
            href: format!("{}{}", linker.root, g.path()),
            pages: g
                .pages
                .iter()
                .take(TEASER_PAGES)
                .filter_map(|&i| p.pages.get(i))
                .map(|pg| views::page_row(ctx, pg, linker))
                .collect(),
            total: g.pages.len(),
        })
        .collect()
}

/// The documents this site lists on request (policies, procedures, pages at a level above
/// it that it may name), the pages of one `group:` as one document; `None` when there are
/// none (the internal site shows everything it names).
fn request_list(ctx: &Ctx<'_>) -> Option<RequestList> {
    let p = ctx.project;
    let a = &ctx.audience;
    let mut items: Vec<RequestItem> = Vec::new();
    let mut item = |id: String,
                    title: &str,
                    summary: Option<&String>,
                    kind: &'static str,
                    sections: Option<usize>| {
        items.push(RequestItem {
            input_id: format!("request-{id}"),
            id,
            title: title.to_owned(),
            summary: summary.cloned(),
            kind,
            sections,
        })
    };
    for (_, x) in a.policies(p, Visibility::Listed) {
        item(
            x.id.value.clone(),
            &x.title,
            x.summary.as_ref(),
            "Policy",
            None,
        );
    }
    for (_, x) in a.procedures(p, Visibility::Listed) {
        item(
            x.id.value.clone(),
            &x.title,
            x.summary.as_ref(),
            "Procedure",
            None,
        );
    }
    // Pages in project order; a `group:` becomes one entry where its first page is.
    let listed: Vec<&Page> = a.pages(p, Visibility::Listed).map(|(_, x)| x).collect();
    let mut groups_done: Vec<&str> = Vec::new();
    for x in &listed {
        match &x.group {
            None => item(
                super::nav::request_anchor(x),
                &x.title,
                x.summary.as_ref(),
                "Document",
                None,
            ),
            Some(g) if !groups_done.contains(&g.as_str()) => {
                groups_done.push(g);
                let sections = listed
                    .iter()
                    .filter(|y| y.group.as_deref() == Some(g))
                    .count();
                let summary = group_summary(g);
                item(
                    super::nav::request_anchor(x),
                    group_title(g),
                    summary.as_ref(),
                    "Document",
                    Some(sections),
                );
            }
            Some(_) => {}
        }
    }
    if items.is_empty() {
        return None;
    }
    let action = request_action(ctx, &items);
    Some(RequestList { items, action })
}

/// The sentence under a document in sections.
fn group_summary(group: &str) -> Option<String> {
    (group == crate::model::SYSTEM_DESCRIPTION).then(|| {
        "The system description of the SOC 2 report: the services, the system's components, \
         commitments, controls and incidents."
            .to_owned()
    })
}

/// One action for the whole list: the request page when configured, else an email to the
/// security contact naming every document (the script names the ticked ones instead).
fn request_action(ctx: &Ctx<'_>, items: &[RequestItem]) -> RequestAction {
    let cfg = &ctx.project.config;
    let subject = format!("Document request: {}", cfg.site.name);
    let intro = "Please share the following documents with us:".to_owned();
    let titles: Vec<&str> = items.iter().map(|i| i.title.as_str()).collect();
    let (href, external) = match &cfg.site.request_url {
        Some(url) => (url.clone(), true),
        None => (
            views::mailto(ctx, &subject, Some(&request_body(&intro, &titles))),
            false,
        ),
    };
    RequestAction {
        href,
        external,
        to: cfg.company.contact.clone(),
        subject,
        intro,
    }
}

/// The email's body: the intro, then one line per document (trustbook.js writes the same).
pub fn request_body(intro: &str, titles: &[&str]) -> String {
    let mut body = format!("{intro}\n\n");
    for t in titles {
        body.push_str(&format!("- {t}\n"));
    }
    body
}
