//! Markdown documents: policies and free pages.

use super::ItemRef;
use super::common::{Classification, Interval};
use crate::source::{FileId, Sp};
use jiff::civil::Date;
use std::collections::BTreeMap;

/// The Markdown body of a document and where it sits in its file.
#[derive(Debug, Clone)]
pub struct Body {
    /// The file.
    pub file: FileId,
    /// Byte offset of the body in the file (after the front matter).
    pub offset: usize,
    /// The Markdown text.
    pub text: String,
    /// Ids of the headings in the body (for anchor checks and tables of contents).
    pub headings: Vec<Heading>,
    /// Links and images in the body (Markdown and raw HTML), with their positions.
    pub links: Vec<crate::markdown::LinkSite>,
    /// Where each destination written in the body goes, keyed by the destination as written;
    /// filled by `resolve`. Renderers follow only these: a destination missing here (never the
    /// case once `check` passed) renders as its text alone.
    pub targets: BTreeMap<String, LinkTo>,
    /// Where the body nests deeper than [`crate::markdown::MAX_NESTING`], if it does.
    pub too_deep: Option<usize>,
    /// Raw HTML elements that no site keeps (`meta`, `base`, `form`), with their places.
    pub dropped_html: Vec<(String, std::ops::Range<usize>)>,
    /// The body parsed once (see `markdown::dialect`): every renderer reads these events.
    pub events: Vec<(crate::markdown::dialect::Ev, std::ops::Range<usize>)>,
    /// What `check` reports about the body's Markdown.
    pub notes: Vec<crate::markdown::dialect::Note>,
}

/// Where a link written in a document goes, decided once by the resolver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTo {
    /// Another item: a cross-reference, or a link to a policy's or page's `.md` source.
    Item {
        /// The item.
        item: ItemRef,
        /// A heading id in it (policies and pages only).
        anchor: Option<String>,
    },
    /// A heading of the same document.
    Anchor(String),
    /// A checked `http`, `https`, `mailto` or `tel` URL.
    Url(String),
    /// A file under `content/assets/`: its key in `Project::assets` (the path relative to
    /// that folder), and a `#fragment` or `?query` kept from the link.
    Asset(String, String),
    /// An evidence file, published only through its index entries: its path relative to
    /// `content/evidence/` and a kept fragment.
    Evidence(String, String),
}

/// A file under `content/assets/` that some document links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// The path relative to `content/assets/`, normalised, with `/` separators.
    pub path: String,
    /// The file on disk (its real path, checked to lie under `content/assets/`).
    pub source: std::path::PathBuf,
    /// Its size in bytes.
    pub size: u64,
}

/// A heading of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The text, without Markdown.
    pub text: String,
    /// The anchor id (slug or explicit `{#id}`).
    pub id: String,
}

/// A policy.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Stable id.
    pub id: Sp<String>,
    /// Title.
    pub title: String,
    /// Owning role.
    pub owner: String,
    /// Approving role.
    pub approved_by: String,
    /// Version as written.
    pub version: String,
    /// Date it took effect.
    pub effective: Date,
    /// Date of the last review (the latest of `reviews`, when only those are written).
    pub last_reviewed: Sp<Date>,
    /// The review history as written, in file order (may be empty).
    pub reviews: Vec<Review>,
    /// Review interval.
    pub review_every: Interval,
    /// Audience.
    pub classification: Classification,
    /// One or two sentences for indexes.
    pub summary: Option<String>,
    /// Its language, when it differs from the project's (`lang:`, BCP 47).
    pub lang: Option<String>,
    /// Listing order (ascending, then by id), so numbered policy sets keep their order.
    pub order: u32,
    /// Criteria the document says it satisfies, as written.
    pub satisfies: Vec<Sp<String>>,
    /// Resolved `satisfies` (filled by `resolve`).
    pub satisfies_refs: Vec<super::CriterionRef>,
    /// The Markdown body.
    pub body: Body,
}

impl Policy {
    /// The date the next review is due.
    pub fn next_review(&self) -> Date {
        self.review_every.after(*self.last_reviewed)
    }

    /// The latest review on or before `day` (from the history and `last_reviewed`), or the
    /// date the policy took effect when no review is that old: what a reader of `day` saw.
    pub fn reviewed_as_of(&self, day: Date) -> Option<Date> {
        self.reviews
            .iter()
            .map(|r| r.date.value)
            .chain(std::iter::once(self.last_reviewed.value))
            .filter(|d| *d <= day)
            .max()
            .or((self.effective <= day).then_some(self.effective))
    }

    /// The review history, newest first (the order every output lists it in).
    pub fn reviews_newest_first(&self) -> Vec<&Review> {
        let mut rows: Vec<&Review> = self.reviews.iter().collect();
        rows.sort_by_key(|r| std::cmp::Reverse(r.date.value));
        rows
    }

    /// When a review was next due as seen on `day`; `None` when the policy was not yet in
    /// effect then.
    pub fn review_due_as_of(&self, day: Date) -> Option<Date> {
        self.reviewed_as_of(day).map(|d| self.review_every.after(d))
    }
}

/// One entry of a policy's review history.
#[derive(Debug, Clone)]
pub struct Review {
    /// When it was reviewed.
    pub date: Sp<Date>,
    /// Who reviewed it (a role or name).
    pub by: Option<String>,
    /// The version that came out of the review.
    pub version: Option<String>,
    /// What changed, or "no changes".
    pub summary: Option<String>,
}

/// A free page (overview, FAQ, a section of the system description).
#[derive(Debug, Clone)]
pub struct Page {
    /// Stable id.
    pub id: Sp<String>,
    /// Title.
    pub title: String,
    /// Audience.
    pub classification: Classification,
    /// One or two sentences for indexes.
    pub summary: Option<String>,
    /// Its language, when it differs from the project's (`lang:`, BCP 47).
    pub lang: Option<String>,
    /// Navigation order (ascending).
    pub order: u32,
    /// A named group, such as `system-description`.
    pub group: Option<String>,
    /// The navigation group written (`nav_group:`, a title such as `Legal`).
    pub nav_group: Option<String>,
    /// Criteria the page says it satisfies, as written.
    pub satisfies: Vec<Sp<String>>,
    /// Resolved `satisfies` (filled by `resolve`).
    pub satisfies_refs: Vec<super::CriterionRef>,
    /// The Markdown body.
    pub body: Body,
}

/// The group whose pages form the SOC 2 system description.
pub const SYSTEM_DESCRIPTION: &str = "system-description";

/// The navigation group of pages that name none.
pub const DEFAULT_NAV_GROUP: &str = "Resources";

impl Page {
    /// The title of the navigation group the page belongs to: `nav_group:`, else its
    /// `group:` (as a title), else [`DEFAULT_NAV_GROUP`].
    pub fn nav_group_title(&self) -> &str {
        match (&self.nav_group, &self.group) {
            (Some(n), _) => n,
            (None, Some(g)) => group_title(g),
            (None, None) => DEFAULT_NAV_GROUP,
        }
    }
}

/// How a page group (`group:`) reads as a title: `system-description` is "System description";
/// any other group is its own title.
pub fn group_title(group: &str) -> &str {
    match group {
        SYSTEM_DESCRIPTION => "System description",
        other => other,
    }
}
