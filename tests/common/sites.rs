//! Inspecting built sites: every file, every link, every id.

#![allow(dead_code)]

use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every file under a folder, by path relative to it.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// Fails with the list of files containing any of the strings.
pub fn assert_absent(dir: &Path, needles: &[&str]) {
    let mut found = Vec::new();
    for (path, bytes) in files(dir) {
        let text = String::from_utf8_lossy(&bytes);
        for n in needles {
            if text.contains(n) || path.contains(n) {
                found.push(format!("{n} in {path}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "leaked into {}:\n{}",
        dir.display(),
        found.join("\n")
    );
}

/// Whether some file under the folder contains the string.
pub fn contains(dir: &Path, needle: &str) -> bool {
    files(dir)
        .values()
        .any(|b| String::from_utf8_lossy(b).contains(needle))
}

/// Ids of elements in an HTML document.
fn ids(html: &Html) -> BTreeSet<String> {
    let sel = Selector::parse("[id]").unwrap();
    html.select(&sel)
        .filter_map(|e| e.value().attr("id").map(str::to_owned))
        .collect()
}

/// Checks that every `href` and `src` of every HTML page resolves to a file of the site and,
/// with a fragment, to an element id in it. Returns the broken links.
pub fn broken_links(site: &Path) -> Vec<String> {
    let mut parsed: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut broken = Vec::new();
    let links = Selector::parse("[href], [src]").unwrap();
    for (rel, bytes) in files(site) {
        if !rel.ends_with(".html") || rel == "404.html" {
            continue;
        }
        let html = Html::parse_document(&String::from_utf8_lossy(&bytes));
        let page = site.join(&rel);
        parsed.entry(page.clone()).or_insert_with(|| ids(&html));
        for el in html.select(&links) {
            for attr in ["href", "src"] {
                let Some(url) = el.value().attr(attr) else {
                    continue;
                };
                if url.starts_with("http://")
                    || url.starts_with("https://")
                    || url.starts_with("mailto:")
                    || url.starts_with("data:")
                {
                    continue;
                }
                if url.starts_with('/') {
                    broken.push(format!("{rel}: absolute link {url}"));
                    continue;
                }
                let (path, frag) = match url.split_once('#') {
                    Some((p, f)) => (p, Some(f)),
                    None => (url, None),
                };
                let target = if path.is_empty() {
                    page.clone()
                } else {
                    normalize(&page.parent().unwrap().join(path))
                };
                if !target.starts_with(site) || !target.is_file() {
                    broken.push(format!("{rel}: {url} (no file)"));
                    continue;
                }
                if let Some(frag) = frag.filter(|f| !f.is_empty())
                    && target.extension().is_some_and(|e| e == "html")
                {
                    let ids = parsed.entry(target.clone()).or_insert_with(|| {
                        ids(&Html::parse_document(
                            &std::fs::read_to_string(&target).unwrap(),
                        ))
                    });
                    if !ids.contains(frag) {
                        broken.push(format!("{rel}: {url} (no #{frag})"));
                    }
                }
            }
        }
    }
    broken
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// Text of the first element matching a selector in an HTML file.
pub fn select_text(file: &Path, selector: &str) -> Option<String> {
    let html = Html::parse_document(&std::fs::read_to_string(file).ok()?);
    let sel = Selector::parse(selector).ok()?;
    html.select(&sel)
        .next()
        .map(|e| e.text().collect::<String>())
}

/// Every match of a selector in an HTML file, as (text, outer HTML).
pub fn select_all(file: &Path, selector: &str) -> Vec<(String, String)> {
    let html = Html::parse_document(&std::fs::read_to_string(file).unwrap());
    let sel = Selector::parse(selector).unwrap();
    html.select(&sel)
        .map(|e| (e.text().collect::<String>(), e.html()))
        .collect()
}
