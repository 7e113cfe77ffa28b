//! Diagnostics: every problem found in the input, with where it is and what to do about it.
//!
//! A run collects all diagnostics (like a compiler) and reports them together.

pub mod render;
mod suggest;

pub use render::{Format, RenderOptions, render};
pub use suggest::{closest, did_you_mean};

use crate::source::Span;
use serde::Serialize;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails `check` and `build`.
    Error,
    /// Reported, never fails a run.
    Warning,
}

/// The class of a diagnostic: a stable name used in JSON output and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// The file could not be read.
    Io,
    /// The file is not valid UTF-8.
    NotUtf8,
    /// The YAML does not parse.
    YamlSyntax,
    /// A Markdown file has no front matter block.
    MissingFrontMatter,
    /// A field name that the format does not have.
    UnknownField,
    /// A required field is absent.
    MissingField,
    /// A value of the wrong shape (a list where a string belongs, …).
    InvalidType,
    /// A value outside the allowed set.
    InvalidValue,
    /// A date that is not a `YYYY-MM-DD` date.
    InvalidDate,
    /// Two items of one kind share an id.
    DuplicateId,
    /// A reference to an id that does not exist.
    BrokenReference,
    /// A reference to a heading that the target does not have.
    BrokenAnchor,
    /// A path that leaves the project (or the folder it must stay in).
    PathEscape,
    /// A symbolic link whose target lies outside the project.
    SymlinkEscape,
    /// A path that names a file that does not exist.
    MissingFile,
    /// A path that no system reads the same way (a backslash, a control character).
    InvalidPath,
    /// A link to a project file that is never published (YAML, sources, anything outside
    /// `content/assets/`), or an evidence file outside the evidence index.
    NotPublishable,
    /// A URL whose scheme is never published (`javascript:`, `data:`), or one without a scheme.
    UnsafeUrl,
    /// An image or other resource loaded from another site.
    RemoteImage,
    /// Markdown nested deeper than the renderers accept.
    NestingTooDeep,
    /// A `{{ … }}` in a document that is not a variable, or one that is not set.
    UnknownVariable,
    /// Markdown that no output can show as written (a Mermaid diagram, merged grid cells).
    Unsupported,
    /// Valid Markdown that probably says something other than what was meant.
    SuspiciousMarkdown,
    /// Dates that contradict each other, or the as-of date.
    DateConflict,
    /// Something that was true once and is not on the as-of date (an expired attestation).
    Outdated,
    /// Valid input that is probably a mistake.
    Suspicious,
    /// A `REPLACE:` marker: text left for a person to write (the starter project has many).
    Placeholder,
    /// A character no font embedded in the PDFs can draw (an emoji, CJK).
    MissingGlyph,
    /// An image the PDFs cannot show as intended: SVG, a format other than JPEG and PNG, a
    /// damaged or oversized file, or one without alt text.
    PdfImage,
    /// Raw HTML the PDFs cannot show (an `<img>`, a video, a form control): the sites show it,
    /// the PDFs leave it out.
    PdfHtml,
}

impl Code {
    /// The stable kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Io => "io",
            Code::NotUtf8 => "not-utf8",
            Code::YamlSyntax => "yaml-syntax",
            Code::MissingFrontMatter => "missing-front-matter",
            Code::UnknownField => "unknown-field",
            Code::MissingField => "missing-field",
            Code::InvalidType => "invalid-type",
            Code::InvalidValue => "invalid-value",
            Code::InvalidDate => "invalid-date",
            Code::DuplicateId => "duplicate-id",
            Code::BrokenReference => "broken-reference",
            Code::BrokenAnchor => "broken-anchor",
            Code::PathEscape => "path-escape",
            Code::SymlinkEscape => "symlink-escape",
            Code::MissingFile => "missing-file",
            Code::InvalidPath => "invalid-path",
            Code::NotPublishable => "not-publishable",
            Code::UnsafeUrl => "unsafe-url",
            Code::RemoteImage => "remote-image",
            Code::NestingTooDeep => "nesting-too-deep",
            Code::UnknownVariable => "unknown-variable",
            Code::Unsupported => "unsupported",
            Code::SuspiciousMarkdown => "suspicious-markdown",
            Code::DateConflict => "date-conflict",
            Code::Outdated => "outdated",
            Code::Suspicious => "suspicious",
            Code::Placeholder => "placeholder",
            Code::MissingGlyph => "missing-glyph",
            Code::PdfImage => "pdf-image",
            Code::PdfHtml => "pdf-html",
        }
    }
}

/// A secondary location that explains the primary one ("first defined here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Where.
    pub span: Span,
    /// What it is.
    pub message: String,
}

/// One problem in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The class of problem.
    pub code: Code,
    /// One line saying what is wrong.
    pub message: String,
    /// Where it is, when it has a place.
    pub span: Option<Span>,
    /// What to do about it ("did you mean `owner`?").
    pub hint: Option<String>,
    /// Other places that explain it.
    pub notes: Vec<Note>,
}

impl Diagnostic {
    /// A new error at a span.
    pub fn error(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            span: Some(span),
            hint: None,
            notes: Vec::new(),
        }
    }

    /// A new warning at a span.
    pub fn warning(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, span, message)
        }
    }

    /// An error that has no place in a file (a missing configuration file, say).
    pub fn global(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            span: None,
            ..Diagnostic::error(code, Span::file_start(crate::source::FileId(0)), message)
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a hint when there is one.
    pub fn with_hint_opt(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    /// Adds a secondary location.
    pub fn with_note(mut self, span: Span, message: impl Into<String>) -> Self {
        self.notes.push(Note {
            span,
            message: message.into(),
        });
        self
    }
}

/// All diagnostics of a run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// All diagnostics, in the order found.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// Whether any error was found.
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// Sorts by file, then position, so output is stable whatever order files were walked in.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| d.span.map(|s| (s.file, s.offset));
            key(a).cmp(&key(b))
        });
    }

    /// Appends another collection.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }
}
