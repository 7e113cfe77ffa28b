//! Browser tests in headless Chromium, opening the built sites straight from disk (`file://`):
//! search works as a user types, navigation works, there are no console errors, and no request
//! leaves the site's own files.
//!
//! Skipped with a message when Chromium is not installed, unless `TRUSTBOOK_REQUIRE_TOOLS=1`
//! (CI sets it, so there they always run). With `TRUSTBOOK_SCREENSHOTS=DIR` the tests also save
//! screenshots of key pages at phone and desktop widths, light and dark, for review.

mod common;

use common::cdp::Browser;
use common::{repo_root, trustbook};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

/// The example project, built once for all browser tests.
fn example_out() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let run = trustbook(&["build", "--out", out.to_str().unwrap()], &repo_root());
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        (dir, out)
    })
    .1
}

fn browser() -> Option<Browser> {
    common::cdp::browser_or_skip()
}

fn url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Fails on console errors and on requests for anything but the site's own files.
fn assert_clean(b: &Browser, site: &Path) {
    let errors = b.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    let prefix = url(site);
    let foreign: Vec<String> = b
        .requested_urls()
        .into_iter()
        .filter(|u| !u.starts_with(&prefix) && !u.starts_with("data:"))
        .collect();
    assert!(
        foreign.is_empty(),
        "requests outside the site: {foreign:#?}"
    );
}

fn search_results(b: &mut Browser) -> Vec<String> {
    let v = b.eval("Array.from(document.querySelectorAll('#search-results [role=option] .r-title')).map(e => e.textContent)");
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn trust_center_search_finds_and_opens_a_policy() {
    let Some(mut b) = browser() else { return };
    let site = example_out().join("trust");
    b.goto(&url(&site.join("index.html")));
    b.eval("document.getElementById('search-input').focus()");
    b.type_text("incident response");
    assert!(
        b.wait_for(
            "document.querySelectorAll('#search-results [role=option]').length > 0",
            Duration::from_secs(10)
        ),
        "no search results appeared"
    );
    let results = search_results(&mut b);
    assert_eq!(
        results.first().map(String::as_str),
        Some("Incident Response Policy"),
        "{results:?}"
    );
    assert_eq!(
        b.eval("document.getElementById('search-input').getAttribute('aria-expanded')"),
        "true"
    );
    b.press("Enter");
    assert!(
        b.wait_for("location.href.endsWith('policies/incident-response.html') && document.readyState === 'complete'", Duration::from_secs(10)),
        "Enter did not open the first result"
    );
    assert_eq!(
        b.eval("document.querySelector('h1').textContent"),
        "Incident Response Policy"
    );
    assert_clean(&b, &site);
}

#[test]
fn trust_center_search_never_offers_internal_items() {
    let Some(mut b) = browser() else { return };
    let site = example_out().join("trust");
    b.goto(&url(&site.join("controls/index.html")));
    b.eval("document.getElementById('search-input').focus()");
    b.type_text("risk management policy");
    assert!(b.wait_for(
        "document.querySelectorAll('#search-results li').length > 0",
        Duration::from_secs(10)
    ));
    let results = search_results(&mut b);
    assert!(
        !results.iter().any(|r| r == "Risk Management Policy"),
        "internal policy offered: {results:?}"
    );
    b.press("Escape");
    assert_eq!(
        b.eval("document.getElementById('search-results').hidden"),
        true
    );
    assert_clean(&b, &site);
}

#[test]
fn docs_site_search_finds_internal_policies() {
    let Some(mut b) = browser() else { return };
    let site = example_out().join("docs");
    b.goto(&url(&site.join("policies/index.html")));
    b.eval("document.getElementById('search-input').focus()");
    b.type_text("risk management");
    assert!(b.wait_for(
        "document.querySelectorAll('#search-results [role=option]').length > 0",
        Duration::from_secs(10)
    ));
    let results = search_results(&mut b);
    assert!(
        results.iter().any(|r| r == "Risk Management Policy"),
        "{results:?}"
    );
    // Arrow down then Enter opens the selected result.
    b.press("ArrowDown");
    b.press("Enter");
    assert!(b.wait_for(
        "!location.href.endsWith('policies/index.html') && document.readyState === 'complete'",
        Duration::from_secs(10)
    ));
    assert_clean(&b, &site);
}

#[test]
fn navigation_works_across_every_section() {
    let Some(mut b) = browser() else { return };
    let site = example_out().join("trust");
    b.goto(&url(&site.join("index.html")));
    let labels =
        b.eval("Array.from(document.querySelectorAll('.site-nav a')).map(a => a.textContent)");
    let labels: Vec<String> = serde_json::from_value(labels).unwrap();
    assert!(labels.len() >= 5, "{labels:?}");
    for label in &labels {
        b.goto(&url(&site.join("index.html")));
        let find = format!(
            "Array.from(document.querySelectorAll('.site-nav a')).find(a => a.textContent === {label:?})"
        );
        let target = b.eval(&format!("{find}.href"));
        let target = target.as_str().unwrap().to_owned();
        // Mark the current document, so arriving means a new one (even at the same URL).
        b.eval(&format!("window.__old = true; {find}.click()"));
        let arrived = format!(
            "!window.__old && location.href === {target:?} && document.readyState === 'complete'"
        );
        assert!(
            b.wait_for(&arrived, Duration::from_secs(10)),
            "clicking {label} did not open {target}"
        );
        let current =
            b.eval("document.querySelector('.site-nav a[aria-current=page]')?.textContent ?? ''");
        assert_eq!(current, label.as_str(), "after clicking {label}");
    }
    // A subprocessor link from a control page lands on its row.
    b.goto(&url(&site.join("subprocessors/index.html")));
    assert_eq!(b.eval("!!document.getElementById('nordhall-cloud')"), true);
    assert_clean(&b, &site);
}

#[test]
fn screenshots_for_review() {
    let Some(dir) = std::env::var_os("TRUSTBOOK_SCREENSHOTS") else {
        return;
    };
    let Some(mut b) = browser() else { return };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let pages = [
        ("trust", "index.html", "home"),
        ("trust", "index.html#requests-title", "home-requests"),
        ("trust", "policies/access-control.html", "policy"),
        ("trust", "controls/index.html", "controls"),
        ("trust", "subprocessors/index.html", "subprocessors"),
        ("trust", "criteria/index.html", "criteria"),
        ("docs", "controls/AC-01.html", "docs-control"),
        ("docs", "pages/sd-components.html", "docs-sd"),
        ("docs", "evidence/index.html", "docs-evidence"),
        ("docs", "readiness.html", "docs-readiness"),
        (
            "docs",
            "readiness.html#calendar-title",
            "docs-readiness-calendar",
        ),
        (
            "docs",
            "readiness.html#matrix-title",
            "docs-readiness-matrix",
        ),
        ("trust", "policies/index.html", "policies"),
        ("trust", "criteria/cc6-1.html", "criterion"),
    ];
    for (site, page, name) in pages {
        for (width, height, size) in [(390, 844, "phone"), (1280, 900, "desktop")] {
            for dark in [false, true] {
                b.emulate(width, height, dark);
                let (file, anchor) = page.split_once('#').unwrap_or((page, ""));
                b.goto(&url(&example_out().join(site).join(file)));
                if !anchor.is_empty() {
                    b.eval(&format!(
                        "document.getElementById({anchor:?}).scrollIntoView()"
                    ));
                }
                let png = b.screenshot();
                let theme = if dark { "dark" } else { "light" };
                std::fs::write(dir.join(format!("{name}-{size}-{theme}.png")), png).unwrap();
            }
        }
    }
    // The search box open with results.
    for (width, height, size) in [(390, 844, "phone"), (1280, 900, "desktop")] {
        b.emulate(width, height, false);
        b.goto(&url(&example_out().join("trust/index.html")));
        b.eval("document.getElementById('search-input').focus()");
        b.type_text("encryption");
        b.wait_for(
            "document.querySelectorAll('#search-results [role=option]').length > 0",
            Duration::from_secs(10),
        );
        std::fs::write(dir.join(format!("search-{size}.png")), b.screenshot()).unwrap();
    }
}

#[test]
fn the_request_email_names_the_ticked_documents() {
    let Some(mut b) = browser() else { return };
    let site = example_out().join("trust");
    b.goto(&url(&site.join("index.html")));
    let body = |b: &mut Browser| -> String {
        let v = b.eval(
            "decodeURIComponent(document.querySelector('a.request-action').href.split('&body=')[1])",
        );
        v.as_str().unwrap_or_default().to_owned()
    };
    let status = |b: &mut Browser| -> String {
        let v = b.eval("document.querySelector('.request-status').textContent");
        v.as_str().unwrap_or_default().to_owned()
    };
    // Nothing ticked: every document, as the link says without JavaScript.
    let all = body(&mut b);
    assert!(all.contains("- Backup and Recovery Policy\n"), "{all}");
    assert!(all.contains("- System description\n"), "{all}");
    assert!(
        status(&mut b).starts_with("Asks for all"),
        "{}",
        status(&mut b)
    );
    // Ticking by the labels, as a reader does.
    b.eval("document.querySelector('label[for=request-backup-recovery]').click()");
    b.eval("document.querySelector('label[for=request-group-system-description]').click()");
    assert_eq!(
        body(&mut b),
        "Please share the following documents with us:\n\n- Backup and Recovery Policy\n- System description\n"
    );
    assert!(
        status(&mut b).starts_with("Asks for 2 of"),
        "{}",
        status(&mut b)
    );
    b.eval("document.getElementById('request-backup-recovery').click()");
    b.eval("document.getElementById('request-group-system-description').click()");
    assert_eq!(body(&mut b), all);
    assert_clean(&b, &site);
}

#[test]
fn the_current_top_bar_entry_is_in_view_on_a_phone() {
    let Some(mut b) = browser() else { return };
    b.emulate(390, 844, false);
    for (site, page) in [
        ("docs", "readiness.html"),
        ("docs", "pages/sd-incidents.html"),
        ("trust", "pages/faq.html"),
    ] {
        b.goto(&url(&example_out().join(site).join(page)));
        let in_view = b.eval(
            "(() => { const n = document.querySelector('.site-nav').getBoundingClientRect(); \
             const a = document.querySelector('.site-nav a[aria-current=page]').getBoundingClientRect(); \
             return a.left >= n.left - 1 && a.right <= n.right + 1; })()",
        );
        assert_eq!(in_view, true, "{site}/{page}");
    }
}
