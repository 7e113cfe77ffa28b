//! The library's error type: what can stop a command after the input has been checked.

use std::path::PathBuf;

/// The error of a library trustbook calls, kept as the cause.
pub type Source = Box<dyn std::error::Error + Send + Sync>;

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
    #[error("theme error: {what}")]
    Theme {
        /// What went wrong, where.
        what: String,
        /// The template engine's error.
        #[source]
        source: Option<Source>,
    },
    /// The PDF could not be produced.
    #[error("PDF: {what}")]
    Pdf {
        /// What was being done.
        what: String,
        /// The library's error.
        #[source]
        source: Option<Source>,
    },
    /// The audit package could not be written or read.
    #[error("package: {what}")]
    Package {
        /// What was being done.
        what: String,
        /// The library's error.
        #[source]
        source: Option<Source>,
    },
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
    /// A PDF failure without a library cause.
    pub fn pdf(what: impl Into<String>) -> Self {
        Error::Pdf {
            what: what.into(),
            source: None,
        }
    }

    /// A PDF failure caused by a library error.
    pub fn pdf_from(what: impl Into<String>, source: impl Into<Source>) -> Self {
        Error::Pdf {
            what: what.into(),
            source: Some(source.into()),
        }
    }

    /// A package failure without a library cause.
    pub fn package(what: impl Into<String>) -> Self {
        Error::Package {
            what: what.into(),
            source: None,
        }
    }

    /// A package failure caused by a library error.
    pub fn package_from(what: impl Into<String>, source: impl Into<Source>) -> Self {
        Error::Package {
            what: what.into(),
            source: Some(source.into()),
        }
    }

    /// A theme failure, with the template engine's error when there is one.
    pub fn theme(what: impl Into<String>, source: Option<Source>) -> Self {
        Error::Theme {
            what: what.into(),
            source,
        }
    }

    /// The message with every cause after it (`PDF: writing the document: …`).
    pub fn with_causes(&self) -> String {
        let mut text = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(c) = cause {
            let more = c.to_string();
            if !text.contains(&more) {
                text.push_str(": ");
                text.push_str(&more);
            }
            cause = c.source();
        }
        text
    }

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
