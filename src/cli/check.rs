//! `trustbook check`: load, resolve and report.

use crate::diag::{self, Format, RenderOptions, Severity};
use crate::model::{Project, Status};
use clap::Args;
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The project folder (default: the current directory).
    pub project: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Runs `check`.
pub fn run(args: &CheckArgs) -> ExitCode {
    let root = super::project_dir(&args.project);
    let (project, diags) = crate::open(&root);
    let summary = Summary::of(&project);
    match args.format {
        Format::Human => {
            let opts = RenderOptions {
                color: super::stderr_color(),
            };
            for d in diags.items() {
                eprintln!(
                    "{}\n",
                    diag::render(d, &project.sources, Format::Human, opts)
                );
            }
            println!("{}", summary.line());
            let (e, w) = (diags.error_count(), diags.warning_count());
            println!(
                "{}: {e} error{}, {w} warning{}",
                if e == 0 { "ok" } else { "failed" },
                plural(e),
                plural(w)
            );
        }
        Format::Json => {
            let doc = json!({
                "ok": !diags.has_errors(),
                "errors": diags.error_count(),
                "warnings": diags.warning_count(),
                "summary": summary.json(),
                "diagnostics": diags.items().iter().map(|d| diag::render::to_json(d, &project.sources)).collect::<Vec<_>>(),
            });
            println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        Format::Github => {
            for d in diags.items() {
                println!(
                    "{}",
                    diag::render(
                        d,
                        &project.sources,
                        Format::Github,
                        RenderOptions::default()
                    )
                );
            }
            println!("{}", summary.line());
        }
    }
    let failed = diags.items().iter().any(|d| d.severity == Severity::Error);
    if failed {
        ExitCode::from(super::EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Counts shown after a check.
pub struct Summary {
    policies: usize,
    pages: usize,
    controls: usize,
    implemented: usize,
    criteria_in_scope: usize,
    criteria_covered: usize,
    subprocessors: usize,
    evidence: usize,
}

impl Summary {
    /// Counts the project's items.
    pub fn of(p: &Project) -> Summary {
        let in_scope: Vec<_> = p.criteria().filter(|(_, c)| c.in_scope).collect();
        let covered = in_scope
            .iter()
            .filter(|(r, _)| {
                p.controls_for(*r)
                    .iter()
                    .any(|&i| p.controls[i].status == Status::Implemented)
            })
            .count();
        Summary {
            policies: p.policies.len(),
            pages: p.pages.len(),
            controls: p.controls.len(),
            implemented: p
                .controls
                .iter()
                .filter(|c| c.status == Status::Implemented)
                .count(),
            criteria_in_scope: in_scope.len(),
            criteria_covered: covered,
            subprocessors: p.subprocessors.len(),
            evidence: p.evidence.len(),
        }
    }

    /// One line for people.
    pub fn line(&self) -> String {
        format!(
            "{} policies, {} pages, {} controls ({} implemented), {}/{} criteria in scope covered, {} subprocessors, {} evidence items",
            self.policies,
            self.pages,
            self.controls,
            self.implemented,
            self.criteria_covered,
            self.criteria_in_scope,
            self.subprocessors,
            self.evidence
        )
    }

    /// The same as JSON.
    pub fn json(&self) -> serde_json::Value {
        json!({
            "policies": self.policies,
            "pages": self.pages,
            "controls": self.controls,
            "controls_implemented": self.implemented,
            "criteria_in_scope": self.criteria_in_scope,
            "criteria_covered": self.criteria_covered,
            "subprocessors": self.subprocessors,
            "evidence": self.evidence,
        })
    }
}
