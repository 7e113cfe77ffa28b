//! What printpdf does for trustbook: encode drawing operations into content streams and
//! build the embedded fonts' objects.
//!
//! printpdf only serialises whole documents, so pages go through it in small batches: each
//! batch is a throw-away document holding the same pre-subset fonts, from which only the
//! pages' content streams are kept. Glyph ids are those of the subset fonts, made once from
//! every character the document draws, so every batch encodes text the same way. The font
//! objects come from one last document whose single page draws every one of those
//! characters, which gives widths and `ToUnicode` maps for all of them.

use super::fonts::{Face, Fonts};
use super::layout::{PAGE_H, PAGE_W};
use crate::error::{Error, Result};
use lopdf::{Object, ObjectId};
use printpdf::{
    FontId, Mm, Op, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, TextItem,
};
use std::collections::{BTreeMap, BTreeSet};

/// The characters each face draws anywhere in a document.
pub type Used = BTreeMap<Face, BTreeSet<char>>;

/// The subset fonts of one document, and the encoder of its pages.
pub struct Encoder {
    fonts: Vec<(Face, PdfFont)>,
    used: Used,
}

/// A font's objects, ready to copy into the file: the font dictionary's number within
/// `objects`, and every object it refers to.
pub struct FontObjects {
    /// The objects, numbered as printpdf numbered them.
    pub objects: BTreeMap<ObjectId, Object>,
    /// The font dictionary of each face.
    pub roots: BTreeMap<Face, ObjectId>,
}

impl Encoder {
    /// Subsets each face to the characters it draws.
    pub fn new(fonts: &Fonts, used: Used) -> Result<Encoder> {
        let mut subset = Vec::new();
        for (face, chars) in &used {
            subset.push((*face, PdfFont::new(fonts.subset(*face, chars)?)));
        }
        Ok(Encoder {
            fonts: subset,
            used,
        })
    }

    /// The characters each face draws.
    pub fn used(&self) -> &Used {
        &self.used
    }

    fn document(&self, pages: Vec<Vec<Op>>) -> lopdf::Document {
        let mut doc = PdfDocument::new("");
        for (face, font) in &self.fonts {
            doc.resources
                .fonts
                .map
                .insert(FontId(face.resource().to_owned()), font.clone());
        }
        let (w, h) = (Mm(PAGE_W * 25.4 / 72.0), Mm(PAGE_H * 25.4 / 72.0));
        doc.with_pages(
            pages
                .into_iter()
                .map(|ops| PdfPage::new(w, h, ops))
                .collect(),
        );
        let opts = PdfSaveOptions {
            optimize: false,
            subset_fonts: false,
            secure: true,
            image_optimization: None,
        };
        doc.to_lopdf_document(&opts, &mut Vec::new())
    }

    /// The content streams of a batch of pages, in order, uncompressed.
    pub fn contents(&self, pages: Vec<Vec<Op>>) -> Result<Vec<Vec<u8>>> {
        let expected = pages.len();
        let mut lo = self.document(pages);
        let ids: Vec<ObjectId> = lo.get_pages().into_values().collect();
        if ids.len() != expected {
            return Err(Error::pdf(format!(
                "printpdf encoded {} pages for {expected}",
                ids.len()
            )));
        }
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let contents = lo
                .get_dictionary(id)
                .and_then(|page| page.get(b"Contents"))
                .map_err(|e| Error::pdf_from("reading an encoded page", e))?;
            let refs = match contents {
                Object::Reference(r) => vec![*r],
                Object::Array(a) => a.iter().filter_map(|o| o.as_reference().ok()).collect(),
                _ => Vec::new(),
            };
            let mut bytes = Vec::new();
            for r in refs {
                if let Some(Object::Stream(s)) = lo.objects.remove(&r) {
                    if s.dict.get(b"Filter").is_ok() {
                        return Err(Error::pdf("printpdf compressed a content stream"));
                    }
                    bytes.extend_from_slice(&s.content);
                }
            }
            out.push(bytes);
        }
        Ok(out)
    }

    /// The font objects, from a page that draws every character of every face.
    pub fn font_objects(&self) -> Result<FontObjects> {
        let mut ops = vec![Op::StartTextSection];
        for (face, chars) in &self.used {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(FontId(face.resource().to_owned())),
                size: Pt(10.0),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(chars.iter().collect())],
            });
        }
        ops.push(Op::EndTextSection);
        let lo = self.document(vec![ops]);
        let page = lo
            .get_pages()
            .into_values()
            .next()
            .ok_or_else(|| Error::pdf("printpdf wrote no page for the fonts"))?;
        let fonts = lo
            .get_dictionary(page)
            .and_then(|p| p.get(b"Resources"))
            .and_then(|r| lo.dereference(r))
            .and_then(|(_, r)| r.as_dict())
            .and_then(|r| r.get(b"Font"))
            .and_then(|f| lo.dereference(f))
            .and_then(|(_, f)| f.as_dict())
            .map_err(|e| Error::pdf_from("finding the fonts printpdf wrote", e))?;
        let mut roots = BTreeMap::new();
        for (face, _) in &self.fonts {
            let id = fonts
                .get(face.resource().as_bytes())
                .and_then(Object::as_reference)
                .map_err(|e| Error::pdf_from("finding a font printpdf wrote", e))?;
            roots.insert(*face, id);
        }
        // Everything reachable from the font dictionaries (descendant font, descriptor,
        // font file, ToUnicode map), found with an explicit stack.
        let mut objects = BTreeMap::new();
        let mut stack: Vec<ObjectId> = roots.values().copied().collect();
        while let Some(id) = stack.pop() {
            if objects.contains_key(&id) {
                continue;
            }
            let obj = lo
                .get_object(id)
                .map_err(|e| Error::pdf_from("copying a font object", e))?
                .clone();
            references(&obj, &mut stack);
            objects.insert(id, obj);
        }
        Ok(FontObjects { objects, roots })
    }
}

/// Pushes every reference inside an object (walked with an explicit stack).
pub fn references(obj: &Object, out: &mut Vec<ObjectId>) {
    let mut todo = vec![obj];
    while let Some(o) = todo.pop() {
        match o {
            Object::Reference(r) => out.push(*r),
            Object::Array(a) => todo.extend(a.iter()),
            Object::Dictionary(d) => todo.extend(d.iter().map(|(_, v)| v)),
            Object::Stream(s) => todo.extend(s.dict.iter().map(|(_, v)| v)),
            _ => {}
        }
    }
}

/// Replaces every reference inside an object through `map` (walked with an explicit stack).
pub fn renumber(obj: &mut Object, map: &BTreeMap<ObjectId, ObjectId>) {
    let mut todo = vec![obj];
    while let Some(o) = todo.pop() {
        match o {
            Object::Reference(r) => {
                if let Some(n) = map.get(r) {
                    *r = *n;
                }
            }
            Object::Array(a) => todo.extend(a.iter_mut()),
            Object::Dictionary(d) => todo.extend(d.iter_mut().map(|(_, v)| v)),
            Object::Stream(s) => todo.extend(s.dict.iter_mut().map(|(_, v)| v)),
            _ => {}
        }
    }
}
