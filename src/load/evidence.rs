//! Decoding the evidence index.

use crate::diag::{Code, Diagnostic};
use crate::model::{Classification, Evidence, Period};
use crate::source::Sp;
use crate::yaml::{Decoder, Node, Value};

const EVIDENCE: &[&str] = &[
    "control",
    "title",
    "file",
    "collected",
    "period",
    "classification",
];

/// Decodes `content/evidence/index.yaml`.
pub fn decode_file(dec: &mut Decoder<'_>, node: &Node, out: &mut Vec<Evidence>) {
    let Some(items) = dec.seq(node, "evidence items") else {
        return;
    };
    for item in items {
        if let Some(e) = decode(dec, item) {
            out.push(e);
        }
    }
}

fn decode(dec: &mut Decoder<'_>, node: &Node) -> Option<Evidence> {
    let what = "an evidence item";
    let f = dec.map(node, what, EVIDENCE)?;
    let control = dec.required(&f, "control", what, |d, n| d.string(n));
    let title = dec.required(&f, "title", what, |d, n| d.string(n));
    let file = dec.required(&f, "file", what, |d, n| d.string(n));
    let collected = dec.required(&f, "collected", what, |d, n| d.date(n));
    let period = dec.optional(&f, "period", period);
    let classification = dec
        .optional(&f, "classification", |d, n| d.keyword::<Classification>(n))
        .map_or(Classification::Internal, |c| c.value);
    // Without a control and a file there is nothing left to check; other fields that failed
    // were reported and get stand-ins so the references are still checked.
    let (control, file) = (control?, file?);
    // One normal form from here on: check and every renderer use the same string.
    let file = match crate::load::paths::normalize(&file) {
        Ok(n) => Sp::new(n, file.span),
        Err(problem) => {
            dec.error(crate::load::paths::diagnostic(
                &problem,
                &file,
                "content/evidence/",
            ));
            return None;
        }
    };
    let collected = collected.unwrap_or(Sp::new(jiff::civil::Date::MIN, f.span));
    let period = match period {
        Some(p) => p,
        None => Sp::new(
            Period::between(collected.value, collected.value),
            collected.span,
        ),
    };
    if collected.value < period.value.start && collected.value != jiff::civil::Date::MIN {
        dec.error(
            Diagnostic::warning(
                Code::DateConflict,
                collected.span,
                format!(
                    "collected on {}, before the period it shows starts ({})",
                    collected.value, period.value.start
                ),
            )
            .with_note(period.span, "the period")
            .with_hint("evidence shows what happened in its period, so it is collected during or after it; check both dates"),
        );
    }
    Some(Evidence {
        control,
        title: title.map(|t| t.value).unwrap_or_default(),
        file,
        collected,
        period,
        classification,
        control_ref: None,
        size: 0,
    })
}

/// `2026-Q1`-style labels or `{start, end}`.
fn period(dec: &mut Decoder<'_>, node: &Node) -> Option<Sp<Period>> {
    if matches!(node.value, Value::Map(_)) {
        let p = crate::load::config::decode_period(dec, node, "the evidence period")?;
        return Some(Sp::new(p, node.span));
    }
    let s = dec.string(node)?;
    match Period::parse_label(&s) {
        Ok(p) => Some(Sp::new(p, s.span)),
        Err(msg) => {
            dec.error(
                Diagnostic::error(Code::InvalidValue, s.span, msg).with_hint(
                    "periods are written 2026, 2026-H1, 2026-Q1, 2026-03, 2026-W05, 2026-03-14 or {start: …, end: …}",
                ),
            );
            None
        }
    }
}
