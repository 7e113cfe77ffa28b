//! Decoding the front matter of policies and pages.

use crate::diag::{Code, Diagnostic};
use crate::model::{Body, Classification, Interval, Page, Policy};
use crate::source::{FileId, Sp, Span};
use crate::yaml::{Decoder, Node};

const POLICY: &[&str] = &[
    "id",
    "title",
    "owner",
    "approved_by",
    "version",
    "effective",
    "last_reviewed",
    "review_every",
    "classification",
    "summary",
];

const PAGE: &[&str] = &["id", "title", "classification", "summary", "order", "group"];

/// Decodes a policy from its front matter and body.
pub fn decode_policy(dec: &mut Decoder<'_>, front: &Node, body: Body) -> Option<Policy> {
    let what = "the policy's front matter";
    let f = dec.map(front, what, POLICY)?;
    let id = dec.required(&f, "id", what, |d, n| d.string(n));
    let title = dec.required(&f, "title", what, |d, n| d.string(n));
    let owner = dec.required(&f, "owner", what, |d, n| d.string(n));
    let approved_by = dec.required(&f, "approved_by", what, |d, n| d.string(n));
    let version = dec.required(&f, "version", what, |d, n| d.string(n));
    let effective = dec.required(&f, "effective", what, |d, n| d.date(n));
    let last_reviewed = dec.required(&f, "last_reviewed", what, |d, n| d.date(n));
    let review_every = dec.required(&f, "review_every", what, interval);
    let classification = dec.required(&f, "classification", what, |d, n| {
        d.keyword::<Classification>(n)
    });
    let summary = dec.optional(&f, "summary", |d, n| d.string(n));
    let id = id?;
    crate::load::check_id(dec, &id, "policy");
    // Fields that failed to decode were reported; defaults stand in so the policy's links are
    // still checked (the run fails anyway).
    let placeholder = jiff::civil::Date::MIN;
    let classification = classification.unwrap_or(Sp::new(Classification::Confidential, f.span));
    if summary.is_none() && classification.value == Classification::Customer {
        dec.error(
            Diagnostic::warning(
                Code::Suspicious,
                f.span,
                format!(
                    "policy `{}` is listed publicly by title and summary, but has no summary",
                    id.value
                ),
            )
            .with_hint("add `summary:` so the trust center can say what the locked policy covers"),
        );
    }
    Some(Policy {
        id,
        title: title.map(|t| t.value).unwrap_or_default(),
        owner: owner.map(|t| t.value).unwrap_or_default(),
        approved_by: approved_by.map(|t| t.value).unwrap_or_default(),
        version: version.map(|t| t.value).unwrap_or_default(),
        effective: effective.map_or(placeholder, |d| d.value),
        last_reviewed: last_reviewed.unwrap_or(Sp::new(placeholder, f.span)),
        review_every: review_every.unwrap_or(Interval {
            count: 12,
            unit: crate::model::IntervalUnit::Month,
        }),
        classification: classification.value,
        summary: summary.map(|s| s.value),
        body,
    })
}

/// Decodes a page from its front matter and body; the id defaults to the file stem.
pub fn decode_page(
    dec: &mut Decoder<'_>,
    front: &Node,
    body: Body,
    file: FileId,
    stem: Option<String>,
) -> Option<Page> {
    let what = "the page's front matter";
    let f = dec.map(front, what, PAGE)?;
    let id = match f.get("id") {
        Some(n) => dec.string(n)?,
        None => Sp::new(stem.unwrap_or_default(), Span::file_start(file)),
    };
    let title = dec.required(&f, "title", what, |d, n| d.string(n));
    let classification = dec.required(&f, "classification", what, |d, n| {
        d.keyword::<Classification>(n)
    });
    let summary = dec.optional(&f, "summary", |d, n| d.string(n));
    let order = dec.optional(&f, "order", |d, n| d.uint(n)).unwrap_or(100);
    let group = dec.optional(&f, "group", |d, n| d.string(n));
    crate::load::check_id(dec, &id, "page");
    Some(Page {
        id,
        title: title.map(|t| t.value).unwrap_or_default(),
        classification: classification.map_or(Classification::Confidential, |c| c.value),
        summary: summary.map(|s| s.value),
        order,
        group: group.map(|g| g.value),
        body,
    })
}

fn interval(dec: &mut Decoder<'_>, node: &Node) -> Option<Interval> {
    let s = dec.string(node)?;
    match Interval::parse(&s) {
        Ok(i) => Some(i),
        Err(msg) => {
            dec.error(
                Diagnostic::error(Code::InvalidValue, s.span, format!("review_every: {msg}"))
                    .with_hint(
                        "write a number and a unit: `12 months`, `6 months`, `1 year`, `90 days`",
                    ),
            );
            None
        }
    }
}
