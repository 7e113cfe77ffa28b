//! What the sites tell machines and lost visitors: the sitemap's dates come from the items,
//! `security.txt` follows RFC 9116, and the 404 pages stand on their own at any path.

mod common;

use common::{copy_example, trustbook};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The example, built as of a fixed day so every date below is known.
fn out() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &OUT.get_or_init(|| {
        let dir = copy_example();
        let out = dir.path().join("out");
        let run = trustbook(
            &[
                "build",
                "--as-of",
                "2026-07-01",
                "--out",
                out.to_str().unwrap(),
            ],
            dir.path(),
        );
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        (dir, out)
    })
    .1
}

/// (loc, lastmod) of every sitemap entry.
fn sitemap(site: &str) -> Vec<(String, Option<String>)> {
    let xml = std::fs::read_to_string(out().join(site).join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("url"))
        .map(|u| {
            let child = |name: &str| {
                u.children()
                    .find(|c| c.has_tag_name(name))
                    .and_then(|c| c.text())
                    .map(str::to_owned)
            };
            (child("loc").unwrap(), child("lastmod"))
        })
        .collect()
}

fn lastmod(entries: &[(String, Option<String>)], suffix: &str) -> Option<String> {
    entries
        .iter()
        .find(|(loc, _)| loc.ends_with(suffix))
        .unwrap_or_else(|| panic!("no sitemap entry for {suffix}"))
        .1
        .clone()
}

#[test]
fn sitemap_dates_come_from_each_items_own_dates() {
    let trust = sitemap("trust");
    // Access Control: reviewed 2025-12-18, version effective 2026-01-05.
    assert_eq!(
        lastmod(&trust, "/policies/access-control.html").as_deref(),
        Some("2026-01-05")
    );
    // An index carries its newest document's date, never a date after the as-of day.
    let index = lastmod(&trust, "/policies/index.html").unwrap();
    assert!(
        index.as_str() >= "2026-01-05" && index.as_str() <= "2026-07-01",
        "{index}"
    );
    let subprocessors = lastmod(&trust, "/subprocessors/index.html").unwrap();
    assert!(subprocessors.as_str() <= "2026-07-01", "{subprocessors}");
    // Pages without dates of their own have none, rather than the build date.
    assert_eq!(lastmod(&trust, "/controls/AC-01.html"), None);
    assert_eq!(lastmod(&trust, "halloo.example/index.html"), None);
    assert!(!trust.iter().any(|(loc, _)| loc.ends_with("404.html")));
    // Every date is a date.
    for (loc, d) in trust.iter().chain(sitemap("docs").iter()) {
        if let Some(d) = d {
            assert!(
                jiff::civil::Date::strptime("%Y-%m-%d", d).is_ok(),
                "{loc}: {d}"
            );
        }
    }
}

#[test]
fn security_txt_follows_rfc_9116() {
    let text = std::fs::read_to_string(out().join("trust/.well-known/security.txt")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines.contains(&"Contact: mailto:security@halloo.example"),
        "{text}"
    );
    assert!(lines.contains(&"Expires: 2027-07-01T00:00:00Z"), "{text}");
    assert!(
        lines.contains(&"Canonical: https://trust.halloo.example/.well-known/security.txt"),
        "{text}"
    );
    assert!(
        lines.contains(
            &"Policy: https://trust.halloo.example/pages/security-practices.html#vulnerability-management"
        ),
        "{text}"
    );
    // Every line is a field RFC 9116 defines, each required one once.
    for line in &lines {
        let field = line.split_once(": ").map(|(f, _)| f).unwrap_or_default();
        assert!(
            [
                "Contact",
                "Expires",
                "Canonical",
                "Policy",
                "Preferred-Languages"
            ]
            .contains(&field),
            "{line}"
        );
    }
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("Expires:")).count(),
        1
    );
    // The internal site has none.
    assert!(!out().join("docs/.well-known").exists());
}

#[test]
fn the_404_pages_stand_on_their_own() {
    use base64::Engine;
    use sha2::Digest;
    for site in ["trust", "docs"] {
        let html = std::fs::read_to_string(out().join(site).join("404.html")).unwrap();
        let doc = scraper::Html::parse_document(&html);
        let sel = |s: &str| scraper::Selector::parse(s).unwrap();
        assert_eq!(
            doc.select(&sel("link[rel=stylesheet], script")).count(),
            0,
            "{site}"
        );
        let style = doc
            .select(&sel("style"))
            .next()
            .expect("an inline stylesheet");
        let css: String = style.text().collect();
        assert!(css.contains("body{"), "{site}: {css}");
        // The inline stylesheet is allowed by its hash, and nothing else is.
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&css));
        let csp = doc
            .select(&sel("meta[http-equiv=Content-Security-Policy]"))
            .next()
            .and_then(|m| m.value().attr("content"))
            .unwrap()
            .to_owned();
        assert!(
            csp.contains(&format!("style-src 'sha256-{hash}'")),
            "{site}: {csp}"
        );
        assert!(csp.contains("default-src 'none'"));
        // No relative links: it is served at any depth.
        for a in doc.select(&sel("a[href]")) {
            let href = a.value().attr("href").unwrap();
            assert!(href.starts_with('/'), "{site}: {href}");
        }
    }
}

#[test]
fn the_content_language_reaches_every_page_and_a_bad_tag_is_refused() {
    let f = common::Fixture::valid();
    let config = f.read("trustbook.yaml");
    f.write("trustbook.yaml", &format!("{config}lang: en_US\n"));
    let (code, report) = f.check_json();
    assert_ne!(code, 0, "{report:#}");
    let d = common::only_error(&report, "invalid-value");
    assert!(d["message"].as_str().unwrap().contains("en_US"), "{d:#}");
    assert!(d["hint"].as_str().unwrap().contains("`en-US`"), "{d:#}");

    f.write("trustbook.yaml", &format!("{config}lang: de-CH\n"));
    let out = f.build_ok();
    for page in ["docs/index.html", "trust/index.html", "trust/404.html"] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(html.contains("<html lang=\"de-CH\""), "{page}");
    }
}
