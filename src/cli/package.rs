//! `trustbook verify` and `trustbook diff`: checking and comparing audit packages.

use crate::package::{diff, verify};
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The package zip (a `.sha256` file beside it is checked too).
    pub package: PathBuf,
}

/// Output format of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum DiffFormat {
    /// Readable text with unified diffs.
    #[default]
    Human,
    /// One JSON document.
    Json,
}

/// Arguments of `diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The older package.
    pub old: PathBuf,
    /// The newer package.
    pub new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
}

/// Runs `verify`: exit 0 when intact, 1 when not.
pub fn run_verify(args: &VerifyArgs) -> ExitCode {
    let report = match verify::verify(&args.package) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(super::EXIT_INVALID);
        }
    };
    let name = args.package.display();
    for p in &report.problems {
        println!("problem: {p}");
    }
    for m in &report.missing {
        println!("missing: {m}");
    }
    for x in &report.extra {
        println!("extra:   {x}");
    }
    for (a, why) in &report.altered {
        println!("altered: {a} ({why})");
    }
    if report.is_intact() {
        let checksum = match report.checksum {
            Some(true) => ", checksum file matches",
            _ => "",
        };
        println!(
            "ok: {name} is intact ({} files match the manifest{checksum})",
            report.intact
        );
        ExitCode::SUCCESS
    } else {
        let n = report.missing.len()
            + report.extra.len()
            + report.altered.len()
            + report.problems.len();
        println!(
            "FAILED: {name} is not intact ({n} problem{})",
            if n == 1 { "" } else { "s" }
        );
        ExitCode::from(super::EXIT_INVALID)
    }
}

/// Runs `diff`: exit 0 (whether or not anything changed), 1 when a package cannot be read.
pub fn run_diff(args: &DiffArgs) -> ExitCode {
    match diff::diff(&args.old, &args.new) {
        Ok(d) => {
            match args.format {
                DiffFormat::Human => print!("{}", diff::human(&d)),
                DiffFormat::Json => {
                    println!("{}", serde_json::to_string_pretty(&d).unwrap_or_default());
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(super::EXIT_INVALID)
        }
    }
}
