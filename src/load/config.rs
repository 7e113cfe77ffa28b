//! Decoding `trustbook.yaml`.

use crate::diag::{Code, Diagnostic};
use crate::model::{
    Audit, AuditType, Classification, Company, Config, Outputs, Package, Period, Site, TscCategory,
};
use crate::source::{FileId, Sp, Span};
use crate::yaml::{Decoder, Fields, Node};

const TOP: &[&str] = &[
    "company",
    "site",
    "package",
    "audit",
    "attestations",
    "subprocessors",
    "frameworks",
    "outputs",
    "lang",
];
const COMPANY: &[&str] = &["name", "website", "contact", "tagline"];
const SITE: &[&str] = &[
    "url",
    "theme",
    "security_policy",
    "name",
    "logo",
    "accent",
    "accent_dark",
    "request_url",
];
const PACKAGE: &[&str] = &["version", "slug"];
const AUDIT: &[&str] = &["type", "period", "auditor", "categories"];
const PERIOD: &[&str] = &["start", "end"];
const OUTPUTS: &[&str] = &["docs", "trust", "audit"];
const SUBPROCESSORS: &[&str] = &["notice_days"];

/// Days of notice customers get before a new subprocessor starts, unless configured.
pub const DEFAULT_NOTICE_DAYS: u32 = 30;

/// Decodes the configuration; `None` when a required part is missing or wrong.
pub fn decode(dec: &mut Decoder<'_>, node: &Node) -> Option<Config> {
    let top = dec.map(node, "trustbook.yaml", TOP)?;
    let company = dec.required(&top, "company", "trustbook.yaml", decode_company);
    let site = dec.required(&top, "site", "trustbook.yaml", decode_site);
    let package = dec.required(&top, "package", "trustbook.yaml", |d, n| {
        let f = d.map(n, "`package`", PACKAGE)?;
        let version = d.required(&f, "version", "`package`", |d, n| d.string(n));
        let slug = d.optional(&f, "slug", |d, n| d.string(n));
        Some((version?, slug))
    });
    let audit = dec.required(&top, "audit", "trustbook.yaml", decode_audit);
    let attestations = match top.get("attestations") {
        Some(n) => Some(super::attestations::decode(dec, n)),
        None => Some(Some(Vec::new())),
    };
    let notice_days = dec
        .optional(&top, "subprocessors", |d, n| {
            let f = d.map(n, "`subprocessors`", SUBPROCESSORS)?;
            d.optional(&f, "notice_days", |d, n| d.uint(n))
        })
        .unwrap_or(DEFAULT_NOTICE_DAYS);
    let lang = dec
        .optional(&top, "lang", |d, n| lang(d, n))
        .unwrap_or_else(|| "en".to_owned());
    let frameworks = dec
        .optional(&top, "frameworks", |d, n| d.string_list(n, "framework ids"))
        .unwrap_or_default();
    let outputs = match top.get("outputs") {
        Some(n) => decode_outputs(dec, n)?,
        None => Outputs::default(),
    };
    let company = company?;
    let (version, slug) = package?;
    if let Err(closest) = Package::check_version(&version) {
        dec.error(
            Diagnostic::error(
                Code::InvalidValue,
                version.span,
                format!(
                    "package version `{}` cannot be used in a file name",
                    version.value
                ),
            )
            .with_hint(format!(
                "versions are at most 64 letters, digits, `.`, `_`, `+` and `-`; for example `{closest}`"
            )),
        );
        return None;
    }
    let slug = match slug {
        Some(s) => {
            if !crate::load::check_id(dec, &s, "package slug") {
                return None;
            }
            s.value
        }
        None => default_slug(&company.name),
    };
    let mut site = site?;
    if site.name.is_empty() {
        site.name = Site::default_name(&company.name);
    }
    Some(Config {
        company,
        site,
        package: Package {
            version: version.value,
            slug,
        },
        audit: audit?,
        attestations: attestations.flatten()?,
        notice_days,
        frameworks,
        outputs,
        lang,
    })
}

/// The file-name prefix derived from a company name: `Halloo Labs, Inc.` -> `halloo-labs`.
/// At most 40 characters (cut at a word), since it names files.
pub fn default_slug(name: &str) -> String {
    let slug = crate::markdown::slugify(name);
    let trimmed = [
        "-inc", "-llc", "-ltd", "-gmbh", "-sas", "-bv", "-ag", "-plc", "-corp",
    ]
    .iter()
    .find_map(|s| slug.strip_suffix(s))
    .unwrap_or(&slug);
    let ascii: String = trimmed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let mut short = String::new();
    for word in ascii.split('-').filter(|w| !w.is_empty()) {
        if short.len() + word.len() + 1 > 40 {
            if short.is_empty() {
                short.push_str(&word[..40]);
            }
            break;
        }
        if !short.is_empty() {
            short.push('-');
        }
        short.push_str(word);
    }
    if short.is_empty() {
        "trustbook".to_owned()
    } else {
        short
    }
}

fn decode_company(dec: &mut Decoder<'_>, node: &Node) -> Option<Company> {
    let f = dec.map(node, "`company`", COMPANY)?;
    let name = dec.required(&f, "name", "`company`", |d, n| d.string(n));
    let contact = dec.required(&f, "contact", "`company`", |d, n| d.string(n));
    let website = dec.optional(&f, "website", |d, n| d.web_url(n));
    let tagline = dec.optional(&f, "tagline", |d, n| d.string(n));
    let contact = contact?;
    if let Err(hint) = check_email(&contact) {
        dec.error(
            Diagnostic::error(
                Code::InvalidValue,
                contact.span,
                format!("`{}` is not an email address", contact.value),
            )
            .with_hint(hint),
        );
        return None;
    }
    Some(Company {
        name: name?.value,
        website: website.map(|w| w.value),
        contact: contact.value,
        tagline: tagline.map(|t| t.value),
    })
}

/// Checks an address people write to (`security@example.com`): it becomes a `mailto:` link on
/// every page, so it must be exactly one address. The error is a hint.
fn check_email(s: &str) -> Result<(), String> {
    let example =
        "give the address security questions and access requests go to, e.g. security@example.com";
    if let Some(rest) = s.strip_prefix("mailto:") {
        return Err(format!("write the address alone: `{rest}`"));
    }
    let Some((local, domain)) = s.split_once('@') else {
        return Err(example.to_owned());
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    if local_ok && domain_ok {
        Ok(())
    } else {
        Err(example.to_owned())
    }
}

fn decode_site(dec: &mut Decoder<'_>, node: &Node) -> Option<Site> {
    let f = dec.map(node, "`site`", SITE)?;
    let url = dec.required(&f, "url", "`site`", |d, n| d.web_url(n));
    let theme = match f.get("theme") {
        Some(n) => {
            let t = dec.string(n)?;
            if !crate::load::check_id(dec, &t, "theme") {
                return None;
            }
            t
        }
        None => Sp::new("default".to_owned(), f.span),
    };
    let security_policy = dec.optional(&f, "security_policy", |d, n| d.web_url(n));
    let brand = super::brand::decode(dec, &f);
    Some(Site {
        url: url?.value.trim_end_matches('/').to_owned(),
        theme,
        security_policy: security_policy.map(|p| p.value),
        // Empty until the company's name is known (see `decode`).
        name: brand.name.unwrap_or_default(),
        logo: brand.logo,
        accent: brand.accent,
        accent_dark: brand.accent_dark,
        request_url: brand.request_url,
    })
}

/// Decodes `{start, end}` with `start <= end`.
pub fn decode_period(dec: &mut Decoder<'_>, node: &Node, what: &str) -> Option<Period> {
    let f = dec.map(node, what, PERIOD)?;
    let start = dec.required(&f, "start", what, |d, n| d.date(n));
    let end = dec.required(&f, "end", what, |d, n| d.date(n));
    let (start, end) = (start?, end?);
    if end.value < start.value {
        dec.error(
            Diagnostic::error(
                Code::InvalidValue,
                end.span,
                format!(
                    "{what} ends ({}) before it starts ({})",
                    end.value, start.value
                ),
            )
            .with_hint("swap `start` and `end`"),
        );
        return None;
    }
    Some(Period::between(start.value, end.value))
}

fn decode_audit(dec: &mut Decoder<'_>, node: &Node) -> Option<Audit> {
    let f = dec.map(node, "`audit`", AUDIT)?;
    let kind = dec.required(&f, "type", "`audit`", |d, n| d.keyword::<AuditType>(n));
    let period = dec.required(&f, "period", "`audit`", |d, n| {
        decode_period(d, n, "the audit period")
    });
    let auditor = dec.optional(&f, "auditor", |d, n| d.string(n));
    let categories = dec.required(&f, "categories", "`audit`", |d, n| categories(d, n, &f));
    let (kind, period) = (kind?, period?);
    if kind.value == AuditType::Soc2Type2 {
        let days = (period.end - period.start).get_days() + 1;
        if days < 90 {
            dec.error(
                Diagnostic::warning(
                    Code::Suspicious,
                    f.get("period").map_or(f.span, |n| n.span),
                    format!("the Type II period is only {days} days"),
                )
                .with_hint("Type II examinations usually cover 3 to 12 months"),
            );
        }
    }
    Some(Audit {
        kind: kind.value,
        period,
        auditor: auditor.map(|a| a.value),
        categories: categories?,
        categories_span: f.get("categories").map_or(f.span, |n| n.span),
    })
}

fn categories(dec: &mut Decoder<'_>, node: &Node, audit: &Fields<'_>) -> Option<Vec<TscCategory>> {
    let items = dec.seq(node, "trust services categories")?;
    let mut out: Vec<TscCategory> = items
        .iter()
        .filter_map(|n| dec.keyword::<TscCategory>(n).map(|k| k.value))
        .collect();
    if !out.contains(&TscCategory::Security) {
        let span: Span = audit.get("categories").map_or(audit.span, |n| n.span);
        dec.error(
            Diagnostic::error(
                Code::InvalidValue,
                span,
                "`security` is missing from the categories in scope",
            )
            .with_hint("the Security category (the common criteria) is mandatory in every SOC 2 examination: add `security`"),
        );
        return None;
    }
    out.sort();
    out.dedup();
    Some(out)
}

fn decode_outputs(dec: &mut Decoder<'_>, node: &Node) -> Option<Outputs> {
    let f = dec.map(node, "`outputs`", OUTPUTS)?;
    let mut out = Outputs::default();
    if let Some(k) = dec.optional(&f, "docs", |d, n| d.keyword::<Classification>(n)) {
        out.docs = k.value;
    }
    if let Some(k) = dec.optional(&f, "trust", |d, n| d.keyword::<Classification>(n)) {
        if k.value > Classification::Customer {
            dec.error(
                Diagnostic::warning(
                    Code::Suspicious,
                    k.span,
                    format!("the public trust center would show `{}` items", k.value),
                )
                .with_hint(
                    "the trust center is public; use `public` (or `customer` behind a login)",
                ),
            );
        }
        out.trust = k.value;
    }
    if let Some(k) = dec.optional(&f, "audit", |d, n| d.keyword::<Classification>(n)) {
        out.audit = k.value;
    }
    Some(out)
}

/// A configuration to resolve against when `trustbook.yaml` itself is broken, so the other
/// files are still checked.
pub fn fallback() -> Config {
    let day = jiff::civil::date(2000, 1, 1);
    Config {
        company: Company {
            name: "(unnamed)".to_owned(),
            website: None,
            contact: String::new(),
            tagline: None,
        },
        site: Site {
            url: String::new(),
            theme: Sp::new("default".to_owned(), Span::file_start(FileId(0))),
            security_policy: None,
            name: "(unnamed)".to_owned(),
            logo: None,
            accent: None,
            accent_dark: None,
            request_url: None,
        },
        package: Package {
            version: "0".to_owned(),
            slug: "trustbook".to_owned(),
        },
        audit: Audit {
            kind: AuditType::Soc2Type2,
            period: Period::between(day, day),
            auditor: None,
            categories: vec![TscCategory::Security],
            categories_span: Span::file_start(FileId(0)),
        },
        attestations: Vec::new(),
        notice_days: DEFAULT_NOTICE_DAYS,
        frameworks: Vec::new(),
        outputs: Outputs::default(),
        lang: "en".to_owned(),
    }
}

/// A language tag (BCP 47: `en`, `de-CH`, `pt-BR`), as the sites' `lang` attribute and the
/// PDFs' `/Lang` carry it.
pub fn lang(dec: &mut Decoder<'_>, node: &Node) -> Option<String> {
    let s = dec.string(node)?;
    let mut parts = s.value.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    let rest_ok =
        parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if primary_ok && rest_ok {
        return Some(s.value);
    }
    let guess: String = s
        .value
        .replace('_', "-")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    dec.error(
        Diagnostic::error(
            Code::InvalidValue,
            s.span,
            format!("`{}` is not a language tag", s.value),
        )
        .with_hint(format!(
            "write a BCP 47 tag: a 2- or 3-letter language, optionally a region, such as `en`, `de-CH` or `{}`",
            if guess.is_empty() { "pt-BR" } else { &guess }
        )),
    );
    None
}
