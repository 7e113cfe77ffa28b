//! The promises of Safety I, each tried as a careless and as a hostile user would: nothing of
//! the user's is lost, two builds never mix, nothing above an output's audience is copied into
//! it, a project `check` accepts also builds, and no input makes trustbook panic.

mod common;

use common::sites::files;
use common::{Fixture, assert_at, only_error, trustbook, trustbook_env};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

const EPOCH: &str = "1780000000";

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Every file under `dir` (inputs included), to prove a failed command touched nothing.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files(dir)
}

fn build_into(f: &Fixture, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    trustbook_env(&args, f.path(), &[("SOURCE_DATE_EPOCH", EPOCH)])
}

// ---------------------------------------------------------------------------------------
// 1. Nothing of the user's is lost.

#[test]
fn the_project_and_its_input_folders_are_never_an_output() {
    let f = Fixture::valid();
    let before = tree(f.path());
    for (out, reason) in [
        ("content", "inside the project's `content/` folder"),
        ("content/evidence", "inside the project's `content/` folder"),
        ("controls", "inside the project's `controls/` folder"),
        (".", "it is the project folder"),
        ("..", "it contains the project folder"),
    ] {
        let run = f.run(&["build", "--out", out]);
        assert_eq!(run.status.code(), Some(2), "--out {out}: {}", text(&run));
        let said = text(&run);
        assert!(said.contains(reason), "--out {out}: {said}");
        assert!(!said.contains("panicked"), "{said}");
        // --force never overrides this.
        let forced = f.run(&["build", "--out", out, "--force"]);
        assert_eq!(forced.status.code(), Some(2), "--out {out} --force");
    }
    assert_eq!(tree(f.path()), before, "no file of the project changed");
}

#[test]
fn a_folder_trustbook_did_not_write_is_refused_unless_forced() {
    let f = Fixture::valid();
    let mine = tempfile::tempdir().unwrap();
    std::fs::write(mine.path().join("thesis.txt"), "years of work").unwrap();
    std::fs::create_dir(mine.path().join("photos")).unwrap();
    let before = tree(mine.path());
    let run = build_into(&f, mine.path(), &[]);
    assert_eq!(run.status.code(), Some(2), "{}", text(&run));
    let said = text(&run);
    assert!(
        said.contains("not empty and was not written by trustbook")
            && said.contains("`photos/`, `thesis.txt`")
            && said.contains("--force"),
        "{said}"
    );
    assert_eq!(tree(mine.path()), before, "the folder is untouched");

    let forced = build_into(&f, mine.path(), &["--force"]);
    assert!(forced.status.success(), "{}", text(&forced));
    assert!(!mine.path().join("thesis.txt").exists());
    assert!(mine.path().join("trust/index.html").is_file());
    // Now it carries the marker, so the next build needs no --force.
    assert!(mine.path().join(".trustbook-output").is_file());
    assert!(build_into(&f, mine.path(), &[]).status.success());
}

#[test]
fn a_file_named_as_the_output_is_never_moved() {
    let f = Fixture::valid();
    f.write("notes.txt", "my notes\n");
    let before = tree(f.path());
    let run = f.run(&["build", "--out", "notes.txt"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        text(&run).contains("it is a file, not a folder"),
        "{}",
        text(&run)
    );
    assert_eq!(tree(f.path()), before, "no file moved, renamed or added");
    let hidden: Vec<_> = std::fs::read_dir(f.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "no hidden copies: {hidden:?}");
}

#[test]
fn look_alike_folders_beside_the_output_survive_every_build() {
    let f = Fixture::valid();
    for name in [".out.tmp-1234", ".out.staging-mine", ".out.old"] {
        f.write(&format!("{name}/keep.txt"), "mine");
    }
    f.build_ok();
    f.build_ok();
    for name in [".out.tmp-1234", ".out.staging-mine", ".out.old"] {
        assert_eq!(f.read(&format!("{name}/keep.txt")), "mine", "{name}");
    }
    // Beside the output, trustbook leaves exactly its lock.
    let mut ours: Vec<String> = std::fs::read_dir(f.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".out"))
        .collect();
    ours.sort();
    assert_eq!(
        ours,
        [
            ".out.lock",
            ".out.old",
            ".out.staging-mine",
            ".out.tmp-1234"
        ]
    );
}

#[test]
fn an_output_of_an_earlier_trustbook_is_replaced_without_force() {
    let f = Fixture::valid();
    let out = f.build_ok();
    // What trustbook wrote before output folders carried a marker.
    std::fs::remove_file(out.join(".trustbook-output")).unwrap();
    let run = f.run(&["build"]);
    assert!(run.status.success(), "{}", text(&run));
    assert!(out.join(".trustbook-output").is_file());
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_is_replaced_where_it_points() {
    let f = Fixture::valid();
    let target = tempfile::tempdir().unwrap();
    let real = target.path().join("site");
    std::fs::create_dir(&real).unwrap();
    std::os::unix::fs::symlink(&real, f.path().join("out")).unwrap();
    f.build_ok();
    f.build_ok();
    assert!(f.path().join("out").is_symlink(), "the link stays a link");
    assert!(real.join("trust/index.html").is_file());
}

// ---------------------------------------------------------------------------------------
// 2. Two builds never mix.

#[test]
fn twenty_builds_at_once_leave_exactly_one_of_them() {
    let f = Fixture::valid();
    let out = f.path().join("out");
    let exe = env!("CARGO_BIN_EXE_trustbook");
    let children: Vec<_> = (0..20)
        .map(|i| {
            std::process::Command::new(exe)
                .args(["build", "--package-version", &format!("1.{i}")])
                .current_dir(f.path())
                .env("SOURCE_DATE_EPOCH", EPOCH)
                .env("NO_COLOR", "1")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let done = child.wait_with_output().unwrap();
        assert!(done.status.success(), "{}", text(&done));
    }
    let result = tree(&out);
    let zips: Vec<&String> = result
        .keys()
        .filter(|k| k.starts_with("audit/") && k.ends_with(".zip"))
        .collect();
    assert_eq!(zips.len(), 1, "one package, of one build: {zips:?}");
    let version = zips[0]
        .trim_start_matches("audit/acme-voice-audit-")
        .trim_end_matches(".zip")
        .to_owned();
    // The same build, alone, gives the same bytes.
    let alone = tempfile::tempdir().unwrap();
    let reference = build_into(
        &f,
        &alone.path().join("out"),
        &["--package-version", &version],
    );
    assert!(reference.status.success());
    let expected = tree(&alone.path().join("out"));
    assert_eq!(
        result.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    assert!(result == expected, "the output is byte for byte one build");
    let leftovers: Vec<String> = std::fs::read_dir(f.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

// ---------------------------------------------------------------------------------------
// 3. Nothing above an output's audience is copied into it.

const SECRET_POLICY: &str = "---\nid: break-glass\ntitle: Break-glass Access\nowner: CTO\napproved_by: CEO\nversion: \"1.0\"\neffective: 2026-01-01\nlast_reviewed: 2026-01-01\nreview_every: 12 months\nclassification: confidential\n---\n\n## Procedure\n\nCANARY-BREAK-GLASS-BODY\n";

const HR_POLICY: &str = "---\nid: hr\ntitle: HR Security\nowner: CTO\napproved_by: CEO\nversion: \"1.0\"\neffective: 2026-01-01\nlast_reviewed: 2026-01-01\nreview_every: 12 months\nclassification: internal\n---\n\n## Onboarding\n\nCANARY-HR-BODY. See [access control](access-control.md#reviews).\n";

#[test]
fn links_to_document_sources_are_cross_references_never_copies() {
    let f = Fixture::valid();
    f.write("content/policies/break-glass.md", SECRET_POLICY);
    f.write("content/policies/hr.md", HR_POLICY);
    // A public page and a public policy link to sources, the mkdocs way and in raw HTML.
    f.edit(
        "content/pages/faq.md",
        "In the EU",
        "See [break-glass](../policies/break-glass.md#procedure), <a href=\"../policies/hr.md\">HR</a> and [access](../policies/access-control.md). In the EU",
    );
    f.edit(
        "content/policies/access-control.md",
        "Access is granted",
        "New staff follow [HR](hr.md). Access is granted",
    );
    let (code, report) = f.check_json();
    assert_eq!(code, 0, "{report:#}");
    let out = f.build_ok();
    let trust = tree(&out.join("trust"));
    assert!(
        !trust.keys().any(|k| k.starts_with("files/")),
        "nothing copied: {:?}",
        trust
            .keys()
            .filter(|k| k.starts_with("files/"))
            .collect::<Vec<_>>()
    );
    common::sites::assert_absent(
        &out.join("trust"),
        &[
            "CANARY-BREAK-GLASS-BODY",
            "CANARY-HR-BODY",
            "break-glass.md",
            "hr.md",
            "approved_by",
        ],
    );
    let faq = String::from_utf8(trust["pages/faq.html"].clone()).unwrap();
    assert!(faq.contains("See break-glass, <a rel=\"noopener noreferrer\">HR</a> and <a href=\"../policies/access-control.html\" rel=\"noopener noreferrer\">access</a>"), "{faq}");
    let policy = String::from_utf8(trust["policies/access-control.html"].clone()).unwrap();
    assert!(
        policy.contains("New staff follow HR."),
        "internal target shows as text"
    );
    // The docs site shows the internal policy, so the same links lead to its page.
    let docs = tree(&out.join("docs"));
    let faq = String::from_utf8(docs["pages/faq.html"].clone()).unwrap();
    assert!(
        faq.contains("<a href=\"../policies/hr.html\">HR</a>"),
        "{faq}"
    );
    let hr = String::from_utf8(docs["policies/hr.html"].clone()).unwrap();
    assert!(
        hr.contains("href=\"../policies/access-control.html#reviews\""),
        "{hr}"
    );
    assert!(!docs.keys().any(|k| k.starts_with("files/")));
    // The cross-reference counts as a backlink.
    let ac = String::from_utf8(docs["policies/access-control.html"].clone()).unwrap();
    assert!(
        ac.contains("HR Security"),
        "backlink from the linking policy"
    );
}

#[test]
fn links_to_other_project_files_are_check_errors() {
    let f = Fixture::valid();
    f.edit(
        "content/pages/faq.md",
        "In the EU",
        "[list](../subprocessors.yaml) [index](../evidence/index.yaml) [ctl](../../controls/access.yaml) [cfg](../../trustbook.yaml) <a href=\"../../controls/access.yaml\">raw</a> In the EU",
    );
    let (code, report) = f.check_json();
    assert_eq!(code, 1);
    let errors = common::errors_with(&report, "not-publishable");
    assert_eq!(errors.len(), 5, "{report:#}");
    assert_at(
        &errors[0],
        "content/pages/faq.md",
        9,
        8,
        "subprocessor:hostco",
    );
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("content/subprocessors.yaml")
    );
    assert_at(&errors[1], "content/pages/faq.md", 9, 39, "cross-reference");
    assert_at(&errors[2], "content/pages/faq.md", 9, 69, "cross-reference");
    assert_at(
        &errors[3],
        "content/pages/faq.md",
        9,
        103,
        "cross-reference",
    );
    assert!(
        errors[3]["message"]
            .as_str()
            .unwrap()
            .contains("`trustbook.yaml`")
    );
    assert_at(
        &errors[4],
        "content/pages/faq.md",
        9,
        134,
        "cross-reference",
    );
    // And build refuses the same project, writing nothing.
    let run = f.run(&["build"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(!f.path().join("out").exists());
}

#[cfg(unix)]
#[test]
fn assets_are_published_by_their_real_path_and_only_where_shown() {
    let f = Fixture::valid();
    f.write(
        "content/assets/img/arch diagram.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    f.write("content/assets/internal-only.txt", "CANARY-INTERNAL-ASSET");
    f.write(
        "content/policies/hr.md",
        &HR_POLICY.replace(
            "CANARY-HR-BODY.",
            "CANARY-HR-BODY. [roster](../assets/internal-only.txt)",
        ),
    );
    f.edit(
        "content/pages/faq.md",
        "In the EU",
        "![Architecture](../assets/img/arch%20diagram.svg) In the EU",
    );
    let (code, report) = f.check_json();
    assert_eq!(code, 0, "{report:#}");
    let out = f.build_ok();
    assert!(out.join("trust/files/img/arch diagram.svg").is_file());
    assert!(!out.join("trust/files/internal-only.txt").exists());
    assert!(out.join("docs/files/internal-only.txt").is_file());
    let faq = std::fs::read_to_string(out.join("trust/pages/faq.html")).unwrap();
    assert!(
        faq.contains("src=\"../files/img/arch%20diagram.svg\""),
        "{faq}"
    );
    common::sites::assert_absent(&out.join("trust"), &["CANARY-INTERNAL-ASSET"]);

    // What goes public, before merging.
    let list = f.run(&["build", "--list-published"]);
    assert!(list.status.success());
    let listed = String::from_utf8_lossy(&list.stdout);
    let trust_part = listed.split("\ndocs ").next().unwrap();
    assert!(
        trust_part.contains("content/assets/img/arch diagram.svg -> files/img/arch diagram.svg  (linked from page:faq)"),
        "{listed}"
    );
    assert!(!trust_part.contains("internal-only"), "{listed}");
    assert!(listed.contains(
        "content/assets/internal-only.txt -> files/internal-only.txt  (linked from policy:hr)"
    ));
    assert!(listed.contains(
        "content/evidence/AC-02/2026-q1-review.csv -> evidence/files/AC-02/2026-q1-review.csv"
    ));

    // Symbolic links in assets that lead elsewhere in the project are refused.
    std::os::unix::fs::symlink("../evidence", f.path().join("content/assets/ev")).unwrap();
    std::os::unix::fs::symlink(
        "../../controls/access.yaml",
        f.path().join("content/assets/tests.yaml"),
    )
    .unwrap();
    f.edit(
        "content/pages/faq.md",
        "In the EU",
        "[a](../assets/ev/AC-02/2026-q1-review.csv) [b](../assets/tests.yaml) In the EU",
    );
    let (code, report) = f.check_json();
    assert_eq!(code, 1);
    let errors = common::errors_with(&report, "not-publishable");
    assert_eq!(errors.len(), 2, "{report:#}");
    assert_at(
        &errors[0],
        "content/pages/faq.md",
        9,
        55,
        "copy the file into content/assets/",
    );
    assert!(
        errors[1]["message"]
            .as_str()
            .unwrap()
            .contains("outside content/assets/")
    );
}

#[test]
fn evidence_is_published_only_through_its_index_entry() {
    let f = Fixture::valid();
    f.write("content/evidence/AC-02/unindexed.csv", "CANARY-UNINDEXED");
    f.edit(
        "content/pages/faq.md",
        "In the EU",
        "[review](../evidence/AC-02/2026-q1-review.csv) In the EU",
    );
    let out = f.build_ok();
    // Internal evidence: a link on the docs site, text on the trust center.
    let docs = std::fs::read_to_string(out.join("docs/pages/faq.html")).unwrap();
    assert!(
        docs.contains("href=\"../evidence/files/AC-02/2026-q1-review.csv\""),
        "{docs}"
    );
    let trust = std::fs::read_to_string(out.join("trust/pages/faq.html")).unwrap();
    assert!(trust.contains("review In the EU"), "{trust}");
    assert!(
        !tree(&out.join("trust"))
            .keys()
            .any(|k| k.contains("review.csv"))
    );

    f.edit(
        "content/pages/faq.md",
        "2026-q1-review.csv",
        "unindexed.csv",
    );
    let (_, report) = f.check_json();
    let d = only_error(&report, "not-publishable");
    assert_at(
        d,
        "content/pages/faq.md",
        9,
        10,
        "content/evidence/index.yaml",
    );
}

// ---------------------------------------------------------------------------------------
// 4. What check accepts, build builds, from the same normalised paths.

#[test]
fn evidence_paths_have_one_normal_form() {
    for written in [
        "AC-02/./2026-q1-review.csv",
        "AC-02//2026-q1-review.csv",
        "AC-02/../AC-02/2026-q1-review.csv",
    ] {
        let f = Fixture::valid();
        f.edit(
            "content/evidence/index.yaml",
            "AC-02/2026-q1-review.csv",
            written,
        );
        let (code, report) = f.check_json();
        assert_eq!(code, 0, "{written}: {report:#}");
        let out = f.build_ok();
        assert!(
            out.join("docs/evidence/files/AC-02/2026-q1-review.csv")
                .is_file(),
            "{written}"
        );
        let docs = std::fs::read_to_string(out.join("docs/evidence/index.html")).unwrap();
        assert!(
            docs.contains("evidence/files/AC-02/2026-q1-review.csv\""),
            "{written}"
        );
        let zip = common::sites::files(&out.join("audit"));
        let name = zip.keys().find(|k| k.ends_with(".zip")).unwrap();
        let listing = zip_names(&out.join("audit").join(name));
        assert!(
            listing
                .iter()
                .any(|n| n.ends_with("/evidence/AC-02/2026-q1-review.csv")),
            "{written}: {listing:?}"
        );
    }
    let f = Fixture::valid();
    f.edit(
        "content/evidence/index.yaml",
        "AC-02/2026-q1-review.csv",
        "AC-02\\2026-q1-review.csv",
    );
    let (_, report) = f.check_json();
    let d = only_error(&report, "invalid-path");
    assert_at(
        d,
        "content/evidence/index.yaml",
        3,
        9,
        "`AC-02/2026-q1-review.csv`",
    );
}

fn zip_names(path: &Path) -> Vec<String> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..z.len())
        .map(|i| z.by_index(i).unwrap().name().unwrap().into_owned())
        .collect()
}

#[test]
fn package_versions_must_name_files() {
    let f = Fixture::valid();
    f.edit("trustbook.yaml", "version: \"1.0\"", "version: \"2026/1\"");
    let (code, report) = f.check_json();
    assert_eq!(code, 1);
    let d = only_error(&report, "invalid-value");
    assert_at(d, "trustbook.yaml", 8, 12, "`2026-1`");
    let f = Fixture::valid();
    let run = f.run(&["build", "--package-version", "2026/1"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(text(&run).contains("`2026-1`"), "{}", text(&run));
    assert!(!f.path().join("out").exists());
}

// ---------------------------------------------------------------------------------------
// 5 and 6. No panic, whatever the input.

#[test]
fn multibyte_characters_where_a_yaml_error_starts() {
    for (what, junk) in [
        ("emoji", "x: \"a\" 😀\n"),
        ("right-to-left mark", "x: \"a\" \u{200f}\n"),
        ("byte order mark", "x: \"a\" \u{feff}\n"),
    ] {
        let f = Fixture::valid();
        f.write("trustbook.yaml", &format!("{}{junk}", common::CONFIG));
        let run = f.run(&["check"]);
        assert_eq!(run.status.code(), Some(1), "{what}: {}", text(&run));
        assert!(!text(&run).contains("panicked"), "{what}");
        let (_, report) = f.check_json();
        let d = only_error(&report, "yaml-syntax");
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(13), Some(8)),
            "{what}: {d:#}"
        );
    }
}

#[test]
fn huge_date_parts_are_errors_not_panics() {
    for date in ["2026-99999999999-01", "99999999999.1.2026"] {
        let f = Fixture::valid();
        f.edit(
            "content/policies/access-control.md",
            "effective: 2026-01-01",
            &format!("effective: {date}"),
        );
        let (code, report) = f.check_json();
        assert_eq!(code, 1, "{date}");
        let d = only_error(&report, "invalid-date");
        assert_at(d, "content/policies/access-control.md", 7, 12, "YYYY-MM-DD");
    }
    let f = Fixture::valid();
    let run = f.run(&["check", "--as-of", "2026-99999999999-01"]);
    assert_eq!(run.status.code(), Some(2), "{}", text(&run));
    assert!(text(&run).contains("is not a date"));
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_quietly() {
    let f = Fixture::valid();
    // `trustbook check | head -0`: the reader is gone before trustbook writes.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_trustbook"))
        .arg("check")
        .current_dir(f.path())
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_ne!(run.status.code(), Some(101), "{}", text(&run));
    assert!(
        run.status.success() || run.status.signal() == Some(libc_sigpipe()),
        "{:?}",
        run.status
    );
    assert!(!String::from_utf8_lossy(&run.stderr).contains("panicked"));
}

fn libc_sigpipe() -> i32 {
    13
}

#[test]
fn deep_nesting_is_a_check_error_and_build_agrees() {
    for (what, body) in [
        ("quotes", format!("{}deep\n", "> ".repeat(3400))),
        (
            "list items",
            (0..6500)
                .map(|i| format!("{}- item\n", "  ".repeat(i)))
                .collect::<String>(),
        ),
    ] {
        let f = Fixture::valid();
        f.write(
            "content/pages/deep.md",
            &format!("---\ntitle: Deep\nclassification: public\n---\n\n{body}"),
        );
        let (code, report) = f.check_json();
        assert_eq!(code, 1, "{what}");
        let d = only_error(&report, "nesting-too-deep");
        assert_eq!(d["file"], "content/pages/deep.md");
        assert!(d["line"].as_u64().unwrap() >= 6, "{d:#}");
        let run = f.run(&["build"]);
        assert_eq!(run.status.code(), Some(1), "{what}: {}", text(&run));
        assert!(!f.path().join("out").exists());
    }
}

// ---------------------------------------------------------------------------------------
// 7. Only http, https, mailto and tel.

#[test]
fn dangerous_urls_in_yaml_are_check_errors() {
    let f = Fixture::valid();
    f.edit(
        "content/subprocessors.yaml",
        "dpa: https://acme.example/dpa",
        "dpa: \"data:text/html,<script>alert(1)</script>\"\n  website: javascript:alert(1)",
    );
    let (code, report) = f.check_json();
    assert_eq!(code, 1);
    let errors = common::errors_with(&report, "unsafe-url");
    assert_eq!(errors.len(), 2, "{report:#}");
    assert_at(
        &errors[0],
        "content/subprocessors.yaml",
        12,
        8,
        "only http, https, mailto and tel",
    );
    assert_at(
        &errors[1],
        "content/subprocessors.yaml",
        13,
        12,
        "only http, https, mailto and tel",
    );
}

#[test]
fn dangerous_urls_in_markdown_are_check_errors_however_written() {
    let f = Fixture::valid();
    f.edit(
        "content/pages/faq.md",
        "In the EU",
        "[a](JaVaScRiPt:alert(1)) [b](&#106;avascript:alert(1)) <javascript:alert(1)>\n<a href=\"&#x01;java&#x09;script:alert(1)\">c</a> <a href=\"data:text/html,x\">d</a> [e](//evil.example/x)\n\nIn the EU",
    );
    let (code, report) = f.check_json();
    assert_eq!(code, 1);
    let errors = common::errors_with(&report, "unsafe-url");
    assert_eq!(errors.len(), 6, "{report:#}");
    assert_at(&errors[0], "content/pages/faq.md", 9, 5, "");
    assert_eq!(errors[3]["line"], 10);
    assert!(
        errors[5]["hint"]
            .as_str()
            .unwrap()
            .contains("https://evil.example/x")
    );
}

#[test]
fn remote_images_are_check_errors() {
    let f = Fixture::valid();
    f.edit(
        "content/pages/faq.md",
        "In the EU",
        "![logo](https://cdn.example/logo.png) <img src=\"https://cdn.example/x.png\"> In the EU",
    );
    let (_, report) = f.check_json();
    let errors = common::errors_with(&report, "remote-image");
    assert_eq!(errors.len(), 2, "{report:#}");
    assert_at(&errors[0], "content/pages/faq.md", 9, 9, "content/assets/");
    assert_at(&errors[1], "content/pages/faq.md", 9, 49, "content/assets/");
}

#[test]
fn allowed_urls_render_on_both_sites() {
    let f = Fixture::valid();
    f.edit(
        "content/pages/faq.md",
        "In the EU",
        "Write to <security@acme.example>, call <a href=\"tel:+1-555-0100\">us</a>. In the EU",
    );
    let out = f.build_ok();
    for site in ["docs", "trust"] {
        let faq = std::fs::read_to_string(out.join(site).join("pages/faq.html")).unwrap();
        assert!(
            faq.contains("href=\"mailto:security@acme.example\""),
            "{site}: {faq}"
        );
        assert!(faq.contains("href=\"tel:+1-555-0100\""), "{site}: {faq}");
    }
}

#[test]
fn trustbook_without_arguments_in_a_folder_without_a_project_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let run = trustbook(&["build"], dir.path());
    assert_eq!(run.status.code(), Some(1));
    assert!(text(&run).contains("no trustbook.yaml"));
    assert!(!dir.path().join("out").exists());
}
