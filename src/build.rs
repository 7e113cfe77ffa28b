//! `trustbook build`: every output rendered into a staging folder, then swapped in whole.

use crate::audience::Output;
use crate::error::Result;
use crate::model::Project;
use crate::output::{Destination, Staging};
use crate::site::{self, BuildInfo, theme::Theme};
use std::path::Path;

/// Options of a build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Overrides the package version from `trustbook.yaml` (already checked to be safe).
    pub package_version: Option<String>,
    /// Date of the readiness analysis (default: `SOURCE_DATE_EPOCH`, else today).
    pub as_of: Option<jiff::civil::Date>,
    /// Replace a non-empty output folder that trustbook did not write.
    pub force: bool,
    /// Render only the two sites (no PDFs, no package): what `serve` needs to feel live.
    pub sites_only: bool,
}

/// What a build produced.
#[derive(Debug)]
pub struct BuildReport {
    /// Files and bytes per output folder.
    pub files: Vec<(&'static str, usize, u64)>,
    /// The readiness analysis as of the as-of date (the docs site's).
    pub readiness: crate::readiness::Readiness,
    /// The analysis of the audit period (the package's).
    pub period_readiness: crate::readiness::Readiness,
}

/// Renders every output of a checked project into the staging folder, file by file.
pub fn render(
    project: &Project,
    opts: &BuildOptions,
    staging: &Staging,
) -> Result<(crate::readiness::Readiness, crate::readiness::Readiness)> {
    let now = crate::clock::build_time()?;
    let version = opts
        .package_version
        .clone()
        .unwrap_or_else(|| project.config.package.version.clone());
    let theme = Theme::load(project)?;
    let slug = &project.config.package.slug;
    let date = crate::clock::utc_date(now);
    let as_of = opts.as_of.unwrap_or(date);
    let pdf_info = crate::pdf::PdfInfo {
        version: version.clone(),
        timestamp: now.as_second(),
        as_of,
    };
    let trust_pdf_path = format!("downloads/{slug}-trust-{version}.pdf");
    let readiness = crate::readiness::analyse(project, as_of);
    let period_readiness = crate::readiness::analyse_period(project, as_of);
    let site_info = |output: Output| BuildInfo {
        date,
        as_of,
        version: version.clone(),
        pdf: (output == Output::Trust).then(|| trust_pdf_path.clone()),
        readiness: (output == Output::Docs).then(|| readiness.clone()),
    };
    // The auditor's PDF speaks for the audit period, like the rest of the package.
    let audit_pdf_info = crate::pdf::PdfInfo {
        as_of: period_readiness.as_of,
        ..pdf_info.clone()
    };
    let readiness_section = vec![(
        "Readiness".to_owned(),
        crate::pdf::readiness_blocks(project, &period_readiness),
    )];

    if opts.sites_only {
        for (output, dir) in [(Output::Docs, "docs"), (Output::Trust, "trust")] {
            site::render(
                project,
                output,
                &theme,
                &site_info(output),
                staging.dir(dir),
            )?;
        }
        return Ok((readiness, period_readiness));
    }

    // The outputs are independent renderings of one immutable model: the auditor PDF (the
    // largest job) runs beside the rest. Every renderer writes its files as it goes.
    let pdf_name = format!("{slug}-audit-{version}.pdf");
    let audit = staging.dir("audit");
    let (audit_pdf, rest) = std::thread::scope(|s| {
        let audit_pdf = s.spawn(|| {
            audit.write_with(&pdf_name, |out| {
                crate::pdf::render(
                    project,
                    Output::Audit,
                    &audit_pdf_info,
                    readiness_section,
                    out,
                )
            })
        });
        let rest = (|| -> Result<()> {
            staging.write_with(&format!("trust/{trust_pdf_path}"), |out| {
                crate::pdf::render(project, Output::Trust, &pdf_info, Vec::new(), out)
            })?;
            site::render(
                project,
                Output::Docs,
                &theme,
                &site_info(Output::Docs),
                staging.dir("docs"),
            )?;
            site::render(
                project,
                Output::Trust,
                &theme,
                &site_info(Output::Trust),
                staging.dir("trust"),
            )
        })();
        let audit_pdf = audit_pdf
            .join()
            .unwrap_or_else(|_| Err(crate::Error::pdf("the PDF renderer panicked")));
        (audit_pdf, rest)
    });
    rest?;
    audit_pdf?;
    let package = crate::package::build(
        project,
        &crate::package::Inputs {
            version: &version,
            timestamp: now.as_second(),
            as_of,
            pdf: (&pdf_name, &staging.path(&format!("audit/{pdf_name}"))),
            readiness: Some(
                serde_json::to_vec_pretty(&period_readiness.json(project))
                    .map_err(|e| crate::Error::package_from("writing readiness.json", e))?,
            ),
        },
    )?;
    audit.write(&format!("{}.zip", package.name), &package.zip)?;
    audit.write(
        &format!("{}.zip.sha256", package.name),
        format!("{}  {}.zip\n", package.sha256, package.name),
    )?;
    Ok((readiness, period_readiness))
}

/// Renders and writes every output to `out`, replacing it only if everything succeeded and
/// only if `out` may be replaced (see [`Destination`]).
pub fn build(project: &Project, out: &Path, opts: &BuildOptions) -> Result<BuildReport> {
    // Refuse a folder that is not ours before any work, and again just before the swap.
    let dest = Destination::new(out, &project.root, opts.force)?;
    let staging = Staging::begin(dest)?;
    let (readiness, period_readiness) = render(project, opts, &staging)?;
    let written = staging.commit()?;
    let mut files = Vec::new();
    for name in ["docs", "trust", "audit"] {
        let prefix = format!("{name}/");
        let (n, size) = written
            .iter()
            .filter(|(p, _)| p.starts_with(&prefix))
            .fold((0, 0u64), |(n, s), (_, b)| (n + 1, s + b));
        if n > 0 {
            files.push((name, n, size));
        }
    }
    Ok(BuildReport {
        files,
        readiness,
        period_readiness,
    })
}
