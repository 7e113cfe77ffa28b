//! What every page of a site shares, computed once per site: the top bar's entries, the
//! navigation groups of free pages, and the backlinks of each item. Pages only look things up
//! here, so a site's cost stays linear in its pages.

use super::paths;
use crate::audience::{Audience, Visibility};
use crate::model::{ItemRef, Page, Project};
use std::collections::{HashMap, HashSet};

/// One entry of the top bar, with its path relative to the site root.
#[derive(Debug, Clone)]
pub struct NavLink {
    /// What a page passes as `active` to light it up (`controls`, `group:legal`).
    pub key: String,
    /// The text shown.
    pub label: String,
    /// Site-relative path.
    pub path: String,
}

/// A navigation group of free pages: one top-bar entry and one index page.
#[derive(Debug, Clone)]
pub struct NavGroup {
    /// Anchor and file name (`legal` for `pages/groups/legal.html`).
    pub slug: String,
    /// Its title (the first spelling met, in page order).
    pub title: String,
    /// Pages shown in full, in page order.
    pub pages: Vec<usize>,
    /// Pages listed on request (trust center), in page order.
    pub listed: Vec<usize>,
}

impl NavGroup {
    /// Where the group's index page lives.
    pub fn path(&self) -> String {
        group_path(&self.slug)
    }

    /// The key pages of the group pass as `active`.
    pub fn key(&self) -> String {
        format!("group:{}", self.slug)
    }
}

/// Site-relative path of a navigation group's index page.
pub fn group_path(slug: &str) -> String {
    format!("pages/groups/{slug}.html")
}

/// The per-site lookups.
#[derive(Debug, Clone, Default)]
pub struct SiteIndex {
    /// The top bar's fixed entries (Overview, Policies, …), then one per group.
    pub nav: Vec<NavLink>,
    /// Navigation groups with at least one page this site shows in full, in the order of
    /// their first page.
    pub groups: Vec<NavGroup>,
    /// The group (index into `groups`) of each page shown in full and its place in the
    /// group's `pages`, by page index.
    page_group: HashMap<usize, (usize, usize)>,
    /// The documents that link to each item, distinct, in document order.
    mentions: HashMap<ItemRef, Vec<ItemRef>>,
}

impl SiteIndex {
    /// Computes the lookups of one site.
    pub fn new(project: &Project, audience: &Audience, has_readiness: bool) -> SiteIndex {
        let groups = groups(project, audience);
        let mut page_group = HashMap::new();
        for (g, group) in groups.iter().enumerate() {
            for (at, &i) in group.pages.iter().enumerate() {
                page_group.insert(i, (g, at));
            }
        }
        let mut nav = fixed_entries(project, audience, has_readiness);
        nav.extend(groups.iter().map(|g| NavLink {
            key: g.key(),
            label: g.title.clone(),
            path: g.path(),
        }));
        SiteIndex {
            nav,
            groups,
            page_group,
            mentions: mentions(project),
        }
    }

    /// The navigation group of a page shown in full, and the page's place in it.
    pub fn group_of(&self, page: usize) -> Option<(&NavGroup, usize)> {
        let &(g, at) = self.page_group.get(&page)?;
        self.groups.get(g).map(|group| (group, at))
    }

    /// The documents that link to an item (any audience: callers filter).
    pub fn mentions_of(&self, item: ItemRef) -> &[ItemRef] {
        self.mentions.get(&item).map_or(&[], Vec::as_slice)
    }
}

/// Overview, Policies, [Procedures], Controls, Criteria, Subprocessors, and on internal
/// sites Evidence and [Readiness].
fn fixed_entries(project: &Project, audience: &Audience, has_readiness: bool) -> Vec<NavLink> {
    let link = |key: &str, label: &str, path: &str| NavLink {
        key: key.to_owned(),
        label: label.to_owned(),
        path: path.to_owned(),
    };
    let any_procedure = (0..project.procedures.len())
        .any(|i| audience.visibility(project, ItemRef::Procedure(i)) != Visibility::Hidden);
    let mut nav = vec![
        link("home", "Overview", "index.html"),
        link("policies", "Policies", "policies/index.html"),
    ];
    if any_procedure {
        nav.push(link("procedures", "Procedures", "procedures/index.html"));
    }
    nav.push(link("controls", "Controls", "controls/index.html"));
    nav.push(link("criteria", "Criteria", "criteria/index.html"));
    nav.push(link(
        "subprocessors",
        "Subprocessors",
        "subprocessors/index.html",
    ));
    if audience.internal_detail() {
        nav.push(link("evidence", "Evidence", "evidence/index.html"));
        if has_readiness {
            nav.push(link("readiness", "Readiness", "readiness.html"));
        }
    }
    nav
}

/// The navigation groups of the pages this audience sees, keyed by the slug of their title
/// (so `Legal` and `legal` are one group). Only groups with a page shown in full are kept:
/// a group of locked pages has nothing to open.
fn groups(project: &Project, audience: &Audience) -> Vec<NavGroup> {
    let mut groups: Vec<NavGroup> = Vec::new();
    let mut by_slug: HashMap<String, usize> = HashMap::new();
    for (i, page) in project.pages.iter().enumerate() {
        let vis = audience.document(page.classification);
        if vis == Visibility::Hidden {
            continue;
        }
        let title = page.nav_group_title();
        let slug = crate::markdown::slugify(title);
        let g = *by_slug.entry(slug.clone()).or_insert_with(|| {
            groups.push(NavGroup {
                slug,
                title: title.to_owned(),
                pages: Vec::new(),
                listed: Vec::new(),
            });
            groups.len() - 1
        });
        if let Some(group) = groups.get_mut(g) {
            match vis {
                Visibility::Full => group.pages.push(i),
                _ => group.listed.push(i),
            }
        }
    }
    groups.retain(|g| !g.pages.is_empty());
    groups
}

/// Every item's backlinks, in document order, each source once.
fn mentions(project: &Project) -> HashMap<ItemRef, Vec<ItemRef>> {
    let mut out: HashMap<ItemRef, Vec<ItemRef>> = HashMap::new();
    let mut seen: HashSet<(ItemRef, ItemRef)> = HashSet::new();
    for m in &project.links.mentions {
        if seen.insert((m.to, m.from)) {
            out.entry(m.to).or_default().push(m.from);
        }
    }
    out
}

/// The anchor of a page's entry on the request list of the trust center home: the pages of
/// one `group:` (the system description) are one document there.
pub fn request_anchor(page: &Page) -> String {
    match &page.group {
        Some(g) => format!("group-{}", crate::markdown::slugify(g)),
        None => page.id.value.clone(),
    }
}

/// The site-relative path a locked page's links go to: its entry on the request list.
pub fn locked_page_path(project: &Project, page: usize) -> Option<String> {
    project
        .pages
        .get(page)
        .map(|p| paths::locked_page(&request_anchor(p)))
}
