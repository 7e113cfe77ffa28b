//! `trustbook verify`: recompute every digest of a package against its manifest.

use super::manifest::{MANIFEST, Manifest, sha256_hex};
use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

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
    /// The `.sha256` file beside the zip: `Some(true)` matched, `Some(false)` did not.
    pub checksum: Option<bool>,
}

impl Report {
    /// Whether the package is exactly as built.
    pub fn is_intact(&self) -> bool {
        self.missing.is_empty()
            && self.extra.is_empty()
            && self.altered.is_empty()
            && self.problems.is_empty()
            && self.checksum != Some(false)
    }
}

/// Verifies a package zip (and the `.sha256` beside it, if any).
pub fn verify(path: &Path) -> Result<Report> {
    let bytes = std::fs::read(path).map_err(|e| Error::io("cannot read", path, e))?;
    let mut report = Report::default();

    let sidecar = path.with_file_name(format!(
        "{}.sha256",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    ));
    if let Ok(text) = std::fs::read_to_string(&sidecar) {
        let expected = text
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_lowercase();
        let ok = expected == sha256_hex(&bytes);
        report.checksum = Some(ok);
        if !ok {
            report.problems.push(format!(
                "the zip does not match its checksum file {}",
                sidecar
                    .file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default()
            ));
        }
    }

    let mut archive = match zip::ZipArchive::new(std::io::Cursor::new(&bytes)) {
        Ok(a) => a,
        Err(e) => {
            report.problems.push(format!("not a readable zip: {e}"));
            return Ok(report);
        }
    };
    // Read every entry; a damaged one (bad CRC, bad data) is reported by name.
    let mut entries: BTreeMap<String, std::result::Result<Vec<u8>, String>> = BTreeMap::new();
    let mut tops = std::collections::BTreeSet::new();
    for i in 0..archive.len() {
        let mut f = match archive.by_index(i) {
            Ok(f) => f,
            Err(e) => {
                report
                    .problems
                    .push(format!("entry {i} cannot be read: {e}"));
                continue;
            }
        };
        let name = match f.name() {
            Ok(n) => n.into_owned(),
            Err(e) => {
                report
                    .problems
                    .push(format!("entry {i} has an unreadable name: {e}"));
                continue;
            }
        };
        if f.is_dir() {
            continue;
        }
        if name.starts_with('/')
            || name.split('/').any(|p| p == ".." || p.is_empty())
            || name.contains('\\')
        {
            report.problems.push(format!("unsafe entry name `{name}`"));
            continue;
        }
        let Some((top, rest)) = name.split_once('/') else {
            report
                .problems
                .push(format!("`{name}` is outside the package folder"));
            continue;
        };
        tops.insert(top.to_owned());
        let mut data = Vec::new();
        let read = f
            .read_to_end(&mut data)
            .map(|_| data)
            .map_err(|e| e.to_string());
        entries.insert(rest.to_owned(), read);
    }
    if tops.len() > 1 {
        report.problems.push(format!(
            "the zip has {} top folders ({}); a package has one",
            tops.len(),
            tops.iter().cloned().collect::<Vec<_>>().join(", ")
        ));
    }

    let manifest: Manifest = match entries.remove(MANIFEST) {
        Some(Ok(bytes)) => match serde_json::from_slice(&bytes) {
            Ok(m) => m,
            Err(e) => {
                report
                    .problems
                    .push(format!("{MANIFEST} is not a valid manifest: {e}"));
                return Ok(report);
            }
        },
        Some(Err(e)) => {
            report
                .altered
                .push((MANIFEST.to_owned(), format!("unreadable: {e}")));
            return Ok(report);
        }
        None => {
            report
                .problems
                .push(format!("no {MANIFEST} in the package"));
            return Ok(report);
        }
    };
    if let Some(top) = tops.iter().next()
        && *top != manifest.package
    {
        report.problems.push(format!(
            "the package folder `{top}` does not match the manifest's package `{}`",
            manifest.package
        ));
    }
    report.package = Some(manifest.package.clone());
    for f in &manifest.files {
        match entries.remove(&f.path) {
            None => report.missing.push(f.path.clone()),
            Some(Err(e)) => report
                .altered
                .push((f.path.clone(), format!("unreadable: {e}"))),
            Some(Ok(data)) => {
                if data.len() as u64 != f.size {
                    report.altered.push((
                        f.path.clone(),
                        format!("size {} bytes, manifest says {}", data.len(), f.size),
                    ));
                } else if sha256_hex(&data) != f.sha256 {
                    report.altered.push((
                        f.path.clone(),
                        "SHA-256 differs from the manifest".to_owned(),
                    ));
                } else {
                    report.intact += 1;
                }
            }
        }
    }
    report.extra = entries.into_keys().collect();
    Ok(report)
}
