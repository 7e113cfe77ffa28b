//! The subprocessor list as each site publishes it: the page's groups (current, upcoming,
//! former), its history, and the machine-readable `subprocessors.json` and
//! `subprocessors.csv` beside the feed. Which subprocessors appear, and in which state, is
//! the audience's decision on the as-of date.

use super::Ctx;
use super::context::SubprocessorsView;
use super::paths::PageLinker;
use super::views::{ItemLink, item_link, long_date};
use crate::error::{Error, Result};
use crate::model::{ItemRef, SubprocessorState};
use crate::output::Dir;
use crate::timeline::{self, ChangeKind};
use serde::Serialize;
use serde_json::{Value, json};

/// Data of the subprocessors page.
pub fn page<'a>(ctx: &Ctx<'a>, linker: &PageLinker<'_>) -> SubprocessorsView<'a> {
    let p = ctx.project;
    let (mut current, mut upcoming, mut former, mut unannounced) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (i, _, state) in ctx.audience.subprocessors(p) {
        let row = subprocessor_view(ctx, i, linker);
        match state {
            SubprocessorState::Active | SubprocessorState::Leaving(_) => current.push(row),
            SubprocessorState::Upcoming => upcoming.push(row),
            SubprocessorState::Unannounced => unannounced.push(row),
            SubprocessorState::Former => former.push(row),
        }
    }
    SubprocessorsView {
        active: current,
        upcoming,
        unannounced,
        former,
        history: history(ctx),
        notice_days: p.config.notice_days,
    }
}

/// A subprocessor as its page lists it.
#[derive(Debug, Serialize)]
pub struct SubprocessorView<'a> {
    /// Its id (the row's anchor).
    pub id: &'a str,
    /// Its name.
    pub name: &'a str,
    /// Its legal entity.
    pub legal_entity: Option<&'a str>,
    /// What it does for the company.
    pub purpose: &'a str,
    /// `Infrastructure`, `Email`, …
    pub category: &'a str,
    /// The kinds of data it processes.
    pub data_categories: &'a [String],
    /// Whether it processes customer data.
    pub customer_data: bool,
    /// Where.
    pub location: &'a str,
    /// The transfer mechanism (`SCCs`).
    pub transfer_mechanism: Option<&'a str>,
    /// Its reports and certificates.
    pub certifications: Vec<CertificationView<'a>>,
    /// Its data processing agreement (a URL).
    pub dpa: Option<&'a str>,
    /// Its website.
    pub website: Option<&'a str>,
    /// First day of use, `YYYY-MM-DD`.
    pub added: String,
    /// The same, `June 30, 2026`.
    pub added_long: String,
    /// Last day of use, `YYYY-MM-DD`.
    pub removed: Option<String>,
    /// The same, `June 30, 2026`.
    pub removed_long: Option<String>,
    /// When it was announced, once it has been, `YYYY-MM-DD`.
    pub announced: Option<String>,
    /// `unannounced`, `upcoming`, `active`, `leaving` or `former` on the as-of date.
    pub state: &'static str,
    /// The state for readers (`Leaving on June 30, 2026`).
    pub state_label: String,
    /// Internal notes (internal sites only).
    pub notes: Option<&'a str>,
    /// The controls shown that rely on it.
    pub controls: Vec<ItemLink>,
}

/// A subprocessor's report or certificate.
#[derive(Debug, Serialize)]
pub struct CertificationView<'a> {
    /// `SOC 2 Type II`, `ISO 27001`, …
    pub name: &'a str,
    /// The report's date, `YYYY-MM-DD`.
    pub report_date: String,
    /// The period it covers, as labelled.
    pub period: Option<&'a str>,
    /// Where to find it.
    pub url: Option<&'a str>,
}

/// A subprocessor as listed publicly (notes only for internal audiences).
fn subprocessor_view<'a>(ctx: &Ctx<'a>, i: usize, linker: &PageLinker<'_>) -> SubprocessorView<'a> {
    let p = ctx.project;
    let s = &p.subprocessors[i];
    let state = s.state_on(ctx.audience.as_of);
    SubprocessorView {
        id: &s.id.value,
        name: &s.name,
        legal_entity: s.legal_entity.as_deref(),
        purpose: &s.purpose,
        category: &s.category,
        data_categories: &s.data_categories,
        customer_data: s.customer_data,
        location: &s.location,
        transfer_mechanism: s.transfer_mechanism.as_deref(),
        certifications: s
            .certifications
            .iter()
            .map(|c| CertificationView {
                name: &c.name,
                report_date: c.report_date.value.to_string(),
                period: c.period.as_ref().map(|p| p.label.as_str()),
                url: c.url.as_deref(),
            })
            .collect(),
        dpa: s.dpa.as_deref(),
        website: s.website.as_deref(),
        added: s.added.to_string(),
        added_long: long_date(s.added),
        removed: s.removed.map(|d| d.to_string()),
        removed_long: s.removed.map(long_date),
        announced: s.announced_shown(ctx.audience.as_of).map(|d| d.to_string()),
        state: state.key(),
        state_label: state_label(state, s.added),
        notes: if ctx.audience.internal_detail() {
            s.notes.as_deref()
        } else {
            None
        },
        controls: p.links.subprocessor_controls[i]
            .iter()
            .filter(|&&ci| ctx.audience.control(&p.controls[ci]))
            .map(|&ci| item_link(linker, ItemRef::Control(ci)))
            .collect(),
    }
}

/// A subprocessor's state on the as-of date, for readers.
fn state_label(state: SubprocessorState, added: jiff::civil::Date) -> String {
    match state {
        SubprocessorState::Unannounced => {
            format!("Not announced yet (starts {})", long_date(added))
        }
        SubprocessorState::Upcoming => format!("Upcoming (from {})", long_date(added)),
        SubprocessorState::Active => "Active".to_owned(),
        SubprocessorState::Leaving(d) => format!("Leaving on {}", long_date(d)),
        SubprocessorState::Former => "Former".to_owned(),
    }
}

/// An announced change of the subprocessor list.
#[derive(Debug, Serialize)]
pub struct Change<'a> {
    /// When it takes effect, `YYYY-MM-DD`.
    pub date: String,
    /// When it was announced, `YYYY-MM-DD`.
    pub published: String,
    /// `upcoming`, `added` or `removed`.
    pub kind: &'static str,
    /// The subprocessor's id.
    pub id: &'a str,
    /// Its name.
    pub name: &'a str,
    /// What it does.
    pub purpose: &'a str,
}

/// Every announced change, newest first, for the page.
fn history<'a>(ctx: &Ctx<'a>) -> Vec<Change<'a>> {
    let p = ctx.project;
    timeline::changes(&p.subprocessors, ctx.audience.as_of)
        .iter()
        .filter(|ch| ctx.audience.subprocessor(&p.subprocessors[ch.subprocessor]))
        .map(|ch| {
            let s = &p.subprocessors[ch.subprocessor];
            Change {
                date: ch.effective.to_string(),
                published: ch.published.to_string(),
                kind: match ch.kind {
                    ChangeKind::Upcoming => "upcoming",
                    ChangeKind::Added => "added",
                    ChangeKind::Removed => "removed",
                },
                id: &s.id.value,
                name: &s.name,
                purpose: &s.purpose,
            }
        })
        .collect()
}

/// One subprocessor with every field the audience may see, for `subprocessors.json`. A JSON
/// object rather than a struct: the file's keys are in alphabetical order, which readers of it
/// may rely on.
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
