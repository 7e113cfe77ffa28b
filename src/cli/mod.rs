//! Command-line interface: argument parsing and the commands.

mod build;
mod check;
mod import;
mod init;
mod package;
mod serve;

use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Compliance documentation in git, published as a docs site, a trust center and an audit package.
#[derive(Debug, Parser)]
#[command(name = "trustbook", version = VERSION, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load and cross-check the project; print every problem found.
    Check(check::CheckArgs),
    /// Check, then build the docs site, trust center, PDFs and audit package.
    Build(build::BuildArgs),
    /// Check an audit package against its manifest (exit 1 if anything differs).
    Verify(package::VerifyArgs),
    /// Show what changed between two audit packages.
    Diff(package::DiffArgs),
    /// Preview both sites while editing: rebuild on every change and reload the browser.
    Serve(serve::ServeArgs),
    /// Start a new project from the built-in starter: policies, procedures, controls, pages.
    Init(init::InitArgs),
    /// Start a project from another tool's files (strongdm/comply).
    Import(import::ImportArgs),
}

/// The version and the commit it was built from: `0.1.0 (commit 1a2b3c4d5e6f)`.
pub const VERSION: &str = match env!("TRUSTBOOK_COMMIT").as_bytes() {
    b"" => env!("CARGO_PKG_VERSION"),
    _ => concat!(
        env!("CARGO_PKG_VERSION"),
        " (commit ",
        env!("TRUSTBOOK_COMMIT"),
        ")"
    ),
};

/// Exit code when the input has errors.
pub const EXIT_INVALID: u8 = 1;
/// Exit code for usage errors (bad flags), as clap uses.
pub const EXIT_USAGE: u8 = 2;

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    run(std::env::args_os())
}

/// Runs trustbook with these arguments (the first is the program name), as `main` does.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    quiet_on_closed_pipe();
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Build(args) => build::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Verify(args) => package::run_verify(&args),
        Command::Diff(args) => package::run_diff(&args),
    }
}

/// `trustbook check | head -1`: when the reader goes away, end quietly as other command-line
/// tools do (killed by SIGPIPE, status 141 in a shell) instead of panicking in `println!`.
/// Outputs are swapped in atomically, so dying at a write never leaves a half-written tree.
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: restores the default disposition of one signal at start-up, before any thread
    // is spawned; no handler is installed.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Whether to colour output written to stderr: a terminal, and `NO_COLOR` unset.
pub fn stderr_color() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color && std::io::stderr().is_terminal()
}

/// The project folder argument, defaulting to the current directory.
pub fn project_dir(arg: &Option<PathBuf>) -> PathBuf {
    arg.clone().unwrap_or_else(|| PathBuf::from("."))
}
