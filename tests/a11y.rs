//! Both sites, read by the standard checkers their readers' tools follow: the W3C Nu HTML
//! checker over every page, and axe-core in headless Chromium over every page kind, at desktop
//! and phone widths, light and dark, with the search box open. Zero findings of any kind.
//!
//! The checkers come from the registries (npm `vnu-jar` with Java, npm `axe-core`); `.ci/run`
//! installs them into /opt/trustbook-tools. Without them the tests skip with a message, unless
//! `TRUSTBOOK_REQUIRE_TOOLS=1` (CI), where a missing checker fails.

mod common;

use common::cdp::{Browser, browser_required};
use common::trustbook;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

/// A public page with every construct a reader's tools must cope with: a task list, a table
/// far wider than a phone, long unbroken words and URLs, code, footnotes, a definition list,
/// callouts, a collapsed admonition, raw HTML details and keyboard keys.
const SINK: &str = r#"---
title: Everything Markdown can hold
classification: public
summary: A page that exercises every construct the sites render.
---

## Checklist

- [x] Encrypt the laptop disk
- [ ] Enrol a security key

## A wide table

| Control | Owner | Frequency | Evidence location | Criteria | Notes on the evidence collected for this control |
|---|---|---|---|---|---|
| AC-01 | Security Lead | continuous | content/evidence/AC-01/2026-01-mfa-enforcement-report-exported-from-identity-provider.csv | CC6.1, CC6.6 | Exported every month; the export lists every active user and their enrolled factors. |
| CHG-02 | Head of Platform | event-driven | content/evidence/CHG-02/branch-protection-settings-screenshot.png | CC8.1 | Branch protection requires one approving review from someone other than the author. |

A long word: Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft.
A long link: <https://trust.halloo.example/a/very/long/path/that/does/not/break/anywhere/at/all/on/a/phone/screen>.

```
$ trustbook build --out /a/very/long/path/to/an/output/folder/that/goes/on/and/on --package-version 2026.1
```

Press <kbd>Ctrl</kbd>+<kbd>K</kbd> to search.[^1]

[^1]: A footnote with [a link](page:faq).

Term
: Its definition.

> [!WARNING]
> A callout.

??? note "Collapsed"
    Hidden until opened.

<details><summary>Raw details</summary>Inside.</details>
"#;

/// A copy of the example project with [`SINK`] added, built once for these tests.
fn example_out() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &OUT.get_or_init(|| {
        let dir = common::copy_example();
        std::fs::write(dir.path().join("content/pages/sink.md"), SINK).unwrap();
        let out = dir.path().join("out");
        let run = trustbook(&["build", "--out", out.to_str().unwrap()], dir.path());
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        (dir, out)
    })
    .1
}

/// Where `.ci/run` installs the npm checkers (`TRUSTBOOK_TOOLS` overrides).
fn tools() -> PathBuf {
    std::env::var_os("TRUSTBOOK_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/opt/trustbook-tools"))
}

/// A checker file, or a skip message (a failure under `TRUSTBOOK_REQUIRE_TOOLS=1`).
fn tool(rel: &str, what: &str) -> Option<PathBuf> {
    let path = tools().join("node_modules").join(rel);
    if path.is_file() {
        return Some(path);
    }
    assert!(
        !browser_required(),
        "TRUSTBOOK_REQUIRE_TOOLS=1 but {what} is not installed at {}",
        path.display()
    );
    eprintln!(
        "skipped: {what} is not installed at {} (bash .ci/run installs it; TRUSTBOOK_REQUIRE_TOOLS=1 fails instead)",
        path.display()
    );
    None
}

#[test]
fn the_nu_checker_finds_no_error_on_any_page_of_either_site() {
    let Some(jar) = tool(
        "vnu-jar/build/dist/vnu.jar",
        "the Nu HTML checker (npm vnu-jar)",
    ) else {
        return;
    };
    let out = example_out();
    // The starter project too: other content, prompts, unassigned owners, planned controls.
    let starter = tempfile::tempdir().unwrap();
    let project = starter.path().join("acme");
    let made = trustbook(
        &[
            "init",
            project.to_str().unwrap(),
            "--company",
            "O'Brien & Co",
            "--categories",
            "availability,confidentiality",
        ],
        starter.path(),
    );
    assert!(made.status.success());
    let built = trustbook(&["build", project.to_str().unwrap()], starter.path());
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    // One JVM for every page of the four sites.
    let run = std::process::Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "json", "--skip-non-html"])
        .arg(out.join("docs"))
        .arg(out.join("trust"))
        .arg(project.join("out/docs"))
        .arg(project.join("out/trust"))
        .output();
    let run = match run {
        Ok(r) => r,
        Err(e) if !browser_required() => {
            eprintln!("skipped: cannot run java ({e})");
            return;
        }
        Err(e) => panic!("TRUSTBOOK_REQUIRE_TOOLS=1 but java cannot run: {e}"),
    };
    // vnu writes its JSON report to stderr.
    let report: Value = serde_json::from_slice(&run.stderr).unwrap_or_else(|e| {
        panic!(
            "no JSON from vnu ({e}): {}",
            String::from_utf8_lossy(&run.stderr)
        )
    });
    let messages = report["messages"].as_array().cloned().unwrap_or_default();
    let pages = common::sites::files(&out.join("docs")).len();
    assert!(pages > 20, "the docs site has pages to check");
    let shown: Vec<String> = messages
        .iter()
        .take(30)
        .map(|m| {
            format!(
                "{}:{}: {}",
                m["url"].as_str().unwrap_or_default(),
                m["lastLine"],
                m["message"].as_str().unwrap_or_default()
            )
        })
        .collect();
    assert!(
        messages.is_empty(),
        "{} Nu errors, first ones:\n{}",
        messages.len(),
        shown.join("\n")
    );
}

fn browser() -> Option<Browser> {
    common::cdp::browser_or_skip()
}

/// The page kinds of both sites: every index, every item kind, readiness, evidence, free pages
/// and the 404 page.
const PAGES: &[(&str, &str)] = &[
    ("trust", "index.html"),
    ("trust", "policies/index.html"),
    ("trust", "policies/access-control.html"),
    ("trust", "controls/index.html"),
    ("trust", "controls/AC-01.html"),
    ("trust", "criteria/index.html"),
    ("trust", "criteria/cc6-1.html"),
    ("trust", "subprocessors/index.html"),
    ("trust", "pages/faq.html"),
    ("trust", "pages/sink.html"),
    ("trust", "404.html"),
    ("docs", "index.html"),
    ("docs", "policies/index.html"),
    ("docs", "policies/information-security.html"),
    ("docs", "procedures/index.html"),
    ("docs", "procedures/access-review.html"),
    ("docs", "controls/index.html"),
    ("docs", "controls/AC-04.html"),
    ("docs", "criteria/index.html"),
    ("docs", "criteria/cc6-1.html"),
    ("docs", "subprocessors/index.html"),
    ("docs", "evidence/index.html"),
    ("docs", "readiness.html"),
    ("docs", "pages/sd-components.html"),
    ("docs", "pages/faq.html"),
    ("docs", "pages/sink.html"),
    ("docs", "404.html"),
];

/// Runs axe-core on the current page and returns its violations as "rule (impact): target".
fn axe(b: &mut Browser, source: &str) -> Vec<String> {
    // Runtime.evaluate is not subject to the page's Content-Security-Policy, so the checker
    // runs on the page exactly as published.
    if b.eval("typeof window.axe") != "object" {
        b.eval(&format!("{source};true"));
    }
    let result = b.eval(
        "axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v => \
           v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ') \
           + ' — ' + v.nodes.length + ' node(s)'))",
    );
    serde_json::from_value(result).unwrap_or_default()
}

/// Whether the page scrolls sideways.
fn scrolls_sideways(b: &mut Browser) -> bool {
    b.eval("document.documentElement.scrollWidth > window.innerWidth + 1") == true
}

#[test]
fn axe_finds_nothing_on_any_page_kind_at_any_width_or_theme() {
    let Some(axe_js) = tool("axe-core/axe.min.js", "axe-core (npm axe-core)") else {
        return;
    };
    let Some(mut b) = browser() else { return };
    let source = std::fs::read_to_string(axe_js).unwrap();
    let out = example_out();
    let mut findings = Vec::new();
    for (width, height) in [(1366, 900), (390, 844)] {
        for dark in [false, true] {
            b.emulate(width, height, dark);
            let theme = if dark { "dark" } else { "light" };
            for (site, page) in PAGES {
                b.goto(&format!("file://{}", out.join(site).join(page).display()));
                for v in axe(&mut b, &source) {
                    findings.push(format!("{site}/{page} {width}px {theme}: {v}"));
                }
                if width < 600 && scrolls_sideways(&mut b) {
                    findings.push(format!("{site}/{page} {width}px {theme}: scrolls sideways"));
                }
            }
            // The search box open with results, on both sites.
            for site in ["trust", "docs"] {
                b.goto(&format!(
                    "file://{}",
                    out.join(site).join("index.html").display()
                ));
                b.eval("document.getElementById('search-input').focus()");
                b.type_text("access");
                assert!(
                    b.wait_for(
                        "document.querySelectorAll('#search-results [role=option]').length > 0",
                        Duration::from_secs(10)
                    ),
                    "{site}: search shows results"
                );
                for v in axe(&mut b, &source) {
                    findings.push(format!("{site} search open {width}px {theme}: {v}"));
                }
            }
        }
    }
    assert!(
        findings.is_empty(),
        "{} axe findings:\n{}",
        findings.len(),
        findings.join("\n")
    );
}

#[test]
fn search_works_from_the_keyboard_alone() {
    let Some(mut b) = browser() else { return };
    let site = example_out().join("trust");
    b.emulate(1366, 900, false);
    b.goto(&format!(
        "file://{}",
        site.join("controls/index.html").display()
    ));
    // The first Tab reaches the skip link, which leads to the main content.
    b.press("Tab");
    assert_eq!(b.eval("document.activeElement.className"), "skip");
    assert_eq!(
        b.eval("document.activeElement.getAttribute('href')"),
        "#main"
    );
    // "/" jumps to the search box; typing opens the listbox and announces the count.
    b.press("/");
    assert_eq!(b.eval("document.activeElement.id"), "search-input");
    b.type_text("vendor");
    assert!(b.wait_for(
        "document.querySelectorAll('#search-results [role=option]').length > 1",
        Duration::from_secs(10)
    ));
    assert_eq!(
        b.eval("document.getElementById('search-input').getAttribute('aria-expanded')"),
        "true"
    );
    let status = b.eval("document.getElementById('search-status').textContent");
    assert!(
        status.as_str().unwrap_or_default().contains("results"),
        "{status}"
    );
    // Arrow keys move the active option; focus stays in the box.
    b.press("ArrowDown");
    b.press("ArrowDown");
    assert_eq!(
        b.eval("document.getElementById('search-input').getAttribute('aria-activedescendant')"),
        "search-result-1"
    );
    assert_eq!(
        b.eval("document.getElementById('search-result-1').getAttribute('aria-selected')"),
        "true"
    );
    assert_eq!(
        b.eval("document.querySelectorAll('#search-results [aria-selected=true]').length"),
        1
    );
    assert_eq!(b.eval("document.activeElement.id"), "search-input");
    // Escape closes the list, a second Escape clears the box.
    b.press("Escape");
    assert_eq!(
        b.eval("document.getElementById('search-results').hidden"),
        true
    );
    assert_eq!(
        b.eval("document.getElementById('search-input').getAttribute('aria-expanded')"),
        "false"
    );
    b.press("Escape");
    assert_eq!(b.eval("document.getElementById('search-input').value"), "");
    // Typing again and Enter opens the chosen result.
    b.type_text("vendor");
    assert!(b.wait_for(
        "document.querySelectorAll('#search-results [role=option][data-href]').length > 1",
        Duration::from_secs(10)
    ));
    b.press("ArrowDown");
    let target = b.eval("document.getElementById('search-result-0').getAttribute('data-href')");
    let target = target
        .as_str()
        .unwrap()
        .trim_start_matches("../")
        .to_owned();
    b.press("Enter");
    assert!(
        b.wait_for(
            &format!("location.href.endsWith({target:?}) && document.readyState === 'complete'"),
            Duration::from_secs(10)
        ),
        "Enter did not open {target}"
    );
}
