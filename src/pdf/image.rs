//! Images for the PDFs: what an image file is ([`probe`]), the PDF image objects that show it
//! ([`xobject`]) and where they go on the page ([`placement`]).
//!
//! Pure: bytes in, `lopdf` streams out. Nothing here reads files or knows about documents;
//! [`check`] (in `image/check.rs`) says which images a project links that the PDFs cannot
//! show. Input is untrusted: every read is bounds-checked, sizes are limited before anything
//! is decoded, and no input makes this panic or loop (the tests feed it truncated, mutated and
//! random files).
//!
//! The PDFs take baseline and progressive 8-bit JPEG (passed through unchanged) and PNG
//! (decoded, then deflated again). SVG is recognised so `check` can name it, but is never
//! embedded.

mod check;
#[cfg(test)]
mod tests;

pub use check::check;

use lopdf::{Dictionary, Object, Stream};
use std::fmt;
use std::io::Write;

/// Largest image accepted, in pixels (width × height), against decompression bombs.
pub const MAX_PIXELS: u64 = 40_000_000;

/// The kinds of image file this module knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JPEG (JFIF or Exif).
    Jpeg,
    /// PNG, animated PNG included (its first frame).
    Png,
    /// SVG: recognised, never embedded.
    Svg,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::Svg => "SVG",
        })
    }
}

/// What [`probe`] learns from an image's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    /// The format.
    pub format: Format,
    /// Width in pixels as displayed, after EXIF orientation (0 for SVG).
    pub width: u32,
    /// Height in pixels as displayed, after EXIF orientation (0 for SVG).
    pub height: u32,
    /// The EXIF orientation, 1 to 8 (1 when the file has none, and for PNG and SVG).
    pub orientation: u8,
}

/// Why an image cannot go into the PDFs. Each message says what is wrong and what would work.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    /// Zero bytes.
    #[error("the file is empty; the PDFs show JPEG and PNG images")]
    Empty,
    /// SVG: the sites show it, the PDFs cannot embed it.
    #[error("SVG cannot be embedded in the PDFs; export a PNG next to it and link that")]
    Svg,
    /// A recognised format that is neither JPEG nor PNG (GIF, WebP, …).
    #[error("it is a {0} image; the PDFs show JPEG and PNG: save it as a PNG")]
    Other(&'static str),
    /// Nothing recognisable.
    #[error("it is not an image the PDFs can show; they show JPEG and PNG")]
    Unknown,
    /// A JPEG coding the PDFs do not take (12-bit, lossless, arithmetic, hierarchical).
    #[error(
        "it is a {0} JPEG, which PDF readers cannot all show; save it as a baseline JPEG or PNG"
    )]
    JpegCoding(&'static str),
    /// A CMYK JPEG, which a PDF/A file with an sRGB output intent cannot hold.
    #[error(
        "it is a CMYK JPEG; the PDFs are PDF/A with an sRGB output intent, which rules out CMYK: save it as an RGB JPEG or a PNG"
    )]
    Cmyk,
    /// The header gives a size of zero.
    #[error("its {format} header gives a size of {width} × {height} pixels; save the image again")]
    ZeroSize {
        /// The format.
        format: Format,
        /// Width as stored.
        width: u32,
        /// Height as stored.
        height: u32,
    },
    /// Over [`MAX_PIXELS`].
    #[error(
        "it is {width} × {height} pixels, more than the {} million the PDFs accept; scale it down",
        MAX_PIXELS / 1_000_000
    )]
    TooLarge {
        /// Width as stored.
        width: u32,
        /// Height as stored.
        height: u32,
    },
    /// A JPEG or PNG that does not decode.
    #[error("it is a damaged {format} file ({detail}); save it again as a JPEG or PNG")]
    Damaged {
        /// The format it claims to be.
        format: Format,
        /// What is wrong, for the curious.
        detail: String,
    },
}

fn damaged(format: Format, detail: impl Into<String>) -> ImageError {
    ImageError::Damaged {
        format,
        detail: detail.into(),
    }
}

/// What [`probe`] says, refusing also what the PDFs' PDF/A conformance rules out (CMYK):
/// the test for an image the PDFs embed.
pub fn embeddable(bytes: &[u8]) -> Result<ImageInfo, ImageError> {
    let info = probe(bytes)?;
    if info.format == Format::Jpeg && jpeg_header(bytes)?.components == 4 {
        return Err(ImageError::Cmyk);
    }
    Ok(info)
}

/// Reads only the header: format, size, orientation. Cheap.
pub fn probe(bytes: &[u8]) -> Result<ImageInfo, ImageError> {
    if bytes.is_empty() {
        return Err(ImageError::Empty);
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        return jpeg_header(bytes).map(|h| h.info());
    }
    if bytes.starts_with(PNG_SIGNATURE) {
        return png_header(bytes).map(|(width, height)| ImageInfo {
            format: Format::Png,
            width,
            height,
            orientation: 1,
        });
    }
    if is_svg(bytes) {
        return Ok(ImageInfo {
            format: Format::Svg,
            width: 0,
            height: 0,
            orientation: 1,
        });
    }
    Err(other_format(bytes).map_or(ImageError::Unknown, ImageError::Other))
}

/// The PDF image objects for one image.
#[derive(Debug, Clone)]
pub struct XObject {
    /// The image XObject. Its `/SMask` entry is left to the writer, which knows object ids.
    pub image: Stream,
    /// The alpha channel as a soft-mask image, when any pixel is not fully opaque.
    pub smask: Option<Stream>,
    /// What [`probe`] says about the file.
    pub info: ImageInfo,
}

/// The PDF image XObject(s) for an image: JPEG passed through unchanged as `/DCTDecode`; PNG
/// decoded and re-deflated (`/FlateDecode`), its alpha as a separate soft-mask image.
///
/// PNG colour is written as `/DeviceGray` or `/DeviceRGB` at 8 bits per component: 16-bit
/// samples are reduced to 8 bits (no printed page shows the difference), palettes are expanded,
/// and colour profiles and gamma are not carried over (the sites ignore them too on most
/// screens). An animated PNG shows its first frame.
pub fn xobject(bytes: &[u8]) -> Result<XObject, ImageError> {
    let info = probe(bytes)?;
    match info.format {
        Format::Jpeg => {
            let header = jpeg_header(bytes)?;
            Ok(XObject {
                image: jpeg_stream(bytes, &header),
                smask: None,
                info,
            })
        }
        Format::Png => png_xobject(bytes, info),
        Format::Svg => Err(ImageError::Svg),
    }
}

/// The `cm` matrix `[a b c d e f]` that draws the image's unit square into a box of the
/// displayed `w` × `h` (points) whose bottom-left corner is at the origin, honouring EXIF
/// orientation 1..=8 (rotations and mirrors); any other value draws the image as stored.
///
/// PDF puts the image's first stored row at the top of its unit square (`v = 1`) and its
/// first column at the left (`u = 0`). Each arm below is the EXIF transform written in those
/// coordinates: `x = a·u + c·v + e`, `y = b·u + d·v + f`.
pub fn placement(orientation: u8, w: f32, h: f32) -> [f32; 6] {
    match orientation {
        // Mirrored left to right.
        2 => [-w, 0.0, 0.0, h, w, 0.0],
        // Turned half a turn.
        3 => [-w, 0.0, 0.0, -h, w, h],
        // Mirrored top to bottom.
        4 => [w, 0.0, 0.0, -h, 0.0, h],
        // Transposed: the first stored row is the left column.
        5 => [0.0, -h, -w, 0.0, w, h],
        // Stored a quarter turn anticlockwise: shown turned clockwise.
        6 => [0.0, -h, w, 0.0, 0.0, h],
        // Transversed: the first stored row is the right column, read upwards.
        7 => [0.0, h, w, 0.0, 0.0, 0.0],
        // Stored a quarter turn clockwise: shown turned anticlockwise.
        8 => [0.0, h, -w, 0.0, w, 0.0],
        _ => [w, 0.0, 0.0, h, 0.0, 0.0],
    }
}

fn check_size(format: Format, width: u32, height: u32) -> Result<(), ImageError> {
    if width == 0 || height == 0 {
        return Err(ImageError::ZeroSize {
            format,
            width,
            height,
        });
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ImageError::TooLarge { width, height });
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// JPEG

/// What the markers before the first scan say.
#[derive(Debug, Clone, Copy)]
struct JpegHeader {
    width: u32,
    height: u32,
    components: u8,
    /// An Adobe APP14 marker: four-component data is stored inverted.
    adobe: bool,
    orientation: u8,
}

impl JpegHeader {
    fn info(&self) -> ImageInfo {
        let (width, height) = if (5..=8).contains(&self.orientation) {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        };
        ImageInfo {
            format: Format::Jpeg,
            width,
            height,
            orientation: self.orientation,
        }
    }
}

fn be16(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([*b.first()?, *b.get(1)?]))
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes(b.try_into().ok()?))
}

/// Walks the markers from SOI to the first scan (SOS). Every step moves forward, so the walk
/// ends on any input.
fn jpeg_header(bytes: &[u8]) -> Result<JpegHeader, ImageError> {
    let bad = |detail: &str| damaged(Format::Jpeg, detail);
    let mut frame: Option<(u32, u32, u8)> = None;
    let mut adobe = false;
    let mut orientation: Option<u8> = None;
    let mut at = 2usize;
    loop {
        if bytes.get(at) != Some(&0xFF) {
            return Err(bad(if at >= bytes.len() {
                "the file ends before the image data"
            } else {
                "a marker is missing where one belongs"
            }));
        }
        // Any number of 0xFF fill bytes may precede a marker.
        while bytes.get(at) == Some(&0xFF) {
            at += 1;
        }
        let Some(&marker) = bytes.get(at) else {
            return Err(bad("the file ends before the image data"));
        };
        at += 1;
        // Markers that stand alone, without a length.
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            continue;
        }
        if matches!(marker, 0x00 | 0xD8 | 0xD9) {
            return Err(bad("the file ends before the image data"));
        }
        let len = usize::from(be16(bytes, at).ok_or_else(|| bad("a header is cut off"))?);
        let segment = len
            .checked_sub(2)
            .and_then(|n| bytes.get(at + 2..at + 2 + n))
            .ok_or_else(|| bad("a header is cut off"))?;
        match marker {
            0xC0..=0xC2 => {
                let precision = *segment.first().ok_or_else(|| bad("empty frame header"))?;
                if precision != 8 {
                    return Err(ImageError::JpegCoding(if precision == 12 {
                        "12-bit"
                    } else {
                        "non-8-bit"
                    }));
                }
                let height = be16(segment, 1).ok_or_else(|| bad("short frame header"))?;
                let width = be16(segment, 3).ok_or_else(|| bad("short frame header"))?;
                let components = *segment.get(5).ok_or_else(|| bad("short frame header"))?;
                if segment.len() < 6 + 3 * usize::from(components) {
                    return Err(bad("short frame header"));
                }
                if !matches!(components, 1 | 3 | 4) {
                    return Err(bad(&format!("{components} colour components")));
                }
                if frame.is_some() {
                    return Err(bad("two frame headers"));
                }
                frame = Some((u32::from(width), u32::from(height), components));
            }
            0xC3 => return Err(ImageError::JpegCoding("lossless")),
            0xC5..=0xC7 => return Err(ImageError::JpegCoding("hierarchical")),
            0xC9..=0xCB | 0xCD..=0xCF => return Err(ImageError::JpegCoding("arithmetic-coded")),
            0xE1 if orientation.is_none() => {
                if let Some(tiff) = segment.strip_prefix(b"Exif\0\0") {
                    orientation = Some(exif_orientation(tiff));
                }
            }
            0xEE if segment.starts_with(b"Adobe") => adobe = true,
            0xDA => {
                let (width, height, components) =
                    frame.ok_or_else(|| bad("image data before the frame header"))?;
                check_size(Format::Jpeg, width, height)?;
                return Ok(JpegHeader {
                    width,
                    height,
                    components,
                    adobe,
                    orientation: orientation.unwrap_or(1),
                });
            }
            _ => {}
        }
        at += len;
    }
}

/// The orientation (tag 0x0112 of the first IFD) in an Exif block, 1 when absent or unreadable.
fn exif_orientation(tiff: &[u8]) -> u8 {
    let Ok(exif) = exif::Reader::new().read_raw(tiff.to_vec()) else {
        return 1;
    };
    exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .and_then(|v| u8::try_from(v).ok())
        .filter(|v| (1..=8).contains(v))
        .unwrap_or(1)
}

fn jpeg_stream(bytes: &[u8], header: &JpegHeader) -> Stream {
    let space = match header.components {
        1 => "DeviceGray",
        3 => "DeviceRGB",
        _ => "DeviceCMYK",
    };
    let mut dict = image_dict(header.width, header.height, space, "DCTDecode");
    if header.components == 4 && header.adobe {
        let decode = [1, 0, 1, 0, 1, 0, 1, 0].map(Object::Integer).to_vec();
        dict.set("Decode", decode);
    }
    let mut stream = Stream::new(dict, bytes.to_vec());
    stream.allows_compression = false;
    stream
}

fn image_dict(width: u32, height: u32, space: &str, filter: &str) -> Dictionary {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Image".to_vec()));
    dict.set("Width", i64::from(width));
    dict.set("Height", i64::from(height));
    dict.set("ColorSpace", Object::Name(space.as_bytes().to_vec()));
    dict.set("BitsPerComponent", 8);
    dict.set("Filter", Object::Name(filter.as_bytes().to_vec()));
    dict
}

// ---------------------------------------------------------------------------------------------
// PNG

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Width and height from the IHDR chunk, which must come first, checked against the limits.
fn png_header(bytes: &[u8]) -> Result<(u32, u32), ImageError> {
    let ihdr_len = be32(bytes, 8);
    if ihdr_len != Some(13) || bytes.get(12..16) != Some(b"IHDR") {
        return Err(damaged(Format::Png, "no image header"));
    }
    let width = be32(bytes, 16).ok_or_else(|| damaged(Format::Png, "the header is cut off"))?;
    let height = be32(bytes, 20).ok_or_else(|| damaged(Format::Png, "the header is cut off"))?;
    check_size(Format::Png, width, height)?;
    Ok((width, height))
}

fn png_error(e: png::DecodingError) -> ImageError {
    match e {
        png::DecodingError::LimitsExceeded => damaged(Format::Png, "it needs too much memory"),
        e => damaged(Format::Png, e.to_string()),
    }
}

fn png_xobject(bytes: &[u8], info: ImageInfo) -> Result<XObject, ImageError> {
    let (width, height) = (info.width, info.height);
    // The decoder allocates a few rows at a time (the output buffer below is ours, bounded by
    // MAX_PIXELS) and holds metadata chunks (text, colour profiles): allow rows of the widest
    // kind (16-bit RGBA) with room to spare, and 16 MiB of chunks.
    let pixels = u64::from(width) * u64::from(height);
    let limit = usize::try_from(u64::from(width) * 64 + (16 << 20)).unwrap_or(usize::MAX);
    let mut decoder =
        png::Decoder::new_with_limits(std::io::Cursor::new(bytes), png::Limits { bytes: limit });
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(png_error)?;
    let (color, depth) = reader.output_color_type();
    if depth != png::BitDepth::Eight {
        return Err(damaged(Format::Png, "an unexpected bit depth"));
    }
    let size = reader
        .output_buffer_size()
        .ok_or(ImageError::TooLarge { width, height })?;
    let mut buf = vec![0u8; size];
    let frame = reader.next_frame(&mut buf).map_err(png_error)?;
    buf.truncate(frame.buffer_size());
    // Rows are packed (8-bit samples, no padding), so the buffer is pixels × channels.
    let (channels, space) = match color {
        png::ColorType::Grayscale => (1, "DeviceGray"),
        png::ColorType::GrayscaleAlpha => (2, "DeviceGray"),
        png::ColorType::Rgb => (3, "DeviceRGB"),
        png::ColorType::Rgba => (4, "DeviceRGB"),
        png::ColorType::Indexed => return Err(damaged(Format::Png, "an unexpanded palette")),
    };
    let count = usize::try_from(pixels).map_err(|_| ImageError::TooLarge { width, height })?;
    if buf.len() != count * channels {
        return Err(damaged(Format::Png, "the image data has the wrong size"));
    }
    let alpha = if matches!(color, png::ColorType::GrayscaleAlpha | png::ColorType::Rgba) {
        Some(split_alpha(&mut buf, channels))
    } else {
        None
    };
    let image = flate_stream(image_dict(width, height, space, "FlateDecode"), &buf)?;
    let smask = match alpha {
        Some(alpha) if alpha.iter().any(|&a| a < 255) => Some(flate_stream(
            image_dict(width, height, "DeviceGray", "FlateDecode"),
            &alpha,
        )?),
        _ => None,
    };
    Ok(XObject { image, smask, info })
}

/// Takes the last channel out of interleaved samples in place: returns the alpha plane and
/// leaves `buf` holding the colour samples alone.
fn split_alpha(buf: &mut Vec<u8>, channels: usize) -> Vec<u8> {
    let colour = channels - 1;
    let alpha: Vec<u8> = buf
        .chunks_exact(channels)
        .filter_map(|px| px.last().copied())
        .collect();
    for i in 0..alpha.len() {
        // The destination never passes the source, so samples not yet moved stay intact.
        buf.copy_within(i * channels..i * channels + colour, i * colour);
    }
    buf.truncate(alpha.len() * colour);
    alpha
}

fn flate_stream(dict: Dictionary, data: &[u8]) -> Result<Stream, ImageError> {
    let mut encoder = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(data.len() / 4),
        flate2::Compression::default(),
    );
    let deflated = encoder
        .write_all(data)
        .and_then(|()| encoder.finish())
        .map_err(|e| damaged(Format::Png, e.to_string()))?;
    let mut stream = Stream::new(dict, deflated);
    stream.allows_compression = false;
    Ok(stream)
}

// ---------------------------------------------------------------------------------------------
// Other formats

/// Whether the text starts, after a byte-order mark, white space, an XML declaration,
/// comments and a doctype, with an `<svg` element.
fn is_svg(bytes: &[u8]) -> bool {
    let mut rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    loop {
        rest = rest.trim_ascii_start();
        let skip_to = |rest: &[u8], end: &[u8]| -> Option<usize> {
            rest.windows(end.len())
                .position(|w| w == end)
                .map(|i| i + end.len())
        };
        let next = if rest.starts_with(b"<?") {
            skip_to(rest, b"?>")
        } else if rest.starts_with(b"<!--") {
            skip_to(rest, b"-->")
        } else if rest.starts_with(b"<!DOCTYPE") || rest.starts_with(b"<!doctype") {
            // An internal subset (`[ … ]`) may hold `>`; the doctype ends after it.
            let close = rest.iter().position(|&b| b == b'>');
            match (rest.iter().position(|&b| b == b'['), close) {
                (Some(open), Some(close)) if open < close => skip_to(rest, b"]")
                    .and_then(|i| rest.get(i..).and_then(|r| skip_to(r, b">")).map(|j| i + j)),
                (_, close) => close.map(|c| c + 1),
            }
        } else {
            return rest.starts_with(b"<svg")
                && rest
                    .get(4)
                    .is_some_and(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/');
        };
        match next.and_then(|n| rest.get(n..)) {
            Some(r) => rest = r,
            None => return false,
        }
    }
}

/// The name of a well-known image format the PDFs do not take.
fn other_format(bytes: &[u8]) -> Option<&'static str> {
    let brand = bytes.get(8..12);
    let name = if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        "GIF"
    } else if bytes.starts_with(b"RIFF") && brand == Some(b"WEBP") {
        "WebP"
    } else if bytes.starts_with(b"BM") && bytes.len() >= 26 {
        "BMP"
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        "TIFF"
    } else if bytes.starts_with(&[0, 0, 1, 0]) && bytes.len() >= 22 {
        "ICO"
    } else if bytes.get(4..8) == Some(b"ftyp") && brand.is_some_and(|b| b.starts_with(b"avi")) {
        "AVIF"
    } else if bytes.get(4..8) == Some(b"ftyp")
        && brand.is_some_and(|b| b.starts_with(b"hei") || b == b"mif1")
    {
        "HEIC"
    } else if bytes.starts_with(&[0xFF, 0x0A]) || bytes.get(4..8) == Some(b"JXL ") {
        "JPEG XL"
    } else if bytes.get(4..8) == Some(b"jP  ") {
        "JPEG 2000"
    } else if bytes.starts_with(b"8BPS") {
        "Photoshop"
    } else if bytes.starts_with(b"%PDF-") {
        "PDF"
    } else {
        return None;
    };
    Some(name)
}
