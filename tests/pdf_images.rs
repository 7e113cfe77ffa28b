//! Images in the PDFs: a JPEG goes in as it is (DCT, byte for byte) and turned as its EXIF
//! orientation says; a PNG with transparency is decoded with its alpha as a soft mask; raw
//! HTML images, which the PDFs cannot show, are named by `check`.

mod common;

use common::Fixture;
use common::pdfs::tool;
use lopdf::{Document, Object};

/// A 300 × 200 JPEG whose EXIF orientation (6) says "turn a quarter clockwise to view".
fn rotated_jpeg() -> Vec<u8> {
    let mut jpeg = Vec::new();
    let pixels: Vec<u8> = (0..300 * 200)
        .flat_map(|i| [(i % 300) as u8, (i / 300) as u8, 128])
        .collect();
    jpeg_encoder::Encoder::new(&mut jpeg, 90)
        .encode(&pixels, 300, 200, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    // APP1 Exif: big-endian TIFF header, one IFD0 entry: Orientation (0x0112), SHORT, 6.
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&[0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A 64 × 64 RGBA PNG fading from opaque to clear.
fn translucent_png() -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, 64, 64);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    let mut w = enc.write_header().unwrap();
    let data: Vec<u8> = (0..64 * 64)
        .flat_map(|i| [20, 90, 160, (255 - (i % 64) * 4) as u8])
        .collect();
    w.write_image_data(&data).unwrap();
    w.finish().unwrap();
    out
}

const PAGE: &str = "---\ntitle: Pictures\nclassification: public\n---\n\nBefore the pictures.\n\n![Server room, seen from the door](../assets/room.jpg)\n\nBetween them.\n\n![Halloo mark](../assets/mark.png)\n\n<p>Raw: <img src=\"../assets/mark.png\" alt=\"Mark again\"></p>\n";

fn filter(s: &lopdf::Stream) -> Option<&[u8]> {
    s.dict.get(b"Filter").and_then(Object::as_name).ok()
}

#[test]
fn jpeg_and_png_are_embedded_as_images() {
    let f = Fixture::valid();
    let jpeg = rotated_jpeg();
    f.write("content/pages/pictures.md", PAGE);
    f.write_bytes("content/assets/room.jpg", &jpeg);
    f.write_bytes("content/assets/mark.png", &translucent_png());
    let out = f.build_ok();
    let pdf = common::pdfs::trust_pdf(&out);
    let doc = Document::load(&pdf).unwrap();

    let images: Vec<&lopdf::Stream> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image"))
        .collect();
    // The JPEG, byte for byte.
    let dct: Vec<_> = images
        .iter()
        .filter(|s| filter(s) == Some(b"DCTDecode"))
        .collect();
    assert_eq!(dct.len(), 1, "one DCT image");
    assert_eq!(dct[0].content, jpeg, "the JPEG is passed through unchanged");
    // The PNG: colour with a soft mask.
    let flate: Vec<_> = images
        .iter()
        .filter(|s| filter(s) == Some(b"FlateDecode"))
        .collect();
    assert_eq!(flate.len(), 2, "the PNG's colour and its soft mask");
    assert!(
        flate.iter().any(|s| s.dict.get(b"SMask").is_ok()),
        "the colour image points at its soft mask"
    );

    // Drawn turned a quarter: the JPEG's placement matrix has no scale on the diagonal.
    let content: String = doc
        .get_pages()
        .values()
        .map(|p| String::from_utf8_lossy(&doc.get_page_content(*p)).into_owned())
        .collect();
    let jpeg_name = doc
        .objects
        .iter()
        .find(|(_, o)| o.as_stream().is_ok_and(|s| filter(s) == Some(b"DCTDecode")))
        .map(|(id, _)| *id)
        .unwrap();
    let resources = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .find_map(|d| d.get(b"XObject").ok().and_then(|x| x.as_dict().ok()))
        .expect("an /XObject resource dictionary");
    let name = resources
        .iter()
        .find(|(_, v)| v.as_reference().ok() == Some(jpeg_name))
        .map(|(k, _)| String::from_utf8_lossy(k).into_owned())
        .unwrap();
    let before_do = content.split(&format!("/{name} Do")).next().unwrap();
    // printpdf draws the image with an identity `cm` of its own, inside ours.
    let cm: Vec<f32> = before_do
        .rsplit(" cm")
        .nth(2)
        .unwrap()
        .split_whitespace()
        .rev()
        .take(6)
        .map(|v| v.parse().unwrap())
        .collect::<Vec<f32>>()
        .into_iter()
        .rev()
        .collect();
    assert!(
        cm[0].abs() < 0.01 && cm[3].abs() < 0.01 && cm[1].abs() > 1.0 && cm[2].abs() > 1.0,
        "turned a quarter: {cm:?}"
    );
    // Displayed 200 wide and 300 high (2:3), as the viewer would show the photo.
    let (w, h) = (cm[2].abs(), cm[1].abs());
    assert!((h / w - 1.5).abs() < 0.01, "{w} × {h}");

    // Tagged as figures with their alt text (the PDF/UA structure).
    let alts: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").and_then(Object::as_name).ok() == Some(b"Figure"))
        .map(|d| common::pdfs::text_string(d.get(b"Alt").unwrap()))
        .collect();
    assert!(
        alts.contains(&"Server room, seen from the door".to_owned()),
        "{alts:?}"
    );
    assert!(alts.contains(&"Halloo mark".to_owned()), "{alts:?}");

    if let Some(pdfimages) = tool("pdfimages") {
        let list = std::process::Command::new(pdfimages)
            .arg("-list")
            .arg(&pdf)
            .output()
            .unwrap();
        let list = String::from_utf8_lossy(&list.stdout);
        assert!(list.contains(" jpeg "), "{list}");
        assert!(list.contains("smask"), "{list}");
    }
    if let Some(pdftotext) = tool("pdftotext") {
        let text = std::process::Command::new(pdftotext)
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains("Before the pictures."), "{text}");
        assert!(text.contains("Between them."), "{text}");
        assert!(
            !text.contains("[image:"),
            "shown as images, not as text:\n{text}"
        );
    }

    // The raw HTML image is the one thing the PDFs leave out, and `check` says so.
    let (_, report) = f.check_json();
    let html: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "pdf-html")
        .collect();
    assert_eq!(html.len(), 1, "{html:#?}");
    assert_eq!(html[0]["file"], "content/pages/pictures.md");
    assert_eq!(html[0]["line"], 14);
    assert!(html[0]["message"].as_str().unwrap().contains("`<img>`"));
}
