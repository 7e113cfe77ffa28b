//! `trustbook init`: a new project a company can adopt on day one, from the starter embedded in
//! the binary (`starter/project/`, like the theme).
//!
//! The starter invents nothing about the company: owners and approvers are `unassigned`,
//! controls are `planned`, the SOC 2 attestation is `planned`, and every fact only the company
//! knows is a `REPLACE:` marker that `check` lists. So `check` passes with no errors while
//! readiness lists, honestly, everything that is left to do.

use crate::error::{Error, Result};
use jiff::civil::Date;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/starter_files.rs"));

/// The GitHub Actions workflow of the README, written as `.github/workflows/trust-center.yml`.
const GITHUB_WORKFLOW: &[u8] = include_bytes!("../starter/ci/github-workflow.yml");

/// The token in starter files that becomes the day `init` runs.
const TODAY_TOKEN: &str = "@TODAY@";

/// The trust services categories beyond Security that the starter has controls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    /// A1: availability (backups, restore tests, capacity).
    Availability,
    /// C1: confidentiality (identifying and disposing of confidential information).
    Confidentiality,
}

impl Category {
    /// The name used in `trustbook.yaml`.
    pub fn key(self) -> &'static str {
        match self {
            Category::Availability => "availability",
            Category::Confidentiality => "confidentiality",
        }
    }

    /// The starter's control file for this category.
    fn controls_file(self) -> String {
        format!("controls/{}.yaml", self.key())
    }
}

/// What `init` is asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// The company's name, as it should read on every output.
    pub company: String,
    /// Categories in scope besides Security.
    pub categories: Vec<Category>,
    /// The day the project starts: review dates and the audit period are set from it.
    pub today: Date,
}

/// What `init` wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Created {
    /// Files written.
    pub files: usize,
    /// Policies, procedures, pages and controls in the new project.
    pub policies: usize,
    /// Procedures written.
    pub procedures: usize,
    /// Free pages written (overview, FAQ, system description).
    pub pages: usize,
    /// Controls in the matrix.
    pub controls: usize,
}

/// Creates the starter project in `dir`: a new folder, or an existing empty one. Nothing is
/// left behind if writing fails part-way.
pub fn init(dir: &Path, opts: &Options) -> Result<Created> {
    let company = company_name(&opts.company)?;
    refuse_non_empty(dir)?;
    let files = starter_files(company, opts)?;
    let mut created = Created {
        files: files.len(),
        ..Created::default()
    };
    for (path, _) in &files {
        let count = match path.split('/').take(2).collect::<Vec<_>>().as_slice() {
            ["content", "policies"] => &mut created.policies,
            ["content", "procedures"] => &mut created.procedures,
            ["content", "pages"] => &mut created.pages,
            _ => continue,
        };
        *count += 1;
    }
    created.controls = files
        .iter()
        .filter(|(p, _)| p.starts_with("controls/"))
        .map(|(_, text)| control_ids(text).len())
        .sum();
    Writer::default().write_all(dir, &files)?;
    Ok(created)
}

/// The company name, trimmed; one line of printable text.
fn company_name(name: &str) -> Result<&str> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::Usage(
            "the company name is empty: pass --company \"Your Company\"".to_owned(),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::Usage(
            "the company name has a line break or another control character: give it on one line"
                .to_owned(),
        ));
    }
    if name.chars().count() > 200 {
        return Err(Error::Usage(
            "the company name is longer than 200 characters".to_owned(),
        ));
    }
    Ok(name)
}

/// Refuses a folder that holds anything, naming what is there, or a path that is not a folder.
fn refuse_non_empty(dir: &Path) -> Result<()> {
    match std::fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io("cannot read", dir, e)),
        Ok(m) if !m.is_dir() => {
            return Err(Error::Usage(format!(
                "`{}` exists and is not a folder; init creates a project in a new or empty folder",
                dir.display()
            )));
        }
        Ok(_) => {}
    }
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io("cannot read", dir, e))?;
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    names.sort();
    let more = names.len().saturating_sub(5);
    names.truncate(5);
    let mut listed = names.join(", ");
    if more > 0 {
        listed.push_str(&format!(" and {more} more"));
    }
    Err(Error::Usage(format!(
        "`{}` is not empty (it holds {listed}); init writes a new project into a new or empty folder",
        dir.display()
    )))
}

/// Every file of the new project: (path relative to it, contents).
fn starter_files(company: &str, opts: &Options) -> Result<Vec<(String, Vec<u8>)>> {
    let today = opts.today.to_string();
    let left_out: Vec<String> = [Category::Availability, Category::Confidentiality]
        .into_iter()
        .filter(|c| !opts.categories.contains(c))
        .map(Category::controls_file)
        .collect();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (path, bytes) in STARTER_PROJECT {
        if left_out.iter().any(|l| l == path) {
            continue;
        }
        let bytes = match std::str::from_utf8(bytes) {
            Ok(text) => text.replace(TODAY_TOKEN, &today).into_bytes(),
            Err(_) => bytes.to_vec(),
        };
        files.push(((*path).to_owned(), bytes));
    }
    let mut folders = Vec::new();
    for (path, text) in &files {
        if path.starts_with("controls/") {
            folders.extend(control_ids(text));
        }
    }
    for id in folders {
        files.push((format!("content/evidence/{id}/.gitkeep"), Vec::new()));
    }
    files.push((
        "trustbook.yaml".to_owned(),
        config(company, opts).into_bytes(),
    ));
    files.push((
        ".github/workflows/trust-center.yml".to_owned(),
        GITHUB_WORKFLOW.to_vec(),
    ));
    files.sort();
    if files.windows(2).any(|w| w[0].0 == w[1].0) {
        return Err(Error::Usage(
            "the embedded starter project names one file twice".to_owned(),
        ));
    }
    Ok(files)
}

/// The ids of a starter control file, for one evidence folder each. The starter's files are
/// this binary's own, so an id that is not a plain control id is skipped, never a path.
fn control_ids(yaml: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(yaml);
    text.lines()
        .filter_map(|l| l.strip_prefix("- id: "))
        .map(str::trim)
        .filter(|id| {
            !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
        })
        .map(str::to_owned)
        .collect()
}

/// A YAML string holding any text: JSON's quoting is valid YAML 1.2.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

/// `trustbook.yaml`: the company, the first SOC 2 examination as planned, and markers for
/// what only the company can fill in.
fn config(company: &str, opts: &Options) -> String {
    // A first Type II period: six months from the first day of next month.
    let start = opts.today.last_of_month().tomorrow().unwrap_or(opts.today);
    let end = start
        .checked_add(jiff::Span::new().months(6))
        .and_then(|d| d.yesterday())
        .unwrap_or(start);
    let mut categories = vec!["security"];
    categories.extend(opts.categories.iter().map(|c| c.key()));
    let categories = categories.join(", ");
    format!(
        "# trustbook project of {comment_name}, created by `trustbook init` on {today}.
# Every input format is described in trustbook's README. Text with a REPLACE marker is for
# you to write; `trustbook check` lists each place.

company:
  name: {name}
  contact: security@example.com    # REPLACE: the address security questions and report requests go to
  # website: https://www.example.com
  # tagline: One sentence on what the company does.

site:
  url: https://trust.example.com   # REPLACE: where the trust center will be published
  # name: Example                  # the sites' name (default: the company name)
  # logo: {{ file: logo.svg, alt: \"Example\" }}   # a file under content/assets/
  # accent: \"#1f5f8b\"              # brand colour; check rejects one below WCAG AA contrast
  # security_policy: https://www.example.com/security   # security.txt's Policy
  # request_url: https://www.example.com/nda   # where reviewers ask for documents, instead of email

package:
  version: \"0.1\"                   # CI passes the git tag with --package-version

# The SOC 2 examination the audit package is prepared for. Agree the period with your auditor.
audit:
  type: soc2-type2
  period: {{ start: {start}, end: {end} }}
  categories: [{categories}]

# What the trust center says the company holds or is working towards, each with its status as
# of the build date. Change `status` to in-progress when fieldwork starts, and to issued (with
# `issued:` and `auditor:`) only once the report is in hand.
attestations:
  - id: soc2-type2-first
    framework: soc2-type2
    status: planned
    period: {{ start: {start}, end: {end} }}
    categories: [{categories}]

subprocessors:
  notice_days: 30                  # days of notice customers get before a new subprocessor starts

outputs:
  docs: internal
  trust: public
  audit: confidential
",
        comment_name = company.replace(['\n', '\r'], " "),
        today = opts.today,
        name = quoted(company),
    )
}

/// Writes files into a new or empty folder and, when one fails, removes everything it made.
#[derive(Debug, Default)]
struct Writer {
    /// Files and folders created so far, in order.
    made: Vec<(PathBuf, bool)>,
}

impl Writer {
    fn write_all(mut self, dir: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
        let result = self.write_inner(dir, files);
        if result.is_err() {
            self.undo();
        }
        result
    }

    fn write_inner(&mut self, dir: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
        self.mkdirs(dir)?;
        for (rel, bytes) in files {
            let path = rel.split('/').fold(dir.to_path_buf(), |p, c| p.join(c));
            if let Some(parent) = path.parent() {
                self.mkdirs(parent)?;
            }
            // create_new: a file that appeared since the folder was found empty is never
            // overwritten.
            let mut f = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .map_err(|e| Error::io("cannot create", &path, e))?;
            self.made.push((path.clone(), false));
            f.write_all(bytes)
                .and_then(|()| f.sync_all())
                .map_err(|e| Error::io("cannot write", &path, e))?;
        }
        Ok(())
    }

    /// Creates `dir` and its missing parents, remembering the ones it created.
    fn mkdirs(&mut self, dir: &Path) -> Result<()> {
        let mut missing = Vec::new();
        let mut at = dir;
        while std::fs::symlink_metadata(at).is_err() {
            missing.push(at.to_path_buf());
            match at.parent() {
                Some(p) if !p.as_os_str().is_empty() => at = p,
                _ => break,
            }
        }
        for d in missing.into_iter().rev() {
            std::fs::create_dir(&d).map_err(|e| Error::io("cannot create", &d, e))?;
            self.made.push((d, true));
        }
        Ok(())
    }

    /// Removes what was made, newest first; a folder only while empty.
    fn undo(&mut self) {
        for (path, is_dir) in self.made.drain(..).rev() {
            let _ = if is_dir {
                std::fs::remove_dir(&path)
            } else {
                std::fs::remove_file(&path)
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn company_names_are_one_line_of_text() {
        assert!(company_name("  ").is_err());
        assert!(company_name("A\nB").is_err());
        assert_eq!(company_name(" O'Brien & Co ").ok(), Some("O'Brien & Co"));
    }

    #[test]
    fn control_ids_are_plain_ids() {
        let ids = control_ids(b"- id: AC-01\n  title: x\n- id: ../etc\n- id: BCP-02\n");
        assert_eq!(ids, ["AC-01", "BCP-02"]);
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = std::env::temp_dir().join(format!("trustbook-init-undo-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        // `a` is written as a file, so `a/b` cannot be: the second write fails.
        let files = vec![
            ("x/y.md".to_owned(), b"one".to_vec()),
            ("a".to_owned(), Vec::new()),
            ("a/b".to_owned(), Vec::new()),
        ];
        assert!(Writer::default().write_all(&dir, &files).is_err());
        assert!(!dir.exists(), "the new folder is removed again");

        std::fs::create_dir(&dir).unwrap();
        assert!(Writer::default().write_all(&dir, &files).is_err());
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            0,
            "an empty folder stays empty"
        );
        std::fs::remove_dir(&dir).unwrap();
    }

    #[test]
    fn the_first_period_starts_next_month() {
        let opts = Options {
            company: "A".into(),
            categories: vec![],
            today: jiff::civil::date(2026, 11, 30),
        };
        let text = config("A", &opts);
        assert!(text.contains("period: { start: 2026-12-01, end: 2027-05-31 }"));
        assert!(text.contains("categories: [security]"));
    }
}
