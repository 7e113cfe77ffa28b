//! The embedded fonts: DejaVu Sans and DejaVu Sans Mono (from the `dejavu` crate), measured
//! with their real advance widths for line breaking, and subset at write time so a PDF
//! carries only the glyphs it uses.
//!
//! printpdf subsets only with its `text_layout` feature (a large layout engine); trustbook
//! subsets with allsorts, which printpdf already depends on, and hands printpdf the subset
//! font, whose cmap maps the same characters to the renumbered glyphs.

use crate::error::{Error, Result};
use printpdf::ParsedFont;
use std::collections::{BTreeMap, BTreeSet};

/// The visible stand-in for a character no embedded face can draw: a white square, drawn
/// with the original carried as `/ActualText`, so copying returns the original.
pub const STAND_IN: char = '\u{25a1}';

/// How a character is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Glyph {
    /// As this character.
    Draw(char),
    /// Not at all (zero-width formatting characters).
    Drop,
    /// As a stand-in, for a character the face lacks.
    StandIn(char),
}

/// A typeface of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Face {
    /// Body text.
    Regular,
    /// Headings and emphasis.
    Bold,
    /// Emphasis.
    Italic,
    /// Strong emphasis inside emphasis.
    BoldItalic,
    /// Code.
    Mono,
    /// Bold code.
    MonoBold,
}

impl Face {
    /// All faces, in resource order.
    pub const ALL: [Face; 6] = [
        Face::Regular,
        Face::Bold,
        Face::Italic,
        Face::BoldItalic,
        Face::Mono,
        Face::MonoBold,
    ];

    fn bytes(self) -> &'static [u8] {
        match self {
            Face::Regular => dejavu::sans::regular(),
            Face::Bold => dejavu::sans::bold(),
            Face::Italic => dejavu::sans::oblique(),
            Face::BoldItalic => dejavu::sans::bold_oblique(),
            Face::Mono => dejavu::sans_mono::regular(),
            Face::MonoBold => dejavu::sans_mono::bold(),
        }
    }

    /// The PostScript name written into the PDF.
    pub fn postscript_name(self) -> &'static str {
        match self {
            Face::Regular => "DejaVuSans",
            Face::Bold => "DejaVuSans-Bold",
            Face::Italic => "DejaVuSans-Oblique",
            Face::BoldItalic => "DejaVuSans-BoldOblique",
            Face::Mono => "DejaVuSansMono",
            Face::MonoBold => "DejaVuSansMono-Bold",
        }
    }

    /// The resource name used in content streams (`/F1`…), fixed so output is reproducible.
    pub fn resource(self) -> &'static str {
        match self {
            Face::Regular => "F1",
            Face::Bold => "F2",
            Face::Italic => "F3",
            Face::BoldItalic => "F4",
            Face::Mono => "F5",
            Face::MonoBold => "F6",
        }
    }

    /// The bold variant.
    pub fn bold(self) -> Face {
        match self {
            Face::Regular | Face::Bold => Face::Bold,
            Face::Italic | Face::BoldItalic => Face::BoldItalic,
            Face::Mono | Face::MonoBold => Face::MonoBold,
        }
    }

    /// The italic variant (monospace has none; it stays upright).
    pub fn italic(self) -> Face {
        match self {
            Face::Regular | Face::Italic => Face::Italic,
            Face::Bold | Face::BoldItalic => Face::BoldItalic,
            f => f,
        }
    }
}

/// Metrics of one face.
struct Metrics {
    font: ParsedFont,
    units_per_em: f32,
    ascent: f32,
    descent: f32,
    /// Advance of each Basic Multilingual Plane character plus one (0: no glyph), so
    /// measuring is a table lookup rather than two map lookups per character.
    advances: Vec<u16>,
}

impl Metrics {
    /// The advance in font units, or `None` if the face has no glyph.
    fn advance(&self, c: char) -> Option<u16> {
        let cp = c as usize;
        if cp < self.advances.len() {
            return self.advances[cp].checked_sub(1);
        }
        let gid = self.font.lookup_glyph_index(c as u32).filter(|g| *g != 0)?;
        self.font.get_glyph_width(gid)
    }
}

/// The document's fonts, for measuring and embedding.
pub struct Fonts {
    faces: BTreeMap<Face, Metrics>,
}

impl Fonts {
    /// Parses the six faces.
    pub fn load() -> Result<Fonts> {
        let mut faces = BTreeMap::new();
        for face in Face::ALL {
            let mut warnings = Vec::new();
            let font = ParsedFont::from_bytes(face.bytes(), 0, &mut warnings).ok_or_else(|| {
                Error::pdf(format!("cannot parse the {} font", face.postscript_name()))
            })?;
            let units_per_em = f32::from(font.units_per_em.max(1));
            let ascent = f32::from(font.font_metrics.ascent) / units_per_em;
            let descent = f32::from(font.font_metrics.descent).abs() / units_per_em;
            let mut advances = vec![0u16; 0x10000];
            for (&cp, &gid) in &font.codepoint_to_glyph {
                if gid != 0 && (cp as usize) < advances.len() {
                    let w = font.get_glyph_width(gid).unwrap_or(0);
                    advances[cp as usize] = w.saturating_add(1);
                }
            }
            faces.insert(
                face,
                Metrics {
                    font,
                    units_per_em,
                    ascent,
                    descent,
                    advances,
                },
            );
        }
        Ok(Fonts { faces })
    }

    fn metrics(&self, face: Face) -> &Metrics {
        &self.faces[&face]
    }

    /// Whether a face has a glyph for a character.
    pub fn has(&self, face: Face, c: char) -> bool {
        self.metrics(face).advance(c).is_some()
    }

    /// How a face draws a character: as itself, not at all (an invisible formatting
    /// character), or as a visible stand-in (emoji, CJK and other scripts no embedded face
    /// has), so nothing silently disappears from the page.
    pub fn glyph(&self, face: Face, c: char) -> Glyph {
        match c {
            '\t' => Glyph::Draw(' '),
            c if c.is_control() => Glyph::Draw(' '),
            c if self.has(face, c) => Glyph::Draw(c),
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{fe0f}' => Glyph::Drop,
            _ if self.has(face, STAND_IN) => Glyph::StandIn(STAND_IN),
            _ => Glyph::StandIn('?'),
        }
    }

    /// The text as the face draws it, stand-ins included.
    pub fn printable(&self, face: Face, text: &str) -> String {
        text.chars()
            .filter_map(|c| match self.glyph(face, c) {
                Glyph::Draw(d) | Glyph::StandIn(d) => Some(d),
                Glyph::Drop => None,
            })
            .collect()
    }

    /// Whether any embedded face can draw a character (what `check` warns about).
    pub fn any_face_has(&self, c: char) -> bool {
        self.faces.values().any(|m| m.advance(c).is_some())
    }

    /// The advance width of text in points.
    pub fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        let m = self.metrics(face);
        let units: u32 = text
            .chars()
            .map(|c| u32::from(m.advance(c).unwrap_or(0)))
            .sum();
        units as f32 * size / m.units_per_em
    }

    /// Distance from the baseline to the top of the tallest glyphs, in points.
    pub fn ascent(&self, face: Face, size: f32) -> f32 {
        self.metrics(face).ascent * size
    }

    /// Distance from the baseline to the bottom of descenders, in points.
    pub fn descent(&self, face: Face, size: f32) -> f32 {
        self.metrics(face).descent * size
    }

    /// A subset of a face holding exactly the glyphs of the given characters, parsed so that
    /// printpdf maps the same characters to it.
    pub fn subset(&self, face: Face, chars: &BTreeSet<char>) -> Result<ParsedFont> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::subset::{CmapTarget, SubsetProfile, subset};
        let m = self.metrics(face);
        let mut glyphs: BTreeSet<u16> = chars
            .iter()
            .filter_map(|c| m.font.lookup_glyph_index(*c as u32))
            .collect();
        glyphs.insert(0);
        let glyphs: Vec<u16> = glyphs.into_iter().collect();
        let err =
            |what: &str| Error::pdf(format!("cannot subset {}: {what}", face.postscript_name()));
        let data = ReadScope::new(face.bytes())
            .read::<FontData<'_>>()
            .map_err(|e| err(&e.to_string()))?;
        let provider = data.table_provider(0).map_err(|e| err(&e.to_string()))?;
        let bytes = subset(
            &provider,
            &glyphs,
            &SubsetProfile::Minimal,
            CmapTarget::Unicode,
        )
        .map_err(|e| err(&format!("{e:?}")))?;
        let mut warnings = Vec::new();
        let mut font = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
            .ok_or_else(|| err("the subset does not parse"))?;
        font.font_name = Some(face.postscript_name().to_owned());
        Ok(font)
    }
}
