//! The subprocessor list as each site publishes it: the page's groups (current, upcoming,
//! former), its history, and the machine-readable `subprocessors.json` and
//! `subprocessors.csv` beside the feed. Which subprocessors appear, and in which state, is
//! the audience's decision on the as-of date.

use super::Ctx;
use super::paths::PageLinker;
use super::views;
use crate::error::{Error, Result};
use crate::model::SubprocessorState;
use crate::output::Dir;
use crate::timeline::{self, ChangeKind};
use serde_json::{Value, json};

/// Data of the subprocessors page.
pub fn page(ctx: &Ctx<'_>, linker: &PageLinker<'_>) -> Value {
    let p = ctx.project;
    let (mut current, mut upcoming, mut former, mut unannounced) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (i, _, state) in ctx.audience.subprocessors(p) {
        let row = views::subprocessor_view(ctx, i, linker);
        match state {
            SubprocessorState::Active | SubprocessorState::Leaving(_) => current.push(row),
            SubprocessorState::Upcoming => upcoming.push(row),
            SubprocessorState::Unannounced => unannounced.push(row),
            SubprocessorState::Former => former.push(row),
        }
    }
    json!({
        "active": current,
        "upcoming": upcoming,
        "unannounced": unannounced,
        "former": former,
        "history": history(ctx),
        "notice_days": p.config.notice_days,
    })
}

/// Every announced change, newest first, for the page and the feed.
fn history(ctx: &Ctx<'_>) -> Vec<Value> {
    let p = ctx.project;
    timeline::changes(&p.subprocessors, ctx.audience.as_of)
        .iter()
        .filter(|ch| ctx.audience.subprocessor(&p.subprocessors[ch.subprocessor]))
        .map(|ch| {
            let s = &p.subprocessors[ch.subprocessor];
            json!({
                "date": ch.effective.to_string(),
                "published": ch.published.to_string(),
                "kind": match ch.kind {
                    ChangeKind::Upcoming => "upcoming",
                    ChangeKind::Added => "added",
                    ChangeKind::Removed => "removed",
                },
                "id": s.id.value,
                "name": s.name,
                "purpose": s.purpose,
            })
        })
        .collect()
}

/// One subprocessor with every field the audience may see, for `subprocessors.json`.
fn record(ctx: &Ctx<'_>, i: usize, state: SubprocessorState) -> Value {
    let s = &ctx.project.subprocessors[i];
    let certs: Vec<Value> = s
        .certifications
        .iter()
        .map(|c| {
            json!({
                "name": c.name,
                "report_date": c.report_date.value.to_string(),
                "period": c.period.as_ref().map(|p| json!({ "start": p.start.to_string(), "end": p.end.to_string() })),
                "url": c.url,
            })
        })
        .collect();
    let mut v = json!({
        "id": s.id.value,
        "name": s.name,
        "legal_entity": s.legal_entity,
        "purpose": s.purpose,
        "category": s.category,
        "data_categories": s.data_categories,
        "customer_data": s.customer_data,
        "location": s.location,
        "transfer_mechanism": s.transfer_mechanism,
        "certifications": certs,
        "dpa": s.dpa,
        "website": s.website,
        "status": state.key(),
        "added": s.added.to_string(),
        "announced": s.announced_shown(ctx.audience.as_of).map(|d| d.to_string()),
        "removed": s.removed.map(|d| d.to_string()),
    });
    if ctx.audience.internal_detail()
        && let Some(obj) = v.as_object_mut()
    {
        obj.insert("notes".into(), json!(s.notes));
    }
    v
}

/// Writes `subprocessors.json` and `subprocessors.csv`: every subprocessor the site shows,
/// current, upcoming and former, with its state on the as-of date.
pub fn write_lists(ctx: &Ctx<'_>, out: Dir<'_>) -> Result<()> {
    let p = ctx.project;
    let list: Vec<Value> = ctx
        .audience
        .subprocessors(p)
        .map(|(i, _, state)| record(ctx, i, state))
        .collect();
    let doc = json!({
        "company": p.config.company.name,
        "as_of": ctx.audience.as_of.to_string(),
        "notice_days": p.config.notice_days,
        "feed": "subprocessors.atom",
        "subprocessors": list,
    });
    let mut bytes = serde_json::to_vec_pretty(&doc)
        .map_err(|e| Error::theme("cannot write subprocessors.json", Some(e.into())))?;
    bytes.push(b'\n');
    out.write("subprocessors.json", bytes)?;
    out.write(
        "subprocessors.csv",
        crate::package::tables::subprocessors(p, ctx.audience)?,
    )
}
