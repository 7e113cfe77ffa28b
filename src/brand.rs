//! Brand colours: `#rrggbb` values, their WCAG 2 contrast, the closest colour that passes, and
//! the stylesheet the sites load after the theme's.
//!
//! `check` and the sites share these functions, so a colour `check` accepted is exactly the
//! colour published, and a derived dark accent passes the same test a written one does.

/// The contrast WCAG 2 AA asks of normal text (and of the accent's button text).
pub const AA: f64 = 4.5;

/// The default theme's light background, which is also the light theme's button text.
pub const LIGHT_BG: Rgb = Rgb(0xff, 0xff, 0xff);

/// The default theme's dark background; the brand stylesheet also uses it as the dark
/// theme's button text, so one test covers both.
pub const DARK_BG: Rgb = Rgb(0x0c, 0x11, 0x17);

const BLACK: Rgb = Rgb(0, 0, 0);

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses `#rrggbb` (either case). A three-digit `#rgb` is refused with its six-digit
    /// spelling, so the written value always says exactly what is published.
    pub fn parse(s: &str) -> Result<Rgb, String> {
        let hex = s.trim().strip_prefix('#').unwrap_or(s.trim());
        let digits: Vec<u8> = hex
            .chars()
            .map(|c| c.to_digit(16).and_then(|d| u8::try_from(d).ok()))
            .collect::<Option<Vec<u8>>>()
            .ok_or_else(|| "write six hexadecimal digits after `#`, e.g. `#1f5f8b`".to_owned())?;
        match digits.as_slice() {
            [r1, r2, g1, g2, b1, b2] if s.trim().starts_with('#') => {
                Ok(Rgb(r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2))
            }
            [r, g, b] => Err(format!(
                "write all six digits: did you mean `#{0:x}{0:x}{1:x}{1:x}{2:x}{2:x}`?",
                r, g, b
            )),
            [_, _, _, _, _, _] => Err(format!("write the `#`: did you mean `#{hex}`?")),
            _ => Err("write six hexadecimal digits after `#`, e.g. `#1f5f8b`".to_owned()),
        }
    }

    /// `#rrggbb`, lower case.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG 2 relative luminance, 0 (black) to 1 (white).
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// WCAG 2 contrast ratio with another colour, 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// This colour mixed with `other`: `t` = 0 gives self, 1 gives other.
    pub fn mix(self, other: Rgb, t: f64) -> Rgb {
        let t = t.clamp(0.0, 1.0);
        let m = |a: u8, b: u8| {
            let v = f64::from(a) + (f64::from(b) - f64::from(a)) * t;
            // Rounded and clamped to 0..=255, so the cast cannot truncate.
            v.round().clamp(0.0, 255.0) as u8
        };
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }

    /// The least mix of this colour towards `toward` that reaches AA contrast against
    /// `against`: the closest passing colour of the same hue. Itself when it already passes.
    pub fn nearest_passing(self, against: Rgb, toward: Rgb) -> Rgb {
        // 256 steps: every step changes a channel by at most one unit, so no passing colour
        // between two steps is skipped.
        (0..=256)
            .map(|i| self.mix(toward, f64::from(i) / 256.0))
            .find(|c| c.contrast(against) >= AA)
            .unwrap_or(toward)
    }
}

/// Which theme an accent is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Light background, white button text.
    Light,
    /// Dark background and dark button text.
    Dark,
}

impl Theme {
    /// The background the accent is tested against.
    pub fn background(self) -> Rgb {
        match self {
            Theme::Light => LIGHT_BG,
            Theme::Dark => DARK_BG,
        }
    }

    /// Which way a failing accent moves to pass: darker on light, lighter on dark.
    fn toward(self) -> Rgb {
        match self {
            Theme::Light => BLACK,
            Theme::Dark => LIGHT_BG,
        }
    }

    /// How the background reads in a message.
    pub fn described(self) -> &'static str {
        match self {
            Theme::Light => "white (the light background and the button text on the accent)",
            Theme::Dark => "the dark background #0c1117 (also the button text on the accent)",
        }
    }
}

/// Why an accent fails, with the closest colour that passes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TooFaint {
    /// The contrast it has.
    pub ratio: f64,
    /// The closest passing colour.
    pub suggestion: Rgb,
}

/// Checks an accent for a theme.
pub fn check(accent: Rgb, theme: Theme) -> Result<(), TooFaint> {
    let ratio = accent.contrast(theme.background());
    if ratio >= AA {
        Ok(())
    } else {
        Err(TooFaint {
            ratio,
            suggestion: accent.nearest_passing(theme.background(), theme.toward()),
        })
    }
}

/// The dark accent derived from the light one: mixed with white until it passes on the dark
/// background.
pub fn derive_dark(accent: Rgb) -> Rgb {
    accent.nearest_passing(DARK_BG, LIGHT_BG)
}

/// The default theme's tinted surfaces that show text in the accent colour (the home page's
/// hero band), light and dark.
const LIGHT_TINT: Rgb = Rgb(0xea, 0xf2, 0xf9);
const DARK_TINT: Rgb = Rgb(0x11, 0x21, 0x31);

/// The tokens of one theme derived from its accent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tokens {
    /// `--accent`: buttons, underlines, borders.
    pub accent: Rgb,
    /// `--accent-strong`: hover states.
    pub strong: Rgb,
    /// `--accent-soft`: tinted backgrounds.
    pub soft: Rgb,
    /// `--accent-fg`: text on the accent.
    pub fg: Rgb,
    /// `--accent-text`: text in the accent colour, which also sits on the soft tint and the
    /// hero band, so it is moved just far enough to reach AA there too.
    pub text: Rgb,
}

impl Tokens {
    /// The tokens of a checked accent for a theme.
    pub fn of(accent: Rgb, theme: Theme) -> Tokens {
        let bg = theme.background();
        let (strong, soft, tint) = match theme {
            // Hover states darken on light (more contrast with the white text) ...
            Theme::Light => (
                accent.mix(BLACK, 0.2),
                accent.mix(LIGHT_BG, 0.92),
                LIGHT_TINT,
            ),
            // ... and lighten on dark (more contrast with the dark text).
            Theme::Dark => (
                accent.mix(LIGHT_BG, 0.2),
                accent.mix(DARK_BG, 0.85),
                DARK_TINT,
            ),
        };
        // The surface text in the accent contrasts least with: the one closest in luminance.
        let worst = [bg, soft, tint]
            .into_iter()
            .min_by(|a, b| accent.contrast(*a).total_cmp(&accent.contrast(*b)))
            .unwrap_or(bg);
        Tokens {
            accent,
            strong,
            soft,
            fg: bg,
            text: accent.nearest_passing(worst, theme.toward()),
        }
    }

    fn css(&self, indent: &str) -> String {
        [
            ("--accent", self.accent),
            ("--accent-strong", self.strong),
            ("--accent-soft", self.soft),
            ("--accent-fg", self.fg),
            ("--accent-text", self.text),
        ]
        .iter()
        .map(|(name, c)| format!("{indent}{name}: {};\n", c.hex()))
        .collect()
    }
}

/// The stylesheet that sets the theme's accent tokens (`--accent`, `--accent-strong`,
/// `--accent-soft`, `--accent-fg`, `--accent-text`) for the themes given.
pub fn stylesheet(light: Option<Rgb>, dark: Option<Rgb>) -> String {
    let mut css = String::from(
        "/* Generated by trustbook from site.accent and site.accent_dark in trustbook.yaml. */\n",
    );
    if let Some(a) = light {
        css.push_str(&format!(
            ":root {{\n{}}}\n",
            Tokens::of(a, Theme::Light).css("  ")
        ));
    }
    if let Some(a) = dark {
        css.push_str(&format!(
            "@media (prefers-color-scheme: dark) {{\n  :root {{\n{}  }}\n}}\n",
            Tokens::of(a, Theme::Dark).css("    ")
        ));
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_six_digits_only() {
        assert_eq!(Rgb::parse("#1F5f8b"), Ok(Rgb(0x1f, 0x5f, 0x8b)));
        assert!(Rgb::parse("#abc").unwrap_err().contains("#aabbcc"));
        assert!(Rgb::parse("1f5f8b").unwrap_err().contains("#1f5f8b"));
        assert!(Rgb::parse("#1f5f8").is_err());
        assert!(Rgb::parse("blue").is_err());
        assert!(Rgb::parse("#ééé").is_err());
    }

    #[test]
    fn contrast_matches_wcag() {
        assert!((BLACK.contrast(LIGHT_BG) - 21.0).abs() < 1e-9);
        // The default theme's accents pass.
        assert!(check(Rgb(0x1f, 0x5f, 0x8b), Theme::Light).is_ok());
        assert!(check(Rgb(0x5a, 0xa7, 0xe0), Theme::Dark).is_ok());
    }

    #[test]
    fn a_faint_accent_gets_the_closest_passing_colour() {
        let faint = Rgb(0x66, 0xaa, 0xff);
        let e = check(faint, Theme::Light).unwrap_err();
        assert!(e.ratio < AA);
        assert!(e.suggestion.contrast(LIGHT_BG) >= AA);
        // One step less dark would fail: it is the closest on that line.
        let darker_than_needed = (0..=256)
            .map(|i| faint.mix(BLACK, f64::from(i) / 256.0))
            .take_while(|c| *c != e.suggestion)
            .any(|c| c.contrast(LIGHT_BG) >= AA);
        assert!(!darker_than_needed);
        let dark = derive_dark(Rgb(0x1f, 0x5f, 0x8b));
        assert!(check(dark, Theme::Dark).is_ok());
    }

    #[test]
    fn accent_text_passes_on_every_surface_it_sits_on() {
        for (accent, theme) in [
            (Rgb(0x1f, 0x5f, 0x8b), Theme::Light),
            (Rgb(0x75, 0x75, 0x75), Theme::Light),
            (derive_dark(Rgb(0x75, 0x75, 0x75)), Theme::Dark),
        ] {
            assert!(check(accent, theme).is_ok());
            let t = Tokens::of(accent, theme);
            for surface in [theme.background(), t.soft, LIGHT_TINT, DARK_TINT] {
                if (surface == LIGHT_TINT) == (theme == Theme::Light) || surface == t.soft {
                    assert!(t.text.contrast(surface) >= AA, "{t:?} on {surface:?}");
                }
            }
            assert!(t.accent.contrast(t.fg) >= AA);
            assert!(t.strong.contrast(t.fg) >= AA);
        }
        let css = stylesheet(Some(Rgb(0x1f, 0x5f, 0x8b)), None);
        assert!(css.contains("--accent: #1f5f8b;"), "{css}");
        assert!(!css.contains("prefers-color-scheme"));
    }
}
