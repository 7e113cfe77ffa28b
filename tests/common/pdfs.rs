//! Reading PDFs back: text per page, the outline, metadata, links; and external tools.

#![allow(dead_code)]

use lopdf::{Document, Object};
use std::path::{Path, PathBuf};

/// The trust PDF in a built output folder.
pub fn trust_pdf(out: &Path) -> PathBuf {
    std::fs::read_dir(out.join("trust/downloads"))
        .expect("trust/downloads")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .expect("a trust PDF")
}

/// Loads a PDF.
pub fn load(path: &Path) -> Document {
    Document::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text of every page, in order.
pub fn page_texts(doc: &Document) -> Vec<String> {
    let n = doc.get_pages().len() as u32;
    (1..=n)
        .map(|p| doc.extract_text(&[p]).unwrap_or_default())
        .collect()
}

/// Decodes a PDF text string (UTF-16BE with BOM, or PDFDocEncoding as Latin-1).
pub fn text_string(o: &Object) -> String {
    match o {
        Object::String(bytes, _) if bytes.starts_with(&[0xfe, 0xff]) => {
            let units: Vec<u16> = bytes[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        Object::String(bytes, _) => bytes.iter().map(|b| *b as char).collect(),
        _ => String::new(),
    }
}

/// The outline as (depth, title, page number), depth-first.
pub fn outline(doc: &Document) -> Vec<(usize, String, u32)> {
    let pages: std::collections::HashMap<lopdf::ObjectId, u32> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let mut out = Vec::new();
    let catalog = doc.catalog().unwrap();
    let Ok(root) = catalog.get(b"Outlines").and_then(Object::as_reference) else {
        return out;
    };
    let root = doc.get_dictionary(root).unwrap();
    fn walk(
        doc: &Document,
        first: Option<lopdf::ObjectId>,
        depth: usize,
        pages: &std::collections::HashMap<lopdf::ObjectId, u32>,
        out: &mut Vec<(usize, String, u32)>,
    ) {
        let mut cur = first;
        while let Some(id) = cur {
            let d = doc.get_dictionary(id).unwrap();
            let title = text_string(d.get(b"Title").unwrap());
            let page = d
                .get(b"Dest")
                .ok()
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(|o| o.as_reference().ok())
                .and_then(|r| pages.get(&r).copied())
                .unwrap_or(0);
            out.push((depth, title, page));
            walk(
                doc,
                d.get(b"First").and_then(Object::as_reference).ok(),
                depth + 1,
                pages,
                out,
            );
            cur = d.get(b"Next").and_then(Object::as_reference).ok();
        }
    }
    walk(
        doc,
        root.get(b"First").and_then(Object::as_reference).ok(),
        1,
        &pages,
        &mut out,
    );
    out
}

/// A value of the document information dictionary.
pub fn info(doc: &Document, key: &str) -> String {
    let id = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .unwrap();
    text_string(doc.get_dictionary(id).unwrap().get(key.as_bytes()).unwrap())
}

/// Link annotations of every page: (page number, dictionary).
pub fn links(doc: &Document) -> Vec<(u32, lopdf::Dictionary)> {
    let mut out = Vec::new();
    for (n, id) in doc.get_pages() {
        let page = doc.get_dictionary(id).unwrap();
        let Ok(annots) = page.get(b"Annots").and_then(Object::as_array) else {
            continue;
        };
        for a in annots {
            let d = match a {
                Object::Reference(r) => doc.get_dictionary(*r).unwrap().clone(),
                Object::Dictionary(d) => d.clone(),
                _ => continue,
            };
            out.push((n, d));
        }
    }
    out
}

/// An external program on PATH, or `None` (then the test is skipped unless
/// `TRUSTBOOK_REQUIRE_TOOLS=1`, as in CI, where it fails instead).
pub fn tool(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        if std::env::var_os("TRUSTBOOK_REQUIRE_TOOLS").is_some_and(|v| v == "1") {
            panic!("TRUSTBOOK_REQUIRE_TOOLS=1 but `{name}` is not installed");
        }
        eprintln!("skipped: `{name}` is not installed");
    }
    found
}

/// Word boxes from `pdftotext -bbox`: (page, xmin, ymin, xmax, ymax, word).
pub fn word_boxes(pdftotext: &Path, pdf: &Path) -> Vec<(usize, f32, f32, f32, f32, String)> {
    let out = std::process::Command::new(pdftotext)
        .args(["-bbox"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = String::from_utf8_lossy(&out.stdout);
    let mut boxes = Vec::new();
    let mut page = 0;
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            page += 1;
        }
        if let Some(rest) = line.strip_prefix("<word ") {
            let attr = |name: &str| -> f32 {
                let key = format!("{name}=\"");
                let start = rest.find(&key).unwrap() + key.len();
                rest[start..].split('"').next().unwrap().parse().unwrap()
            };
            let word = rest
                .split('>')
                .nth(1)
                .unwrap_or("")
                .split('<')
                .next()
                .unwrap_or("")
                .to_owned();
            boxes.push((
                page,
                attr("xMin"),
                attr("yMin"),
                attr("xMax"),
                attr("yMax"),
                word,
            ));
        }
    }
    boxes
}
