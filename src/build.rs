//! `trustbook build`: every output rendered in memory, then written atomically.

use crate::audience::Output;
use crate::error::Result;
use crate::model::Project;
use crate::output::Tree;
use crate::site::{self, BuildInfo, theme::Theme};
use std::path::Path;

/// Options of a build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Overrides the package version from `trustbook.yaml`.
    pub package_version: Option<String>,
    /// Date of the readiness analysis (default: `SOURCE_DATE_EPOCH`, else today).
    pub as_of: Option<jiff::civil::Date>,
}

/// What a build produced.
#[derive(Debug)]
pub struct BuildReport {
    /// Files per output folder.
    pub files: Vec<(&'static str, usize, u64)>,
    /// The readiness analysis shown in the outputs.
    pub readiness: crate::readiness::Readiness,
}

/// Renders every output of a checked project into a tree of files.
pub fn render(
    project: &Project,
    opts: &BuildOptions,
) -> Result<(Tree, crate::readiness::Readiness)> {
    let now = crate::clock::build_time()?;
    let version = opts
        .package_version
        .clone()
        .unwrap_or_else(|| project.config.package.version.clone());
    let theme = Theme::load(project)?;
    let slug = &project.config.package.slug;
    let pdf_info = crate::pdf::PdfInfo {
        version: version.clone(),
        timestamp: now.as_second(),
    };
    let trust_pdf_path = format!("downloads/{slug}-trust-{version}.pdf");
    let date = crate::clock::utc_date(now);
    let readiness = crate::readiness::analyse(project, opts.as_of.unwrap_or(date));
    let site_info = |output: Output| BuildInfo {
        date,
        version: version.clone(),
        pdf: (output == Output::Trust).then(|| trust_pdf_path.clone()),
        readiness: (output == Output::Docs).then(|| readiness.clone()),
    };
    let readiness_section = vec![(
        "Readiness".to_owned(),
        crate::pdf::readiness_blocks(project, &readiness),
    )];

    // The outputs are independent renderings of one immutable model: the auditor PDF (the
    // largest job) runs beside the rest.
    let (audit_pdf, rest) = std::thread::scope(|s| {
        let audit =
            s.spawn(|| crate::pdf::render(project, Output::Audit, &pdf_info, readiness_section));
        let rest = (|| -> Result<(Vec<u8>, Tree, Tree)> {
            let trust_pdf = crate::pdf::render(project, Output::Trust, &pdf_info, Vec::new())?;
            let docs = site::render(project, Output::Docs, &theme, &site_info(Output::Docs))?;
            let trust = site::render(project, Output::Trust, &theme, &site_info(Output::Trust))?;
            Ok((trust_pdf, docs, trust))
        })();
        let audit = audit
            .join()
            .unwrap_or_else(|_| Err(crate::Error::Pdf("the PDF renderer panicked".to_owned())));
        (audit, rest)
    });
    let (trust_pdf, docs, trust) = rest?;
    let audit_pdf = audit_pdf?;
    let pdf_name = format!("{slug}-audit-{version}.pdf");
    let package = crate::package::build(
        project,
        &crate::package::Inputs {
            version: &version,
            timestamp: now.as_second(),
            pdf: (&pdf_name, &audit_pdf),
            readiness: Some(
                serde_json::to_vec_pretty(&readiness.json(project))
                    .map_err(|e| crate::Error::Package(e.to_string()))?,
            ),
        },
    )?;
    let mut tree = Tree::new();
    tree.add(
        format!("audit/{}.zip.sha256", package.name),
        format!("{}  {}.zip\n", package.sha256, package.name),
    );
    tree.add(format!("audit/{}.zip", package.name), package.zip);
    tree.add(format!("audit/{pdf_name}"), audit_pdf);
    tree.merge("docs", docs);
    tree.merge("trust", trust);
    tree.add(format!("trust/{trust_pdf_path}"), trust_pdf);
    Ok((tree, readiness))
}

/// Renders and writes every output to `out`, replacing it only if everything succeeded.
pub fn build(project: &Project, out: &Path, opts: &BuildOptions) -> Result<BuildReport> {
    let (tree, readiness) = render(project, opts)?;
    tree.write_atomically(out)?;
    let mut files = Vec::new();
    for name in ["docs", "trust", "audit"] {
        let prefix = format!("{name}/");
        let (n, size) = tree
            .files()
            .iter()
            .filter(|(p, _)| p.starts_with(&prefix))
            .fold((0, 0u64), |(n, s), (_, b)| (n + 1, s + b.len() as u64));
        if n > 0 {
            files.push((name, n, size));
        }
    }
    Ok(BuildReport { files, readiness })
}
