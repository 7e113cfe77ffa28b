//! Containment: every path an input names must stay inside the project.
//!
//! Paths are checked twice: lexically (no absolute paths, no `..` that climbs out of the folder
//! the path must stay in), then on disk (after following symbolic links, the file must still be
//! inside the project root).

use std::path::{Component, Path, PathBuf};

/// Why a path named by an input is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathProblem {
    /// `/etc/passwd`, `C:\x`.
    Absolute,
    /// `../../secrets.txt`: climbs out of the folder it must stay in.
    Escapes,
    /// A symbolic link on the way points outside the project.
    SymlinkEscape(PathBuf),
    /// Nothing there.
    Missing,
    /// Something there, but not a file.
    NotAFile,
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

/// Resolves `rel` (written with `/`) against `base`, requiring the result to stay inside
/// `fence` lexically and inside `root` on disk, and to be an existing file.
/// `root` must be canonical; `base` and `fence` must lie inside it.
pub fn resolve_inside(
    root: &Path,
    fence: &Path,
    base: &Path,
    rel: &str,
) -> Result<PathBuf, PathProblem> {
    if rel.starts_with('/') || rel.starts_with('\\') || rel.get(1..2) == Some(":") {
        return Err(PathProblem::Absolute);
    }
    let mut joined = base.to_path_buf();
    for part in rel.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                if !joined.pop() || !joined.starts_with(fence) {
                    return Err(PathProblem::Escapes);
                }
            }
            p => joined.push(p),
        }
    }
    if !joined.starts_with(fence) {
        return Err(PathProblem::Escapes);
    }
    if Path::new(rel)
        .components()
        .any(|c| matches!(c, Component::Prefix(_) | Component::RootDir))
    {
        return Err(PathProblem::Absolute);
    }
    // Walk the components on disk so a link anywhere on the way is caught, even a dangling one.
    let mut probe = fence.to_path_buf();
    let rest = joined.strip_prefix(fence).unwrap_or(&joined).to_path_buf();
    for comp in rest.components() {
        probe.push(comp);
        if probe.is_symlink() {
            if let Err(target) = symlink_target_inside(root, &probe) {
                return Err(PathProblem::SymlinkEscape(target));
            }
        }
    }
    match joined.canonicalize() {
        Ok(real) if !real.starts_with(root) => Err(PathProblem::SymlinkEscape(real)),
        Ok(real) if real.is_file() => Ok(joined),
        Ok(_) => Err(PathProblem::NotAFile),
        Err(_) => Err(PathProblem::Missing),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_checks() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let fence = root.join("content/evidence");
        std::fs::create_dir_all(fence.join("a")).unwrap();
        std::fs::write(fence.join("a/x.txt"), "x").unwrap();
        assert!(resolve_inside(&root, &fence, &fence, "a/x.txt").is_ok());
        assert!(resolve_inside(&root, &fence, &fence, "a/../a/x.txt").is_ok());
        assert_eq!(
            resolve_inside(&root, &fence, &fence, "../x.txt"),
            Err(PathProblem::Escapes)
        );
        assert_eq!(
            resolve_inside(&root, &fence, &fence, "/etc/passwd"),
            Err(PathProblem::Absolute)
        );
        assert_eq!(
            resolve_inside(&root, &fence, &fence, "a/y.txt"),
            Err(PathProblem::Missing)
        );
        assert_eq!(
            resolve_inside(&root, &fence, &fence, "a"),
            Err(PathProblem::NotAFile)
        );
    }
}
