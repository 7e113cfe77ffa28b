//! `check` warns `pdf-image` at each image link the PDFs cannot show as intended: SVG, other
//! formats, damaged or oversized files, and images without alt text. A fine PNG gets nothing.

mod common;

use common::{Fixture, assert_at, diagnostics};

/// A small opaque PNG, made with the encoder the PDFs decode with.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    let data = vec![200u8; (width * height * 3) as usize];
    writer.write_image_data(&data).unwrap();
    writer.finish().unwrap();
    out
}

/// A PNG whose header claims 50000 × 50000 pixels (and which has no image data at all).
fn huge_png_header() -> Vec<u8> {
    let mut out = png(1, 1);
    out[16..20].copy_from_slice(&50_000u32.to_be_bytes());
    out[20..24].copy_from_slice(&50_000u32.to_be_bytes());
    out
}

const FIGURES: &str = "\
---
title: Figures
classification: public
order: 40
---

## Diagrams

![Data flow between the services](../assets/flow.svg)

![Old logo](../assets/logo.gif)

![](../assets/chart.png)

![Monthly uptime, 99.9% or better](../assets/chart.png)

<img src=\"../assets/chart.png\">

<p><img src=\"../assets/chart.png\" alt=\"\"> and <img alt=\"Scan\" src=\"../assets/big.png\"></p>
";

#[test]
fn images_the_pdfs_cannot_show_are_warned_at_their_links() {
    let f = Fixture::valid();
    f.write("content/pages/figures.md", FIGURES);
    f.write(
        "content/assets/flow.svg",
        "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"/>\n",
    );
    f.write_bytes(
        "content/assets/logo.gif",
        b"GIF89a\x01\0\x01\0\x80\0\0\0\0\0;",
    );
    f.write_bytes("content/assets/chart.png", &png(4, 3));
    f.write_bytes("content/assets/big.png", &huge_png_header());

    let (code, report) = f.check_json();
    assert_eq!(code, 0, "warnings only: {report:#}");
    let found: Vec<serde_json::Value> = diagnostics(&report)
        .into_iter()
        .filter(|d| d["code"] == "pdf-image")
        .collect();
    assert!(
        found.iter().all(|d| d["severity"] == "warning"),
        "{found:#?}"
    );
    let places: Vec<(u64, u64)> = found
        .iter()
        .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect();
    // One warning per link; the described chart.png (line 15) and the decorative `alt=""`
    // (line 19, first image) get none.
    assert_eq!(
        places,
        [(9, 35), (11, 13), (13, 5), (17, 11), (19, 68)],
        "{found:#?}"
    );
    let file = "content/pages/figures.md";

    assert_at(&found[0], file, 9, 35, "export a PNG");
    assert_eq!(
        found[0]["message"],
        "`flow.svg` is SVG, which the PDFs cannot embed; the sites show it"
    );

    assert_at(&found[1], file, 11, 13, "baseline JPEG and PNG");
    let gif = found[1]["message"].as_str().unwrap();
    assert!(
        gif.starts_with("`logo.gif` cannot be shown in the PDFs")
            && gif.contains("GIF")
            && gif.contains("JPEG and PNG"),
        "{gif}"
    );

    assert_at(&found[2], file, 13, 5, "screen readers need a description");
    assert_eq!(found[2]["message"], "`chart.png` has no alt text");

    assert_at(&found[3], file, 17, 11, "alt=\"…\"");
    assert_eq!(found[3]["message"], "`chart.png` has no alt text");

    assert_at(&found[4], file, 19, 68, "million pixels");
    let big = found[4]["message"].as_str().unwrap();
    assert!(big.contains("50000 × 50000 pixels"), "{big}");
}

#[test]
fn a_fine_png_with_alt_text_gets_no_warning() {
    let f = Fixture::valid();
    f.write(
        "content/pages/figures.md",
        "---\ntitle: Figures\nclassification: public\n---\n\n![A bar chart of uptime](../assets/chart.png)\n",
    );
    f.write_bytes("content/assets/chart.png", &png(4, 3));
    let (code, report) = f.check_json();
    assert_eq!(code, 0);
    assert_eq!(diagnostics(&report), Vec::<serde_json::Value>::new());
}
