//! Where each item's page lives in a site, and relative links between pages.
//!
//! Every link in a site is relative, so the site works from any sub-path and from `file://`.

use super::Ctx;
use crate::audience::Visibility;
use crate::markdown::html::Linker;
use crate::model::{Criterion, ItemRef, LinkTo};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// Site-relative path of a policy page.
pub fn policy(id: &str) -> String {
    format!("policies/{id}.html")
}
/// Site-relative path of a procedure page.
pub fn procedure(id: &str) -> String {
    format!("procedures/{id}.html")
}
/// Where a listed (locked) procedure appears.
pub fn locked_procedure(id: &str) -> String {
    format!("procedures/index.html#{id}")
}
/// Site-relative path of a free page.
pub fn page(id: &str) -> String {
    format!("pages/{id}.html")
}
/// Site-relative path of a control page.
pub fn control(id: &str) -> String {
    format!("controls/{id}.html")
}
/// Site-relative path of a criterion page.
pub fn criterion(c: &Criterion) -> String {
    format!("criteria/{}.html", c.slug())
}
/// Site-relative path of the subprocessor list, with the entry's anchor.
pub fn subprocessor(id: &str) -> String {
    format!("subprocessors/index.html#{id}")
}
/// Where a listed (locked) policy appears.
pub fn locked_policy(id: &str) -> String {
    format!("policies/index.html#{id}")
}
/// Where a listed (locked) page appears: its entry (`anchor`, see
/// [`super::nav::request_anchor`]) on the home page's request list.
pub fn locked_page(anchor: &str) -> String {
    format!("index.html#{anchor}")
}
/// Where an asset (a file under `content/assets/`) is copied.
pub fn asset(path: &str) -> String {
    format!("files/{path}")
}
/// Where a shown evidence file is copied (internal site).
pub fn evidence_file(path: &str) -> String {
    format!("evidence/files/{path}")
}

/// Characters a file name may hold that a URL path may not carry as they are.
const PATH_UNSAFE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// A site-relative file path as a URL path (`my diagram.png` -> `my%20diagram.png`).
pub fn url_path(path: &str) -> String {
    utf8_percent_encode(path, PATH_UNSAFE).to_string()
}

/// The prefix that leads from a page back to the site root (`""` or `"../"`).
pub fn root_prefix(page_path: &str) -> String {
    "../".repeat(page_path.matches('/').count())
}

/// Resolves references for one page of one site.
pub struct PageLinker<'a> {
    /// Site-wide data.
    pub ctx: &'a Ctx<'a>,
    /// Prefix back to the site root.
    pub root: String,
}

impl<'a> PageLinker<'a> {
    /// A linker for the page at `page_path`.
    pub fn new(ctx: &'a Ctx<'a>, page_path: &str) -> Self {
        PageLinker {
            ctx,
            root: root_prefix(page_path),
        }
    }

    /// The site-relative path of an item's page in this site, if it has one.
    pub fn item_path(&self, item: ItemRef) -> Option<String> {
        let p = self.ctx.project;
        let a = &self.ctx.audience;
        match item {
            ItemRef::Policy(i) => {
                let pol = &p.policies[i];
                match a.visibility(p, item) {
                    Visibility::Full => Some(policy(&pol.id)),
                    Visibility::Listed => Some(locked_policy(&pol.id)),
                    Visibility::Hidden => None,
                }
            }
            ItemRef::Procedure(i) => {
                let pr = &p.procedures[i];
                match a.visibility(p, item) {
                    Visibility::Full => Some(procedure(&pr.id)),
                    Visibility::Listed => Some(locked_procedure(&pr.id)),
                    Visibility::Hidden => None,
                }
            }
            ItemRef::Page(i) => {
                let pg = &p.pages[i];
                match a.visibility(p, item) {
                    Visibility::Full => Some(page(&pg.id)),
                    // Its entry on the home page's request list (one per `group:`).
                    Visibility::Listed => super::nav::locked_page_path(p, i),
                    Visibility::Hidden => None,
                }
            }
            ItemRef::Control(i) => a
                .control(&p.controls[i])
                .then(|| control(&p.controls[i].id)),
            ItemRef::Criterion(r) => self
                .ctx
                .criterion_pages
                .contains(&r)
                .then(|| criterion(p.criterion(r))),
            ItemRef::Subprocessor(i) => Some(subprocessor(&p.subprocessors[i].id)),
        }
    }

    /// A relative href to an item, if it is shown.
    pub fn href(&self, item: ItemRef) -> Option<String> {
        self.item_path(item).map(|p| format!("{}{p}", self.root))
    }
}

impl PageLinker<'_> {
    /// A relative href to an item, at a heading when the item's page shows it.
    pub fn item_href(&self, item: ItemRef, anchor: Option<&str>) -> Option<String> {
        let base = self.href(item)?;
        // Anchors only make sense on a full page; a locked entry has no headings.
        let full = self.ctx.audience.shows_body(self.ctx.project, item);
        Some(match anchor {
            Some(a) if full => format!("{base}#{a}"),
            _ => base,
        })
    }
}

impl Linker for PageLinker<'_> {
    fn target_href(&self, to: &LinkTo) -> Option<String> {
        match to {
            LinkTo::Item { item, anchor } => self.item_href(*item, anchor.as_deref()),
            LinkTo::Anchor(a) => Some(format!("#{a}")),
            LinkTo::Url(u) => Some(u.clone()),
            LinkTo::Asset(path, fragment) => self
                .ctx
                .assets
                .contains_key(path)
                .then(|| format!("{}{}{fragment}", self.root, url_path(&asset(path)))),
            LinkTo::Evidence(path, fragment) => self
                .ctx
                .evidence_files
                .contains(path)
                .then(|| format!("{}{}{fragment}", self.root, url_path(&evidence_file(path)))),
        }
    }
}
