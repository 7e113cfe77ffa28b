//! The promises of Safety II: `verify` catches any change to a package and survives hostile
//! ones, the auditor's files are safe to open, large projects load, nothing is accepted
//! silently, the same input gives the same message, and raw HTML cannot redirect or clobber.

mod common;

use common::{Fixture, assert_at, errors_with, only_error, trustbook};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

const EPOCH: &str = "1780000000";
const NAME: &str = "acme-voice-audit-1.0";

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Builds the fixture and returns the output folder and the package zip.
fn package(f: &Fixture) -> (PathBuf, PathBuf) {
    let run = common::trustbook_env(&["build"], f.path(), &[("SOURCE_DATE_EPOCH", EPOCH)]);
    assert!(run.status.success(), "{}", text(&run));
    let out = f.path().join("out");
    let zip = out.join(format!("audit/{NAME}.zip"));
    (out, zip)
}

fn entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().into_owned(), data)
        })
        .collect()
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn verify(zip: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["verify", zip.to_str().unwrap()];
    args.extend_from_slice(extra);
    let run = trustbook(&args, Path::new("."));
    (run.status.code().unwrap_or(-1), text(&run))
}

/// A zip written by hand, so every kind of malformed archive can be made: each entry has a
/// name in its local header and one in the central directory, stored without compression.
fn raw_zip(entries: &[(&str, &str, &[u8])], before: &[u8], after: &[u8]) -> Vec<u8> {
    let mut out = before.to_vec();
    let mut central = Vec::new();
    for (local, listed, data) in entries {
        let offset = (out.len() - before.len()) as u32;
        let mut crc = flate2::Crc::new();
        crc.update(data);
        let crc = crc.sum();
        let len = data.len() as u32;
        out.extend(0x0403_4b50u32.to_le_bytes());
        out.extend([20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0]);
        out.extend(crc.to_le_bytes());
        out.extend(len.to_le_bytes());
        out.extend(len.to_le_bytes());
        out.extend((local.len() as u16).to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out.extend(local.as_bytes());
        out.extend(*data);
        central.extend(0x0201_4b50u32.to_le_bytes());
        central.extend([20, 3, 20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0]);
        central.extend(crc.to_le_bytes());
        central.extend(len.to_le_bytes());
        central.extend(len.to_le_bytes());
        central.extend((listed.len() as u16).to_le_bytes());
        central.extend([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        central.extend(offset.to_le_bytes());
        central.extend(listed.as_bytes());
    }
    let cd_offset = (out.len() - before.len()) as u32;
    let count = entries.len() as u16;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0, 0, 0, 0]);
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend(after);
    out
}

/// Writes a crafted zip with a matching `.sha256`, so only its structure can betray it.
fn write_with_sidecar(dir: &Path, bytes: &[u8]) -> PathBuf {
    let zip = dir.join(format!("{NAME}.zip"));
    std::fs::write(&zip, bytes).unwrap();
    std::fs::write(
        dir.join(format!("{NAME}.zip.sha256")),
        format!("{}  {NAME}.zip\n", sha256(bytes)),
    )
    .unwrap();
    zip
}

// ---------------------------------------------------------------------------------------
// 1. verify catches any change, and survives hostile packages.

#[test]
fn a_tampered_copy_before_the_genuine_entry_is_caught() {
    let f = Fixture::valid();
    let (_, zip) = package(&f);
    let genuine = entries(&zip);
    let matrix = format!("{NAME}/control-matrix.csv");
    let tampered: &[u8] = b"Control ID\r\nAC-01 passed with no exceptions\r\n";
    let mut crafted: Vec<(&str, &str, &[u8])> = vec![(&matrix, &matrix, tampered)];
    crafted.extend(
        genuine
            .iter()
            .map(|(n, d)| (n.as_str(), n.as_str(), d.as_slice())),
    );
    let dir = tempfile::tempdir().unwrap();
    let z = write_with_sidecar(dir.path(), &raw_zip(&crafted, b"", b""));
    let (code, said) = verify(&z, &[]);
    assert_eq!(code, 1, "{said}");
    assert!(
        said.contains(&format!("2 entries named `{matrix}`")),
        "{said}"
    );
}

#[test]
fn headers_that_disagree_and_hidden_data_are_caught() {
    let f = Fixture::valid();
    let (_, zip) = package(&f);
    let genuine = entries(&zip);
    let all: Vec<(&str, &str, &[u8])> = genuine
        .iter()
        .map(|(n, d)| (n.as_str(), n.as_str(), d.as_slice()))
        .collect();
    let dir = tempfile::tempdir().unwrap();

    // The same entries, written by hand: this is a valid package.
    let z = write_with_sidecar(dir.path(), &raw_zip(&all, b"", b""));
    let (code, said) = verify(&z, &[]);
    assert_eq!(code, 0, "{said}");

    // A local header that names another file than the central directory says.
    let mut renamed = all.clone();
    let readme = format!("{NAME}/README.txt");
    let evil = format!("{NAME}/README.exe");
    let i = renamed.iter().position(|e| e.0 == readme).unwrap();
    renamed[i].0 = &evil;
    let z = write_with_sidecar(dir.path(), &raw_zip(&renamed, b"", b""));
    let (code, said) = verify(&z, &[]);
    assert_eq!(code, 1);
    assert!(said.contains("headers disagree"), "{said}");

    // Data before the first entry, and after the end record.
    let z = write_with_sidecar(dir.path(), &raw_zip(&all, &[b'#'; 100], b""));
    let (code, said) = verify(&z, &[]);
    assert_eq!(code, 1);
    assert!(
        said.contains("100 bytes of data come before the first entry"),
        "{said}"
    );
    let z = write_with_sidecar(dir.path(), &raw_zip(&all, b"", b"hidden payload"));
    let (code, said) = verify(&z, &[]);
    assert_eq!(code, 1);
    assert!(said.contains("after the zip's end record"), "{said}");
}

#[test]
fn without_its_checksum_a_package_is_not_called_intact() {
    let f = Fixture::valid();
    let (_, zip) = package(&f);
    let digest = sha256(&std::fs::read(&zip).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let alone = dir.path().join(format!("{NAME}.zip"));
    std::fs::copy(&zip, &alone).unwrap();
    let (code, said) = verify(&alone, &[]);
    assert_eq!(code, 1, "{said}");
    assert!(
        said.contains(&format!("no {NAME}.zip.sha256 beside the zip")),
        "{said}"
    );
    assert!(
        said.contains(&digest) && said.contains("NOT VERIFIED"),
        "{said}"
    );
    let (code, said) = verify(&alone, &["--sha256", &digest]);
    assert_eq!(code, 0, "{said}");

    // The manifest rewritten (company and period), files untouched: entries still match
    // their manifest, so only the zip's own digest can catch it.
    let mut w = zip::ZipWriter::new(std::fs::File::create(&alone).unwrap());
    for (name, data) in entries(&zip) {
        let data = if name.ends_with("manifest.json") {
            String::from_utf8(data)
                .unwrap()
                .replace("Acme Voice, Inc.", "Acme Voice Holdings")
                .replace("2026-06-30", "2026-12-31")
                .into_bytes()
        } else {
            data
        };
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(&data).unwrap();
    }
    w.finish().unwrap();
    let (code, said) = verify(&alone, &[]);
    assert_eq!(code, 1);
    assert!(said.contains("NOT VERIFIED"), "{said}");
    let (code, said) = verify(&alone, &["--sha256", &digest]);
    assert_eq!(code, 1);
    assert!(
        said.contains("does not match the SHA-256 given with --sha256"),
        "{said}"
    );
}

/// Runs verify with a deadline: a hang is a failure, not a stuck test run.
fn verify_within(zip: &Path, limit: Duration) -> (i32, String) {
    let started = Instant::now();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_trustbook"))
        .args(["verify", zip.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut out = String::new();
            child
                .stdout
                .take()
                .unwrap()
                .read_to_string(&mut out)
                .unwrap();
            return (status.code().unwrap_or(-1), out);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("verify did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[cfg(unix)]
#[test]
fn a_checksum_file_that_is_a_fifo_or_a_device_is_refused_at_once() {
    let f = Fixture::valid();
    let (_, zip) = package(&f);
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join(format!("{NAME}.zip"));
    std::fs::copy(&zip, &copy).unwrap();
    let sidecar = dir.path().join(format!("{NAME}.zip.sha256"));
    let c = std::ffi::CString::new(sidecar.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let (code, said) = verify_within(&copy, Duration::from_secs(20));
    assert_eq!(code, 1);
    assert!(
        said.contains("cannot be used: not a regular file"),
        "{said}"
    );
    std::fs::remove_file(&sidecar).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &sidecar).unwrap();
    let (code, said) = verify_within(&copy, Duration::from_secs(20));
    assert_eq!(code, 1);
    assert!(
        said.contains("cannot be used: not a regular file"),
        "{said}"
    );
    // The package itself may not be a FIFO either.
    let fifo = dir.path().join("fifo.zip");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let run = trustbook(&["verify", fifo.to_str().unwrap()], Path::new("."));
    assert_eq!(run.status.code(), Some(1));
    assert!(text(&run).contains("not a regular file"), "{}", text(&run));
}

#[cfg(unix)]
#[test]
fn a_zip_bomb_is_refused_fast_in_bounded_memory() {
    let f = Fixture::valid();
    let (_, zip) = package(&f);
    let dir = tempfile::tempdir().unwrap();
    let bomb = dir.path().join(format!("{NAME}.zip"));
    // The genuine manifest, but README.txt inflates to 256 MiB of zeros.
    let mut w = zip::ZipWriter::new(std::fs::File::create(&bomb).unwrap());
    let zeros = vec![0u8; 1 << 20];
    for (name, data) in entries(&zip) {
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1))
            .large_file(name.ends_with("README.txt"));
        w.start_file(name.as_str(), opts).unwrap();
        if name.ends_with("README.txt") {
            for _ in 0..256 {
                w.write_all(&zeros).unwrap();
            }
        } else {
            w.write_all(&data).unwrap();
        }
    }
    w.finish().unwrap();
    let size = std::fs::metadata(&bomb).unwrap().len();
    assert!(size < 4 << 20, "the bomb is small: {size}");
    // SAFETY: getrusage fills the struct it is given.
    let before = unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut u);
        u.ru_maxrss
    };
    let (code, said) = verify_within(&bomb, Duration::from_secs(30));
    // SAFETY: as above.
    let peak_kb = unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut u);
        u.ru_maxrss
    };
    assert_eq!(code, 1);
    assert!(said.contains("altered: README.txt (larger than"), "{said}");
    // Other children of this test process ran before; the peak only ever grows, so a bomb
    // read into memory (256 MiB) would show.
    assert!(
        peak_kb < 128 * 1024 || peak_kb == before,
        "verify used {peak_kb} KiB"
    );
}

#[test]
fn diff_never_sends_control_sequences_to_the_terminal() {
    let f = Fixture::valid();
    let (_, old_zip) = package(&f);
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.zip");
    std::fs::copy(&old_zip, &old).unwrap();
    f.edit(
        "content/policies/access-control.md",
        "Access is granted",
        "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}Access is granted",
    );
    f.edit(
        "controls/access.yaml",
        "title: MFA on production access",
        "title: \"MFA\\e[31m on production access\"",
    );
    let (_, new_zip) = package(&f);
    let run = trustbook(
        &["diff", old.to_str().unwrap(), new_zip.to_str().unwrap()],
        Path::new("."),
    );
    assert_eq!(run.status.code(), Some(0), "{}", text(&run));
    let out = String::from_utf8(run.stdout).unwrap();
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}') && !out.contains('\u{202e}'));
    assert!(out.contains("\\u{1b}]0;pwned\\u{7}"), "{out}");
}

// ---------------------------------------------------------------------------------------
// 2. The auditor's CSVs never run formulas.

#[test]
fn csv_cells_that_look_like_formulas_are_text() {
    let f = Fixture::valid();
    f.edit(
        "controls/access.yaml",
        "title: MFA on production access",
        "title: \"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\"",
    );
    f.edit(
        "content/subprocessors.yaml",
        "name: HostCo",
        "name: \"@SUM(1)\"",
    );
    let (_, zip) = package(&f);
    let files: BTreeMap<String, Vec<u8>> = entries(&zip).into_iter().collect();
    let cells = |name: &str| -> Vec<Vec<String>> {
        let bytes = &files[&format!("{NAME}/{name}")];
        let mut r = csv::Reader::from_reader(&bytes[3..]);
        r.records()
            .map(|x| x.unwrap().iter().map(str::to_owned).collect())
            .collect()
    };
    let matrix = cells("control-matrix.csv");
    assert_eq!(matrix[0][1], "'=HYPERLINK(\"http://x\",\"y\")");
    // Numbers stay numbers: the evidence count column.
    assert_eq!(matrix[1].last().unwrap(), "2");
    let subs = cells("subprocessors.csv");
    assert_eq!(subs[0][1], "'@SUM(1)");
    // diff reads the text back as it was written.
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.zip");
    std::fs::copy(&zip, &old).unwrap();
    f.edit(
        "content/subprocessors.yaml",
        "name: \"@SUM(1)\"",
        "name: HostCo",
    );
    let (_, new_zip) = package(&f);
    let run = trustbook(
        &["diff", old.to_str().unwrap(), new_zip.to_str().unwrap()],
        Path::new("."),
    );
    assert!(
        String::from_utf8_lossy(&run.stdout).contains("Name: \"@SUM(1)\" -> \"HostCo\""),
        "{}",
        text(&run)
    );
}

// ---------------------------------------------------------------------------------------
// 3. Large projects load; alias bombs still fail fast, naming the limit.

#[test]
fn large_evidence_indexes_and_control_files_load() {
    let f = Fixture::valid();
    let mut index = f.read("content/evidence/index.yaml");
    for i in 0..30_000 {
        index.push_str(&format!(
            "- control: AC-02\n  title: Item {i}\n  file: AC-02/2026-q1-review.csv\n  collected: 2026-04-03\n  period: 2026-Q1\n"
        ));
    }
    f.write("content/evidence/index.yaml", &index);
    let mut controls = String::new();
    for i in 0..12_000 {
        controls.push_str(&format!(
            "- id: GEN-{i:05}\n  title: Generated control {i}\n  description: Generated.\n  owner: CTO\n  frequency: annual\n  kind: detective\n  criteria: [CC7.2]\n  status: planned\n  test_procedure: Inspect.\n"
        ));
    }
    f.write("controls/generated.yaml", &controls);
    let (code, report) = f.check_json();
    assert_eq!(code, 0, "{:#}", report["diagnostics"]);
    assert_eq!(report["summary"]["controls"], 12_002);
}

#[test]
fn an_alias_bomb_fails_fast_and_says_which_limit() {
    let f = Fixture::valid();
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
    {
        bomb.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
    }
    f.write("controls/bomb.yaml", &bomb);
    let started = Instant::now();
    let (code, report) = f.check_json();
    assert_eq!(code, 1);
    assert!(started.elapsed() < Duration::from_secs(20));
    let d = only_error(&report, "yaml-syntax");
    assert_eq!(d["file"], "controls/bomb.yaml");
    let msg = d["message"].as_str().unwrap();
    assert!(
        msg.contains("expands to more values than its size allows") || msg.contains("aliases"),
        "{msg}"
    );
    assert!(d["hint"].as_str().unwrap().contains("alias"));
}

// ---------------------------------------------------------------------------------------
// 4. The same input gives the same message.

#[test]
fn did_you_mean_is_the_same_every_run() {
    let f = Fixture::valid();
    f.edit(
        "controls/access.yaml",
        "criteria: [CC6.2, CC6.3]",
        "criteria: [CC6.9, CC6.3]",
    );
    let hints: std::collections::BTreeSet<String> = (0..12)
        .map(|_| {
            let (_, report) = f.check_json();
            only_error(&report, "broken-reference")["hint"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(hints.len(), 1, "{hints:?}");
    assert!(hints.iter().next().unwrap().contains("CC6.1"), "{hints:?}");
}

// ---------------------------------------------------------------------------------------
// 5. Nothing is accepted silently.

#[cfg(unix)]
#[test]
fn inputs_that_are_not_regular_files_are_reported() {
    let mkfifo = |p: &Path| {
        let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    };
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("subs.yaml"), "- id: x\n").unwrap();
    for (what, setup) in [("a link outside", 0), ("a FIFO", 1), ("a folder", 2)] {
        let f = Fixture::valid();
        let subs = f.path().join("content/subprocessors.yaml");
        std::fs::remove_file(&subs).unwrap();
        match setup {
            0 => std::os::unix::fs::symlink(outside.path().join("subs.yaml"), &subs).unwrap(),
            1 => mkfifo(&subs),
            _ => std::fs::create_dir(&subs).unwrap(),
        }
        let (code, report) = f.check_json();
        assert_eq!(code, 1, "{what}: {report:#}");
        let diags = common::diagnostics(&report);
        assert!(
            diags
                .iter()
                .any(|d| d["file"] == "content/subprocessors.yaml"
                    && (d["code"] == "io" || d["code"] == "symlink-escape")),
            "{what}: {diags:#?}"
        );
    }
    let f = Fixture::valid();
    mkfifo(&f.path().join("content/policies/pipe.md"));
    std::fs::create_dir(f.path().join("content/pages/folder.md")).unwrap();
    std::fs::remove_file(f.path().join("content/evidence/index.yaml")).unwrap();
    mkfifo(&f.path().join("content/evidence/index.yaml"));
    let (code, report) = f.check_json();
    assert_eq!(code, 1);
    let io: Vec<String> = errors_with(&report, "io")
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["file"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        io.iter()
            .any(|m| m.starts_with("content/policies/pipe.md") && m.contains("not a regular file")),
        "{io:?}"
    );
    assert!(
        io.iter()
            .any(|m| m.starts_with("content/pages/folder.md") && m.contains("is a folder")),
        "{io:?}"
    );
    assert!(
        io.iter()
            .any(|m| m.starts_with("content/evidence/index.yaml")),
        "{io:?}"
    );
}

#[cfg(unix)]
#[test]
fn unreadable_folders_are_reported() {
    use std::os::unix::fs::PermissionsExt;
    let f = Fixture::valid();
    let locked = f.path().join("content/policies/locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("secret.md"), common::POLICY).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads any folder, so as root the check runs as an unprivileged user.
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_trustbook"));
    cmd.args(["check", "--format", "json"])
        .current_dir(f.path())
        .env("NO_COLOR", "1");
    if root {
        for p in walkdir::WalkDir::new(f.path()).into_iter().flatten() {
            if p.path() != locked {
                let mode = if p.file_type().is_dir() { 0o755 } else { 0o644 };
                std::fs::set_permissions(p.path(), std::fs::Permissions::from_mode(mode)).unwrap();
            }
        }
        let mut dir = f.path().parent();
        while let Some(d) = dir {
            let m = std::fs::metadata(d).unwrap().permissions().mode();
            if m & 0o005 != 0o005 {
                std::fs::set_permissions(d, std::fs::Permissions::from_mode(m | 0o005)).unwrap();
            }
            dir = d.parent();
        }
        use std::os::unix::process::CommandExt;
        cmd.uid(65534).gid(65534);
    }
    let run = cmd.output().unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let report: serde_json::Value =
        serde_json::from_slice(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&run)));
    let io = errors_with(&report, "io");
    assert!(
        io.iter().any(|d| d["message"]
            .as_str()
            .unwrap()
            .contains("cannot read `content/policies/locked`")),
        "{report:#}"
    );
}

#[test]
fn the_contact_must_be_an_email_address() {
    for (contact, hint) in [
        ("https://acme.example/security", "security@example.com"),
        (
            "\"mailto:security@acme.example\"",
            "write the address alone",
        ),
        ("security@localhost", "security@example.com"),
    ] {
        let f = Fixture::valid();
        f.edit(
            "trustbook.yaml",
            "contact: security@acme.example",
            &format!("contact: {contact}"),
        );
        let (code, report) = f.check_json();
        assert_eq!(code, 1, "{contact}");
        let d = only_error(&report, "invalid-value");
        assert_at(d, "trustbook.yaml", 3, 12, hint);
    }
}

#[test]
fn yaml_tags_and_merge_keys_are_refused() {
    let f = Fixture::valid();
    f.edit(
        "controls/access.yaml",
        "title: MFA on production access",
        "title: !!binary TUZB",
    );
    let (_, report) = f.check_json();
    let d = only_error(&report, "yaml-syntax");
    assert_at(d, "controls/access.yaml", 2, 19, "remove the tag");
    assert!(d["message"].as_str().unwrap().contains("`!!binary`"));

    let f = Fixture::valid();
    f.edit(
        "controls/access.yaml",
        "- id: AC-02\n",
        "- id: AC-02\n  <<: {owner: CTO}\n",
    );
    let (_, report) = f.check_json();
    let d = only_error(&report, "yaml-syntax");
    assert_at(d, "controls/access.yaml", 15, 3, "merge keys are not read");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("`<<:` merge keys are not read")
    );
}

// ---------------------------------------------------------------------------------------
// 6. Raw HTML cannot redirect readers or clobber the page's script.

#[test]
fn raw_html_cannot_redirect_or_clobber() {
    let f = Fixture::valid();
    f.edit(
        "content/pages/faq.md",
        "In the EU",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">\n<base href=\"https://evil.example/\"><form action=\"https://evil.example\"><input name=\"q\"></form>\n<span id=\"TRUSTBOOK_SEARCH\" name=\"x\">clobber</span>\n\nIn the EU",
    );
    let (code, report) = f.check_json();
    assert_eq!(code, 0, "{report:#}");
    let warnings: Vec<String> = common::diagnostics(&report)
        .iter()
        .filter(|d| d["code"] == "suspicious" && d["file"] == "content/pages/faq.md")
        .map(|d| d["message"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(warnings[0].contains("`<meta>`"));
    let out = f.build_ok();
    for site in ["docs", "trust"] {
        let html = std::fs::read_to_string(out.join(site).join("pages/faq.html")).unwrap();
        let doc = scraper::Html::parse_document(&html);
        let body = scraper::Selector::parse("main").unwrap();
        let main = doc.select(&body).next().unwrap().html();
        assert!(
            !main.contains("http-equiv") && !main.contains("<base") && !main.contains("<form"),
            "{site}: {main}"
        );
        assert!(main.contains("clobber"), "{site}");
        assert_eq!(
            main.contains("id=\"TRUSTBOOK_SEARCH\""),
            site == "docs",
            "{site}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Found by the fuzz harness: inputs of any size build, without quadratic blow-ups.

#[test]
fn pathological_sizes_build_and_stay_small() {
    let f = Fixture::valid();
    let long_url = format!("https://acme.example/{}", "x".repeat(100_000));
    f.edit(
        "content/pages/faq.md",
        "In the EU",
        &format!(
            "See <{long_url}> and {}.\n\n| {} | b |\n|---|---|\n| 1 | 2 |\n\nIn the EU",
            "y".repeat(100_000),
            "word ".repeat(20_000)
        ),
    );
    f.edit(
        "trustbook.yaml",
        "name: Acme Voice, Inc.",
        &format!("name: Acme {} Voice, Inc.", "Very".repeat(80)),
    );
    let run = common::trustbook_env(&["build"], f.path(), &[("SOURCE_DATE_EPOCH", EPOCH)]);
    assert!(run.status.success(), "{}", text(&run));
    let out = f.path().join("out");
    // The default slug is cut to a word boundary within 40 characters.
    assert!(out.join("audit/acme-audit-1.0.zip").is_file());
    // The long URL wraps over many lines but is written into the PDF once.
    let pdf = out.join("trust/downloads/acme-trust-1.0.pdf");
    let size = std::fs::metadata(&pdf).unwrap().len();
    assert!(size < 1_500_000, "trust PDF is {size} bytes");

    let f = Fixture::valid();
    f.edit(
        "trustbook.yaml",
        "version: \"1.0\"",
        &format!("version: \"{}\"", "1".repeat(65)),
    );
    let (_, report) = f.check_json();
    let d = only_error(&report, "invalid-value");
    assert!(d["hint"].as_str().unwrap().contains("at most 64"), "{d:#}");
}
