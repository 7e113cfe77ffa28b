//! Writing laid-out pages with printpdf, then closing its gaps in one pass over the lopdf
//! document it exposes: a nested outline, borderless link annotations to exact positions,
//! document metadata with a fixed date, subset tags on the fonts, and a `/ID` derived from
//! the content — so the same input always gives the same bytes.

use super::doc::{Rgb, Target};
use super::fonts::{Face, Fonts};
use super::layout::{Item, PAGE_H, PAGE_W, Page};
use crate::error::{Error, Result};
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFont, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem,
};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Document information written to the PDF.
pub struct Meta {
    /// Title.
    pub title: String,
    /// Author (the company).
    pub author: String,
    /// Subject.
    pub subject: String,
    /// Keywords.
    pub keywords: Vec<String>,
    /// Creator (trustbook and its version).
    pub creator: String,
    /// Creation date, seconds since 1970 (from `SOURCE_DATE_EPOCH` when set).
    pub date: i64,
}

/// A bookmark.
#[derive(Debug, Clone)]
pub struct Bookmark {
    /// Depth, from 1.
    pub level: u8,
    /// Text shown.
    pub title: String,
    /// Page index.
    pub page: usize,
    /// Position from the top of the page.
    pub y: f32,
}

/// Writes the pages into PDF bytes.
pub fn write(
    fonts: &Fonts,
    pages: &[Page],
    anchors: &HashMap<String, (usize, f32)>,
    outline: &[Bookmark],
    meta: &Meta,
) -> Result<Vec<u8>> {
    let mut doc = PdfDocument::new(&meta.title);

    // Fonts: each face used, subset to the characters it draws, under a fixed resource name.
    let mut used: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
    for page in pages {
        for item in &page.items {
            if let Item::Text { face, text, .. } = item {
                used.entry(*face).or_default().extend(text.chars());
            }
        }
    }
    for (face, chars) in &used {
        let font = fonts.subset(*face, chars)?;
        doc.resources
            .fonts
            .map
            .insert(FontId(face.resource().to_owned()), PdfFont::new(font));
    }

    let pdf_pages: Vec<PdfPage> = pages
        .iter()
        .map(|page| {
            PdfPage::new(
                Mm(PAGE_W * 25.4 / 72.0),
                Mm(PAGE_H * 25.4 / 72.0),
                ops(page),
            )
        })
        .collect();
    doc.with_pages(pdf_pages);

    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);

    let page_ids: Vec<ObjectId> = lo.get_pages().values().copied().collect();
    if page_ids.len() != pages.len() {
        return Err(Error::pdf(format!(
            "printpdf wrote {} pages for {} laid out",
            page_ids.len(),
            pages.len()
        )));
    }
    add_links(&mut lo, pages, &page_ids, anchors)?;
    add_outline(&mut lo, outline, &page_ids)?;
    set_info(&mut lo, meta)?;
    tag_subset_fonts(&mut lo, &used);
    compress(&mut lo)?;

    // The /ID is a digest of the document itself, so identical builds give identical files:
    // written as a fixed-length placeholder, then replaced in place by the digest of the
    // bytes with the placeholder (one serialisation instead of two).
    let placeholder = Object::String(vec![0u8; 16], StringFormat::Hexadecimal);
    lo.trailer
        .set("ID", Object::Array(vec![placeholder.clone(), placeholder]));
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| Error::pdf_from("serialising the document", e))?;
    let zeros = b"<00000000000000000000000000000000>";
    let digest = Sha256::digest(&bytes);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02X}")).collect();
    let id = format!("<{hex}>");
    // The trailer comes last; only its two placeholders are replaced.
    for _ in 0..2 {
        let Some(pos) = bytes.windows(zeros.len()).rposition(|w| w == zeros) else {
            return Err(Error::pdf("document /ID placeholder not found"));
        };
        bytes[pos..pos + zeros.len()].copy_from_slice(id.as_bytes());
    }
    Ok(bytes)
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

fn pt(x: f32, y_from_top: f32) -> Point {
    Point {
        x: Pt(x),
        y: Pt(PAGE_H - y_from_top),
    }
}

/// Text drawing state of a page: where the current text object's line started, and the
/// font and fill colour in the graphics state (which persist across text objects).
#[derive(Default)]
struct TextState {
    /// Start of the last text line in the open text object (PDF coordinates).
    line: Option<(f32, f32)>,
    font: Option<(Face, f32)>,
    fill: Option<Rgb>,
}

/// The drawing operations of a page. Each line of text is one text object, so extraction
/// and selection stay line by line; runs on a line move with relative offsets, and font and
/// colour are set only when they change, which keeps content streams small.
fn ops(page: &Page) -> Vec<Op> {
    let mut ops = Vec::new();
    let mut st = TextState::default();
    for item in &page.items {
        let same_line = matches!((item, st.line), (Item::Text { y, .. }, Some((_, ly))) if (PAGE_H - y - ly).abs() < 0.01);
        let keeps_text = same_line || matches!(item, Item::Link { .. });
        if !keeps_text && st.line.take().is_some() {
            ops.push(Op::EndTextSection);
        }
        match item {
            Item::Text {
                x,
                y,
                face,
                size,
                color: c,
                text,
                actual,
            } => {
                let (px, py) = (*x, PAGE_H - y);
                if st.font != Some((*face, *size)) {
                    if st.line.is_none() {
                        ops.push(Op::StartTextSection);
                        st.line = Some((0.0, 0.0));
                    }
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(FontId(face.resource().to_owned())),
                        size: Pt(*size),
                    });
                    st.font = Some((*face, *size));
                }
                if st.fill != Some(*c) {
                    ops.push(Op::SetFillColor { col: color(*c) });
                    st.fill = Some(*c);
                }
                let (lx, ly) = *st.line.get_or_insert_with(|| {
                    ops.push(Op::StartTextSection);
                    (0.0, 0.0)
                });
                // `Td` moves relative to the start of the previous run of the text object.
                ops.push(Op::SetTextCursor {
                    pos: Point {
                        x: Pt(px - lx),
                        y: Pt(py - ly),
                    },
                });
                st.line = Some((px, py));
                // A stand-in glyph is marked with the text it replaces, which text extraction
                // and screen readers use instead of the glyph.
                if let Some(a) = actual {
                    ops.push(Op::BeginMarkedContentWithProperties {
                        tag: "Span".to_owned(),
                        properties: actual_text(a),
                    });
                }
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(text.clone())],
                });
                if actual.is_some() {
                    ops.push(Op::EndMarkedContent);
                }
            }
            Item::Fill {
                x,
                y,
                w,
                h,
                color: c,
            } => {
                ops.push(Op::SetFillColor { col: color(*c) });
                st.fill = Some(*c);
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(*x),
                        y: Pt(PAGE_H - y - h),
                        width: Pt(*w),
                        height: Pt(*h),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                color: c,
            } => {
                ops.push(Op::SetOutlineColor { col: color(*c) });
                ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint {
                                p: pt(*x1, *y1),
                                bezier: false,
                            },
                            LinePoint {
                                p: pt(*x2, *y2),
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                });
            }
            Item::Link { .. } => {}
        }
    }
    if st.line.is_some() {
        ops.push(Op::EndTextSection);
    }
    ops
}

/// Deflates every stream not yet compressed, at zlib's default level: `best` (what lopdf
/// uses) costs several times the time for a few percent.
fn compress(lo: &mut lopdf::Document) -> Result<()> {
    use flate2::{Compression, write::ZlibEncoder};
    use std::io::Write;
    for obj in lo.objects.values_mut() {
        if let Object::Stream(stream) = obj {
            if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
                continue;
            }
            let mut enc = ZlibEncoder::new(Vec::new(), Compression::default());
            enc.write_all(&stream.content)
                .map_err(|e| Error::pdf_from("compressing a stream", e))?;
            let packed = enc
                .finish()
                .map_err(|e| Error::pdf_from("compressing a stream", e))?;
            if packed.len() + 19 < stream.content.len() {
                stream
                    .dict
                    .set("Filter", Object::Name(b"FlateDecode".to_vec()));
                stream.set_content(packed);
            }
        }
    }
    Ok(())
}

fn text_string(s: &str) -> Object {
    // UTF-16BE with BOM: the PDF text string form that carries any character.
    let mut bytes = vec![0xfe, 0xff];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn destination(page: ObjectId, y: f32) -> Object {
    Object::Array(vec![
        Object::Reference(page),
        Object::Name(b"XYZ".to_vec()),
        Object::Real(0.0),
        Object::Real((PAGE_H - y + 6.0).min(PAGE_H)),
        Object::Null,
    ])
}

/// Link annotations without the border printpdf draws by default, pointing at exact
/// positions (internal) or URIs (external). Links to unknown anchors are dropped.
fn add_links(
    lo: &mut lopdf::Document,
    pages: &[Page],
    page_ids: &[ObjectId],
    anchors: &HashMap<String, (usize, f32)>,
) -> Result<()> {
    // One action object per address, shared by every annotation of a link that wraps over
    // many lines (a long URL is written once, not once per line).
    let mut uri_actions: HashMap<std::sync::Arc<str>, ObjectId> = HashMap::new();
    for (i, page) in pages.iter().enumerate() {
        let mut annots = Vec::new();
        for item in &page.items {
            let Item::Link { x, y, w, h, target } = item else {
                continue;
            };
            let rect = Object::Array(vec![
                Object::Real(*x),
                Object::Real(PAGE_H - y - h),
                Object::Real(x + w),
                Object::Real(PAGE_H - y),
            ]);
            let mut dict = Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Annot".to_vec())),
                ("Subtype", Object::Name(b"Link".to_vec())),
                ("Rect", rect),
                (
                    "Border",
                    Object::Array(vec![
                        Object::Integer(0),
                        Object::Integer(0),
                        Object::Integer(0),
                    ]),
                ),
            ]);
            match target {
                Target::Internal(name) => {
                    let Some((p, ty)) = anchors.get(&**name) else {
                        continue;
                    };
                    dict.set("Dest", destination(page_ids[*p], *ty));
                }
                Target::Uri(uri) => {
                    let action = *uri_actions.entry(uri.clone()).or_insert_with(|| {
                        lo.add_object(Dictionary::from_iter(vec![
                            ("S", Object::Name(b"URI".to_vec())),
                            (
                                "URI",
                                Object::String(uri.as_bytes().to_vec(), StringFormat::Literal),
                            ),
                        ]))
                    });
                    dict.set("A", Object::Reference(action));
                }
            }
            annots.push(Object::Reference(lo.add_object(dict)));
        }
        let page = lo
            .get_dictionary_mut(page_ids[i])
            .map_err(|e| Error::pdf_from("finding a page", e))?;
        page.set("Annots", Object::Array(annots));
    }
    Ok(())
}

/// A nested outline from the flat, ordered list of bookmarks.
fn add_outline(lo: &mut lopdf::Document, marks: &[Bookmark], page_ids: &[ObjectId]) -> Result<()> {
    if marks.is_empty() {
        return Ok(());
    }
    // Parent of each entry: the nearest earlier entry with a smaller level.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(marks.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, m) in marks.iter().enumerate() {
        while stack.last().is_some_and(|&s| marks[s].level >= m.level) {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    let root = lo.new_object_id();
    let ids: Vec<ObjectId> = marks.iter().map(|_| lo.new_object_id()).collect();
    let children =
        |p: Option<usize>| -> Vec<usize> { (0..marks.len()).filter(|&i| parent[i] == p).collect() };
    // Descendant counts (all open, so viewers show the full tree).
    let mut count = vec![0i64; marks.len()];
    for i in (0..marks.len()).rev() {
        if let Some(p) = parent[i] {
            count[p] += 1 + count[i];
        }
    }
    for (i, m) in marks.iter().enumerate() {
        let siblings = children(parent[i]);
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let kids = children(Some(i));
        let mut d = Dictionary::from_iter(vec![
            ("Title", text_string(&m.title)),
            (
                "Parent",
                Object::Reference(parent[i].map_or(root, |p| ids[p])),
            ),
            ("Dest", destination(page_ids[m.page], m.y)),
        ]);
        if pos > 0 {
            d.set("Prev", Object::Reference(ids[siblings[pos - 1]]));
        }
        if let Some(&next) = siblings.get(pos + 1) {
            d.set("Next", Object::Reference(ids[next]));
        }
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            d.set("First", Object::Reference(ids[first]));
            d.set("Last", Object::Reference(ids[last]));
            // Top two levels open, deeper ones folded.
            let n = count[i];
            d.set("Count", Object::Integer(if m.level <= 1 { n } else { -n }));
        }
        lo.objects.insert(ids[i], Object::Dictionary(d));
    }
    let top = children(None);
    let visible = top.len() as i64
        + top
            .iter()
            .map(|&t| children(Some(t)).len() as i64)
            .sum::<i64>();
    lo.objects.insert(
        root,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Outlines".to_vec())),
            ("First", Object::Reference(ids[top[0]])),
            (
                "Last",
                Object::Reference(ids[*top.last().unwrap_or(&top[0])]),
            ),
            ("Count", Object::Integer(visible)),
        ])),
    );
    let catalog = lo
        .catalog_mut()
        .map_err(|e| Error::pdf_from("finding the document catalog", e))?;
    catalog.set("Outlines", Object::Reference(root));
    catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    catalog.set(
        "Lang",
        Object::String(b"en".to_vec(), StringFormat::Literal),
    );
    catalog.set(
        "ViewerPreferences",
        Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]),
    );
    Ok(())
}

fn pdf_date(secs: i64) -> String {
    let t = jiff::Timestamp::from_second(secs).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let dt = jiff::tz::TimeZone::UTC.to_datetime(t);
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

fn set_info(lo: &mut lopdf::Document, meta: &Meta) -> Result<()> {
    let date = Object::String(pdf_date(meta.date).into_bytes(), StringFormat::Literal);
    let info = Dictionary::from_iter(vec![
        ("Title", text_string(&meta.title)),
        ("Author", text_string(&meta.author)),
        ("Subject", text_string(&meta.subject)),
        ("Keywords", text_string(&meta.keywords.join(", "))),
        ("Creator", text_string(&meta.creator)),
        (
            "Producer",
            text_string(&format!("{} with printpdf 0.12", meta.creator)),
        ),
        ("CreationDate", date.clone()),
        ("ModDate", date),
    ]);
    let id = lo.add_object(info);
    lo.trailer.set("Info", Object::Reference(id));
    Ok(())
}

/// Marks each embedded font as a subset (`ABCDEF+Name`) with a tag derived from its glyph set,
/// as the PDF specification asks of subset fonts.
fn tag_subset_fonts(lo: &mut lopdf::Document, used: &BTreeMap<Face, BTreeSet<char>>) {
    let mut tags: HashMap<Vec<u8>, Vec<u8>> = HashMap::new();
    for (face, chars) in used {
        let digest = Sha256::digest(chars.iter().collect::<String>().as_bytes());
        let tag: String = digest[..6]
            .iter()
            .map(|b| (b'A' + b % 26) as char)
            .collect();
        tags.insert(
            face.postscript_name().as_bytes().to_vec(),
            format!("{tag}+{}", face.postscript_name()).into_bytes(),
        );
    }
    for obj in lo.objects.values_mut() {
        if let Object::Dictionary(d) = obj {
            for key in [b"BaseFont".as_slice(), b"FontName".as_slice()] {
                let renamed = match d.get(key) {
                    Ok(Object::Name(n)) => tags.get(n).cloned(),
                    _ => None,
                };
                if let Some(n) = renamed {
                    d.set(key, Object::Name(n));
                }
            }
        }
    }
}

/// `<< /ActualText (…) >>` with the text as UTF-16BE with a byte order mark, the encoding PDF
/// text strings use for characters outside PDFDocEncoding.
fn actual_text(text: &str) -> printpdf::DictItem {
    let mut data = vec![0xfe, 0xff];
    for unit in text.encode_utf16() {
        data.extend_from_slice(&unit.to_be_bytes());
    }
    let mut map = std::collections::BTreeMap::new();
    map.insert(
        "ActualText".to_owned(),
        printpdf::DictItem::String {
            data,
            literal: false,
        },
    );
    printpdf::DictItem::Dict { map }
}
