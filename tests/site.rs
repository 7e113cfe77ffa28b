//! `trustbook build`: the two sites. Canaries planted in every kind of hidden item must not
//! reach the trust center; every link of both sites resolves; the feed is Atom; the search
//! index holds only what the site shows.

mod common;

use common::canary::{TRUST_FORBIDDEN, canary_fixture};
use common::sites::{assert_absent, broken_links, contains, files, select_all, select_text};
use common::{Fixture, repo_root, trustbook};

#[test]
fn nothing_above_public_reaches_the_trust_center() {
    let f = canary_fixture();
    let out = f.build_ok();
    let trust = out.join("trust");
    assert_absent(&trust, TRUST_FORBIDDEN);
    // The customer policy is listed (title, summary, lock, request link) but has no page.
    let policies = trust.join("policies/index.html");
    assert!(
        select_text(&policies, "#customer-handbook")
            .unwrap()
            .contains("Customer Handbook")
    );
    assert!(!trust.join("policies/customer-handbook.html").exists());
    let request = select_all(&policies, "#customer-handbook a.request");
    assert!(
        request[0].1.contains(
            "mailto:security@acme.example?subject=Access%20request%3A%20Customer%20Handbook"
        ),
        "{request:?}"
    );
    // A public page linking to a hidden policy keeps the link text only.
    let faq = trust.join("pages/faq.html");
    let text = select_text(&faq, ".prose").unwrap();
    assert!(text.contains("Internally see the runbook"), "{text}");
    let links = select_all(&faq, ".prose a");
    assert!(links.iter().all(|(t, _)| t != "the runbook"), "{links:?}");
    // Harmless raw HTML survives sanitising; scripts and handlers do not.
    assert!(
        std::fs::read_to_string(&faq)
            .unwrap()
            .contains("<details><summary>More</summary>")
    );
}

#[test]
fn docs_site_shows_internal_but_not_confidential() {
    let f = canary_fixture();
    let out = f.build_ok();
    let docs = out.join("docs");
    assert_absent(
        &docs,
        &[
            "CANARY-CONFIDENTIAL",
            "canary-confidential-policy",
            "CANARY-CONF-EVIDENCE",
            "CANARY-CONF-CONTENT",
            "canary-conf-file",
        ],
    );
    for present in [
        "CANARY-INTERNAL-BODY",
        "CANARY-CONTROL-DESC",
        "CANARY-TEST-PROCEDURE",
        "CANARY-EVIDENCE-CONTENT",
        "CANARY-SUBPROCESSOR-NOTE",
        "CANARY-CUSTOMER-BODY",
        "CANARY-SCRIPT",
    ] {
        assert!(
            contains(&docs, present),
            "{present} missing from the docs site"
        );
    }
    assert!(
        docs.join("evidence/files/CANARY-CTL-01/canary-evidence-file.csv")
            .is_file()
    );
    assert!(docs.join("policies/canary-internal-policy.html").is_file());
}

#[test]
fn every_link_resolves_in_both_sites() {
    let f = canary_fixture();
    let out = f.build_ok();
    for site in ["docs", "trust"] {
        let broken = broken_links(&out.join(site));
        assert!(broken.is_empty(), "{site}:\n{}", broken.join("\n"));
    }
}

#[test]
fn example_project_sites_have_no_broken_links() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("out");
    let run = trustbook(&["build", "--out", out.to_str().unwrap()], &repo_root());
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for site in ["docs", "trust"] {
        let broken = broken_links(&out.join(site));
        assert!(
            broken.is_empty(),
            "{site}: {} broken:\n{}",
            broken.len(),
            broken.join("\n")
        );
    }
    // The confidential procedure reaches neither site: public policies that link to it keep
    // their link text (the author's words) but neither its id nor a word of its body.
    assert!(!out.join("docs/policies/break-glass-access.html").exists());
    let body = "which are the only accounts exempt from SSO";
    assert_absent(&out.join("trust"), &["break-glass-access", body]);
    assert_absent(&out.join("docs"), &["break-glass-access", body]);
}

#[test]
fn feed_is_atom_with_stable_ids() {
    let f = canary_fixture();
    f.edit(
        "content/subprocessors.yaml",
        "  added: 2024-01-01\n",
        "  added: 2024-01-01\n  removed: 2026-05-01\n",
    );
    f.write(
        "content/subprocessors.yaml",
        &(f.read("content/subprocessors.yaml")
            + "- id: mailco\n  name: MailCo & Sons\n  purpose: Email <delivery>\n  category: email\n  location: Ireland\n  added: 2026-04-01\n"),
    );
    let out = f.build_ok();
    let xml = std::fs::read_to_string(out.join("trust/subprocessors.atom")).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("feed is well-formed XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let child = |n: roxmltree::Node<'_, '_>, name: &str| {
        n.children()
            .find(|c| c.has_tag_name(name))
            .map(|c| c.text().unwrap_or_default().to_owned())
    };
    assert!(child(feed, "id").is_some() && child(feed, "title").is_some());
    assert_eq!(child(feed, "updated").unwrap(), "2026-05-01T00:00:00Z");
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 3);
    let ids: Vec<String> = entries.iter().map(|e| child(*e, "id").unwrap()).collect();
    assert_eq!(
        ids,
        [
            "tag:trust.acme.example,2026-05-01:subprocessors/hostco/removed",
            "tag:trust.acme.example,2026-04-01:subprocessors/mailco/added",
            "tag:trust.acme.example,2024-01-01:subprocessors/hostco/added",
        ]
    );
    assert_eq!(
        child(entries[1], "title").unwrap(),
        "New subprocessor: MailCo & Sons"
    );
    assert!(
        child(entries[1], "summary")
            .unwrap()
            .contains("Email <delivery>")
    );
    for e in &entries {
        for required in ["id", "title", "updated", "link"] {
            assert!(
                e.children().any(|c| c.has_tag_name(required)),
                "entry lacks {required}"
            );
        }
    }
    // The feed is announced in every page's head.
    let head = select_all(
        &out.join("trust/index.html"),
        "link[rel=alternate][type='application/atom+xml']",
    );
    assert_eq!(head.len(), 1);
    // Rebuilding gives the same ids (stable entry ids, no build time in the feed).
    let again = f.build_ok();
    assert_eq!(
        std::fs::read_to_string(again.join("trust/subprocessors.atom")).unwrap(),
        xml
    );
}

#[test]
fn search_index_holds_only_what_the_site_shows() {
    let f = canary_fixture();
    let out = f.build_ok();
    for site in ["trust", "docs"] {
        let dir = out.join(site);
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("search-index.json")).unwrap()).unwrap();
        let entries = json.as_array().unwrap();
        assert!(!entries.is_empty());
        for e in entries {
            let url = e["u"].as_str().unwrap();
            let file = url.split('#').next().unwrap();
            assert!(
                dir.join(file).is_file(),
                "{site}: search entry points at missing {url}"
            );
        }
        let js = std::fs::read_to_string(dir.join("assets/search-index.js")).unwrap();
        assert!(js.starts_with("window.TRUSTBOOK_SEARCH = ["));
    }
    let trust_index = std::fs::read_to_string(out.join("trust/search-index.json")).unwrap();
    assert!(trust_index.contains("Access Control Policy"));
    assert!(
        trust_index.contains("Customer Handbook"),
        "locked items are findable by title"
    );
    let docs_index = std::fs::read_to_string(out.join("docs/search-index.json")).unwrap();
    assert!(docs_index.contains("CANARY-INTERNAL-TITLE"));
    assert!(!docs_index.contains("CANARY-CONFIDENTIAL"));
}

#[test]
fn all_internal_links_are_relative_and_assets_local() {
    let f = Fixture::valid();
    let out = f.build_ok();
    for (path, bytes) in files(&out.join("trust")) {
        if !path.ends_with(".html") || path == "404.html" {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        assert!(
            !html.contains("href=\"/"),
            "{path} has a root-relative link"
        );
        assert!(
            !html.contains("src=\"/"),
            "{path} has a root-relative source"
        );
        assert!(
            !html.contains("src=\"http"),
            "{path} loads a remote resource"
        );
        assert!(!html.contains("<script>"), "{path} has an inline script");
        assert!(
            html.contains("Content-Security-Policy"),
            "{path} lacks a CSP"
        );
    }
}

#[test]
fn markdown_renders_faithfully() {
    let f = Fixture::valid();
    f.write(
        "content/pages/features.md",
        "---\ntitle: Features\nclassification: public\n---\n\n## Tables {#tbl}\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\nA footnote.[^n] \"Quoted\" -- text and ~~struck~~.\n\n[^n]: The note.\n\n- [x] done\n- [ ] todo\n\n```yaml\nkey: value # comment\n```\n\n## Tables\n\nSee [above](#tbl) and [the FAQ](page:faq#where-is-data).\n",
    );
    let out = f.build_ok();
    let page = out.join("trust/pages/features.html");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("<h2 id=\"tbl\">"), "explicit id honoured");
    assert!(
        html.contains("<h2 id=\"tables\">"),
        "repeated heading gets the slug"
    );
    assert!(html.contains("<div class=\"table-wrap\"><table>"));
    assert!(
        html.contains("class=\"align-right\""),
        "alignment as a class, not a style"
    );
    assert!(html.contains("id=\"fn-n\"") && html.contains("href=\"#fn-n\""));
    assert!(html.contains("“Quoted” – text"), "smart punctuation");
    assert!(html.contains("<del>struck</del>"));
    assert!(html.contains("type=\"checkbox\""));
    assert!(
        html.contains("class=\"hl-"),
        "code highlighted with classes"
    );
    assert!(!html.contains("style=\""), "no inline styles");
    assert!(html.contains("href=\"../pages/faq.html#where-is-data\""));
    assert!(broken_links(&out.join("trust")).is_empty());
}

#[test]
fn a_project_theme_overrides_single_files() {
    let f = Fixture::valid();
    f.edit(
        "trustbook.yaml",
        "  url: https://trust.acme.example\n",
        "  url: https://trust.acme.example\n  theme: acme\n",
    );
    f.write("themes/acme/templates/policy.html", "{% extends \"base.html\" %}{% block content %}<p class=\"acme\">ACME {{ policy.title }}</p>{% endblock content %}");
    f.write("themes/acme/static/extra.css", "body{}");
    let out = f.build_ok();
    let html = std::fs::read_to_string(out.join("trust/policies/access-control.html")).unwrap();
    assert!(html.contains("<p class=\"acme\">ACME Access Control Policy</p>"));
    assert!(
        html.contains("assets/style.css"),
        "the rest of the default theme remains"
    );
    assert!(out.join("trust/assets/extra.css").is_file());
}

#[test]
fn unknown_theme_is_a_check_error() {
    let f = Fixture::valid();
    f.edit(
        "trustbook.yaml",
        "  url: https://trust.acme.example\n",
        "  url: https://trust.acme.example\n  theme: defualt\n",
    );
    let (code, report) = f.check_json();
    assert_eq!(code, 1);
    let d = common::only_error(&report, "missing-file");
    common::assert_at(d, "trustbook.yaml", 7, 10, "did you mean `default`?");
}

#[test]
fn broken_template_is_reported_and_output_untouched() {
    let f = Fixture::valid();
    let out = f.build_ok();
    let before = files(&out);
    f.edit(
        "trustbook.yaml",
        "  url: https://trust.acme.example\n",
        "  url: https://trust.acme.example\n  theme: broken\n",
    );
    f.write("themes/broken/templates/page.html", "{% extends \"base.html\" %}{% block content %}{{ doc.title | nosuchfilter }}{% endblock content %}");
    let run = f.run(&["build"]);
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("nosuchfilter"), "{err}");
    assert_eq!(
        files(&out),
        before,
        "a failed build leaves the output as it was"
    );
}
