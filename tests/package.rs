//! The audit package: contents checked against the model, reproducibility, `verify` catching
//! every kind of tampering, `diff` between versions, real zip clients, and atomic builds.

mod common;

use common::pdfs::tool;
use common::{build_example, copy_example, trustbook, trustbook_env};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

const EPOCH: &str = "1767225600";
const NAME: &str = "halloo-audit-2026.1";

fn zip_path(out: &Path) -> PathBuf {
    out.join(format!("audit/{NAME}.zip"))
}

/// Every entry of a zip: name -> bytes.
fn entries(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        out.insert(name, data);
    }
    out
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn csv_rows(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "CSV lacks the UTF-8 byte-order mark"
    );
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

#[test]
fn package_contents_match_the_model_and_manifest() {
    let (_d, out) = build_example(&[("SOURCE_DATE_EPOCH", EPOCH)]);
    let zip = zip_path(&out);
    let files = entries(&zip);
    assert!(
        files.keys().all(|k| k.starts_with(&format!("{NAME}/"))),
        "one top folder"
    );
    let get = |p: &str| {
        files
            .get(&format!("{NAME}/{p}"))
            .unwrap_or_else(|| panic!("no {p}"))
    };

    // The manifest lists every other file with its true size and digest.
    let manifest: serde_json::Value = serde_json::from_slice(get("manifest.json")).unwrap();
    assert_eq!(manifest["package"], NAME);
    assert_eq!(manifest["version"], "2026.1");
    assert_eq!(manifest["company"], "Halloo Labs, Inc.");
    assert_eq!(manifest["period"]["start"], "2026-01-01");
    assert_eq!(manifest["generated"], "2026-01-01T00:00:00Z");
    let listed = manifest["files"].as_array().unwrap();
    assert_eq!(
        listed.len(),
        files.len() - 1,
        "every file but the manifest is listed"
    );
    for f in listed {
        let data = get(f["path"].as_str().unwrap());
        assert_eq!(f["size"].as_u64().unwrap(), data.len() as u64);
        assert_eq!(f["sha256"].as_str().unwrap(), sha256(data), "{}", f["path"]);
    }

    // Tables against the model (counts from `check --format json`).
    let check = trustbook(&["check", "--format", "json"], &common::repo_root());
    let summary: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let (header, rows) = csv_rows(get("control-matrix.csv"));
    assert_eq!(
        header,
        [
            "Control ID",
            "Title",
            "Description",
            "Owner",
            "Frequency",
            "Kind",
            "Automated",
            "Criteria",
            "Policies",
            "Subprocessors",
            "Status",
            "Public",
            "Test procedure",
            "Evidence count"
        ]
    );
    assert_eq!(
        rows.len() as u64,
        summary["summary"]["controls"].as_u64().unwrap()
    );
    let ac01 = rows.iter().find(|r| r[0] == "AC-01").unwrap();
    assert!(
        ac01[7].contains("CC6.1") && ac01[7].contains("iso27001:"),
        "criteria of all frameworks: {}",
        ac01[7]
    );
    let (header, rows) = csv_rows(get("criteria-coverage.csv"));
    assert_eq!(
        header,
        [
            "Criterion",
            "Category",
            "Family",
            "Title",
            "Controls",
            "Covered",
            "Coverage",
            "Documents"
        ]
    );
    assert_eq!(
        rows.len() as u64,
        summary["summary"]["criteria_in_scope"].as_u64().unwrap()
    );
    let (_, rows) = csv_rows(get("subprocessors.csv"));
    assert_eq!(
        rows.len() as u64,
        summary["summary"]["subprocessors"].as_u64().unwrap()
    );

    // Evidence: every file under its control, indexed.
    let (header, rows) = csv_rows(get("evidence/evidence-index.csv"));
    assert_eq!(header[0], "Control ID");
    assert_eq!(
        rows.len() as u64,
        summary["summary"]["evidence"].as_u64().unwrap()
    );
    for r in &rows {
        assert!(
            r[2].starts_with(&format!("evidence/{}/", r[0])),
            "{} not under its control",
            r[2]
        );
        get(&r[2]);
    }
    let index =
        std::fs::read_to_string(common::repo_root().join("content/evidence/index.yaml")).unwrap();
    let first = index
        .lines()
        .find_map(|l| l.trim().strip_prefix("file: "))
        .unwrap();
    let original = std::fs::read(common::repo_root().join("content/evidence").join(first)).unwrap();
    assert!(
        files.values().any(|v| *v == original),
        "evidence bytes are copied as they are"
    );

    // Policies as written.
    for entry in std::fs::read_dir(common::repo_root().join("content/policies")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let id = text.lines().find_map(|l| l.strip_prefix("id: ")).unwrap();
        assert_eq!(get(&format!("policies/{id}.md")), text.as_bytes());
    }
    let readme = String::from_utf8(get("README.txt").clone()).unwrap();
    assert!(readme.contains("trustbook verify") && readme.contains("2026-01-01 to 2026-06-30"));
    get(&format!("{NAME}.pdf"));

    // The checksum file beside the zip.
    let side = std::fs::read_to_string(out.join(format!("audit/{NAME}.zip.sha256"))).unwrap();
    assert_eq!(
        side,
        format!("{}  {NAME}.zip\n", sha256(&std::fs::read(&zip).unwrap()))
    );

    // Fixed times and permissions on every entry.
    let mut z = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    for i in 0..z.len() {
        let f = z.by_index(i).unwrap();
        let t = f.last_modified().unwrap();
        assert_eq!(
            (t.year(), t.month(), t.day(), t.hour(), t.minute()),
            (2026, 1, 1, 0, 0)
        );
        assert_eq!(f.unix_mode().map(|m| m & 0o777), Some(0o644));
    }
}

#[test]
fn package_is_byte_identical_across_builds_and_directories() {
    let (_a, a) = build_example(&[("SOURCE_DATE_EPOCH", EPOCH)]);
    let (_b, b) = build_example(&[("SOURCE_DATE_EPOCH", EPOCH)]);
    let zip_a = std::fs::read(zip_path(&a)).unwrap();
    assert_eq!(zip_a, std::fs::read(zip_path(&b)).unwrap());
    let copy = copy_example();
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("x");
    let run = trustbook_env(
        &[
            "build",
            copy.path().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        elsewhere.path(),
        &[("SOURCE_DATE_EPOCH", EPOCH)],
    );
    assert!(run.status.success());
    assert_eq!(zip_a, std::fs::read(zip_path(&out)).unwrap());
}

/// Writes a zip from entries (to tamper with a package as an attacker would).
fn write_zip(path: &Path, files: &BTreeMap<String, Vec<u8>>) {
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, data) in files {
        w.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap();
}

fn verify(path: &Path) -> (i32, String) {
    let out = trustbook(&["verify", path.to_str().unwrap()], Path::new("."));
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn verify_reports_each_kind_of_tampering_by_name() {
    let (_d, out) = build_example(&[("SOURCE_DATE_EPOCH", EPOCH)]);
    let zip = zip_path(&out);
    let (code, text) = verify(&zip);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("intact") && text.contains("checksum file matches"),
        "{text}"
    );

    let work = tempfile::tempdir().unwrap();
    let files = entries(&zip);
    let csv = format!("{NAME}/control-matrix.csv");
    let ev = files
        .keys()
        .find(|k| k.contains("/evidence/AC-04/"))
        .unwrap()
        .clone();

    // Truncated entry.
    let mut t = files.clone();
    let data = t.get_mut(&csv).unwrap();
    data.truncate(data.len() / 2);
    let p = work.path().join("truncated.zip");
    write_zip(&p, &t);
    let (code, text) = verify(&p);
    assert_eq!(code, 1);
    assert!(text.contains("altered: control-matrix.csv (size"), "{text}");

    // Extra entry.
    let mut t = files.clone();
    t.insert(format!("{NAME}/evidence/AC-04/planted.csv"), b"x".to_vec());
    let p = work.path().join("extra.zip");
    write_zip(&p, &t);
    let (code, text) = verify(&p);
    assert_eq!(code, 1);
    assert!(
        text.contains("extra:   evidence/AC-04/planted.csv"),
        "{text}"
    );

    // Missing entry.
    let mut t = files.clone();
    t.remove(&ev);
    let p = work.path().join("missing.zip");
    write_zip(&p, &t);
    let (code, text) = verify(&p);
    assert_eq!(code, 1);
    let rel = ev.strip_prefix(&format!("{NAME}/")).unwrap();
    assert!(text.contains(&format!("missing: {rel}")), "{text}");

    // Edited manifest: a digest changed to hide an edit.
    let mut t = files.clone();
    let manifest_name = format!("{NAME}/manifest.json");
    let m = String::from_utf8(t[&manifest_name].clone()).unwrap();
    let digest = sha256(&t[&csv]);
    t.insert(
        manifest_name,
        m.replace(&digest, &"0".repeat(64)).into_bytes(),
    );
    let p = work.path().join("manifest.zip");
    write_zip(&p, &t);
    let (code, text) = verify(&p);
    assert_eq!(code, 1);
    assert!(
        text.contains("altered: control-matrix.csv (SHA-256 differs"),
        "{text}"
    );

    // A same-size change is caught by the digest, not just the size.
    let mut t = files.clone();
    let data = t.get_mut(&csv).unwrap();
    let last = data.len() - 3;
    data[last] ^= 0x01;
    let p = work.path().join("samesize.zip");
    write_zip(&p, &t);
    let (code, text) = verify(&p);
    assert_eq!(code, 1);
    assert!(
        text.contains("altered: control-matrix.csv (SHA-256"),
        "{text}"
    );

    // A wrong checksum file beside the zip.
    let copy = work.path().join(format!("{NAME}.zip"));
    std::fs::copy(&zip, &copy).unwrap();
    std::fs::write(
        work.path().join(format!("{NAME}.zip.sha256")),
        format!("{}  {NAME}.zip\n", "a".repeat(64)),
    )
    .unwrap();
    let (code, text) = verify(&copy);
    assert_eq!(code, 1);
    assert!(text.contains("does not match its checksum file"), "{text}");
}

#[test]
fn a_single_flipped_byte_in_any_entry_is_caught() {
    let (_d, out) = build_example(&[("SOURCE_DATE_EPOCH", EPOCH)]);
    let zip = zip_path(&out);
    let bytes = std::fs::read(&zip).unwrap();
    // The data range of every entry.
    let mut ranges = Vec::new();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    for i in 0..z.len() {
        let f = z.by_index(i).unwrap();
        let start = f.data_start().unwrap();
        ranges.push((f.name().unwrap().into_owned(), start, f.compressed_size()));
    }
    let work = tempfile::tempdir().unwrap();
    let p = work.path().join("flipped.zip");
    for (name, start, len) in &ranges {
        // Flip one byte in the middle of the entry's stored data.
        let mut b = bytes.clone();
        b[(*start + len / 2) as usize] ^= 0x20;
        std::fs::write(&p, &b).unwrap();
        let report = trustbook::package::verify::verify(&p, None).unwrap();
        assert!(
            !report.is_intact(),
            "flipping a byte of {name} went unnoticed"
        );
        let rel = name.strip_prefix(&format!("{NAME}/")).unwrap();
        let named = report.altered.iter().any(|(a, _)| a == rel)
            || report
                .problems
                .iter()
                .any(|x| x.contains("manifest") && rel == "manifest.json");
        assert!(named, "{name} not named: {report:?}");
    }
    // The binary says the same, by name, with exit 1.
    let (name, start, len) = &ranges[ranges.len() / 2];
    let mut b = bytes.clone();
    b[(*start + len / 2) as usize] ^= 0x20;
    std::fs::write(&p, &b).unwrap();
    let (code, text) = verify(&p);
    assert_eq!(code, 1);
    assert!(
        text.contains(name.strip_prefix(&format!("{NAME}/")).unwrap()),
        "{text}"
    );
}

#[test]
fn real_zip_clients_read_the_package() {
    let (_d, out) = build_example(&[("SOURCE_DATE_EPOCH", EPOCH)]);
    let zip = zip_path(&out);
    let count = entries(&zip).len();
    if let Some(unzip) = tool("unzip") {
        let t = std::process::Command::new(unzip)
            .arg("-t")
            .arg(&zip)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&t.stdout);
        assert!(
            t.status.success() && text.contains("No errors detected"),
            "{text}"
        );
    }
    if let Some(python) = tool("python3") {
        let script = "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(len(z.namelist()))";
        let t = std::process::Command::new(python)
            .args(["-c", script])
            .arg(&zip)
            .output()
            .unwrap();
        assert!(t.status.success(), "{}", String::from_utf8_lossy(&t.stderr));
        assert_eq!(String::from_utf8_lossy(&t.stdout).trim(), count.to_string());
    }
}

#[test]
fn diff_shows_what_changed_between_versions() {
    let (_a, old_out) = build_example(&[("SOURCE_DATE_EPOCH", EPOCH)]);
    let copy = copy_example();
    let root = copy.path();
    let edit = |rel: &str, from: &str, to: &str| {
        let p = root.join(rel);
        let t = std::fs::read_to_string(&p).unwrap();
        assert!(t.contains(from), "{rel} lacks {from:?}");
        std::fs::write(&p, t.replacen(from, to, 1)).unwrap();
    };
    edit(
        "content/policies/access-control.md",
        "version: \"2.1\"",
        "version: \"2.2\"",
    );
    edit(
        "content/policies/access-control.md",
        "## Purpose\n",
        "## Purpose\n\nAdded in 2026.2: hardware keys for everyone.\n",
    );
    edit(
        "controls/access.yaml",
        "  owner: Security Lead\n",
        "  owner: Head of Security\n",
    );
    let subs = std::fs::read_to_string(root.join("content/subprocessors.yaml")).unwrap();
    std::fs::write(
        root.join("content/subprocessors.yaml"),
        subs + "\n- id: quillmail\n  name: Quillmail\n  purpose: Newsletter delivery\n  category: email\n  location: Ireland\n  added: 2026-07-01\n",
    )
    .unwrap();
    // Drop the first evidence item (its index entry; the file stays on disk).
    let idx = std::fs::read_to_string(root.join("content/evidence/index.yaml")).unwrap();
    let starts: Vec<usize> = idx
        .match_indices("\n- control:")
        .map(|(i, _)| i)
        .take(2)
        .collect();
    let first = &idx[starts[0]..starts[1]];
    let first_file = first
        .lines()
        .find_map(|l| l.trim().strip_prefix("file: "))
        .unwrap()
        .to_owned();
    std::fs::write(
        root.join("content/evidence/index.yaml"),
        format!("{}{}", &idx[..starts[0]], &idx[starts[1]..]),
    )
    .unwrap();

    let new_dir = tempfile::tempdir().unwrap();
    let new_out = new_dir.path().join("out");
    let run = trustbook_env(
        &[
            "build",
            root.to_str().unwrap(),
            "--out",
            new_out.to_str().unwrap(),
            "--package-version",
            "2026.2",
        ],
        Path::new("."),
        &[("SOURCE_DATE_EPOCH", EPOCH)],
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let old_zip = zip_path(&old_out);
    let new_zip = new_out.join("audit/halloo-audit-2026.2.zip");

    let human = trustbook(
        &["diff", old_zip.to_str().unwrap(), new_zip.to_str().unwrap()],
        Path::new("."),
    );
    assert_eq!(human.status.code(), Some(0));
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("halloo-audit-2026.1") && text.contains("halloo-audit-2026.2"),
        "{text}"
    );
    assert!(text.contains("~ changed access-control"), "{text}");
    assert!(
        text.contains("+Added in 2026.2: hardware keys for everyone."),
        "{text}"
    );
    assert!(text.contains("-version: \"2.1\""), "{text}");
    assert!(
        text.contains("Owner: \"Security Lead\" -> \"Head of Security\""),
        "{text}"
    );
    assert!(text.contains("+ added quillmail"), "{text}");
    assert!(text.contains("- removed evidence/"), "{text}");

    let json = trustbook(
        &[
            "diff",
            "--format",
            "json",
            old_zip.to_str().unwrap(),
            new_zip.to_str().unwrap(),
        ],
        Path::new("."),
    );
    let d: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(d["policies"]["changed"][0]["id"], "access-control");
    assert_eq!(
        d["subprocessors"]["added"],
        serde_json::json!(["quillmail"])
    );
    // AC-01 lost its first evidence item and changed owner; field by field.
    let changed = d["controls"]["changed"].as_array().unwrap();
    assert_eq!(changed[0]["id"], "AC-01");
    assert_eq!(
        changed[0]["fields"],
        serde_json::json!([
            {"field": "Evidence count", "old": "8", "new": "7"},
            {"field": "Owner", "old": "Security Lead", "new": "Head of Security"}
        ])
    );
    let removed = d["evidence"]["removed"].as_array().unwrap();
    assert_eq!(removed.len(), 1);
    assert!(
        removed[0]
            .as_str()
            .unwrap()
            .ends_with(first_file.rsplit('/').next().unwrap()),
        "{removed:?}"
    );

    // Identical packages: nothing to report.
    let same = trustbook(
        &["diff", old_zip.to_str().unwrap(), old_zip.to_str().unwrap()],
        Path::new("."),
    );
    assert!(String::from_utf8_lossy(&same.stdout).contains("No changes"));
}

/// The output tree as path -> bytes.
fn snapshot(out: &Path) -> BTreeMap<String, Vec<u8>> {
    common::sites::files(out)
}

#[test]
fn failed_builds_leave_the_previous_output_exactly_as_it_was() {
    let copy = copy_example();
    let root = copy.path();
    let out = root.join("out");
    let build = |extra: &[&str]| {
        let mut args = vec!["build", root.to_str().unwrap()];
        args.extend_from_slice(extra);
        trustbook_env(&args, root, &[("SOURCE_DATE_EPOCH", EPOCH)])
    };
    assert!(build(&[]).status.success());
    let before = snapshot(&out);
    assert!(before.len() > 500);

    // 1. Bad input.
    let policy = root.join("content/policies/access-control.md");
    let original = std::fs::read_to_string(&policy).unwrap();
    std::fs::write(&policy, original.replace("owner:", "ownr:")).unwrap();
    let run = build(&["--package-version", "9.9"]);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(snapshot(&out), before, "bad input changed the output");
    std::fs::write(&policy, &original).unwrap();

    // 2. A full disk: the file-size limit makes writing the PDF fail midway.
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_trustbook"));
    cmd.args(["build", root.to_str().unwrap(), "--package-version", "9.9"])
        .env("SOURCE_DATE_EPOCH", EPOCH);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        use std::os::unix::process::CommandExt;
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 200_000,
                rlim_max: 200_000,
            };
            let mut ignore: libc::sigaction = std::mem::zeroed();
            ignore.sa_sigaction = libc::SIG_IGN;
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0
                || libc::sigaction(libc::SIGXFSZ, &ignore, std::ptr::null_mut()) != 0
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let run = cmd.output().unwrap();
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(String::from_utf8_lossy(&run.stderr).contains("left as it was"));
    assert_eq!(snapshot(&out), before, "a failed write changed the output");
    let leftovers: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".out.staging"))
        .collect();
    assert!(leftovers.is_empty(), "staging folder left behind");

    // 3. A read-only parent folder (meaningful only without root, which ignores modes).
    if unsafe { libc::geteuid() } != 0 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o555)).unwrap();
        let run = build(&["--package-version", "9.9"]);
        std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(run.status.code(), Some(1));
        assert_eq!(
            snapshot(&out),
            before,
            "a read-only folder changed the output"
        );
    }

    // 4. Killed at random moments: the output is the old one or the new one, never a mix.
    let after = {
        let dir = tempfile::tempdir().unwrap();
        let o = dir.path().join("o");
        assert!(
            trustbook_env(
                &[
                    "build",
                    root.to_str().unwrap(),
                    "--out",
                    o.to_str().unwrap(),
                    "--package-version",
                    "9.9"
                ],
                root,
                &[("SOURCE_DATE_EPOCH", EPOCH)]
            )
            .status
            .success()
        );
        snapshot(&o)
    };
    for delay_ms in [5u64, 40, 120, 250, 400, 700] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_trustbook"))
            .args(["build", root.to_str().unwrap(), "--package-version", "9.9"])
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let now = snapshot(&out);
        assert!(
            now == before || now == after,
            "killed after {delay_ms} ms: output is neither the old nor the new build"
        );
        if now == after {
            // Start the next round from the old output again.
            assert!(build(&[]).status.success());
            assert_eq!(snapshot(&out), before);
        }
    }
    // The killed builds' staging folders are swept by the next build, whose lock is free.
    assert!(build(&[]).status.success());
    let leftovers: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".out.staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
