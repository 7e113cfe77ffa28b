//! The PDFs: structure (contents, outline, metadata, links) read back with lopdf, the public
//! PDF free of hidden items, reproducibility, and a stress fixture whose every glyph must lie
//! inside the margins as measured by an independent reader (poppler's pdftotext).

mod common;

use common::pdfs::{info, links, load, outline, page_texts, tool, word_boxes};
use common::{Fixture, build_example, trustbook_env};
use std::path::Path;

const EPOCH: &str = "1767225600"; // 2026-01-01T00:00:00Z

fn audit_pdf(out: &Path) -> std::path::PathBuf {
    out.join("audit/halloo-audit-2026.1.pdf")
}

#[test]
fn auditor_pdf_has_true_contents_outline_and_metadata() {
    let (_dir, out) = build_example(&[("SOURCE_DATE_EPOCH", EPOCH)]);
    let doc = load(&audit_pdf(&out));
    let texts = page_texts(&doc);
    let pages = texts.len();
    assert!(pages > 60, "{pages} pages");

    // Cover.
    let cover = &texts[0];
    for expected in [
        "Halloo Labs, Inc.",
        "SOC 2 Type II audit package",
        "2026-01-01 to 2026-06-30",
        "Security, Availability, Confidentiality",
        "2026.1",
        "2026-01-01",
        "CONFIDENTIAL",
    ] {
        assert!(
            cover.contains(expected),
            "cover lacks {expected:?}:\n{cover}"
        );
    }

    // Contents: every entry's page number is the page where that heading really is.
    let mut checked = 0;
    // A contents line is "N Title . . . . P"; a title that wraps ends on a later line.
    let ends_with_page = |l: &str| -> Option<(String, usize)> {
        let digits: String = l.chars().rev().take_while(|c| c.is_ascii_digit()).collect();
        let rest = l[..l.len() - digits.len()].trim_end_matches([' ', '.']);
        (!digits.is_empty() && rest.len() < l.len() - digits.len()).then(|| {
            (
                rest.to_owned(),
                digits.chars().rev().collect::<String>().parse().unwrap(),
            )
        })
    };
    for text in texts
        .iter()
        .skip(1)
        .take_while(|t| t.contains("Contents") || t.contains(". . ."))
    {
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            i += 1;
            let Some((num, _)) = line.split_once(' ') else {
                continue;
            };
            if !num.starts_with(|c: char| c.is_ascii_digit())
                || !num.chars().all(|c| c.is_ascii_digit() || c == '.')
            {
                continue;
            }
            let mut title = line.to_owned();
            let mut found = ends_with_page(line);
            while found.is_none() && i < lines.len() {
                title = format!("{title} {}", lines[i]);
                found = ends_with_page(lines[i]).map(|(_, p)| (String::new(), p));
                i += 1;
            }
            let (_, page) = found.unwrap_or_else(|| panic!("no page number for {line:?}"));
            let entry = ends_with_page(&title).map_or(title.clone(), |(t, _)| t);
            let target = texts[page - 1]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                target.contains(&entry),
                "contents says {entry:?} is on page {page}, but it is not there:\n{target}"
            );
            checked += 1;
        }
    }
    assert!(checked > 30, "only {checked} contents entries checked");

    // Running header and "Page N of M" on every page but the cover.
    for (i, t) in texts.iter().enumerate().skip(1) {
        assert!(
            t.contains(&format!("Page {} of {pages}", i + 1)),
            "page {} lacks its number",
            i + 1
        );
        assert!(
            t.contains("Halloo Labs, Inc. · SOC 2 Type II audit package"),
            "page {} lacks the header",
            i + 1
        );
        assert!(
            t.contains("Version 2026.1 · Confidential"),
            "page {} lacks the footer",
            i + 1
        );
    }
    assert!(!texts[0].contains("Page 1 of"));

    // Every policy and control is in the text; the outline has an entry per policy.
    let all = texts.join("\n");
    let policies: Vec<String> = std::fs::read_dir(common::repo_root().join("content/policies"))
        .unwrap()
        .map(|e| {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            text.lines()
                .find_map(|l| l.strip_prefix("title: "))
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(policies.len(), 18);
    let bookmarks = outline(&doc);
    for title in &policies {
        assert!(
            all.contains(title.as_str()),
            "policy {title} missing from the text"
        );
        assert!(
            bookmarks
                .iter()
                .any(|(depth, t, _)| *depth == 2 && t.ends_with(title.as_str())),
            "no bookmark for {title}"
        );
    }
    let controls =
        std::fs::read_to_string(common::repo_root().join("controls/access.yaml")).unwrap();
    for id in controls.lines().filter_map(|l| l.strip_prefix("- id: ")) {
        assert!(all.contains(id), "control {id} missing");
    }
    // The outline is nested and points at the right pages.
    assert!(
        bookmarks.iter().any(|(d, _, _)| *d == 3),
        "outline has no third level"
    );
    for (_, title, page) in bookmarks.iter().filter(|(d, _, _)| *d <= 2).take(40) {
        let bare = title.split_once(' ').map_or(title.as_str(), |(_, t)| t);
        let target = texts[*page as usize - 1]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            target.contains(bare),
            "bookmark {title:?} points at page {page}"
        );
    }

    // Metadata.
    assert_eq!(info(&doc, "Author"), "Halloo Labs, Inc.");
    assert_eq!(
        info(&doc, "Title"),
        "Halloo Labs, Inc. — SOC 2 Type II audit package"
    );
    assert!(info(&doc, "Creator").starts_with("trustbook "));
    assert!(info(&doc, "Subject").contains("SOC 2 Type II"));
    assert!(info(&doc, "Keywords").contains("Availability"));
    assert_eq!(info(&doc, "CreationDate"), "D:20260101000000Z");

    // Links: borderless, internal ones pointing at pages.
    let links = links(&doc);
    assert!(links.len() > 200, "{} links", links.len());
    for (_, l) in &links {
        let border = l.get(b"Border").unwrap().as_array().unwrap();
        assert!(
            border.iter().all(|b| matches!(b.as_i64(), Ok(0))),
            "visible link border"
        );
        assert!(l.get(b"Dest").is_ok() || l.get(b"A").is_ok());
    }
}

#[test]
fn fonts_are_embedded_subset_and_the_file_is_valid() {
    let (_dir, out) = build_example(&[("SOURCE_DATE_EPOCH", EPOCH)]);
    let pdfs = [
        audit_pdf(&out),
        out.join("trust/downloads/halloo-trust-2026.1.pdf"),
    ];
    for pdf in &pdfs {
        let size = std::fs::metadata(pdf).unwrap().len();
        assert!(
            size < 1_500_000,
            "{} is {size} bytes: fonts not subset?",
            pdf.display()
        );
    }
    let (Some(qpdf), Some(pdffonts)) = (tool("qpdf"), tool("pdffonts")) else {
        return;
    };
    for pdf in &pdfs {
        let check = std::process::Command::new(&qpdf)
            .arg("--check")
            .arg(pdf)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "qpdf --check {}:\n{}",
            pdf.display(),
            String::from_utf8_lossy(&check.stdout)
        );
        let fonts = std::process::Command::new(&pdffonts)
            .arg(pdf)
            .output()
            .unwrap();
        let listing = String::from_utf8_lossy(&fonts.stdout);
        let rows: Vec<&str> = listing.lines().skip(2).collect();
        assert!(rows.len() >= 3, "{listing}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type encoding emb sub uni object ID
            let n = cols.len();
            assert_eq!(
                &cols[n - 5..n - 2],
                ["yes", "yes", "yes"],
                "font not embedded+subset+unicode: {row}"
            );
            assert!(cols[0].contains("+DejaVuSans"), "{row}");
        }
    }
}

#[test]
fn public_pdf_carries_no_hidden_item() {
    let f = common::canary::canary_fixture();
    let out = f.build_ok();
    let trust = load(&out.join("trust/downloads/acme-voice-trust-1.0.pdf"));
    let text = page_texts(&trust).join("\n");
    let bookmarks: String = outline(&trust)
        .into_iter()
        .map(|(_, t, _)| t)
        .collect::<Vec<_>>()
        .join("\n");
    let raw = std::fs::read(out.join("trust/downloads/acme-voice-trust-1.0.pdf")).unwrap();
    let raw = String::from_utf8_lossy(&raw);
    for canary in common::canary::TRUST_FORBIDDEN {
        assert!(!text.contains(canary), "{canary} in the public PDF's text");
        assert!(
            !bookmarks.contains(canary),
            "{canary} in the public PDF's outline"
        );
        assert!(!raw.contains(canary), "{canary} in the public PDF's bytes");
    }
    // Listed (customer) documents appear by title only.
    assert!(text.contains("Customer Handbook"));
    assert!(text.contains("PUBLIC"));
    // The auditor sees everything in scope, confidential included.
    // (Whitespace removed: table cells wrap long tokens at hyphens.)
    let audit: String = page_texts(&load(&out.join("audit/acme-voice-audit-1.0.pdf")))
        .join("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for present in [
        "CANARY-INTERNAL-BODY",
        "CANARY-CONFIDENTIAL-BODY",
        "CANARY-CONTROL-DESC",
        "CANARY-TEST-PROCEDURE",
        "CANARY-CONF-EVIDENCE",
    ] {
        assert!(
            audit.contains(present),
            "{present} missing from the auditor PDF"
        );
    }
}

#[test]
fn unicode_prints_correctly() {
    let f = Fixture::valid();
    f.edit(
        "content/policies/access-control.md",
        "## Purpose\n",
        "## Purpose\n\nOffices in Zürich cost 12 € — “quoted” and ‘single’ — 1 Ångström, naïve café, Łódź, Ελληνικά, Кириллица.\n",
    );
    let out = f.build_ok();
    let doc = load(&out.join("audit/acme-voice-audit-1.0.pdf"));
    let all = page_texts(&doc).join("\n");
    for s in [
        "Zürich",
        "12 €",
        "—",
        "“quoted”",
        "‘single’",
        "Ångström",
        "naïve café",
        "Łódź",
        "Ελληνικά",
        "Кириллица",
    ] {
        assert!(all.contains(s), "{s:?} did not survive:\n{all}");
    }
}

/// A project whose public policy exercises every Markdown construct at its worst.
fn stress_fixture() -> Fixture {
    let f = Fixture::valid();
    let mut md = String::from(
        "---\nid: stress\ntitle: Stress Test Policy\nowner: CTO\napproved_by: CEO\nversion: \"1.0\"\neffective: 2026-01-01\nlast_reviewed: 2026-01-01\nreview_every: 12 months\nclassification: public\nsummary: Every construct, at its worst.\n---\n\n",
    );
    md.push_str("# Level one\n\n## Level two\n\n### Level three\n\n#### Level four\n\n##### Level five\n\n###### Level six\n\n");
    md.push_str("Text with **bold**, *italic*, ***both***, `inline code`, ~~struck~~, a [link](https://example.com/a/very/long/path/that/keeps/going/and/going/and/going/until/it/must/wrap/somewhere/sensible), a [cross reference](policy:access-control#reviews) and a footnote.[^a]\n\n[^a]: The footnote text, which is long enough to wrap onto a second line in the footnote area at the end of the document.\n\n");
    md.push_str("A very long word follows: ");
    md.push_str(&"abcdefghij".repeat(400));
    md.push_str(" and text continues after it.\n\n");
    // Deeply nested lists, ordered and not, with tasks.
    let mut indent = String::new();
    for depth in 0..8 {
        md.push_str(&format!("{indent}- level {depth} bullet with enough words to wrap across the available width of the page at this depth\n"));
        md.push_str(&format!(
            "{indent}  1. numbered item at depth {depth} with more words to wrap around\n"
        ));
        indent.push_str("     ");
    }
    md.push_str("\n- [x] done task\n- [ ] open task\n\n> A quote with a list:\n>\n> - one\n> - two\n>\n> > And a nested quote.\n\n---\n\n");
    md.push_str("```text\n");
    for i in 0..40 {
        md.push_str(&format!("line {i:03} {}\n", "0123456789".repeat(30)));
    }
    md.push_str(&"x".repeat(1000));
    md.push_str(
        "\n```\n\n| # | Name | Description | Right |\n|---|:----:|-------------|------:|\n",
    );
    for i in 0..300 {
        md.push_str(&format!("| {i} | row-{i} | cell text for row {i} that is long enough to wrap in a narrow column | {i}.00 |\n"));
    }
    md.push_str("\n| Tall | Cell |\n|---|---|\n| short | ");
    md.push_str(&"This cell is taller than a whole page. ".repeat(220));
    md.push_str("END-OF-TALL-CELL |\n\n");
    md.push_str("Final paragraph after everything.\n");
    f.write("content/policies/stress.md", &md);
    f.edit("controls/access.yaml", "policies: [access-control]\n  status: implemented\n  test_procedure: Inspect the reviews", "policies: [access-control, stress]\n  status: implemented\n  test_procedure: Inspect the reviews");
    f
}

#[test]
fn stress_fixture_stays_inside_the_margins() {
    let f = stress_fixture();
    let out = f.build_ok();
    let pdf = out.join("audit/acme-voice-audit-1.0.pdf");
    // For review: TRUSTBOOK_ARTIFACTS=DIR keeps the stress PDF.
    if let Some(dir) = std::env::var_os("TRUSTBOOK_ARTIFACTS") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(&pdf, Path::new(&dir).join("stress.pdf")).unwrap();
    }
    let doc = load(&pdf);
    let texts = page_texts(&doc);
    let all = texts.join("\n");
    // Nothing is lost: the long word, all 300 rows, the long code line and the tall cell.
    // (Running headers and footers are left out so text flowing across pages joins up.)
    let body: String = texts
        .iter()
        .flat_map(|t| t.lines())
        .filter(|l| !is_running_text(l))
        .collect();
    let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        compact.contains(&"abcdefghij".repeat(400)),
        "the 4,000-character word was cut"
    );
    for i in [0, 1, 150, 298, 299] {
        assert!(all.contains(&format!("row-{i}")), "row {i} missing");
    }
    assert!(
        compact.contains(&"x".repeat(1000)),
        "the long code line was cut"
    );
    assert!(all.contains("END-OF-TALL-CELL"));
    assert!(all.contains("Final paragraph after everything."));
    // The header row repeats on the pages the 300-row table spans.
    let table_pages = texts.iter().filter(|t| t.contains("row-")).count();
    assert!(table_pages >= 5, "{table_pages}");
    let with_header = texts
        .iter()
        .filter(|t| t.contains("row-") && t.contains("Description") && t.contains("Right"))
        .count();
    assert_eq!(
        with_header, table_pages,
        "header not repeated on every page of the table"
    );

    let Some(pdftotext) = tool("pdftotext") else {
        return;
    };
    let boxes = word_boxes(&pdftotext, &pdf);
    assert!(boxes.len() > 5000);
    let (w, h, margin) = (595.28f32, 841.89f32, 62.0f32);
    let outside: Vec<_> = boxes
        .iter()
        .filter(|(_, x0, y0, x1, y1, _)| {
            *x0 < margin - 0.5 || *x1 > w - margin + 0.5 || *y0 < 28.0 || *y1 > h - 28.0
        })
        .take(10)
        .collect();
    assert!(
        outside.is_empty(),
        "glyphs outside the margins: {outside:#?}"
    );
}

#[test]
fn headings_are_not_left_alone_at_the_bottom_of_a_page() {
    let f = stress_fixture();
    let out = f.build_ok();
    let Some(pdftotext) = tool("pdftotext") else {
        return;
    };
    let boxes = word_boxes(&pdftotext, &out.join("audit/acme-voice-audit-1.0.pdf"));
    // For every numbered heading word, something else follows on the same page below it.
    let doc = load(&out.join("audit/acme-voice-audit-1.0.pdf"));
    let marks = outline(&doc);
    for (_, title, page) in marks.iter().filter(|(d, _, _)| *d >= 3) {
        let first = title.split_whitespace().nth(1).unwrap_or("");
        let on_page: Vec<_> = boxes.iter().filter(|b| b.0 == *page as usize).collect();
        let Some(head) = on_page.iter().find(|b| b.5 == first) else {
            continue;
        };
        let below = on_page
            .iter()
            .filter(|b| b.2 > head.4 + 1.0 && b.2 < 841.89 - 60.0)
            .count();
        assert!(
            below > 0,
            "heading {title:?} is the last thing on page {page}"
        );
    }
}

#[test]
fn builds_are_byte_identical_with_source_date_epoch() {
    let (_a, out_a) = build_example(&[("SOURCE_DATE_EPOCH", EPOCH)]);
    let (_b, out_b) = build_example(&[("SOURCE_DATE_EPOCH", EPOCH)]);
    let a = std::fs::read(audit_pdf(&out_a)).unwrap();
    assert_eq!(
        a,
        std::fs::read(audit_pdf(&out_b)).unwrap(),
        "auditor PDF differs between builds"
    );
    let trust = "trust/downloads/halloo-trust-2026.1.pdf";
    assert_eq!(
        std::fs::read(out_a.join(trust)).unwrap(),
        std::fs::read(out_b.join(trust)).unwrap()
    );

    // The same project copied elsewhere, built from another working directory.
    let copy = common::copy_example();
    let elsewhere = tempfile::tempdir().unwrap();
    let out_c = elsewhere.path().join("built");
    let run = trustbook_env(
        &[
            "build",
            copy.path().to_str().unwrap(),
            "--out",
            out_c.to_str().unwrap(),
        ],
        elsewhere.path(),
        &[("SOURCE_DATE_EPOCH", EPOCH)],
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        a,
        std::fs::read(audit_pdf(&out_c)).unwrap(),
        "auditor PDF depends on where it was built"
    );
}

/// A line of the running header or footer.
fn is_running_text(l: &str) -> bool {
    l.starts_with("Acme Voice, Inc. ·")
        || l.starts_with("Version 1.0 ·")
        || (l.starts_with("Page ") && l.contains(" of "))
}

/// The text of one page of a PDF, as poppler extracts it.
fn pdftotext_page(pdftotext: &Path, pdf: &Path, page: usize) -> String {
    let out = std::process::Command::new(pdftotext)
        .args(["-f", &page.to_string(), "-l", &page.to_string(), "-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn evidence_paths_and_dates_copy_out_of_the_auditor_pdf_intact() {
    let (_dir, out) = build_example(&[("SOURCE_DATE_EPOCH", EPOCH)]);
    let Some(pdftotext) = tool("pdftotext") else {
        return;
    };
    let text = std::process::Command::new(&pdftotext)
        .arg(audit_pdf(&out))
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    let index =
        std::fs::read_to_string(common::repo_root().join("content/evidence/index.yaml")).unwrap();
    let field = |name: &str| -> Vec<String> {
        index
            .lines()
            .filter_map(|l| l.trim().strip_prefix(name))
            .map(|v| v.trim().to_owned())
            .collect()
    };
    let files = field("file:");
    assert!(files.len() > 200);
    // Every path, byte for byte: never broken at a hyphen (which text extraction reads as a
    // hyphenation and drops) or anywhere else.
    let broken: Vec<&String> = files
        .iter()
        .filter(|f| !text.contains(f.as_str()))
        .collect();
    assert!(
        broken.is_empty(),
        "{} paths broken: {broken:?}",
        broken.len()
    );
    let dates = field("collected:");
    let broken: Vec<&String> = dates
        .iter()
        .filter(|d| !text.contains(d.as_str()))
        .collect();
    assert!(broken.is_empty(), "dates broken: {broken:?}");

    // No page of either PDF holds only a line or two (a footer torn from its policy, the
    // tail of the contents).
    for pdf in [
        audit_pdf(&out),
        out.join("trust/downloads/halloo-trust-2026.1.pdf"),
    ] {
        let doc = load(&pdf);
        let pages = doc.get_pages().len();
        for n in 1..=pages {
            let page = pdftotext_page(&pdftotext, &pdf, n);
            let body: Vec<&str> = page
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            // Less the running header and footer.
            let lines = body.len().saturating_sub(2);
            assert!(
                lines > 3 || n == 1,
                "{} page {n} holds only {lines} line(s): {body:?}",
                pdf.display()
            );
        }
    }
}

#[test]
fn table_headers_keep_their_spaces_and_br_breaks_lines() {
    let f = Fixture::valid();
    f.write(
        "content/pages/tables.md",
        "---\ntitle: Tables\nclassification: public\n---\n\n| HIPAA **Administrative** Controls | Plain *italic* head | ISO `A.5.15` ref |\n|---|---|---|\n| a | b | iso27001:A.5.15 |\n\nLine one<br>line two<BR/>line three\n\nLaunch 🚀 for 株式会社 Example.\n\n<table><tr><th>Role</th><th>Duty</th></tr><tr><td>Owner</td><td>Approves<br>access</td></tr></table>\n\nPress <kbd>Ctrl</kbd>+<kbd>K</kbd> to <b>search</b>.\n\n<details><summary>More detail</summary><p>Shown expanded in print.</p></details>\n\n<ul><li>First item</li><li>Second item</li></ul>\n\nWater is H<sub>2</sub>O and area is x<sup>2</sup>.\n",
    );
    let out = f.build_ok();
    let Some(pdftotext) = tool("pdftotext") else {
        return;
    };
    let pdf = common::pdfs::trust_pdf(&out);
    let text = std::process::Command::new(&pdftotext)
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    for want in [
        "HIPAA Administrative Controls",
        "Plain italic head",
        "ISO A.5.15 ref",
        "iso27001:A.5.15",
        "Line one\nline two\nline three",
        // Drawn as stand-ins, copied as the originals (/ActualText).
        "Launch 🚀 for 株式会社 Example.",
        // A raw HTML table is laid out as a table (it used to vanish), inline tags keep
        // their text on the line.
        "Role\n\nDuty",
        "Approves\naccess",
        "Press Ctrl+K to search.",
        // Details are expanded, lists keep their items, sub- and superscripts their text.
        "More detail\nShown expanded in print.",
        "First item",
        "Second item",
        "Water is H2O and area is x2.",
    ] {
        assert!(text.contains(want), "{want:?} missing from:\n{text}");
    }
    // `check` says where the PDFs cannot draw them.
    let (_, report) = f.check_json();
    let glyphs: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "missing-glyph")
        .collect();
    assert_eq!(glyphs.len(), 2, "{glyphs:#?}");
    assert_eq!(glyphs[0]["file"], "content/pages/tables.md");
    assert_eq!(glyphs[0]["line"], 12);
    assert_eq!(glyphs[0]["column"], 8);
    assert!(
        glyphs
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("株式会社"))
    );
}

#[test]
fn running_headers_copy_as_written_when_a_glyph_is_missing() {
    let f = Fixture::valid();
    let config = f.read("trustbook.yaml");
    let name = config
        .lines()
        .find_map(|l| l.trim().strip_prefix("name: "))
        .unwrap()
        .to_owned();
    f.write(
        "trustbook.yaml",
        &config.replacen(&format!("name: {name}"), "name: \"Example 株式会社\"", 1),
    );
    let out = f.build_ok();
    let Some(pdftotext) = tool("pdftotext") else {
        return;
    };
    let pdf = common::pdfs::trust_pdf(&out);
    // Page 2 (the contents) starts with the running header.
    let header = pdftotext_page(&pdftotext, &pdf, 2);
    assert!(
        header.contains("Example 株式会社 · Security and trust overview"),
        "{header}"
    );
}
