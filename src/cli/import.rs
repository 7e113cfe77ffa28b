//! `trustbook import comply SRC DEST`: a new project from another tool's files.

use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Which tool the files come from.
    #[command(subcommand)]
    pub from: From,
}

/// The tools trustbook imports from.
#[derive(Debug, Subcommand)]
pub enum From {
    /// A strongdm/comply project (comply.yml, policies/, procedures/, narratives/).
    Comply {
        /// The comply project folder.
        src: PathBuf,
        /// The new trustbook project (must not exist, or be empty).
        dest: PathBuf,
    },
}

/// Runs `import`.
pub fn run(args: &ImportArgs) -> ExitCode {
    let From::Comply { src, dest } = &args.from;
    if let Ok(mut entries) = std::fs::read_dir(dest) {
        let names: Vec<String> = entries
            .by_ref()
            .take(5)
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        if !names.is_empty() {
            eprintln!(
                "error: {} is not empty (it holds {}); import writes a new project into a new or empty folder",
                dest.display(),
                names.join(", ")
            );
            return ExitCode::from(super::EXIT_USAGE);
        }
    }
    let today = match crate::clock::as_of(None) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {}", e.with_causes());
            return ExitCode::from(super::EXIT_USAGE);
        }
    };
    match crate::import::comply::import(src, dest, today) {
        Ok(report) => {
            print!("{}", report.text());
            println!(
                "\nnext: run `trustbook check {}`, then fill in what is listed above",
                dest.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}", e.with_causes());
            ExitCode::from(super::EXIT_INVALID)
        }
    }
}
