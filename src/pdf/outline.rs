//! The bookmarks panel: the flat, ordered list of headings as a nested outline.

use super::serial::ObjectWriter;
use crate::error::Result;
use lopdf::{Dictionary, Object, ObjectId};

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

/// Parents, children and places (see [`tree`]).
type Tree = (Vec<Option<usize>>, Vec<Vec<usize>>, Vec<usize>);

/// The parent of each bookmark (the nearest earlier one with a smaller level), the children
/// of each (the top level last), and each one's place among its siblings.
fn tree(marks: &[Bookmark]) -> Tree {
    let mut parent = Vec::with_capacity(marks.len());
    let mut place = Vec::with_capacity(marks.len());
    let mut children = vec![Vec::new(); marks.len() + 1];
    let mut stack: Vec<usize> = Vec::new();
    for (i, m) in marks.iter().enumerate() {
        while stack.last().is_some_and(|&s| marks[s].level >= m.level) {
            stack.pop();
        }
        let p = stack.last().copied();
        parent.push(p);
        let siblings = &mut children[p.unwrap_or(marks.len())];
        place.push(siblings.len());
        siblings.push(i);
        stack.push(i);
    }
    (parent, children, place)
}

/// Writes the outline under the reserved `root`, each entry pointing at `dest(page, y)`.
/// Top-level entries are open, deeper ones folded.
pub fn write(
    w: &mut ObjectWriter<'_>,
    root: ObjectId,
    marks: &[Bookmark],
    dest: impl Fn(usize, f32) -> Object,
) -> Result<()> {
    let (parent, children, place) = tree(marks);
    let ids: Vec<ObjectId> = marks.iter().map(|_| w.next_id()).collect();
    let top = children.last().map(Vec::as_slice).unwrap_or_default();
    // Descendant counts, children before parents.
    let mut count = vec![0i64; marks.len()];
    for i in (0..marks.len()).rev() {
        if let Some(p) = parent[i] {
            count[p] += 1 + count[i];
        }
    }
    for (i, m) in marks.iter().enumerate() {
        let siblings = &children[parent[i].unwrap_or(marks.len())];
        let pos = place[i];
        let mut d = Dictionary::from_iter(vec![
            ("Title", super::write::text_string(&m.title)),
            (
                "Parent",
                Object::Reference(parent[i].map_or(root, |p| ids[p])),
            ),
            ("Dest", dest(m.page, m.y)),
        ]);
        if pos > 0 {
            d.set("Prev", Object::Reference(ids[siblings[pos - 1]]));
        }
        if let Some(&next) = siblings.get(pos + 1) {
            d.set("Next", Object::Reference(ids[next]));
        }
        let kids = &children[i];
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            d.set("First", Object::Reference(ids[first]));
            d.set("Last", Object::Reference(ids[last]));
            let n = count[i];
            d.set("Count", Object::Integer(if m.level <= 1 { n } else { -n }));
        }
        w.write(ids[i], &Object::Dictionary(d))?;
    }
    let visible = top.len() as i64 + top.iter().map(|&t| children[t].len() as i64).sum::<i64>();
    let mut d = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Outlines".to_vec())),
        ("Count", Object::Integer(visible)),
    ]);
    if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
        d.set("First", Object::Reference(ids[first]));
        d.set("Last", Object::Reference(ids[last]));
    }
    w.write(root, &Object::Dictionary(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(level: u8) -> Bookmark {
        Bookmark {
            level,
            title: String::new(),
            page: 0,
            y: 0.0,
        }
    }

    #[test]
    fn levels_nest_under_the_nearest_shallower_entry() {
        let marks: Vec<Bookmark> = [1, 2, 3, 2, 1, 3].into_iter().map(mark).collect();
        let (parent, children, place) = tree(&marks);
        assert_eq!(parent, vec![None, Some(0), Some(1), Some(0), None, Some(4)]);
        assert_eq!(place, vec![0, 0, 0, 1, 1, 0]);
        assert_eq!(children[6], vec![0, 4]);
        assert_eq!(children[0], vec![1, 3]);
    }

    #[test]
    fn a_long_flat_outline_is_linear_not_quadratic() {
        // 200,000 siblings: the old per-entry scan of all entries would take minutes.
        let marks: Vec<Bookmark> = (0..200_000).map(|_| mark(1)).collect();
        let (parent, children, _) = tree(&marks);
        assert!(parent.iter().all(Option::is_none));
        assert_eq!(children[marks.len()].len(), 200_000);
    }
}
