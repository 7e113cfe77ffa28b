//! Reading a strongdm/comply project: `comply.yml`, `policies/`, `procedures/`, `narratives/`.
//!
//! Each document's YAML header (comply writes it without an opening `---`) becomes
//! trustbook front matter; `satisfies: {TSC: [...]}` maps onto the built-in criteria, whose
//! ids are comply's; `majorRevisions` becomes the review history; `{{.Name}}` becomes
//! `{{ company.name }}`. Nothing is invented: what comply does not say (owners,
//! classification, contact) gets a neutral value that readiness reports, and every such field
//! is listed in the report.

use super::Report;
use crate::error::{Error, Result};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// What a comply document says in its header.
struct Header {
    name: String,
    satisfies: Vec<(String, String)>,
    revisions: Vec<(jiff::civil::Date, String)>,
    id: Option<String>,
    cron: Option<String>,
}

/// Splits a comply document into its YAML header and its Markdown body.
fn split(text: &str) -> Option<(&str, &str)> {
    let text = text.strip_prefix("---\n").unwrap_or(text);
    let at = text.find("\n---\n").or_else(|| text.find("\n---\r\n"))?;
    let body = text[at + 1..].split_once('\n').map_or("", |(_, b)| b);
    Some((&text[..at], body))
}

/// comply's revision dates: `Jun 1 2018`, `June 1, 2018` or `2018-06-01`.
fn revision_date(s: &str) -> Option<jiff::civil::Date> {
    let s = s.trim().replace(',', "");
    for fmt in ["%b %d %Y", "%B %d %Y", "%Y-%m-%d", "%d %b %Y", "%d %B %Y"] {
        if let Ok(d) = jiff::civil::Date::strptime(fmt, &s) {
            return Some(d);
        }
    }
    None
}

fn header(yaml: &str, file: &str, report: &mut Report) -> Option<Header> {
    let v: Value = match serde_saphyr::from_str(yaml) {
        Ok(v) => v,
        Err(e) => {
            report.not_mapped(
                file,
                format!("its header is not YAML ({e}); the file was not imported"),
            );
            return None;
        }
    };
    let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    let mut satisfies = Vec::new();
    if let Some(map) = v.get("satisfies").and_then(Value::as_object) {
        for (standard, ids) in map {
            for id in ids
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                satisfies.push((standard.clone(), id.to_owned()));
            }
        }
    }
    let mut revisions = Vec::new();
    for r in v
        .get("majorRevisions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let date = r.get("date").and_then(Value::as_str).unwrap_or("");
        let comment = r
            .get("comment")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        match revision_date(date) {
            Some(d) => revisions.push((d, comment)),
            None => report.not_mapped(
                file,
                format!("revision date `{date}` is not a date I can read"),
            ),
        }
    }
    revisions.sort();
    Some(Header {
        name: text("name").unwrap_or_default(),
        satisfies,
        revisions,
        id: text("id"),
        cron: text("cron"),
    })
}

/// Replaces `{{.Name}}` and escapes every other Go template action, reporting each.
fn body(text: &str, first_line: usize, file: &str, report: &mut Report) -> String {
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let mut rest = line;
        while let Some(i) = rest.find("{{") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 2..];
            let inner_end = after.find("}}");
            let inner = inner_end.map_or(after, |e| &after[..e]).trim();
            if inner == ".Name" {
                out.push_str("{{ company.name }}");
                rest = &after[inner_end.map_or(after.len(), |e| e + 2)..];
            } else {
                report.not_mapped(
                    &format!("{file}:{}", first_line + n),
                    format!("`{{{{{inner}}}}}` has no equivalent; it is kept as text (`\\{{{{`) for you to rewrite"),
                );
                out.push_str("\\{{");
                rest = after;
            }
        }
        out.push_str(rest);
    }
    out
}

/// A YAML string, quoted so any text is safe.
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

/// The front matter trustbook reads, from what comply says (and neutral values for the rest).
fn front(
    id: &str,
    h: &Header,
    satisfies: &[String],
    today: jiff::civil::Date,
    report: &mut Report,
    file: &str,
) -> String {
    let mut f = format!("---\nid: {id}\ntitle: {}\n", q(&h.name));
    f.push_str("owner: unassigned\napproved_by: unassigned\n");
    f.push_str("version: \"1.0\"\n");
    let (effective, last) = match (h.revisions.first(), h.revisions.last()) {
        (Some(first), Some(last)) => (first.0, last.0),
        _ => {
            report.fill_in(
                file,
                "effective and last_reviewed (comply recorded no revision; set to the import date)",
            );
            (today, today)
        }
    };
    f.push_str(&format!("effective: {effective}\nlast_reviewed: {last}\n"));
    if !h.revisions.is_empty() {
        f.push_str("reviews:\n");
        for (d, comment) in &h.revisions {
            f.push_str(&format!("  - date: {d}\n"));
            if !comment.is_empty() {
                f.push_str(&format!("    summary: {}\n", q(comment)));
            }
        }
    }
    f.push_str("review_every: 12 months\nclassification: internal\n");
    if !satisfies.is_empty() {
        f.push_str(&format!("satisfies: [{}]\n", satisfies.join(", ")));
    }
    f.push_str("---\n\n");
    report.fill_in(file, "owner, approved_by, version and classification (imported as unassigned, unassigned, 1.0, internal)");
    f
}

/// The criteria of `satisfies` that trustbook has; the others are reported.
fn criteria(h: &Header, known: &BTreeSet<String>, file: &str, report: &mut Report) -> Vec<String> {
    let mut out = Vec::new();
    for (standard, id) in &h.satisfies {
        if standard.eq_ignore_ascii_case("TSC") && known.contains(id) {
            out.push(id.clone());
        } else {
            report.not_mapped(
                file,
                format!("satisfies `{standard}: {id}` is not a criterion trustbook has; map it by hand or add a framework catalog"),
            );
        }
    }
    out.sort();
    out.dedup();
    out
}

/// `policy-name.md` → `policy-name`, as trustbook ids are written.
fn slug(stem: &str) -> String {
    let s = crate::markdown::slugify(stem);
    if s.is_empty() {
        "document".to_owned()
    } else {
        s
    }
}

fn documents(src: &Path, folder: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(src.join(folder)) else {
        return out;
    };
    for e in entries.flatten() {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".md") || name.eq_ignore_ascii_case("README.md") || !path.is_file() {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(&path) {
            out.push((name, text));
        }
    }
    out.sort();
    out
}

/// What a cron schedule means in words, for the report.
fn cadence(cron: &str) -> &'static str {
    let f: Vec<&str> = cron.split_whitespace().collect();
    // comply's crons have six fields (seconds first).
    let f = if f.len() == 6 { &f[1..] } else { &f[..] };
    match f {
        [_, _, "*", "*", "*"] => "daily",
        [_, _, "*", "*", d] if *d != "*" => "weekly",
        [_, _, d, "*", "*"] if *d != "*" => "monthly",
        [_, _, _, m, "*"] if m.contains('/') || m.contains(',') => "quarterly or so",
        [_, _, _, m, "*"] if *m != "*" => "annual",
        _ => "on its own schedule",
    }
}

/// Imports `src` (a comply project) into the empty folder `dest`.
pub fn import(src: &Path, dest: &Path, today: jiff::civil::Date) -> Result<Report> {
    let mut report = Report::default();
    let config = std::fs::read_to_string(src.join("comply.yml")).map_err(|e| {
        Error::io(
            "not a comply project: cannot read",
            src.join("comply.yml"),
            e,
        )
    })?;
    let company = serde_saphyr::from_str::<Value>(&config)
        .ok()
        .and_then(|v| v.get("name").and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_else(|| {
            report.fill_in("trustbook.yaml", "company.name (comply.yml has no `name`)");
            "Your company".to_owned()
        });
    let known: BTreeSet<String> = crate::load::builtin_tsc_keys();
    let write = |rel: &str, text: &str| -> Result<()> {
        let path = dest.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io("cannot write", &path, e))
    };

    for (kind, folder, out_folder) in [
        ("policy", "policies", "content/policies"),
        ("procedure", "procedures", "content/procedures"),
        ("narrative", "narratives", "content/pages"),
    ] {
        for (n, (name, text)) in documents(src, folder).into_iter().enumerate() {
            let file = format!("{folder}/{name}");
            let Some((yaml, md)) = split(&text) else {
                report.not_mapped(
                    &file,
                    "no `---` ends its header; the file was not imported".to_owned(),
                );
                continue;
            };
            let Some(h) = header(yaml, &file, &mut report) else {
                continue;
            };
            let stem = name.trim_end_matches(".md");
            let id = slug(h.id.as_deref().unwrap_or(stem));
            let satisfies = criteria(&h, &known, &file, &mut report);
            // The body's first line in the original file, for the report.
            let first_line = text[..text.len() - md.len()].matches('\n').count() + 1;
            let md = body(md, first_line, &file, &mut report);
            let out = format!("{out_folder}/{id}.md");
            let text = if kind == "narrative" {
                let mut f = format!(
                    "---\nid: {id}\ntitle: {}\nclassification: internal\ngroup: system-description\norder: {}\n",
                    q(&h.name),
                    (n + 1) * 10
                );
                if !satisfies.is_empty() {
                    f.push_str(&format!("satisfies: [{}]\n", satisfies.join(", ")));
                }
                f.push_str("---\n\n");
                report.fill_in(&out, "classification (imported as internal)");
                f + &md
            } else {
                if let Some(cron) = &h.cron {
                    report.not_mapped(
                        &file,
                        format!("its ticket schedule `{cron}` ({}) has no place on a procedure: put that frequency on the control that follows it", cadence(cron)),
                    );
                }
                front(&id, &h, &satisfies, today, &mut report, &out) + &md
            };
            write(&out, &text)?;
            report.count(kind);
        }
    }
    write(
        "trustbook.yaml",
        &format!(
            "# Imported from a comply project; see the import report for what to fill in.\ncompany:\n  name: {}\n  contact: security@example.com\nsite:\n  url: https://trust.example.com\npackage:\n  version: \"1.0\"\naudit:\n  type: soc2-type2\n  period: {{ start: {}, end: {} }}\n  categories: [security]\n",
            q(&company),
            today.first_of_year(),
            today.last_of_year(),
        ),
    )?;
    report.fill_in(
        "trustbook.yaml",
        "company.contact, site.url and the audit period (placeholders)",
    );
    write(
        "content/subprocessors.yaml",
        "# Subprocessors: comply has no list of them. See README.md for the format.\n[]\n",
    )?;
    write(
        "content/evidence/index.yaml",
        "# Evidence index: one entry per file under content/evidence/. See README.md.\n[]\n",
    )?;
    write(".gitignore", "out/\n")?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_without_an_opening_rule_and_dates_in_words() {
        let (yaml, body) = split("name: X\nsatisfies:\n  TSC: [CC6.1]\n---\n# Body\n").unwrap();
        assert_eq!(yaml, "name: X\nsatisfies:\n  TSC: [CC6.1]");
        assert_eq!(body, "# Body\n");
        assert_eq!(
            revision_date("Jun 1 2018"),
            Some(jiff::civil::date(2018, 6, 1))
        );
        assert_eq!(
            revision_date("June 1, 2018"),
            Some(jiff::civil::date(2018, 6, 1))
        );
        assert_eq!(cadence("0 0 0 15 * *"), "monthly");
        assert_eq!(cadence("0 0 9 * * 1"), "weekly");
    }
}
