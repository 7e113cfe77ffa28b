//! Tagging while laying out: each drawn item says which structure element it belongs to
//! (see [`crate::pdf::tags`]). An element reaches the page just before its first content,
//! so it starts on the page where its content does, and one that draws nothing is left out.

use super::{Item, Layout};
use crate::pdf::doc::Target;
use crate::pdf::tags::{Elem, Kind};

impl Layout<'_> {
    /// Opens an element inside the current one.
    pub(super) fn open(&mut self, kind: Kind) -> u32 {
        self.open_with(kind, None)
    }

    /// Opens an element with alternative text.
    pub(super) fn open_with(&mut self, kind: Kind, alt: Option<String>) -> u32 {
        let id = self.leaf(kind, alt);
        self.open.push(id);
        id
    }

    /// A new element inside the current one that is not opened: its content is drawn with
    /// its number explicitly (a list label, a link, a table cell).
    pub(super) fn leaf(&mut self, kind: Kind, alt: Option<String>) -> u32 {
        let id = self.next_elem;
        self.next_elem += 1;
        let parent = self.current();
        self.pending.push(Elem {
            id,
            parent,
            kind,
            alt,
            lang: None,
        });
        id
    }

    /// Closes the innermost element. If it drew nothing, neither it nor anything made
    /// inside it reaches the page.
    pub(super) fn close(&mut self) {
        if let Some(id) = self.open.pop() {
            let began = !self.pending.iter().any(|e| e.id == id);
            self.pending.retain(|e| e.id < id);
            if began {
                self.page().items.push(Item::End(id));
            }
        }
        self.link = None;
    }

    /// The element the next content belongs to: 0 (an artifact) while drawing one.
    pub(super) fn current(&self) -> u32 {
        if self.artifact {
            return 0;
        }
        self.open.last().copied().unwrap_or(0)
    }

    /// Puts the elements waiting for content on the page (for elements that must exist even
    /// when empty, such as table cells).
    pub(super) fn flush_elems(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        let page = self.page();
        page.items.extend(pending.into_iter().map(Item::Begin));
    }

    /// Draws an item on the current page, after the starts of the elements it is in.
    pub(super) fn draw(&mut self, item: Item) {
        let tagged = match &item {
            Item::Text { elem, .. } | Item::Image { elem, .. } | Item::Link { elem, .. } => {
                *elem != 0
            }
            _ => false,
        };
        if tagged {
            self.flush_elems();
        }
        self.page().items.push(item);
    }

    /// The link element for a run of text to `target`: the one being placed when the target
    /// is the same (a link broken over lines is one link), else a new one.
    pub(super) fn link_elem(&mut self, target: &Target) -> u32 {
        if self.artifact {
            return 0;
        }
        if let Some((t, id)) = &self.link
            && t == target
        {
            return *id;
        }
        let id = self.leaf(Kind::Link, None);
        self.link = Some((target.clone(), id));
        id
    }

    /// A heading's place in the section tree: sections of its level or deeper close, a new
    /// one opens, and the heading's depth (1 to 6) is returned. Headings inside a block (a
    /// quote, a list) nest one level under the current section instead.
    pub(super) fn section(&mut self, level: u8, lang: Option<&String>) -> u8 {
        if self.artifact || self.open.len() != self.sects.len() {
            return (self.sects.len() + 1).min(6) as u8;
        }
        while self.sects.last().is_some_and(|(l, _)| *l >= level) {
            self.sects.pop();
            self.close();
        }
        let id = self.open(Kind::Sect);
        if let Some(e) = self.pending.iter_mut().find(|e| e.id == id) {
            e.lang = lang.cloned();
        }
        self.sects.push((level, id));
        self.sects.len().min(6) as u8
    }
}
