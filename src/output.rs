//! The files a build produces, held in memory and written into place atomically.
//!
//! Renderers add files to a [`Tree`]; nothing touches the output folder until everything has
//! rendered. Writing goes to a temporary sibling folder which then replaces the old output in
//! one rename, so a failed or interrupted build leaves the previous output exactly as it was.

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// Files by relative path (`/`-separated), in sorted order.
#[derive(Debug, Default, Clone)]
pub struct Tree {
    files: BTreeMap<String, Vec<u8>>,
}

impl Tree {
    /// An empty tree.
    pub fn new() -> Tree {
        Tree::default()
    }

    /// Adds a file. Paths are produced by trustbook, never taken verbatim from input, but are
    /// still checked so that no path can be absolute or climb out of the output.
    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        let path = path.into();
        debug_assert!(is_safe_path(&path), "unsafe output path {path}");
        if is_safe_path(&path) {
            self.files.insert(path, bytes.into());
        }
    }

    /// Adds every file of another tree under a folder.
    pub fn merge(&mut self, prefix: &str, other: Tree) {
        for (p, b) in other.files {
            self.add(format!("{prefix}/{p}"), b);
        }
    }

    /// The files.
    pub fn files(&self) -> &BTreeMap<String, Vec<u8>> {
        &self.files
    }

    /// A file's contents.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Total size in bytes.
    pub fn size(&self) -> u64 {
        self.files.values().map(|b| b.len() as u64).sum()
    }

    /// Writes the tree to `out`, replacing what was there only once every file is written.
    pub fn write_atomically(&self, out: &Path) -> Result<()> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| Error::io("cannot create", &parent, e))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| Error::Usage(format!("`{}` is not a folder name", out.display())))?;
        // Staging folders left by builds that were killed are swept up first.
        let prefix = format!(".{name}.tmp-");
        if let Ok(entries) = std::fs::read_dir(&parent) {
            for e in entries.flatten() {
                if e.file_name().to_string_lossy().starts_with(&prefix) {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let staging = parent.join(format!("{prefix}{}", std::process::id()));
        let result = self
            .write_into(&staging)
            .and_then(|()| swap_into_place(&staging, out));
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&staging);
        }
        result
    }

    fn write_into(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))?;
        for (rel, bytes) in &self.files {
            let path = dir.join(rel);
            if let Some(p) = path.parent() {
                std::fs::create_dir_all(p).map_err(|e| Error::io("cannot create", p, e))?;
            }
            std::fs::write(&path, bytes).map_err(|e| Error::io("cannot write", &path, e))?;
        }
        Ok(())
    }
}

/// Replaces `out` by `staging`. On Linux the two folders are exchanged in a single
/// `renameat2(RENAME_EXCHANGE)`, so at no instant is `out` missing; elsewhere (or on file
/// systems without it) the old folder is moved aside first and restored if the move fails.
fn swap_into_place(staging: &Path, out: &Path) -> Result<()> {
    if !out.exists() {
        return std::fs::rename(staging, out)
            .map_err(|e| Error::io("cannot move output to", out, e));
    }
    if exchange(staging, out) {
        // `staging` now holds the previous output.
        let _ = std::fs::remove_dir_all(staging);
        return Ok(());
    }
    let old = staging.with_extension("old");
    std::fs::rename(out, &old).map_err(|e| Error::io("cannot replace", out, e))?;
    if let Err(e) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(&old, out);
        return Err(Error::io("cannot move output to", out, e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let (Ok(a), Ok(b)) = (
        CString::new(a.as_os_str().as_bytes()),
        CString::new(b.as_os_str().as_bytes()),
    ) else {
        return false;
    };
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    rc == 0
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// A relative path with no `..`, no root and no empty parts.
pub fn is_safe_path(p: &str) -> bool {
    !p.is_empty()
        && !p.contains('\\')
        && !p
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..")
        && Path::new(p)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        assert!(is_safe_path("docs/index.html"));
        assert!(!is_safe_path("../x"));
        assert!(!is_safe_path("/etc/x"));
        assert!(!is_safe_path("a//b"));
        assert!(!is_safe_path("a/./b"));
    }

    #[test]
    fn replaces_previous_output_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let mut a = Tree::new();
        a.add("one.txt", "1");
        a.add("sub/two.txt", "2");
        a.write_atomically(&out).unwrap();
        let mut b = Tree::new();
        b.add("three.txt", "3");
        b.write_atomically(&out).unwrap();
        assert!(!out.join("one.txt").exists());
        assert_eq!(std::fs::read_to_string(out.join("three.txt")).unwrap(), "3");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging folders are cleaned up");
    }
}
