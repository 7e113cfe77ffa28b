//! The client-side search index: built at build time from this audience's items only.
//!
//! Written twice from one value: `search-index.json` for tools, and `assets/search-index.js`
//! (the same JSON assigned to a global) because browsers refuse `fetch()` on `file://`, and the
//! sites must work opened straight from disk.

use super::Ctx;
use super::paths;
use crate::audience::Visibility;
use crate::error::Result;
use crate::markdown::html::body_text;
use crate::output::Dir;
use serde::Serialize;

/// Longest text kept per entry; enough for full-text matches in long policies.
const MAX_TEXT: usize = 20_000;

#[derive(Serialize)]
struct Entry {
    /// Title.
    t: String,
    /// Kind label (Policy, Control, …).
    k: &'static str,
    /// URL relative to the site root.
    u: String,
    /// Summary shown under the title.
    s: String,
    /// Searchable text.
    x: String,
}

fn clip(mut s: String, n: usize) -> String {
    if s.len() > n {
        let mut end = n;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
    s
}

/// Adds the index files to a site.
pub fn write(ctx: &Ctx<'_>, out: Dir<'_>) -> Result<()> {
    let p = ctx.project;
    let a = &ctx.audience;
    let mut entries = Vec::new();
    // Policies, procedures and pages: the linker decides where each goes (its page, or where
    // it is listed on request) and whether it has a place in this site at all.
    let linker = super::paths::PageLinker::new(ctx, "index.html");
    for d in p.docs() {
        let Some(u) = linker.item_path(d.item) else {
            continue;
        };
        let (k, x) = match (a.visibility(p, d.item), d.kind) {
            (Visibility::Full, "policy") => ("Policy", clip(body_text(d.body), MAX_TEXT)),
            (Visibility::Full, "procedure") => ("Procedure", clip(body_text(d.body), MAX_TEXT)),
            (Visibility::Full, _) => ("Page", clip(body_text(d.body), MAX_TEXT)),
            (Visibility::Listed, "policy") => ("Policy (on request)", String::new()),
            (Visibility::Listed, "procedure") => ("Procedure (on request)", String::new()),
            (Visibility::Listed, _) => ("Document (on request)", String::new()),
            (Visibility::Hidden, _) => continue,
        };
        entries.push(Entry {
            t: d.title.to_owned(),
            k,
            u,
            s: d.summary.unwrap_or_default().to_owned(),
            x,
        });
    }
    for c in p.controls.iter().filter(|c| a.control(c)) {
        let criteria: Vec<&str> = c.criteria.iter().map(|x| x.value.as_str()).collect();
        entries.push(Entry {
            t: format!("{} {}", c.id.value, c.title),
            k: "Control",
            u: paths::control(&c.id),
            s: clip(c.description.clone(), 200),
            x: format!("{} {} {}", c.id.value, c.description, criteria.join(" ")),
        });
    }
    for r in &ctx.criterion_pages {
        let c = p.criterion(*r);
        entries.push(Entry {
            t: format!("{} {}", c.key, c.title),
            k: "Criterion",
            u: paths::criterion(c),
            s: c.family.clone(),
            x: format!("{} {}", c.key, c.family),
        });
    }
    for (_, s, _) in ctx.audience.subprocessors(p) {
        entries.push(Entry {
            t: s.name.clone(),
            k: "Subprocessor",
            u: paths::subprocessor(&s.id),
            s: s.purpose.clone(),
            x: format!(
                "{} {} {} {}",
                s.category,
                s.location,
                s.data_categories.join(" "),
                s.legal_entity.clone().unwrap_or_default()
            ),
        });
    }
    let json = serde_json::to_string(&entries).unwrap_or_else(|_| "[]".to_owned());
    out.write(
        "assets/search-index.js",
        format!("window.TRUSTBOOK_SEARCH = {json};\n"),
    )?;
    out.write("search-index.json", json)
}
