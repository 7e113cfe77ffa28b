//! `trustbook verify`: check a package's structure, every entry against the manifest, and the
//! zip against the SHA-256 it was delivered with.
//!
//! The manifest lists every file's digest, but it travels inside the zip: someone who edits
//! a file can rewrite the manifest too. What anchors the whole package is the zip's own SHA-256,
//! from the `.sha256` file beside it or given with `--sha256`; without one, `verify` says
//! plainly what it could not check.

use super::manifest::MANIFEST;
use super::read::{Entry, Package, open_regular, sha256_file};
use crate::error::{Error, Result};
use crate::text::printable;
use serde::Serialize;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// What `verify` found.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    /// The package name from the manifest.
    pub package: Option<String>,
    /// Files whose digest matched.
    pub intact: usize,
    /// In the manifest, not in the zip.
    pub missing: Vec<String>,
    /// In the zip, not in the manifest.
    pub extra: Vec<String>,
    /// Present but different: (path, what differs).
    pub altered: Vec<(String, String)>,
    /// Problems with the package as a whole.
    pub problems: Vec<String>,
    /// The zip's SHA-256 against the expected one: `Some(true)` matched, `Some(false)` did not,
    /// `None` when no expected digest was available.
    pub checksum: Option<bool>,
    /// The zip's own SHA-256.
    pub sha256: String,
    /// Where the expected digest came from (the sidecar's name, or `--sha256`).
    pub checksum_source: Option<String>,
}

impl Report {
    /// Whether the package is exactly as built: every entry matches the manifest and the zip
    /// matches the digest it was delivered with.
    pub fn is_intact(&self) -> bool {
        self.missing.is_empty()
            && self.extra.is_empty()
            && self.altered.is_empty()
            && self.problems.is_empty()
            && self.checksum == Some(true)
    }
}

/// The `.sha256` file expected beside a package.
pub fn sidecar_path(zip: &Path) -> PathBuf {
    let mut name = zip.file_name().unwrap_or_default().to_owned();
    name.push(".sha256");
    zip.with_file_name(name)
}

/// Verifies a package zip against `expected` (a hex SHA-256), else against the `.sha256` file
/// beside it.
pub fn verify(path: &Path, expected: Option<&str>) -> Result<Report> {
    let mut report = Report::default();
    let mut file = open_regular(path).map_err(|e| Error::io("cannot read", path, e))?;
    report.sha256 = sha256_file(&mut file).map_err(|e| Error::io("cannot read", path, e))?;
    check_digest(path, expected, &mut report);

    let mut package = match Package::open(path) {
        Ok(p) => p,
        Err(e) => {
            report.problems.push(e.to_string());
            return Ok(report);
        }
    };
    report.problems.append(&mut package.problems);
    let Some(top) = package.top().map(str::to_owned) else {
        report
            .problems
            .push("the zip has no single top folder; a package has one".to_owned());
        return Ok(report);
    };
    let manifest = match package.manifest(&top) {
        Ok(m) => m,
        Err(e) => {
            report.problems.push(e);
            return Ok(report);
        }
    };
    if top != manifest.package {
        report.problems.push(format!(
            "the package folder `{}` does not match the manifest's package `{}`",
            printable(&top),
            printable(&manifest.package)
        ));
    }
    report.package = Some(manifest.package.clone());

    let present: BTreeSet<String> = package.names.iter().cloned().collect();
    let mut listed = BTreeSet::new();
    for f in &manifest.files {
        let name = format!("{top}/{}", f.path);
        listed.insert(name.clone());
        if !present.contains(&name) {
            report.missing.push(printable(&f.path));
            continue;
        }
        match package.hash(&name, f.size) {
            Entry::TooLong => report.altered.push((
                printable(&f.path),
                format!("larger than the {} bytes the manifest says", f.size),
            )),
            Entry::Unreadable(e) => report
                .altered
                .push((printable(&f.path), format!("unreadable: {e}"))),
            Entry::Read { size, .. } if size != f.size => report.altered.push((
                printable(&f.path),
                format!("size {size} bytes, manifest says {}", f.size),
            )),
            Entry::Read { sha256, .. } if sha256 != f.sha256 => report.altered.push((
                printable(&f.path),
                "SHA-256 differs from the manifest".to_owned(),
            )),
            Entry::Read { .. } => report.intact += 1,
        }
    }
    listed.insert(format!("{top}/{MANIFEST}"));
    report.extra = present
        .iter()
        .filter(|n| !listed.contains(*n))
        .map(|n| printable(n.strip_prefix(&format!("{top}/")).unwrap_or(n)))
        .collect();
    Ok(report)
}

/// Compares the zip's digest with the expected one, from `--sha256` or the sidecar.
fn check_digest(path: &Path, expected: Option<&str>, report: &mut Report) {
    let (source, wanted) = match expected {
        Some(hex) => ("--sha256".to_owned(), Some(hex.trim().to_ascii_lowercase())),
        None => {
            let sidecar = sidecar_path(path);
            let name = sidecar
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if std::fs::symlink_metadata(&sidecar).is_err() {
                report.checksum_source = None;
                return;
            }
            match read_sidecar(&sidecar) {
                Ok(text) => (
                    name,
                    text.split_whitespace().next().map(str::to_ascii_lowercase),
                ),
                Err(e) => {
                    report
                        .problems
                        .push(format!("the checksum file {name} cannot be used: {e}"));
                    report.checksum = Some(false);
                    report.checksum_source = Some(name);
                    return;
                }
            }
        }
    };
    let ok = wanted.as_deref() == Some(report.sha256.as_str());
    if !ok {
        report.problems.push(if source == "--sha256" {
            "the zip does not match the SHA-256 given with --sha256".to_owned()
        } else {
            format!("the zip does not match its checksum file {source}")
        });
    }
    report.checksum = Some(ok);
    report.checksum_source = Some(source);
}

/// A sidecar is one line: a regular file of at most a few hundred bytes.
fn read_sidecar(path: &Path) -> std::io::Result<String> {
    let file = open_regular(path)?;
    let mut text = String::new();
    file.take(4096).read_to_string(&mut text)?;
    if text.len() >= 4096 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "longer than a checksum line",
        ));
    }
    Ok(text)
}
