//! `trustbook init`: the starter project checks clean, covers every Security criterion with a
//! control, claims nothing, survives hostile company names, and never touches a folder that
//! holds anything.

mod common;

use common::{diagnostics, trustbook};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// Runs `init` in `cwd` and asserts it succeeded.
fn init(cwd: &Path, args: &[&str]) -> String {
    let mut all = vec!["init"];
    all.extend_from_slice(args);
    let out = trustbook(&all, cwd);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn check(project: &Path) -> (i32, Value) {
    let out = trustbook(
        &["check", "--format", "json", project.to_str().unwrap()],
        project,
    );
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), json)
}

/// Every criterion id cited by the project's controls, read from the built CSV.
fn cited_criteria(project: &Path) -> BTreeSet<String> {
    let mut cited = BTreeSet::new();
    for entry in std::fs::read_dir(project.join("controls")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            if let Some(list) = line.trim().strip_prefix("criteria: [") {
                for id in list.trim_end_matches(']').split(',') {
                    cited.insert(id.trim().to_owned());
                }
            }
        }
    }
    cited
}

#[test]
fn the_starter_checks_clean_and_covers_every_security_criterion() {
    let dir = tempfile::tempdir().unwrap();
    let printed = init(
        dir.path(),
        &[
            "acme",
            "--company",
            "Acme",
            "--categories",
            "availability,confidentiality",
        ],
    );
    let project = dir.path().join("acme");
    // It says what it made and the next three steps.
    assert!(
        printed.contains("Created a trustbook project in acme"),
        "{printed}"
    );
    for step in [
        "1. trustbook serve acme",
        "2. trustbook check acme",
        "3. git init acme",
    ] {
        assert!(printed.contains(step), "{step:?} missing from {printed}");
    }

    let (code, json) = check(&project);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["errors"], 0, "{json:#}");
    // The only warnings are the markers of text to write; each is at its line.
    let warnings: Vec<Value> = diagnostics(&json)
        .into_iter()
        .filter(|d| d["severity"] == "warning")
        .collect();
    let other: Vec<&Value> = warnings
        .iter()
        .filter(|d| d["code"] != "placeholder")
        .collect();
    assert!(other.is_empty(), "{other:#?}");
    assert!(warnings.len() >= 10, "{warnings:#?}");
    assert!(warnings.iter().all(|d| d["line"].as_u64().unwrap_or(0) > 0));
    assert!(
        warnings
            .iter()
            .any(|d| d["file"] == "content/subprocessors.yaml")
    );
    assert!(warnings.iter().any(|d| d["file"] == "trustbook.yaml"));

    // Every Security criterion (and the two optional sets) is cited by a starter control.
    let cited = cited_criteria(&project);
    let mut wanted: Vec<String> = Vec::new();
    for (family, n) in [
        (1, 5),
        (2, 3),
        (3, 4),
        (4, 2),
        (5, 3),
        (6, 8),
        (7, 5),
        (8, 1),
        (9, 2),
    ] {
        wanted.extend((1..=n).map(|i| format!("CC{family}.{i}")));
    }
    wanted.extend(["A1.1", "A1.2", "A1.3", "C1.1", "C1.2"].map(str::to_owned));
    for id in &wanted {
        assert!(
            cited.contains(id),
            "{id} is not cited by any starter control"
        );
    }

    // Readiness lists what is left: nothing is implemented, nobody owns anything yet.
    let findings = json["readiness"]["findings"].as_array().unwrap();
    let kinds: BTreeSet<&str> = findings.iter().filter_map(|f| f["kind"].as_str()).collect();
    assert!(kinds.contains("document-without-owner"), "{kinds:?}");
    assert!(kinds.len() >= 2, "{kinds:?}");

    // Each control has its evidence folder; the CI workflow is in place.
    assert!(project.join("content/evidence/AC-01/.gitkeep").is_file());
    assert!(project.join("content/evidence/BCP-02/.gitkeep").is_file());
    assert!(project.join(".github/workflows/trust-center.yml").is_file());
    assert_eq!(
        std::fs::read_to_string(project.join(".gitignore")).unwrap(),
        "out/\n"
    );

    // It builds, and the trust center claims no attestation it does not hold.
    let build = trustbook(&["build", project.to_str().unwrap()], dir.path());
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let home = std::fs::read_to_string(project.join("out/trust/index.html")).unwrap();
    assert!(
        home.contains("Planned"),
        "the planned SOC 2 report is shown as planned"
    );
    assert!(!home.contains("Issued"), "nothing is issued yet");
    assert!(!home.contains("@TODAY@"));
}

#[test]
fn security_only_leaves_out_the_optional_sets_and_still_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), &["s", "--company", "Solo"]);
    let project = dir.path().join("s");
    assert!(!project.join("controls/availability.yaml").exists());
    assert!(!project.join("controls/confidentiality.yaml").exists());
    assert!(!project.join("content/evidence/BCP-02").exists());
    let config = std::fs::read_to_string(project.join("trustbook.yaml")).unwrap();
    assert!(config.contains("categories: [security]\n"), "{config}");
    let (code, json) = check(&project);
    assert_eq!(code, 0, "{json:#}");
    let not_placeholders: Vec<Value> = diagnostics(&json)
        .into_iter()
        .filter(|d| d["code"] != "placeholder")
        .collect();
    assert!(not_placeholders.is_empty(), "{not_placeholders:#?}");
}

#[test]
fn hostile_company_names_stay_text() {
    let names = [
        "O'Brien & Co: Labs #1",
        "\"Quoted\" {{ company.name }} <b>Bold</b>",
        "- [yes, no]: *anchor &x !!str %TAG",
        "Ünïcødé 株式会社 🚀",
        "back\\slash 'single' `tick`",
    ];
    for (i, name) in names.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let folder = format!("p{i}");
        let flag = format!("--company={name}");
        init(dir.path(), &[&folder, &flag]);
        let project = dir.path().join(&folder);
        let (code, json) = check(&project);
        assert_eq!(code, 0, "{name}: {json:#}");
        let errors: Vec<Value> = diagnostics(&json)
            .into_iter()
            .filter(|d| d["severity"] == "error")
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        // The name reads back exactly as given.
        let (p, _) = trustbook::open(&project);
        assert_eq!(p.config.company.name, *name);
        if name.contains("<b>") {
            // On the sites it is text, never markup, and never read as a variable again.
            let build = trustbook(&["build", project.to_str().unwrap()], dir.path());
            assert!(
                build.status.success(),
                "{}",
                String::from_utf8_lossy(&build.stderr)
            );
            let home = std::fs::read_to_string(project.join("out/trust/index.html")).unwrap();
            assert!(home.contains("&lt;b&gt;Bold&lt;/b&gt;"), "{home}");
            assert!(!home.contains("<b>Bold</b>"));
        }
    }
}

#[test]
fn init_refuses_a_folder_with_anything_in_it_and_touches_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let busy = dir.path().join("busy");
    std::fs::create_dir(&busy).unwrap();
    std::fs::write(busy.join("notes.txt"), "mine\n").unwrap();
    let out = trustbook(&["init", "busy", "--company", "Acme"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("notes.txt") && err.contains("not empty"),
        "{err}"
    );
    let left: Vec<_> = std::fs::read_dir(&busy).unwrap().collect();
    assert_eq!(left.len(), 1);
    assert_eq!(
        std::fs::read_to_string(busy.join("notes.txt")).unwrap(),
        "mine\n"
    );

    // A file in the way, and names that are not one line of text.
    std::fs::write(dir.path().join("file"), "x").unwrap();
    let out = trustbook(&["init", "file", "--company", "Acme"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    for bad in ["", "   ", "Two\nLines"] {
        let out = trustbook(&["init", "fresh", "--company", bad], dir.path());
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(!dir.path().join("fresh").exists(), "{bad:?} left a folder");
    }
    let out = trustbook(
        &["init", "fresh", "--company", "A", "--categories", "privacy"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("fresh").exists());

    // An empty folder is fine: the current directory, as `trustbook init --company X` uses.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    init(&empty, &["--company", "Here"]);
    assert!(empty.join("trustbook.yaml").is_file());
}
