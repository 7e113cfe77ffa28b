//! Decoding the subprocessor list.

use crate::model::{Certification, Subprocessor};
use crate::yaml::{Decoder, Node};

const SUBPROCESSOR: &[&str] = &[
    "id",
    "name",
    "legal_entity",
    "purpose",
    "category",
    "data_categories",
    "customer_data",
    "location",
    "transfer_mechanism",
    "certifications",
    "dpa",
    "website",
    "added",
    "announced",
    "removed",
    "notes",
];

const CERTIFICATION: &[&str] = &["name", "report_date", "period", "url"];

/// Decodes `content/subprocessors.yaml`.
pub fn decode_file(dec: &mut Decoder<'_>, node: &Node, out: &mut Vec<Subprocessor>) {
    let Some(items) = dec.seq(node, "subprocessors") else {
        return;
    };
    for item in items {
        if let Some(s) = decode(dec, item) {
            out.push(s);
        }
    }
}

fn decode(dec: &mut Decoder<'_>, node: &Node) -> Option<Subprocessor> {
    let f = dec.map(node, "a subprocessor", SUBPROCESSOR)?;
    let id = dec.required(&f, "id", "a subprocessor", |d, n| d.string(n))?;
    let what = format!("subprocessor `{}`", id.value);
    let name = dec.required(&f, "name", &what, |d, n| d.string(n));
    let legal_entity = dec.optional(&f, "legal_entity", |d, n| d.string(n));
    let purpose = dec.required(&f, "purpose", &what, |d, n| d.string(n));
    let category = dec.required(&f, "category", &what, |d, n| d.string(n));
    let data_categories = dec.optional(&f, "data_categories", |d, n| {
        d.string_list(n, "data categories")
    });
    let customer_data = dec.optional(&f, "customer_data", |d, n| d.bool(n));
    let location = dec.required(&f, "location", &what, |d, n| d.string(n));
    let transfer_mechanism = dec.optional(&f, "transfer_mechanism", |d, n| d.string(n));
    let certifications = dec.optional(&f, "certifications", |d, n| {
        let items = d.seq(n, "certifications")?;
        Some(
            items
                .iter()
                .filter_map(|i| certification(d, i))
                .collect::<Vec<_>>(),
        )
    });
    let dpa = dec.optional(&f, "dpa", |d, n| d.web_url(n));
    let website = dec.optional(&f, "website", |d, n| d.web_url(n));
    let added = dec.required(&f, "added", &what, |d, n| d.date(n));
    let announced = dec.optional(&f, "announced", |d, n| d.date(n));
    let removed = dec.optional(&f, "removed", |d, n| d.date(n));
    let notes = dec.optional(&f, "notes", |d, n| d.string(n));
    crate::load::check_id(dec, &id, "subprocessor");
    let added = added.unwrap_or(crate::source::Sp::new(jiff::civil::Date::MIN, f.span));
    if let Some(r) = &removed
        && r.value < added.value
        && added.value != jiff::civil::Date::MIN
    {
        dec.error(
            crate::diag::Diagnostic::error(
                crate::diag::Code::InvalidValue,
                r.span,
                format!(
                    "`removed` ({}) is before `added` ({})",
                    r.value, added.value
                ),
            )
            .with_hint("check the two dates"),
        );
    }
    Some(Subprocessor {
        id,
        name: name.map(|v| v.value).unwrap_or_default(),
        legal_entity: legal_entity.map(|v| v.value),
        purpose: purpose.map(|v| v.value).unwrap_or_default(),
        category: category.map(|v| v.value).unwrap_or_default(),
        data_categories: data_categories
            .unwrap_or_default()
            .into_iter()
            .map(|d| d.value)
            .collect(),
        customer_data: customer_data.unwrap_or(true),
        location: location.map(|v| v.value).unwrap_or_default(),
        transfer_mechanism: transfer_mechanism.map(|v| v.value),
        certifications: certifications.unwrap_or_default(),
        dpa: dpa.map(|v| v.value),
        website: website.map(|v| v.value),
        added: added.value,
        announced,
        removed: removed.map(|r| r.value),
        notes: notes.map(|v| v.value),
    })
}

fn certification(dec: &mut Decoder<'_>, node: &Node) -> Option<Certification> {
    let what = "a certification";
    let f = dec.map(node, what, CERTIFICATION)?;
    let name = dec.required(&f, "name", what, |d, n| d.string(n));
    let report_date = dec.required(&f, "report_date", what, |d, n| d.date(n));
    let period = dec.optional(&f, "period", |d, n| {
        crate::load::config::decode_period(d, n, "the report period")
    });
    let url = dec.optional(&f, "url", |d, n| d.web_url(n));
    Some(Certification {
        name: name?.value,
        report_date: report_date?,
        period,
        url: url.map(|u| u.value),
    })
}
