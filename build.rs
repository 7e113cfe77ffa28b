//! Embeds the default theme (`themes/default/`) in the binary, so `trustbook build` works in any
//! project (a project's `themes/<name>/` overrides single files at run time), and the starter
//! project (`starter/project/` and the CI workflow) that `trustbook init` writes.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    embed(
        &manifest.join("themes").join("default"),
        "DEFAULT_THEME",
        "Files of the default theme: (path relative to the theme, contents).",
        "theme_files.rs",
    );
    embed(
        &manifest.join("starter").join("project"),
        "STARTER_PROJECT",
        "Files of the starter project: (path relative to the project, contents).",
        "starter_files.rs",
    );
    commit();
}

/// Writes `OUT_DIR/<file>` declaring `name`: every file under `root`, sorted by path.
fn embed(root: &Path, name: &str, doc: &str, file: &str) {
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(root, root, &mut files);
    files.sort();
    let mut out = format!("/// {doc}\npub static {name}: &[(&str, &[u8])] = &[\n");
    for (rel, abs) in &files {
        println!("cargo:rerun-if-changed={abs}");
        let _ = writeln!(out, "    ({rel:?}, include_bytes!({abs:?})),");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join(file);
    std::fs::write(dest, out).expect("write the embedded file list");
}

/// The commit the binary is built from (`git describe`), for `trustbook --version`; empty
/// when the source is not a git checkout (a crates.io install).
fn commit() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let git = manifest.join(".git");
    if git.exists() {
        // Rebuild the string when HEAD moves (a commit, a checkout).
        println!("cargo:rerun-if-changed={}", git.join("HEAD").display());
        println!("cargo:rerun-if-changed={}", git.join("refs").display());
    }
    let described = std::process::Command::new("git")
        .args(["describe", "--always", "--dirty", "--abbrev=12"])
        .current_dir(manifest)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    println!("cargo:rustc-env=TRUSTBOOK_COMMIT={described}");
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(root, &path, out);
        } else if let Ok(rel) = path.strip_prefix(root) {
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push((rel, path.display().to_string()));
        }
    }
}
