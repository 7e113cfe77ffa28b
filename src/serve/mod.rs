//! `trustbook serve`: a live preview while editing. The project is built (sites only, unless
//! `--all`) into a temporary folder, never `out/`; the trust center is served at `/` and the
//! docs site at `/docs/`; every burst of changes rebuilds once, and open pages reload through
//! Server-Sent Events. A broken edit keeps the last good build on screen, with the
//! diagnostics over it.

mod http;
mod watch;

use crate::build::BuildOptions;
use crate::diag::{self, Format, RenderOptions};
use crate::error::{Error, Result};
use crate::output::{Destination, Staging};
use notify::Watcher;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How `serve` runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The project folder.
    pub project: PathBuf,
    /// Address to listen on.
    pub host: String,
    /// Port (0: any free port).
    pub port: u16,
    /// Also build the PDFs and the package.
    pub all: bool,
}

/// What the browser is told about the builds.
#[derive(Debug, Default)]
struct Status {
    /// Number of good builds so far (a page reloads when it changes).
    generation: u64,
    /// Changes with every build, good or bad (the event stream wakes on it).
    seq: u64,
    /// Whether the last build succeeded.
    ok: bool,
    /// The diagnostics of the last failed build.
    diagnostics: String,
}

/// State shared by the builder, the server and the event streams.
pub struct Shared {
    /// The folder holding the last good build (`docs/`, `trust/`).
    site: PathBuf,
    status: Mutex<Status>,
    changed: Condvar,
}

impl Shared {
    fn status_json(&self) -> String {
        let s = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        json!({ "generation": s.generation, "ok": s.ok, "diagnostics": s.diagnostics, "seq": s.seq })
            .to_string()
    }

    /// Waits until the build sequence differs from `seen` (or the timeout passes); returns
    /// the sequence and the status.
    fn wait_change(&self, seen: u64, timeout: Duration) -> (u64, String) {
        let guard = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |s| s.seq == seen)
            .unwrap_or_else(PoisonError::into_inner);
        let seq = guard.seq;
        drop(guard);
        (seq, self.status_json())
    }

    fn finish(&self, ok: bool, diagnostics: String) {
        let mut s = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        s.seq += 1;
        s.ok = ok;
        if ok {
            s.generation += 1;
        }
        s.diagnostics = diagnostics;
        drop(s);
        self.changed.notify_all();
    }
}

/// Builds the project into `site`; `Err` with the diagnostics (or the failure) as text.
fn build(root: &Path, site: &Path, all: bool) -> std::result::Result<(), String> {
    let (project, diags) = crate::open(root);
    if diags.has_errors() {
        let opts = RenderOptions { color: false };
        let text: Vec<String> = diags
            .items()
            .iter()
            .filter(|d| d.severity == diag::Severity::Error)
            .map(|d| diag::render(d, &project.sources, Format::Human, opts))
            .collect();
        return Err(text.join("\n\n"));
    }
    let opts = BuildOptions {
        sites_only: !all,
        force: true,
        ..BuildOptions::default()
    };
    let run = || -> Result<()> {
        let dest = Destination::new(site, &project.root, true)?;
        let staging = Staging::begin(dest)?;
        crate::build::render(&project, &opts, &staging)?;
        staging.commit()?;
        Ok(())
    };
    run().map_err(|e| e.with_causes())
}

fn rebuild(shared: &Shared, root: &Path, all: bool) {
    let started = Instant::now();
    match build(root, &shared.site, all) {
        Ok(()) => {
            eprintln!("rebuilt in {} ms", started.elapsed().as_millis());
            shared.finish(true, String::new());
        }
        Err(text) => {
            eprintln!("{text}\n\nbuild failed; still serving the last good build");
            shared.finish(false, text);
        }
    }
}

/// Whether a host name is this machine only.
fn loopback(host: &str) -> bool {
    matches!(host, "127.0.0.1" | "localhost" | "::1" | "[::1]")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Removes the build folders of earlier `serve` runs that are no longer running (a server is
/// stopped with Ctrl-C, so it cannot clean up after itself). Only folders of our own naming
/// that hold nothing but our marked build are touched.
fn sweep_stale(tmp: &Path) {
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix("trustbook-serve-")
            .and_then(|r| r.split('-').next())
            .and_then(|p| p.parse::<libc::pid_t>().ok())
        else {
            continue;
        };
        // SAFETY: kill with signal 0 only checks whether the process exists.
        let alive = unsafe { libc::kill(pid, 0) } == 0
            || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
        let dir = entry.path();
        // The build, its lock, and an abandoned staging folder are all it may hold.
        let ours = std::fs::read_dir(&dir).is_ok_and(|mut d| {
            d.all(|e| {
                e.is_ok_and(|e| {
                    let n = e.file_name().to_string_lossy().into_owned();
                    n == "site" || n == ".site.lock" || n.starts_with(".site.staging-")
                })
            })
        }) && (!dir.join("site").exists()
            || dir.join("site").join(crate::output::MARKER).is_file());
        if !alive && ours {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

/// Runs the preview server until the process is stopped.
pub fn run(opts: &Options) -> Result<()> {
    let root = opts
        .project
        .canonicalize()
        .map_err(|e| Error::io("cannot open the project folder", &opts.project, e))?;
    sweep_stale(&std::env::temp_dir());
    let base = std::env::temp_dir().join(format!(
        "trustbook-serve-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos())
    ));
    std::fs::create_dir_all(&base).map_err(|e| Error::io("cannot create", &base, e))?;
    let shared = Arc::new(Shared {
        site: base.join("site"),
        status: Mutex::new(Status::default()),
        changed: Condvar::new(),
    });
    rebuild(&shared, &root, opts.all);

    let host = opts.host.trim_matches(['[', ']']);
    let listener = std::net::TcpListener::bind((host, opts.port))
        .map_err(|e| Error::Usage(format!("cannot listen on {}:{}: {e}", opts.host, opts.port)))?;
    let port = listener.local_addr().map_or(opts.port, |a| a.port());
    let shown = if opts.host.contains(':') {
        format!("[{}]", opts.host.trim_matches(['[', ']']))
    } else {
        opts.host.clone()
    };
    println!(
        "serving http://{shown}:{port}/ (trust center) and http://{shown}:{port}/docs/ (docs site)"
    );
    println!(
        "watching {}; building into {} (never out/)",
        root.display(),
        base.display()
    );
    if !loopback(&opts.host) {
        eprintln!(
            "warning: listening on {} makes the internal docs site reachable from other machines",
            opts.host
        );
    }

    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx)
        .map_err(|e| Error::Usage(format!("cannot watch the project: {e}")))?;
    watcher
        .watch(&root, notify::RecursiveMode::Recursive)
        .map_err(|e| Error::Usage(format!("cannot watch {}: {e}", root.display())))?;
    {
        let shared = Arc::clone(&shared);
        let root = root.clone();
        let all = opts.all;
        std::thread::spawn(move || {
            // The watcher lives as long as this thread waits on it.
            let _watcher = watcher;
            while watch::next_burst(&root, &rx) {
                rebuild(&shared, &root, all);
            }
        });
    }
    // One thread per connection: a slow reader, or an open event stream, holds up no one.
    for stream in listener.incoming().flatten() {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || http::answer(&shared, stream));
    }
    Ok(())
}
