//! `trustbook serve`: a live preview of both sites while editing.

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The project folder (default: the current directory).
    pub project: Option<PathBuf>,
    /// Port to listen on (0: any free port, printed at start).
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// Address to listen on; the default keeps the internal docs site on this machine.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Also build the PDFs and the audit package on every change (slower).
    #[arg(long)]
    pub all: bool,
}

/// Runs `serve`.
pub fn run(args: &ServeArgs) -> ExitCode {
    let opts = crate::serve::Options {
        project: super::project_dir(&args.project),
        host: args.host.clone(),
        port: args.port,
        all: args.all,
    };
    match crate::serve::run(&opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", e.with_causes());
            ExitCode::from(super::EXIT_USAGE)
        }
    }
}
