//! Documented coverage: `satisfies:` on documents is a third state, distinct from an
//! implemented control, in readiness, on both sites and in the package.

mod common;

use common::{Fixture, diagnostics};

fn fixture() -> Fixture {
    let f = Fixture::valid();
    // Availability is in scope; A1.2 is named only by the policy.
    f.edit(
        "content/policies/access-control.md",
        "summary: Who gets access to what.",
        "summary: Who gets access to what.\nsatisfies: [A1.2, CC6.1]",
    );
    f
}

#[test]
fn a_criterion_named_only_by_a_document_is_documented_not_covered() {
    let f = fixture();
    let (code, report) = f.check_json();
    assert_eq!(code, 0, "{report:#}");
    let findings = report["readiness"]["findings"].as_array().unwrap();
    let documented: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|x| x["kind"] == "criterion-documented-only")
        .collect();
    assert_eq!(documented.len(), 1, "{findings:#?}");
    assert_eq!(documented[0]["subject"], "A1.2");
    assert!(
        documented[0]["message"]
            .as_str()
            .unwrap()
            .contains("access-control")
    );
    // CC6.1 has an implemented control as well: covered, not a finding.
    assert!(!findings.iter().any(|x| x["subject"] == "CC6.1"));

    let out = f.build_ok();
    let docs = std::fs::read_to_string(out.join("docs/criteria/a1-2.html")).unwrap();
    assert!(docs.contains("Documented, no implemented control"));
    assert!(docs.contains("Described in") && docs.contains("../policies/access-control.html"));
    // The trust center says where it is described, and nothing about coverage.
    let trust = std::fs::read_to_string(out.join("trust/criteria/index.html")).unwrap();
    assert!(trust.contains("Described in <a href=\"../policies/access-control.html\">"));
    assert!(!trust.contains("Documented, no implemented control"));
    // The package's coverage table has the state and the documents.
    let zip = out.join("audit/acme-voice-audit-1.0.zip");
    let mut z = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let mut csv = String::new();
    std::io::Read::read_to_string(
        &mut z
            .by_name("acme-voice-audit-1.0/criteria-coverage.csv")
            .unwrap(),
        &mut csv,
    )
    .unwrap();
    let row = csv.lines().find(|l| l.starts_with("A1.2,")).unwrap();
    assert!(
        row.ends_with(",no,documented,policy:access-control"),
        "{row}"
    );
}

#[test]
fn satisfies_names_real_criteria() {
    let f = fixture();
    f.edit(
        "content/policies/access-control.md",
        "[A1.2, CC6.1]",
        "[A1.2, CC6.11]",
    );
    let (code, report) = f.check_json();
    assert_eq!(code, 1);
    let d = diagnostics(&report);
    assert!(
        d.iter().any(|x| x["code"] == "broken-reference"
            && x["hint"].as_str().unwrap_or("").contains("CC6.1")),
        "{d:#?}"
    );
}
