//! Staging: where a build writes, file by file, before the finished folder is swapped in.

use super::guard::{Destination, MARKER, MARKER_TEXT};
use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A build in progress: a locked sibling folder of the output, swapped in by [`Staging::commit`]
/// and removed if the build fails (dropped without committing).
#[derive(Debug)]
pub struct Staging {
    dest: Destination,
    /// The staging folder.
    dir: PathBuf,
    /// Its lock file, held for the staging folder's whole life.
    lock_path: PathBuf,
    lock: File,
    /// Every file written, with its size.
    written: Mutex<BTreeMap<String, u64>>,
    committed: bool,
}

/// A folder inside the staging folder (`docs/`, `trust/`) that one renderer writes into.
#[derive(Debug, Clone, Copy)]
pub struct Dir<'a> {
    staging: &'a Staging,
    prefix: &'a str,
}

impl Staging {
    /// Starts a build into `dest`: removes the staging folders of builds that were killed,
    /// then creates and locks a new one holding the output marker.
    pub fn begin(dest: Destination) -> Result<Staging> {
        let parent = dest.parent().to_path_buf();
        std::fs::create_dir_all(&parent).map_err(|e| Error::io("cannot create", &parent, e))?;
        let prefix = format!(".{}.staging-", dest.name());
        sweep(&parent, &prefix);
        for attempt in 0..16u32 {
            let dir = parent.join(format!("{prefix}{}", unique_suffix(attempt)));
            let lock_path = lock_path_of(&dir);
            let lock = match OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&lock_path)
            {
                Ok(f) => f,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(Error::io("cannot create", &lock_path, e)),
            };
            lock.lock()
                .map_err(|e| Error::io("cannot lock", &lock_path, e))?;
            if let Err(e) = std::fs::create_dir(&dir) {
                let _ = std::fs::remove_file(&lock_path);
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    continue;
                }
                return Err(Error::io("cannot create", &dir, e));
            }
            let staging = Staging {
                dest,
                dir,
                lock_path,
                lock,
                written: Mutex::new(BTreeMap::new()),
                committed: false,
            };
            std::fs::write(staging.dir.join(MARKER), MARKER_TEXT)
                .map_err(|e| Error::io("cannot write", staging.dir.join(MARKER), e))?;
            return Ok(staging);
        }
        Err(Error::io(
            "cannot create a staging folder in",
            parent,
            std::io::Error::from(std::io::ErrorKind::AlreadyExists),
        ))
    }

    /// A view that writes under `prefix/`.
    pub fn dir<'a>(&'a self, prefix: &'a str) -> Dir<'a> {
        Dir {
            staging: self,
            prefix,
        }
    }

    /// Writes one file. The path must be safe and new: a renderer that produces an unsafe
    /// path or the same path twice gets an error, never a silently dropped file.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.claim(rel, bytes.len() as u64)?;
        let mut file = create_new(&path)?;
        file.write_all(bytes)
            .map_err(|e| Error::io("cannot write", &path, e))
    }

    /// Writes one file through a writer, for output made as it goes (a PDF, page by page).
    /// `make` returns the number of bytes it wrote.
    pub fn write_with(
        &self,
        rel: &str,
        make: impl FnOnce(&mut dyn Write) -> Result<u64>,
    ) -> Result<()> {
        let path = self.claim(rel, 0)?;
        let mut out = std::io::BufWriter::new(create_new(&path)?);
        let size = make(&mut out)?;
        out.flush()
            .map_err(|e| Error::io("cannot write", &path, e))?;
        if let Ok(mut written) = self.written.lock() {
            written.insert(rel.to_owned(), size);
        }
        Ok(())
    }

    /// Where a file written into the staging folder is on disk, to read it back.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    /// Copies a project file into the output, streaming it.
    pub fn copy(&self, rel: &str, from: &Path) -> Result<u64> {
        let size = std::fs::metadata(from)
            .map_err(|e| Error::io("cannot read", from, e))?
            .len();
        let path = self.claim(rel, size)?;
        let mut src = File::open(from).map_err(|e| Error::io("cannot read", from, e))?;
        let mut dst = create_new(&path)?;
        std::io::copy(&mut src, &mut dst).map_err(|e| Error::io("cannot copy to", &path, e))
    }

    /// Every file written so far, with its size.
    pub fn files(&self) -> BTreeMap<String, u64> {
        self.written.lock().map(|w| w.clone()).unwrap_or_default()
    }

    /// Records a path as written and returns where it goes on disk.
    fn claim(&self, rel: &str, size: u64) -> Result<PathBuf> {
        if !super::is_safe_path(rel) || rel == MARKER {
            return Err(Error::OutputPath {
                path: rel.to_owned(),
                reason: "not a safe relative path",
            });
        }
        let mut written = self.written.lock().map_err(|_| Error::OutputPath {
            path: rel.to_owned(),
            reason: "another renderer failed while writing",
        })?;
        if written.insert(rel.to_owned(), size).is_some() {
            return Err(Error::OutputPath {
                path: rel.to_owned(),
                reason: "two files of the build have this path",
            });
        }
        drop(written);
        let path = self.dir.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| Error::io("cannot create", p, e))?;
        }
        Ok(path)
    }

    /// Puts the finished build in place of the output, under the output's lock, and returns
    /// the files written.
    pub fn commit(mut self) -> Result<BTreeMap<String, u64>> {
        let parent = self.dest.parent().to_path_buf();
        let out_lock = parent.join(format!(".{}.lock", self.dest.name()));
        let lock = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(&out_lock)
            .map_err(|e| Error::io("cannot create", &out_lock, e))?;
        // Another build swapping into the same folder finishes first; then this one checks
        // the folder again (it may hold new files by now) and takes its place whole.
        lock.lock()
            .map_err(|e| Error::io("cannot lock", &out_lock, e))?;
        self.dest.may_replace()?;
        let out = self.dest.real().to_path_buf();
        swap(&self.dir, &out)?;
        self.committed = true;
        drop(lock);
        // The previous output, now at the staging path, was found replaceable above (marked,
        // an earlier trustbook's, or `--force`): replacing it means deleting it.
        for old in [self.dir.clone(), aside(&self.dir)] {
            if std::fs::symlink_metadata(&old).is_ok_and(|m| m.is_dir()) {
                let _ = std::fs::remove_dir_all(&old);
            }
        }
        Ok(self.files())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            // The failed build's own files.
            remove_marked(&self.dir);
        }
        let _ = std::fs::remove_file(&self.lock_path);
        let _ = self.lock.unlock();
    }
}

impl<'a> Dir<'a> {
    /// Writes `prefix/rel`.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> Result<()> {
        self.staging
            .write(&format!("{}/{rel}", self.prefix), bytes.as_ref())
    }

    /// Writes `prefix/rel` through a writer (see [`Staging::write_with`]).
    pub fn write_with(
        &self,
        rel: &str,
        make: impl FnOnce(&mut dyn Write) -> Result<u64>,
    ) -> Result<()> {
        self.staging
            .write_with(&format!("{}/{rel}", self.prefix), make)
    }

    /// Copies a project file to `prefix/rel`.
    pub fn copy(&self, rel: &str, from: &Path) -> Result<u64> {
        self.staging.copy(&format!("{}/{rel}", self.prefix), from)
    }

    /// The paths written under this folder so far, relative to it, in order.
    pub fn files(&self) -> Vec<String> {
        let start = format!("{}/", self.prefix);
        self.staging
            .files()
            .into_keys()
            .filter_map(|k| k.strip_prefix(&start).map(str::to_owned))
            .collect()
    }
}

fn create_new(path: &Path) -> Result<File> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io("cannot write", path, e))
}

fn lock_path_of(dir: &Path) -> PathBuf {
    let mut name = dir.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Where the previous output is moved on systems without an atomic exchange.
fn aside(dir: &Path) -> PathBuf {
    let mut name = dir.as_os_str().to_owned();
    name.push(".old");
    PathBuf::from(name)
}

/// Removes a folder only if it carries the output marker: never anything trustbook did not
/// write, even under a name that looks like its own.
fn remove_marked(dir: &Path) {
    if std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
        && std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir())
    {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Removes the staging folders of builds that were killed: those whose lock file exists and
/// is free. A live build holds its lock, and a folder without a lock file (one a user made,
/// whatever its name) is never touched. Not by process id: ids are reused.
fn sweep(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(base) = name
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(".lock"))
        else {
            continue;
        };
        if base.is_empty() || !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let Ok(file) = OpenOptions::new().write(true).open(entry.path()) else {
            continue;
        };
        if file.try_lock().is_err() {
            continue;
        }
        let dir = parent.join(format!("{prefix}{base}"));
        remove_marked(&dir);
        remove_marked(&aside(&dir));
        let _ = std::fs::remove_file(entry.path());
    }
}

/// A name part no other build picks: the process id, the time and a per-process random key.
fn unique_suffix(attempt: u32) -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    h.write_u32(attempt);
    if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        h.write_u128(t.as_nanos());
    }
    format!("{:016x}", h.finish())
}

/// Replaces `out` by `staging`, leaving the previous output (if any) at `staging`. On Linux
/// the two folders are exchanged in one `renameat2(RENAME_EXCHANGE)`, so at no instant is
/// `out` missing or mixed; elsewhere the old folder is moved aside first and restored if the
/// second move fails.
fn swap(staging: &Path, out: &Path) -> Result<()> {
    if std::fs::symlink_metadata(out).is_err() {
        return rename_new(staging, out);
    }
    if exchange(staging, out) {
        return Ok(());
    }
    let old = aside(staging);
    std::fs::rename(out, &old).map_err(|e| Error::io("cannot replace", out, e))?;
    if let Err(e) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(&old, out);
        return Err(Error::io("cannot move the output to", out, e));
    }
    Ok(())
}

/// Moves `from` to `to`, failing (instead of replacing) if `to` appeared meanwhile.
fn rename_new(from: &Path, to: &Path) -> Result<()> {
    #[cfg(target_os = "linux")]
    {
        if let Some(rc) = renameat2(from, to, libc::RENAME_NOREPLACE) {
            return if rc == 0 {
                Ok(())
            } else {
                Err(Error::io(
                    "cannot move the output to",
                    to,
                    std::io::Error::last_os_error(),
                ))
            };
        }
    }
    std::fs::rename(from, to).map_err(|e| Error::io("cannot move the output to", to, e))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    renameat2(a, b, libc::RENAME_EXCHANGE) == Some(0)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// `renameat2(2)` with flags; `None` when a path cannot be passed to the system.
#[cfg(target_os = "linux")]
fn renameat2(a: &Path, b: &Path, flags: libc::c_uint) -> Option<libc::c_int> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).ok()?;
    let b = CString::new(b.as_os_str().as_bytes()).ok()?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    Some(unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            flags,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dest(dir: &Path) -> Destination {
        let root = dir.join("proj");
        std::fs::create_dir_all(&root).unwrap();
        Destination::new(&dir.join("out"), &root, false).unwrap()
    }

    #[test]
    fn replaces_previous_output_whole_and_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let a = Staging::begin(dest(dir.path())).unwrap();
        a.write("one.txt", b"1").unwrap();
        a.dir("sub").write("two.txt", "2").unwrap();
        a.commit().unwrap();
        let b = Staging::begin(dest(dir.path())).unwrap();
        b.write("three.txt", b"3").unwrap();
        b.commit().unwrap();
        let out = dir.path().join("out");
        assert!(!out.join("one.txt").exists());
        assert_eq!(std::fs::read_to_string(out.join("three.txt")).unwrap(), "3");
        assert!(out.join(MARKER).is_file());
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".out.lock", "out", "proj"]);
    }

    #[test]
    fn unsafe_and_repeated_paths_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let s = Staging::begin(dest(dir.path())).unwrap();
        assert!(matches!(
            s.write("../x", b""),
            Err(Error::OutputPath { .. })
        ));
        assert!(matches!(
            s.write("a//b", b""),
            Err(Error::OutputPath { .. })
        ));
        s.write("a", b"1").unwrap();
        assert!(matches!(s.write("a", b"2"), Err(Error::OutputPath { .. })));
    }

    #[test]
    fn a_failed_build_leaves_nothing_and_the_old_output_intact() {
        let dir = tempfile::tempdir().unwrap();
        let a = Staging::begin(dest(dir.path())).unwrap();
        a.write("keep.txt", b"old").unwrap();
        a.commit().unwrap();
        let b = Staging::begin(dest(dir.path())).unwrap();
        b.write("new.txt", b"new").unwrap();
        drop(b);
        let out = dir.path().join("out");
        assert_eq!(
            std::fs::read_to_string(out.join("keep.txt")).unwrap(),
            "old"
        );
        assert!(!out.join("new.txt").exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
    }

    #[test]
    fn sweeping_spares_live_builds_and_folders_users_made() {
        let dir = tempfile::tempdir().unwrap();
        // A killed build: a staging folder with a free lock.
        let dead = dir.path().join(".out.staging-dead");
        std::fs::create_dir(&dead).unwrap();
        std::fs::write(dead.join(MARKER), MARKER_TEXT).unwrap();
        std::fs::write(dir.path().join(".out.staging-dead.lock"), "").unwrap();
        // A user's folder with a look-alike name, and one with a lock file but no marker.
        let mine = dir.path().join(".out.staging-mine");
        std::fs::create_dir(&mine).unwrap();
        std::fs::write(mine.join("notes.txt"), "mine").unwrap();
        let unmarked = dir.path().join(".out.staging-unmarked");
        std::fs::create_dir(&unmarked).unwrap();
        std::fs::write(dir.path().join(".out.staging-unmarked.lock"), "").unwrap();
        // A live build.
        let live = Staging::begin(dest(dir.path())).unwrap();
        let other = Staging::begin(dest(dir.path())).unwrap();
        assert!(!dead.exists());
        assert!(mine.join("notes.txt").exists());
        assert!(unmarked.exists());
        assert!(
            live.dir.exists(),
            "a live build's staging folder survives another's sweep"
        );
        drop(other);
        drop(live);
    }
}
