//! The sites for a reviewer: controls by area, one list of documents on request with one
//! request action, navigation groups that keep the top bar short, and branding (name, logo,
//! accent colours checked for contrast). Each test builds a fixture project and reads the
//! pages back.

mod common;

use common::sites::broken_links;
use common::{Fixture, assert_at, only_error};
use scraper::{ElementRef, Html, Selector};
use std::path::Path;

fn html(path: &Path) -> Html {
    Html::parse_document(
        &std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text(e: ElementRef<'_>) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Texts of every match of a selector.
fn texts(doc: &Html, s: &str) -> Vec<String> {
    doc.select(&sel(s)).map(text).collect()
}

/// The `href` of every match of a selector.
fn hrefs(doc: &Html, s: &str) -> Vec<String> {
    doc.select(&sel(s))
        .filter_map(|e| e.value().attr("href").map(str::to_owned))
        .collect()
}

/// Percent-decodes a `mailto:` link (enough for the ASCII the tests use).
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(Ok(b)) = s.get(i + 1..i + 3).map(|h| u8::from_str_radix(h, 16))
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// A control entry for `controls/*.yaml`.
fn control(id: &str, criteria: &str, area: Option<&str>) -> String {
    let area = area.map(|a| format!("  area: {a}\n")).unwrap_or_default();
    format!(
        "- id: {id}\n  title: Control {id}\n  description: What {id} does.\n  owner: CTO\n  frequency: continuous\n  kind: preventive\n  criteria: [{criteria}]\n{area}  status: implemented\n  test_procedure: Inspect it.\n  public: true\n"
    )
}

/// A free page.
fn page(id: &str, title: &str, class: &str, order: u32, extra: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: {title}\nclassification: {class}\nsummary: About {title}.\norder: {order}\n{extra}---\n\nText of {title}.\n"
    )
}

#[test]
fn controls_are_grouped_by_area_with_the_criteria_they_address() {
    let f = Fixture::valid();
    let extra = [
        // CC6.1 with a governance criterion: access, not "CC5 Control Activities".
        control("MIX-01", "CC5.2, CC6.1", None),
        control("CHG-01", "CC8.1, CC6.8", None),
        control("ENC-01", "CC6.1, C1.1", Some("data-protection")),
        control("HR-01", "CC1.4", None),
        control("GOV-01", "CC3.1, CC5.1", None),
        control("BCP-01", "A1.2, CC7.5", None),
    ]
    .concat();
    f.write("controls/more.yaml", &extra);
    let out = f.build_ok();
    for site in ["trust", "docs"] {
        let doc = html(&out.join(site).join("controls/index.html"));
        let ids_in = |area: &str| {
            texts(
                &doc,
                &format!("section[aria-labelledby='{area}'] .control-id"),
            )
        };
        // AC-02 is not public: on the docs site only.
        let access: &[&str] = if site == "trust" {
            &["AC-01", "MIX-01"]
        } else {
            &["AC-01", "AC-02", "MIX-01"]
        };
        assert_eq!(ids_in("access"), access, "{site}");
        assert_eq!(ids_in("data-protection"), ["ENC-01"], "{site}");
        assert_eq!(ids_in("change"), ["CHG-01"], "{site}");
        assert_eq!(ids_in("people"), ["HR-01"], "{site}");
        assert_eq!(ids_in("resilience"), ["BCP-01"], "{site}");
        assert_eq!(ids_in("governance"), ["GOV-01"], "{site}");
        // Areas come in reading order, empty ones left out.
        assert_eq!(
            texts(&doc, "main h2"),
            [
                "Access control",
                "Data protection",
                "Change management",
                "People",
                "Resilience",
                "Governance and risk"
            ],
            "{site}"
        );
        // Each area names the criteria its controls address, in catalog order.
        let cited = texts(
            &doc,
            "section[aria-labelledby='access'] .area-criteria .crit",
        );
        let expected: &[&str] = if site == "trust" {
            &["CC5.2", "CC6.1", "CC6.6"]
        } else {
            &["CC5.2", "CC6.1", "CC6.2", "CC6.3", "CC6.6"]
        };
        assert_eq!(cited, expected, "{site}");
    }
}

#[test]
fn a_wrong_area_is_reported_with_the_closest_one() {
    let f = Fixture::valid();
    f.write(
        "controls/more.yaml",
        &control("ENC-01", "CC6.1", Some("dataprotection")),
    );
    let (code, report) = f.check_json();
    assert_eq!(code, 1);
    let d = only_error(&report, "invalid-value");
    assert_at(
        d,
        "controls/more.yaml",
        8,
        9,
        "did you mean `data-protection`?",
    );
}

/// The fixture with documents on request: a customer policy, three customer sections of the
/// system description, a customer page outside it, and an internal page (never named).
fn with_documents_on_request() -> Fixture {
    let f = Fixture::valid();
    f.write(
        "content/policies/vendor-management.md",
        &common::POLICY
            .replace("id: access-control", "id: vendor-management")
            .replace("Access Control Policy", "Vendor Management Policy")
            .replace("classification: public", "classification: customer"),
    );
    for (i, title) in ["Services", "Components", "Commitments"].iter().enumerate() {
        let id = format!("sd-{}", title.to_lowercase());
        f.write(
            &format!("content/pages/{id}.md"),
            &page(
                &id,
                title,
                "customer",
                i as u32 + 1,
                "group: system-description\n",
            ),
        );
    }
    f.write(
        "content/pages/pentest-summary.md",
        &page("pentest-summary", "Pentest summary", "customer", 50, ""),
    );
    f.write(
        "content/pages/runbook.md",
        &page("runbook", "Secret runbook", "internal", 60, ""),
    );
    f
}

#[test]
fn one_request_list_with_one_action_names_the_documents() {
    let f = with_documents_on_request();
    let out = f.build_ok();
    let home = html(&out.join("trust/index.html"));
    let items = texts(&home, ".request-list > li .request-title");
    assert_eq!(
        items,
        [
            "Vendor Management Policy",
            "System description",
            "Pentest summary"
        ]
    );
    // The system description is one document, with its section count.
    let sd = texts(
        &home,
        ".request-list > li#group-system-description .request-meta",
    );
    assert_eq!(sd, ["Document · 3 sections"]);
    // Every box is labelled, and nothing interactive sits inside the list but the boxes.
    for input in home.select(&sel(".request-list input")) {
        assert_eq!(input.value().attr("type"), Some("checkbox"));
        let id = input.value().attr("id").unwrap();
        assert_eq!(
            home.select(&sel(&format!("label[for='{id}']"))).count(),
            1,
            "no label for {id}"
        );
    }
    assert_eq!(home.select(&sel(".request-list input")).count(), 3);
    assert_eq!(
        home.select(&sel(".request-list a, .request-list button"))
            .count(),
        0
    );
    // One action; without JavaScript it names every document.
    let actions = hrefs(&home, "a.request-action");
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(
        home.select(&sel("main a.request")).count(),
        0,
        "no per-document buttons"
    );
    let mail = decode(&actions[0]);
    assert!(
        mail.starts_with("mailto:security@acme.example?subject=Document request: Acme Voice&body="),
        "{mail}"
    );
    for t in [
        "- Vendor Management Policy\n",
        "- System description\n",
        "- Pentest summary\n",
    ] {
        assert!(mail.contains(t), "{t:?} not in {mail}");
    }
    assert!(
        !mail.contains("Secret runbook") && !mail.contains("Services"),
        "{mail}"
    );
    // The script narrows the email with what the list carries.
    let list = home.select(&sel(".request-list")).next().unwrap();
    assert_eq!(
        list.value().attr("data-request-to"),
        Some("security@acme.example")
    );
    // Links to a locked section land on the one entry (search and cross-references).
    let index = std::fs::read_to_string(out.join("trust/search-index.json")).unwrap();
    assert!(
        index.contains("\"u\":\"index.html#group-system-description\""),
        "{index}"
    );
    assert!(broken_links(&out.join("trust")).is_empty());
    // The internal site shows everything it names, so it has no such list.
    let docs = html(&out.join("docs/index.html"));
    assert_eq!(docs.select(&sel(".request-list")).count(), 0);
}

#[test]
fn a_request_url_replaces_the_email_and_must_be_https() {
    let f = with_documents_on_request();
    f.edit(
        "trustbook.yaml",
        "  url: https://trust.acme.example\n",
        "  url: https://trust.acme.example\n  request_url: https://acme.example/nda-request\n",
    );
    let out = f.build_ok();
    let home = html(&out.join("trust/index.html"));
    assert_eq!(
        hrefs(&home, "a.request-action"),
        ["https://acme.example/nda-request"]
    );
    // Nothing to tick when the request page asks its own questions.
    assert_eq!(home.select(&sel(".request-list input")).count(), 0);
    assert_eq!(texts(&home, ".request-list > li").len(), 3);
    // Every other way to ask goes there too.
    let policies = html(&out.join("trust/policies/index.html"));
    assert_eq!(
        hrefs(&policies, "#vendor-management a.request"),
        ["https://acme.example/nda-request"]
    );

    f.edit(
        "trustbook.yaml",
        "request_url: https://acme.example/nda-request",
        "request_url: http://acme.example/nda-request",
    );
    let (code, report) = f.check_json();
    assert_eq!(code, 1);
    let d = only_error(&report, "invalid-value");
    assert_at(
        d,
        "trustbook.yaml",
        7,
        16,
        "did you mean `https://acme.example/nda-request`?",
    );
}

#[test]
fn nav_groups_keep_the_top_bar_short_and_light_up_the_current_group() {
    let f = Fixture::valid();
    for i in 0..20 {
        f.write(
            &format!("content/pages/legal-{i:02}.md"),
            &page(
                &format!("legal-{i:02}"),
                &format!("Legal {i:02}"),
                "public",
                40 + i,
                "nav_group: Legal\n",
            ),
        );
        f.write(
            &format!("content/pages/guide-{i:02}.md"),
            &page(
                &format!("guide-{i:02}"),
                &format!("Guide {i:02}"),
                "public",
                100 + i,
                "",
            ),
        );
    }
    for i in 0..3 {
        f.write(
            &format!("content/pages/sd-{i}.md"),
            &page(
                &format!("sd-{i}"),
                &format!("Section {i}"),
                "customer",
                i,
                "group: system-description\n",
            ),
        );
    }
    let out = f.build_ok();
    let nav = |site: &str, path: &str| {
        let doc = html(&out.join(site).join(path));
        (
            texts(&doc, ".site-nav a"),
            texts(&doc, ".site-nav a[aria-current='page']"),
        )
    };
    // 43 pages, one entry per group. The system description (customer) is a group on the
    // docs site only: the trust center lists its sections on request.
    let (trust, active) = nav("trust", "pages/legal-07.html");
    assert_eq!(
        trust,
        [
            "Overview",
            "Policies",
            "Controls",
            "Criteria",
            "Subprocessors",
            "Resources",
            "Legal"
        ]
    );
    assert_eq!(active, ["Legal"]);
    let (docs, active) = nav("docs", "pages/guide-03.html");
    assert_eq!(
        docs,
        [
            "Overview",
            "Policies",
            "Controls",
            "Criteria",
            "Subprocessors",
            "Evidence",
            "Readiness",
            "System description",
            "Resources",
            "Legal"
        ]
    );
    assert_eq!(active, ["Resources"]);
    assert!(
        !out.join("trust/pages/groups/system-description.html")
            .exists()
    );
    assert!(
        out.join("docs/pages/groups/system-description.html")
            .is_file()
    );

    // The group index lists its pages with summaries, in order, and is its entry's target.
    let legal = html(&out.join("trust/pages/groups/legal.html"));
    let titles = texts(&legal, ".group-pages > li > a");
    assert_eq!(titles.len(), 20);
    assert_eq!(titles.first().map(String::as_str), Some("Legal 00"));
    assert_eq!(titles.last().map(String::as_str), Some("Legal 19"));
    assert!(texts(&legal, ".group-pages > li")[0].contains("About Legal 00."));
    assert_eq!(texts(&legal, ".site-nav a[aria-current='page']"), ["Legal"]);
    let (_, home_active) = nav("trust", "index.html");
    assert_eq!(home_active, ["Overview"]);

    // A page lists its neighbours in a large group, and links to the whole group.
    let page = html(&out.join("trust/pages/legal-10.html"));
    let siblings = texts(&page, ".group-nav ol a");
    assert_eq!(siblings.first().map(String::as_str), Some("Legal 05"));
    assert_eq!(siblings.last().map(String::as_str), Some("Legal 15"));
    assert_eq!(
        texts(&page, ".group-nav a[aria-current='page']"),
        ["Legal 10"]
    );
    assert_eq!(
        hrefs(&page, ".group-nav .more a"),
        ["../pages/groups/legal.html"]
    );
    for site in ["trust", "docs"] {
        let broken = broken_links(&out.join(site));
        assert!(broken.is_empty(), "{site}: {broken:#?}");
    }
}

#[test]
fn a_nav_group_needs_a_title() {
    let f = Fixture::valid();
    f.write(
        "content/pages/odd.md",
        &page("odd", "Odd", "public", 1, "nav_group: \"--\"\n"),
    );
    let (code, report) = f.check_json();
    assert_eq!(code, 1);
    let d = only_error(&report, "invalid-value");
    assert_at(d, "content/pages/odd.md", 7, 12, "letters or digits");
}

#[test]
fn the_site_name_drops_the_legal_form_only() {
    let f = Fixture::valid();
    let out = f.build_ok();
    let home = html(&out.join("trust/index.html"));
    assert_eq!(texts(&home, ".brand-name"), ["Acme Voice"]);
    assert_eq!(texts(&home, "title"), ["Acme Voice Trust Center"]);
    // A name that is not "<name>, <legal form>" stays whole (it used to be "The").
    f.edit(
        "trustbook.yaml",
        "name: Acme Voice, Inc.",
        "name: The Acme Company",
    );
    let out = f.build_ok();
    let docs = html(&out.join("docs/index.html"));
    assert_eq!(texts(&docs, ".brand-name"), ["The Acme Company"]);
    assert_eq!(
        texts(&docs, "title"),
        ["The Acme Company Security Documentation"]
    );
    // `site.name` wins.
    f.edit(
        "trustbook.yaml",
        "  url: https://trust.acme.example\n",
        "  url: https://trust.acme.example\n  name: Acme\n",
    );
    let out = f.build_ok();
    let page = html(&out.join("trust/pages/faq.html"));
    assert_eq!(texts(&page, ".brand-name"), ["Acme"]);
    assert_eq!(texts(&page, "title"), ["FAQ · Acme Trust Center"]);
}

#[test]
fn an_accent_below_aa_contrast_is_refused_with_the_closest_passing_colour() {
    let f = Fixture::valid();
    f.edit(
        "trustbook.yaml",
        "  url: https://trust.acme.example\n",
        "  url: https://trust.acme.example\n  accent: \"#77bbff\"\n",
    );
    let (code, report) = f.check_json();
    assert_eq!(code, 1);
    let d = only_error(&report, "invalid-value");
    assert_at(d, "trustbook.yaml", 7, 11, "did you mean `#");
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains("contrast of") && message.contains("4.5:1"),
        "{message}"
    );
    // The suggestion passes: written instead, it is published in brand.css.
    let hint = d["hint"].as_str().unwrap();
    let suggestion = &hint[hint.find('#').unwrap()..][..7];
    f.edit("trustbook.yaml", "#77bbff", suggestion);
    let out = f.build_ok();
    for site in ["trust", "docs"] {
        let css = std::fs::read_to_string(out.join(site).join("assets/brand.css")).unwrap();
        assert!(css.contains(&format!("--accent: {suggestion};")), "{css}");
        // A dark accent is derived, for the dark theme.
        assert!(css.contains("prefers-color-scheme: dark"), "{css}");
        // Linked after the theme's stylesheet on every page, relative to the page.
        let page = std::fs::read_to_string(out.join(site).join("pages/faq.html")).unwrap();
        let theme = page.find("assets/style.css").unwrap();
        let brand = page.find("href=\"../assets/brand.css\"").unwrap();
        assert!(theme < brand);
    }
    // A dark accent too dark for the dark background is refused the same way.
    f.edit(
        "trustbook.yaml",
        &format!("accent: \"{suggestion}\"\n"),
        &format!("accent: \"{suggestion}\"\n  accent_dark: \"#1f5f8b\"\n"),
    );
    let (code, report) = f.check_json();
    assert_eq!(code, 1);
    let d = only_error(&report, "invalid-value");
    assert_at(d, "trustbook.yaml", 8, 16, "did you mean `#");
    assert!(d["message"].as_str().unwrap().contains("#0c1117"), "{d}");
}

#[test]
fn an_unquoted_or_malformed_accent_is_explained() {
    let f = Fixture::valid();
    f.edit(
        "trustbook.yaml",
        "  url: https://trust.acme.example\n",
        "  url: https://trust.acme.example\n  accent: #1f5f8b\n",
    );
    let (_, report) = f.check_json();
    assert_at(
        only_error(&report, "invalid-value"),
        "trustbook.yaml",
        7,
        3,
        "quote the colour",
    );
    f.edit("trustbook.yaml", "accent: #1f5f8b", "accent: \"#abc\"");
    let (_, report) = f.check_json();
    assert_at(
        only_error(&report, "invalid-value"),
        "trustbook.yaml",
        7,
        11,
        "did you mean `#aabbcc`?",
    );
    // Without an accent, no brand stylesheet.
    let g = Fixture::valid();
    let out = g.build_ok();
    assert!(!out.join("trust/assets/brand.css").exists());
}

#[test]
fn the_logo_is_published_on_both_sites_and_shown_with_its_alt_text() {
    let f = Fixture::valid();
    f.write(
        "content/assets/brand/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 8 8\"><rect width=\"8\" height=\"8\"/></svg>",
    );
    f.edit(
        "trustbook.yaml",
        "  url: https://trust.acme.example\n",
        "  url: https://trust.acme.example\n  logo: { file: brand/logo.svg, alt: \"Acme Voice\" }\n",
    );
    let out = f.build_ok();
    for site in ["trust", "docs"] {
        assert!(
            out.join(site).join("files/brand/logo.svg").is_file(),
            "{site}"
        );
        for (path, src) in [
            ("index.html", "files/brand/logo.svg"),
            ("controls/AC-01.html", "../files/brand/logo.svg"),
        ] {
            let doc = html(&out.join(site).join(path));
            let logo: Vec<(Option<&str>, Option<&str>)> = doc
                .select(&sel(".brand img"))
                .map(|e| (e.value().attr("src"), e.value().attr("alt")))
                .collect();
            assert_eq!(logo, [(Some(src), Some("Acme Voice"))], "{site}/{path}");
        }
    }
    // The auditor's package has no header to put it in.
    let listing = f.run(&["build", "--list-published"]);
    let listing = String::from_utf8_lossy(&listing.stdout);
    assert_eq!(listing.matches("the sites' logo").count(), 2, "{listing}");

    // The alternative text is required, and the file must be there.
    f.edit("trustbook.yaml", ", alt: \"Acme Voice\" }", " }");
    let (_, report) = f.check_json();
    let d = only_error(&report, "missing-field");
    assert!(d["message"].as_str().unwrap().contains("alt"), "{d}");
    f.edit(
        "trustbook.yaml",
        "logo: { file: brand/logo.svg }",
        "logo: { file: brand/logo.png, alt: Acme }",
    );
    let (_, report) = f.check_json();
    assert_at(
        only_error(&report, "missing-file"),
        "trustbook.yaml",
        7,
        17,
        "",
    );
}
