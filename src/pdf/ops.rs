//! A laid-out page as printpdf drawing operations, which printpdf encodes into a content
//! stream (glyph ids for the embedded fonts, kerned runs, marked content).

use super::doc::Rgb;
use super::fonts::Face;
use super::layout::{Item, PAGE_H, Page};
use printpdf::{
    Color, FontId, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, Rect, TextItem,
};

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

fn pt(x: f32, y_from_top: f32) -> Point {
    Point {
        x: Pt(x),
        y: Pt(PAGE_H - y_from_top),
    }
}

/// Text drawing state of a page: where the current text object's line started, and the
/// font and fill colour in the graphics state (which persist across text objects).
#[derive(Default)]
struct TextState {
    /// Start of the last text line in the open text object (PDF coordinates).
    line: Option<(f32, f32)>,
    font: Option<(Face, f32)>,
    fill: Option<Rgb>,
}

/// How a drawn item is marked for the structure tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Not drawn (a link area, an element's start).
    None,
    /// Decoration readers skip: rules, fills, repeated headers.
    Artifact,
    /// Running headers, footers and page numbers.
    Pagination,
    /// Content of an element: its structure type and the marked content's id on the page.
    Tagged {
        /// The element's structure type.
        tag: &'static str,
        /// The marked content's id.
        mcid: u32,
    },
}

fn open(ops: &mut Vec<Op>, mark: Mark) {
    match mark {
        Mark::None => {}
        Mark::Artifact => ops.push(Op::BeginMarkedContent {
            tag: "Artifact".to_owned(),
        }),
        Mark::Pagination => ops.push(Op::BeginMarkedContentWithProperties {
            tag: "Artifact".to_owned(),
            properties: printpdf::DictItem::Dict {
                map: std::iter::once((
                    "Type".to_owned(),
                    printpdf::DictItem::Name(b"Pagination".to_vec()),
                ))
                .collect(),
            },
        }),
        Mark::Tagged { tag, mcid } => ops.push(Op::BeginMarkedContentWithProperties {
            tag: tag.to_owned(),
            properties: printpdf::DictItem::Dict {
                map: std::iter::once(("MCID".to_owned(), printpdf::DictItem::Int(mcid.into())))
                    .collect(),
            },
        }),
    }
}

fn close(ops: &mut Vec<Op>, mark: Mark) {
    if mark != Mark::None {
        ops.push(Op::EndMarkedContent);
    }
}

/// The drawing operations of a page, each item marked as `marks` says (by index; items
/// without a mark are artifacts). Each line of text is one text object, so extraction
/// and selection stay line by line; runs on a line move with relative offsets, and font and
/// colour are set only when they change, which keeps content streams small.
pub fn ops(page: &Page, marks: &[Mark]) -> Vec<Op> {
    let mut ops = Vec::new();
    let mut st = TextState::default();
    for (i, item) in page.items.iter().enumerate() {
        let mark = marks.get(i).copied().unwrap_or(Mark::Artifact);
        let same_line = matches!((item, st.line), (Item::Text { y, .. }, Some((_, ly))) if (PAGE_H - y - ly).abs() < 0.01);
        let keeps_text =
            same_line || matches!(item, Item::Link { .. } | Item::Begin(_) | Item::End(_));
        if !keeps_text && st.line.take().is_some() {
            ops.push(Op::EndTextSection);
        }
        match item {
            Item::Text {
                x,
                y,
                face,
                size,
                color: c,
                text,
                actual,
                ..
            } => {
                let (px, py) = (*x, PAGE_H - y);
                if st.font != Some((*face, *size)) {
                    if st.line.is_none() {
                        ops.push(Op::StartTextSection);
                        st.line = Some((0.0, 0.0));
                    }
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(FontId(face.resource().to_owned())),
                        size: Pt(*size),
                    });
                    st.font = Some((*face, *size));
                }
                if st.fill != Some(*c) {
                    ops.push(Op::SetFillColor { col: color(*c) });
                    st.fill = Some(*c);
                }
                let (lx, ly) = *st.line.get_or_insert_with(|| {
                    ops.push(Op::StartTextSection);
                    (0.0, 0.0)
                });
                open(&mut ops, mark);
                // `Td` moves relative to the start of the previous run of the text object.
                ops.push(Op::SetTextCursor {
                    pos: Point {
                        x: Pt(px - lx),
                        y: Pt(py - ly),
                    },
                });
                st.line = Some((px, py));
                // A stand-in glyph is marked with the text it replaces, which text extraction
                // and screen readers use instead of the glyph.
                if let Some(a) = actual {
                    ops.push(Op::BeginMarkedContentWithProperties {
                        tag: "Span".to_owned(),
                        properties: actual_text(a),
                    });
                }
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(text.clone())],
                });
                if actual.is_some() {
                    ops.push(Op::EndMarkedContent);
                }
                close(&mut ops, mark);
            }
            Item::Fill {
                x,
                y,
                w,
                h,
                color: c,
            } => {
                open(&mut ops, mark);
                ops.push(Op::SetFillColor { col: color(*c) });
                st.fill = Some(*c);
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(*x),
                        y: Pt(PAGE_H - y - h),
                        width: Pt(*w),
                        height: Pt(*h),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
                close(&mut ops, mark);
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                color: c,
            } => {
                open(&mut ops, mark);
                ops.push(Op::SetOutlineColor { col: color(*c) });
                ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint {
                                p: pt(*x1, *y1),
                                bezier: false,
                            },
                            LinePoint {
                                p: pt(*x2, *y2),
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                });
                close(&mut ops, mark);
            }
            Item::Image {
                x,
                y,
                w,
                h,
                name,
                orientation,
                ..
            } => {
                // The image's unit square into its box, turned as its EXIF orientation says.
                let [a, b, c, d, e, f] = super::image::placement(*orientation, *w, *h);
                open(&mut ops, mark);
                ops.push(Op::SaveGraphicsState);
                ops.push(Op::SetTransformationMatrix {
                    matrix: printpdf::CurTransMat::Raw([a, b, c, d, e + x, f + PAGE_H - y - h]),
                });
                ops.push(Op::UseXobject {
                    id: printpdf::XObjectId(name.to_string()),
                    transform: printpdf::XObjectTransform {
                        no_auto_scale: true,
                        ..Default::default()
                    },
                });
                ops.push(Op::RestoreGraphicsState);
                close(&mut ops, mark);
            }
            Item::Link { .. } | Item::Begin(_) | Item::End(_) => {}
        }
    }
    if st.line.is_some() {
        ops.push(Op::EndTextSection);
    }
    ops
}

/// `<< /ActualText (…) >>` with the text as UTF-16BE with a byte order mark, the encoding PDF
/// text strings use for characters outside PDFDocEncoding.
fn actual_text(text: &str) -> printpdf::DictItem {
    let mut data = vec![0xfe, 0xff];
    for unit in text.encode_utf16() {
        data.extend_from_slice(&unit.to_be_bytes());
    }
    let mut map = std::collections::BTreeMap::new();
    map.insert(
        "ActualText".to_owned(),
        printpdf::DictItem::String {
            data,
            literal: false,
        },
    );
    printpdf::DictItem::Dict { map }
}
