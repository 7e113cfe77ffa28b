//! The package's CSV files: what auditors open in a spreadsheet (RFC 4180 quoting, UTF-8
//! with a byte-order mark so spreadsheet programs detect the encoding, CRLF line ends).

use crate::audience::{Audience, Output};
use crate::error::{Error, Result};
use crate::model::Project;

/// Column headers of `control-matrix.csv` (also read back by `diff`).
pub const CONTROL_COLUMNS: &[&str] = &[
    "Control ID",
    "Title",
    "Description",
    "Owner",
    "Frequency",
    "Kind",
    "Automated",
    "Criteria",
    "Policies",
    "Subprocessors",
    "Status",
    "Public",
    "Test procedure",
    "Evidence count",
];

/// Column headers of `subprocessors.csv`.
pub const SUBPROCESSOR_COLUMNS: &[&str] = &[
    "ID",
    "Name",
    "Legal entity",
    "Purpose",
    "Category",
    "Data categories",
    "Customer data",
    "Location",
    "Transfer mechanism",
    "Certifications",
    "DPA",
    "Website",
    "Status",
    "Added",
    "Announced",
    "Removed",
    "Notes",
];

/// Column headers of `evidence/evidence-index.csv`.
pub const EVIDENCE_COLUMNS: &[&str] = &[
    "Control ID",
    "Title",
    "File",
    "Collected",
    "Period",
    "Period start",
    "Period end",
    "Classification",
];

/// Writes rows as CSV.
pub fn csv(header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::from("\u{feff}".as_bytes()));
    let err = |e: csv::Error| Error::package_from("writing a CSV table", e);
    w.write_record(header).map_err(err)?;
    for r in rows {
        w.write_record(r.iter().map(|cell| neutralise(cell).into_owned()))
            .map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| Error::package_from("writing a CSV table", e.into_error()))
}

/// A cell that a spreadsheet would run as a formula (`=HYPERLINK(…)`, `@SUM(1)`, `+1+1`,
/// a leading tab or carriage return) gets a leading `'`, as OWASP advises, so the auditor's
/// spreadsheet shows it as text. Numbers (`-5`, `+1.5`) are left alone. A cell that already
/// starts with `'` before such a character gets one more, so [`restore`] is exact.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    let rest = cell.trim_start_matches('\'');
    let risky = rest.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_number(cell);
    if risky {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The cell as it was before [`neutralise`].
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest)
            if rest
                .trim_start_matches('\'')
                .starts_with(['=', '+', '-', '@', '\t', '\r']) =>
        {
            rest
        }
        _ => cell,
    }
}

fn is_number(s: &str) -> bool {
    s.parse::<f64>().is_ok()
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
}

/// One row per control.
pub fn control_matrix(p: &Project) -> Result<Vec<u8>> {
    let rows: Vec<Vec<String>> = p
        .controls
        .iter()
        .enumerate()
        .map(|(i, c)| {
            vec![
                c.id.value.clone(),
                c.title.clone(),
                c.description.trim().to_owned(),
                c.owner.clone().unwrap_or_default(),
                c.frequency.name().to_owned(),
                c.kind.name().to_owned(),
                if c.automated { "yes" } else { "no" }.to_owned(),
                c.criteria_refs
                    .iter()
                    .map(|r| p.criterion(*r).key.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
                c.policy_refs
                    .iter()
                    .map(|&x| p.policies[x].id.value.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
                c.subprocessor_refs
                    .iter()
                    .map(|&x| p.subprocessors[x].id.value.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
                c.status.name().to_owned(),
                if c.public { "yes" } else { "no" }.to_owned(),
                c.test_procedure.trim().to_owned(),
                p.links.control_evidence[i].len().to_string(),
            ]
        })
        .collect();
    csv(CONTROL_COLUMNS, &rows)
}

/// One row per criterion in scope, with the controls that satisfy it.
pub fn criteria_coverage(p: &Project) -> Result<Vec<u8>> {
    let rows: Vec<Vec<String>> = p
        .criteria()
        .filter(|(_, c)| c.in_scope)
        .map(|(r, c)| {
            let controls = p.controls_for(r);
            let coverage = p.coverage(r);
            vec![
                c.key.clone(),
                c.category.clone().unwrap_or_default(),
                c.family.clone(),
                c.title.clone(),
                controls
                    .iter()
                    .map(|&i| p.controls[i].id.value.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
                if coverage == crate::model::Coverage::Controlled {
                    "yes"
                } else {
                    "no"
                }
                .to_owned(),
                coverage.key().to_owned(),
                p.documents_for(r)
                    .iter()
                    .map(|&d| {
                        let kind = p.doc(d).map_or("", |x| x.kind);
                        format!("{kind}:{}", p.item_title(d).0)
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            ]
        })
        .collect();
    csv(
        &[
            "Criterion",
            "Category",
            "Family",
            "Title",
            "Controls",
            "Covered",
            "Coverage",
            "Documents",
        ],
        &rows,
    )
}

/// One row per subprocessor the audience sees (current, upcoming, leaving and former), with
/// its state on the audience's as-of date; notes only where internal detail is shown. The
/// package and both sites' `subprocessors.csv` are this table.
pub fn subprocessors(p: &Project, audience: Audience) -> Result<Vec<u8>> {
    let notes = audience.internal_detail() || audience.output == Output::Audit;
    let rows: Vec<Vec<String>> = audience
        .subprocessors(p)
        .map(|(_, s, state)| {
            let mut row = vec![
                s.id.value.clone(),
                s.name.clone(),
                s.legal_entity.clone().unwrap_or_default(),
                s.purpose.clone(),
                s.category.clone(),
                s.data_categories.join("; "),
                if s.customer_data { "yes" } else { "no" }.to_owned(),
                s.location.clone(),
                s.transfer_mechanism.clone().unwrap_or_default(),
                s.certifications
                    .iter()
                    .map(|c| format!("{} ({})", c.name, c.report_date.value))
                    .collect::<Vec<_>>()
                    .join("; "),
                s.dpa.clone().unwrap_or_default(),
                s.website.clone().unwrap_or_default(),
                state.key().to_owned(),
                s.added.to_string(),
                s.announced_shown(audience.as_of)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                s.removed.map(|d| d.to_string()).unwrap_or_default(),
            ];
            if notes {
                row.push(s.notes.clone().unwrap_or_default());
            }
            row
        })
        .collect();
    let columns = if notes {
        SUBPROCESSOR_COLUMNS
    } else {
        &SUBPROCESSOR_COLUMNS[..SUBPROCESSOR_COLUMNS.len() - 1]
    };
    csv(columns, &rows)
}

/// One row per evidence item, with its path in the package.
pub fn evidence_index(items: &[(&crate::model::Evidence, String)]) -> Result<Vec<u8>> {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|(e, path)| {
            vec![
                e.control.value.clone(),
                e.title.clone(),
                path.clone(),
                e.collected.value.to_string(),
                e.period.value.label.clone(),
                e.period.value.start.to_string(),
                e.period.value.end.to_string(),
                e.classification.name().to_owned(),
            ]
        })
        .collect();
    csv(EVIDENCE_COLUMNS, &rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        for (cell, out) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("@SUM(1)", "'@SUM(1)"),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("\t=1", "'\t=1"),
            ("'=1", "''=1"),
            ("-5", "-5"),
            ("+1.5", "+1.5"),
            ("-1e5", "-1e5"),
            ("-inf", "'-inf"),
            ("2026-01-01", "2026-01-01"),
            ("plain", "plain"),
        ] {
            assert_eq!(neutralise(cell), out, "{cell:?}");
            assert_eq!(restore(&neutralise(cell)), cell, "{cell:?}");
        }
    }
}
