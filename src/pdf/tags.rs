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
}

/// Something an element holds, in reading order.
#[derive(Debug, Clone, Copy)]
enum Kid {
    Elem(u32),
    /// Marked content on a page: (page object, MCID).
    Mcid(ObjectId, u32),
    /// An annotation on a page: (annotation, page).
    Annot(ObjectId, ObjectId),
}

#[derive(Debug)]
struct Rec {
    obj: ObjectId,
    parent: u32,
    kind: Kind,
    alt: Option<String>,
    kids: Vec<Kid>,
}

/// The structure being written: elements by number, and the parent tree's entries.
#[derive(Debug, Default)]
pub struct Tree {
    elems: HashMap<u32, Rec>,
    /// Top-level elements, in order.
    top: Vec<u32>,
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
        self.elems.insert(
            e.id,
            Rec {
                obj: w.next_id(),
                parent: e.parent,
                kind: e.kind,
                alt: e.alt.clone(),
                kids: Vec::new(),
            },
        );
        match self.elems.get_mut(&e.parent) {
            Some(p) if e.parent != 0 => p.kids.push(Kid::Elem(e.id)),
            _ => self.top.push(e.id),
        }
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
        owners: &[u32],
    ) -> Result<()> {
        let refs = owners
            .iter()
            .map(|id| {
                self.elems
                    .get(id)
                    .map_or(Object::Null, |r| Object::Reference(r.obj))
            })
            .collect();
        let at = w.add(&Object::Array(refs))?;
        self.parents.push((key, Object::Reference(at)));
        Ok(())
    }

    /// Writes every element, the document element and the structure tree root (at `root`).
    pub fn finish(self, w: &mut ObjectWriter<'_>, root: ObjectId, lang: &str) -> Result<()> {
        let document = w.next_id();
        let obj_of = |id: u32| self.elems.get(&id).map(|r| r.obj);
        for (_, r) in self.sorted() {
            let parent = match obj_of(r.parent) {
                Some(p) if r.parent != 0 => p,
                _ => document,
            };
            // The element's page: where its first marked content is, so MCIDs on it can be
            // written as plain numbers.
            let home = r.kids.iter().find_map(|k| match k {
                Kid::Mcid(p, _) | Kid::Annot(_, p) => Some(*p),
                Kid::Elem(_) => None,
            });
            let kids: Vec<Object> = r
                .kids
                .iter()
                .filter_map(|k| match *k {
                    Kid::Elem(e) => obj_of(e).map(Object::Reference),
                    Kid::Mcid(p, m) if Some(p) == home => Some(Object::Integer(m.into())),
                    Kid::Mcid(p, m) => Some(Object::Dictionary(Dictionary::from_iter(vec![
                        ("Type", Object::Name(b"MCR".to_vec())),
                        ("Pg", Object::Reference(p)),
                        ("MCID", Object::Integer(m.into())),
                    ]))),
                    Kid::Annot(a, p) => Some(Object::Dictionary(Dictionary::from_iter(vec![
                        ("Type", Object::Name(b"OBJR".to_vec())),
                        ("Pg", Object::Reference(p)),
                        ("Obj", Object::Reference(a)),
                    ]))),
                })
                .collect();
            let mut d = Dictionary::from_iter(vec![
                ("Type", Object::Name(b"StructElem".to_vec())),
                ("S", Object::Name(r.kind.name().as_bytes().to_vec())),
                ("P", Object::Reference(parent)),
                ("K", Object::Array(kids)),
            ]);
            if let Some(p) = home {
                d.set("Pg", Object::Reference(p));
            }
            if let Some(alt) = &r.alt {
                d.set("Alt", super::write::text_string(alt));
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
            w.write(r.obj, &Object::Dictionary(d))?;
        }
        let top: Vec<Object> = self
            .top
            .iter()
            .filter_map(|id| obj_of(*id).map(Object::Reference))
            .collect();
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

    /// Elements in number order, so the file is the same on every build.
    fn sorted(&self) -> Vec<(&u32, &Rec)> {
        let mut v: Vec<(&u32, &Rec)> = self.elems.iter().collect();
        v.sort_by_key(|(id, _)| **id);
        v
    }
}
