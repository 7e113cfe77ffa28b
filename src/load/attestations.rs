//! Decoding and checking `attestations:` in `trustbook.yaml`.
//!
//! The checks here need no date: an issued report without its issue date, a report issued
//! before the period it examines ended, a public report without its file. What depends on the
//! as-of date (a lapsed `valid_until`) is reported by `timeline`.

use crate::diag::{Code, Diagnostic};
use crate::model::{Attestation, AttestationKind, Declared, ReportAccess, TscCategory};
use crate::source::{Sp, Span};
use crate::yaml::{Decoder, Fields, Node};
use jiff::ToSpan;
use std::collections::BTreeMap;

const FIELDS: &[&str] = &[
    "id",
    "framework",
    "name",
    "status",
    "period",
    "issued",
    "valid_until",
    "auditor",
    "certification_body",
    "testing_firm",
    "report",
    "report_file",
    "categories",
    "certificate",
    "scope",
    "bridge_letter",
];

/// Who examined: three spellings of one fact, by framework.
const EXAMINERS: [&str; 3] = ["auditor", "certification_body", "testing_firm"];

/// Decodes the list; every entry is checked even when an earlier one is wrong.
pub fn decode(dec: &mut Decoder<'_>, node: &Node) -> Option<Vec<Attestation>> {
    let items = dec.seq(node, "attestations")?;
    let mut out: Vec<Attestation> = Vec::new();
    let mut seen: BTreeMap<String, Span> = BTreeMap::new();
    let mut ok = true;
    for item in items {
        match decode_one(dec, item) {
            Some(a) => {
                if let Some(first) = seen.get(&a.id.value) {
                    dec.error(
                        Diagnostic::error(
                            Code::DuplicateId,
                            a.id.span,
                            format!("two attestations have the id `{}`", a.id.value),
                        )
                        .with_note(*first, "first used here")
                        .with_hint("give each attestation its own id, e.g. soc2-2026"),
                    );
                    ok = false;
                } else {
                    seen.insert(a.id.value.clone(), a.id.span);
                    out.push(a);
                }
            }
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn decode_one(dec: &mut Decoder<'_>, node: &Node) -> Option<Attestation> {
    let f = dec.map(node, "an attestation", FIELDS)?;
    let id = dec.required(&f, "id", "an attestation", |d, n| d.string(n))?;
    let what = format!("attestation `{}`", id.value);
    if !crate::load::check_id(dec, &id, "attestation") {
        return None;
    }
    let framework = dec.required(&f, "framework", &what, |d, n| {
        d.keyword::<AttestationKind>(n)
    });
    let name = dec.optional(&f, "name", |d, n| d.string(n));
    let status = dec.required(&f, "status", &what, |d, n| d.keyword::<Declared>(n));
    let period = dec.optional(&f, "period", |d, n| {
        crate::load::config::decode_period(d, n, "the attestation period")
            .map(|p| Sp::new(p, n.span))
    });
    let issued = dec.optional(&f, "issued", |d, n| d.date(n));
    let valid_until = dec.optional(&f, "valid_until", |d, n| d.date(n));
    let auditor = examiner(dec, &f);
    let report = report(dec, &f);
    let categories = dec.optional(&f, "categories", |d, n| categories(d, n));
    let certificate = dec.optional(&f, "certificate", |d, n| d.string(n));
    let scope = dec.optional(&f, "scope", |d, n| d.string(n));
    let bridge_letter = dec.optional(&f, "bridge_letter", |d, n| d.bool(n));
    let (framework, status, report) = (framework?, status?, report?);
    let fw = framework.value;
    let a = Attestation {
        name: name.map_or_else(|| fw.default_name().to_owned(), |n| n.value),
        id,
        framework: fw,
        status,
        period,
        issued,
        valid_until,
        auditor: auditor?,
        report,
        categories: categories.unwrap_or_else(|| {
            if fw.is_soc2() || fw == AttestationKind::Soc3 {
                vec![TscCategory::Security]
            } else {
                Vec::new()
            }
        }),
        certificate: certificate.map(|c| c.value),
        scope: scope.map(|s| s.value),
        bridge_letter: bridge_letter.unwrap_or(false),
    };
    check(dec, &a, &f, framework.span).then_some(a)
}

/// `auditor`, `certification_body` or `testing_firm`: at most one of them.
fn examiner(dec: &mut Decoder<'_>, f: &Fields<'_>) -> Option<Option<String>> {
    let given: Vec<(&str, Sp<String>)> = EXAMINERS
        .iter()
        .filter_map(|k| f.get(k).and_then(|n| dec.string(n)).map(|s| (*k, s)))
        .collect();
    match given.as_slice() {
        [] => Some(None),
        [(_, s)] => Some(Some(s.value.clone())),
        [(first, _), (second, s), ..] => {
            dec.error(
                Diagnostic::error(
                    Code::InvalidValue,
                    s.span,
                    format!("both `{first}` and `{second}` name who examined"),
                )
                .with_hint("keep one: they are the same fact (`auditor` for SOC reports, `certification_body` for ISO, `testing_firm` for a pen test)"),
            );
            None
        }
    }
}

/// `report: customer` (on request) or `report: public` with `report_file:` under
/// `content/assets/`.
fn report(dec: &mut Decoder<'_>, f: &Fields<'_>) -> Option<ReportAccess> {
    let kind = match f.get("report") {
        Some(n) => {
            let s = dec.string(n)?;
            match s.value.as_str() {
                "customer" | "public" => s,
                other => {
                    dec.error(
                        Diagnostic::error(
                            Code::InvalidValue,
                            s.span,
                            format!("`{other}` is not a report access"),
                        )
                        .with_hint(match crate::diag::closest(other, ["customer", "public"]) {
                            Some(c) => format!("did you mean `{c}`? Use `customer` (shared on request) or `public` (downloadable, with `report_file:`)"),
                            None => "use `customer` (shared on request) or `public` (downloadable, with `report_file:`)".to_owned(),
                        }),
                    );
                    return None;
                }
            }
        }
        None => Sp::new("customer".to_owned(), f.span),
    };
    let file = dec.optional(f, "report_file", |d, n| d.string(n));
    match (kind.value.as_str(), file) {
        ("public", Some(file)) => match crate::load::paths::normalize(&file.value) {
            Ok(rel) => Some(ReportAccess::Public(Sp::new(rel, file.span))),
            Err(p) => {
                dec.error(crate::load::paths::diagnostic(&p, &file, "content/assets/"));
                None
            }
        },
        ("public", None) => {
            dec.error(
                Diagnostic::error(
                    Code::MissingField,
                    kind.span,
                    "a public report needs `report_file:`, the file readers download",
                )
                .with_hint("put the report in content/assets/ and name it, e.g. `report_file: soc3-2026.pdf`; or write `report: customer` to share it on request"),
            );
            None
        }
        (_, Some(file)) => {
            dec.error(
                Diagnostic::error(
                    Code::InvalidValue,
                    file.span,
                    "`report_file` is published for anyone to download, but this report is shared on request",
                )
                .with_hint("write `report: public` to publish the file, or remove `report_file`"),
            );
            None
        }
        _ => Some(ReportAccess::Customer),
    }
}

fn categories(dec: &mut Decoder<'_>, node: &Node) -> Option<Vec<TscCategory>> {
    let items = dec.seq(node, "trust services categories")?;
    let mut out = Vec::new();
    for n in items {
        out.push(dec.keyword::<TscCategory>(n)?.value);
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// The rules that need no date. Returns whether the attestation may be used.
fn check(dec: &mut Decoder<'_>, a: &Attestation, f: &Fields<'_>, fw_span: Span) -> bool {
    let mut ok = true;
    let mut error = |dec: &mut Decoder<'_>, d: Diagnostic| {
        dec.error(d);
        ok = false;
    };
    let span_of = |k: &str| f.get(k).map_or(f.span, |n| n.span);
    let issued_word = a.status.value == Declared::Issued;
    match (&a.issued, issued_word) {
        (None, true) => error(
            dec,
            Diagnostic::error(
                Code::MissingField,
                a.status.span,
                format!("attestation `{}` is `issued` but has no `issued:` date", a.id.value),
            )
            .with_hint("add the date on the report or certificate, e.g. `issued: 2026-08-14`; until it exists, write `status: in-progress`"),
        ),
        (Some(d), false) if a.status.value != Declared::Expired => error(
            dec,
            Diagnostic::error(
                Code::InvalidValue,
                d.span,
                format!(
                    "attestation `{}` has an issue date but its status is `{}`",
                    a.id.value,
                    status_name(a.status.value)
                ),
            )
            .with_hint("write `status: issued` if the report exists, or remove `issued:`"),
        ),
        _ => {}
    }
    if let (Some(issued), Some(period)) = (&a.issued, &a.period)
        && issued.value < period.value.end
    {
        error(
            dec,
            Diagnostic::error(
                Code::InvalidValue,
                issued.span,
                format!(
                    "issued {} before the period it examines ended ({})",
                    issued.value, period.value.end
                ),
            )
            .with_note(period.span, "the period")
            .with_hint("a report can only be issued after its period; check both dates"),
        );
    }
    if let (Some(issued), Some(until)) = (&a.issued, &a.valid_until)
        && until.value < issued.value
    {
        error(
            dec,
            Diagnostic::error(
                Code::InvalidValue,
                until.span,
                format!(
                    "`valid_until` ({}) is before `issued` ({})",
                    until.value, issued.value
                ),
            )
            .with_hint("check the two dates"),
        );
    }
    if a.period.is_none()
        && matches!(
            a.framework,
            AttestationKind::Soc2Type2 | AttestationKind::Soc3
        )
    {
        error(
            dec,
            Diagnostic::error(
                Code::MissingField,
                f.span,
                format!("attestation `{}` has no `period:`", a.id.value),
            )
            .with_hint("a Type II or SOC 3 report examines a period: add `period: { start: 2026-01-01, end: 2026-06-30 }`"),
        );
    }
    if let Some(p) = &a.period
        && a.framework == AttestationKind::Soc2Type2
        && p.value
            .start
            .checked_add(3.months())
            .is_ok_and(|d| d > p.value.end.saturating_add(1.day()))
    {
        let days = (p.value.end - p.value.start).get_days() + 1;
        dec.error(
            Diagnostic::warning(
                Code::Suspicious,
                p.span,
                format!("the Type II period is only {days} days"),
            )
            .with_hint("Type II examinations usually cover 3 to 12 months"),
        );
    }
    let soc = a.framework.is_soc2() || a.framework == AttestationKind::Soc3;
    if f.get("categories").is_some() && !soc {
        error(
            dec,
            Diagnostic::error(
                Code::InvalidValue,
                span_of("categories"),
                "trust services categories belong to SOC 2 and SOC 3 reports",
            )
            .with_hint(
                "remove `categories`, or set `framework:` to soc2-type1, soc2-type2 or soc3",
            ),
        );
    } else if soc && !a.categories.contains(&TscCategory::Security) {
        error(
            dec,
            Diagnostic::error(
                Code::InvalidValue,
                span_of("categories"),
                "`security` is missing from the report's categories",
            )
            .with_hint("every SOC 2 and SOC 3 report covers Security (the common criteria): add `security`"),
        );
    }
    for key in ["certificate", "scope"] {
        if f.get(key).is_some() && a.framework != AttestationKind::Iso27001 {
            error(
                dec,
                Diagnostic::error(
                    Code::InvalidValue,
                    span_of(key),
                    format!("`{key}` belongs to an ISO/IEC 27001 certificate"),
                )
                .with_note(fw_span, "the framework"),
            );
        }
    }
    if a.bridge_letter && !a.framework.is_soc2() {
        error(
            dec,
            Diagnostic::error(
                Code::InvalidValue,
                span_of("bridge_letter"),
                "bridge letters cover the time after a SOC 2 report's period",
            )
            .with_note(fw_span, "the framework"),
        );
    }
    ok
}

fn status_name(s: Declared) -> &'static str {
    match s {
        Declared::Planned => "planned",
        Declared::InProgress => "in-progress",
        Declared::Issued => "issued",
        Declared::Expired => "expired",
    }
}
