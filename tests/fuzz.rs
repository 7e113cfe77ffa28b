//! A bounded fuzz run on every `cargo test`: a fixed seed and a few hundred mutated projects,
//! each through `check` and `build` in a child process. The open-ended run is
//! `cargo run --release --example fuzz -- --seconds N --seed S`.

#[path = "common/fuzz.rs"]
mod harness;

use std::time::Duration;

#[test]
fn mutated_projects_never_break_a_promise() {
    let cases = std::env::var("TRUSTBOOK_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(240);
    let summary = harness::run(&harness::Options {
        exe: env!("CARGO_BIN_EXE_trustbook").into(),
        prefix: Vec::new(),
        seed: 20261129,
        cases: Some(cases),
        duration: None,
        save: None,
        timeout: Duration::from_secs(60),
        jobs: 2,
        first: 0,
    });
    println!(
        "fuzz: {} cases, {} accepted by check, {} built",
        summary.runs, summary.check_ok, summary.build_ok
    );
    assert_eq!(summary.runs, cases);
    // The mutations must leave some projects valid, or build is never exercised.
    assert!(
        summary.build_ok > 0,
        "no mutated project built: {summary:?}"
    );
    assert!(
        summary.failures.is_empty(),
        "{} broken promise(s):\n{}",
        summary.failures.len(),
        summary
            .failures
            .iter()
            .map(|f| format!("case {}: {}", f.case, f.what))
            .collect::<Vec<_>>()
            .join("\n---\n")
    );
}
