//! The fuzz harness: attacks trustbook with mutated projects and checks its promises.
//!
//! Each case copies a small generated project, mutates its inputs (byte flips, truncation,
//! repeated and deleted lines, YAML tokens such as anchors, aliases, tags and brackets, invalid
//! UTF-8, marks and emoji at line starts, deep nesting, huge lines, hostile links), then runs
//! `check`, and `build` into a copy of a good earlier output, each in a child process with a
//! timeout: in-process code cannot survive a stack overflow or stop a hang. Properties:
//! - no panic (exit 101, "panicked"), no abort (a signal), no hang (the timeout);
//! - `check` ok implies `build` ok, and `build` never succeeds where `check` failed;
//! - a failed build leaves the previous output byte-identical.
//!
//! Shared by `tests/fuzz.rs` (a bounded run with a fixed seed) and `examples/fuzz.rs` (an
//! open-ended run that saves reproducers).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How to run a campaign.
#[derive(Debug, Clone)]
pub struct Options {
    /// The program that behaves as `trustbook`.
    pub exe: PathBuf,
    /// Arguments put before trustbook's own (the example re-runs itself as trustbook).
    pub prefix: Vec<String>,
    /// The campaign's seed; each case's seed derives from it and the case number.
    pub seed: u64,
    /// Stop after this many cases.
    pub cases: Option<usize>,
    /// Stop after this long.
    pub duration: Option<Duration>,
    /// Where to save the project of each failing case.
    pub save: Option<PathBuf>,
    /// The longest one command may take before it counts as a hang.
    pub timeout: Duration,
    /// Cases run at once.
    pub jobs: usize,
    /// The first case number (to rerun one case: `first: n`, `cases: Some(n + 1)`).
    pub first: usize,
}

/// One broken promise.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The case number (rerun with the same campaign seed to reproduce).
    pub case: usize,
    /// What went wrong.
    pub what: String,
    /// Where the failing project was saved.
    pub saved: Option<PathBuf>,
}

/// What a campaign did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Cases run.
    pub runs: usize,
    /// Cases `check` accepted.
    pub check_ok: usize,
    /// Cases `build` built.
    pub build_ok: usize,
    /// Broken promises.
    pub failures: Vec<Failure>,
}

/// Runs a campaign and returns what it found.
pub fn run(opts: &Options) -> Summary {
    let work = tempfile::tempdir().expect("temp dir");
    let base = work.path().join("base");
    write_project(&base);
    let base_out = work.path().join("base-out");
    let first = trustbook(opts, &base, &["build", "--out", &s(&base_out)]);
    assert!(
        first.code == Some(0),
        "the unmutated project must build: {}",
        first.stderr
    );
    let previous = snapshot(&base_out);
    let next = AtomicUsize::new(opts.first);
    let summary = Mutex::new(Summary::default());
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..opts.jobs.max(1) {
            scope.spawn(|| {
                loop {
                    let case = next.fetch_add(1, Ordering::SeqCst);
                    if opts.cases.is_some_and(|n| case >= n)
                        || opts.duration.is_some_and(|d| started.elapsed() >= d)
                    {
                        break;
                    }
                    let dir = work.path().join(format!("case-{case}"));
                    let outcome = run_case(opts, case, &base, &base_out, &previous, &dir);
                    let mut sum = summary.lock().expect("summary");
                    sum.runs += 1;
                    sum.check_ok += usize::from(outcome.check_ok);
                    sum.build_ok += usize::from(outcome.build_ok);
                    if let Some(what) = outcome.failure {
                        let saved = opts.save.as_ref().map(|root| {
                            let to = root.join(format!("seed-{}-case-{case}", opts.seed));
                            copy_dir(&dir.join("project"), &to);
                            let _ = std::fs::write(to.join("FAILURE.txt"), &what);
                            to
                        });
                        sum.failures.push(Failure { case, what, saved });
                    }
                    drop(sum);
                    let _ = std::fs::remove_dir_all(&dir);
                }
            });
        }
    });
    summary.into_inner().expect("summary")
}

struct Outcome {
    check_ok: bool,
    build_ok: bool,
    failure: Option<String>,
}

fn run_case(
    opts: &Options,
    case: usize,
    base: &Path,
    base_out: &Path,
    previous: &BTreeMap<String, Vec<u8>>,
    dir: &Path,
) -> Outcome {
    let project = dir.join("project");
    let out = dir.join("out");
    copy_dir(base, &project);
    copy_dir(base_out, &out);
    let mut rng = Rng::new(opts.seed ^ (case as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let log = mutate(&project, &mut rng);
    let mut outcome = Outcome {
        check_ok: false,
        build_ok: false,
        failure: None,
    };
    let check = trustbook(opts, &project, &["check", "--format", "json"]);
    if let Some(problem) = check.crash() {
        outcome.failure = Some(format!(
            "check {problem}\nmutations: {log}\n{}",
            check.stderr
        ));
        return outcome;
    }
    outcome.check_ok = check.code == Some(0);
    let build = trustbook(opts, &project, &["build", "--out", &s(&out)]);
    if let Some(problem) = build.crash() {
        outcome.failure = Some(format!(
            "build {problem}\nmutations: {log}\n{}",
            build.stderr
        ));
        return outcome;
    }
    outcome.build_ok = build.code == Some(0);
    if outcome.check_ok && !outcome.build_ok {
        outcome.failure = Some(format!(
            "check accepted the project but build failed\nmutations: {log}\n{}",
            build.stderr
        ));
    } else if !outcome.check_ok && outcome.build_ok {
        outcome.failure = Some(format!(
            "build succeeded where check failed\nmutations: {log}\n{}",
            check.stderr
        ));
    } else if !outcome.build_ok && snapshot(&out) != *previous {
        outcome.failure = Some(format!(
            "a failed build changed the previous output\nmutations: {log}\n{}",
            build.stderr
        ));
    }
    outcome
}

/// What one child process did.
struct Ran {
    code: Option<i32>,
    signal: Option<i32>,
    timed_out: bool,
    stderr: String,
}

impl Ran {
    /// A broken "no panic, no abort, no hang" promise, if any.
    fn crash(&self) -> Option<String> {
        if self.timed_out {
            Some("hung (killed at the timeout)".to_owned())
        } else if self.code == Some(101) || self.stderr.contains("panicked") {
            Some("panicked".to_owned())
        } else if let Some(sig) = self.signal {
            Some(format!(
                "was killed by signal {sig} (abort, stack overflow or crash)"
            ))
        } else if !matches!(self.code, Some(0..=2)) {
            Some(format!("exited with {:?}", self.code))
        } else {
            None
        }
    }
}

fn trustbook(opts: &Options, project: &Path, args: &[&str]) -> Ran {
    let mut cmd = Command::new(&opts.exe);
    cmd.args(&opts.prefix)
        .args(args)
        .current_dir(project)
        .env("SOURCE_DATE_EPOCH", "1780000000")
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("start trustbook");
    let stderr = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut e) = stderr {
            use std::io::Read;
            let _ = (&mut e).take(1 << 20).read_to_string(&mut text);
            let _ = std::io::copy(&mut e, &mut std::io::sink());
        }
        text
    });
    let deadline = Instant::now() + opts.timeout;
    let (status, timed_out) = loop {
        match child.try_wait() {
            Ok(Some(status)) => break (Some(status), false),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                break (child.wait().ok(), true);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(_) => break (None, false),
        }
    };
    #[cfg(unix)]
    let signal = {
        use std::os::unix::process::ExitStatusExt;
        status.and_then(|s| s.signal())
    };
    #[cfg(not(unix))]
    let signal = None;
    Ran {
        code: status.and_then(|s| s.code()),
        signal,
        timed_out,
        stderr: reader.join().unwrap_or_default(),
    }
}

// ---------------------------------------------------------------------------------------
// The project every case starts from: small, so a case takes well under a second, but with
// every input kind and the constructs that have broken before (links, raw HTML, footnotes,
// tables, lists, quotes, anchors, evidence, assets).

const FILES: &[(&str, &str)] = &[
    (
        "trustbook.yaml",
        "company:\n  name: Fuzz Co, Inc.\n  contact: security@fuzz.example\n  website: https://fuzz.example\nsite:\n  url: https://trust.fuzz.example\npackage:\n  version: \"1.0\"\naudit:\n  type: soc2-type2\n  period: { start: 2026-01-01, end: 2026-06-30 }\n  categories: [security, availability]\nattestations:\n  - id: soc2\n    framework: soc2-type2\n    status: issued\n    period: { start: 2026-01-01, end: 2026-06-30 }\n    issued: 2026-08-14\n    valid_until: 2027-08-14\n    auditor: Fuzz & Co\n    bridge_letter: true\n  - id: soc3\n    framework: soc3\n    status: issued\n    period: { start: 2026-01-01, end: 2026-06-30 }\n    issued: 2026-08-20\n    report: public\n    report_file: soc3.pdf\n  - id: iso\n    framework: iso27001\n    status: planned\nsubprocessors:\n  notice_days: 30\n",
    ),
    (
        "content/policies/access.md",
        "---\nid: access\ntitle: Access Policy\nowner: CTO\napproved_by: CEO\nversion: \"1.0\"\neffective: 2026-01-01\nlast_reviewed: 2026-01-01\nreview_every: 12 months\nclassification: public\nsummary: Who gets access.\n---\n\n## Scope {#scope}\n\nAccess follows [HR](hr.md#hiring) and [AC-01](control:AC-01)[^1].\n\n- one\n  - two\n    1. three\n\n> A quote with **bold** and `code`.\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n![Diagram](../assets/diagram.svg)\n\n[^1]: A footnote.\n",
    ),
    (
        "content/policies/hr.md",
        "---\nid: hr\ntitle: HR Security\nowner: CTO\napproved_by: CEO\nversion: \"1.0\"\neffective: 2026-01-01\nreviews:\n  - { date: 2025-01-01, by: CTO, version: \"0.9\", summary: First }\n  - { date: 2026-01-01 }\nreview_every: 12 months\nclassification: internal\n---\n\n## Hiring\n\nSee the [access policy](policy:access#scope) and <a href=\"../evidence/AC-01/review.csv\">the review</a>.\n",
    ),
    (
        "content/pages/faq.md",
        "---\ntitle: FAQ\nclassification: public\norder: 10\n---\n\n## Where is data?\n\nAt [our host](subprocessor:host), see <https://fuzz.example/dpa> or write to <security@fuzz.example>.\n\n<details><summary>More</summary>Kept.</details>\n\n```yaml\nkey: value\n```\n",
    ),
    (
        "controls/access.yaml",
        "- id: AC-01\n  title: MFA on production access\n  description: All production access requires MFA.\n  owner: CTO\n  frequency: quarterly\n  kind: preventive\n  automated: true\n  criteria: [CC6.1, CC6.6]\n  policies: [access, hr]\n  subprocessors: [host]\n  status: implemented\n  test_procedure: Inspect the IdP policy.\n  public: true\n",
    ),
    (
        "content/subprocessors.yaml",
        "- id: host\n  name: HostCo\n  legal_entity: HostCo GmbH\n  purpose: Hosting\n  category: hosting\n  data_categories: [call audio]\n  location: Germany\n  transfer_mechanism: Not required (EU)\n  certifications:\n    - name: SOC 2 Type II\n      report_date: 2026-03-31\n  dpa: https://fuzz.example/dpa\n  added: 2024-01-01\n  removed: 2026-12-31\n- id: next\n  name: NextCo\n  purpose: Speech\n  category: speech\n  location: Ireland\n  added: 2026-10-01\n  announced: 2026-08-20\n",
    ),
    (
        "content/evidence/index.yaml",
        "- control: AC-01\n  title: Access review Q1\n  file: AC-01/review.csv\n  collected: 2026-04-03\n  period: 2026-Q1\n- control: AC-01\n  title: Access review Q2\n  file: AC-01/review-q2.csv\n  collected: 2026-07-02\n  period: 2026-Q2\n  classification: confidential\n",
    ),
    (
        "content/evidence/AC-01/review.csv",
        "user,decision\nana,keep\n",
    ),
    (
        "content/evidence/AC-01/review-q2.csv",
        "user,decision\nbo,remove\n",
    ),
    ("content/assets/soc3.pdf", "%PDF-1.4 report"),
    (
        "content/assets/diagram.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
    ),
];

/// The inputs a mutation may touch (Markdown and YAML).
const MUTABLE: &[&str] = &[
    "trustbook.yaml",
    "content/policies/access.md",
    "content/policies/hr.md",
    "content/pages/faq.md",
    "controls/access.yaml",
    "content/subprocessors.yaml",
    "content/evidence/index.yaml",
];

fn write_project(dir: &Path) {
    for (rel, text) in FILES {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
}

/// Snippets that have broken parsers before, or might.
const TOKENS: &[&str] = &[
    "&a ",
    "*a",
    "!!binary ",
    "!x ",
    "!!str ",
    "<<: ",
    "[",
    "]",
    "{",
    "}",
    ": ",
    "- ",
    "\t",
    "'",
    "\"",
    "#",
    "|\n",
    ">\n",
    "---\n",
    "...\n",
    "~",
    "null",
    "99999999999",
    "2026-02-30",
    "2026-99999999999-01",
    "\u{feff}",
    "\u{202e}",
    "\u{200f}",
    "😀",
    "漢字",
    "\r",
    "\0",
    "\\",
    "> ",
    "* ",
    "1. ",
    "a. ",
    "**",
    "_",
    "`",
    "```",
    "](",
    "[x](",
    "](../",
    "](../../controls/access.yaml)",
    "](javascript:alert(1))",
    "](//evil.example)",
    "<a href=\"",
    "<img src=\"",
    "\">",
    "</a>",
    "<meta http-equiv=refresh>",
    "<base href=x>",
    "&#106;",
    "%2e%2e/",
    "{#",
    "[^1]",
    "[^x]: ",
    "|---|",
    "| a |",
    "<!--",
    "-->",
    "<div>",
    "</div>",
    "policy:",
    "control:AC-01",
    "criterion:CC6.1",
    "page:faq",
    "subprocessor:host",
    "#scope",
    "{{ company.name }}",
    "status: issued",
    "announced: ",
    "report: public",
    "valid_until: 2020-01-01",
    "\n+---+---+\n| a | b |\n+===+===+\n| c | d |\n+---+---+\n",
    "+---+",
    "| ",
    "\n!!! note \"T\"\n    body\n",
    "??? ",
    "\n\\pagebreak\n",
    "\na. one\nb. two\n",
    "i. ",
    "> [!NOTE]\n",
    "\nTerm\n: definition\n",
    "{{.Name}}",
    "\\{{",
];

fn mutate(project: &Path, rng: &mut Rng) -> String {
    let mut log = Vec::new();
    for _ in 0..rng.range(1, 4) {
        let rel = MUTABLE[rng.below(MUTABLE.len())];
        let path = project.join(rel);
        let Ok(mut bytes) = std::fs::read(&path) else {
            continue;
        };
        // Half the Markdown mutations stay in the body, so more projects still pass `check`
        // and the renderers meet odd but valid documents.
        let body = rel.ends_with(".md") && rng.below(2) == 0;
        let split = find(&bytes, b"\n---\n", 4).map(|i| i + 5).filter(|_| body);
        let what = match split {
            Some(at) => {
                let mut tail = bytes.split_off(at);
                let what = mutate_bytes(&mut tail, rng);
                bytes.extend(tail);
                format!("body: {what}")
            }
            None => mutate_bytes(&mut bytes, rng),
        };
        log.push(format!("{rel}: {what}"));
        let _ = std::fs::write(&path, bytes);
    }
    log.join("; ")
}

fn mutate_bytes(b: &mut Vec<u8>, rng: &mut Rng) -> String {
    let at = rng.below(b.len() + 1);
    match rng.below(11) {
        0 => {
            if let Some(x) = b.get_mut(at) {
                *x ^= 1 << rng.below(8);
            }
            format!("flip a bit at {at}")
        }
        1 => {
            b.truncate(at);
            format!("truncate at {at}")
        }
        2 | 3 => {
            let t = TOKENS[rng.below(TOKENS.len())];
            let n = [1, 1, 2, 5, 200][rng.below(5)];
            let ins = t.repeat(n).into_bytes();
            b.splice(at..at, ins);
            format!("insert {t:?} x{n} at {at}")
        }
        4 => {
            let lines = line_starts(b);
            let i = rng.below(lines.len());
            let (s, e) = line_range(b, &lines, i);
            let line = b[s..e].to_vec();
            let n = rng.range(1, 3);
            for _ in 0..n {
                b.splice(s..s, line.iter().copied());
            }
            format!("repeat line {i} x{n}")
        }
        5 => {
            let lines = line_starts(b);
            let i = rng.below(lines.len());
            let (s, e) = line_range(b, &lines, i);
            b.drain(s..e);
            format!("delete line {i}")
        }
        6 => {
            let bad: &[&[u8]] = &[
                b"\xff",
                b"\xc3",
                b"\xe2\x82",
                b"\xed\xa0\x80",
                b"\xf4\x90\x80\x80",
            ];
            let x = bad[rng.below(bad.len())];
            b.splice(at..at, x.iter().copied());
            format!("invalid UTF-8 {x:?} at {at}")
        }
        7 => {
            let marks = ["\u{feff}", "\u{202e}", "\u{200f}", "😀", "\u{0301}"];
            let m = marks[rng.below(marks.len())];
            let lines = line_starts(b);
            let i = rng.below(lines.len());
            let s = lines[i];
            b.splice(s..s, m.bytes());
            format!("{m:?} at the start of line {i}")
        }
        8 => {
            let (open, n) = [
                ("> ", 3000),
                ("- ", 5),
                ("[", 300),
                ("{", 300),
                ("  - x\n", 2000),
                ("*", 400),
            ][rng.below(6)];
            let text = if open == "- " {
                (0..4000)
                    .map(|i| format!("{}- item\n", "  ".repeat(i % 200)))
                    .collect::<String>()
            } else {
                open.repeat(n)
            };
            b.splice(at..at, text.into_bytes());
            format!("deep nesting {open:?} at {at}")
        }
        9 => {
            let n = rng.range(10_000, 300_000);
            b.splice(at..at, std::iter::repeat_n(b'x', n));
            format!("a line {n} bytes long at {at}")
        }
        _ => {
            // Swap two regions: structure out of place.
            if b.len() > 4 {
                let a = rng.below(b.len() / 2);
                let c = b.len() / 2 + rng.below(b.len() / 2);
                b.swap(a, c);
            }
            "swap two bytes".to_owned()
        }
    }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

fn line_starts(b: &[u8]) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(
        b.iter()
            .enumerate()
            .filter(|(_, c)| **c == b'\n')
            .map(|(i, _)| i + 1),
    );
    v
}

fn line_range(b: &[u8], lines: &[usize], i: usize) -> (usize, usize) {
    let s = lines[i].min(b.len());
    let e = lines.get(i + 1).copied().unwrap_or(b.len()).max(s);
    (s, e)
}

/// splitmix64: small, fast and good enough to pick mutations reproducibly.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// Every file under a folder, by relative path (the output's marker included).
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            out.insert(
                rel.to_string_lossy().into_owned(),
                std::fs::read(entry.path()).unwrap_or_default(),
            );
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
        let Ok(rel) = entry.path().strip_prefix(from) else {
            continue;
        };
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            let _ = std::fs::create_dir_all(&dest);
        } else {
            let _ = std::fs::copy(entry.path(), &dest);
        }
    }
}
