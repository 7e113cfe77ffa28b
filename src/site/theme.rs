//! Themes: the default theme embedded in the binary, with single-file overrides from the
//! project's `themes/<name>/` folder (as mdBook does).

use crate::error::{Error, Result};
use crate::model::Project;
use std::collections::BTreeMap;
use walkdir::WalkDir;

include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));

/// A theme's files after overrides: `templates/*` for Tera, `static/*` copied to `assets/`.
#[derive(Debug, Clone)]
pub struct Theme {
    files: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// The built-in default theme alone.
    pub fn builtin() -> Theme {
        Theme {
            files: DEFAULT_THEME
                .iter()
                .map(|(p, b)| ((*p).to_owned(), b.to_vec()))
                .collect(),
        }
    }

    /// The default theme with the project's theme folder laid over it.
    pub fn load(project: &Project) -> Result<Theme> {
        let mut theme = Theme::builtin();
        let name = &project.config.site.theme.value;
        let dir = project.root.join("themes").join(name);
        if dir.is_dir() {
            for entry in WalkDir::new(&dir)
                .follow_links(false)
                .sort_by_file_name()
                .into_iter()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_file())
            {
                let rel = crate::source::relative_name(&dir, entry.path());
                let bytes = std::fs::read(entry.path())
                    .map_err(|e| Error::io("cannot read", entry.path(), e))?;
                theme.files.insert(rel, bytes);
            }
        }
        Ok(theme)
    }

    /// Template files: (name without `templates/`, text).
    pub fn templates(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files
            .iter()
            .filter_map(|(p, b)| p.strip_prefix("templates/").map(|n| (n, b.as_slice())))
    }

    /// One file of the theme (after overrides), by its path in the theme.
    pub fn file(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// Static assets: (path without `static/`, bytes).
    pub fn assets(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files
            .iter()
            .filter_map(|(p, b)| p.strip_prefix("static/").map(|n| (n, b.as_slice())))
    }

    /// A configured Tera with every template, autoescaping HTML and XML.
    pub fn tera(&self) -> Result<tera::Tera> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on([".html", ".xml", ".atom"]);
        let mut sources = Vec::new();
        for (name, bytes) in self.templates() {
            let text = String::from_utf8(bytes.to_vec()).map_err(|e| {
                Error::theme(format!("template `{name}` is not UTF-8"), Some(e.into()))
            })?;
            sources.push((name.to_owned(), text));
        }
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| Error::theme(render_tera_error(&e), Some(e.into())))?;
        Ok(tera)
    }
}

/// A Tera error with its causes, which carry the template's line and column.
pub fn render_tera_error(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(&format!("\n  caused by: {s}"));
        source = s.source();
    }
    msg
}
