//! Free pages and the index page of each navigation group.
//!
//! A page lists its group's pages beside it; in a large group only its neighbours, with a link
//! to the group's index, so no page grows with the number of pages.

use super::context::{DocView, GroupView, PageDoc, SiblingLink, group_index};
use super::nav::NavGroup;
use super::paths::{self, PageLinker};
use super::{SiteWriter, mentions, views};
use crate::audience::Visibility;
use crate::error::Result;
use crate::model::ItemRef;

/// Groups up to this size are listed whole beside each page.
const SIBLINGS_ALL: usize = 15;
/// In a larger group, how many pages before and after the current one are listed.
const SIBLINGS_AROUND: usize = 5;

impl SiteWriter<'_> {
    /// `pages/<id>.html` for each page shown in full.
    pub(super) fn pages(&mut self) -> Result<()> {
        let ctx = self.ctx;
        let p = ctx.project;
        for (i, pg) in ctx.audience.pages(p, Visibility::Full) {
            let path = paths::page(&pg.id);
            let linker = PageLinker::new(ctx, &path);
            let group = ctx.index.group_of(i);
            let doc = PageDoc {
                row: views::page_row(ctx, pg, &linker),
                body: views::body_view(ctx, &pg.body, &linker),
                lang: pg.lang.as_deref(),
                group_title: group.map(|(g, _)| g.title.clone()),
                group_href: group.map(|(g, _)| format!("{}{}", linker.root, g.path())),
                group_pages: group
                    .map(|(g, at)| siblings(ctx, g, at, &linker))
                    .unwrap_or_default(),
                group_total: group.map_or(0, |(g, _)| g.pages.len()),
                mentioned_by: mentions(&linker, ItemRef::Page(i)),
            };
            let active = group.map(|(g, _)| g.key()).unwrap_or_default();
            self.page(&path, "page.html", &active, &pg.title, DocView { doc })?;
        }
        Ok(())
    }

    /// `pages/groups/<slug>.html` for each navigation group with a page shown in full.
    pub(super) fn group_indexes(&mut self) -> Result<()> {
        let ctx = self.ctx;
        for g in &ctx.index.groups {
            let path = g.path();
            let linker = PageLinker::new(ctx, &path);
            let view = GroupView {
                group: group_index(ctx, g, &linker),
            };
            self.page(&path, "group.html", &g.key(), &g.title, view)?;
        }
        Ok(())
    }
}

/// The pages of a group listed beside its page at `at`: all of a small group, else the
/// neighbours.
fn siblings(
    ctx: &super::Ctx<'_>,
    group: &NavGroup,
    at: usize,
    linker: &PageLinker<'_>,
) -> Vec<SiblingLink> {
    let (from, to) = if group.pages.len() <= SIBLINGS_ALL {
        (0, group.pages.len())
    } else {
        (
            at.saturating_sub(SIBLINGS_AROUND),
            (at + SIBLINGS_AROUND + 1).min(group.pages.len()),
        )
    };
    group
        .pages
        .get(from..to)
        .unwrap_or_default()
        .iter()
        .enumerate()
        .filter_map(|(k, &i)| {
            let x = ctx.project.pages.get(i)?;
            Some(SiblingLink {
                title: x.title.clone(),
                href: format!("{}{}", linker.root, paths::page(&x.id)),
                current: from + k == at,
            })
        })
        .collect()
}
