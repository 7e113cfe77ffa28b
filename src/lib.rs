//! trustbook turns compliance documentation kept in git — Markdown policies, a YAML control
//! matrix mapped to the SOC 2 Trust Services Criteria, a subprocessor list and an evidence
//! index — into an internal documentation site, a public trust center and a SOC 2 audit package.
//!
//! The pipeline runs one way: [`load`] reads and decodes, [`resolve`] checks ids and references
//! and computes backlinks into a [`model::Project`], and the renderers read that model.

pub mod audience;
pub mod brand;
pub mod build;
pub mod cli;
pub mod clock;
pub mod dates;
pub mod diag;
pub mod error;
pub mod import;
pub mod init;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod package;
pub mod pdf;
pub mod readiness;
pub mod resolve;
pub mod serve;
pub mod site;
pub mod source;
pub mod text;
pub mod timeline;
pub mod urls;
pub mod yaml;

pub use error::{Error, Result};

use std::path::Path;

/// Loads and resolves the project at `root`, returning the model and every diagnostic found.
/// The model is complete only when the diagnostics hold no errors.
pub fn open(root: &Path) -> (model::Project, diag::Diagnostics) {
    let mut diags = diag::Diagnostics::default();
    let loaded = load::load(root, &mut diags);
    let project = resolve::resolve(loaded, &mut diags);
    diags.sort();
    (project, diags)
}
