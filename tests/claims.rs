//! Honest claims: the trust center states only what is true on the as-of date, and every
//! output of a build agrees (attestations, review states, subprocessor notice, restricted
//! evidence, the package's period-scoped readiness).

mod common;

use common::{Fixture, diagnostics};
use scraper::{Html, Selector};
use serde_json::Value;
use std::path::Path;

const AS_OF: &str = "2026-09-01";

fn build(f: &Fixture, as_of: &str) -> std::path::PathBuf {
    let run = f.run(&["build", "--as-of", as_of]);
    assert!(
        run.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    f.path().join("out")
}

fn check(f: &Fixture, as_of: &str) -> Value {
    let out = f.run(&["check", "--format", "json", "--as-of", as_of]);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("no JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)))
}

fn html(path: &Path) -> Html {
    Html::parse_document(&std::fs::read_to_string(path).unwrap())
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text_of(e: scraper::ElementRef<'_>) -> String {
    e.text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every text a reader or a machine gets from the trust center: every file except the
/// theme's stylesheets (class names are not claims), the PDF's text and its metadata.
fn trust_texts(out: &Path) -> Vec<(String, String)> {
    let mut texts = Vec::new();
    for (path, bytes) in common::sites::files(&out.join("trust")) {
        if path.ends_with(".css") {
            continue;
        }
        if path.ends_with(".pdf") {
            let doc = lopdf::Document::load_mem(&bytes).unwrap();
            texts.push((path.clone(), common::pdfs::page_texts(&doc).join("\n")));
            for key in ["Title", "Subject", "Keywords", "Author"] {
                texts.push((format!("{path} /{key}"), common::pdfs::info(&doc, key)));
            }
        } else {
            texts.push((path, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    texts
}

fn claims_in(out: &Path) -> Vec<String> {
    let needles = [
        "soc 2",
        "soc2",
        "type ii",
        "type 2",
        "attest",
        "birch",
        "request the report",
        "examination",
        "examined",
        "auditor",
        "iso 27001",
        "iso/iec 27001",
    ];
    let mut found = Vec::new();
    for (path, text) in trust_texts(out) {
        let lower = text.to_lowercase();
        for n in needles {
            if lower.contains(n) {
                found.push(format!("{n:?} in {path}"));
            }
        }
    }
    found
}

/// The fixture with a named auditor in the package scope and no vendor reports, so any
/// mention of an examination on the trust center can only be a claim.
fn unattested() -> Fixture {
    let f = Fixture::valid();
    f.edit(
        "trustbook.yaml",
        "  categories: [security, availability]\n",
        "  categories: [security, availability]\n  auditor: Birch & Co CPA\n",
    );
    f.edit(
        "content/subprocessors.yaml",
        "  certifications:\n    - name: SOC 2 Type II\n      report_date: 2026-03-31\n",
        "",
    );
    f
}

#[test]
fn without_attestations_nothing_on_the_trust_center_claims_one() {
    let f = unattested();
    let out = build(&f, AS_OF);
    let found = claims_in(&out);
    assert!(
        found.is_empty(),
        "the trust center claims:\n{}",
        found.join("\n")
    );
    // The home page has no attestation section at all, and no coverage figures.
    let home = html(&out.join("trust/index.html"));
    assert_eq!(home.select(&sel(".attestation")).count(), 0);
    assert_eq!(home.select(&sel("progress, .cov")).count(), 0);
    for (path, text) in trust_texts(&out) {
        for figure in [
            "Coverage gaps",
            "criteria covered",
            "Not covered",
            "eadiness",
        ] {
            assert!(!text.contains(figure), "{figure:?} in {path}");
        }
    }
    // The same project with one issued report does say so: the scan above can fail.
    f.edit(
        "trustbook.yaml",
        "audit:",
        "attestations:\n  - id: soc2-2026\n    framework: soc2-type2\n    status: issued\n    period: { start: 2026-01-01, end: 2026-06-30 }\n    issued: 2026-08-14\n    auditor: Birch & Co CPA\naudit:",
    );
    let out = build(&f, AS_OF);
    let found = claims_in(&out).join("\n");
    for claim in [
        "\"soc 2\" in index.html",
        "\"birch\" in index.html",
        "\"soc 2\" in downloads/",
    ] {
        assert!(found.contains(claim), "{claim} missing from:\n{found}");
    }
}

const FOUR_STATES: &str = "attestations:
  - id: soc2-h1
    framework: soc2-type2
    status: issued
    period: { start: 2026-01-01, end: 2026-06-30 }
    issued: 2026-08-14
    auditor: Birch & Co CPA
    categories: [security, availability]
    bridge_letter: true
  - id: soc2-h2
    framework: soc2-type2
    status: in-progress
    period: { start: 2026-07-01, end: 2026-12-31 }
  - id: iso
    framework: iso27001
    name: ISO/IEC 27001:2022
    status: planned
  - id: pentest-2025
    framework: pentest
    status: issued
    period: { start: 2025-02-03, end: 2025-02-14 }
    issued: 2025-03-01
    valid_until: 2026-03-01
    testing_firm: Quillon Security
    report: public
    report_file: pentest-2025.pdf
  - id: soc3
    framework: soc3
    status: issued
    period: { start: 2026-01-01, end: 2026-06-30 }
    issued: 2026-08-20
    report: public
    report_file: reports/soc3-2026.pdf
";

fn four_states() -> Fixture {
    let f = Fixture::valid();
    f.edit("trustbook.yaml", "audit:", &format!("{FOUR_STATES}audit:"));
    f.write_bytes(
        "content/assets/pentest-2025.pdf",
        b"%PDF-1.4 pentest summary",
    );
    f.write_bytes(
        "content/assets/reports/soc3-2026.pdf",
        b"%PDF-1.4 soc 3 report",
    );
    f
}

#[test]
fn each_attestation_shows_one_status_word_and_a_report_only_when_issued() {
    let f = four_states();
    let out = build(&f, AS_OF);
    let home = html(&out.join("trust/index.html"));
    let mut seen = Vec::new();
    for card in home.select(&sel("article.attestation")) {
        let id = card
            .value()
            .attr("id")
            .unwrap()
            .trim_start_matches("attestation-")
            .to_owned();
        let status = text_of(card.select(&sel(".attestation-status")).next().unwrap());
        let request = card
            .select(&sel("a[href^='mailto:']"))
            .map(|a| a.value().attr("href").unwrap().to_owned())
            .collect::<Vec<_>>();
        let download = card
            .select(&sel("a[href^='files/']"))
            .map(|a| a.value().attr("href").unwrap().to_owned())
            .collect::<Vec<_>>();
        seen.push((id, status, request.len(), download));
    }
    assert_eq!(
        seen,
        vec![
            ("soc2-h1".into(), "Issued".into(), 1, vec![]),
            ("soc2-h2".into(), "In progress".into(), 0, vec![]),
            ("iso".into(), "Planned".into(), 0, vec![]),
            ("pentest-2025".into(), "Expired".into(), 0, vec![]),
            (
                "soc3".into(),
                "Issued".into(),
                0,
                vec!["files/reports/soc3-2026.pdf".to_owned()]
            ),
        ]
    );
    let page = std::fs::read_to_string(out.join("trust/index.html")).unwrap();
    assert!(page.contains("Status as of <time datetime=\"2026-09-01\">September 1, 2026</time>"));
    assert!(
        page.contains("Observation window"),
        "an in-progress Type II shows its window"
    );
    assert!(page.contains("Bridge letter"));
    // Only the issued public report is published; the expired one stays in the project.
    assert_eq!(
        std::fs::read(out.join("trust/files/reports/soc3-2026.pdf")).unwrap(),
        b"%PDF-1.4 soc 3 report"
    );
    assert!(!out.join("trust/files/pentest-2025.pdf").exists());
    assert!(!out.join("docs/files/pentest-2025.pdf").exists());
    // The trust PDF says the same, with the same words.
    let doc = common::pdfs::load(&out.join("trust/downloads/acme-voice-trust-1.0.pdf"));
    let text: String = common::pdfs::page_texts(&doc).join(" ");
    let squeezed: String = text.split_whitespace().collect();
    for word in [
        "Issued",
        "Inprogress",
        "Planned",
        "Expired",
        "Statusesasof2026-09-01",
    ] {
        assert!(
            squeezed.contains(word),
            "{word} missing from the trust PDF:\n{text}"
        );
    }
    // Before it was issued, the same report reads In progress and nothing is requestable.
    let out = build(&f, "2026-08-01");
    let home = html(&out.join("trust/index.html"));
    let first = home.select(&sel("article.attestation")).next().unwrap();
    assert_eq!(
        text_of(first.select(&sel(".attestation-status")).next().unwrap()),
        "In progress"
    );
    assert_eq!(first.select(&sel("a")).count(), 0);
    assert!(!out.join("trust/files/reports/soc3-2026.pdf").exists());
    // check warns that the pen test reads Expired.
    let report = check(&f, AS_OF);
    let outdated: Vec<Value> = diagnostics(&report)
        .into_iter()
        .filter(|d| d["code"] == "outdated")
        .collect();
    assert_eq!(outdated.len(), 1, "{report:#}");
    assert_eq!(outdated[0]["severity"], "warning");
    assert_eq!(outdated[0]["file"], "trustbook.yaml");
    assert!(outdated[0]["message"].as_str().unwrap().contains("Expired"));
}

/// One attestation written into the fixture, checked; returns the diagnostics.
fn check_attestation(entry: &str) -> Vec<Value> {
    let f = Fixture::valid();
    f.edit(
        "trustbook.yaml",
        "audit:",
        &format!("attestations:\n{entry}audit:"),
    );
    diagnostics(&check(&f, AS_OF))
}

fn one(diags: &[Value], severity: &str, code: &str) -> Value {
    let found: Vec<&Value> = diags
        .iter()
        .filter(|d| d["severity"] == severity && d["code"] == code)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one {severity} {code} in {diags:#?}"
    );
    found[0].clone()
}

#[test]
fn check_validates_the_attestations_block() {
    // Issued without a date: where the status is written.
    let d = check_attestation(
        "  - id: a\n    framework: soc2-type1\n    status: issued\n    period: { start: 2026-06-30, end: 2026-06-30 }\n",
    );
    let e = one(&d, "error", "missing-field");
    common::assert_at(&e, "trustbook.yaml", 12, 13, "issued: 2026-08-14");
    // Issued before the period ended.
    let d = check_attestation(
        "  - id: a\n    framework: soc2-type2\n    status: issued\n    period: { start: 2026-01-01, end: 2026-06-30 }\n    issued: 2026-06-01\n",
    );
    let e = one(&d, "error", "invalid-value");
    common::assert_at(&e, "trustbook.yaml", 14, 13, "after its period");
    // A Type II period under three months is a warning, not an error.
    let d = check_attestation(
        "  - id: a\n    framework: soc2-type2\n    status: in-progress\n    period: { start: 2026-07-01, end: 2026-08-15 }\n",
    );
    let w = one(&d, "warning", "suspicious");
    assert!(w["message"].as_str().unwrap().contains("46 days"), "{w:#}");
    assert!(d.iter().all(|x| x["severity"] != "error"), "{d:#?}");
    // A misspelt framework gets the closest one.
    let d = check_attestation("  - id: a\n    framework: soc2type2\n    status: planned\n");
    let e = one(&d, "error", "invalid-value");
    assert!(e["hint"].as_str().unwrap().contains("soc2-type2"), "{e:#}");
    // A public report needs its file, and the file must exist under content/assets/.
    let d = check_attestation(
        "  - id: a\n    framework: soc3\n    status: planned\n    period: { start: 2026-01-01, end: 2026-06-30 }\n    report: public\n",
    );
    one(&d, "error", "missing-field");
    let d = check_attestation(
        "  - id: a\n    framework: soc3\n    status: planned\n    period: { start: 2026-01-01, end: 2026-06-30 }\n    report: public\n    report_file: ../../etc/passwd\n",
    );
    one(&d, "error", "path-escape");
    let d = check_attestation(
        "  - id: a\n    framework: soc3\n    status: planned\n    period: { start: 2026-01-01, end: 2026-06-30 }\n    report: public\n    report_file: soc3.pdf\n",
    );
    one(&d, "error", "missing-file");
    // Categories belong to SOC reports; two ids may not collide.
    let d = check_attestation(
        "  - id: a\n    framework: pentest\n    status: planned\n    categories: [security]\n",
    );
    let e = one(&d, "error", "invalid-value");
    assert!(
        e["message"].as_str().unwrap().contains("SOC 2 and SOC 3"),
        "{e:#}"
    );
    let d = check_attestation(
        "  - id: a\n    framework: pentest\n    status: planned\n  - id: a\n    framework: other\n    name: HITRUST\n    status: planned\n",
    );
    one(&d, "error", "duplicate-id");
}

#[test]
fn an_overdue_public_policy_says_so_instead_of_a_past_next_review() {
    let f = Fixture::valid();
    f.edit(
        "content/policies/access-control.md",
        "effective: 2026-01-01\nlast_reviewed: 2026-01-01",
        "effective: 2025-06-01\nlast_reviewed: 2025-06-01",
    );
    let out = build(&f, AS_OF);
    let list = html(&out.join("trust/policies/index.html"));
    let cell = list
        .select(&sel("#access-control td[data-label='Next review']"))
        .next()
        .unwrap();
    let cell = text_of(cell);
    assert!(
        cell.trim_start_matches("! ").starts_with("Review overdue"),
        "{cell}"
    );
    assert!(cell.contains("due since 2026-06-01"), "{cell}");
    let page = std::fs::read_to_string(out.join("trust/policies/access-control.html")).unwrap();
    assert!(page.contains("Review overdue"));
    let pdf = common::pdfs::load(&out.join("trust/downloads/acme-voice-trust-1.0.pdf"));
    let text: String = common::pdfs::page_texts(&pdf)
        .join("")
        .split_whitespace()
        .collect();
    assert!(text.contains("Overduesince2026-06-01"), "{text}");
    // Reviewed on time, the same cell is the next review's date.
    let out = build(&f, "2026-03-01");
    let list = html(&out.join("trust/policies/index.html"));
    let cell = text_of(
        list.select(&sel("#access-control td[data-label='Next review']"))
            .next()
            .unwrap(),
    );
    assert_eq!(cell, "2026-06-01");
}

const SUBPROCESSORS: &str = "
- id: newco
  name: NewCo
  purpose: Speech synthesis
  category: speech
  location: Ireland
  added: 2026-10-01
  announced: 2026-08-20
- id: oldco
  name: OldCo
  purpose: Email delivery
  category: email
  location: Germany
  added: 2024-01-01
  removed: 2026-09-30
- id: secretco
  name: SecretCo
  purpose: Something not yet announced
  category: analytics
  location: France
  added: 2026-12-01
  announced: 2026-10-15
- id: lateco
  name: LateCo
  purpose: Telephony
  category: telephony
  location: Netherlands
  added: 2026-09-20
  announced: 2026-09-01
- id: quietco
  name: QuietCo
  purpose: Support desk
  category: support
  location: Ireland
  added: 2026-10-10
";

#[test]
fn upcoming_leaving_and_unannounced_subprocessors_on_every_output() {
    let f = Fixture::valid();
    let list = f.read("content/subprocessors.yaml");
    f.write(
        "content/subprocessors.yaml",
        &format!("{list}{SUBPROCESSORS}"),
    );
    let out = build(&f, AS_OF);
    let trust = out.join("trust");

    // The page: an Upcoming group, a Leaving badge, nothing about SecretCo.
    let page = html(&trust.join("subprocessors/index.html"));
    let upcoming: Vec<String> = page
        .select(&sel("section[aria-labelledby='group-upcoming'] tbody tr"))
        .map(|tr| tr.value().attr("id").unwrap().to_owned())
        .collect();
    assert_eq!(upcoming, ["newco", "lateco", "quietco"]);
    let newco = text_of(page.select(&sel("#newco")).next().unwrap());
    assert!(newco.contains("Upcoming (from October 1, 2026)"), "{newco}");
    let oldco = text_of(page.select(&sel("#oldco")).next().unwrap());
    assert!(oldco.contains("Leaving on September 30, 2026"), "{oldco}");
    common::sites::assert_absent(&trust, &["secretco", "SecretCo"]);
    // The internal site lists it, marked.
    let docs = std::fs::read_to_string(out.join("docs/subprocessors/index.html")).unwrap();
    assert!(docs.contains("SecretCo") && docs.contains("Not announced yet"));

    // The feed: announced changes from their announcement dates.
    let atom = std::fs::read_to_string(trust.join("subprocessors.atom")).unwrap();
    let feed = roxmltree::Document::parse(&atom).unwrap();
    let entry = |id_part: &str| {
        feed.descendants()
            .filter(|n| n.has_tag_name("entry"))
            .find(|e| {
                e.children()
                    .any(|c| c.has_tag_name("id") && c.text().unwrap_or("").contains(id_part))
            })
            .map(|e| {
                let get = |t: &str| {
                    e.children()
                        .find(|c| c.has_tag_name(t))
                        .and_then(|c| c.text())
                        .unwrap_or("")
                        .to_owned()
                };
                (get("id"), get("title"), get("published"), get("updated"))
            })
    };
    let (newco_id, title, published, updated) = entry("/newco/").unwrap();
    assert_eq!(title, "Upcoming subprocessor: NewCo (from 2026-10-01)");
    assert_eq!(published, "2026-08-20T00:00:00Z");
    assert_eq!(updated, "2026-08-20T00:00:00Z");
    assert!(entry("/secretco/").is_none());
    let (_, _, published, _) = entry("/quietco/").unwrap();
    assert_eq!(
        published, "2026-09-01T00:00:00Z",
        "missing announced: the as-of date"
    );
    assert!(
        entry("/oldco/removed").is_none(),
        "a removal appears once it happened"
    );

    // The machine-readable lists.
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(trust.join("subprocessors.json")).unwrap())
            .unwrap();
    assert_eq!(json["as_of"], AS_OF);
    let status: Vec<(String, String, Value)> = json["subprocessors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_owned(),
                s["status"].as_str().unwrap().to_owned(),
                s["announced"].clone(),
            )
        })
        .collect();
    assert_eq!(
        status,
        vec![
            ("hostco".into(), "active".into(), Value::Null),
            ("newco".into(), "upcoming".into(), "2026-08-20".into()),
            ("oldco".into(), "leaving".into(), Value::Null),
            ("lateco".into(), "upcoming".into(), "2026-09-01".into()),
            ("quietco".into(), "upcoming".into(), "2026-09-01".into()),
        ]
    );
    assert!(json["subprocessors"][0].get("notes").is_none());
    let csv = std::fs::read_to_string(trust.join("subprocessors.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let headers = rows.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (id, st) = (col("ID"), col("Status"));
    let got: Vec<(String, String)> = rows
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[id].to_owned(), r[st].to_owned())
        })
        .collect();
    assert_eq!(got.len(), 5);
    assert!(got.contains(&("oldco".into(), "leaving".into())));
    assert!(!headers.iter().any(|h| h == "Notes"));

    // check asks for the real announcement date and flags short notice.
    let d = diagnostics(&check(&f, AS_OF));
    let quiet = one(&d, "warning", "missing-field");
    assert!(
        quiet["message"].as_str().unwrap().contains("QuietCo"),
        "{quiet:#}"
    );
    let late = one(&d, "warning", "date-conflict");
    assert!(
        late["message"]
            .as_str()
            .unwrap()
            .contains("19 days before it starts"),
        "{late:#}"
    );

    // Later, SecretCo is announced and NewCo started: the same feed entry, updated.
    let out = build(&f, "2026-10-20");
    let atom = std::fs::read_to_string(out.join("trust/subprocessors.atom")).unwrap();
    assert!(atom.contains("Upcoming subprocessor: SecretCo (from 2026-12-01)"));
    assert!(atom.contains(&format!("<id>{newco_id}</id>")));
    assert!(atom.contains("New subprocessor: NewCo"));
    assert!(atom.contains("Subprocessor removed: OldCo"));
}

#[test]
fn restricted_evidence_is_counted_the_same_everywhere() {
    let f = Fixture::valid();
    f.edit(
        "content/evidence/index.yaml",
        "  period: 2026-Q2\n",
        "  period: 2026-Q2\n  classification: confidential\n",
    );
    let out = build(&f, AS_OF);
    let control = html(&out.join("docs/controls/AC-02.html"));
    let heading = text_of(control.select(&sel("#evidence")).next().unwrap());
    assert_eq!(heading, "Evidence 2");
    let note = text_of(control.select(&sel(".restricted-note")).next().unwrap());
    assert!(note.starts_with("1 more item (restricted"), "{note}");
    let index = html(&out.join("docs/evidence/index.html"));
    let lead = text_of(index.select(&sel("p.lead")).next().unwrap());
    assert!(
        lead.starts_with("2 evidence items") && lead.contains("1 listed here, 1 restricted"),
        "{lead}"
    );
    let home = html(&out.join("docs/index.html"));
    let stats = text_of(home.select(&sel(".stats")).next().unwrap());
    assert!(stats.contains("Evidence items 2 1 restricted"), "{stats}");
    // The readiness page counts the restricted quarter as present, as the package does.
    let readiness = html(&out.join("docs/readiness.html"));
    let row = readiness
        .select(&sel("table.calendar tbody tr"))
        .find(|tr| text_of(*tr).contains("AC-02"))
        .unwrap();
    let states: Vec<&str> = row
        .select(&sel("td.cal"))
        .map(|td| td.value().attr("class").unwrap())
        .collect();
    assert_eq!(
        states,
        ["cal state-present", "cal state-present"],
        "a restricted item counts"
    );
    let lead = text_of(readiness.select(&sel("p.lead")).next().unwrap());
    assert!(
        lead.contains("include 1 restricted item that this site does not list"),
        "{lead}"
    );
    let zip = out.join("audit/acme-voice-audit-1.0.zip");
    let z = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let evidence = z
        .file_names()
        .filter(|n| n.as_ref().is_ok_and(|n| n.contains("/evidence/AC-02/")))
        .count();
    assert_eq!(evidence, 2);
    // With every item restricted, the control still is not "without evidence".
    f.edit(
        "content/evidence/index.yaml",
        "  period: 2026-Q1\n",
        "  period: 2026-Q1\n  classification: confidential\n",
    );
    let out = build(&f, AS_OF);
    let page = std::fs::read_to_string(out.join("docs/controls/AC-02.html")).unwrap();
    assert!(!page.contains("No evidence collected yet"));
    assert!(page.contains("2 items (restricted"));
}

#[test]
fn the_package_judges_its_period_with_the_review_history() {
    let f = Fixture::valid();
    // Reviewed in April 2025 and again only after the period: overdue during it, fine today.
    f.edit(
        "content/policies/access-control.md",
        "effective: 2026-01-01\nlast_reviewed: 2026-01-01",
        "effective: 2025-01-01\nlast_reviewed: 2026-08-20\nreviews:\n  - { date: 2025-04-01, by: CTO, version: \"0.9\", summary: First review }\n  - { date: 2026-08-20, by: CTO, version: \"1.0\", summary: Late annual review }",
    );
    // Reviewed in August 2025: due after the period, overdue today.
    let second = common::POLICY
        .replace("id: access-control", "id: backup")
        .replace("title: Access Control Policy", "title: Backup Policy")
        .replace(
            "effective: 2026-01-01\nlast_reviewed: 2026-01-01",
            "effective: 2025-08-01\nlast_reviewed: 2025-08-01",
        );
    f.write("content/policies/backup.md", &second);
    let overdue = |report: &Value| -> Vec<String> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["kind"] == "review-overdue")
            .map(|x| x["subject"].as_str().unwrap().to_owned())
            .collect()
    };
    let today = check(&f, AS_OF);
    assert_eq!(overdue(&today["readiness"]), ["backup"]);
    let out = build(&f, AS_OF);
    let zip = out.join("audit/acme-voice-audit-1.0.zip");
    let mut z = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let mut json = String::new();
    std::io::Read::read_to_string(
        &mut z.by_name("acme-voice-audit-1.0/readiness.json").unwrap(),
        &mut json,
    )
    .unwrap();
    let packaged: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(packaged["as_of"], "2026-06-30");
    assert_eq!(packaged["basis"], "the end of the audit period");
    assert_eq!(overdue(&packaged), ["access-control"]);
    // Evidence collected after the period for a quarter inside it counts for the package.
    let missing_q2 = packaged["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["subject"] == "AC-02" && x["period"] == "2026-Q2");
    assert!(!missing_q2, "{packaged:#}");
    // The auditor's PDF says which day it judges, and lists the review history.
    let doc = common::pdfs::load(&out.join("audit/acme-voice-audit-1.0.pdf"));
    let text: String = common::pdfs::page_texts(&doc)
        .join("")
        .split_whitespace()
        .collect();
    assert!(
        text.contains("Judgedasof2026-06-30(theendoftheauditperiod)"),
        "{text}"
    );
    assert!(
        text.contains("Reviewhistory") && text.contains("Lateannualreview"),
        "{text}"
    );
    // The docs site says which date it uses, and shows the history.
    let readiness = std::fs::read_to_string(out.join("docs/readiness.html")).unwrap();
    assert!(readiness.contains("as of 2026-09-01 (the as-of date of this build)"));
    let policy = std::fs::read_to_string(out.join("docs/policies/access-control.html")).unwrap();
    assert!(policy.contains("Review history") && policy.contains("First review"));
    let public = std::fs::read_to_string(out.join("trust/policies/access-control.html")).unwrap();
    assert!(
        !public.contains("First review"),
        "the history (with names) is internal"
    );
}

#[test]
fn dates_that_contradict_each_other_are_reported() {
    let f = Fixture::valid();
    f.edit(
        "content/policies/access-control.md",
        "effective: 2026-01-01\nlast_reviewed: 2026-01-01",
        "effective: 2026-05-01\nlast_reviewed: 2026-01-01\nreviews:\n  - { date: 2026-01-01 }\n  - { date: 2026-10-01 }",
    );
    f.edit(
        "content/evidence/index.yaml",
        "  collected: 2026-04-03\n  period: 2026-Q1",
        "  collected: 2025-12-20\n  period: 2026-Q1",
    );
    f.edit(
        "content/evidence/index.yaml",
        "collected: 2026-07-02",
        "collected: 2026-09-15",
    );
    let d = diagnostics(&check(&f, AS_OF));
    // last_reviewed must be the latest review.
    let e = one(&d, "error", "invalid-value");
    common::assert_at(
        &e,
        "content/policies/access-control.md",
        8,
        16,
        "last_reviewed: 2026-10-01",
    );
    f.edit(
        "content/policies/access-control.md",
        "last_reviewed: 2026-01-01\n",
        "",
    );
    let d = diagnostics(&check(&f, AS_OF));
    let conflicts: Vec<String> = d
        .iter()
        .filter(|x| x["code"] == "date-conflict" && x["severity"] == "warning")
        .map(|x| x["message"].as_str().unwrap().to_owned())
        .collect();
    let expect = [
        "a review dated 2026-10-01, after the as-of date 2026-09-01",
        "collected on 2025-12-20, before the period it shows starts (2026-01-01)",
        "was collected on 2026-09-15, after the as-of date 2026-09-01",
    ];
    for m in expect {
        assert!(
            conflicts.iter().any(|c| c.contains(m)),
            "{m} not in {conflicts:#?}"
        );
    }
    // A version that took effect long after its last review.
    let f = Fixture::valid();
    f.edit(
        "content/policies/access-control.md",
        "effective: 2026-01-01\nlast_reviewed: 2026-01-01",
        "effective: 2026-05-01\nlast_reviewed: 2026-01-01",
    );
    let d = diagnostics(&check(&f, AS_OF));
    let w = one(&d, "warning", "date-conflict");
    assert!(
        w["message"]
            .as_str()
            .unwrap()
            .contains("120 days after the last review"),
        "{w:#}"
    );
}

#[test]
fn the_example_states_its_position() {
    let (_dir, out) = common::build_example(&[("SOURCE_DATE_EPOCH", "1795910400")]);
    // 2026-11-29: the first report issued, the second period under way, the pen test issued.
    let home = html(&out.join("trust/index.html"));
    let states: Vec<String> = home
        .select(&sel("article.attestation .attestation-status"))
        .map(text_of)
        .collect();
    assert_eq!(states, ["Issued", "In progress", "Issued"]);
    let page = std::fs::read_to_string(out.join("trust/subprocessors/index.html")).unwrap();
    assert!(page.contains("Upcoming (from December 14, 2026)"));
}
