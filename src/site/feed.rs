//! The Atom feed of subprocessor changes, the sitemap and robots.txt.

use super::Ctx;
use crate::audience::Output;
use crate::error::{Error, Result};
use crate::output::Dir;
use crate::timeline::ChangeKind;
use serde_json::json;

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
            json!({
                "id": format!("tag:{host},{}:subprocessors/{}/{}", c.effective, s.id.value, c.kind.key()),
                "title": title,
                "published": format!("{}T00:00:00Z", c.published),
                "updated": format!("{}T00:00:00Z", c.updated),
                "link": format!("{list}#{}", s.id.value),
                "summary": summary,
            })
        })
        .collect();
    let feed = json!({
        "id": format!("tag:{host},2000:subprocessors"),
        "title": format!("{name} subprocessor changes"),
        "updated": format!("{updated}T00:00:00Z"),
        "link": list,
        "self": format!("{base}/subprocessors.atom"),
        "author": name,
        "entries": entries,
    });
    render(ctx, out, "subprocessors.atom", json!({ "feed": feed }))?;

    let mut urls: Vec<String> = out
        .files()
        .iter()
        .filter(|k| k.ends_with(".html") && k.as_str() != "404.html")
        .map(|k| format!("{base}/{k}"))
        .collect();
    urls.sort();
    render(
        ctx,
        out,
        "sitemap.xml",
        json!({ "urls": urls, "lastmod": ctx.build.date.to_string() }),
    )?;
    let public = ctx.audience.output == Output::Trust;
    render(
        ctx,
        out,
        "robots.txt",
        json!({ "public": public, "sitemap": format!("{base}/sitemap.xml") }),
    )
}

fn render(ctx: &Ctx<'_>, out: Dir<'_>, name: &str, data: serde_json::Value) -> Result<()> {
    let mut context = tera::Context::new();
    if let serde_json::Value::Object(map) = data {
        for (k, v) in map {
            context.insert(k, &v);
        }
    }
    let text = ctx
        .tera
        .render(name, &context)
        .map_err(|e| Error::theme(super::theme::render_tera_error(&e), Some(e.into())))?;
    out.write(name, text)
}
