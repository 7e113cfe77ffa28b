//! `manifest.json`: what the package is and the SHA-256 of every other file in it.

use serde::{Deserialize, Serialize};

/// The manifest's file name inside the package folder.
pub const MANIFEST: &str = "manifest.json";

/// The package manifest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    /// Package name (the zip's top folder).
    pub package: String,
    /// Package version.
    pub version: String,
    /// The company examined.
    pub company: String,
    /// The audit type (`SOC 2 Type II`).
    pub audit: String,
    /// The examination period.
    pub period: Period,
    /// Trust services categories in scope.
    pub categories: Vec<String>,
    /// When the package was generated (RFC 3339, UTC; `SOURCE_DATE_EPOCH` when set).
    pub generated: String,
    /// The trustbook version that built it.
    pub trustbook: String,
    /// Every other file, sorted by path (relative to the package folder).
    pub files: Vec<FileEntry>,
}

/// The examination period.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub start: String,
    /// Last day.
    pub end: String,
}

/// One file of the package.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileEntry {
    /// Path relative to the package folder.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256, lowercase hex.
    pub sha256: String,
}

/// Lowercase hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
