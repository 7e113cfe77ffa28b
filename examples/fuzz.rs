//! The open-ended fuzz run: attacks trustbook with mutated projects until time runs out and
//! saves the project of every case that breaks a promise (see `tests/common/fuzz.rs`).
//!
//! ```sh
//! cargo run --release --example fuzz -- --seconds 1800 --seed 7 --save fuzz-failures
//! cargo run --release --example fuzz -- --seed 7 --case 194 --save fuzz-failures   # rerun one
//! ```
//!
//! Each case runs in a child process: this program starts itself again as trustbook (with
//! `--as-trustbook`), so no separate binary has to be built first.

#[path = "../tests/common/fuzz.rs"]
mod harness;

use std::process::ExitCode;
use std::time::Duration;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--as-trustbook") {
        let mut rest: Vec<std::ffi::OsString> = std::env::args_os().collect();
        rest.remove(1);
        return trustbook::cli::run(rest);
    }
    let mut seconds = None;
    let mut cases = None;
    let mut only = None;
    let mut seed = 1u64;
    let mut save = None;
    let mut jobs = 2;
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .unwrap_or_else(|| usage(&format!("{name} needs a value")))
        };
        match a.as_str() {
            "--seconds" => seconds = Some(number(&value("--seconds"))),
            "--cases" => cases = Some(number(&value("--cases")) as usize),
            "--case" => only = Some(number(&value("--case")) as usize),
            "--seed" => seed = number(&value("--seed")),
            "--save" => save = Some(value("--save").into()),
            "--jobs" => jobs = number(&value("--jobs")) as usize,
            "-h" | "--help" => usage(""),
            other => usage(&format!("unknown argument `{other}`")),
        }
    }
    if seconds.is_none() && cases.is_none() && only.is_none() {
        seconds = Some(300);
    }
    let exe = std::env::current_exe().expect("the fuzzer's own path");
    let opts = harness::Options {
        exe,
        prefix: vec!["--as-trustbook".to_owned()],
        seed,
        cases: only.map(|c| c + 1).or(cases),
        duration: seconds.map(Duration::from_secs),
        save,
        timeout: Duration::from_secs(20),
        jobs: if only.is_some() { 1 } else { jobs },
        first: only.unwrap_or(0),
    };
    let started = std::time::Instant::now();
    let summary = harness::run(&opts);
    println!(
        "seed {seed}: {} cases in {:.0} s ({} accepted by check, {} built), {} broken promise(s)",
        summary.runs,
        started.elapsed().as_secs_f64(),
        summary.check_ok,
        summary.build_ok,
        summary.failures.len()
    );
    for f in &summary.failures {
        println!("--- case {}: {}", f.case, f.what);
        if let Some(p) = &f.saved {
            println!("    saved in {}", p.display());
        }
    }
    if summary.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn number(s: &str) -> u64 {
    s.parse()
        .unwrap_or_else(|_| usage(&format!("`{s}` is not a number")))
}

fn usage(problem: &str) -> ! {
    if !problem.is_empty() {
        eprintln!("error: {problem}");
    }
    eprintln!(
        "usage: fuzz [--seconds N] [--cases N] [--case N] [--seed S] [--save DIR] [--jobs N]"
    );
    std::process::exit(2)
}
