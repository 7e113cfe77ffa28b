//! The versioned audit package: one zip with a single top folder holding the auditor PDF,
//! the control matrix and other tables as CSV, every evidence file in scope under its
//! control, each policy's Markdown source, a readiness report and a manifest of SHA-256
//! digests; plus a `.sha256` file beside the zip.
//!
//! Deterministic: entries in sorted order with fixed times and permissions, so the same
//! input (and `SOURCE_DATE_EPOCH`) gives the same bytes.

pub mod diff;
pub mod manifest;
pub mod read;
pub mod tables;
pub mod verify;

use crate::audience::{Audience, Output, Visibility};
use crate::error::{Error, Result};
use crate::model::Project;
use manifest::{FileEntry, MANIFEST, Manifest, Period, sha256_hex};
use std::collections::BTreeMap;
use std::io::Write;

pub use tables::{CONTROL_COLUMNS, EVIDENCE_COLUMNS, SUBPROCESSOR_COLUMNS};

/// A built package.
pub struct Package {
    /// The top folder and file stem (`halloo-audit-2026.1`).
    pub name: String,
    /// The zip bytes.
    pub zip: Vec<u8>,
    /// Lowercase hex SHA-256 of the zip.
    pub sha256: String,
}

/// What goes into a package besides the model.
pub struct Inputs<'a> {
    /// Package version.
    pub version: &'a str,
    /// Generation time, seconds since 1970.
    pub timestamp: i64,
    /// The auditor PDF's file name, and where it was written.
    pub pdf: (&'a str, &'a std::path::Path),
    /// The readiness report, when computed.
    pub readiness: Option<Vec<u8>>,
    /// The as-of date of the build.
    pub as_of: jiff::civil::Date,
}

/// Builds the package of a checked project.
pub fn build(project: &Project, inputs: &Inputs<'_>) -> Result<Package> {
    let cfg = &project.config;
    let name = format!("{}-audit-{}", cfg.package.slug, inputs.version);
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    // What the package holds is decided where every output's content is: the audience,
    // as of the end of the audit period (or the as-of date, if earlier).
    let audience = Audience::of(
        Output::Audit,
        &cfg.outputs,
        cfg.audit.period.end.min(inputs.as_of),
    );

    let pdf = std::fs::read(inputs.pdf.1).map_err(|e| Error::io("cannot read", inputs.pdf.1, e))?;
    files.insert(inputs.pdf.0.to_owned(), pdf);
    files.insert(
        "control-matrix.csv".to_owned(),
        tables::control_matrix(project)?,
    );
    files.insert(
        "criteria-coverage.csv".to_owned(),
        tables::criteria_coverage(project)?,
    );
    files.insert(
        "subprocessors.csv".to_owned(),
        tables::subprocessors(project, audience)?,
    );

    let evidence_dir = project.root.join("content").join("evidence");
    let mut paths = Vec::with_capacity(project.evidence.len());
    for e in project.evidence.iter().filter(|e| audience.evidence(e)) {
        let path = e.package_path();
        if !files.contains_key(&path) {
            let src = evidence_dir.join(&e.file.value);
            let bytes = std::fs::read(&src).map_err(|err| Error::io("cannot read", &src, err))?;
            files.insert(path.clone(), bytes);
        }
        paths.push((e, path));
    }
    files.insert(
        "evidence/evidence-index.csv".to_owned(),
        tables::evidence_index(&paths)?,
    );
    // The text the auditor reads: variables replaced, as every other output shows them.
    let vars = crate::markdown::dialect::Variables::of(Some(cfg));
    let documents = audience
        .policies(project, Visibility::Full)
        .map(|(_, p)| ("policies", p))
        .chain(
            audience
                .procedures(project, Visibility::Full)
                .map(|(_, p)| ("procedures", p)),
        );
    for (folder, p) in documents {
        let src = &project.sources.get(p.body.file).text;
        let text =
            crate::markdown::dialect::substitute_source(src, p.body.offset, &p.body.events, &vars);
        files.insert(format!("{folder}/{}.md", p.id.value), text.into_bytes());
    }
    if let Some(r) = &inputs.readiness {
        files.insert("readiness.json".to_owned(), r.clone());
    }
    let generated = jiff::Timestamp::from_second(inputs.timestamp)
        .map_err(|e| Error::package_from("the generation time", e))?;
    files.insert(
        "README.txt".to_owned(),
        readme(project, &name, inputs, generated).into_bytes(),
    );

    for path in files.keys() {
        if !crate::output::is_safe_path(path) {
            return Err(Error::package(format!(
                "refusing unsafe entry name `{path}`"
            )));
        }
    }
    let manifest = Manifest {
        package: name.clone(),
        version: inputs.version.to_owned(),
        company: cfg.company.name.clone(),
        audit: cfg.audit.kind.title().to_owned(),
        period: Period {
            start: cfg.audit.period.start.to_string(),
            end: cfg.audit.period.end.to_string(),
        },
        categories: cfg
            .audit
            .categories
            .iter()
            .map(|c| c.title().to_owned())
            .collect(),
        generated: generated.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        trustbook: env!("CARGO_PKG_VERSION").to_owned(),
        files: files
            .iter()
            .map(|(path, bytes)| FileEntry {
                path: path.clone(),
                size: bytes.len() as u64,
                sha256: sha256_hex(bytes),
            })
            .collect(),
    };
    let mut json = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| Error::package_from("writing the manifest", e))?;
    json.push(b'\n');
    files.insert(MANIFEST.to_owned(), json);

    let zip = write_zip(&name, &files, generated)?;
    let sha256 = sha256_hex(&zip);
    Ok(Package { name, zip, sha256 })
}

/// The DOS date-time stored in zip entries (range 1980–2107).
fn zip_time(t: jiff::Timestamp) -> zip::DateTime {
    let dt = jiff::tz::TimeZone::UTC.to_datetime(t);
    let year = dt.year().clamp(1980, 2107) as u16;
    zip::DateTime::from_date_and_time(
        year,
        dt.month() as u8,
        dt.day() as u8,
        dt.hour() as u8,
        dt.minute() as u8,
        dt.second() as u8,
    )
    .unwrap_or_default()
}

fn write_zip(
    top: &str,
    files: &BTreeMap<String, Vec<u8>>,
    time: jiff::Timestamp,
) -> Result<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let err = |e: zip::result::ZipError| Error::package_from("writing the zip", e);
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(zip_time(time))
        .unix_permissions(0o644);
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (path, bytes) in files {
        w.start_file(format!("{top}/{path}"), options)
            .map_err(err)?;
        w.write_all(bytes)
            .map_err(|e| Error::package_from("writing the zip", e))?;
    }
    Ok(w.finish().map_err(err)?.into_inner())
}

fn readme(
    project: &Project,
    name: &str,
    inputs: &Inputs<'_>,
    generated: jiff::Timestamp,
) -> String {
    let cfg = &project.config;
    let categories: Vec<&str> = cfg.audit.categories.iter().map(|c| c.title()).collect();
    format!(
        "{company} — {kind} audit package {version}
{rule}

This package is the documentation {company} provides to its service auditor{auditor} for the
{kind} examination of the period {start} to {end}
(trust services categories: {categories}).

It is CONFIDENTIAL. Do not distribute it beyond the engagement team.

Contents
  {pdf}
      Everything in scope in one document: system description, policies, the control
      matrix with descriptions and test procedures, criteria coverage, subprocessors and
      the evidence index.
  control-matrix.csv        One row per control: owner, frequency, kind, criteria,
                            status, test procedure and evidence count.
  criteria-coverage.csv     Every criterion in scope with the controls that satisfy it.
  subprocessors.csv         Current and former subprocessors.
  evidence/                 Every evidence file, under its control, and
                            evidence/evidence-index.csv describing each one.
  policies/, procedures/    Each policy's and procedure's Markdown as approved, with
                            variables such as {{{{ company.name }}}} replaced.
  readiness.json            Gaps in the audit period (uncovered criteria, missing
                            evidence periods, overdue reviews, lapsed vendor reports),
                            judged as of {judged}: reviews by the history as it stood
                            then, evidence collected later for a slice inside it counted.
  manifest.json             The size and SHA-256 digest of every other file.

Verifying the package
  The file {name}.zip.sha256 beside the zip holds the zip's SHA-256:
      sha256sum -c {name}.zip.sha256
  Every file inside is listed in manifest.json with its SHA-256. With trustbook:
      trustbook verify {name}.zip
  reports any missing, extra or altered file by name. Without it, for example:
      python3 -c \"import hashlib,json,sys; m=json.load(open('manifest.json'));
      bad=[f['path'] for f in m['files'] if hashlib.sha256(open(f['path'],'rb').read()).hexdigest()!=f['sha256']];
      print('\\n'.join(bad) or 'all files intact')\"
  (run inside the unzipped {name} folder).

Generated {generated} by trustbook {tb}.
",
        company = cfg.company.name,
        kind = cfg.audit.kind.title(),
        version = inputs.version,
        rule = "=".repeat(60),
        auditor = cfg.audit.auditor.as_ref().map(|a| format!(", {a},")).unwrap_or_default(),
        start = cfg.audit.period.start,
        end = cfg.audit.period.end,
        categories = categories.join(", "),
        judged = cfg.audit.period.end.min(inputs.as_of),
        pdf = inputs.pdf.0,
        name = name,
        generated = generated.strftime("%Y-%m-%d %H:%M UTC"),
        tb = env!("CARGO_PKG_VERSION"),
    )
}
