//! The output folder: trustbook writes only into folders it made, never mixes two builds, and
//! replaces the previous output in one step.
//!
//! - [`Destination`] decides whether a folder may be replaced at all: it must be new, empty,
//!   carry trustbook's marker file, or be an output of an earlier trustbook; it may never be,
//!   contain or lie inside the project's inputs.
//! - [`Staging`] is where a build writes: a sibling folder with a lock of its own, filled file
//!   by file as renderers produce them (each path checked, none written twice), then swapped
//!   in under the output's lock. A failed or killed build leaves the previous output as it was.
//!
//! Besides the output folder itself, trustbook writes exactly two kinds of names beside it, in
//! its parent folder: `.<name>.lock` (the output's lock, kept) and, during a build,
//! `.<name>.staging-<random>` with its `.lock` (removed when the build ends; a later build
//! removes those of a killed build once their lock is free).

mod guard;
mod staging;

pub use guard::{Destination, MARKER};
pub use staging::{Dir, Staging};

use std::path::{Component, Path};

/// A relative path with no `..`, no root, no empty parts, no backslash and no control
/// characters: safe to join under an output folder on any system.
pub fn is_safe_path(p: &str) -> bool {
    !p.is_empty()
        && !p.contains('\\')
        && !p.chars().any(char::is_control)
        && !p
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..")
        && Path::new(p)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::is_safe_path;

    #[test]
    fn unsafe_paths_are_refused() {
        assert!(is_safe_path("docs/index.html"));
        assert!(is_safe_path("files/my diagram.png"));
        for bad in [
            "", "../x", "/etc/x", "a//b", "a/./b", "a\\b", "a/\u{0}b", "a/",
        ] {
            assert!(!is_safe_path(bad), "{bad:?}");
        }
    }
}
