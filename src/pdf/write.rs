//! The document writer. Pages go to the file as they are laid out, in batches of
//! [`BATCH`]: printpdf encodes their drawing into content streams (see `encode`), and this
//! module writes everything around them — page objects, link annotations, the outline,
//! fonts, metadata — with object numbers fixed in advance, so nothing but per-page
//! bookkeeping stays in memory and the same input always gives the same bytes.
//!
//! Numbers: 1 catalog, 2 page tree, 3 shared resources, 4 document information, 5 outline
//! root, 6 structure tree root, then one per page in order (known before any page is written, so a link can point
//! forward), then everything else in the order it is written.

use super::doc::Target;
use super::encode::{Encoder, renumber};
use super::fonts::Face;
use super::layout::{Item, PAGE_H, PAGE_W, Page};
use super::ops::Mark;
use super::outline::{self, Bookmark};
use super::serial::ObjectWriter;
use super::tags::Tree;
use crate::error::{Error, Result};
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::sync::Arc;

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
    /// The document's language (BCP 47), for `/Lang` and the metadata.
    pub lang: String,
}

impl Meta {
    /// The producing software, as the information dictionary and the metadata name it.
    pub fn producer(&self) -> String {
        format!("{} with printpdf 0.12", self.creator)
    }
}

/// A page's marks by item, its parent-tree key, and its annotations.
type Marked = (Vec<Mark>, Option<i64>, Vec<Object>);

const CATALOG: ObjectId = (1, 0);
const PAGES: ObjectId = (2, 0);
const RESOURCES: ObjectId = (3, 0);
const INFO: ObjectId = (4, 0);
const OUTLINES: ObjectId = (5, 0);
const STRUCTURE: ObjectId = (6, 0);
const FIRST_PAGE: u32 = 7;

/// Pages encoded per printpdf document: large enough that its per-document work (cloning
/// three subset fonts) is small beside the pages', small enough to keep memory flat.
pub const BATCH: usize = 24;

/// A PDF being written page by page.
pub struct DocWriter<'w, 'a> {
    obj: ObjectWriter<'w>,
    enc: Encoder,
    total: usize,
    done: usize,
    batch: Vec<Page>,
    /// Named destinations of the whole document: (page index, y).
    anchors: &'a HashMap<String, (usize, f32)>,
    /// The images this PDF can show, and the object of each one written so far.
    images: &'a super::assets::Images,
    image_ids: BTreeMap<Arc<str>, ObjectId>,
    /// The logical structure, filled as pages are written.
    tree: Tree,
    /// One action object per web address, shared by every annotation of a link that wraps
    /// over many lines (a long URL is written once, not once per line).
    uri_actions: HashMap<Arc<str>, ObjectId>,
}

fn page_id(i: usize) -> ObjectId {
    (FIRST_PAGE + i as u32, 0)
}

impl<'w, 'a> DocWriter<'w, 'a> {
    /// Starts a document of `total` pages whose text uses the encoder's fonts.
    pub fn begin(
        out: &'w mut dyn Write,
        enc: Encoder,
        total: usize,
        anchors: &'a HashMap<String, (usize, f32)>,
        images: &'a super::assets::Images,
    ) -> Result<DocWriter<'w, 'a>> {
        let first_free = u32::try_from(total)
            .ok()
            .and_then(|t| t.checked_add(FIRST_PAGE))
            .ok_or_else(|| Error::pdf("too many pages"))?;
        Ok(DocWriter {
            obj: ObjectWriter::begin(out, first_free)?,
            enc,
            total,
            done: 0,
            batch: Vec::with_capacity(BATCH),
            anchors,
            images,
            image_ids: BTreeMap::new(),
            tree: Tree::default(),
            uri_actions: HashMap::new(),
        })
    }

    /// Adds the next page.
    pub fn page(&mut self, page: Page) -> Result<()> {
        self.batch.push(page);
        if self.batch.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        let pages = std::mem::take(&mut self.batch);
        for page in &pages {
            for item in &page.items {
                if let Item::Image { name, .. } = item {
                    self.image(name)?;
                }
            }
        }
        let mut marked = Vec::with_capacity(pages.len());
        for (k, page) in pages.iter().enumerate() {
            marked.push(self.marks(page, page_id(self.done + k))?);
        }
        let contents = self.enc.contents(
            pages
                .iter()
                .zip(&marked)
                .map(|(page, (marks, _, _))| super::ops::ops(page, marks))
                .collect(),
        )?;
        for (content, (_, key, annots)) in contents.into_iter().zip(marked) {
            let i = self.done;
            if i >= self.total {
                return Err(Error::pdf(format!(
                    "more pages written than the {} laid out",
                    self.total
                )));
            }
            let (content, filter) = deflate(content)?;
            let mut dict = Dictionary::new();
            if filter {
                dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            }
            let content_id = self.obj.next_id();
            self.obj.stream(content_id, dict, content)?;
            let mut dict = Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Page".to_vec())),
                ("Parent", Object::Reference(PAGES)),
                (
                    "MediaBox",
                    Object::Array(vec![
                        Object::Integer(0),
                        Object::Integer(0),
                        Object::Real(PAGE_W),
                        Object::Real(PAGE_H),
                    ]),
                ),
                ("Resources", Object::Reference(RESOURCES)),
                ("Contents", Object::Reference(content_id)),
            ]);
            if let Some(key) = key {
                dict.set("StructParents", Object::Integer(key));
            }
            if !annots.is_empty() {
                dict.set("Annots", Object::Array(annots));
                // Tab order follows the structure (PDF/UA).
                dict.set("Tabs", Object::Name(b"S".to_vec()));
            }
            self.obj
                .write_plain(page_id(i), &Object::Dictionary(dict))?;
            self.done += 1;
        }
        self.batch = pages;
        self.batch.clear();
        Ok(())
    }

    /// How each item of a page is marked, numbering its marked content; records the page's
    /// elements and content in the structure tree and returns the page's parent-tree key.
    fn marks(&mut self, page: &Page, page_obj: ObjectId) -> Result<Marked> {
        let mut marks = Vec::with_capacity(page.items.len());
        let mut annots = Vec::new();
        // The element owning each MCID, in order.
        let mut owners: Vec<ObjectId> = Vec::new();
        for item in &page.items {
            let elem = match item {
                Item::Begin(e) => {
                    self.tree.begin(&mut self.obj, e);
                    marks.push(Mark::None);
                    continue;
                }
                Item::End(id) => {
                    self.tree.end(&mut self.obj, *id)?;
                    marks.push(Mark::None);
                    continue;
                }
                Item::Link { .. } => {
                    // Written now, so its link element (ended later on this page) has it.
                    if let Some(id) = self.annotation(item, page_obj)? {
                        annots.push(Object::Reference(id));
                    }
                    marks.push(Mark::None);
                    continue;
                }
                Item::Text { elem, .. } | Item::Image { elem, .. } => *elem,
                Item::Fill { .. } | Item::Line { .. } => 0,
            };
            marks.push(match self.tree.elem(elem) {
                _ if elem == super::tags::PAGINATION => Mark::Pagination,
                Some((obj, kind)) if elem != 0 => {
                    let mcid = owners.len() as u32;
                    owners.push(obj);
                    self.tree.content(elem, page_obj, mcid);
                    Mark::Tagged {
                        tag: kind.name(),
                        mcid,
                    }
                }
                _ => Mark::Artifact,
            });
        }
        if owners.is_empty() {
            return Ok((marks, None, annots));
        }
        let key = self.tree.key();
        self.tree.page_parents(&mut self.obj, key, &owners)?;
        Ok((marks, Some(key), annots))
    }

    /// Writes an image the first time a page shows it: a JPEG as it is, a PNG decoded and
    /// deflated with its transparency as a soft mask. One image at a time is in memory.
    fn image(&mut self, name: &Arc<str>) -> Result<()> {
        if self.image_ids.contains_key(name) {
            return Ok(());
        }
        let Some(e) = self.images.values().find(|e| &e.name == name) else {
            return Err(Error::pdf(format!("no image named {name}")));
        };
        let bytes =
            std::fs::read(&e.source).map_err(|err| Error::io("cannot read", &e.source, err))?;
        let x = super::image::xobject(&bytes)
            .map_err(|err| Error::pdf(format!("cannot embed {}: {err}", e.source.display())))?;
        drop(bytes);
        let mut image = x.image;
        if let Some(mask) = x.smask {
            let id = self.obj.next_id();
            self.obj.stream(id, mask.dict, mask.content)?;
            image.dict.set("SMask", Object::Reference(id));
        }
        let id = self.obj.next_id();
        self.obj.stream(id, image.dict, image.content)?;
        self.image_ids.insert(name.clone(), id);
        Ok(())
    }

    /// A link annotation without a border, pointing at an exact position (internal) or a URI
    /// (external), registered with its link element. A link to an unknown anchor is dropped.
    fn annotation(&mut self, item: &Item, page_obj: ObjectId) -> Result<Option<ObjectId>> {
        {
            let Item::Link {
                x,
                y,
                w,
                h,
                target,
                elem,
                text,
            } = item
            else {
                return Ok(None);
            };
            let mut dict = Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Annot".to_vec())),
                ("Subtype", Object::Name(b"Link".to_vec())),
                (
                    "Rect",
                    Object::Array(vec![
                        Object::Real(*x),
                        Object::Real(PAGE_H - y - h),
                        Object::Real(x + w),
                        Object::Real(PAGE_H - y),
                    ]),
                ),
                ("Border", Object::Array(vec![0.into(), 0.into(), 0.into()])),
                // Printed like the text under it.
                ("F", Object::Integer(4)),
            ]);
            match target {
                Target::Internal(name) => {
                    let Some((p, ty)) = self.anchors.get(&**name) else {
                        return Ok(None);
                    };
                    dict.set("Dest", destination(*p, *ty));
                }
                Target::Uri(uri) => {
                    let action = match self.uri_actions.get(uri) {
                        Some(id) => *id,
                        None => {
                            let id =
                                self.obj
                                    .add(&Object::Dictionary(Dictionary::from_iter(vec![
                                        ("S", Object::Name(b"URI".to_vec())),
                                        (
                                            "URI",
                                            Object::String(
                                                uri.as_bytes().to_vec(),
                                                StringFormat::Literal,
                                            ),
                                        ),
                                    ])))?;
                            self.uri_actions.insert(uri.clone(), id);
                            id
                        }
                    };
                    dict.set("A", Object::Reference(action));
                }
            }
            // What the link is, for readers that announce annotations.
            let contents = match target {
                Target::Uri(uri) if text.trim() != &**uri => format!("{} ({uri})", text.trim()),
                _ => text.trim().to_owned(),
            };
            dict.set("Contents", text_string(&contents));
            let id = self.obj.next_id();
            if let Some(key) = self.tree.annotation(*elem, id, page_obj) {
                dict.set("StructParent", Object::Integer(key));
            }
            self.obj.write(id, &Object::Dictionary(dict))?;
            Ok(Some(id))
        }
    }

    /// Writes the last pages, the fonts, the page tree, the outline, the metadata and the
    /// catalog, and returns the file's length.
    pub fn finish(mut self, marks: &[Bookmark], meta: &Meta) -> Result<u64> {
        if !self.batch.is_empty() {
            self.flush()?;
        }
        if self.done != self.total {
            return Err(Error::pdf(format!(
                "{} pages written of the {} laid out",
                self.done, self.total
            )));
        }
        let fonts = self.fonts()?;
        let mut resources = Dictionary::from_iter(vec![("Font", Object::Dictionary(fonts))]);
        if !self.image_ids.is_empty() {
            resources.set(
                "XObject",
                Object::Dictionary(Dictionary::from_iter(
                    self.image_ids
                        .iter()
                        .map(|(name, id)| (name.to_string(), Object::Reference(*id))),
                )),
            );
        }
        self.obj.write(RESOURCES, &Object::Dictionary(resources))?;
        self.obj.write(
            PAGES,
            &Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Pages".to_vec())),
                (
                    "Kids",
                    Object::Array(
                        (0..self.total)
                            .map(|i| Object::Reference(page_id(i)))
                            .collect(),
                    ),
                ),
                ("Count", Object::Integer(self.total as i64)),
            ])),
        )?;
        outline::write(&mut self.obj, OUTLINES, marks, destination)?;
        std::mem::take(&mut self.tree).finish(&mut self.obj, STRUCTURE, &meta.lang)?;
        self.obj.write(INFO, &Object::Dictionary(info(meta)))?;
        // Metadata is never compressed (PDF/A asks that it be readable as it is).
        let xmp = super::xmp::packet(meta, &meta.lang, super::xmp::Claims { pdfa2u: true });
        let metadata = self.obj.next_id();
        self.obj.stream(
            metadata,
            Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Metadata".to_vec())),
                ("Subtype", Object::Name(b"XML".to_vec())),
            ]),
            xmp.into_bytes(),
        )?;
        let intent = self.output_intent()?;
        let mut catalog = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Catalog".to_vec())),
            ("Pages", Object::Reference(PAGES)),
            ("Outlines", Object::Reference(OUTLINES)),
            ("PageLayout", Object::Name(b"OneColumn".to_vec())),
            ("Metadata", Object::Reference(metadata)),
            ("StructTreeRoot", Object::Reference(STRUCTURE)),
            (
                "MarkInfo",
                Object::Dictionary(Dictionary::from_iter(vec![(
                    "Marked",
                    Object::Boolean(true),
                )])),
            ),
            ("OutputIntents", Object::Array(vec![intent])),
            ("Lang", text_string(&meta.lang)),
            (
                "ViewerPreferences",
                Object::Dictionary(Dictionary::from_iter(vec![(
                    "DisplayDocTitle",
                    Object::Boolean(true),
                )])),
            ),
        ]);
        if !marks.is_empty() {
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        self.obj.write(CATALOG, &Object::Dictionary(catalog))?;
        self.obj.finish(CATALOG, INFO)
    }

    /// The PDF/A output intent: sRGB, the space of every colour trustbook draws.
    fn output_intent(&mut self) -> Result<Object> {
        let profile = self.obj.next_id();
        let (icc, filter) = deflate(super::icc::srgb())?;
        let mut dict = Dictionary::from_iter(vec![("N", Object::Integer(3))]);
        if filter {
            dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        }
        self.obj.stream(profile, dict, icc)?;
        let text = |s: &str| Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
        Ok(Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"OutputIntent".to_vec())),
            ("S", Object::Name(b"GTS_PDFA1".to_vec())),
            ("OutputConditionIdentifier", text("sRGB IEC61966-2.1")),
            ("Info", text("sRGB IEC61966-2.1")),
            ("RegistryName", text("http://www.color.org")),
            ("DestOutputProfile", Object::Reference(profile)),
        ])))
    }

    /// Copies printpdf's font objects under new numbers, each marked as a subset, its
    /// streams compressed; returns the resources' `/Font` dictionary.
    fn fonts(&mut self) -> Result<Dictionary> {
        let fonts = self.enc.font_objects()?;
        let tags = subset_tags(self.enc.used());
        let map: BTreeMap<ObjectId, ObjectId> = fonts
            .objects
            .keys()
            .map(|id| (*id, self.obj.next_id()))
            .collect();
        for (old, mut obj) in fonts.objects {
            renumber(&mut obj, &map);
            let new = map.get(&old).copied().unwrap_or(old);
            match obj {
                Object::Stream(s) => {
                    let mut dict = s.dict;
                    let content = if dict.get(b"Filter").is_ok() {
                        s.content
                    } else {
                        let (content, filter) = deflate(s.content)?;
                        if filter {
                            dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                        }
                        content
                    };
                    self.obj.stream(new, dict, content)?;
                }
                mut other => {
                    tag_fonts(&mut other, &tags);
                    self.obj.write(new, &other)?;
                }
            }
        }
        let mut dict = Dictionary::new();
        for (face, root) in fonts.roots {
            let id = map.get(&root).copied().unwrap_or(root);
            dict.set(face.resource(), Object::Reference(id));
        }
        Ok(dict)
    }
}

/// Renames the fonts in an object (and the dictionaries inside it: a descendant font sits
/// in its parent's array) to their subset names, walked with an explicit stack.
fn tag_fonts(obj: &mut Object, tags: &HashMap<Vec<u8>, Vec<u8>>) {
    let mut todo = vec![obj];
    while let Some(o) = todo.pop() {
        match o {
            Object::Dictionary(d) => {
                for (key, value) in d.iter_mut() {
                    if key.as_slice() == b"BaseFont" || key.as_slice() == b"FontName" {
                        if let Object::Name(n) = value
                            && let Some(t) = tags.get(n.as_slice())
                        {
                            *n = t.clone();
                        }
                    } else {
                        todo.push(value);
                    }
                }
            }
            Object::Array(a) => todo.extend(a.iter_mut()),
            _ => {}
        }
    }
}

/// `ABCDEF+Name` for each face: the subset tag the PDF specification asks of subset fonts,
/// derived from the glyph set so it is stable across builds.
fn subset_tags(used: &super::encode::Used) -> HashMap<Vec<u8>, Vec<u8>> {
    let mut tags = HashMap::new();
    for (face, chars) in used {
        let face: &Face = face;
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
    tags
}

/// Deflates at zlib's default level (`best` costs several times the time for a few
/// percent); keeps the bytes as they are when that does not make them smaller.
fn deflate(bytes: Vec<u8>) -> Result<(Vec<u8>, bool)> {
    let packed = super::serial::zlib(&bytes)?;
    Ok(if packed.len() + 19 < bytes.len() {
        (packed, true)
    } else {
        (bytes, false)
    })
}

/// A PDF text string: plain ASCII as it is (PDFDocEncoding agrees with ASCII there), anything
/// else as UTF-16BE with a byte order mark, the form that carries any character.
pub fn text_string(s: &str) -> Object {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xfe, 0xff];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// A destination: page `page` scrolled so that `y` (from the top) shows just below the top.
fn destination(page: usize, y: f32) -> Object {
    Object::Array(vec![
        Object::Reference(page_id(page)),
        Object::Name(b"XYZ".to_vec()),
        Object::Real(0.0),
        Object::Real((PAGE_H - y + 6.0).min(PAGE_H)),
        Object::Null,
    ])
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

fn info(meta: &Meta) -> Dictionary {
    let date = Object::String(pdf_date(meta.date).into_bytes(), StringFormat::Literal);
    Dictionary::from_iter(vec![
        ("Title", text_string(&meta.title)),
        ("Author", text_string(&meta.author)),
        ("Subject", text_string(&meta.subject)),
        ("Keywords", text_string(&meta.keywords.join(", "))),
        ("Creator", text_string(&meta.creator)),
        ("Producer", text_string(&meta.producer())),
        ("CreationDate", date.clone()),
        ("ModDate", date),
    ])
}
