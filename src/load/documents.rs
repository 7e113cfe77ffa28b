//! Decoding the front matter of policies and pages.

use crate::diag::{Code, Diagnostic};
use crate::model::{Body, Classification, Interval, Page, Policy, Review};
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
    "reviews",
    "review_every",
    "classification",
    "summary",
    "order",
    "satisfies",
    "lang",
];

const REVIEW: &[&str] = &["date", "by", "version", "summary"];

/// How long before it takes effect a version may be approved without a warning.
const APPROVAL_LEAD_DAYS: i32 = 60;

const PAGE: &[&str] = &[
    "id",
    "title",
    "classification",
    "summary",
    "order",
    "group",
    "nav_group",
    "satisfies",
    "lang",
];

/// Decodes a policy or a procedure (`kind`) from its front matter and body.
pub fn decode_policy(
    dec: &mut Decoder<'_>,
    front: &Node,
    body: Body,
    kind: &str,
) -> Option<Policy> {
    let what = &format!("the {kind}'s front matter");
    let f = dec.map(front, what, POLICY)?;
    let id = dec.required(&f, "id", what, |d, n| d.string(n));
    let title = dec.required(&f, "title", what, |d, n| d.string(n));
    let owner = dec.required(&f, "owner", what, |d, n| d.string(n));
    let approved_by = dec.required(&f, "approved_by", what, |d, n| d.string(n));
    let version = dec.required(&f, "version", what, |d, n| d.string(n));
    let effective = dec.required(&f, "effective", what, |d, n| d.date(n));
    let reviews = dec
        .optional(&f, "reviews", |d, n| {
            let items = d.seq(n, "reviews")?;
            Some(
                items
                    .iter()
                    .filter_map(|i| review(d, i))
                    .collect::<Vec<_>>(),
            )
        })
        .unwrap_or_default();
    let last_reviewed = if f.has("last_reviewed") || reviews.is_empty() {
        dec.required(&f, "last_reviewed", what, |d, n| d.date(n))
    } else {
        reviews
            .iter()
            .map(|r| r.date.clone())
            .max_by_key(|d| d.value)
    };
    let review_every = dec.required(&f, "review_every", what, interval);
    let classification = dec.required(&f, "classification", what, |d, n| {
        d.keyword::<Classification>(n)
    });
    let lang = dec.optional(&f, "lang", |d, n| crate::load::config::lang(d, n));
    let summary = dec.optional(&f, "summary", |d, n| d.string(n));
    let order = dec.optional(&f, "order", |d, n| d.uint(n)).unwrap_or(100);
    let satisfies = dec
        .optional(&f, "satisfies", |d, n| d.string_list(n, "criteria"))
        .unwrap_or_default();
    let id = id?;
    crate::load::check_id(dec, &id, kind);
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
                    "{kind} `{}` is listed publicly by title and summary, but has no summary",
                    id.value
                ),
            )
            .with_hint("add `summary:` so the trust center can say what the locked policy covers"),
        );
    }
    let last_reviewed = last_reviewed.unwrap_or(Sp::new(placeholder, f.span));
    check_review_dates(dec, &reviews, &last_reviewed, effective.as_ref());
    Some(Policy {
        id,
        title: title.map(|t| t.value).unwrap_or_default(),
        owner: owner.map(|t| t.value).unwrap_or_default(),
        approved_by: approved_by.map(|t| t.value).unwrap_or_default(),
        version: version.map(|t| t.value).unwrap_or_default(),
        effective: effective.map_or(placeholder, |d| d.value),
        last_reviewed,
        reviews,
        review_every: review_every.unwrap_or(Interval {
            count: 12,
            unit: crate::model::IntervalUnit::Month,
        }),
        classification: classification.value,
        summary: summary.map(|s| s.value),
        lang,
        order,
        satisfies,
        satisfies_refs: Vec::new(),
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
    let lang = dec.optional(&f, "lang", |d, n| crate::load::config::lang(d, n));
    let summary = dec.optional(&f, "summary", |d, n| d.string(n));
    let order = dec.optional(&f, "order", |d, n| d.uint(n)).unwrap_or(100);
    let group = dec.optional(&f, "group", |d, n| d.string(n));
    let nav_group = dec.optional(&f, "nav_group", |d, n| nav_group(d, n));
    let satisfies = dec
        .optional(&f, "satisfies", |d, n| d.string_list(n, "criteria"))
        .unwrap_or_default();
    crate::load::check_id(dec, &id, "page");
    Some(Page {
        id,
        title: title.map(|t| t.value).unwrap_or_default(),
        classification: classification.map_or(Classification::Confidential, |c| c.value),
        summary: summary.map(|s| s.value),
        lang,
        order,
        group: group.map(|g| g.value),
        nav_group: nav_group.map(|g| g.value),
        satisfies,
        satisfies_refs: Vec::new(),
        body,
    })
}

/// A navigation group's title: it also names the group's index page, so it needs letters or
/// digits.
fn nav_group(dec: &mut Decoder<'_>, node: &Node) -> Option<Sp<String>> {
    let s = dec.string(node)?;
    let title = s.trim();
    if crate::markdown::slugify(title).is_empty() {
        dec.error(
            Diagnostic::error(
                Code::InvalidValue,
                s.span,
                format!("`{}` cannot name a navigation group", s.value),
            )
            .with_hint("write a title with letters or digits, e.g. `nav_group: Legal`"),
        );
        return None;
    }
    Some(Sp::new(title.to_owned(), s.span))
}

fn review(dec: &mut Decoder<'_>, node: &Node) -> Option<Review> {
    let what = "a review";
    let f = dec.map(node, what, REVIEW)?;
    let date = dec.required(&f, "date", what, |d, n| d.date(n));
    let by = dec.optional(&f, "by", |d, n| d.string(n));
    let version = dec.optional(&f, "version", |d, n| d.string(n));
    let summary = dec.optional(&f, "summary", |d, n| d.string(n));
    Some(Review {
        date: date?,
        by: by.map(|v| v.value),
        version: version.map(|v| v.value),
        summary: summary.map(|v| v.value),
    })
}

/// `last_reviewed` is the latest review, so no review in the history may come after it; a
/// version that took effect long after its last review was probably never reviewed.
fn check_review_dates(
    dec: &mut Decoder<'_>,
    reviews: &[Review],
    last: &Sp<jiff::civil::Date>,
    effective: Option<&Sp<jiff::civil::Date>>,
) {
    if let Some(later) = reviews.iter().find(|r| r.date.value > last.value) {
        dec.error(
            Diagnostic::error(
                Code::InvalidValue,
                last.span,
                format!(
                    "`last_reviewed` ({}) is before a review in `reviews` ({})",
                    last.value, later.date.value
                ),
            )
            .with_note(later.date.span, "the later review")
            .with_hint(format!(
                "`last_reviewed` is the latest review: write `last_reviewed: {}`, or remove it and let `reviews` decide",
                later.date.value
            )),
        );
    }
    if let Some(eff) = effective
        && (eff.value - last.value).get_days() > APPROVAL_LEAD_DAYS
        && last.value != jiff::civil::Date::MIN
    {
        dec.error(
            Diagnostic::warning(
                Code::DateConflict,
                eff.span,
                format!(
                    "this version took effect on {}, {} days after the last review ({})",
                    eff.value,
                    (eff.value - last.value).get_days(),
                    last.value
                ),
            )
            .with_note(last.span, "the last review")
            .with_hint(
                "record the review that approved this version in `last_reviewed` or `reviews`",
            ),
        );
    }
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
