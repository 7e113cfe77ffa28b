//! Readiness: a clean fixture has no findings; each planted gap yields exactly its finding;
//! `check --strict` gates on them; the docs site, package and auditor PDF carry the analysis,
//! and the trust center does not.

mod common;

use common::Fixture;
use serde_json::Value;

const AS_OF: &str = "2026-07-15";

const ALL_CC_BUT_CC9_2: &str = "[CC1.1, CC1.2, CC1.3, CC1.4, CC1.5, CC2.1, CC2.2, CC2.3, CC3.1, CC3.2, CC3.3, CC3.4, CC4.1, CC4.2, CC5.1, CC5.2, CC5.3, CC6.1, CC6.2, CC6.3, CC6.4, CC6.5, CC6.6, CC6.7, CC6.8, CC7.1, CC7.2, CC7.3, CC7.4, CC7.5, CC8.1, CC9.1]";

/// A project with no gaps as of 2026-07-15: every Security criterion covered, evidence for
/// every slice, a recent review and a current hosting report.
fn clean() -> Fixture {
    let f = Fixture::valid();
    f.edit(
        "trustbook.yaml",
        "categories: [security, availability]",
        "categories: [security]",
    );
    f.edit(
        "content/policies/access-control.md",
        "last_reviewed: 2026-01-01",
        "last_reviewed: 2026-03-01",
    );
    f.write(
        "controls/access.yaml",
        &format!(
            "- id: GOV-01\n  title: Annual governance review\n  description: The board reviews the security program.\n  owner: CEO\n  frequency: annual\n  kind: preventive\n  criteria: {ALL_CC_BUT_CC9_2}\n  policies: [access-control]\n  subprocessors: [hostco]\n  status: implemented\n  test_procedure: Inspect the minutes.\n  public: true\n- id: VEN-01\n  title: Quarterly vendor review\n  description: Vendors are reviewed each quarter.\n  owner: Security Lead\n  frequency: quarterly\n  kind: detective\n  criteria: [CC9.2]\n  status: implemented\n  test_procedure: Inspect both reviews.\n"
        ),
    );
    f.write(
        "content/evidence/index.yaml",
        "- control: GOV-01\n  title: Board minutes\n  file: GOV-01/minutes.md\n  collected: 2026-03-10\n- control: VEN-01\n  title: Vendor review Q1\n  file: VEN-01/q1.csv\n  collected: 2026-04-02\n  period: 2026-Q1\n- control: VEN-01\n  title: Vendor review Q2\n  file: VEN-01/q2.csv\n  collected: 2026-07-03\n  period: 2026-Q2\n",
    );
    f.write("content/evidence/GOV-01/minutes.md", "# Minutes\n");
    f.write("content/evidence/VEN-01/q1.csv", "vendor,decision\n");
    f.write("content/evidence/VEN-01/q2.csv", "vendor,decision\n");
    f
}

fn check(f: &Fixture, strict: bool) -> (i32, Value) {
    let mut args = vec!["check", "--format", "json", "--as-of", AS_OF];
    if strict {
        args.push("--strict");
    }
    let out = f.run(&args);
    (
        out.status.code().unwrap(),
        serde_json::from_slice(&out.stdout).unwrap(),
    )
}

fn findings(report: &Value) -> Vec<Value> {
    report["readiness"]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn clean_fixture_has_no_findings_and_passes_strict() {
    let f = clean();
    let (code, report) = check(&f, true);
    assert_eq!(findings(&report), Vec::<Value>::new(), "{report:#}");
    assert_eq!(code, 0);
    let r = &report["readiness"];
    assert_eq!(r["as_of"], AS_OF);
    assert_eq!(r["criteria_covered"]["covered"], 33);
    assert_eq!(r["criteria_covered"]["in_scope"], 33);
    assert_eq!(r["evidence_slices"]["due"], 3, "annual 2026 + Q1 + Q2");
    assert_eq!(r["evidence_slices"]["present"], 3);
}

#[test]
fn missing_quarter_is_exactly_one_finding() {
    let f = clean();
    let idx = f.read("content/evidence/index.yaml");
    let q2 = idx
        .find("- control: VEN-01\n  title: Vendor review Q2")
        .unwrap();
    f.write("content/evidence/index.yaml", &idx[..q2]);
    let (code, report) = check(&f, true);
    assert_eq!(code, 1, "--strict fails on a readiness error");
    let all = findings(&report);
    assert_eq!(all.len(), 1, "{all:#?}");
    let d = &all[0];
    assert_eq!(d["kind"], "evidence-missing");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["subject"], "VEN-01");
    assert_eq!(d["period"], "2026-Q2");
    assert_eq!(d["file"], "controls/access.yaml");
    assert_eq!(d["line"], 13);
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("2026-04-01 to 2026-06-30")
    );
    // Without --strict the same project passes.
    assert_eq!(check(&f, false).0, 0);
}

#[test]
fn dropping_the_last_control_of_a_criterion_uncovers_it() {
    let f = clean();
    f.edit(
        "controls/access.yaml",
        "  criteria: [CC9.2]\n",
        "  criteria: [CC9.1]\n",
    );
    let (code, report) = check(&f, true);
    assert_eq!(code, 1);
    let all = findings(&report);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0]["kind"], "criterion-uncovered");
    assert_eq!(all[0]["subject"], "CC9.2");
    assert_eq!(
        all[0]["file"], "trustbook.yaml",
        "built-in criteria point at the scope"
    );
}

#[test]
fn a_criterion_covered_only_by_planned_controls_says_so() {
    let f = clean();
    f.edit(
        "controls/access.yaml",
        "  criteria: [CC9.2]\n  status: implemented",
        "  criteria: [CC9.2]\n  status: planned",
    );
    let (_, report) = check(&f, false);
    let all = findings(&report);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0]["kind"], "criterion-uncovered");
    assert!(
        all[0]["message"]
            .as_str()
            .unwrap()
            .contains("not yet operating (VEN-01)"),
        "{all:#?}"
    );
}

#[test]
fn an_aged_policy_review_is_overdue_and_a_near_one_is_due_soon() {
    let f = clean();
    f.edit(
        "content/policies/access-control.md",
        "last_reviewed: 2026-03-01",
        "last_reviewed: 2025-06-30",
    );
    let (code, report) = check(&f, true);
    assert_eq!(code, 1);
    let all = findings(&report);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0]["kind"], "review-overdue");
    assert_eq!(all[0]["subject"], "access-control");
    assert_eq!(all[0]["file"], "content/policies/access-control.md");
    assert_eq!(all[0]["line"], 8);
    assert!(all[0]["message"].as_str().unwrap().contains("2026-06-30"));

    f.edit(
        "content/policies/access-control.md",
        "last_reviewed: 2025-06-30",
        "last_reviewed: 2025-08-01",
    );
    let (code, report) = check(&f, true);
    assert_eq!(code, 0, "a review due soon is a warning");
    let all = findings(&report);
    assert_eq!(all[0]["kind"], "review-due-soon");
    assert_eq!(all[0]["severity"], "warning");
}

#[test]
fn a_lapsed_hosting_report_is_a_subprocessor_assurance_finding() {
    let f = clean();
    f.edit(
        "content/subprocessors.yaml",
        "report_date: 2026-03-31",
        "report_date: 2025-05-01",
    );
    let (code, report) = check(&f, true);
    assert_eq!(code, 1);
    let all = findings(&report);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0]["kind"], "subprocessor-assurance");
    assert_eq!(all[0]["subject"], "hostco");
    assert!(
        all[0]["message"]
            .as_str()
            .unwrap()
            .contains("more than 12 months old")
    );
    // No report at all.
    f.edit(
        "content/subprocessors.yaml",
        "  certifications:\n    - name: SOC 2 Type II\n      report_date: 2025-05-01\n",
        "",
    );
    let (_, report) = check(&f, false);
    assert!(
        findings(&report)[0]["message"]
            .as_str()
            .unwrap()
            .contains("no certification")
    );
    // A subprocessor that processes no customer data, or was removed, owes nothing.
    f.edit(
        "content/subprocessors.yaml",
        "  location: Germany\n",
        "  location: Germany\n  customer_data: false\n",
    );
    assert!(findings(&check(&f, false).1).is_empty());
}

#[test]
fn other_kinds_are_reported() {
    let f = clean();
    f.edit("controls/access.yaml", "  owner: Security Lead\n", "");
    f.edit("content/evidence/index.yaml", "  collected: 2026-03-10\n", "  collected: 2026-03-10\n- control: GOV-01\n  title: Old minutes\n  file: GOV-01/minutes.md\n  collected: 2025-06-01\n  period: 2025-05\n");
    f.edit("content/evidence/index.yaml", "- control: GOV-01\n  title: Board minutes\n  file: GOV-01/minutes.md\n  collected: 2026-03-10\n", "");
    let (_, report) = check(&f, false);
    let mut sorted: Vec<String> = findings(&report)
        .iter()
        .map(|f| f["kind"].as_str().unwrap().to_owned())
        .collect();
    sorted.sort();
    assert_eq!(
        sorted,
        [
            "control-without-owner",
            "evidence-missing",
            "evidence-outside-period"
        ],
        "{report:#}"
    );
    // An implemented control with nothing at all.
    let f = clean();
    let idx = f.read("content/evidence/index.yaml");
    let ven = idx.find("- control: VEN-01").unwrap();
    f.write("content/evidence/index.yaml", &idx[..ven]);
    let all = findings(&check(&f, false).1);
    assert_eq!(all.len(), 1, "one finding, not one per quarter: {all:#?}");
    assert_eq!(all[0]["kind"], "control-without-evidence");
}

#[test]
fn human_and_github_output_carry_the_findings() {
    let f = clean();
    f.edit(
        "content/subprocessors.yaml",
        "report_date: 2026-03-31",
        "report_date: 2025-05-01",
    );
    let human = f.run(&["check", "--as-of", AS_OF]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("readiness as of 2026-07-15"), "{text}");
    assert!(text.contains("criteria covered 33/33"), "{text}");
    assert!(
        text.contains("error[subprocessor-assurance] content/subprocessors.yaml:1:"),
        "{text}"
    );
    assert_eq!(human.status.code(), Some(0));
    let gh = f.run(&["check", "--format", "github", "--strict", "--as-of", AS_OF]);
    let text = String::from_utf8_lossy(&gh.stdout);
    assert!(
        text.contains(
            "::error file=content/subprocessors.yaml,line=1,title=subprocessor-assurance::"
        ),
        "{text}"
    );
    assert_eq!(gh.status.code(), Some(1));
}

#[test]
fn outputs_carry_readiness_except_the_trust_center() {
    let f = clean();
    let idx = f.read("content/evidence/index.yaml");
    let q2 = idx
        .find("- control: VEN-01\n  title: Vendor review Q2")
        .unwrap();
    f.write("content/evidence/index.yaml", &idx[..q2]);
    let run = f.run(&["build", "--as-of", AS_OF]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let out = f.path().join("out");
    // Docs site: the page, with the missing quarter in the calendar.
    let page = std::fs::read_to_string(out.join("docs/readiness.html")).unwrap();
    assert!(page.contains("VEN-01") && page.contains("2026-Q2") && page.contains("state-missing"));
    // Trust center: nothing.
    assert!(!out.join("trust/readiness.html").exists());
    common::sites::assert_absent(
        &out.join("trust"),
        &["readiness.html", "evidence-missing", "2026-Q2"],
    );
    // Package: readiness.json equals what check reports.
    let zip = out.join("audit/acme-voice-audit-1.0.zip");
    let mut z = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let mut json = String::new();
    std::io::Read::read_to_string(
        &mut z.by_name("acme-voice-audit-1.0/readiness.json").unwrap(),
        &mut json,
    )
    .unwrap();
    let packaged: Value = serde_json::from_str(&json).unwrap();
    let (_, report) = check(&f, false);
    // The package judges the period as of its end; check judges the as-of date. With no
    // review falling between the two, they find the same gaps.
    assert_eq!(packaged["as_of"], "2026-06-30");
    assert_eq!(packaged["basis"], "the end of the audit period");
    assert_eq!(report["readiness"]["as_of"], AS_OF);
    assert_eq!(packaged["findings"], report["readiness"]["findings"]);
    assert_eq!(
        packaged["evidence_slices"],
        report["readiness"]["evidence_slices"]
    );
    // Auditor PDF: a Readiness section naming the finding.
    let doc = common::pdfs::load(&out.join("audit/acme-voice-audit-1.0.pdf"));
    let text: String = common::pdfs::page_texts(&doc)
        .join("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(
        text.contains("Readiness") && text.contains("evidence-missing") && text.contains("2026-Q2"),
        "{text}"
    );
    assert!(
        common::pdfs::outline(&doc)
            .iter()
            .any(|(_, t, _)| t.ends_with("Readiness"))
    );
}

#[test]
fn unassigned_owners_are_valid_and_reported() {
    let f = clean();
    f.edit(
        "content/policies/access-control.md",
        "owner: CTO\napproved_by: CEO",
        "owner: unassigned\napproved_by: Unassigned",
    );
    f.edit(
        "controls/access.yaml",
        "  owner: CEO\n",
        "  owner: unassigned\n",
    );
    let (code, report) = check(&f, false);
    assert_eq!(code, 0, "valid input: {report:#}");
    let kinds: Vec<(String, String)> = findings(&report)
        .iter()
        .map(|x| {
            (
                x["kind"].as_str().unwrap().to_owned(),
                x["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        kinds
            .iter()
            .any(|(k, m)| k == "document-without-owner" && m.contains("no owner and no approver")),
        "{kinds:?}"
    );
    assert!(
        kinds.iter().any(|(k, _)| k == "control-without-owner"),
        "{kinds:?}"
    );
}
