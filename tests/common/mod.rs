//! Shared helpers for integration tests: a small valid project written into a temp folder,
//! and ways to run the `trustbook` binary on it.

#![allow(dead_code)]

pub mod canary;
pub mod cdp;
pub mod pdfs;
pub mod sites;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A project folder in a temp directory, deleted on drop.
pub struct Fixture {
    dir: tempfile::TempDir,
}

pub const CONFIG: &str = "\
company:
  name: Acme Voice, Inc.
  contact: security@acme.example
  tagline: Voice agents for clinics.
site:
  url: https://trust.acme.example
package:
  version: \"1.0\"
audit:
  type: soc2-type2
  period: { start: 2026-01-01, end: 2026-06-30 }
  categories: [security, availability]
";

pub const POLICY: &str = "\
---
id: access-control
title: Access Control Policy
owner: CTO
approved_by: CEO
version: \"1.0\"
effective: 2026-01-01
last_reviewed: 2026-01-01
review_every: 12 months
classification: public
summary: Who gets access to what.
---

## Purpose

Access is granted on least privilege. See the [FAQ](page:faq#where-is-data).

## Reviews

Access is reviewed every quarter under [CC6.2](criterion:CC6.2).
";

pub const PAGE: &str = "\
---
title: FAQ
classification: public
order: 30
---

## Where is data?

In the EU, at [our host](subprocessor:hostco). The policy is [here](policy:access-control#reviews).
";

pub const CONTROLS: &str = "\
- id: AC-01
  title: MFA on production access
  description: All production access requires phishing-resistant MFA.
  owner: CTO
  frequency: continuous
  kind: preventive
  automated: true
  criteria: [CC6.1, CC6.6]
  policies: [access-control]
  subprocessors: [hostco]
  status: implemented
  test_procedure: Inspect the IdP policy.
  public: true
- id: AC-02
  title: Quarterly access review
  description: Access to production is reviewed each quarter.
  owner: Security Lead
  frequency: quarterly
  kind: detective
  criteria: [CC6.2, CC6.3]
  policies: [access-control]
  status: implemented
  test_procedure: Inspect the reviews for both quarters.
";

pub const SUBPROCESSORS: &str = "\
- id: hostco
  name: HostCo
  legal_entity: HostCo GmbH
  purpose: Hosting
  category: hosting
  data_categories: [call audio]
  location: Germany
  transfer_mechanism: Not required (EU)
  certifications:
    - name: SOC 2 Type II
      report_date: 2026-03-31
  dpa: https://acme.example/dpa
  added: 2024-01-01
";

pub const EVIDENCE: &str = "\
- control: AC-02
  title: Access review Q1
  file: AC-02/2026-q1-review.csv
  collected: 2026-04-03
  period: 2026-Q1
- control: AC-02
  title: Access review Q2
  file: AC-02/2026-q2-review.csv
  collected: 2026-07-02
  period: 2026-Q2
";

impl Fixture {
    /// A small project that checks clean.
    pub fn valid() -> Fixture {
        let f = Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        f.write("trustbook.yaml", CONFIG);
        f.write("content/policies/access-control.md", POLICY);
        f.write("content/pages/faq.md", PAGE);
        f.write("controls/access.yaml", CONTROLS);
        f.write("content/subprocessors.yaml", SUBPROCESSORS);
        f.write("content/evidence/index.yaml", EVIDENCE);
        f.write(
            "content/evidence/AC-02/2026-q1-review.csv",
            "user,decision\nana,keep\n",
        );
        f.write(
            "content/evidence/AC-02/2026-q2-review.csv",
            "user,decision\nana,keep\n",
        );
        f
    }

    /// The project folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating folders).
    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    /// Writes raw bytes.
    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }

    /// Reads a fixture file.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(rel)).expect("read")
    }

    /// Replaces text in a fixture file, failing if it is not there.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Runs `trustbook` with arguments in the project folder.
    pub fn run(&self, args: &[&str]) -> Output {
        trustbook(args, self.path())
    }

    /// Runs `trustbook build` into `<project>/out` and asserts it succeeded.
    pub fn build_ok(&self) -> PathBuf {
        let out = self.run(&["build"]);
        assert!(
            out.status.success(),
            "build failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        self.path().join("out")
    }

    /// Runs `trustbook check --format json` and parses the report.
    pub fn check_json(&self) -> (i32, Value) {
        let out = self.run(&["check", "--format", "json"]);
        let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "check did not print JSON ({e}): {}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (out.status.code().unwrap_or(-1), json)
    }
}

/// Runs the binary with a working directory.
pub fn trustbook(args: &[&str], cwd: &Path) -> Output {
    trustbook_env(args, cwd, &[])
}

/// Runs the binary with extra environment variables.
pub fn trustbook_env(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_trustbook"));
    cmd.args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run trustbook")
}

/// Builds the example project (the repository root) into a temp folder.
pub fn build_example(env: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = trustbook_env(
        &["build", "--out", out.to_str().unwrap()],
        &repo_root(),
        env,
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    (dir, out)
}

/// The repository root (the example project).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The diagnostics of a JSON check report.
pub fn diagnostics(report: &Value) -> Vec<Value> {
    report["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Every error with a code, in report order.
pub fn errors_with(report: &Value, code: &str) -> Vec<Value> {
    diagnostics(report)
        .into_iter()
        .filter(|d| d["code"] == code && d["severity"] == "error")
        .collect()
}

/// The one error with a code, asserting there is exactly one.
pub fn only_error<'a>(report: &'a Value, code: &str) -> &'a Value {
    let all = report["diagnostics"].as_array().expect("diagnostics");
    let found: Vec<&Value> = all
        .iter()
        .filter(|d| d["code"] == code && d["severity"] == "error")
        .collect();
    assert_eq!(found.len(), 1, "expected one `{code}` error in {all:#?}");
    found[0]
}

/// Asserts a diagnostic's place and hint.
pub fn assert_at(d: &Value, file: &str, line: u64, column: u64, hint_contains: &str) {
    assert_eq!(d["file"], file, "{d:#}");
    assert_eq!(d["line"], line, "{d:#}");
    assert_eq!(d["column"], column, "{d:#}");
    let hint = d["hint"].as_str().unwrap_or_default();
    assert!(
        hint.contains(hint_contains),
        "hint {hint:?} lacks {hint_contains:?} in {d:#}"
    );
}

/// Copies the example project (inputs only) into a new temp folder.
pub fn copy_example() -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    let root = repo_root();
    for dir in ["content", "controls", "themes"] {
        copy_dir(&root.join(dir), &copy.path().join(dir));
    }
    std::fs::copy(
        root.join("trustbook.yaml"),
        copy.path().join("trustbook.yaml"),
    )
    .unwrap();
    copy
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}
