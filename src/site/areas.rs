//! The control index by area (access, data protection, …), each area with the criteria its
//! controls address, and one page per control.

use super::context::{AreaView, ControlView, ControlsView};
use super::paths::{self, PageLinker};
use super::{SiteWriter, views};
use crate::error::Result;
use crate::model::{Area, CriterionRef};
use std::collections::BTreeSet;

impl SiteWriter<'_> {
    /// `controls/index.html` and `controls/<id>.html`.
    pub(super) fn controls(&mut self) -> Result<()> {
        let ctx = self.ctx;
        let p = ctx.project;
        let index = "controls/index.html";
        let linker = PageLinker::new(ctx, index);
        let mut areas: Vec<(AreaView, BTreeSet<CriterionRef>)> = Area::ALL_AREAS
            .into_iter()
            .map(|a| (AreaView::new(a), BTreeSet::new()))
            .collect();
        let mut total = 0;
        for (i, c) in p.controls.iter().enumerate() {
            if !ctx.audience.control(c) {
                continue;
            }
            total += 1;
            let slot = Area::ALL_AREAS
                .iter()
                .position(|a| *a == c.area_resolved)
                .and_then(|k| areas.get_mut(k));
            if let Some((view, criteria)) = slot {
                view.controls.push(views::control_row(ctx, i, &linker));
                criteria.extend(c.criteria_refs.iter().copied());
            }
        }
        let areas: Vec<AreaView> = areas
            .into_iter()
            .filter(|(view, _)| !view.controls.is_empty())
            .map(|(mut view, criteria)| {
                view.criteria = criteria
                    .into_iter()
                    .map(|r| views::criterion_link(ctx, r, &linker))
                    .collect();
                view
            })
            .collect();
        let view = ControlsView { areas, total };
        self.page(index, "controls.html", "controls", "Controls", view)?;
        for (i, c) in p.controls.iter().enumerate() {
            if !ctx.audience.control(c) {
                continue;
            }
            let path = paths::control(&c.id);
            let linker = PageLinker::new(ctx, &path);
            let view = ControlView {
                control: views::control_detail(ctx, i, &linker),
            };
            let title = format!("{} {}", c.id.value, c.title);
            self.page(&path, "control.html", "controls", &title, view)?;
        }
        Ok(())
    }
}
