//! Reading a package that may have been tampered with: the structure is checked the way an
//! attacker would abuse it (duplicate names, local headers that disagree with the central
//! directory, data hidden before, between or after the entries), and entries are read as
//! streams that stop at the size the manifest promises, so a zip bomb costs nothing.

use super::manifest::{MANIFEST, Manifest};
use crate::error::{Error, Result};
use crate::text::printable;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

/// The largest manifest read (50,000 evidence files take about 10 MiB).
const MAX_MANIFEST: u64 = 64 * 1024 * 1024;

/// A package zip opened for checking.
pub struct Package {
    archive: zip::ZipArchive<File>,
    /// Entry names as the central directory lists them, duplicates included.
    pub names: Vec<String>,
    /// What is wrong with the zip as a whole.
    pub problems: Vec<String>,
}

/// What reading one entry found.
pub enum Entry {
    /// The digest of exactly `size` bytes.
    Read {
        /// Bytes read.
        size: u64,
        /// Lowercase hex SHA-256.
        sha256: String,
    },
    /// More bytes than allowed: reading stopped.
    TooLong,
    /// The entry cannot be decompressed (bad data, bad CRC).
    Unreadable(String),
}

/// Opens a regular file for reading, refusing FIFOs, devices and folders without blocking on
/// them (a FIFO named like a package or a checksum file would otherwise hang the reader).
pub fn open_regular(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    Ok(file)
}

impl Package {
    /// Opens a package and checks its structure; structural problems are collected, not fatal.
    pub fn open(path: &Path) -> Result<Package> {
        let mut file = open_regular(path).map_err(|e| Error::io("cannot read", path, e))?;
        let len = file
            .metadata()
            .map_err(|e| Error::io("cannot read", path, e))?
            .len();
        let mut problems = Vec::new();
        if let Some(p) = tail_problem(&mut file, len) {
            problems.push(p);
        }
        let reopened = file
            .try_clone()
            .map_err(|e| Error::io("cannot read", path, e))?;
        let mut archive = zip::ZipArchive::new(reopened).map_err(|e| {
            Error::package_from(format!("{} is not a readable zip", path.display()), e)
        })?;
        if archive.offset() > 0 {
            problems.push(format!(
                "{} bytes of data come before the first entry",
                archive.offset()
            ));
        }
        let names = central_names(&mut file, archive.central_directory_start(), len)
            .map_err(|e| Error::io("cannot read", path, e))?;
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for n in &names {
            *seen.entry(n.as_str()).or_default() += 1;
        }
        for name in &names {
            if !crate::output::is_safe_path(name.trim_end_matches('/')) {
                problems.push(format!(
                    "unsafe entry name `{}` (an unzip tool could write outside its folder)",
                    printable(name)
                ));
            }
        }
        for (name, count) in &seen {
            if *count > 1 {
                problems.push(format!(
                    "the zip holds {count} entries named `{}`; unzip tools disagree on which one they extract",
                    printable(name)
                ));
            }
        }
        if let Err(e) = archive.validate_header_consistency() {
            problems.push(format!("the zip's headers disagree: {e}"));
        }
        Ok(Package {
            archive,
            names,
            problems,
        })
    }

    /// The package's single top folder, if every entry is inside one.
    pub fn top(&self) -> Option<&str> {
        let mut tops = self.names.iter().map(|n| n.split('/').next().unwrap_or(""));
        let first = tops.next()?;
        tops.all(|t| t == first).then_some(first)
    }

    /// Reads and parses the manifest (`<top>/manifest.json`).
    pub fn manifest(&mut self, top: &str) -> std::result::Result<Manifest, String> {
        let bytes = self
            .small(&format!("{top}/{MANIFEST}"), MAX_MANIFEST)
            .map_err(|e| format!("{MANIFEST}: {e}"))?;
        serde_json::from_slice(&bytes)
            .map_err(|e| format!("{MANIFEST} is not a valid manifest: {e}"))
    }

    /// Reads a whole entry of at most `limit` bytes.
    pub fn small(&mut self, name: &str, limit: u64) -> std::result::Result<Vec<u8>, String> {
        let file = self.archive.by_name(name).map_err(|e| e.to_string())?;
        let mut data = Vec::new();
        file.take(limit.saturating_add(1))
            .read_to_end(&mut data)
            .map_err(|e| e.to_string())?;
        if data.len() as u64 > limit {
            return Err(format!("larger than {limit} bytes"));
        }
        Ok(data)
    }

    /// Hashes an entry as a stream, reading at most `limit + 1` bytes.
    pub fn hash(&mut self, name: &str, limit: u64) -> Entry {
        let file = match self.archive.by_name(name) {
            Ok(f) => f,
            Err(e) => return Entry::Unreadable(e.to_string()),
        };
        let mut hasher = Hasher(Sha256::new());
        match std::io::copy(&mut file.take(limit.saturating_add(1)), &mut hasher) {
            Ok(n) if n > limit => Entry::TooLong,
            Ok(n) => Entry::Read {
                size: n,
                sha256: hex(&hasher.0.finalize()),
            },
            Err(e) => Entry::Unreadable(e.to_string()),
        }
    }
}

/// A writer that only hashes.
struct Hasher(Sha256);

impl std::io::Write for Hasher {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hashes a whole file as a stream.
pub fn sha256_file(file: &mut File) -> std::io::Result<String> {
    file.seek(SeekFrom::Start(0))?;
    let mut hasher = Hasher(Sha256::new());
    std::io::copy(&mut BufReader::new(file), &mut hasher)?;
    Ok(hex(&hasher.0.finalize()))
}

/// A package ends with its end-of-central-directory record and no comment: anything after it
/// is data an unzip tool ignores and a reviewer never sees.
fn tail_problem(file: &mut File, len: u64) -> Option<String> {
    const EOCD: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    let mut tail = [0u8; 22];
    let read = len >= 22
        && file.seek(SeekFrom::Start(len - 22)).is_ok()
        && file.read_exact(&mut tail).is_ok();
    if !read {
        return Some("the file is too short to be a zip".to_owned());
    }
    let comment_len = u16::from_le_bytes([tail[20], tail[21]]);
    if tail[..4] != EOCD || comment_len != 0 {
        return Some("data comes after the zip's end record (or it carries a comment)".to_owned());
    }
    None
}

/// The entry names of the central directory in order, duplicates included (the zip crate's
/// index keeps one entry per name).
fn central_names(file: &mut File, start: u64, len: u64) -> std::io::Result<Vec<String>> {
    const CENTRAL: [u8; 4] = [0x50, 0x4b, 0x01, 0x02];
    file.seek(SeekFrom::Start(start))?;
    let mut reader = BufReader::new(file.take(len.saturating_sub(start)));
    let mut names = Vec::new();
    let mut header = [0u8; 46];
    while reader.read_exact(&mut header).is_ok() && header[..4] == CENTRAL {
        let field = |at: usize| usize::from(u16::from_le_bytes([header[at], header[at + 1]]));
        let (name_len, extra_len, comment_len) = (field(28), field(30), field(32));
        let mut name = vec![0u8; name_len];
        reader.read_exact(&mut name)?;
        let skip = (extra_len + comment_len) as u64;
        std::io::copy(&mut (&mut reader).take(skip), &mut std::io::sink())?;
        names.push(String::from_utf8_lossy(&name).into_owned());
    }
    Ok(names)
}
