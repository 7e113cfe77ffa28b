//! `trustbook build`: check, then render every output and write it atomically.

use crate::build::BuildOptions;
use crate::diag::{self, Format, RenderOptions};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The project folder (default: the current directory).
    pub project: Option<PathBuf>,
    /// Output folder (default: `out` inside the project).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Package version, overriding `package.version` (CI passes the git tag); letters,
    /// digits, `.`, `_`, `+` and `-`.
    #[arg(long, value_name = "VERSION", value_parser = parse_version)]
    pub package_version: Option<String>,
    /// Date of the readiness analysis (default: from SOURCE_DATE_EPOCH, else today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::clock::parse_date_arg)]
    pub as_of: Option<jiff::civil::Date>,
    /// Replace the output folder even if it is not empty and trustbook did not write it
    /// (never the project or its input folders).
    #[arg(long)]
    pub force: bool,
    /// Print every project file each output would publish, and why; write nothing.
    #[arg(long)]
    pub list_published: bool,
}

fn parse_version(v: &str) -> Result<String, String> {
    crate::model::Package::check_version(v)
        .map(|()| v.to_owned())
        .map_err(|closest| {
            format!("at most 64 letters, digits, `.`, `_`, `+` and `-` (it names files); for example `{closest}`")
        })
}

/// Runs `build`.
pub fn run(args: &BuildArgs) -> ExitCode {
    let started = Instant::now();
    let root = super::project_dir(&args.project);
    let (project, diags) = crate::open(&root);
    let opts = RenderOptions {
        color: super::stderr_color(),
    };
    for d in diags.items() {
        eprintln!(
            "{}\n",
            diag::render(d, &project.sources, Format::Human, opts)
        );
    }
    if diags.has_errors() {
        let n = diags.error_count();
        eprintln!(
            "build failed: the project has {n} error{}; nothing was written",
            if n == 1 { "" } else { "s" }
        );
        return ExitCode::from(super::EXIT_INVALID);
    }
    let as_of = match crate::clock::as_of(args.as_of) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {}", e.with_causes());
            return ExitCode::from(super::EXIT_USAGE);
        }
    };
    // Dates that contradict each other or the as-of date, and characters the PDFs cannot
    // draw: reported, never fatal.
    let mut dated = crate::timeline::check(&project, as_of);
    dated.extend(crate::pdf::glyphs::check(&project));
    dated.extend(crate::pdf::image::check(&project));
    dated.extend(crate::pdf::html::check(&project));
    for d in dated.items() {
        eprintln!(
            "{}\n",
            diag::render(d, &project.sources, Format::Human, opts)
        );
    }
    if args.list_published {
        print!("{}", published_listing(&project, as_of));
        return ExitCode::SUCCESS;
    }
    let out = args.out.clone().unwrap_or_else(|| root.join("out"));
    let build_opts = BuildOptions {
        package_version: args.package_version.clone(),
        as_of: Some(as_of),
        force: args.force,
        sites_only: false,
    };
    match crate::build::build(&project, &out, &build_opts) {
        Ok(report) => {
            for (name, files, size) in &report.files {
                println!(
                    "wrote {}/{name}: {files} files, {}",
                    out.display(),
                    human_size(*size)
                );
            }
            let r = &report.readiness;
            println!(
                "readiness as of {}: criteria covered {}/{}, evidence periods present {}/{}, {} error{} and {} warning{} (see {}/docs/readiness.html, or run `trustbook check`)",
                r.as_of,
                r.criteria.met,
                r.criteria.total,
                r.evidence.met,
                r.evidence.total,
                r.count(crate::diag::Severity::Error),
                if r.count(crate::diag::Severity::Error) == 1 {
                    ""
                } else {
                    "s"
                },
                r.count(crate::diag::Severity::Warning),
                if r.count(crate::diag::Severity::Warning) == 1 {
                    ""
                } else {
                    "s"
                },
                out.display()
            );
            let pr = &report.period_readiness;
            println!(
                "audit package readiness, judged as of {} ({}): evidence periods present {}/{}, {} error{}",
                pr.as_of,
                pr.basis_text(&project),
                pr.evidence.met,
                pr.evidence.total,
                pr.count(crate::diag::Severity::Error),
                if pr.count(crate::diag::Severity::Error) == 1 {
                    ""
                } else {
                    "s"
                },
            );
            println!("built in {:.2}s", started.elapsed().as_secs_f64());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}", e.with_causes());
            if let Some(hint) = e.hint() {
                eprintln!("  = help: {hint}");
            }
            eprintln!("build failed; {} was left as it was", out.display());
            // A refused output folder is a wrong command line, like a bad flag.
            ExitCode::from(match e {
                crate::Error::OutputRefused { .. } => super::EXIT_USAGE,
                _ => super::EXIT_INVALID,
            })
        }
    }
}

/// What `--list-published` prints: per output, each project file it copies and why.
fn published_listing(project: &crate::model::Project, as_of: jiff::civil::Date) -> String {
    use crate::audience::{Audience, Output};
    use std::fmt::Write;
    let mut s = String::new();
    for (output, what) in [
        (Output::Trust, "public trust center, out/trust/"),
        (Output::Docs, "internal documentation site, out/docs/"),
        (Output::Audit, "audit package, inside the zip"),
    ] {
        let audience = Audience::of(output, &project.config.outputs, as_of);
        let files = audience.published_files(project);
        let _ = writeln!(
            s,
            "{} ({what}; shows up to {}): {} project file{}",
            output.name(),
            audience.level,
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        );
        for f in files {
            let _ = writeln!(s, "  {} -> {}  ({})", f.source, f.path, f.causes.join("; "));
        }
    }
    s.push_str("Everything else in the outputs is generated from the model; no other project file is copied.\n");
    s
}

/// `1.2 MB`, `34 KB`.
pub fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}
