//! The library's error type: what can stop a command after the input has been checked.

use std::path::PathBuf;

/// Why a command could not finish.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input has errors; they were reported as diagnostics.
    #[error("the project has {errors} error{}", if *errors == 1 { "" } else { "s" })]
    Invalid {
        /// How many errors.
        errors: usize,
    },
    /// Reading or writing a file failed.
    #[error("{action} `{}`: {source}", path.display())]
    Io {
        /// What was being done ("cannot write").
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A theme template is broken (the message carries its file, line and column).
    #[error("theme error: {0}")]
    Theme(String),
    /// The PDF could not be produced.
    #[error("PDF: {0}")]
    Pdf(String),
    /// The audit package could not be written or read.
    #[error("package: {0}")]
    Package(String),
    /// A command-line value is wrong.
    #[error("{0}")]
    Usage(String),
    /// The output folder may not be written: it holds someone's files, or the project.
    #[error("refusing to write the output to `{}`: {reason}", path.display())]
    OutputRefused {
        /// The folder as the user named it.
        path: PathBuf,
        /// Why.
        reason: String,
        /// What to do instead.
        hint: String,
    },
    /// A path a renderer produced cannot be written into the output.
    #[error("cannot write `{path}` into the output: {reason}")]
    OutputPath {
        /// The path, relative to the output folder.
        path: String,
        /// Why (unsafe, or written twice).
        reason: &'static str,
    },
}

impl Error {
    /// What the user can do about it, when there is more to say than the message.
    pub fn hint(&self) -> Option<&str> {
        match self {
            Error::OutputRefused { hint, .. } => Some(hint),
            _ => None,
        }
    }

    /// An I/O error with context.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

/// Result with the library's error.
pub type Result<T> = std::result::Result<T, Error>;
