//! `REPLACE:` markers: text left for a person to write. The starter project marks every fact
//! only the company knows this way, so `check` gives the list of what is left to write, at
//! each place, and a forgotten one never goes out unnoticed.

use super::frameworks::TSC_SOURCE_NAME;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::source::SourceMap;

/// The marker, in capitals with its colon, so ordinary prose ("replace the key") never matches.
pub const MARKER: &str = "REPLACE:";

/// The longest excerpt of the marker's line quoted in the message, in characters.
const EXCERPT: usize = 90;

/// Warns at each marker in every file read (YAML comments included).
pub(super) fn warn(sources: &SourceMap, diags: &mut Diagnostics) {
    for (file, source) in sources.iter() {
        if source.name == TSC_SOURCE_NAME {
            continue;
        }
        for (at, _) in source.text.match_indices(MARKER) {
            let line_end = source.text[at..]
                .find('\n')
                .map_or(source.text.len(), |e| at + e);
            // A quoted YAML value's closing quote is not part of the text to write.
            let line = source.text[at..line_end]
                .trim_end()
                .trim_end_matches(['"', '\'']);
            let mut excerpt: String = line.chars().take(EXCERPT).collect();
            if line.chars().count() > EXCERPT {
                excerpt.push('…');
            }
            diags.push(
                Diagnostic::warning(
                    Code::Placeholder,
                    sources.span_at(file, at, MARKER.len()),
                    format!("text to write: {excerpt}"),
                )
                .with_hint("write the company's own text in its place; a marker in a document or a published field is shown as written until then"),
            );
        }
    }
}
