//! Paths written in inputs: one normalised form, and containment on disk.
//!
//! A path an input names (an evidence `file:`, a Markdown link) is first normalised lexically
//! (`AC-01/./x`, `AC-01//x` and `AC-01/../AC-01/x` are all `AC-01/x`), and that one string is
//! what every later stage uses. Then it is resolved on disk: after following symbolic links,
//! the file must still lie inside the folder it belongs to (`content/assets/`,
//! `content/evidence/`), and that folder inside the project.

use crate::diag::{Code, Diagnostic};
use crate::source::Sp;
use std::path::{Path, PathBuf};

/// Why a path named by an input is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathProblem {
    /// `/etc/passwd`, `C:\x`.
    Absolute,
    /// `../../secrets.txt`: climbs out of the folder it must stay in.
    Escapes,
    /// `AC-01\x.json`: a backslash, which is a separator on one system and a letter on another.
    Backslash,
    /// A control character, which no portable file name holds.
    Control,
    /// Nothing but separators and dots.
    Empty,
    /// A symbolic link on the way points outside the project.
    SymlinkEscape(PathBuf),
    /// Through a symbolic link, the file lies in the project but outside the folder it must
    /// stay in (an asset linking into `content/evidence/`).
    OutsideFolder(PathBuf),
    /// Nothing there.
    Missing,
    /// Something there, but not a regular file (a folder, a FIFO, a device).
    NotAFile,
}

/// Normalises a relative path written with `/`: empty and `.` parts are dropped and `..`
/// folds into the part before it.
pub fn normalize(rel: &str) -> Result<String, PathProblem> {
    if rel.starts_with('/') || rel.get(1..2) == Some(":") {
        return Err(PathProblem::Absolute);
    }
    if rel.contains('\\') {
        return Err(PathProblem::Backslash);
    }
    if rel.chars().any(char::is_control) {
        return Err(PathProblem::Control);
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(PathProblem::Escapes);
                }
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return Err(PathProblem::Empty);
    }
    Ok(parts.join("/"))
}

/// Where a symbolic link finally points, if that is inside `root`; `Err` with the target
/// otherwise (including dangling links).
pub fn symlink_target_inside(root: &Path, link: &Path) -> Result<PathBuf, PathBuf> {
    match link.canonicalize() {
        Ok(target) if target.starts_with(root) => Ok(target),
        Ok(target) => Err(target),
        Err(_) => Err(std::fs::read_link(link).unwrap_or_else(|_| link.to_path_buf())),
    }
}

/// The real path of the regular file `rel` (normalised) under `folder`, requiring that it
/// lies under the real path of `folder` after every symbolic link is followed, and that
/// `folder` lies inside `root` (canonical).
pub fn real_file_under(root: &Path, folder: &Path, rel: &str) -> Result<PathBuf, PathProblem> {
    let folder_real = match folder.canonicalize() {
        Ok(f) if f.starts_with(root) => f,
        Ok(f) => return Err(PathProblem::SymlinkEscape(f)),
        Err(_) => return Err(PathProblem::Missing),
    };
    let real = folder
        .join(rel)
        .canonicalize()
        .map_err(|_| PathProblem::Missing)?;
    if !real.starts_with(root) {
        return Err(PathProblem::SymlinkEscape(real));
    }
    if !real.starts_with(&folder_real) {
        return Err(PathProblem::OutsideFolder(real));
    }
    match std::fs::metadata(&real) {
        Ok(m) if m.is_file() => Ok(real),
        _ => Err(PathProblem::NotAFile),
    }
}

/// The diagnostic for a path that is malformed, leaves its folder or names no file.
/// `folder` is where the path is relative to, as users write it (`content/evidence/`).
pub(crate) fn diagnostic(problem: &PathProblem, path: &Sp<String>, folder: &str) -> Diagnostic {
    let (code, message, hint) = match problem {
        PathProblem::Absolute => (
            Code::PathEscape,
            format!("`{}` is an absolute path", path.value),
            format!("write the path relative to {folder}"),
        ),
        PathProblem::Escapes => (
            Code::PathEscape,
            format!("`{}` leaves {folder}", path.value),
            format!("files must be inside {folder}; `..` may not climb out of it"),
        ),
        PathProblem::Backslash => (
            Code::InvalidPath,
            format!("`{}` contains a backslash", path.value),
            format!(
                "separate folders with `/`: `{}`",
                path.value.replace('\\', "/")
            ),
        ),
        PathProblem::Control => (
            Code::InvalidPath,
            format!(
                "`{}` contains a control character",
                path.value.escape_debug()
            ),
            "remove the control character from the path".to_owned(),
        ),
        PathProblem::Empty => (
            Code::InvalidPath,
            format!("`{}` names no file", path.value),
            format!("write the file's path relative to {folder}"),
        ),
        PathProblem::SymlinkEscape(target) => (
            Code::SymlinkEscape,
            format!(
                "`{}` goes through a symbolic link to `{}`, outside the project",
                path.value,
                target.display()
            ),
            "copy the file into the project; links that leave it are never followed".to_owned(),
        ),
        PathProblem::OutsideFolder(target) => (
            Code::NotPublishable,
            format!(
                "`{}` is a symbolic link to `{}`, outside {folder}",
                path.value,
                target.display()
            ),
            format!(
                "only files whose real path is inside {folder} are used here; copy the file into {folder}"
            ),
        ),
        PathProblem::Missing => (
            Code::MissingFile,
            format!("`{}` does not exist", path.value),
            format!(
                "paths are relative to {folder}; check the spelling and that the file is committed"
            ),
        ),
        PathProblem::NotAFile => (
            Code::MissingFile,
            format!("`{}` is not a regular file", path.value),
            "name a file, not a folder or a special file".to_owned(),
        ),
    };
    Diagnostic::error(code, path.span, message).with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_normal_form() {
        for p in [
            "AC-01/x.json",
            "AC-01/./x.json",
            "AC-01//x.json",
            "AC-01/../AC-01/x.json",
            "./AC-01/x.json/",
        ] {
            assert_eq!(normalize(p).as_deref(), Ok("AC-01/x.json"), "{p}");
        }
        assert_eq!(normalize("../x"), Err(PathProblem::Escapes));
        assert_eq!(normalize("a/../../x"), Err(PathProblem::Escapes));
        assert_eq!(normalize("/etc/passwd"), Err(PathProblem::Absolute));
        assert_eq!(normalize("C:\\x"), Err(PathProblem::Absolute));
        assert_eq!(normalize("AC-01\\x"), Err(PathProblem::Backslash));
        assert_eq!(normalize("a\u{0}b"), Err(PathProblem::Control));
        assert_eq!(normalize("./"), Err(PathProblem::Empty));
    }

    #[cfg(unix)]
    #[test]
    fn real_path_must_stay_in_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let assets = root.join("content/assets");
        let evidence = root.join("content/evidence");
        std::fs::create_dir_all(assets.join("a")).unwrap();
        std::fs::create_dir_all(&evidence).unwrap();
        std::fs::write(assets.join("a/x.png"), "x").unwrap();
        std::fs::write(evidence.join("secret.json"), "s").unwrap();
        std::os::unix::fs::symlink("../evidence/secret.json", assets.join("leak.json")).unwrap();
        std::os::unix::fs::symlink("a/x.png", assets.join("alias.png")).unwrap();
        // A link to the folder above the project: outside it.
        let outside = root.parent().unwrap().to_path_buf();
        std::os::unix::fs::symlink(&outside, assets.join("host")).unwrap();
        assert!(real_file_under(&root, &assets, "a/x.png").is_ok());
        assert!(real_file_under(&root, &assets, "alias.png").is_ok());
        assert!(matches!(
            real_file_under(&root, &assets, "leak.json"),
            Err(PathProblem::OutsideFolder(_))
        ));
        assert_eq!(
            real_file_under(&root, &assets, "host"),
            Err(PathProblem::SymlinkEscape(outside))
        );
        assert_eq!(
            real_file_under(&root, &assets, "a"),
            Err(PathProblem::NotAFile)
        );
        assert_eq!(
            real_file_under(&root, &assets, "nope.png"),
            Err(PathProblem::Missing)
        );
    }
}
