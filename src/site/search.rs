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
use crate::model::ItemRef;
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
    for (i, pol) in p.policies.iter().enumerate() {
        match a.visibility(p, ItemRef::Policy(i)) {
            Visibility::Full => entries.push(Entry {
                t: pol.title.clone(),
                k: "Policy",
                u: paths::policy(&pol.id),
                s: pol.summary.clone().unwrap_or_default(),
                x: clip(body_text(&pol.body), MAX_TEXT),
            }),
            Visibility::Listed => entries.push(Entry {
                t: pol.title.clone(),
                k: "Policy (on request)",
                u: paths::locked_policy(&pol.id),
                s: pol.summary.clone().unwrap_or_default(),
                x: String::new(),
            }),
            Visibility::Hidden => {}
        }
    }
    for (i, pr) in p.procedures.iter().enumerate() {
        match a.visibility(p, ItemRef::Procedure(i)) {
            Visibility::Full => entries.push(Entry {
                t: pr.title.clone(),
                k: "Procedure",
                u: paths::procedure(&pr.id),
                s: pr.summary.clone().unwrap_or_default(),
                x: clip(body_text(&pr.body), MAX_TEXT),
            }),
            Visibility::Listed => entries.push(Entry {
                t: pr.title.clone(),
                k: "Procedure (on request)",
                u: paths::locked_procedure(&pr.id),
                s: pr.summary.clone().unwrap_or_default(),
                x: String::new(),
            }),
            Visibility::Hidden => {}
        }
    }
    for (i, pg) in p.pages.iter().enumerate() {
        match a.visibility(p, ItemRef::Page(i)) {
            Visibility::Full => entries.push(Entry {
                t: pg.title.clone(),
                k: "Page",
                u: paths::page(&pg.id),
                s: pg.summary.clone().unwrap_or_default(),
                x: clip(body_text(&pg.body), MAX_TEXT),
            }),
            Visibility::Listed => entries.push(Entry {
                t: pg.title.clone(),
                k: "Document (on request)",
                u: paths::locked_page(&pg.id),
                s: pg.summary.clone().unwrap_or_default(),
                x: String::new(),
            }),
            Visibility::Hidden => {}
        }
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
