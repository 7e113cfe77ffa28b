//! `trustbook import comply`: a project in comply's format (written here in our own words)
//! becomes a trustbook project that checks clean, and the report names what was not mapped.

mod common;

use common::trustbook;
use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A small comply project: headers without an opening `---`, TSC mappings, revisions,
/// `{{.Name}}`, a template action, pandoc lists and a grid table.
fn comply_project(root: &Path) {
    write(
        root,
        "comply.yml",
        "name: \"Birch & Co\"\nfilePrefix: \"Birch\"\n",
    );
    write(
        root,
        "policies/access.md",
        "name: Access Management Policy\nacronym: AMP\nsatisfies:\n  TSC:\n    - CC6.1\n    - CC6.2\n    - CC42.1\nmajorRevisions:\n  - date: Mar 3 2025\n    comment: First version\n  - date: Feb 10 2026\n    comment: Yearly review\n---\n# Purpose and Scope\n\na. This policy says how {{.Name}} grants and removes access.\n\na. It applies to every employee and contractor.\n\n# Roles\n\n+-----------------+----------------------------+\n| Role            | Duty                       |\n+=================+============================+\n| Manager         | Requests access.           |\n+-----------------+----------------------------+\n\n{{if .Extra}}Only in some builds.{{end}}\n",
    );
    write(root, "policies/README.md", "Not a policy.\n");
    write(
        root,
        "procedures/offboard.md",
        "id: \"offboard\"\nname: \"Offboard a user\"\ncron: \"0 0 0 1 * *\"\n---\n\nResolve this ticket by:\n\n- [ ] Suspending the user in SSO\n- [ ] Confirming each revocation\n",
    );
    write(
        root,
        "narratives/system.md",
        "name: System Narrative\nacronym: SN\nsatisfies:\n  TSC:\n    - CC2.1\nmajorRevisions:\n  - date: Mar 3 2025\n    comment: First version\n---\n\n# Overview\n\n{{.Name}} runs a scheduling service for dentists.\n",
    );
    write(
        root,
        "standards/TSC-2017.yml",
        "name: TSC\nCC6.1:\n  family: CC6\n  name: x\n  description: y\n",
    );
}

#[test]
fn a_comply_project_imports_and_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("comply");
    let dest = dir.path().join("trust");
    comply_project(&src);
    let out = trustbook(
        &[
            "import",
            "comply",
            src.to_str().unwrap(),
            dest.to_str().unwrap(),
        ],
        dir.path(),
    );
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        report.starts_with("imported 1 narrative, 1 policy, 1 procedure"),
        "{report}"
    );
    // What could not be mapped is named, never dropped silently.
    for want in [
        "policies/access.md: satisfies `TSC: CC42.1`",
        "policies/access.md:28: `{{if .Extra}}` has no equivalent",
        "procedures/offboard.md: its ticket schedule `0 0 0 1 * *` (monthly)",
        "company.contact, site.url and the audit period",
        "owner, approved_by, version and classification",
    ] {
        assert!(report.contains(want), "{want:?} missing from:\n{report}");
    }
    let policy = std::fs::read_to_string(dest.join("content/policies/access.md")).unwrap();
    assert!(
        policy.starts_with("---\nid: access\ntitle: \"Access Management Policy\"\n"),
        "{policy}"
    );
    assert!(policy.contains("owner: unassigned"));
    assert!(policy.contains("effective: 2025-03-03\nlast_reviewed: 2026-02-10\nreviews:"));
    assert!(policy.contains("satisfies: [CC6.1, CC6.2]"));
    assert!(policy.contains("how {{ company.name }} grants"));
    assert!(policy.contains("\\{{if .Extra}}"));
    let config = std::fs::read_to_string(dest.join("trustbook.yaml")).unwrap();
    assert!(config.contains("name: \"Birch & Co\""));

    // It checks with no errors, and renders without garbage.
    let (code, json) = {
        let out = trustbook(
            &["check", "--format", "json", dest.to_str().unwrap()],
            dir.path(),
        );
        (
            out.status.code().unwrap(),
            serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap(),
        )
    };
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["errors"], 0);
    let build = trustbook(&["build", dest.to_str().unwrap()], dir.path());
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let page = std::fs::read_to_string(dest.join("out/docs/policies/access.html")).unwrap();
    assert!(page.contains("how Birch &amp; Co grants"));
    assert!(page.contains("<ol type=\"a\">"));
    assert!(page.contains("<th>Role</th>"));
    assert!(!page.contains("+-----"));
    let sd = std::fs::read_to_string(dest.join("out/docs/pages/system.html")).unwrap();
    assert!(sd.contains("Birch &amp; Co runs a scheduling service"));
    let findings = json["readiness"]["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["kind"] == "document-without-owner")
    );
}

#[test]
fn import_refuses_a_folder_with_files_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("comply");
    comply_project(&src);
    let dest = dir.path().join("busy");
    write(&dest, "notes.txt", "mine\n");
    let out = trustbook(
        &[
            "import",
            "comply",
            src.to_str().unwrap(),
            dest.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("notes.txt"));
    assert_eq!(
        std::fs::read_to_string(dest.join("notes.txt")).unwrap(),
        "mine\n"
    );
}
