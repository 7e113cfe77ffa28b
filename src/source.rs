//! Source files kept in memory so that every diagnostic can quote the line it points at.

use std::path::{Path, PathBuf};

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A location in a source file: 1-based line and column (in characters), plus the byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    /// The file the span points into.
    pub file: FileId,
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub col: u32,
    /// Byte offset of the start in the file.
    pub offset: usize,
    /// Length in bytes (0 for a point).
    pub len: usize,
}

impl Span {
    /// A span covering a whole file, pointing at its first character.
    pub fn file_start(file: FileId) -> Span {
        Span {
            file,
            line: 1,
            col: 1,
            offset: 0,
            len: 0,
        }
    }
}

/// A value with the place it was written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Sp<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Sp<T> {
    /// Pairs a value with its span.
    pub fn new(value: T, span: Span) -> Self {
        Sp { value, span }
    }
}

impl<T> std::ops::Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// One input file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the project root, with `/` separators (how diagnostics name it).
    pub name: String,
    /// Absolute or root-joined path on disk.
    pub path: PathBuf,
    /// The file's text (empty for files that could not be read as UTF-8).
    pub text: String,
}

/// All files read during a run.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Adds a file and returns its id.
    pub fn add(&mut self, name: String, path: PathBuf, text: String) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile { name, path, text });
        id
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Every file read, with its id, in the order read.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(u32::try_from(i).unwrap_or(u32::MAX)), f))
    }

    /// The file's project-relative name.
    pub fn name(&self, id: FileId) -> &str {
        &self.get(id).name
    }

    /// Finds a file by its project-relative name.
    pub fn find(&self, name: &str) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.name == name)
            .map(|i| FileId(i as u32))
    }

    /// Builds a span for a byte range of a file, computing line and column.
    pub fn span_at(&self, file: FileId, offset: usize, len: usize) -> Span {
        let text = &self.get(file).text;
        let offset = offset.min(text.len());
        let (line, col) = line_col(text, offset);
        Span {
            file,
            line,
            col,
            offset,
            len,
        }
    }
}

/// 1-based line and character column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line as u32, col as u32)
}

/// Byte offset of a 1-based line and character column, if it exists.
pub fn offset_of(text: &str, line: u32, col: u32) -> Option<usize> {
    let mut start = 0usize;
    for _ in 1..line {
        start += text[start..].find('\n')? + 1;
    }
    let rest = &text[start..];
    let skip = (col.max(1) - 1) as usize;
    match rest.char_indices().nth(skip) {
        Some((i, _)) => Some(start + i),
        None if rest.chars().count() == skip => Some(start + rest.len()),
        None => None,
    }
}

/// Project-relative display name for a path, with `/` separators.
pub fn relative_name(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "a: 1\nZürich: x\n";
        let off = text.find('x').unwrap();
        assert_eq!(line_col(text, off), (2, 9));
        assert_eq!(offset_of(text, 2, 9), Some(off));
    }
}
