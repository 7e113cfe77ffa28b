//! Both PDFs are tagged PDF/UA-1 and PDF/A-2u: the structure tree read back with lopdf (headings
//! nest, tables have scoped header cells, links and figures are described, every marked
//! content item has exactly one owner, in drawing order), the PDF/A checklist, and the two
//! independent PDF/UA checkers (`pdfua`, `outloud`), which CI installs.

mod common;

use common::build_example;
use common::pdfs::{load, text_string, tool};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn pdfs() -> &'static [PathBuf; 2] {
    static OUT: OnceLock<(tempfile::TempDir, [PathBuf; 2])> = OnceLock::new();
    &OUT.get_or_init(|| {
        let (dir, out) = build_example(&[("SOURCE_DATE_EPOCH", "1767225600")]);
        let trust = common::pdfs::trust_pdf(&out);
        (dir, [out.join("audit/halloo-audit-2026.1.pdf"), trust])
    })
    .1
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> &'a Dictionary {
    match o {
        Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
        Object::Dictionary(d) => d,
        other => panic!("not a dictionary: {other:?}"),
    }
}

fn name<'a>(d: &'a Dictionary, key: &[u8]) -> &'a [u8] {
    d.get(key).and_then(Object::as_name).unwrap_or(b"")
}

/// A structure element met walking the tree depth-first.
struct Elem {
    id: Option<ObjectId>,
    kind: String,
    /// Its ancestors' kinds, outermost first.
    path: Vec<String>,
    /// Marked content it holds directly: (page, MCID).
    mcids: Vec<(ObjectId, i64)>,
    /// Annotations it holds.
    annots: Vec<ObjectId>,
    dict: Dictionary,
}

/// Every element under the structure tree root, depth-first, with an explicit stack.
fn elements(doc: &Document) -> Vec<Elem> {
    let root = dict(doc, doc.catalog().unwrap().get(b"StructTreeRoot").unwrap());
    let mut out = Vec::new();
    let mut stack: Vec<(Object, Vec<String>)> = vec![(root.get(b"K").unwrap().clone(), vec![])];
    while let Some((o, path)) = stack.pop() {
        let (id, d) = match &o {
            Object::Reference(r) => (Some(*r), doc.get_dictionary(*r).unwrap().clone()),
            Object::Dictionary(d) => (None, d.clone()),
            _ => continue,
        };
        let kind = String::from_utf8_lossy(name(&d, b"S")).into_owned();
        let page = d.get(b"Pg").and_then(Object::as_reference).ok();
        let kids: Vec<Object> = match d.get(b"K") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(k) => vec![k.clone()],
            Err(_) => vec![],
        };
        let mut e = Elem {
            id,
            kind: kind.clone(),
            path: path.clone(),
            mcids: vec![],
            annots: vec![],
            dict: d.clone(),
        };
        let mut children = Vec::new();
        for k in kids {
            match &k {
                Object::Integer(m) => e.mcids.push((page.expect("/Pg for a plain MCID"), *m)),
                Object::Dictionary(kd) if name(kd, b"Type") == b"MCR" => e.mcids.push((
                    kd.get(b"Pg").unwrap().as_reference().unwrap(),
                    kd.get(b"MCID").unwrap().as_i64().unwrap(),
                )),
                Object::Dictionary(kd) if name(kd, b"Type") == b"OBJR" => e
                    .annots
                    .push(kd.get(b"Obj").unwrap().as_reference().unwrap()),
                _ => children.push(k),
            }
        }
        let mut inner = path;
        inner.push(kind);
        // Reversed, so the stack pops them in order.
        for c in children.into_iter().rev() {
            stack.push((c, inner.clone()));
        }
        out.push(e);
    }
    out
}

/// Every marked content item in the structure tree's order (depth-first, each element's
/// kids in their order), as (page, MCID).
fn reading_order(doc: &Document) -> Vec<(ObjectId, i64)> {
    let root = dict(doc, doc.catalog().unwrap().get(b"StructTreeRoot").unwrap());
    let mut out = Vec::new();
    // (object, the page of the element it is in)
    let mut stack: Vec<(Object, Option<ObjectId>)> = vec![(root.get(b"K").unwrap().clone(), None)];
    while let Some((o, page)) = stack.pop() {
        match &o {
            Object::Integer(m) => out.push((page.expect("/Pg"), *m)),
            Object::Array(a) => {
                stack.extend(a.iter().rev().map(|k| (k.clone(), page)));
            }
            Object::Reference(_) | Object::Dictionary(_) => {
                let d = dict(doc, &o);
                match name(d, b"Type") {
                    b"MCR" => out.push((
                        d.get(b"Pg").unwrap().as_reference().unwrap(),
                        d.get(b"MCID").unwrap().as_i64().unwrap(),
                    )),
                    b"OBJR" => {}
                    _ => {
                        let pg = d.get(b"Pg").and_then(Object::as_reference).ok().or(page);
                        if let Ok(k) = d.get(b"K") {
                            stack.push((k.clone(), pg));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The MCIDs a page's content stream marks, in drawing order.
fn content_mcids(doc: &Document, page: ObjectId) -> Vec<i64> {
    let content = doc.get_page_content(page);
    let ops = lopdf::content::Content::decode(&content)
        .unwrap()
        .operations;
    ops.iter()
        .filter(|op| op.operator == "BDC")
        .filter_map(|op| match op.operands.get(1) {
            Some(Object::Dictionary(d)) => d.get(b"MCID").and_then(Object::as_i64).ok(),
            _ => None,
        })
        .collect()
}

#[test]
fn the_structure_tree_reads_back() {
    for pdf in pdfs() {
        let doc = load(pdf);
        let cat = doc.catalog().unwrap();
        assert!(
            dict(&doc, cat.get(b"MarkInfo").unwrap())
                .get(b"Marked")
                .unwrap()
                .as_bool()
                .unwrap()
        );
        assert_eq!(text_string(cat.get(b"Lang").unwrap()), "en");
        let elems = elements(&doc);
        assert_eq!(elems[0].kind, "Document");

        // Headings: H<n> under n sections, so they nest as the outline does; no level is
        // skipped; the top-level ones are the outline's top level.
        let mut h1 = 0;
        for e in elems
            .iter()
            .filter(|e| e.kind.starts_with('H') && e.kind.len() == 2)
        {
            let n: usize = e.kind[1..].parse().unwrap();
            let sects = e.path.iter().filter(|k| *k == "Sect").count();
            assert_eq!(n, sects.min(6), "{} under {:?}", e.kind, e.path);
            h1 += usize::from(n == 1);
        }
        let top_outline = common::pdfs::outline(&doc)
            .into_iter()
            .filter(|(depth, _, _)| *depth == 1)
            .count();
        assert_eq!(h1, top_outline, "{}", pdf.display());

        // Tables: header cells scoped to their columns, in every data table.
        let mut tables = 0;
        for (i, t) in elems.iter().enumerate().filter(|(_, e)| e.kind == "Table") {
            tables += 1;
            let inside = elems[i + 1..]
                .iter()
                .take_while(|e| e.path.len() > t.path.len());
            let ths: Vec<&Elem> = inside.filter(|e| e.kind == "TH").collect();
            assert!(!ths.is_empty(), "a table without header cells");
            for th in ths {
                let a = dict(&doc, th.dict.get(b"A").unwrap());
                assert_eq!(name(a, b"Scope"), b"Column");
            }
        }
        assert!(tables > 3, "{tables} tables");

        // Links: every annotation is a tagged link with a description.
        let owner: BTreeMap<ObjectId, &Elem> = elems
            .iter()
            .flat_map(|e| e.annots.iter().map(move |a| (*a, e)))
            .collect();
        let mut links = 0;
        for page in doc.get_pages().values() {
            let p = doc.get_dictionary(*page).unwrap();
            let Ok(annots) = p.get(b"Annots").and_then(Object::as_array) else {
                continue;
            };
            assert_eq!(name(p, b"Tabs"), b"S", "tab order follows the structure");
            for a in annots {
                let id = a.as_reference().unwrap();
                let d = doc.get_dictionary(id).unwrap();
                links += 1;
                assert!(
                    d.get(b"StructParent").is_ok(),
                    "annotation without /StructParent"
                );
                assert!(!text_string(d.get(b"Contents").unwrap()).trim().is_empty());
                assert_eq!(d.get(b"F").unwrap().as_i64().unwrap(), 4, "printable");
                assert_eq!(owner.get(&id).map(|e| e.kind.as_str()), Some("Link"));
            }
        }
        assert!(links > 50, "{links} links");

        // Figures carry their description.
        for f in elems.iter().filter(|e| e.kind == "Figure") {
            assert!(!text_string(f.dict.get(b"Alt").unwrap()).trim().is_empty());
        }

        // Marked content: every MCID drawn on a page has exactly one owner, the parent tree
        // says the same, and each page's MCIDs come in drawing order in the tree.
        let root = dict(&doc, cat.get(b"StructTreeRoot").unwrap());
        let nums = dict(&doc, root.get(b"ParentTree").unwrap())
            .get(b"Nums")
            .unwrap()
            .as_array()
            .unwrap();
        let parent_tree: BTreeMap<i64, &Object> = nums
            .chunks(2)
            .map(|c| (c[0].as_i64().unwrap(), &c[1]))
            .collect();
        let mut owned: BTreeMap<(ObjectId, i64), usize> = BTreeMap::new();
        for e in &elems {
            for (page, m) in &e.mcids {
                *owned.entry((*page, *m)).or_default() += 1;
            }
        }
        let mut order: BTreeMap<ObjectId, Vec<i64>> = BTreeMap::new();
        for (page, m) in reading_order(&doc) {
            order.entry(page).or_default().push(m);
        }
        assert!(owned.values().all(|n| *n == 1), "an MCID with two owners");
        for page in doc.get_pages().values() {
            let drawn = content_mcids(&doc, *page);
            let mut sorted = drawn.clone();
            sorted.sort();
            assert_eq!(drawn, sorted, "MCIDs in drawing order");
            let tree: BTreeSet<i64> = order.get(page).into_iter().flatten().copied().collect();
            assert_eq!(
                tree,
                drawn.iter().copied().collect(),
                "every drawn MCID is owned"
            );
            let in_tree = order.get(page).cloned().unwrap_or_default();
            let mut increasing = in_tree.clone();
            increasing.sort();
            assert_eq!(in_tree, increasing, "reading order is drawing order");
            if drawn.is_empty() {
                continue;
            }
            let key = doc
                .get_dictionary(*page)
                .unwrap()
                .get(b"StructParents")
                .unwrap()
                .as_i64()
                .unwrap();
            let owners = match parent_tree[&key] {
                Object::Reference(r) => doc.get_object(*r).unwrap().as_array().unwrap(),
                Object::Array(a) => a,
                o => panic!("{o:?}"),
            };
            assert_eq!(owners.len(), drawn.len());
            for (m, o) in owners.iter().enumerate() {
                let id = o.as_reference().unwrap();
                let e = elems.iter().find(|e| e.id == Some(id)).unwrap();
                assert!(
                    e.mcids.contains(&(*page, m as i64)),
                    "parent tree entry {m}"
                );
            }
        }
    }
}

#[test]
fn the_pdf_a_checklist_holds() {
    let pdffonts = tool("pdffonts");
    for pdf in pdfs() {
        let bytes = std::fs::read(pdf).unwrap();
        assert!(
            bytes.starts_with(b"%PDF-1.7\n%"),
            "version and binary comment"
        );
        assert!(bytes[10..14].iter().all(|b| *b > 127));
        for banned in [
            b"/JavaScript".as_slice(),
            b"/JS ",
            b"/Encrypt",
            b"/EmbeddedFile",
        ] {
            assert!(!bytes.windows(banned.len()).any(|w| w == banned));
        }
        let doc = load(pdf);
        assert!(doc.trailer.get(b"Encrypt").is_err());
        assert_eq!(doc.trailer.get(b"ID").unwrap().as_array().unwrap().len(), 2);
        let cat = doc.catalog().unwrap();

        // XMP: the claims, and the same facts and dates as the information dictionary.
        let meta = doc
            .get_object(cat.get(b"Metadata").unwrap().as_reference().unwrap())
            .unwrap()
            .as_stream()
            .unwrap();
        assert!(
            meta.dict.get(b"Filter").is_err(),
            "metadata is not compressed"
        );
        let xml = String::from_utf8(meta.content.clone()).unwrap();
        let start = xml.find("<x:xmpmeta").unwrap();
        let end = xml.find("</x:xmpmeta>").unwrap() + 12;
        let x = roxmltree::Document::parse(&xml[start..end]).unwrap();
        let field = |local: &str| {
            x.descendants()
                .find(|n| n.tag_name().name() == local)
                .and_then(|n| n.text())
                .map(str::to_owned)
        };
        assert_eq!(field("part").as_deref(), Some("1"), "pdfuaid:part first");
        assert!(xml.contains("<pdfaid:part>2</pdfaid:part>"));
        assert!(xml.contains("<pdfaid:conformance>U</pdfaid:conformance>"));
        let info = dict(&doc, doc.trailer.get(b"Info").unwrap());
        let created = String::from_utf8_lossy(info.get(b"CreationDate").unwrap().as_str().unwrap())
            .into_owned();
        // D:20260101000000Z and 2026-01-01T00:00:00Z.
        let xmp_date = field("CreateDate").unwrap().replace(['-', 'T', ':'], "");
        assert_eq!(format!("D:{xmp_date}"), created);
        let title = x
            .descendants()
            .find(|n| n.tag_name().name() == "title")
            .and_then(|n| n.descendants().find(|d| d.tag_name().name() == "li"))
            .and_then(|n| n.text())
            .unwrap();
        assert_eq!(title, text_string(info.get(b"Title").unwrap()));

        // An RGB output intent with its profile.
        let intents = cat.get(b"OutputIntents").unwrap().as_array().unwrap();
        let intent = dict(&doc, &intents[0]);
        assert_eq!(name(intent, b"S"), b"GTS_PDFA1");
        let profile = doc
            .get_object(
                intent
                    .get(b"DestOutputProfile")
                    .unwrap()
                    .as_reference()
                    .unwrap(),
            )
            .unwrap()
            .as_stream()
            .unwrap();
        assert_eq!(profile.dict.get(b"N").unwrap().as_i64().unwrap(), 3);
        let icc = profile.decompressed_content().unwrap();
        assert_eq!(&icc[12..20], b"mntrRGB ");
        assert_eq!(&icc[36..40], b"acsp");

        // Every annotation printable.
        for o in doc.objects.values() {
            if let Ok(d) = o.as_dict()
                && name(d, b"Type") == b"Annot"
            {
                assert_eq!(d.get(b"F").unwrap().as_i64().unwrap(), 4);
            }
        }

        // Every font embedded, with a Unicode map.
        if let Some(pdffonts) = &pdffonts {
            let out = std::process::Command::new(pdffonts)
                .arg(pdf)
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            let rows: Vec<&str> = text.lines().skip(2).collect();
            assert!(rows.len() >= 3, "{text}");
            for row in rows {
                let cols: Vec<&str> = row.split_whitespace().collect();
                let n = cols.len();
                assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{row}");
            }
        }
    }
}

fn run(tool: &Path, args: &[&str], pdf: &Path) -> (i32, String) {
    let out = std::process::Command::new(tool)
        .args(args)
        .arg(pdf)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn the_pdf_ua_checkers_find_no_errors() {
    let (Some(pdfua), Some(outloud), Some(pdfinfo)) =
        (tool("pdfua"), tool("outloud"), tool("pdfinfo"))
    else {
        return;
    };
    for pdf in pdfs() {
        let (_, info) = run(&pdfinfo, &[], pdf);
        assert!(info.contains("Tagged:          yes"), "{info}");
        // 0: no findings; 2: warnings only; 3: errors; 4: unreadable.
        let (code, report) = run(&pdfua, &["check"], pdf);
        assert!(code == 0 || code == 2, "pdfua exit {code}:\n{report}");
        let (code, report) = run(&outloud, &["--layer", "conformance", "--json", "-"], pdf);
        let json: serde_json::Value =
            serde_json::from_str(&report[..report.rfind('}').map_or(0, |i| i + 1)])
                .unwrap_or_else(|e| panic!("outloud exit {code}: {e}\n{report}"));
        let result = &json["results"][0];
        assert_eq!(result["counts"]["error"], 0, "{result:#}");
        let failed: Vec<&serde_json::Value> = result["criteria"]["pdfua1"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["status"] == "fail")
            .collect();
        assert!(
            failed.is_empty(),
            "failed PDF/UA-1 checkpoints: {failed:#?}"
        );
    }
}

#[test]
fn a_document_in_another_language_says_so_on_the_site_and_in_the_pdf() {
    let f = common::Fixture::valid();
    f.write(
        "content/pages/datenschutz.md",
        "---\ntitle: Datenschutz\nclassification: public\nlang: de-CH\n---\n\nWir schützen Ihre Daten.\n",
    );
    let out = f.build_ok();
    let html = std::fs::read_to_string(out.join("trust/pages/datenschutz.html")).unwrap();
    assert!(
        html.contains("<article class=\"doc\" lang=\"de-CH\">"),
        "{html}"
    );
    let pdf = common::pdfs::trust_pdf(&out);
    let doc = load(&pdf);
    let sect = elements(&doc)
        .into_iter()
        .find(|e| e.kind == "Sect" && e.dict.get(b"Lang").is_ok())
        .expect("a section with its own language");
    assert_eq!(text_string(sect.dict.get(b"Lang").unwrap()), "de-CH");

    f.write(
        "content/pages/datenschutz.md",
        "---\ntitle: Datenschutz\nclassification: public\nlang: Deutsch\n---\n\nText.\n",
    );
    let (code, report) = f.check_json();
    assert_ne!(code, 0);
    let d = common::only_error(&report, "invalid-value");
    assert_eq!(d["file"], "content/pages/datenschutz.md");
    assert_eq!(d["line"], 4);
}
