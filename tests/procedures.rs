//! Procedures: a document kind beside policies, with references, backlinks, both sites by
//! classification, the auditor's PDF and the package.

mod common;

use common::{Fixture, diagnostics};

const PROCEDURE: &str = "---
id: access-review
title: Access Review Procedure
owner: Security Lead
approved_by: CTO
version: \"1.0\"
effective: 2026-01-01
last_reviewed: 2026-01-01
review_every: 12 months
classification: public
summary: How {{ company.name }} reviews access every quarter.
---

## Steps {#steps}

1. Export the groups.
2. Ask each owner, as the [policy](policy:access-control#reviews) says.
";

fn fixture() -> Fixture {
    let f = Fixture::valid();
    f.write("content/procedures/access-review.md", PROCEDURE);
    f.edit(
        "controls/access.yaml",
        "  policies: [access-control]\n  status: implemented\n  test_procedure: Inspect the reviews",
        "  policies: [access-control]\n  procedures: [access-review]\n  status: implemented\n  test_procedure: Inspect the reviews",
    );
    f.edit(
        "content/pages/faq.md",
        "In the EU,",
        "Access is reviewed as the [procedure](procedure:access-review#steps) says. In the EU,",
    );
    f
}

#[test]
fn procedures_are_documents_on_every_output() {
    let f = fixture();
    let (code, report) = f.check_json();
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["summary"]["procedures"], 1);
    let out = f.build_ok();
    for site in ["docs", "trust"] {
        let page =
            std::fs::read_to_string(out.join(site).join("procedures/access-review.html")).unwrap();
        assert!(page.contains("How Acme Voice, Inc. reviews access every quarter."));
        // AC-02 is not public: only the docs site shows which controls follow the procedure.
        let listed =
            page.contains("Controls carried out by this procedure") && page.contains("AC-02");
        assert_eq!(listed, site == "docs", "{site}");
        let index = std::fs::read_to_string(out.join(site).join("procedures/index.html")).unwrap();
        assert!(index.contains("Access Review Procedure"));
        if site == "docs" {
            let control =
                std::fs::read_to_string(out.join(site).join("controls/AC-02.html")).unwrap();
            assert!(
                control.contains("../procedures/access-review.html"),
                "link from the control"
            );
        }
        let faq = std::fs::read_to_string(out.join(site).join("pages/faq.html")).unwrap();
        assert!(faq.contains("../procedures/access-review.html#steps"));
        let search = std::fs::read_to_string(out.join(site).join("search-index.json")).unwrap();
        assert!(search.contains("\"Procedure\""));
    }
    let doc = common::pdfs::load(&out.join("audit/acme-voice-audit-1.0.pdf"));
    let outline: Vec<String> = common::pdfs::outline(&doc)
        .into_iter()
        .map(|(_, t, _)| t)
        .collect();
    let pol = outline
        .iter()
        .position(|t| t.ends_with("Policies"))
        .unwrap();
    let pro = outline
        .iter()
        .position(|t| t.ends_with("Procedures"))
        .unwrap();
    assert!(pro > pol, "procedures follow the policies: {outline:?}");
    assert!(
        outline
            .iter()
            .any(|t| t.ends_with("Access Review Procedure"))
    );
    let zip = out.join("audit/acme-voice-audit-1.0.zip");
    let z = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    assert!(
        z.file_names()
            .any(|n| n.is_ok_and(|n| n.ends_with("/procedures/access-review.md")))
    );
}

#[test]
fn procedures_follow_the_audience_rules() {
    let f = fixture();
    f.edit(
        "content/procedures/access-review.md",
        "classification: public",
        "classification: confidential",
    );
    let out = f.build_ok();
    common::sites::assert_absent(
        &out.join("trust"),
        &["access-review", "Access Review Procedure"],
    );
    common::sites::assert_absent(&out.join("docs"), &["Access Review Procedure"]);
    f.edit(
        "content/procedures/access-review.md",
        "classification: confidential",
        "classification: customer",
    );
    let out = f.build_ok();
    let index = std::fs::read_to_string(out.join("trust/procedures/index.html")).unwrap();
    assert!(index.contains("Request access"));
    assert!(!out.join("trust/procedures/access-review.html").exists());
}

#[test]
fn a_wrong_procedure_reference_is_reported_with_the_closest_id() {
    let f = fixture();
    f.edit(
        "controls/access.yaml",
        "procedures: [access-review]",
        "procedures: [acess-review]",
    );
    let (code, report) = f.check_json();
    assert_eq!(code, 1);
    let d = diagnostics(&report);
    let broken = d
        .iter()
        .find(|x| x["code"] == "broken-reference")
        .expect("reported");
    assert!(
        broken["hint"].as_str().unwrap().contains("access-review"),
        "{broken:#}"
    );
    assert!(d.iter().any(|x| {
        x["message"]
            .as_str()
            .unwrap_or("")
            .contains("no control follows procedure")
    }));
}
