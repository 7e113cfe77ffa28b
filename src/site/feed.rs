//! The Atom feed of subprocessor changes, the sitemap and robots.txt.

use super::Ctx;
use crate::audience::Output;
use crate::audience::Visibility;
use crate::error::{Error, Result};
use crate::model::Policy;
use crate::output::Dir;
use crate::timeline::ChangeKind;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeMap;

/// `subprocessors.atom`: the feed of subprocessor changes, as `feed`.
#[derive(Debug, Serialize)]
struct FeedView<'a> {
    feed: Feed<'a>,
}

/// `feed` of `subprocessors.atom`.
#[derive(Debug, Serialize)]
struct Feed<'a> {
    /// A tag URI.
    id: String,
    /// `<company> subprocessor changes`.
    title: String,
    /// The latest entry's update, RFC 3339.
    updated: String,
    /// The subprocessor list's absolute URL.
    link: String,
    /// The feed's absolute URL.
    #[serde(rename = "self")]
    self_href: String,
    /// The company.
    author: &'a str,
    /// One per announced change, newest first.
    entries: Vec<FeedEntry>,
}

/// One entry of the feed.
#[derive(Debug, Serialize)]
struct FeedEntry {
    /// A tag URI, stable from announcement to start.
    id: String,
    /// `New subprocessor: …`.
    title: String,
    /// When it was announced, RFC 3339.
    published: String,
    /// When it last changed, RFC 3339.
    updated: String,
    /// The subprocessor's entry on the list (absolute URL).
    link: String,
    /// One sentence.
    summary: String,
}

/// `sitemap.xml`.
#[derive(Debug, Serialize)]
struct SitemapView {
    /// Every page but the 404 page, by URL.
    urls: Vec<SitemapUrl>,
}

/// One page of the sitemap.
#[derive(Debug, Serialize)]
struct SitemapUrl {
    /// Its absolute URL.
    loc: String,
    /// When its content last changed, `YYYY-MM-DD`, when it has dates of its own.
    lastmod: Option<String>,
}

/// `robots.txt`.
#[derive(Debug, Serialize)]
struct RobotsView {
    /// Whether crawlers are welcome (the trust center).
    public: bool,
    /// The sitemap's absolute URL.
    sitemap: String,
}

/// The absolute base URL of a site.
fn base_url(ctx: &Ctx<'_>) -> String {
    let url = &ctx.project.config.site.url;
    match ctx.audience.output {
        Output::Trust => url.clone(),
        _ => format!("{url}/docs"),
    }
}

/// The host of a URL, for tag URIs.
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', ':']).next().unwrap_or(rest)
}

/// Writes `subprocessors.atom`, `sitemap.xml` and `robots.txt`.
pub fn write(ctx: &Ctx<'_>, out: Dir<'_>) -> Result<()> {
    let p = ctx.project;
    let base = base_url(ctx);
    let host = host(&p.config.site.url);
    let list = format!("{base}/subprocessors/index.html");
    let name = &p.config.company.name;
    // Only announced changes, each from the day it was announced; an addition's entry keeps
    // its id when the subprocessor starts, and is updated then.
    let changes: Vec<_> = crate::timeline::changes(&p.subprocessors, ctx.audience.as_of)
        .into_iter()
        .filter(|c| ctx.audience.subprocessor(&p.subprocessors[c.subprocessor]))
        .collect();
    let updated = changes.first().map_or(ctx.build.as_of, |c| c.updated);
    let entries: Vec<_> = changes
        .iter()
        .map(|c| {
            let s = &p.subprocessors[c.subprocessor];
            let (title, summary) = match c.kind {
                ChangeKind::Upcoming => (
                    format!("Upcoming subprocessor: {} (from {})", s.name, c.effective),
                    format!(
                        "{name} will add {} as a subprocessor on {} ({}). Announced {}.",
                        s.name, c.effective, s.purpose, c.published
                    ),
                ),
                ChangeKind::Added => (
                    format!("New subprocessor: {}", s.name),
                    format!(
                        "{name} added {} as a subprocessor on {} ({}).",
                        s.name, c.effective, s.purpose
                    ),
                ),
                ChangeKind::Removed => (
                    format!("Subprocessor removed: {}", s.name),
                    format!(
                        "{name} stopped using {} as a subprocessor on {} ({}).",
                        s.name, c.effective, s.purpose
                    ),
                ),
            };
            FeedEntry {
                id: format!(
                    "tag:{host},{}:subprocessors/{}/{}",
                    c.effective,
                    s.id.value,
                    c.kind.key()
                ),
                title,
                published: format!("{}T00:00:00Z", c.published),
                updated: format!("{}T00:00:00Z", c.updated),
                link: format!("{list}#{}", s.id.value),
                summary,
            }
        })
        .collect();
    let feed = Feed {
        id: format!("tag:{host},2000:subprocessors"),
        title: format!("{name} subprocessor changes"),
        updated: format!("{updated}T00:00:00Z"),
        link: list,
        self_href: format!("{base}/subprocessors.atom"),
        author: name,
        entries,
    };
    render(ctx, out, "subprocessors.atom", &FeedView { feed })?;

    let dates = lastmod(ctx);
    let mut urls: Vec<SitemapUrl> = out
        .files()
        .iter()
        .filter(|k| k.ends_with(".html") && k.as_str() != "404.html")
        .map(|k| SitemapUrl {
            loc: format!("{base}/{k}"),
            lastmod: dates.get(k.as_str()).map(|d| d.to_string()),
        })
        .collect();
    urls.sort_by(|a, b| a.loc.cmp(&b.loc));
    render(ctx, out, "sitemap.xml", &SitemapView { urls })?;
    let public = ctx.audience.output == Output::Trust;
    if public {
        out.write(".well-known/security.txt", security_txt(ctx))?;
    }
    let robots = RobotsView {
        public,
        sitemap: format!("{base}/sitemap.xml"),
    };
    render(ctx, out, "robots.txt", &robots)
}

/// Renders a template that is not a page (no `site`, no `page`) with the values of `data`.
fn render(ctx: &Ctx<'_>, out: Dir<'_>, name: &str, data: &impl Serialize) -> Result<()> {
    let context = tera::Context::from_serialize(data).map_err(|e| {
        Error::theme(
            format!("the data of {name} is not a map: {e}"),
            Some(e.into()),
        )
    })?;
    let text = ctx
        .tera
        .render(name, &context)
        .map_err(|e| Error::theme(super::theme::render_tera_error(&e), Some(e.into())))?;
    out.write(name, text)
}

/// `/.well-known/security.txt` (RFC 9116): where to report a vulnerability. It expires a
/// year after the as-of date, so the daily rebuild keeps it valid and an abandoned site's
/// file stops being trusted.
fn security_txt(ctx: &Ctx<'_>) -> String {
    let p = ctx.project;
    let expires = ctx
        .audience
        .as_of
        .checked_add(jiff::Span::new().years(1))
        .unwrap_or(ctx.audience.as_of);
    let mut text = format!(
        "Contact: mailto:{}\nExpires: {expires}T00:00:00Z\nCanonical: {}/.well-known/security.txt\nPreferred-Languages: en\n",
        p.config.company.contact,
        p.config.site.url.trim_end_matches('/'),
    );
    if let Some(policy) = &p.config.site.security_policy {
        text.push_str(&format!("Policy: {policy}\n"));
    }
    text
}

/// When each page last changed in substance, from its items' own dates as of the as-of day:
/// a document's latest review or effective date, the subprocessor list's latest change. Pages
/// with no dates of their own get none: the build date would tell a crawler nothing.
fn lastmod(ctx: &Ctx<'_>) -> BTreeMap<String, Date> {
    fn note(map: &mut BTreeMap<String, Date>, key: String, d: Date) {
        let e = map.entry(key).or_insert(d);
        *e = (*e).max(d);
    }
    let p = ctx.project;
    let day = ctx.audience.as_of;
    let changed = |doc: &Policy| {
        doc.reviewed_as_of(day)
            .into_iter()
            .chain((doc.effective <= day).then_some(doc.effective))
            .max()
    };
    let mut map = BTreeMap::new();
    let mut docs: Vec<(String, &'static str, Date)> = Vec::new();
    for (_, doc) in ctx.audience.policies(p, Visibility::Full) {
        if let Some(d) = changed(doc) {
            docs.push((super::paths::policy(&doc.id), "policies/index.html", d));
        }
    }
    for (_, doc) in ctx.audience.procedures(p, Visibility::Full) {
        if let Some(d) = changed(doc) {
            docs.push((super::paths::procedure(&doc.id), "procedures/index.html", d));
        }
    }
    for (path, index, d) in docs {
        note(&mut map, index.to_owned(), d);
        note(&mut map, path, d);
    }
    for (_, s, _) in ctx.audience.subprocessors(p) {
        let dates = [Some(s.added), s.removed, Some(s.announced_on(day))]
            .into_iter()
            .flatten()
            .chain(s.certifications.iter().map(|c| c.report_date.value));
        for d in dates.filter(|d| *d <= day) {
            note(&mut map, "subprocessors/index.html".to_owned(), d);
        }
    }
    map
}
