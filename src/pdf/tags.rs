//! The logical structure (PDF/UA "tags"): what each piece of content is (heading, paragraph,
//! list item, table cell, link, figure), in reading order, for screen readers, reflow and
//! text extraction.
//!
//! The layout opens an element for each block it lays out ([`Elem`], carried on the page as
//! [`super::layout::Item::Begin`]) and marks each drawn item with the element it belongs to;
//! 0 marks an artifact (running headers, rules, fills, repeated table headers), which readers
//! skip. The writer ([`Tree`]) numbers the marked content of each page (MCIDs), records which
//! element owns each one (the parent tree) and writes the elements at the end.

use super::serial::ObjectWriter;
use crate::error::Result;
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use std::collections::HashMap;

/// The element number of running headers, footers and page numbers: artifacts of the
/// pagination, which readers may announce as such or skip.
pub const PAGINATION: u32 = u32::MAX;

/// A standard structure type (ISO 32000-1, 14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A section: a heading and what follows it up to the next heading of its level.
    Sect,
    /// A heading, 1 to 6 by nesting depth.
    H(u8),
    /// A paragraph.
    P,
    /// A list.
    L,
    /// A list item.
    LI,
    /// A list item's bullet or number.
    Lbl,
    /// A list item's content.
    LBody,
    /// A table.
    Table,
    /// Its header rows.
    THead,
    /// Its body rows.
    TBody,
    /// A row.
    TR,
    /// A header cell (scope: its column).
    TH,
    /// A data cell.
    TD,
    /// A link: its text and its annotation.
    Link,
    /// An image, with its alternative text.
    Figure,
    /// A table of contents.
    Toc,
    /// One of its entries.
    Toci,
    /// Preformatted code.
    Code,
    /// A quotation.
    BlockQuote,
    /// A generic group (a callout, a layout table).
    Div,
    /// A footnote.
    Note,
}

impl Kind {
    /// The structure type's name.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Sect => "Sect",
            Kind::H(1) => "H1",
            Kind::H(2) => "H2",
            Kind::H(3) => "H3",
            Kind::H(4) => "H4",
            Kind::H(5) => "H5",
            Kind::H(_) => "H6",
            Kind::P => "P",
            Kind::L => "L",
            Kind::LI => "LI",
            Kind::Lbl => "Lbl",
            Kind::LBody => "LBody",
            Kind::Table => "Table",
            Kind::THead => "THead",
            Kind::TBody => "TBody",
            Kind::TR => "TR",
            Kind::TH => "TH",
            Kind::TD => "TD",
            Kind::Link => "Link",
            Kind::Figure => "Figure",
            Kind::Toc => "TOC",
            Kind::Toci => "TOCI",
            Kind::Code => "Code",
            Kind::BlockQuote => "BlockQuote",
            Kind::Div => "Div",
            Kind::Note => "Note",
        }
    }
}

/// An element, as the layout opens it.
#[derive(Debug, Clone, PartialEq)]
pub struct Elem {
    /// Its number, unique in the document (from 1).
    pub id: u32,
    /// Its parent's number; 0 is the document.
    pub parent: u32,
    /// What it is.
    pub kind: Kind,
    /// Alternative text (figures).
    pub alt: Option<String>,
    /// Its language, when it differs from the document's.
    pub lang: Option<String>,
}

/// Something an element holds, in reading order.
#[derive(Debug, Clone, Copy)]
enum Kid {
    /// A child element: its number and object.
    Elem(u32, ObjectId),
    /// Marked content on a page: (page object, MCID).
    Mcid(ObjectId, u32),
    /// An annotation on a page: (annotation, page).
    Annot(ObjectId, ObjectId),
}

#[derive(Debug)]
struct Rec {
    obj: ObjectId,
    /// The parent's object (the document element for top-level ones).
    parent: ObjectId,
    kind: Kind,
    alt: Option<String>,
    lang: Option<String>,
    kids: Vec<Kid>,
}

/// The structure being written: the elements not yet complete, by number, and the parent
/// tree's entries. An element is written (and forgotten) when the layout ends it, so memory
/// holds the open elements, not the document's.
#[derive(Debug, Default)]
pub struct Tree {
    elems: HashMap<u32, Rec>,
    /// Top-level elements, in order.
    top: Vec<ObjectId>,
    /// The document element's number, taken with the first element.
    document: Option<ObjectId>,
    /// Parent tree: key → what the key's marked content or annotation belongs to.
    parents: Vec<(i64, Object)>,
    next_key: i64,
}

impl Tree {
    /// Records an element opened by the layout (the first time it is seen).
    pub fn begin(&mut self, w: &mut ObjectWriter<'_>, e: &Elem) {
        if self.elems.contains_key(&e.id) {
            return;
        }
        let document = *self.document.get_or_insert_with(|| w.next_id());
        let obj = w.next_id();
        let parent = match self.elems.get_mut(&e.parent) {
            Some(p) if e.parent != 0 => {
                p.kids.push(Kid::Elem(e.id, obj));
                p.obj
            }
            _ => {
                self.top.push(obj);
                document
            }
        };
        self.elems.insert(
            e.id,
            Rec {
                obj,
                parent,
                kind: e.kind,
                alt: e.alt.clone(),
                lang: e.lang.clone(),
                kids: Vec::new(),
            },
        );
    }

    /// Writes an element the layout has ended, with everything inside it not yet written.
    pub fn end(&mut self, w: &mut ObjectWriter<'_>, id: u32) -> Result<()> {
        let mut todo = vec![id];
        while let Some(id) = todo.pop() {
            let Some(rec) = self.elems.remove(&id) else {
                continue;
            };
            todo.extend(rec.kids.iter().filter_map(|k| match k {
                Kid::Elem(child, _) => Some(*child),
                _ => None,
            }));
            write_elem(w, &rec)?;
        }
        Ok(())
    }

    /// The element's object and structure type, if it was opened.
    pub fn elem(&self, id: u32) -> Option<(ObjectId, Kind)> {
        self.elems.get(&id).map(|r| (r.obj, r.kind))
    }

    /// Adds marked content `mcid` of `page` to an element.
    pub fn content(&mut self, id: u32, page: ObjectId, mcid: u32) {
        if let Some(r) = self.elems.get_mut(&id) {
            r.kids.push(Kid::Mcid(page, mcid));
        }
    }

    /// Adds an annotation to an element and returns its `/StructParent` key.
    pub fn annotation(&mut self, id: u32, annot: ObjectId, page: ObjectId) -> Option<i64> {
        let key = self.next_key;
        let r = self.elems.get_mut(&id)?;
        r.kids.push(Kid::Annot(annot, page));
        let obj = r.obj;
        self.next_key += 1;
        self.parents.push((key, Object::Reference(obj)));
        Some(key)
    }

    /// A new parent-tree key.
    pub fn key(&mut self) -> i64 {
        let k = self.next_key;
        self.next_key += 1;
        k
    }

    /// Records the owners of a page's marked content (by MCID) under a key, as an indirect
    /// array written now.
    pub fn page_parents(
        &mut self,
        w: &mut ObjectWriter<'_>,
        key: i64,
        owners: &[ObjectId],
    ) -> Result<()> {
        let refs = owners.iter().map(|o| Object::Reference(*o)).collect();
        let at = w.add(&Object::Array(refs))?;
        self.parents.push((key, Object::Reference(at)));
        Ok(())
    }

    /// Writes the elements still open, the document element and the structure tree root (at
    /// `root`).
    pub fn finish(mut self, w: &mut ObjectWriter<'_>, root: ObjectId, lang: &str) -> Result<()> {
        let mut left: Vec<u32> = self.elems.keys().copied().collect();
        left.sort_unstable();
        for id in left {
            self.end(w, id)?;
        }
        let document = match self.document {
            Some(d) => d,
            None => w.next_id(),
        };
        let top: Vec<Object> = self.top.iter().map(|o| Object::Reference(*o)).collect();
        w.write(
            document,
            &Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"StructElem".to_vec())),
                ("S", Object::Name(b"Document".to_vec())),
                ("P", Object::Reference(root)),
                ("K", Object::Array(top)),
                (
                    "Lang",
                    Object::String(lang.as_bytes().to_vec(), StringFormat::Literal),
                ),
            ])),
        )?;
        let mut nums = Vec::with_capacity(self.parents.len() * 2);
        let mut parents = self.parents;
        parents.sort_by_key(|(k, _)| *k);
        for (k, v) in parents {
            nums.push(Object::Integer(k));
            nums.push(v);
        }
        w.write(
            root,
            &Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"StructTreeRoot".to_vec())),
                ("K", Object::Reference(document)),
                (
                    "ParentTree",
                    Object::Dictionary(Dictionary::from_iter(vec![("Nums", Object::Array(nums))])),
                ),
                ("ParentTreeNextKey", Object::Integer(self.next_key)),
            ])),
        )
    }
}

/// Writes one element: its type, parent, kids in order (marked content on its own page as
/// plain numbers, elsewhere as references with their page), page and alternative text.
fn write_elem(w: &mut ObjectWriter<'_>, r: &Rec) -> Result<()> {
    // The element's page: where its first marked content is.
    let home = r.kids.iter().find_map(|k| match k {
        Kid::Mcid(p, _) | Kid::Annot(_, p) => Some(*p),
        Kid::Elem(..) => None,
    });
    let kids: Vec<Object> = r
        .kids
        .iter()
        .map(|k| match *k {
            Kid::Elem(_, obj) => Object::Reference(obj),
            Kid::Mcid(p, m) if Some(p) == home => Object::Integer(m.into()),
            Kid::Mcid(p, m) => Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"MCR".to_vec())),
                ("Pg", Object::Reference(p)),
                ("MCID", Object::Integer(m.into())),
            ])),
            Kid::Annot(a, p) => Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"OBJR".to_vec())),
                ("Pg", Object::Reference(p)),
                ("Obj", Object::Reference(a)),
            ])),
        })
        .collect();
    let mut d = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"StructElem".to_vec())),
        ("S", Object::Name(r.kind.name().as_bytes().to_vec())),
        ("P", Object::Reference(r.parent)),
        ("K", Object::Array(kids)),
    ]);
    if let Some(p) = home {
        d.set("Pg", Object::Reference(p));
    }
    if let Some(alt) = &r.alt {
        d.set("Alt", super::write::text_string(alt));
    }
    if let Some(lang) = &r.lang {
        d.set("Lang", super::write::text_string(lang));
    }
    if r.kind == Kind::Note {
        // PDF/UA asks every note for a unique identifier.
        d.set(
            "ID",
            Object::String(
                format!("note-{}", r.obj.0).into_bytes(),
                StringFormat::Literal,
            ),
        );
    }
    if r.kind == Kind::TH {
        d.set(
            "A",
            Object::Dictionary(Dictionary::from_iter(vec![
                ("O", Object::Name(b"Table".to_vec())),
                ("Scope", Object::Name(b"Column".to_vec())),
            ])),
        );
    }
    w.write(r.obj, &Object::Dictionary(d))
}
