//! Fixtures are made here: PNGs with the `png` encoder (or by hand, for interlacing), JPEGs
//! with `jpeg-encoder`, and marker headers by hand for what no encoder writes.

use super::*;
use std::io::Read;

// ---------------------------------------------------------------------------------------------
// Fixtures

fn png_with(
    width: u32,
    height: u32,
    color: png::ColorType,
    depth: png::BitDepth,
    data: &[u8],
    setup: impl FnOnce(&mut png::Encoder<'_, &mut Vec<u8>>),
) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(color);
    encoder.set_depth(depth);
    setup(&mut encoder);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(data).unwrap();
    writer.finish().unwrap();
    out
}

fn png8(width: u32, height: u32, color: png::ColorType, data: &[u8]) -> Vec<u8> {
    png_with(width, height, color, png::BitDepth::Eight, data, |_| {})
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

fn ihdr(width: u32, height: u32, depth: u8, color: u8, interlace: u8) -> Vec<u8> {
    let mut data = Vec::new();
    data.extend_from_slice(&width.to_be_bytes());
    data.extend_from_slice(&height.to_be_bytes());
    data.extend_from_slice(&[depth, color, 0, 0, interlace]);
    data
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// An Adam7-interlaced 8-bit grayscale PNG, written by hand (the encoder writes none).
fn interlaced_gray(width: u32, height: u32, pixels: &[u8]) -> Vec<u8> {
    const PASSES: [(u32, u32, u32, u32); 7] = [
        (0, 0, 8, 8),
        (4, 0, 8, 8),
        (0, 4, 4, 8),
        (2, 0, 4, 4),
        (0, 2, 2, 4),
        (1, 0, 2, 2),
        (0, 1, 1, 2),
    ];
    let mut raw = Vec::new();
    for (x0, y0, dx, dy) in PASSES {
        if x0 >= width || y0 >= height {
            continue;
        }
        for y in (y0..height).step_by(dy as usize) {
            raw.push(0); // filter: none
            for x in (x0..width).step_by(dx as usize) {
                raw.push(pixels[(y * width + x) as usize]);
            }
        }
    }
    let mut out = PNG_SIGNATURE.to_vec();
    chunk(&mut out, b"IHDR", &ihdr(width, height, 8, 0, 1));
    chunk(&mut out, b"IDAT", &zlib(&raw));
    chunk(&mut out, b"IEND", &[]);
    out
}

fn jpeg(width: u16, height: u16, color: jpeg_encoder::ColorType, data: &[u8]) -> Vec<u8> {
    jpeg_with(width, height, color, data, |_| {})
}

fn jpeg_with(
    width: u16,
    height: u16,
    color: jpeg_encoder::ColorType,
    data: &[u8],
    setup: impl FnOnce(&mut jpeg_encoder::Encoder<&mut Vec<u8>>),
) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 90);
    setup(&mut encoder);
    encoder.encode(data, width, height, color).unwrap();
    out
}

fn rgb(width: u16, height: u16) -> Vec<u8> {
    (0..usize::from(width) * usize::from(height) * 3)
        .map(|i| (i * 37 % 251) as u8)
        .collect()
}

/// An Exif block (after `Exif\0\0`) whose first IFD holds only the orientation.
fn exif_tiff(orientation: u16, big_endian: bool) -> Vec<u8> {
    let u16b = |v: u16| {
        if big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    };
    let u32b = |v: u32| {
        if big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    };
    let mut t = Vec::new();
    t.extend_from_slice(if big_endian { b"MM" } else { b"II" });
    t.extend_from_slice(&u16b(42));
    t.extend_from_slice(&u32b(8));
    t.extend_from_slice(&u16b(1)); // one entry
    t.extend_from_slice(&u16b(0x0112)); // Orientation
    t.extend_from_slice(&u16b(3)); // SHORT
    t.extend_from_slice(&u32b(1)); // one value
    t.extend_from_slice(&u16b(orientation));
    t.extend_from_slice(&[0, 0]); // padding of the value field
    t.extend_from_slice(&u32b(0)); // no next IFD
    t
}

fn exif_segment(orientation: u16, big_endian: bool) -> Vec<u8> {
    let mut seg = b"Exif\0\0".to_vec();
    seg.extend(exif_tiff(orientation, big_endian));
    seg
}

/// A JPEG made of marker segments by hand: SOI, the segments, a scan header, a few bytes of
/// "data" and EOI. Enough for everything but decoding, which nothing here does.
fn jpeg_markers(segments: &[(u8, Vec<u8>)]) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8];
    for (marker, data) in segments {
        out.extend_from_slice(&[0xFF, *marker]);
        out.extend_from_slice(&u16::try_from(data.len() + 2).unwrap().to_be_bytes());
        out.extend_from_slice(data);
    }
    out.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
    out.extend_from_slice(&[0x12, 0x34, 0x56, 0xFF, 0xD9]);
    out
}

fn sof(precision: u8, width: u16, height: u16, components: u8) -> Vec<u8> {
    let mut s = vec![precision];
    s.extend_from_slice(&height.to_be_bytes());
    s.extend_from_slice(&width.to_be_bytes());
    s.push(components);
    for c in 0..components {
        s.extend_from_slice(&[c + 1, 0x11, 0]);
    }
    s
}

fn inflate(stream: &Stream) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(stream.content.as_slice())
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn name<'a>(stream: &'a Stream, key: &str) -> &'a [u8] {
    stream.dict.get(key.as_bytes()).unwrap().as_name().unwrap()
}

fn int(stream: &Stream, key: &str) -> i64 {
    stream.dict.get(key.as_bytes()).unwrap().as_i64().unwrap()
}

fn assert_image_dict(s: &Stream, width: i64, height: i64, space: &[u8], filter: &[u8]) {
    assert_eq!(name(s, "Type"), b"XObject");
    assert_eq!(name(s, "Subtype"), b"Image");
    assert_eq!((int(s, "Width"), int(s, "Height")), (width, height));
    assert_eq!(name(s, "ColorSpace"), space);
    assert_eq!(int(s, "BitsPerComponent"), 8);
    assert_eq!(name(s, "Filter"), filter);
    assert!(!s.dict.has(b"SMask"), "the writer sets /SMask");
    assert!(!s.allows_compression);
}

// ---------------------------------------------------------------------------------------------
// PNG

#[test]
fn png_rgba_with_alpha_gets_a_soft_mask() {
    let pixels = [
        255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, //
        10, 20, 30, 255, 40, 50, 60, 255, 70, 80, 90, 1,
    ];
    let file = png8(3, 2, png::ColorType::Rgba, &pixels);
    let info = probe(&file).unwrap();
    assert_eq!(
        info,
        ImageInfo {
            format: Format::Png,
            width: 3,
            height: 2,
            orientation: 1
        }
    );
    let x = xobject(&file).unwrap();
    assert_image_dict(&x.image, 3, 2, b"DeviceRGB", b"FlateDecode");
    assert_eq!(
        inflate(&x.image),
        [
            255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90
        ]
    );
    let smask = x.smask.expect("a soft mask");
    assert_image_dict(&smask, 3, 2, b"DeviceGray", b"FlateDecode");
    assert_eq!(inflate(&smask), [255, 128, 0, 255, 255, 1]);
    assert_eq!(x.info, info);
}

#[test]
fn png_opaque_rgba_has_no_soft_mask() {
    let pixels = [1, 2, 3, 255, 4, 5, 6, 255];
    let x = xobject(&png8(2, 1, png::ColorType::Rgba, &pixels)).unwrap();
    assert!(x.smask.is_none());
    assert_eq!(inflate(&x.image), [1, 2, 3, 4, 5, 6]);
}

#[test]
fn png_gray_alpha_is_gray_with_a_soft_mask() {
    let x = xobject(&png8(
        2,
        1,
        png::ColorType::GrayscaleAlpha,
        &[9, 0, 200, 255],
    ))
    .unwrap();
    assert_image_dict(&x.image, 2, 1, b"DeviceGray", b"FlateDecode");
    assert_eq!(inflate(&x.image), [9, 200]);
    assert_eq!(inflate(&x.smask.unwrap()), [0, 255]);
}

#[test]
fn png_palette_with_trns_expands_to_rgb_and_alpha() {
    // Index 0 is transparent red, index 1 opaque blue; 4-bit indices, two per byte.
    let file = png_with(
        3,
        1,
        png::ColorType::Indexed,
        png::BitDepth::Four,
        &[0x01, 0x00],
        |e| {
            e.set_palette(vec![255, 0, 0, 0, 0, 255]);
            e.set_trns(vec![0]);
        },
    );
    let x = xobject(&file).unwrap();
    assert_image_dict(&x.image, 3, 1, b"DeviceRGB", b"FlateDecode");
    assert_eq!(inflate(&x.image), [255, 0, 0, 0, 0, 255, 255, 0, 0]);
    assert_eq!(inflate(&x.smask.unwrap()), [0, 255, 0]);
}

#[test]
fn png_palette_without_trns_is_opaque_rgb() {
    let file = png_with(
        2,
        1,
        png::ColorType::Indexed,
        png::BitDepth::Eight,
        &[1, 0],
        |e| e.set_palette(vec![1, 2, 3, 4, 5, 6]),
    );
    let x = xobject(&file).unwrap();
    assert!(x.smask.is_none());
    assert_eq!(inflate(&x.image), [4, 5, 6, 1, 2, 3]);
}

#[test]
fn png_16_bit_gray_is_reduced_to_8_bits() {
    let file = png_with(
        2,
        1,
        png::ColorType::Grayscale,
        png::BitDepth::Sixteen,
        &[0x12, 0x34, 0xFF, 0xFF],
        |_| {},
    );
    let x = xobject(&file).unwrap();
    assert_image_dict(&x.image, 2, 1, b"DeviceGray", b"FlateDecode");
    assert_eq!(inflate(&x.image), [0x12, 0xFF]);
}

#[test]
fn png_wide_16_bit_rgba_fits_the_decoder_limits() {
    let (w, h) = (6000u32, 3u32);
    let samples: Vec<u8> = (0..w * h * 8).map(|i| (i % 253) as u8).collect();
    let file = png_with(
        w,
        h,
        png::ColorType::Rgba,
        png::BitDepth::Sixteen,
        &samples,
        |_| {},
    );
    let x = xobject(&file).unwrap();
    let colour = inflate(&x.image);
    assert_eq!(colour.len(), (w * h * 3) as usize);
    // The high byte of each 16-bit sample.
    assert_eq!(colour[..3], [samples[0], samples[2], samples[4]]);
    assert_eq!(inflate(&x.smask.unwrap())[0], samples[6]);
}

#[test]
fn png_interlaced_is_deinterlaced() {
    let (w, h) = (11u32, 9u32);
    let pixels: Vec<u8> = (0..w * h).map(|i| (i * 7 % 256) as u8).collect();
    let file = interlaced_gray(w, h, &pixels);
    let x = xobject(&file).unwrap();
    assert_image_dict(&x.image, 11, 9, b"DeviceGray", b"FlateDecode");
    assert_eq!(inflate(&x.image), pixels);
}

#[test]
fn png_animated_shows_its_first_frame() {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, 2, 1);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_animated(2, 0).unwrap();
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&[10, 20]).unwrap();
    writer.write_image_data(&[30, 40]).unwrap();
    writer.finish().unwrap();
    let x = xobject(&out).unwrap();
    assert_eq!(inflate(&x.image), [10, 20]);
}

#[test]
fn png_claiming_100000_squared_pixels_is_refused_before_decoding() {
    // A header alone: no image data follows, so anything that tried to decode would fail
    // differently (or allocate 40 GB first).
    let mut file = PNG_SIGNATURE.to_vec();
    chunk(&mut file, b"IHDR", &ihdr(100_000, 100_000, 8, 6, 0));
    let too_large = ImageError::TooLarge {
        width: 100_000,
        height: 100_000,
    };
    assert_eq!(probe(&file), Err(too_large.clone()));
    assert_eq!(xobject(&file).unwrap_err(), too_large);
    assert!(
        too_large.to_string().contains("scale it down"),
        "{too_large}"
    );
}

#[test]
fn png_of_zero_width_is_refused() {
    let mut file = PNG_SIGNATURE.to_vec();
    chunk(&mut file, b"IHDR", &ihdr(0, 5, 8, 0, 0));
    assert!(matches!(probe(&file), Err(ImageError::ZeroSize { .. })));
}

// ---------------------------------------------------------------------------------------------
// JPEG

#[test]
fn jpeg_passes_through_unchanged() {
    for (color, space) in [
        (jpeg_encoder::ColorType::Rgb, &b"DeviceRGB"[..]),
        (jpeg_encoder::ColorType::Luma, b"DeviceGray"),
    ] {
        let data: Vec<u8> = rgb(8, 4).into_iter().take(8 * 4 * 3).collect();
        let file = jpeg(8, 4, color, &data);
        let info = probe(&file).unwrap();
        assert_eq!((info.format, info.width, info.height), (Format::Jpeg, 8, 4));
        assert_eq!(info.orientation, 1);
        let x = xobject(&file).unwrap();
        assert_image_dict(&x.image, 8, 4, space, b"DCTDecode");
        assert_eq!(x.image.content, file);
        assert!(x.smask.is_none());
        assert!(!x.image.dict.has(b"Decode"));
    }
}

#[test]
fn jpeg_progressive_is_accepted() {
    let file = jpeg_with(8, 8, jpeg_encoder::ColorType::Rgb, &rgb(8, 8), |e| {
        e.set_progressive(true)
    });
    assert!(file.windows(2).any(|w| w == [0xFF, 0xC2]), "progressive");
    assert_eq!(xobject(&file).unwrap().image.content, file);
}

#[test]
fn exif_orientation_6_swaps_the_displayed_size() {
    for big_endian in [false, true] {
        let file = jpeg_with(4, 2, jpeg_encoder::ColorType::Rgb, &rgb(4, 2), |e| {
            e.add_app_segment(1, exif_segment(6, big_endian)).unwrap()
        });
        let info = probe(&file).unwrap();
        assert_eq!((info.width, info.height, info.orientation), (2, 4, 6));
        // The stream keeps the stored size; `placement` turns it.
        let x = xobject(&file).unwrap();
        assert_eq!((int(&x.image, "Width"), int(&x.image, "Height")), (4, 2));
    }
}

#[test]
fn exif_orientation_3_keeps_the_size_and_bad_values_read_as_1() {
    let with = |o: u16| jpeg_markers(&[(0xE1, exif_segment(o, false)), (0xC0, sof(8, 30, 20, 3))]);
    let info = probe(&with(3)).unwrap();
    assert_eq!((info.width, info.height, info.orientation), (30, 20, 3));
    for bad in [0, 9, 300] {
        assert_eq!(probe(&with(bad)).unwrap().orientation, 1);
    }
    // An Exif block that is not TIFF at all.
    let junk = jpeg_markers(&[(0xE1, b"Exif\0\0junk".to_vec()), (0xC0, sof(8, 3, 2, 1))]);
    assert_eq!(probe(&junk).unwrap().orientation, 1);
}

#[test]
fn adobe_cmyk_is_inverted_with_decode() {
    let cmyk: Vec<u8> = (0..8 * 8 * 4).map(|i| (i * 13 % 256) as u8).collect();
    let file = jpeg(8, 8, jpeg_encoder::ColorType::Cmyk, &cmyk);
    let x = xobject(&file).unwrap();
    assert_image_dict(&x.image, 8, 8, b"DeviceCMYK", b"DCTDecode");
    let decode = x.image.dict.get(b"Decode").unwrap().as_array().unwrap();
    let decode: Vec<i64> = decode.iter().map(|o| o.as_i64().unwrap()).collect();
    assert_eq!(decode, [1, 0, 1, 0, 1, 0, 1, 0]);

    // By hand: the APP14 marker is what decides, before or after the frame header.
    let adobe = (0xEE, b"Adobe\0\x64\0\0\0\0\0".to_vec());
    for segments in [
        vec![adobe.clone(), (0xC0, sof(8, 5, 5, 4))],
        vec![(0xC0, sof(8, 5, 5, 4)), adobe.clone()],
    ] {
        let x = xobject(&jpeg_markers(&segments)).unwrap();
        assert!(x.image.dict.has(b"Decode"));
    }
    let plain = xobject(&jpeg_markers(&[(0xC0, sof(8, 5, 5, 4))])).unwrap();
    assert_eq!(name(&plain.image, "ColorSpace"), b"DeviceCMYK");
    assert!(!plain.image.dict.has(b"Decode"));
    // Three components with an Adobe marker: not inverted.
    let ycc = xobject(&jpeg_markers(&[adobe, (0xC0, sof(8, 5, 5, 3))])).unwrap();
    assert!(!ycc.image.dict.has(b"Decode"));
}

#[test]
fn jpeg_codings_pdf_readers_lack_are_refused_by_name() {
    for (marker, precision, kind) in [
        (0xC1, 12, "12-bit"),
        (0xC2, 12, "12-bit"),
        (0xC3, 8, "lossless"),
        (0xC5, 8, "hierarchical"),
        (0xC9, 8, "arithmetic-coded"),
        (0xCA, 8, "arithmetic-coded"),
        (0xCB, 8, "arithmetic-coded"),
        (0xCD, 8, "arithmetic-coded"),
        (0xCF, 8, "arithmetic-coded"),
    ] {
        let file = jpeg_markers(&[(marker, sof(precision, 4, 4, 3))]);
        let err = probe(&file).unwrap_err();
        assert_eq!(err, ImageError::JpegCoding(kind), "marker {marker:02X}");
        let msg = xobject(&file).unwrap_err().to_string();
        assert!(msg.contains(kind), "{msg}");
        assert!(msg.contains("save it as a baseline JPEG or PNG"), "{msg}");
    }
    // DHT, JPG and DAC share the SOF range but are not frame headers.
    let file = jpeg_markers(&[
        (0xC4, vec![0; 20]),
        (0xC8, vec![]),
        (0xCC, vec![0, 0]),
        (0xC1, sof(8, 4, 4, 3)),
    ]);
    assert_eq!(probe(&file).unwrap().width, 4);
}

#[test]
fn jpeg_size_limits() {
    let huge = jpeg_markers(&[(0xC0, sof(8, 65_535, 65_535, 3))]);
    assert!(matches!(probe(&huge), Err(ImageError::TooLarge { .. })));
    let zero = jpeg_markers(&[(0xC0, sof(8, 10, 0, 3))]);
    assert!(matches!(xobject(&zero), Err(ImageError::ZeroSize { .. })));
    let odd = jpeg_markers(&[(0xC0, sof(8, 10, 10, 2))]);
    assert!(matches!(probe(&odd), Err(ImageError::Damaged { .. })));
    let no_frame = jpeg_markers(&[]);
    assert!(matches!(probe(&no_frame), Err(ImageError::Damaged { .. })));
}

// ---------------------------------------------------------------------------------------------
// SVG and everything else

#[test]
fn svg_is_recognised_and_refused_with_what_to_do() {
    for text in [
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        "\u{FEFF}  \n<?xml version=\"1.0\"?>\n<!-- drawn by hand -->\n<svg>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?><!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x.dtd\"><svg\nwidth=\"3\">",
        "<!DOCTYPE svg [ <!ENTITY a \"<b>\"> ]>\n<svg viewBox=\"0 0 1 1\">",
    ] {
        let info = probe(text.as_bytes()).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!((info.format, info.width, info.height), (Format::Svg, 0, 0));
        let err = xobject(text.as_bytes()).unwrap_err();
        assert_eq!(err, ImageError::Svg);
        assert!(err.to_string().contains("export a PNG"), "{err}");
    }
    for text in [
        "<html><svg>",
        "<svgx>",
        "<!-- <svg> unclosed",
        "<?xml",
        "svg",
    ] {
        assert_eq!(probe(text.as_bytes()), Err(ImageError::Unknown), "{text:?}");
    }
}

#[test]
fn other_formats_are_named_with_what_is_accepted() {
    let mut webp = b"RIFF\x10\0\0\0WEBPVP8 ".to_vec();
    webp.extend([0; 8]);
    let mut bmp = b"BM".to_vec();
    bmp.extend([0; 40]);
    for (bytes, format) in [
        (&b"GIF89a\x01\0\x01\0\0\0\0;"[..], "GIF"),
        (&webp, "WebP"),
        (&bmp, "BMP"),
        (b"II*\0\x08\0\0\0", "TIFF"),
        (b"%PDF-1.7\n", "PDF"),
    ] {
        let err = probe(bytes).unwrap_err();
        assert_eq!(err, ImageError::Other(format));
        let msg = xobject(bytes).unwrap_err().to_string();
        assert!(
            msg.contains(format) && msg.contains("JPEG and PNG"),
            "{msg}"
        );
    }
    assert_eq!(probe(b""), Err(ImageError::Empty));
    assert!(ImageError::Empty.to_string().contains("JPEG and PNG"));
    assert_eq!(probe(b"hello, world"), Err(ImageError::Unknown));
    assert!(ImageError::Unknown.to_string().contains("JPEG and PNG"));
}

// ---------------------------------------------------------------------------------------------
// Placement

#[test]
fn placement_maps_the_unit_square_into_the_box_for_every_orientation() {
    let (w, h) = (200.0f32, 100.0f32);
    let apply =
        |m: [f32; 6], (u, v): (f32, f32)| (m[0] * u + m[2] * v + m[4], m[1] * u + m[3] * v + m[5]);
    // The stored image's top-left corner is (0, 1) in PDF image space, its top-right (1, 1).
    let (tl, tr, bl, br) = ((0.0, h), (w, h), (0.0, 0.0), (w, 0.0));
    // Where EXIF says the stored top-left and top-right corners are shown.
    let cases = [
        (1, tl, tr),
        (2, tr, tl),
        (3, br, bl),
        (4, bl, br),
        (5, tl, bl),
        (6, tr, br),
        (7, br, tr),
        (8, bl, tl),
    ];
    for (orientation, top_left, top_right) in cases {
        let m = placement(orientation, w, h);
        assert_eq!(apply(m, (0.0, 1.0)), top_left, "orientation {orientation}");
        assert_eq!(apply(m, (1.0, 1.0)), top_right, "orientation {orientation}");
        // All four corners land on the box's four corners.
        let mut corners: Vec<(f32, f32)> = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
            .into_iter()
            .map(|p| apply(m, p))
            .collect();
        corners.sort_by(|a, b| a.partial_cmp(b).unwrap());
        assert_eq!(corners, [bl, tl, br, tr], "orientation {orientation}");
    }
    assert_eq!(placement(0, w, h), placement(1, w, h));
    assert_eq!(placement(9, w, h), placement(1, w, h));
}

// ---------------------------------------------------------------------------------------------
// Hostile input

fn small_files() -> Vec<Vec<u8>> {
    vec![
        jpeg_with(6, 5, jpeg_encoder::ColorType::Rgb, &rgb(6, 5), |e| {
            e.add_app_segment(1, exif_segment(6, true)).unwrap()
        }),
        png8(3, 2, png::ColorType::Rgba, &[7; 24]),
        interlaced_gray(5, 5, &[3; 25]),
    ]
}

#[test]
fn truncated_files_never_panic() {
    for file in small_files() {
        for len in 0..file.len() {
            let cut = &file[..len];
            let _ = probe(cut);
            let _ = xobject(cut);
        }
        assert!(xobject(&file).is_ok());
    }
    // A PNG cut inside its image data has a header but no image.
    let png = png8(3, 2, png::ColorType::Rgb, &[7; 18]);
    assert!(probe(&png[..40]).is_ok());
    assert!(matches!(
        xobject(&png[..40]),
        Err(ImageError::Damaged { .. })
    ));
}

/// A deterministic xorshift generator: the same "random" inputs on every run.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn random_and_mutated_files_never_panic() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for _ in 0..500 {
        let len = rng.below(64);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let _ = probe(&bytes);
        let _ = xobject(&bytes);
        // Random bytes behind each signature reach the parsers.
        for head in [&[0xFF, 0xD8][..], PNG_SIGNATURE, b"<svg "] {
            let mut b = head.to_vec();
            b.extend_from_slice(&bytes);
            let _ = probe(&b);
            let _ = xobject(&b);
        }
    }
    for file in small_files() {
        for _ in 0..600 {
            let mut b = file.clone();
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(b.len());
                match rng.below(3) {
                    0 => b[at] = rng.next() as u8,
                    1 => b[at] ^= 1 << rng.below(8),
                    _ => {
                        b.remove(at);
                    }
                }
            }
            let _ = probe(&b);
            let _ = xobject(&b);
            // Again with the PNG checksums made right, so the mutation reaches the decoder.
            if b.starts_with(PNG_SIGNATURE) {
                fix_crcs(&mut b);
                let _ = probe(&b);
                let _ = xobject(&b);
            }
        }
    }
}

/// Recomputes the CRC of each PNG chunk whose length fits the file.
fn fix_crcs(png: &mut [u8]) {
    let mut at = PNG_SIGNATURE.len();
    while let Some(len) = be32(png, at) {
        let Some(end) = (at + 8)
            .checked_add(len as usize)
            .filter(|&e| e + 4 <= png.len())
        else {
            return;
        };
        let crc = crc32(&png[at + 4..end]);
        png[end..end + 4].copy_from_slice(&crc.to_be_bytes());
        at = end + 4;
    }
}

#[test]
fn cmyk_jpeg_is_not_embeddable_in_a_pdf_a_file() {
    let cmyk = jpeg_markers(&[(0xC0, sof(8, 5, 5, 4))]);
    assert!(probe(&cmyk).is_ok(), "still a JPEG");
    let err = embeddable(&cmyk).unwrap_err();
    assert_eq!(err, ImageError::Cmyk);
    assert!(err.to_string().contains("RGB JPEG or a PNG"));
    let rgb = jpeg_markers(&[(0xC0, sof(8, 5, 5, 3))]);
    assert!(embeddable(&rgb).is_ok());
}
