//! Watching the project: which changes count, and one rebuild per burst of them.

use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long the project must be quiet before a rebuild: an editor's save-by-rename or a
/// `git checkout` is many events in a few milliseconds.
pub const QUIET: Duration = Duration::from_millis(150);

/// Whether a changed path can change the outputs: not the output folder, `.git`, Cargo's
/// `target`, or an editor's temporary file.
pub fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    if matches!(first.as_str(), "out" | ".git" | "target" | "node_modules") {
        return false;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swx", ".swo", ".tmp", ".crdownload"]
            .iter()
            .any(|s| name.ends_with(s))
        || name == "4913"
        || name.starts_with(".goutputstream");
    !temporary
}

/// Whether an event changes a file: reading one (as every build does) does not.
fn changes(event: &notify::Event) -> bool {
    !matches!(event.kind, notify::EventKind::Access(_))
}

/// Waits for a relevant change, then for the project to be quiet; `false` when the watcher
/// is gone.
pub fn next_burst(root: &Path, rx: &Receiver<notify::Result<notify::Event>>) -> bool {
    loop {
        match rx.recv() {
            Ok(Ok(event)) if changes(&event) && event.paths.iter().any(|p| relevant(root, p)) => {
                break;
            }
            Ok(_) => continue,
            Err(_) => return false,
        }
    }
    let mut quiet_until = Instant::now() + QUIET;
    loop {
        let left = quiet_until.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(Ok(event)) if changes(&event) => quiet_until = Instant::now() + QUIET,
            // Reads (ours included) are not changes, and do not extend the wait.
            Ok(_) => {}
            Err(RecvTimeoutError::Timeout) => return true,
            Err(RecvTimeoutError::Disconnected) => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_git_and_editor_files_do_not_count() {
        let root = Path::new("/p");
        assert!(relevant(root, Path::new("/p/content/policies/a.md")));
        assert!(relevant(root, Path::new("/p/trustbook.yaml")));
        for p in [
            "/p/out/trust/index.html",
            "/p/.git/index",
            "/p/content/policies/.a.md.swp",
            "/p/content/policies/a.md~",
            "/p/content/policies/#a.md#",
            "/p/content/policies/4913",
            "/elsewhere/x.md",
        ] {
            assert!(!relevant(root, Path::new(p)), "{p}");
        }
    }
}
