//! `trustbook init [DIR] --company NAME`: a starter project to adopt.

use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The new project's folder: new, or empty (default: the current directory).
    pub dir: Option<PathBuf>,
    /// The company's name, as every output should show it.
    #[arg(long)]
    pub company: String,
    /// Trust services categories in scope besides Security (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub categories: Vec<CategoryArg>,
}

/// The optional categories the starter has controls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CategoryArg {
    /// Availability (A1): backups, restore tests, capacity.
    Availability,
    /// Confidentiality (C1): confidential information identified, protected and disposed of.
    Confidentiality,
}

/// Runs `init`.
pub fn run(args: &InitArgs) -> ExitCode {
    let dir = super::project_dir(&args.dir);
    let today = match crate::clock::as_of(None) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {}", e.with_causes());
            return ExitCode::from(super::EXIT_USAGE);
        }
    };
    let mut categories: Vec<crate::init::Category> = args
        .categories
        .iter()
        .map(|c| match c {
            CategoryArg::Availability => crate::init::Category::Availability,
            CategoryArg::Confidentiality => crate::init::Category::Confidentiality,
        })
        .collect();
    categories.sort();
    categories.dedup();
    let opts = crate::init::Options {
        company: args.company.clone(),
        categories,
        today,
    };
    match crate::init::init(&dir, &opts) {
        Ok(made) => {
            let shown = shell_word(&dir.display().to_string());
            println!(
                "Created a trustbook project in {} ({} policies, {} procedures, {} controls, {} pages).",
                dir.display(),
                made.policies,
                made.procedures,
                made.controls,
                made.pages
            );
            println!(
                "Nothing in it is implemented or approved yet; readiness lists what is left.\n"
            );
            println!("Next:");
            println!(
                "  1. trustbook serve {shown}     preview the trust center and the docs site while you edit"
            );
            println!(
                "  2. trustbook check {shown}     lists each REPLACE: to write and each owner to assign"
            );
            println!(
                "  3. git init {shown} and push   .github/workflows/trust-center.yml publishes the trust center"
            );
            ExitCode::SUCCESS
        }
        Err(e @ crate::Error::Usage(_)) => {
            eprintln!("error: {e}");
            ExitCode::from(super::EXIT_USAGE)
        }
        Err(e) => {
            eprintln!("error: {}", e.with_causes());
            ExitCode::from(super::EXIT_INVALID)
        }
    }
}

/// The folder as it can be pasted into a shell: quoted when it holds anything but plain
/// characters.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./+,:@".contains(c))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}
