//! Template data: plain JSON built from the model for one audience. Templates never see an
//! item the audience may not see, so no template can leak one.

use super::Ctx;
use super::paths::{self, PageLinker};
use crate::audience::Visibility;
use crate::markdown::html::{self, RawHtml};
use crate::model::{
    AttestationKind, AttestationState, Body, CriterionRef, ItemRef, Page, Policy, ReportAccess,
    Status, SubprocessorState, TSC,
};
use crate::timeline::ReviewState;
use jiff::civil::Date;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::{Value, json};

/// `June 30, 2026`.
pub fn long_date(d: Date) -> String {
    d.strftime("%B %-d, %Y").to_string()
}

/// The label, symbol and CSS class of a control status (readable without colour).
pub fn status_view(s: Status) -> Value {
    let (label, symbol) = match s {
        Status::Implemented => ("Implemented", "✓"),
        Status::InProgress => ("In progress", "◐"),
        Status::Planned => ("Planned", "○"),
        Status::NotApplicable => ("Not applicable", "–"),
    };
    json!({ "key": s.name(), "label": label, "symbol": symbol })
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

/// A rendered Markdown body with its table of contents.
pub fn body_view(ctx: &Ctx<'_>, body: &Body, linker: &PageLinker<'_>) -> Value {
    let raw = if ctx.audience.output == crate::audience::Output::Trust {
        RawHtml::Sanitize
    } else {
        RawHtml::Keep
    };
    let html = html::render(body, linker, raw);
    let toc: Vec<Value> = body
        .headings
        .iter()
        .filter(|h| h.level <= 3)
        .map(|h| json!({ "id": h.id, "text": h.text, "level": h.level }))
        .collect();
    json!({ "html": html, "toc": toc })
}

/// A link to an item, or its text alone when the audience may not follow it.
pub fn item_link(linker: &PageLinker<'_>, item: ItemRef) -> Value {
    let (id, title) = linker.ctx.project.item_title(item);
    json!({ "id": id, "title": title, "href": linker.href(item) })
}

/// Where a policy's review stands on the as-of date, worded for readers: an overdue review
/// never shows its past due date as the next review.
pub fn review_view(ctx: &Ctx<'_>, p: &Policy) -> Value {
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
    json!({ "state": state, "label": label, "date": date.to_string() })
}

/// A policy's review history, newest first (internal outputs only).
fn review_history(ctx: &Ctx<'_>, p: &Policy) -> Vec<Value> {
    if !ctx.audience.internal_detail() {
        return Vec::new();
    }
    let rows = p.reviews_newest_first();
    rows.iter()
        .map(|r| {
            json!({
                "date": r.date.value.to_string(),
                "by": r.by,
                "version": r.version,
                "summary": r.summary,
            })
        })
        .collect()
}

/// Policy summary row.
pub fn policy_row(ctx: &Ctx<'_>, p: &Policy, linker: &PageLinker<'_>) -> Value {
    governed_row(ctx, p, linker, &paths::policy(&p.id))
}

/// Procedure summary row.
pub fn procedure_row(ctx: &Ctx<'_>, p: &Policy, linker: &PageLinker<'_>) -> Value {
    governed_row(ctx, p, linker, &paths::procedure(&p.id))
}

/// The summary row of a policy or procedure whose page is at `path`.
fn governed_row(ctx: &Ctx<'_>, p: &Policy, linker: &PageLinker<'_>, path: &str) -> Value {
    let vis = ctx.audience.document(p.classification);
    json!({
        "review": review_view(ctx, p),
        "reviews": review_history(ctx, p),
        "id": p.id.value,
        "title": p.title,
        "owner": p.owner,
        "approved_by": p.approved_by,
        "version": p.version,
        "effective": p.effective.to_string(),
        "last_reviewed": p.last_reviewed.value.to_string(),
        "review_every": p.review_every.to_string(),
        "classification": p.classification.name(),
        "summary": p.summary,
        "locked": vis == Visibility::Listed,
        "href": (vis == Visibility::Full).then(|| format!("{}{path}", linker.root)),
        "request_href": (vis == Visibility::Listed).then(|| request_href(ctx, &p.title)),
    })
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
    /// Its status: `key`, `label` and `symbol`.
    pub status: Value,
    /// The area it is listed under: `key` and `title`.
    pub area: AreaRef,
    /// The criteria it cites: `key`, `title` and `href` (when the criterion has a page).
    pub criteria: Vec<Value>,
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

/// A link to a criterion (its page if the site has one).
pub fn criterion_link(ctx: &Ctx<'_>, r: CriterionRef, linker: &PageLinker<'_>) -> Value {
    let c = ctx.project.criterion(r);
    json!({
        "key": c.key,
        "title": c.title,
        "href": linker.href(ItemRef::Criterion(r)),
    })
}

/// An evidence item as listed on the sites, linking to its copied file.
pub fn evidence_item(e: &crate::model::Evidence, root: &str) -> Value {
    json!({
        "title": e.title,
        "collected": e.collected.value.to_string(),
        "period": e.period.value.label,
        "classification": e.classification.name(),
        "file": e.file.value,
        "href": format!("{root}{}", super::paths::url_path(&super::paths::evidence_file(&e.file.value))),
    })
}

/// Everything on a control's page: its row and the rest.
#[derive(Debug, Serialize)]
pub struct ControlDetail {
    /// The fields of its row.
    #[serde(flatten)]
    pub row: ControlRow,
    /// The rest (description, policies, procedures, subprocessors, test procedure, evidence).
    #[serde(flatten)]
    pub detail: Value,
}

/// Everything on a control's page.
pub fn control_detail(ctx: &Ctx<'_>, i: usize, linker: &PageLinker<'_>) -> ControlDetail {
    let p = ctx.project;
    let c = &p.controls[i];
    let row = control_row(ctx, i, linker);
    let policies: Vec<Value> = c
        .policy_refs
        .iter()
        .filter(|&&pi| ctx.audience.visibility(p, ItemRef::Policy(pi)) != Visibility::Hidden)
        .map(|&pi| item_link(linker, ItemRef::Policy(pi)))
        .collect();
    let procedures: Vec<Value> = c
        .procedure_refs
        .iter()
        .filter(|&&pi| ctx.audience.visibility(p, ItemRef::Procedure(pi)) != Visibility::Hidden)
        .map(|&pi| item_link(linker, ItemRef::Procedure(pi)))
        .collect();
    let subprocessors: Vec<Value> = c
        .subprocessor_refs
        .iter()
        .map(|&si| item_link(linker, ItemRef::Subprocessor(si)))
        .collect();
    let detail = ctx.audience.internal_detail();
    let evidence: Vec<Value> = if detail {
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
        row,
        detail: json!({
            "description": crate::markdown::paragraphs(&c.description),
            "policies": policies,
            "procedures": procedures,
            "subprocessors": subprocessors,
            "test_procedure": if detail {
                json!(crate::markdown::paragraphs(&c.test_procedure))
            } else {
                Value::Null
            },
            "evidence_restricted": restricted,
            "evidence": evidence,
            "public": c.public,
        }),
    }
}

/// A subprocessor as listed publicly (notes only for internal audiences).
pub fn subprocessor_view(ctx: &Ctx<'_>, i: usize, linker: &PageLinker<'_>) -> Value {
    let s = &ctx.project.subprocessors[i];
    let state = s.state_on(ctx.audience.as_of);
    let certs: Vec<Value> = s
        .certifications
        .iter()
        .map(|c| {
            json!({
                "name": c.name,
                "report_date": c.report_date.value.to_string(),
                "period": c.period.as_ref().map(|p| p.label.clone()),
                "url": c.url,
            })
        })
        .collect();
    let controls: Vec<Value> = ctx.project.links.subprocessor_controls[i]
        .iter()
        .filter(|&&ci| ctx.audience.control(&ctx.project.controls[ci]))
        .map(|&ci| item_link(linker, ItemRef::Control(ci)))
        .collect();
    json!({
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
        "added": s.added.to_string(),
        "added_long": long_date(s.added),
        "removed": s.removed.map(|d| d.to_string()),
        "removed_long": s.removed.map(long_date),
        "announced": s.announced_shown(ctx.audience.as_of).map(|d| d.to_string()),
        "state": state.key(),
        "state_label": match state {
            SubprocessorState::Unannounced => format!("Not announced yet (starts {})", long_date(s.added)),
            SubprocessorState::Upcoming => format!("Upcoming (from {})", long_date(s.added)),
            SubprocessorState::Active => "Active".to_owned(),
            SubprocessorState::Leaving(d) => format!("Leaving on {}", long_date(d)),
            SubprocessorState::Former => "Former".to_owned(),
        },
        "notes": if ctx.audience.internal_detail() { s.notes.clone() } else { None },
        "controls": controls,
    })
}

/// The coverage state of a criterion (see [`crate::model::Coverage`]): `covered`,
/// `documented`, `partial` or `uncovered`.
pub fn coverage(ctx: &Ctx<'_>, r: CriterionRef) -> &'static str {
    ctx.project.coverage(r).key()
}

/// Coverage row of a criterion with the controls this audience sees.
pub fn criterion_row(ctx: &Ctx<'_>, r: CriterionRef, linker: &PageLinker<'_>) -> Value {
    let p = ctx.project;
    let c = p.criterion(r);
    let all = p.controls_for(r);
    let shown: Vec<Value> = all
        .iter()
        .filter(|&&i| ctx.audience.control(&p.controls[i]))
        .map(|&i| {
            let ctl = &p.controls[i];
            json!({
                "id": ctl.id.value,
                "title": ctl.title,
                "href": linker.href(ItemRef::Control(i)),
                "status": status_view(ctl.status),
            })
        })
        .collect();
    let state = coverage(ctx, r);
    // Documents that say they satisfy it, as far as this audience may see them.
    let documents: Vec<Value> = p
        .documents_for(r)
        .iter()
        .filter(|&&d| ctx.audience.visibility(p, d) != Visibility::Hidden)
        .map(|&d| item_link(linker, d))
        .collect();
    json!({
        "documents": documents,
        "key": c.key,
        "title": c.title,
        "family": c.family,
        "category": c.category,
        "framework": p.frameworks[r.framework].name,
        "tsc": p.frameworks[r.framework].id == TSC,
        "in_scope": c.in_scope,
        "href": linker.href(ItemRef::Criterion(r)),
        // Coverage states are readiness figures: only where the audience shows those. The
        // trust center lists the published controls and nothing about the rest.
        "coverage": if ctx.audience.readiness() { state } else { "published" },
        "covered_privately": ctx.audience.readiness() && state == "covered" && shown.is_empty(),
        "controls": shown,
    })
}

/// The trust services category cards of the home page. Internal sites show coverage figures;
/// the trust center only what its published controls address.
pub fn category_cards(ctx: &Ctx<'_>) -> Vec<Value> {
    let p = ctx.project;
    p.config
        .audit
        .categories
        .iter()
        .map(|cat| {
            let crits: Vec<CriterionRef> = p
                .criteria()
                .filter(|(_, c)| c.tsc_category == Some(*cat))
                .map(|(r, _)| r)
                .collect();
            let controls: std::collections::BTreeSet<usize> = crits
                .iter()
                .flat_map(|r| p.controls_for(*r).iter().copied())
                .filter(|&i| ctx.audience.control(&p.controls[i]))
                .collect();
            let addressed = crits
                .iter()
                .filter(|r| {
                    p.controls_for(**r)
                        .iter()
                        .any(|&i| ctx.audience.control(&p.controls[i]))
                })
                .count();
            let mut card = json!({
                "key": cat.name(),
                "title": cat.title(),
                "controls": controls.len(),
                "addressed": addressed,
                "href": format!("criteria/index.html#{}", cat.name()),
            });
            if ctx.audience.readiness()
                && let Some(obj) = card.as_object_mut()
            {
                let covered = crits
                    .iter()
                    .filter(|r| coverage(ctx, **r) == "covered")
                    .count();
                let implemented = controls
                    .iter()
                    .filter(|&&i| p.controls[i].status == Status::Implemented)
                    .count();
                obj.insert("criteria".into(), json!(crits.len()));
                obj.insert("covered".into(), json!(covered));
                obj.insert("implemented".into(), json!(implemented));
                obj.insert("complete".into(), json!(covered == crits.len()));
            }
            card
        })
        .collect()
}

/// Evidence counts of the site: all items, those shown, and those restricted above the
/// site's level (counted, never listed), so every page agrees with the package.
pub fn evidence_counts(ctx: &Ctx<'_>) -> Value {
    let p = ctx.project;
    if !ctx.audience.internal_detail() {
        return Value::Null;
    }
    let shown = p
        .evidence
        .iter()
        .filter(|e| ctx.audience.evidence(e))
        .count();
    json!({
        "total": p.evidence.len(),
        "shown": shown,
        "restricted": p.evidence.len() - shown,
        "level": ctx.audience.level.name(),
    })
}

/// The attestations as the audience sees them on the as-of date: one status word each, and
/// a way to get the report only while it is issued.
pub fn attestations(ctx: &Ctx<'_>, linker: &PageLinker<'_>) -> Vec<Value> {
    let p = ctx.project;
    p.config
        .attestations
        .iter()
        .map(|a| {
            let state = a.state_on(ctx.audience.as_of);
            let available = ctx.audience.report_available(a);
            let examiner = match a.framework {
                AttestationKind::Iso27001 => "Certified by",
                AttestationKind::Pentest => "Tested by",
                _ => "Examined by",
            };
            let mut facts: Vec<Value> = Vec::new();
            let mut fact = |k: &str, v: String| facts.push(json!({ "label": k, "value": v }));
            if let Some(period) = &a.period {
                let label = if state == AttestationState::InProgress
                    && a.framework == AttestationKind::Soc2Type2
                {
                    "Observation window"
                } else {
                    a.framework.period_name()
                };
                let value = if period.value.start == period.value.end {
                    long_date(period.value.start)
                } else {
                    format!(
                        "{} – {}",
                        long_date(period.value.start),
                        long_date(period.value.end)
                    )
                };
                fact(label, value);
            }
            if state != AttestationState::Planned
                && state != AttestationState::InProgress
                && let Some(i) = &a.issued
            {
                fact("Issued", long_date(i.value));
            }
            if let Some(v) = &a.valid_until {
                let label = if state == AttestationState::Expired {
                    "Expired"
                } else {
                    "Valid until"
                };
                fact(label, long_date(v.value));
            }
            if let Some(who) = &a.auditor {
                fact(examiner, who.clone());
            }
            if !a.categories.is_empty() {
                fact(
                    "Trust services categories",
                    a.categories
                        .iter()
                        .map(|c| c.title())
                        .collect::<Vec<_>>()
                        .join(", "),
                );
            }
            if let Some(c) = &a.certificate {
                fact("Certificate", c.clone());
            }
            if let Some(s) = &a.scope {
                fact("Scope", s.clone());
            }
            let bridge = available
                && a.bridge_letter
                && a.period
                    .as_ref()
                    .is_some_and(|pd| pd.value.end < ctx.audience.as_of);
            if bridge {
                fact(
                    "Bridge letter",
                    "Available for the time since the period ended".to_owned(),
                );
            }
            let (download, request) = match (&a.report, available) {
                (ReportAccess::Public(_), true) => (
                    ctx.audience
                        .report_file(a)
                        .map(|f| format!("{}{}", linker.root, paths::url_path(&paths::asset(f)))),
                    None,
                ),
                (ReportAccess::Customer, true) => (None, Some(report_request_href(ctx, &a.name))),
                _ => (None, None),
            };
            let note = match state {
                AttestationState::Planned => Some("Planned: the examination has not started."),
                AttestationState::InProgress if a.issued.is_none() => {
                    Some("Under way: no report has been issued yet.")
                }
                AttestationState::InProgress => Some("Under way: the report is not yet issued."),
                AttestationState::Expired => Some("No longer current: the report is not offered."),
                AttestationState::Issued => None,
            };
            json!({
                "id": a.id.value,
                "name": a.name,
                "note": note,
                "framework": a.framework.default_name(),
                "state": state.key(),
                "status": state.word(),
                "facts": facts,
                "download_href": download,
                "request_href": request,
            })
        })
        .collect()
}

/// Where a reader asks for an attestation report: the request page, else an email.
fn report_request_href(ctx: &Ctx<'_>, name: &str) -> String {
    match &ctx.project.config.site.request_url {
        Some(url) => url.clone(),
        None => mailto(ctx, &format!("Report request: {name}"), None),
    }
}
