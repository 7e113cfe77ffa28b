//! Decoding the sites' branding in `site:`: `name`, `logo`, `accent`, `accent_dark` and
//! `request_url`. Accents are refused here, at their line and column, when they fail WCAG AA
//! contrast, with the closest colour that passes.

use crate::brand::{Rgb, Theme};
use crate::diag::{Code, Diagnostic};
use crate::model::Logo;
use crate::source::Sp;
use crate::yaml::{Decoder, Fields, Node};

const LOGO: &[&str] = &["file", "alt"];

/// What `site:` says about branding, as written (the default name needs the company's).
#[derive(Debug, Clone, Default)]
pub struct Branding {
    /// `site.name`, if written.
    pub name: Option<String>,
    /// `site.logo`.
    pub logo: Option<Logo>,
    /// `site.accent`.
    pub accent: Option<Rgb>,
    /// `site.accent_dark`, or the accent's derived dark variant.
    pub accent_dark: Option<Rgb>,
    /// `site.request_url`.
    pub request_url: Option<String>,
}

/// Decodes the branding fields of `site:`; bad values are reported and left out.
pub fn decode(dec: &mut Decoder<'_>, f: &Fields<'_>) -> Branding {
    for key in ["accent", "accent_dark"] {
        if let Some(span) = f.key_span(key).filter(|_| f.get(key).is_none()) {
            // `accent: #0f766e` is a YAML comment: the field is there, with no value.
            dec.error(
                Diagnostic::error(Code::InvalidValue, span, format!("`{key}` has no colour"))
                    .with_hint(format!(
                        "quote the colour, since an unquoted `#` starts a comment: `{key}: \"#1f5f8b\"`"
                    )),
            );
        }
    }
    let name = dec.optional(f, "name", |d, n| non_empty(d, n, "`site.name`"));
    let logo = dec.optional(f, "logo", logo);
    let accent = dec.optional(f, "accent", |d, n| colour(d, n, Theme::Light));
    let accent_dark = dec.optional(f, "accent_dark", |d, n| colour(d, n, Theme::Dark));
    let request_url = dec.optional(f, "request_url", |d, n| d.https_url(n));
    Branding {
        name: name.map(|n| n.value),
        logo,
        accent_dark: accent_dark.or_else(|| accent.map(crate::brand::derive_dark)),
        accent,
        request_url: request_url.map(|u| u.value),
    }
}

/// A string with something in it other than spaces.
fn non_empty(dec: &mut Decoder<'_>, node: &Node, what: &str) -> Option<Sp<String>> {
    let s = dec.string(node)?;
    if s.trim().is_empty() {
        dec.error(
            Diagnostic::error(Code::InvalidValue, s.span, format!("{what} is empty"))
                .with_hint("write the text, or remove the field"),
        );
        return None;
    }
    Some(s)
}

/// `logo: { file: logo.svg, alt: "Halloo Labs" }`: a file under `content/assets/` (checked
/// to exist there by `resolve`) and its required text alternative.
fn logo(dec: &mut Decoder<'_>, node: &Node) -> Option<Logo> {
    let f = dec.map(node, "`site.logo`", LOGO)?;
    let file = dec.required(&f, "file", "`site.logo`", |d, n| d.string(n));
    let alt = dec.required(&f, "alt", "`site.logo`", |d, n| {
        non_empty(d, n, "the logo's `alt`")
    });
    let file = file?;
    let rel = match crate::load::paths::normalize(&file.value) {
        Ok(rel) => rel,
        Err(p) => {
            dec.error(crate::load::paths::diagnostic(&p, &file, "content/assets/"));
            return None;
        }
    };
    Some(Logo {
        file: Sp::new(rel, file.span),
        alt: alt?.value,
    })
}

/// An accent colour that reaches AA contrast on its theme's background.
fn colour(dec: &mut Decoder<'_>, node: &Node, theme: Theme) -> Option<Rgb> {
    let s = dec.string(node)?;
    let colour = match Rgb::parse(&s) {
        Ok(c) => c,
        Err(hint) => {
            dec.error(
                Diagnostic::error(
                    Code::InvalidValue,
                    s.span,
                    format!("`{}` is not a `#rrggbb` colour", s.value),
                )
                .with_hint(hint),
            );
            return None;
        }
    };
    match crate::brand::check(colour, theme) {
        Ok(()) => Some(colour),
        Err(faint) => {
            dec.error(
                Diagnostic::error(
                    Code::InvalidValue,
                    s.span,
                    format!(
                        "accent `{}` has a contrast of {:.2}:1 against {}; WCAG AA needs {}:1",
                        s.value,
                        // Floored, so a colour just under 4.5 never reads as 4.50.
                        (faint.ratio * 100.0).floor() / 100.0,
                        theme.described(),
                        crate::brand::AA
                    ),
                )
                .with_hint(format!(
                    "did you mean `{}`? It is the closest colour of the same hue that passes",
                    faint.suggestion.hex()
                )),
            );
            None
        }
    }
}
