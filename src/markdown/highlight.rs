//! Syntax highlighting of code blocks with syntect, as CSS classes so the theme owns colours.

use std::sync::LazyLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The class prefix of highlighted tokens (`hl-keyword`, …) used by the theme's CSS.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Loaded on first use: most documents have no code block, and loading costs milliseconds.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Highlights a code block to HTML spans; `None` for an unknown language (shown plain).
pub fn highlight(code: &str, lang: &str) -> Option<String> {
    let lang = lang.split([' ', ',']).next().unwrap_or_default().trim();
    if lang.is_empty() {
        return None;
    }
    let ss = &*SYNTAXES;
    let syntax = ss
        .find_syntax_by_token(lang)
        .or_else(|| ss.find_syntax_by_extension(lang))?;
    let mut html = ClassedHTMLGenerator::new_with_class_style(syntax, ss, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        html.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(html.finalize())
}
