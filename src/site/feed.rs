//! The Atom feed of subprocessor changes, the sitemap and robots.txt.

use super::Ctx;
use crate::audience::Output;
use crate::error::{Error, Result};
use crate::output::Dir;
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
    let changes = crate::model::subprocessor_changes(&p.subprocessors);
    let updated = changes.first().map_or(ctx.build.date, |c| c.date);
    let entries: Vec<_> = changes
        .iter()
        .map(|c| {
            let verb = if c.kind == "added" { "New subprocessor" } else { "Subprocessor removed" };
            json!({
                "id": format!("tag:{host},{}:subprocessors/{}/{}", c.date, c.id, c.kind),
                "title": format!("{verb}: {}", c.name),
                "updated": format!("{}T00:00:00Z", c.date),
                "link": format!("{list}#{}", c.id),
                "summary": format!("{} {} {} as a subprocessor ({}).", p.config.company.name, if c.kind == "added" { "added" } else { "removed" }, c.name, c.purpose),
            })
        })
        .collect();
    let feed = json!({
        "id": format!("tag:{host},2000:subprocessors"),
        "title": format!("{} subprocessor changes", p.config.company.name),
        "updated": format!("{updated}T00:00:00Z"),
        "link": list,
        "self": format!("{base}/subprocessors.atom"),
        "author": p.config.company.name,
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
