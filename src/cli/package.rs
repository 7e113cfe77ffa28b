//! `trustbook verify` and `trustbook diff`: checking and comparing audit packages.

use crate::package::{diff, verify};
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The package zip (the `.sha256` file beside it is checked too).
    pub package: PathBuf,
    /// The zip's expected SHA-256 (64 hex digits), when it came without its `.sha256` file.
    #[arg(long, value_name = "HEX", value_parser = parse_sha256)]
    pub sha256: Option<String>,
}

fn parse_sha256(s: &str) -> Result<String, String> {
    let s = s.trim();
    if s.len() == 64 && s.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(s.to_ascii_lowercase())
    } else {
        Err("a SHA-256 is 64 hexadecimal digits".to_owned())
    }
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

/// Runs `verify`: exit 0 when intact and anchored to its expected digest, 1 when not.
pub fn run_verify(args: &VerifyArgs) -> ExitCode {
    let report = match verify::verify(&args.package, args.sha256.as_deref()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {}", e.with_causes());
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
    let entries_ok = report.missing.is_empty()
        && report.extra.is_empty()
        && report.altered.is_empty()
        && report.problems.is_empty();
    if report.is_intact() {
        let anchor = match report.checksum_source.as_deref() {
            Some("--sha256") => "the SHA-256 given with --sha256 matches".to_owned(),
            Some(file) => format!("checksum file matches: {file}"),
            None => String::new(),
        };
        println!(
            "ok: {name} is intact ({} files match the manifest; {anchor})",
            report.intact
        );
        return ExitCode::SUCCESS;
    }
    if entries_ok && report.checksum.is_none() {
        println!(
            "unchecked: there is no {} beside the zip, so the zip itself cannot be verified.",
            verify::sidecar_path(&args.package)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        );
        println!(
            "  Its {} files match its manifest, but whoever changed a file could have rewritten the manifest too (company, period, file list, digests).",
            report.intact
        );
        println!(
            "  The zip's SHA-256 is {}: compare it with the digest you were given, or run `trustbook verify {name} --sha256 <digest>`.",
            report.sha256
        );
        println!("NOT VERIFIED: {name}");
        return ExitCode::from(super::EXIT_INVALID);
    }
    let n =
        report.missing.len() + report.extra.len() + report.altered.len() + report.problems.len();
    println!(
        "FAILED: {name} is not intact ({n} problem{})",
        if n == 1 { "" } else { "s" }
    );
    ExitCode::from(super::EXIT_INVALID)
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
            eprintln!("error: {}", e.with_causes());
            ExitCode::from(super::EXIT_INVALID)
        }
    }
}
