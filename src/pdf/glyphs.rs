//! What the PDFs cannot draw: characters no embedded face has (emoji, CJK and other scripts
//! outside DejaVu). The PDFs show a stand-in that copies as the original (`/ActualText`);
//! `check` says where each one is, so nobody is surprised by a box in the auditor's copy.

use super::fonts::{Face, Glyph};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::Project;
use std::collections::BTreeMap;

/// One warning per document and character, at its first place, with how often it occurs.
pub fn check(project: &Project) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let Ok(fonts) = super::fonts() else {
        return diags;
    };
    let files = project
        .policies
        .iter()
        .chain(&project.procedures)
        .map(|d| d.body.file)
        .chain(project.pages.iter().map(|p| p.body.file));
    for file in files {
        let text = &project.sources.get(file).text;
        // Runs of adjacent missing characters (a word of CJK, an emoji sequence), each
        // reported once per file at its first place.
        let mut runs: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        let mut run: Option<(usize, String)> = None;
        for (at, c) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            let drawn = c.is_control()
                || c.is_whitespace()
                || matches!(fonts.glyph(Face::Regular, c), Glyph::Drop)
                || fonts.any_face_has(c);
            match (&mut run, drawn) {
                (Some((_, r)), false) => r.push(c),
                (None, false) => run = Some((at, c.to_string())),
                (_, true) => {
                    if let Some((start, r)) = run.take() {
                        runs.entry(r).or_insert((start, 0)).1 += 1;
                    }
                }
            }
        }
        for (r, (at, count)) in runs {
            let times = if count > 1 {
                format!(" ({count} times in this file)")
            } else {
                String::new()
            };
            let codes: Vec<String> = r
                .chars()
                .take(4)
                .map(|c| format!("U+{:04X}", u32::from(c)))
                .collect();
            diags.push(
                Diagnostic::warning(
                    Code::MissingGlyph,
                    project.sources.span_at(file, at, r.len()),
                    format!("`{r}` ({}) has no glyph in the PDFs' fonts{times}", codes.join(" ")),
                )
                .with_hint(
                    "the PDFs draw □ in its place, which copies and reads as the original; the sites show it as written",
                ),
            );
        }
    }
    diags
}
