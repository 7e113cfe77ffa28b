//! `trustbook check`: load, resolve and report.

use crate::diag::{self, Format, RenderOptions, Severity};
use crate::model::{Project, Status};
use crate::readiness;
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
    /// Date of the readiness analysis (default: from SOURCE_DATE_EPOCH, else today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::clock::parse_date_arg)]
    pub as_of: Option<jiff::civil::Date>,
    /// Fail (exit 1) when the readiness analysis finds any error.
    #[arg(long)]
    pub strict: bool,
}

/// Runs `check`.
pub fn run(args: &CheckArgs) -> ExitCode {
    let root = super::project_dir(&args.project);
    let (project, mut diags) = crate::open(&root);
    let summary = Summary::of(&project);
    let as_of = match crate::clock::as_of(args.as_of) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {}", e.with_causes());
            return ExitCode::from(super::EXIT_USAGE);
        }
    };
    if !diags.has_errors() {
        diags.extend(crate::timeline::check(&project, as_of));
        diags.extend(crate::pdf::glyphs::check(&project));
        diags.extend(crate::pdf::image::check(&project));
        diags.extend(crate::pdf::html::check(&project));
        diags.sort();
    }
    // The analysis needs a sound model; with input errors it would report noise.
    let readiness = (!diags.has_errors()).then(|| readiness::analyse(&project, as_of));
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
            match &readiness {
                Some(r) => print!("{}", readiness_human(&project, r)),
                None => println!("readiness: skipped until the errors above are fixed"),
            }
            let (e, w) = (diags.error_count(), diags.warning_count());
            let gaps = readiness.as_ref().map_or(0, |r| r.count(Severity::Error));
            let failed = e > 0 || (args.strict && gaps > 0);
            println!(
                "{}: {e} error{}, {w} warning{}{}",
                if failed { "failed" } else { "ok" },
                plural(e),
                plural(w),
                match (&readiness, args.strict) {
                    (Some(_), true) if gaps > 0 =>
                        format!("; {gaps} readiness error{} (--strict)", plural(gaps)),
                    (Some(_), _) if gaps > 0 => format!(
                        "; {gaps} readiness error{} (not failing without --strict)",
                        plural(gaps)
                    ),
                    _ => String::new(),
                }
            );
        }
        Format::Json => {
            let doc = json!({
                "ok": !diags.has_errors(),
                "errors": diags.error_count(),
                "warnings": diags.warning_count(),
                "summary": summary.json(),
                "readiness": readiness.as_ref().map(|r| r.json(&project)),
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
            for f in readiness.iter().flat_map(|r| &r.findings) {
                // Findings annotate as errors only when they gate the run.
                let level = if f.severity == Severity::Error && args.strict {
                    "error"
                } else {
                    "warning"
                };
                println!(
                    "::{level} file={},line={},title={}::{}",
                    f.file,
                    f.line,
                    f.kind.name(),
                    f.message.replace('%', "%25").replace('\n', "%0A")
                );
            }
            println!("{}", summary.line());
        }
    }
    let gap = args.strict
        && readiness
            .as_ref()
            .is_some_and(|r| r.count(Severity::Error) > 0);
    let failed = diags.has_errors() || gap;
    if failed {
        ExitCode::from(super::EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}

/// The readiness summary and findings for people.
fn readiness_human(p: &Project, r: &readiness::Readiness) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let period = &p.config.audit.period;
    let _ = writeln!(
        s,
        "readiness as of {} ({}; period {} – {}, evidence due through {}):",
        r.as_of,
        r.basis_text(p),
        period.start,
        period.end,
        r.cutoff
    );
    let _ = writeln!(
        s,
        "  criteria covered {}/{} ({:.0}%), evidence slices present {}/{} ({:.1}%)",
        r.criteria.met,
        r.criteria.total,
        r.criteria.percent(),
        r.evidence.met,
        r.evidence.total,
        r.evidence.percent()
    );
    if r.findings.is_empty() {
        let _ = writeln!(s, "  no findings");
        return s;
    }
    let counts: Vec<String> = r
        .by_kind()
        .iter()
        .map(|(k, n)| format!("{} {n}", k.name()))
        .collect();
    let _ = writeln!(
        s,
        "  {} error{}, {} warning{}: {}",
        r.count(Severity::Error),
        plural(r.count(Severity::Error)),
        r.count(Severity::Warning),
        plural(r.count(Severity::Warning)),
        counts.join(", ")
    );
    for f in &r.findings {
        let level = if f.severity == Severity::Error {
            "error"
        } else {
            "warning"
        };
        let _ = writeln!(
            s,
            "  {level}[{}] {}:{}: {}",
            f.kind.name(),
            f.file,
            f.line,
            f.message
        );
    }
    s
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Counts shown after a check.
pub struct Summary {
    policies: usize,
    procedures: usize,
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
            procedures: p.procedures.len(),
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
            "{} policies, {} procedures, {} pages, {} controls ({} implemented), {}/{} criteria in scope covered, {} subprocessors, {} evidence items",
            self.policies,
            self.procedures,
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
            "procedures": self.procedures,
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
