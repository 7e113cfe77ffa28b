//! Real-world Markdown: policy sets written for other tools (pandoc/comply, mkdocs, GitHub)
//! render faithfully on both sites and in both PDFs, or `check` says why.

mod common;

use common::{Fixture, diagnostics};
use scraper::{Html, Selector};
use std::path::Path;

/// A policy in comply's (pandoc's) style, in our own words.
const PANDOC: &str = r#"---
id: onboarding
title: "{{ company.name }} Onboarding and Offboarding Policy"
owner: CTO
approved_by: CEO
version: "1.0"
effective: 2026-01-01
last_reviewed: 2026-01-01
review_every: 12 months
classification: public
summary: How {{ company.name }} grants and removes access.
order: 1
---

# Purpose and Scope

a. This policy describes how {{ company.name }} grants access.

b. It applies to every workforce member and contractor.

\pagebreak

# Roles

+--------------------+---------------------------------------+
| Role               | Responsibilities                      |
+:===================+======================================:+
| System owner       | - approves access requests            |
|                    | - reviews access every quarter        |
+--------------------+---------------------------------------+
| Security team      | Removes access within one business    |
|                    | day of termination.                   |
+--------------------+---------------------------------------+

# Procedure

1. The manager requests access.

    i. The request names the system.

    ii. The request names the role.

2. The system owner approves it.

A. Smith approved this procedure.

Written in `{{ not.a.variable }}` code, and \{{ literally }} in text.
"#;

/// A page in mkdocs' style (admonitions) and GitHub's (alerts, definition lists).
const MKDOCS: &str = r#"---
title: Data handling
classification: public
---

!!! note "Scope"
    This applies to **all** systems that {{ company.name }} runs.

    It covers backups too.

??? warning
    Deleting a tenant cannot be undone.

> [!CAUTION]
> Never paste customer data into tickets.

Customer data
: Anything a customer stores in the product.

```mermaid
graph TD; A-->B
```
"#;

fn fixture() -> Fixture {
    let f = Fixture::valid();
    f.write("content/policies/onboarding.md", PANDOC);
    f.write("content/pages/data.md", MKDOCS);
    f
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn html(path: &Path) -> Html {
    Html::parse_document(&std::fs::read_to_string(path).unwrap())
}

fn text(e: scraper::ElementRef<'_>) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn pdftotext(pdf: &Path) -> Option<Vec<String>> {
    let tool = common::pdfs::tool("pdftotext")?;
    let out = std::process::Command::new(tool)
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    Some(
        String::from_utf8_lossy(&out.stdout)
            .split('\u{c}')
            .map(str::to_owned)
            .collect(),
    )
}

#[test]
fn other_tools_markdown_renders_on_both_sites() {
    let f = fixture();
    let out = f.build_ok();
    for site in ["trust", "docs"] {
        let page = html(&out.join(site).join("policies/onboarding.html"));
        // Variables: the title, the summary and the body, as text.
        assert_eq!(
            text(page.select(&sel("h1")).next().unwrap()),
            "Acme Voice, Inc. Onboarding and Offboarding Policy"
        );
        let prose = page.select(&sel(".prose")).next().unwrap();
        // Lettered list, with its style.
        let ol = prose
            .select(&sel("ol[type='a']"))
            .next()
            .expect("a lettered list");
        let items: Vec<String> = ol.select(&sel(":scope > li")).map(text).collect();
        assert_eq!(
            items,
            [
                "This policy describes how Acme Voice, Inc. grants access.",
                "It applies to every workforce member and contractor."
            ]
        );
        // Roman items nested under a numbered one.
        let roman: Vec<String> = prose
            .select(&sel("ol > li > ol[type='i'] > li"))
            .map(text)
            .collect();
        assert_eq!(
            roman,
            [
                "The request names the system.",
                "The request names the role."
            ]
        );
        // The grid table: a header, aligned columns, a list inside a cell.
        let table = prose.select(&sel("table")).next().expect("a table");
        let head: Vec<String> = table.select(&sel("thead th")).map(text).collect();
        assert_eq!(head, ["Role", "Responsibilities"]);
        let th = table.select(&sel("thead th")).nth(1).unwrap();
        assert_eq!(th.value().attr("class"), Some("align-right"));
        let cell_items: Vec<String> = table.select(&sel("tbody td li")).map(text).collect();
        assert_eq!(
            cell_items,
            ["approves access requests", "reviews access every quarter"]
        );
        let cells: Vec<String> = table.select(&sel("tbody td")).map(text).collect();
        assert_eq!(
            cells[3],
            "Removes access within one business day of termination."
        );
        // Prose that only looks like a list stays prose; code keeps its braces.
        let paras: Vec<String> = prose.select(&sel("p")).map(text).collect();
        assert!(
            paras.contains(&"A. Smith approved this procedure.".to_owned()),
            "{paras:?}"
        );
        assert!(
            paras
                .iter()
                .any(|p| p.contains("{{ not.a.variable }}") && p.contains("{{ literally }}"))
        );
    }
    for site in ["trust", "docs"] {
        common::sites::assert_absent(
            &out.join(site),
            &[
                "+-----",
                "\\pagebreak",
                "{{ company",
                "|                    |",
                "!!! note",
                "[!CAUTION]",
            ],
        );
    }
    // mkdocs admonitions and GitHub alerts as callouts, definition lists, diagrams as code.
    let page = html(&out.join("trust/pages/data.html"));
    let note = page
        .select(&sel("div.callout.callout-note"))
        .next()
        .expect("a note");
    assert_eq!(
        text(note.select(&sel(".callout-title")).next().unwrap()),
        "Scope"
    );
    assert_eq!(
        note.select(&sel("p")).count(),
        3,
        "title and two paragraphs"
    );
    assert!(text(note).contains("all systems that Acme Voice, Inc. runs"));
    assert!(note.select(&sel("strong")).next().is_some());
    let warning = page
        .select(&sel("details.callout.callout-warning"))
        .next()
        .expect("collapsible");
    assert!(warning.value().attr("open").is_none());
    assert_eq!(
        text(warning.select(&sel("summary")).next().unwrap()),
        "Warning"
    );
    let caution = page
        .select(&sel("div.callout.callout-caution"))
        .next()
        .expect("alert");
    assert!(text(caution).contains("Never paste customer data"));
    assert_eq!(
        text(page.select(&sel("dl > dt")).next().unwrap()),
        "Customer data"
    );
    assert!(
        page.select(&sel("pre code"))
            .any(|c| text(c).contains("graph TD"))
    );
}

#[test]
fn other_tools_markdown_reads_right_in_the_pdfs() {
    let f = fixture();
    let out = f.build_ok();
    // Skips (visibly) without poppler; CI installs it and sets TRUSTBOOK_REQUIRE_TOOLS=1.
    let Some(pages) = pdftotext(&out.join("trust/downloads/acme-voice-trust-1.0.pdf")) else {
        return;
    };
    let all = pages.join("\n");
    for want in [
        "a. This policy describes how Acme Voice, Inc. grants access.",
        "b. It applies to every workforce member and contractor.",
        "i. The request names the system.",
        "ii. The request names the role.",
        "• approves access requests",
        "A. Smith approved this procedure.",
        "Scope",
        "Never paste customer data into tickets.",
        "Customer data",
    ] {
        assert!(
            all.contains(want),
            "{want:?} missing from the trust PDF:\n{all}"
        );
    }
    for garbage in ["+-----", "\\pagebreak", "{{ company", "!!!", "[!CAUTION]"] {
        assert!(!all.contains(garbage), "{garbage:?} in the trust PDF");
    }
    // `\pagebreak`: Purpose and Roles are on different pages.
    let page_of = |needle: &str| pages.iter().position(|p| p.contains(needle)).unwrap();
    assert!(
        page_of("Roles") > page_of("Purpose and Scope"),
        "no page break"
    );
    // The auditor's PDF reads the same events.
    let audit = pdftotext(&out.join("audit/acme-voice-audit-1.0.pdf"))
        .unwrap()
        .join("\n");
    assert!(audit.contains("a. This policy describes how Acme Voice, Inc. grants access."));
}

#[test]
fn variables_are_escaped_text_with_slugs_from_their_values() {
    let f = Fixture::valid();
    f.edit(
        "trustbook.yaml",
        "name: Acme Voice, Inc.",
        "name: \"A & B <Labs>\"",
    );
    f.write(
        "content/pages/about.md",
        "---\ntitle: About {{ company.name }}\nclassification: public\n---\n\n## About {{ company.name }}\n\nWrite to {{ company.contact }}. See [below](#about-a-b-labs).\n",
    );
    let out = f.build_ok();
    let raw = std::fs::read_to_string(out.join("trust/pages/about.html")).unwrap();
    assert!(raw.contains("About A &amp; B &lt;Labs&gt;"), "{raw}");
    assert!(!raw.contains("<Labs>"));
    let page = html(&out.join("trust/pages/about.html"));
    let h2 = page.select(&sel(".prose h2")).next().unwrap();
    assert_eq!(h2.value().attr("id"), Some("about-a-b-labs"));
    assert!(text(page.select(&sel(".prose p")).next().unwrap()).contains("security@acme.example"));
    // The package's copy of a policy is the text the auditor reads.
    f.edit(
        "content/policies/access-control.md",
        "Access is granted on least privilege.",
        "{{ company.name }} grants access on least privilege; `{{ company.name }}` in code stays.",
    );
    let out = f.build_ok();
    let zip = out.join("audit/a-b-labs-audit-1.0.zip");
    let mut z = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let mut policy = String::new();
    std::io::Read::read_to_string(
        &mut z
            .by_name("a-b-labs-audit-1.0/policies/access-control.md")
            .unwrap(),
        &mut policy,
    )
    .unwrap();
    assert!(policy.contains("A & B <Labs> grants access"), "{policy}");
    assert!(policy.contains("`{{ company.name }}` in code stays"));
}

#[test]
fn check_reports_what_cannot_be_shown_at_its_place() {
    let f = Fixture::valid();
    f.write(
        "content/pages/legacy.md",
        "---\ntitle: Legacy\nclassification: internal\n---\n\nDear {{.Name}},\n\n#Purpose\n\n+---+---+\n| a     |\n+---+---+\n\n[x]: https://a.example\n[X]: https://b.example\n",
    );
    let (code, report) = f.check_json();
    assert_eq!(code, 1, "an unknown variable fails check");
    let d = diagnostics(&report);
    let find = |c: &str| {
        d.iter()
            .find(|x| x["code"] == c)
            .unwrap_or_else(|| panic!("no {c} in {d:#?}"))
            .clone()
    };
    let var = find("unknown-variable");
    common::assert_at(
        &var,
        "content/pages/legacy.md",
        6,
        6,
        "did you mean `{{ company.name }}`?",
    );
    let heading = find("suspicious-markdown");
    common::assert_at(&heading, "content/pages/legacy.md", 8, 1, "`# Purpose`");
    let grid = find("unsupported");
    assert_eq!(grid["line"], 11, "{grid:#}");
    assert!(grid["message"].as_str().unwrap().contains("spans columns"));
    assert!(d.iter().any(|x| {
        x["message"]
            .as_str()
            .unwrap_or("")
            .contains("defined twice")
            && x["line"] == 15
    }));
}
