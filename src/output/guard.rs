//! Which folders a build may replace.

use crate::error::{Error, Result};
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

/// The marker file in the root of every output folder (and only there: `out/trust/` is what
/// gets deployed, so nothing of trustbook's bookkeeping goes inside it).
pub const MARKER: &str = ".trustbook-output";

/// What the marker says; nothing about the host, user or path.
pub(crate) const MARKER_TEXT: &str = "This folder is written by `trustbook build`, which replaces everything in it on every build.\nKeep nothing of your own here.\n";

/// The folders of a project that a build reads and that no output may touch.
const INPUT_FOLDERS: &[&str] = &["content", "controls", "themes"];

/// An output folder that a build may replace.
#[derive(Debug, Clone)]
pub struct Destination {
    /// The folder as the user named it, for messages.
    shown: PathBuf,
    /// Where it really is: absolute, with symbolic links resolved. This folder is replaced;
    /// a symbolic link named as the output keeps pointing at it.
    real: PathBuf,
    /// `--force`: replace a non-empty folder without the marker.
    force: bool,
}

impl Destination {
    /// Checks that `out` may hold the outputs of the project at `project_root`.
    pub fn new(out: &Path, project_root: &Path, force: bool) -> Result<Destination> {
        let refuse = |reason: String, hint: &str| Error::OutputRefused {
            path: out.to_path_buf(),
            reason,
            hint: hint.to_owned(),
        };
        let absolute = if out.is_absolute() {
            out.to_path_buf()
        } else {
            std::env::current_dir()
                .map_err(|e| Error::io("cannot read the current folder", ".", e))?
                .join(out)
        };
        let real = real_path(&absolute)
            .map_err(|why| refuse(why, "name a folder that exists or can be created"))?;
        if real.parent().is_none() {
            return Err(refuse(
                "it is the root of the file system".to_owned(),
                "name a folder for the output, such as `out`",
            ));
        }
        if std::fs::metadata(&real).is_ok_and(|m| !m.is_dir()) {
            return Err(refuse(
                "it is a file, not a folder".to_owned(),
                "name a folder: trustbook never replaces a file",
            ));
        }
        let root = project_root
            .canonicalize()
            .map_err(|e| Error::io("cannot open the project folder", project_root, e))?;
        if real == root {
            return Err(refuse(
                "it is the project folder".to_owned(),
                "name a folder of its own for the output, such as `out` inside the project",
            ));
        }
        if root.starts_with(&real) {
            return Err(refuse(
                format!("it contains the project folder `{}`", root.display()),
                "name a folder of its own for the output, such as `out` inside the project",
            ));
        }
        for input in INPUT_FOLDERS {
            let folder = root.join(input);
            let folder = folder.canonicalize().unwrap_or(folder);
            if real.starts_with(&folder) {
                return Err(refuse(
                    format!("it is inside the project's `{input}/` folder, which trustbook reads"),
                    "name a folder outside the project's inputs, such as `out` inside the project",
                ));
            }
        }
        let dest = Destination {
            shown: out.to_path_buf(),
            real,
            force,
        };
        dest.may_replace()?;
        Ok(dest)
    }

    /// The folder as the user named it.
    pub fn shown(&self) -> &Path {
        &self.shown
    }

    /// Where the folder really is.
    pub fn real(&self) -> &Path {
        &self.real
    }

    /// The folder that holds the output, its lock and its staging folders.
    pub(crate) fn parent(&self) -> &Path {
        self.real.parent().unwrap_or(Path::new("/"))
    }

    /// The output folder's own name.
    pub(crate) fn name(&self) -> String {
        self.real
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// Whether the folder may be replaced now: it does not exist, is empty, carries the
    /// marker, is an earlier trustbook's output, or `--force` was given. Checked when the
    /// build starts and again under the lock, just before the swap.
    pub fn may_replace(&self) -> Result<()> {
        let entries = match std::fs::read_dir(&self.real) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Error::io("cannot read", &self.real, e)),
        };
        let mut names: Vec<OsString> = entries.flatten().map(|e| e.file_name()).collect();
        names.sort();
        if names.is_empty() || self.force {
            return Ok(());
        }
        let marker = std::fs::symlink_metadata(self.real.join(MARKER));
        if marker.is_ok_and(|m| m.is_file()) || earlier_output(&self.real, &names) {
            return Ok(());
        }
        let shown: Vec<String> = names
            .iter()
            .take(3)
            .map(|n| {
                let n = n.to_string_lossy();
                if self.real.join(&*n).is_dir() {
                    format!("`{n}/`")
                } else {
                    format!("`{n}`")
                }
            })
            .collect();
        let more = match names.len() {
            n if n > 3 => format!(" and {} more", n - 3),
            _ => String::new(),
        };
        Err(Error::OutputRefused {
            path: self.shown.clone(),
            reason: format!(
                "it is not empty and was not written by trustbook (it holds {}{more})",
                shown.join(", ")
            ),
            hint: format!(
                "every build replaces its output folder whole, so trustbook writes only into a new or empty folder, or one with its `{MARKER}` file. Choose another folder with --out, or pass --force if everything in this one may be deleted"
            ),
        })
    }
}

/// An output written by trustbook before output folders carried the marker: nothing but
/// `docs/`, `trust/` and `audit/`, with trustbook's search script in a site.
fn earlier_output(dir: &Path, names: &[OsString]) -> bool {
    let known = ["docs", "trust", "audit"];
    let only_known = names.iter().all(|n| {
        known.iter().any(|k| n == *k)
            && std::fs::symlink_metadata(dir.join(n)).is_ok_and(|m| m.is_dir())
    });
    only_known
        && ["docs", "trust"].iter().any(|site| {
            std::fs::read(dir.join(site).join("assets").join("trustbook.js"))
                .is_ok_and(|b| b.starts_with(b"// trustbook"))
        })
}

/// The real location of `path` (absolute): symbolic links resolved for the part that exists,
/// the rest appended as written.
fn real_path(path: &Path) -> std::result::Result<PathBuf, String> {
    if std::fs::symlink_metadata(path).is_ok() {
        return path.canonicalize().map_err(|e| {
            if path.is_symlink() {
                format!("it is a symbolic link to a missing folder ({e})")
            } else {
                e.to_string()
            }
        });
    }
    let mut missing: Vec<Component<'_>> = Vec::new();
    let mut existing = path;
    while std::fs::symlink_metadata(existing).is_err() {
        let Some(parent) = existing.parent() else {
            break;
        };
        if let Some(last) = existing.components().next_back() {
            missing.push(last);
        }
        existing = parent;
    }
    let mut real = existing.canonicalize().map_err(|e| e.to_string())?;
    for part in missing.into_iter().rev() {
        match part {
            Component::ParentDir => {
                real.pop();
            }
            Component::Normal(p) => real.push(p),
            _ => {}
        }
    }
    Ok(real)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("proj");
        for f in INPUT_FOLDERS {
            std::fs::create_dir_all(root.join(f)).unwrap();
        }
        std::fs::write(root.join("trustbook.yaml"), "x").unwrap();
        (dir, root)
    }

    fn reason(r: Result<Destination>) -> String {
        match r {
            Err(Error::OutputRefused { reason, .. }) => reason,
            other => panic!("not refused: {other:?}"),
        }
    }

    #[test]
    fn inputs_and_the_project_are_never_outputs() {
        let (dir, root) = project();
        assert!(reason(Destination::new(&root, &root, true)).contains("project folder"));
        assert!(reason(Destination::new(dir.path(), &root, true)).contains("contains"));
        assert!(reason(Destination::new(&root.join("content"), &root, true)).contains("content/"));
        assert!(
            reason(Destination::new(&root.join("controls/x/y"), &root, true)).contains("controls/")
        );
        assert!(
            reason(Destination::new(&root.join("trustbook.yaml"), &root, true)).contains("a file")
        );
        assert!(Destination::new(&root.join("out"), &root, false).is_ok());
        assert!(Destination::new(&root.join("a/b/../out"), &root, false).is_ok());
    }

    #[test]
    fn foreign_folders_need_force_and_marked_ones_do_not() {
        let (dir, root) = project();
        let out = dir.path().join("mine");
        std::fs::create_dir_all(out.join("notes")).unwrap();
        std::fs::write(out.join("todo.txt"), "x").unwrap();
        let why = reason(Destination::new(&out, &root, false));
        assert!(why.contains("`notes/`, `todo.txt`"), "{why}");
        assert!(Destination::new(&out, &root, true).is_ok());
        std::fs::write(out.join(MARKER), MARKER_TEXT).unwrap();
        assert!(Destination::new(&out, &root, false).is_ok());
    }

    #[test]
    fn an_earlier_trustbook_output_is_recognised() {
        let (dir, root) = project();
        let out = dir.path().join("old");
        std::fs::create_dir_all(out.join("docs/assets")).unwrap();
        std::fs::create_dir_all(out.join("audit")).unwrap();
        std::fs::write(
            out.join("docs/assets/trustbook.js"),
            "// trustbook site search",
        )
        .unwrap();
        assert!(Destination::new(&out, &root, false).is_ok());
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        assert!(Destination::new(&out, &root, false).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_output_is_checked_where_it_points() {
        let (dir, root) = project();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(root.join("content"), &link).unwrap();
        assert!(reason(Destination::new(&link, &root, true)).contains("content/"));
        let target = dir.path().join("target");
        std::fs::create_dir(&target).unwrap();
        let link2 = dir.path().join("link2");
        std::os::unix::fs::symlink(&target, &link2).unwrap();
        let d = Destination::new(&link2, &root, false).unwrap();
        assert_eq!(d.real(), target.canonicalize().unwrap());
    }
}
