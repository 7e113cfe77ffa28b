//! The attestations on the home page, as the audience sees them on the as-of date: one status
//! word each, the facts a reviewer asks for, and a way to get the report only while it is
//! issued.

use super::Ctx;
use super::paths::{self, PageLinker};
use super::views::{long_date, mailto};
use crate::model::{Attestation, AttestationKind, AttestationState, ReportAccess};
use serde::Serialize;

/// One attestation card of `index.html`.
#[derive(Debug, Serialize)]
pub struct AttestationView<'a> {
    /// Its id (the card's anchor is `attestation-<id>`).
    pub id: &'a str,
    /// Its name, as written.
    pub name: &'a str,
    /// A sentence when it is not issued (planned, under way, expired).
    pub note: Option<&'static str>,
    /// The framework's name (`SOC 2 Type II`).
    pub framework: &'static str,
    /// `planned`, `in-progress`, `issued` or `expired` (for CSS classes).
    pub state: &'static str,
    /// The status word (`Issued`).
    pub status: &'static str,
    /// What a reviewer asks about: period, issue date, validity, examiner, ….
    pub facts: Vec<Fact>,
    /// The downloadable report, when it is public and issued.
    pub download_href: Option<String>,
    /// Where to ask for the report, when it is for customers and issued.
    pub request_href: Option<String>,
}

/// One line of an attestation's facts.
#[derive(Debug, Serialize)]
pub struct Fact {
    /// `Examination period`, `Issued`, `Valid until`, ….
    pub label: &'static str,
    /// Its value, for readers.
    pub value: String,
}

/// The attestations of the home page.
pub fn attestations<'a>(ctx: &Ctx<'a>, linker: &PageLinker<'_>) -> Vec<AttestationView<'a>> {
    ctx.project
        .config
        .attestations
        .iter()
        .map(|a| attestation(ctx, a, linker))
        .collect()
}

/// One attestation card.
fn attestation<'a>(
    ctx: &Ctx<'_>,
    a: &'a Attestation,
    linker: &PageLinker<'_>,
) -> AttestationView<'a> {
    let state = a.state_on(ctx.audience.as_of);
    let available = ctx.audience.report_available(a);
    let (download_href, request_href) = match (&a.report, available) {
        (ReportAccess::Public(_), true) => (
            ctx.audience
                .report_file(a)
                .map(|f| format!("{}{}", linker.root, paths::url_path(&paths::asset(f)))),
            None,
        ),
        (ReportAccess::Customer, true) => (None, Some(report_request_href(ctx, &a.name))),
        _ => (None, None),
    };
    AttestationView {
        id: &a.id.value,
        name: &a.name,
        note: note(a, state),
        framework: a.framework.default_name(),
        state: state.key(),
        status: state.word(),
        facts: facts(ctx, a, state, available),
        download_href,
        request_href,
    }
}

/// The sentence under an attestation that is not issued.
fn note(a: &Attestation, state: AttestationState) -> Option<&'static str> {
    match state {
        AttestationState::Planned => Some("Planned: the examination has not started."),
        AttestationState::InProgress if a.issued.is_none() => {
            Some("Under way: no report has been issued yet.")
        }
        AttestationState::InProgress => Some("Under way: the report is not yet issued."),
        AttestationState::Expired => Some("No longer current: the report is not offered."),
        AttestationState::Issued => None,
    }
}

/// The facts of an attestation, in reading order.
fn facts(ctx: &Ctx<'_>, a: &Attestation, state: AttestationState, available: bool) -> Vec<Fact> {
    let mut facts: Vec<Fact> = Vec::new();
    let mut fact = |label: &'static str, value: String| facts.push(Fact { label, value });
    if let Some(period) = &a.period {
        let label =
            if state == AttestationState::InProgress && a.framework == AttestationKind::Soc2Type2 {
                "Observation window"
            } else {
                a.framework.period_name()
            };
        let value = if period.value.start == period.value.end {
            long_date(period.value.start)
        } else {
            format!(
                "{} – {}",
                long_date(period.value.start),
                long_date(period.value.end)
            )
        };
        fact(label, value);
    }
    if state != AttestationState::Planned
        && state != AttestationState::InProgress
        && let Some(i) = &a.issued
    {
        fact("Issued", long_date(i.value));
    }
    if let Some(v) = &a.valid_until {
        let label = if state == AttestationState::Expired {
            "Expired"
        } else {
            "Valid until"
        };
        fact(label, long_date(v.value));
    }
    if let Some(who) = &a.auditor {
        fact(examiner(a.framework), who.clone());
    }
    if !a.categories.is_empty() {
        let titles: Vec<&str> = a.categories.iter().map(|c| c.title()).collect();
        fact("Trust services categories", titles.join(", "));
    }
    if let Some(c) = &a.certificate {
        fact("Certificate", c.clone());
    }
    if let Some(s) = &a.scope {
        fact("Scope", s.clone());
    }
    let bridge = available
        && a.bridge_letter
        && a.period
            .as_ref()
            .is_some_and(|pd| pd.value.end < ctx.audience.as_of);
    if bridge {
        fact(
            "Bridge letter",
            "Available for the time since the period ended".to_owned(),
        );
    }
    facts
}

/// Who examined it, by framework.
fn examiner(kind: AttestationKind) -> &'static str {
    match kind {
        AttestationKind::Iso27001 => "Certified by",
        AttestationKind::Pentest => "Tested by",
        _ => "Examined by",
    }
}

/// Where a reader asks for an attestation report: the request page, else an email.
fn report_request_href(ctx: &Ctx<'_>, name: &str) -> String {
    match &ctx.project.config.site.request_url {
        Some(url) => url.clone(),
        None => mailto(ctx, &format!("Report request: {name}"), None),
    }
}
