//! Template data: plain JSON built from the model for one audience. Templates never see an
//! item the audience may not see, so no template can leak one.

use super::Ctx;
use super::paths::{self, PageLinker};
use crate::audience::Visibility;
use crate::markdown::html::{self, RawHtml};
use crate::model::{Body, CriterionRef, ItemRef, Page, Policy, Status, TSC};
use jiff::civil::Date;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
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

/// A `mailto:` link asking the security contact for access to a document.
pub fn request_href(ctx: &Ctx<'_>, title: &str) -> String {
    let subject = format!("Access request: {title}");
    format!(
        "mailto:{}?subject={}",
        ctx.project.config.company.contact,
        utf8_percent_encode(&subject, NON_ALPHANUMERIC)
    )
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

/// Policy summary row.
pub fn policy_row(ctx: &Ctx<'_>, p: &Policy, linker: &PageLinker<'_>) -> Value {
    let vis = ctx.audience.document(p.classification);
    json!({
        "id": p.id.value,
        "title": p.title,
        "owner": p.owner,
        "approved_by": p.approved_by,
        "version": p.version,
        "effective": p.effective.to_string(),
        "last_reviewed": p.last_reviewed.value.to_string(),
        "next_review": p.next_review().to_string(),
        "review_every": p.review_every.to_string(),
        "classification": p.classification.name(),
        "summary": p.summary,
        "locked": vis == Visibility::Listed,
        "href": (vis == Visibility::Full).then(|| format!("{}{}", linker.root, paths::policy(&p.id))),
        "request_href": (vis == Visibility::Listed).then(|| request_href(ctx, &p.title)),
    })
}

/// Page summary row.
pub fn page_row(ctx: &Ctx<'_>, p: &Page, linker: &PageLinker<'_>) -> Value {
    let vis = ctx.audience.document(p.classification);
    json!({
        "id": p.id.value,
        "title": p.title,
        "summary": p.summary,
        "group": p.group,
        "classification": p.classification.name(),
        "locked": vis == Visibility::Listed,
        "href": (vis == Visibility::Full).then(|| format!("{}{}", linker.root, paths::page(&p.id))),
        "request_href": (vis == Visibility::Listed).then(|| request_href(ctx, &p.title)),
    })
}

/// Control summary row.
pub fn control_row(ctx: &Ctx<'_>, i: usize, linker: &PageLinker<'_>) -> Value {
    let c = &ctx.project.controls[i];
    let criteria: Vec<Value> = c
        .criteria_refs
        .iter()
        .map(|r| criterion_link(ctx, *r, linker))
        .collect();
    json!({
        "id": c.id.value,
        "title": c.title,
        "owner": c.owner,
        "frequency": c.frequency.name(),
        "kind": c.kind.name(),
        "automated": c.automated,
        "status": status_view(c.status),
        "criteria": criteria,
        "href": format!("{}{}", linker.root, paths::control(&c.id)),
        "evidence_count": ctx.visible_evidence(i).count(),
    })
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
        "collected": e.collected.to_string(),
        "period": e.period.value.label,
        "classification": e.classification.name(),
        "file": e.file.value,
        "href": format!("{root}{}", super::paths::url_path(&super::paths::evidence_file(&e.file.value))),
    })
}

/// Everything on a control's page.
pub fn control_detail(ctx: &Ctx<'_>, i: usize, linker: &PageLinker<'_>) -> Value {
    let p = ctx.project;
    let c = &p.controls[i];
    let mut row = control_row(ctx, i, linker);
    let policies: Vec<Value> = c
        .policy_refs
        .iter()
        .filter(|&&pi| ctx.audience.visibility(p, ItemRef::Policy(pi)) != Visibility::Hidden)
        .map(|&pi| item_link(linker, ItemRef::Policy(pi)))
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
    let obj = row.as_object_mut().expect("row is an object");
    obj.insert(
        "description".into(),
        json!(crate::markdown::paragraphs(&c.description)),
    );
    obj.insert("policies".into(), json!(policies));
    obj.insert("subprocessors".into(), json!(subprocessors));
    obj.insert(
        "test_procedure".into(),
        if detail {
            json!(crate::markdown::paragraphs(&c.test_procedure))
        } else {
            Value::Null
        },
    );
    obj.insert("evidence".into(), json!(evidence));
    obj.insert("public".into(), json!(c.public));
    row
}

/// A subprocessor as listed publicly (notes only for internal audiences).
pub fn subprocessor_view(ctx: &Ctx<'_>, i: usize, linker: &PageLinker<'_>) -> Value {
    let s = &ctx.project.subprocessors[i];
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
        "removed": s.removed.map(|d| d.to_string()),
        "notes": if ctx.audience.internal_detail() { s.notes.clone() } else { None },
        "controls": controls,
    })
}

/// The coverage state of a criterion: covered by an implemented control, only by planned or
/// in-progress ones, or by none.
pub fn coverage(ctx: &Ctx<'_>, r: CriterionRef) -> &'static str {
    let p = ctx.project;
    let controls = p.controls_for(r);
    if controls
        .iter()
        .any(|&i| p.controls[i].status == Status::Implemented)
    {
        "covered"
    } else if controls
        .iter()
        .any(|&i| matches!(p.controls[i].status, Status::InProgress | Status::Planned))
    {
        "partial"
    } else {
        "uncovered"
    }
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
    json!({
        "key": c.key,
        "title": c.title,
        "family": c.family,
        "category": c.category,
        "framework": p.frameworks[r.framework].name,
        "tsc": p.frameworks[r.framework].id == TSC,
        "in_scope": c.in_scope,
        "href": linker.href(ItemRef::Criterion(r)),
        "coverage": state,
        "controls": shown,
        // Covered, but by controls this audience does not see listed.
        "covered_privately": state == "covered" && shown.is_empty(),
    })
}
