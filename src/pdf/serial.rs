//! The PDF file itself: objects serialised one at a time as they are made, small ones packed
//! into compressed object streams, and a cross-reference stream whose `/ID` is the SHA-256
//! of every byte before it.
//!
//! Nothing is kept but one location per object and the object stream being filled, so a
//! document's memory does not grow with its length. Object numbers are chosen by the caller
//! (reserved up front or taken in order), so the same document always gets the same numbers
//! and the same bytes.
//!
//! Object streams matter for tagged PDFs: the structure tree is thousands of small
//! dictionaries (an element per paragraph, cell and link), which compress tenfold together.

use crate::error::{Error, Result};
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};
use std::io::Write;

/// The header: version, then a comment of four bytes above 127 that marks the file as binary
/// for transfer tools (PDF/A asks for it).
const HEADER: &[u8] = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";

/// Objects per object stream: enough to compress well, few enough to keep memory small.
const PACK: usize = 200;

/// Where an object is.
#[derive(Debug, Clone, Copy)]
enum Loc {
    /// At an offset in the file.
    File(u64),
    /// The `index`th object of an object stream.
    Packed(u32, u16),
}

/// Writes a PDF file object by object.
pub struct ObjectWriter<'w> {
    out: &'w mut dyn Write,
    hash: Sha256,
    /// Bytes written so far.
    pos: u64,
    /// Location of each object by number (index 0 is the free-list head).
    offsets: Vec<Option<Loc>>,
    /// The object stream being filled: its objects' numbers and offsets in `pack_data`.
    pack: Vec<(u32, usize)>,
    pack_data: Vec<u8>,
    /// The next number [`ObjectWriter::next_id`] hands out.
    next: u32,
    /// A scratch buffer for one object, reused.
    buf: Vec<u8>,
}

impl<'w> ObjectWriter<'w> {
    /// Starts a file; numbers `1..first_free` are reserved for the caller to write later.
    pub fn begin(out: &'w mut dyn Write, first_free: u32) -> Result<ObjectWriter<'w>> {
        let mut w = ObjectWriter {
            out,
            hash: Sha256::new(),
            pos: 0,
            offsets: vec![None; first_free as usize],
            pack: Vec::new(),
            pack_data: Vec::new(),
            next: first_free.max(1),
            buf: Vec::new(),
        };
        w.emit(HEADER)?;
        Ok(w)
    }

    /// A new object number, in order.
    pub fn next_id(&mut self) -> ObjectId {
        let id = self.next;
        self.next += 1;
        (id, 0)
    }

    /// Claims number `id` for an object at `loc` (reserved or handed out, not used before).
    fn claim(&mut self, id: ObjectId, loc: Loc) -> Result<()> {
        let n = id.0 as usize;
        if n == 0 || id.0 >= self.next || self.offsets.get(n).is_some_and(Option::is_some) {
            return Err(Error::pdf(format!(
                "object {} written twice or never numbered",
                id.0
            )));
        }
        if self.offsets.len() <= n {
            self.offsets.resize(n + 1, None);
        }
        self.offsets[n] = Some(loc);
        Ok(())
    }

    /// Writes object `id`: a small object into the current object stream, a stream (which
    /// cannot be packed) into the file.
    pub fn write(&mut self, id: ObjectId, object: &Object) -> Result<()> {
        if matches!(object, Object::Stream(_)) {
            return self.write_plain(id, object);
        }
        self.claim(id, Loc::Packed(0, 0))?;
        self.pack.push((id.0, self.pack_data.len()));
        serialise(&mut self.pack_data, object);
        self.pack_data.push(b'\n');
        if self.pack.len() >= PACK {
            self.flush_pack()?;
        }
        Ok(())
    }

    /// Writes the object stream being filled, and records where its objects are.
    fn flush_pack(&mut self) -> Result<()> {
        if self.pack.is_empty() {
            return Ok(());
        }
        let pack = std::mem::take(&mut self.pack);
        let data = std::mem::take(&mut self.pack_data);
        let mut head = String::new();
        for (n, off) in &pack {
            head.push_str(&format!("{n} {off} "));
        }
        let mut content = head.into_bytes();
        let first = content.len();
        content.extend_from_slice(&data);
        let id = self.next_id();
        for (i, (n, _)) in pack.iter().enumerate() {
            if let Some(slot) = self.offsets.get_mut(*n as usize) {
                *slot = Some(Loc::Packed(id.0, i as u16));
            }
        }
        let dict = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"ObjStm".to_vec())),
            ("N", Object::Integer(pack.len() as i64)),
            ("First", Object::Integer(first as i64)),
            ("Filter", Object::Name(b"FlateDecode".to_vec())),
        ]);
        self.stream(id, dict, zlib(&content)?)
    }

    /// Writes object `id` into the file itself, never packed (pages, so tools that scan a
    /// file for them still find them).
    pub fn write_plain(&mut self, id: ObjectId, object: &Object) -> Result<()> {
        self.claim(id, Loc::File(self.pos))?;
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        buf.extend_from_slice(format!("{} 0 obj\n", id.0).as_bytes());
        serialise(&mut buf, object);
        buf.extend_from_slice(b"\nendobj\n");
        let res = self.emit(&buf);
        self.buf = buf;
        res
    }

    /// Writes a stream object with its `/Length` set.
    pub fn stream(&mut self, id: ObjectId, mut dict: Dictionary, content: Vec<u8>) -> Result<()> {
        dict.set("Length", Object::Integer(content.len() as i64));
        let mut stream = lopdf::Stream::new(dict, content);
        stream.allows_compression = false;
        self.write(id, &Object::Stream(stream))
    }

    /// Writes a new object and returns its number.
    pub fn add(&mut self, object: &Object) -> Result<ObjectId> {
        let id = self.next_id();
        self.write(id, object)?;
        Ok(id)
    }

    /// Writes the cross-reference stream (which is also the trailer), and returns the file's
    /// length. Every number handed out or reserved must have been written.
    pub fn finish(mut self, root: ObjectId, info: ObjectId) -> Result<u64> {
        self.flush_pack()?;
        let xref = self.next_id();
        let count = self.next as usize;
        self.offsets.resize(count, None);
        let xref_at = self.pos;
        self.offsets[xref.0 as usize] = Some(Loc::File(xref_at));
        // Entries of 1 + 5 + 2 bytes: type, then offset (or object stream), then generation
        // (or index in the stream).
        let mut table = Vec::with_capacity(8 * count);
        table.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0xFF, 0xFF]);
        for (n, loc) in self.offsets.iter().enumerate().skip(1) {
            let (kind, a, b) = match loc {
                Some(Loc::File(off)) => (1u8, *off, 0u16),
                Some(Loc::Packed(stream, index)) => (2, u64::from(*stream), *index),
                None => {
                    return Err(Error::pdf(format!(
                        "object {n} was numbered but not written"
                    )));
                }
            };
            table.push(kind);
            table.extend_from_slice(&a.to_be_bytes()[3..]);
            table.extend_from_slice(&b.to_be_bytes());
        }
        // The /ID is the digest of everything before this last object, so identical
        // documents get identical files and any change gives a new identifier.
        let digest = self.hash.clone().finalize();
        let id = Object::String(digest[..16].to_vec(), StringFormat::Hexadecimal);
        let content = zlib(&table)?;
        let dict = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"XRef".to_vec())),
            ("Size", Object::Integer(count as i64)),
            ("W", Object::Array(vec![1.into(), 5.into(), 2.into()])),
            ("Root", Object::Reference(root)),
            ("Info", Object::Reference(info)),
            ("ID", Object::Array(vec![id.clone(), id])),
            ("Filter", Object::Name(b"FlateDecode".to_vec())),
            ("Length", Object::Integer(content.len() as i64)),
        ]);
        let mut stream = lopdf::Stream::new(dict, content);
        stream.allows_compression = false;
        let mut tail = format!("{} 0 obj\n", xref.0).into_bytes();
        serialise(&mut tail, &Object::Stream(stream));
        tail.extend_from_slice(format!("\nendobj\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
        self.emit(&tail)?;
        self.out
            .flush()
            .map_err(|e| Error::pdf_from("writing the PDF", e))?;
        Ok(self.pos)
    }

    fn emit(&mut self, bytes: &[u8]) -> Result<()> {
        self.hash.update(bytes);
        self.pos += bytes.len() as u64;
        self.out
            .write_all(bytes)
            .map_err(|e| Error::pdf_from("writing the PDF", e))
    }
}

/// Deflates at zlib's default level.
pub fn zlib(bytes: &[u8]) -> Result<Vec<u8>> {
    use flate2::{Compression, write::ZlibEncoder};
    let mut enc = ZlibEncoder::new(Vec::new(), Compression::default());
    enc.write_all(bytes)
        .map_err(|e| Error::pdf_from("compressing a stream", e))?;
    enc.finish()
        .map_err(|e| Error::pdf_from("compressing a stream", e))
}

/// Appends the PDF syntax of an object. Nesting is bounded: every object comes from trustbook
/// or from printpdf's fixed font objects, never from input.
pub fn serialise(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => real(out, *r),
        Object::Name(n) => name(out, n),
        Object::String(s, StringFormat::Literal) => literal(out, s),
        Object::String(s, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for b in s {
                out.extend_from_slice(format!("{b:02X}").as_bytes());
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                serialise(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => dictionary(out, d),
        Object::Stream(s) => {
            dictionary(out, &s.dict);
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((n, g)) => out.extend_from_slice(format!("{n} {g} R").as_bytes()),
    }
}

fn dictionary(out: &mut Vec<u8>, d: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (k, v) in d {
        name(out, k);
        out.push(b' ');
        serialise(out, v);
    }
    out.extend_from_slice(b">>");
}

/// A real with at most four decimals and no exponent (PDF has none); non-finite values,
/// which no drawing needs, become 0.
fn real(out: &mut Vec<u8>, r: f32) {
    let r = if r.is_finite() { r } else { 0.0 };
    let s = format!("{r:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    out.extend_from_slice(if s == "-0" || s.is_empty() { "0" } else { s }.as_bytes());
}

fn name(out: &mut Vec<u8>, n: &[u8]) {
    out.push(b'/');
    for &b in n {
        if b"()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        } else {
            out.push(b);
        }
    }
}

/// A literal string with every parenthesis and backslash escaped (balanced or not) and line
/// ends written as escapes, so no reader can mistake where it ends.
fn literal(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'(');
    for &b in s {
        match b {
            b'(' | b')' | b'\\' => {
                out.push(b'\\');
                out.push(b);
            }
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\n' => out.extend_from_slice(b"\\n"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(o: &Object) -> String {
        let mut v = Vec::new();
        serialise(&mut v, o);
        String::from_utf8_lossy(&v).into_owned()
    }

    #[test]
    fn reals_have_no_exponent_and_no_trailing_zeros() {
        assert_eq!(text(&Object::Real(1.5)), "1.5");
        assert_eq!(text(&Object::Real(2.0)), "2");
        assert_eq!(text(&Object::Real(-0.00001)), "0");
        assert_eq!(text(&Object::Real(1e-9)), "0");
        assert_eq!(text(&Object::Real(123456.78)), "123456.7812");
        assert_eq!(text(&Object::Real(f32::NAN)), "0");
    }

    #[test]
    fn names_and_strings_are_escaped() {
        assert_eq!(text(&Object::Name(b"A B#/".to_vec())), "/A#20B#23#2F");
        assert_eq!(
            text(&Object::String(
                b"a(b)\\c\n".to_vec(),
                StringFormat::Literal
            )),
            "(a\\(b\\)\\\\c\\n)"
        );
        assert_eq!(
            text(&Object::String(vec![0xfe, 0xff], StringFormat::Hexadecimal)),
            "<FEFF>"
        );
    }

    #[test]
    fn a_file_parses_back_with_its_objects_and_a_content_id() {
        let mut bytes = Vec::new();
        let mut w = ObjectWriter::begin(&mut bytes, 3).expect("begin");
        let pages = (2, 0);
        let page = w.next_id();
        w.write(
            page,
            &Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Page".to_vec())),
                ("Parent", Object::Reference(pages)),
                (
                    "MediaBox",
                    Object::Array(vec![0.into(), 0.into(), 200.into(), 200.into()]),
                ),
            ])),
        )
        .expect("page");
        w.write(
            pages,
            &Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Pages".to_vec())),
                ("Kids", Object::Array(vec![Object::Reference(page)])),
                ("Count", Object::Integer(1)),
            ])),
        )
        .expect("pages");
        w.write(
            (1, 0),
            &Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Catalog".to_vec())),
                ("Pages", Object::Reference(pages)),
            ])),
        )
        .expect("catalog");
        let info = w.add(&Object::Dictionary(Dictionary::new())).expect("info");
        assert!(w.write(info, &Object::Null).is_err(), "written twice");
        w.finish((1, 0), info).expect("finish");
        let doc = lopdf::Document::load_mem(&bytes).expect("parses");
        assert_eq!(doc.get_pages().len(), 1);
        let id = doc.trailer.get(b"ID").expect("ID");
        let xref_at: usize = String::from_utf8_lossy(&bytes)
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .and_then(|n| n.parse().ok())
            .expect("startxref");
        let digest = Sha256::digest(&bytes[..xref_at]);
        assert_eq!(
            id.as_array().expect("array")[0].as_str().expect("string"),
            &digest[..16]
        );
    }

    #[test]
    fn an_unwritten_number_is_an_error() {
        let mut bytes = Vec::new();
        let mut w = ObjectWriter::begin(&mut bytes, 3).expect("begin");
        let _ = w.next_id();
        assert!(w.finish((1, 0), (2, 0)).is_err());
    }
}
