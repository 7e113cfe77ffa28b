//! Peak memory of rendering a project's auditor PDF, apart from loading the project.
//!
//! Usage: `cargo run --release --example pdf_memory -- PROJECT_DIR`
//! (`bash bench/pdf-memory.sh` runs it on generated projects of growing size).
//!
//! Prints the page count, the file's size, the time, and the process's peak resident memory
//! (`VmHWM`) after loading and after rendering: their difference is what the PDF cost. Linux
//! only (it reads `/proc/self/status`).

use std::time::Instant;
use trustbook::audience::Output;

fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Counts bytes and page objects going through it, keeping nothing: the measurement is the
/// renderer's memory, not the file's.
#[derive(Default)]
struct Counter {
    bytes: u64,
    pages: u64,
    /// The end of the previous write, for a page marker split between two writes.
    carry: Vec<u8>,
}

const PAGE: &[u8] = b"/Type /Page/";

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes += buf.len() as u64;
        self.carry.extend_from_slice(buf);
        self.pages += self
            .carry
            .windows(PAGE.len())
            .filter(|w| *w == PAGE)
            .count() as u64;
        let keep = self.carry.len().saturating_sub(PAGE.len() - 1);
        self.carry.drain(..keep);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: pdf_memory PROJECT_DIR");
        std::process::exit(2);
    };
    let (project, diags) = trustbook::open(std::path::Path::new(&dir));
    if diags.has_errors() {
        eprintln!("the project has errors; run `trustbook check {dir}`");
        std::process::exit(1);
    }
    let loaded = peak_kib();
    let info = trustbook::pdf::PdfInfo {
        version: "bench".to_owned(),
        timestamp: 1_780_000_000,
        as_of: project.config.audit.period.end,
    };
    let start = Instant::now();
    let mut out = Counter::default();
    if let Err(e) = trustbook::pdf::render(&project, Output::Audit, &info, Vec::new(), &mut out) {
        eprintln!("render failed: {e}");
        std::process::exit(1);
    }
    let secs = start.elapsed().as_secs_f64();
    let rendered = peak_kib();
    println!(
        "pages {:>6}  size {:>7.1} MB  time {secs:>6.2} s  peak after load {:>6.1} MB  after PDF {:>6.1} MB  PDF cost {:>6.1} MB",
        out.pages,
        out.bytes as f64 / 1e6,
        loaded as f64 / 1024.0,
        rendered as f64 / 1024.0,
        rendered.saturating_sub(loaded) as f64 / 1024.0
    );
}
