//! `trustbook check`: every class of bad input is reported at its exact file, line and column
//! with a hint, all errors of a run are reported together, and the example project is clean.

mod common;

use common::{Fixture, assert_at, diagnostics, only_error, repo_root, trustbook};

#[test]
fn valid_fixture_checks_clean() {
    let f = Fixture::valid();
    let (code, report) = f.check_json();
    assert_eq!(diagnostics(&report), Vec::<serde_json::Value>::new());
    assert_eq!(code, 0);
    assert_eq!(report["summary"]["policies"], 1);
    assert_eq!(report["summary"]["controls"], 2);
    assert_eq!(report["summary"]["evidence"], 2);
    // security (33) + availability (3) criteria are in scope.
    assert_eq!(report["summary"]["criteria_in_scope"], 36);
}

#[test]
fn broken_reference_in_yaml_names_the_closest_id() {
    let f = Fixture::valid();
    f.edit("controls/access.yaml", "[CC6.1, CC6.6]", "[CC6.1, CC6.66]");
    f.edit(
        "controls/access.yaml",
        "policies: [access-control]\n  subprocessors",
        "policies: [acess-control]\n  subprocessors",
    );
    let (code, report) = f.check_json();
    assert_eq!(code, 1);
    let criterion = diagnostics(&report)
        .into_iter()
        .find(|d| d["message"] == "unknown criterion `CC6.66`")
        .expect("criterion error");
    assert_at(
        &criterion,
        "controls/access.yaml",
        8,
        21,
        "did you mean `CC6.6`?",
    );
    let policy = diagnostics(&report)
        .into_iter()
        .find(|d| d["message"] == "unknown policy `acess-control`")
        .expect("policy error");
    assert_at(
        &policy,
        "controls/access.yaml",
        9,
        14,
        "did you mean `access-control`?",
    );
}

#[test]
fn broken_reference_in_markdown_points_at_the_link() {
    let f = Fixture::valid();
    f.edit(
        "content/policies/access-control.md",
        "(criterion:CC6.2)",
        "(criterion:CC6.22)",
    );
    let (_, report) = f.check_json();
    let d = only_error(&report, "broken-reference");
    assert_at(
        d,
        "content/policies/access-control.md",
        20,
        48,
        "did you mean `criterion:CC6.2`?",
    );
}

#[test]
fn broken_anchor_suggests_the_heading() {
    let f = Fixture::valid();
    f.edit("content/pages/faq.md", "#reviews", "#reveiws");
    let (_, report) = f.check_json();
    let d = only_error(&report, "broken-anchor");
    assert_at(d, "content/pages/faq.md", 9, 69, "did you mean `#reviews`?");
}

#[test]
fn unknown_reference_kind_is_caught() {
    let f = Fixture::valid();
    f.edit(
        "content/pages/faq.md",
        "(subprocessor:hostco)",
        "(subprocesor:hostco)",
    );
    let (_, report) = f.check_json();
    let d = only_error(&report, "broken-reference");
    assert_at(
        d,
        "content/pages/faq.md",
        9,
        26,
        "did you mean `subprocessor`?",
    );
}

#[test]
fn duplicate_id_names_both_places() {
    let f = Fixture::valid();
    f.edit("controls/access.yaml", "- id: AC-02", "- id: AC-01");
    let (_, report) = f.check_json();
    let d = only_error(&report, "duplicate-id");
    assert_at(d, "controls/access.yaml", 14, 7, "unique");
    assert_eq!(d["notes"][0]["file"], "controls/access.yaml");
    assert_eq!(d["notes"][0]["line"], 1);
    assert_eq!(d["notes"][0]["column"], 7);
    assert_eq!(d["notes"][0]["message"], "first defined here");
}

#[test]
fn duplicate_id_across_files_names_both_files() {
    let f = Fixture::valid();
    let copy = common::POLICY.replace("title: Access Control Policy", "title: Copy");
    f.write("content/policies/copy.md", &copy);
    let (_, report) = f.check_json();
    let d = only_error(&report, "duplicate-id");
    let files = [
        d["file"].as_str().unwrap(),
        d["notes"][0]["file"].as_str().unwrap(),
    ];
    assert!(files.contains(&"content/policies/copy.md"), "{d:#}");
    assert!(
        files.contains(&"content/policies/access-control.md"),
        "{d:#}"
    );
    assert_eq!(d["line"], 2);
    assert_eq!(d["column"], 5);
}

#[test]
fn unknown_field_suggests_the_right_name_once() {
    let f = Fixture::valid();
    f.edit(
        "content/policies/access-control.md",
        "owner: CTO",
        "ownr: CTO",
    );
    let (_, report) = f.check_json();
    let d = only_error(&report, "unknown-field");
    assert_at(
        d,
        "content/policies/access-control.md",
        4,
        1,
        "did you mean `owner`?",
    );
    // The typo explains the missing `owner`; it is not reported a second time.
    assert!(
        diagnostics(&report)
            .iter()
            .all(|d| d["code"] != "missing-field")
    );
}

#[test]
fn bad_enum_lists_the_allowed_values() {
    let f = Fixture::valid();
    f.edit(
        "controls/access.yaml",
        "frequency: continuous",
        "frequency: continous",
    );
    let (_, report) = f.check_json();
    let d = only_error(&report, "invalid-value");
    assert_at(
        d,
        "controls/access.yaml",
        5,
        14,
        "did you mean `continuous`?",
    );
    assert!(
        d["hint"]
            .as_str()
            .unwrap()
            .contains("allowed: continuous, daily, weekly")
    );
}

#[test]
fn bad_date_gives_the_closest_date() {
    let f = Fixture::valid();
    f.edit(
        "content/policies/access-control.md",
        "last_reviewed: 2026-01-01",
        "last_reviewed: 2026-02-30",
    );
    f.edit(
        "controls/access.yaml",
        "automated: true",
        "automated: maybe",
    );
    let (_, report) = f.check_json();
    let d = only_error(&report, "invalid-date");
    assert_at(
        d,
        "content/policies/access-control.md",
        8,
        16,
        "did you mean `2026-02-28`?",
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("February 2026 has 28 days")
    );
    let b = only_error(&report, "invalid-value");
    assert_at(b, "controls/access.yaml", 7, 14, "`true` or `false`");
}

#[test]
fn invalid_yaml_is_located() {
    let f = Fixture::valid();
    f.edit(
        "controls/access.yaml",
        "  kind: preventive\n  automated",
        "  kind: preventive: x\n  automated",
    );
    let (_, report) = f.check_json();
    let d = only_error(&report, "yaml-syntax");
    assert_eq!(d["file"], "controls/access.yaml");
    assert_eq!(d["line"], 6, "{d:#}");
    assert!(d["hint"].as_str().unwrap().contains("quot"), "{d:#}");
}

#[test]
fn tabs_in_indentation_are_explained() {
    let f = Fixture::valid();
    f.edit(
        "controls/access.yaml",
        "  kind: preventive\n  automated",
        "  kind: preventive\n\tautomated",
    );
    let (_, report) = f.check_json();
    let d = only_error(&report, "yaml-syntax");
    assert_at(d, "controls/access.yaml", 7, 1, "spaces");
}

#[test]
fn missing_front_matter() {
    let f = Fixture::valid();
    f.write(
        "content/policies/notes.md",
        "# Notes\n\nNo metadata here.\n",
    );
    let (_, report) = f.check_json();
    let d = only_error(&report, "missing-front-matter");
    assert_at(d, "content/policies/notes.md", 1, 1, "---");
}

#[test]
fn unclosed_front_matter() {
    let f = Fixture::valid();
    f.write(
        "content/pages/open.md",
        "---\ntitle: Open\nclassification: public\n\n# Body\n",
    );
    let (_, report) = f.check_json();
    let d = only_error(&report, "missing-front-matter");
    assert_eq!(d["message"], "front matter is not closed");
}

#[test]
fn non_utf8_file_points_at_the_bad_byte() {
    let f = Fixture::valid();
    f.write_bytes(
        "content/pages/cafe.md",
        b"---\ntitle: Caf\xe9\nclassification: public\n---\n",
    );
    let (_, report) = f.check_json();
    let d = only_error(&report, "not-utf8");
    assert_at(d, "content/pages/cafe.md", 2, 11, "UTF-8");
}

#[test]
fn evidence_path_escaping_the_project() {
    let f = Fixture::valid();
    f.edit(
        "content/evidence/index.yaml",
        "file: AC-02/2026-q1-review.csv",
        "file: ../../trustbook.yaml",
    );
    f.edit(
        "content/evidence/index.yaml",
        "file: AC-02/2026-q2-review.csv",
        "file: /etc/passwd",
    );
    let (_, report) = f.check_json();
    let errors: Vec<_> = diagnostics(&report)
        .into_iter()
        .filter(|d| d["code"] == "path-escape")
        .collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_at(&errors[0], "content/evidence/index.yaml", 3, 9, "`..`");
    assert_at(&errors[1], "content/evidence/index.yaml", 8, 9, "relative");
}

#[test]
fn markdown_link_escaping_the_project() {
    let f = Fixture::valid();
    f.edit(
        "content/pages/faq.md",
        "In the EU",
        "![x](../../../etc/hostname) In the EU",
    );
    let (_, report) = f.check_json();
    let d = only_error(&report, "path-escape");
    assert_at(d, "content/pages/faq.md", 9, 6, "inside the project");
}

#[cfg(unix)]
#[test]
fn symlinks_leaving_the_project_are_errors_and_not_followed() {
    let f = Fixture::valid();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.csv");
    std::fs::write(&secret, "top secret\n").unwrap();
    let evidence = f.path().join("content/evidence/AC-02/2026-q1-review.csv");
    std::fs::remove_file(&evidence).unwrap();
    std::os::unix::fs::symlink(&secret, &evidence).unwrap();
    let policy_link = f.path().join("content/policies/evil.md");
    std::os::unix::fs::symlink(&secret, &policy_link).unwrap();
    let (code, report) = f.check_json();
    assert_eq!(code, 1);
    let errors: Vec<_> = diagnostics(&report)
        .into_iter()
        .filter(|d| d["code"] == "symlink-escape")
        .collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_at(
        &errors[0],
        "content/policies/evil.md",
        1,
        1,
        "never followed",
    );
    assert_at(
        &errors[1],
        "content/evidence/index.yaml",
        3,
        9,
        "never followed",
    );
    // The link's target is never read: its text appears nowhere in the report.
    assert!(!report.to_string().contains("top secret"));
}

#[cfg(unix)]
#[test]
fn symlinks_inside_the_project_are_fine() {
    let f = Fixture::valid();
    let evidence = f.path().join("content/evidence/AC-02/2026-q1-review.csv");
    let target = f.path().join("content/evidence/AC-02/2026-q2-review.csv");
    std::fs::remove_file(&evidence).unwrap();
    std::os::unix::fs::symlink(&target, &evidence).unwrap();
    let (code, report) = f.check_json();
    assert_eq!(code, 0, "{report:#}");
}

#[test]
fn many_errors_are_all_reported_in_one_run() {
    let f = Fixture::valid();
    f.edit(
        "trustbook.yaml",
        "categories: [security, availability]",
        "categories: [availability, privcy]",
    );
    f.edit(
        "content/policies/access-control.md",
        "owner: CTO",
        "ownr: CTO",
    );
    f.edit(
        "content/policies/access-control.md",
        "classification: public",
        "classification: secret",
    );
    f.edit(
        "content/policies/access-control.md",
        "(criterion:CC6.2)",
        "(criterion:CC6.22)",
    );
    f.edit(
        "controls/access.yaml",
        "frequency: quarterly",
        "frequency: quaterly",
    );
    f.edit("controls/access.yaml", "- id: AC-02", "- id: AC-01");
    f.edit(
        "controls/access.yaml",
        "subprocessors: [hostco]",
        "subprocessors: [hostcoo]",
    );
    f.edit(
        "content/evidence/index.yaml",
        "collected: 2026-04-03",
        "collected: 2026-04-31",
    );
    f.edit(
        "content/evidence/index.yaml",
        "file: AC-02/2026-q2-review.csv",
        "file: AC-02/missing.csv",
    );
    f.write("content/pages/bare.md", "Just text.\n");
    let (code, report) = f.check_json();
    assert_eq!(code, 1);
    let mut codes: Vec<String> = diagnostics(&report)
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            // criterion in the policy, subprocessor in AC-01, and both evidence items of
            // AC-02, which the duplicate id renamed away.
            "broken-reference",
            "broken-reference",
            "broken-reference",
            "broken-reference",
            "duplicate-id",
            "invalid-date",
            "invalid-value",
            "invalid-value",
            "invalid-value",
            "invalid-value",
            "missing-file",
            "missing-front-matter",
            "unknown-field",
        ],
        "{report:#}"
    );
    assert_eq!(report["errors"], 13);
}

#[test]
fn human_output_quotes_the_line_with_a_caret() {
    let f = Fixture::valid();
    f.edit("controls/access.yaml", "[CC6.1, CC6.6]", "[CC6.1, CC6.66]");
    let out = f.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error[broken-reference]: unknown criterion `CC6.66`"),
        "{err}"
    );
    assert!(err.contains("--> controls/access.yaml:8:21"), "{err}");
    assert!(err.contains("criteria: [CC6.1, CC6.66]"), "{err}");
    assert!(err.contains("^^^^^^"), "{err}");
    assert!(err.contains("did you mean `CC6.6`?"), "{err}");
    assert!(
        !err.contains('\u{1b}'),
        "NO_COLOR must disable colours: {err}"
    );
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.contains("failed: 1 error"), "{summary}");
}

#[test]
fn github_output_is_workflow_annotations() {
    let f = Fixture::valid();
    f.edit("controls/access.yaml", "[CC6.1, CC6.6]", "[CC6.1, CC6.66]");
    let out = f.run(&["check", "--format", "github"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("::error file=controls/access.yaml,line=8,col=21,title=broken-reference::unknown criterion `CC6.66` (did you mean `CC6.6`?)"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn warnings_do_not_fail_check() {
    let f = Fixture::valid();
    f.write(
        "content/policies/orphan.md",
        &common::POLICY.replace("id: access-control", "id: orphan"),
    );
    let (code, report) = f.check_json();
    assert_eq!(code, 0);
    assert_eq!(report["warnings"], 1);
    assert_eq!(
        diagnostics(&report)[0]["message"],
        "no control implements policy `orphan`"
    );
}

#[test]
fn usage_errors_exit_2() {
    let f = Fixture::valid();
    let out = f.run(&["check", "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2));
    let out = f.run(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn missing_project_is_an_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let out = trustbook(&["check", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        report["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("no trustbook.yaml")
    );
}

#[test]
fn example_project_checks_clean() {
    let out = trustbook(&["check", "--format", "json"], &repo_root());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<_> = diagnostics(&report)
        .into_iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(out.status.code(), Some(0));
    let s = &report["summary"];
    assert!(s["policies"].as_u64().unwrap() >= 14);
    assert!(s["controls"].as_u64().unwrap() >= 60);
    assert_eq!(s["criteria_covered"], s["criteria_in_scope"]);
}

#[test]
fn version_names_the_commit() {
    let out = common::trustbook(&["--version"], &common::repo_root());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        text.starts_with(&format!("trustbook {}", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
    // Built from a git checkout (as here and in CI), it names the commit.
    if common::repo_root().join(".git").exists() {
        assert!(text.contains("(commit "), "{text}");
    }
}
