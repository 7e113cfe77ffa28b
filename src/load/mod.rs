//! Loading: walk the project, read every input file, and decode it into model items.
//!
//! Loading never stops at the first problem: every file is read and every error recorded, so a
//! run reports all of them at once. References between items are checked later by `resolve`.

mod attestations;
mod brand;
pub(crate) mod config;
mod controls;
mod documents;
mod evidence;
mod frameworks;
pub use frameworks::builtin_tsc_keys;
pub mod paths;
mod placeholders;
mod subprocessors;

use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::model::{Config, Control, Evidence, Framework, Page, Policy, Subprocessor};
use crate::source::{FileId, SourceMap, Span, relative_name};
use crate::yaml::{self, Decoder, Node, Origin};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// The configuration file name.
pub const CONFIG_FILE: &str = "trustbook.yaml";

/// The largest Markdown or YAML input read (a 100,000-control matrix is about 45 MiB).
const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// What loading produced: every item that decoded, and the files read.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Canonical project root.
    pub root: PathBuf,
    /// Every file read.
    pub sources: SourceMap,
    /// The configuration, if it decoded.
    pub config: Option<Config>,
    /// Policies.
    pub policies: Vec<Policy>,
    /// Procedures (policies' front matter, `content/procedures/`).
    pub procedures: Vec<Policy>,
    /// Pages.
    pub pages: Vec<Page>,
    /// Controls.
    pub controls: Vec<Control>,
    /// Evidence index entries.
    pub evidence: Vec<Evidence>,
    /// Subprocessors.
    pub subprocessors: Vec<Subprocessor>,
    /// Framework catalogs, the built-in TSC first.
    pub frameworks: Vec<Framework>,
}

/// Reads and decodes every input of the project at `root`.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Loaded {
    let mut loaded = Loaded::default();
    let root = match root.canonicalize() {
        Ok(r) => r,
        Err(e) => {
            diags.push(
                Diagnostic::global(
                    Code::Io,
                    format!("cannot open project folder `{}`: {e}", root.display()),
                )
                .with_hint("pass the folder that contains trustbook.yaml"),
            );
            return loaded;
        }
    };
    loaded.root = root.clone();
    let mut reader = Reader {
        root: &root,
        sources: &mut loaded.sources,
        diags,
    };

    frameworks::load_builtin(&mut reader, &mut loaded.frameworks);

    let config_path = root.join(CONFIG_FILE);
    let config_state = reader.input_file(&config_path);
    if config_state == Input::File {
        if let Some((_, node)) = reader.yaml_file(&config_path) {
            loaded.config = config::decode(&mut Decoder::new(reader.diags), &node);
        }
        if let Some(d) = loaded
            .config
            .as_ref()
            .and_then(|c| check_theme(&root, &c.site.theme))
        {
            reader.diags.push(d);
        }
    } else if config_state == Input::Missing {
        reader.diags.push(
            Diagnostic::global(
                Code::Io,
                format!("no {CONFIG_FILE} in `{}`", root.display()),
            )
            .with_hint("run trustbook in a project folder, or pass the project's path"),
        );
    }

    let vars = crate::markdown::dialect::Variables::of(loaded.config.as_ref());
    for path in reader.walk("content/policies", &["md"]) {
        if let Some((_, front, body)) = reader.markdown_file(&path, &vars) {
            let mut dec = Decoder::new(reader.diags);
            if let Some(p) = documents::decode_policy(&mut dec, &front, body, "policy") {
                loaded.policies.push(p);
            }
        }
    }
    for path in reader.walk("content/procedures", &["md"]) {
        if let Some((_, front, body)) = reader.markdown_file(&path, &vars) {
            let mut dec = Decoder::new(reader.diags);
            if let Some(p) = documents::decode_policy(&mut dec, &front, body, "procedure") {
                loaded.procedures.push(p);
            }
        }
    }
    for path in reader.walk("content/pages", &["md"]) {
        if let Some((file, front, body)) = reader.markdown_file(&path, &vars) {
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
            let mut dec = Decoder::new(reader.diags);
            if let Some(p) = documents::decode_page(&mut dec, &front, body, file, stem) {
                loaded.pages.push(p);
            }
        }
    }
    for path in reader.walk("controls", &["yaml", "yml"]) {
        if path.starts_with(root.join("controls").join("frameworks")) {
            continue;
        }
        if let Some((_, node)) = reader.yaml_file(&path) {
            controls::decode_file(&mut Decoder::new(reader.diags), &node, &mut loaded.controls);
        }
    }
    for path in reader.walk("controls/frameworks", &["yaml", "yml"]) {
        if let Some((_, node)) = reader.yaml_file(&path)
            && let Some(fw) = frameworks::decode(&mut Decoder::new(reader.diags), &node)
        {
            loaded.frameworks.push(fw);
        }
    }
    let subprocessors = root.join("content").join("subprocessors.yaml");
    if reader.input_file(&subprocessors) == Input::File
        && let Some((_, node)) = reader.yaml_file(&subprocessors)
    {
        subprocessors::decode_file(
            &mut Decoder::new(reader.diags),
            &node,
            &mut loaded.subprocessors,
        );
    }
    let index = root.join("content").join("evidence").join("index.yaml");
    if reader.input_file(&index) == Input::File
        && let Some((_, node)) = reader.yaml_file(&index)
    {
        evidence::decode_file(&mut Decoder::new(reader.diags), &node, &mut loaded.evidence);
    }
    reader.warn_stray_files();
    placeholders::warn(&loaded.sources, diags);
    loaded
}

/// What is at the place of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Input {
    /// Nothing.
    Missing,
    /// A regular file inside the project.
    File,
    /// Something else, already reported.
    Broken,
}

/// Reads files relative to the project root, recording problems.
struct Reader<'a> {
    root: &'a Path,
    sources: &'a mut SourceMap,
    diags: &'a mut Diagnostics,
}

impl Reader<'_> {
    /// Files with one of the extensions under a folder of the project, sorted by path.
    /// Nothing is skipped silently: a folder that cannot be read, a symbolic link that leaves
    /// the project, and anything named like an input that is not a regular file (a folder
    /// called `x.md`, a FIFO, a link to a folder) are reported.
    fn walk(&mut self, dir: &str, exts: &[&str]) -> Vec<PathBuf> {
        let base = self.root.join(dir);
        match std::fs::symlink_metadata(&base) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                self.not_a_file(&base, "is not a folder");
                return Vec::new();
            }
            Err(_) => return Vec::new(),
        }
        let mut out = Vec::new();
        for entry in WalkDir::new(&base).follow_links(false).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().unwrap_or(&base).to_path_buf();
                    let why = e
                        .io_error()
                        .map_or_else(|| e.to_string(), std::string::ToString::to_string);
                    self.io_problem(
                        &path,
                        &format!("cannot read `{}`: {why}", relative_name(self.root, &path)),
                        "make the folder readable, or move it out of the project's input folders",
                    );
                    continue;
                }
            };
            let path = entry.path();
            let named_like_input = path
                .extension()
                .is_some_and(|e| exts.iter().any(|x| e.eq_ignore_ascii_case(x)));
            if entry.depth() == 0 {
                continue;
            }
            if entry.path_is_symlink() {
                match paths::symlink_target_inside(self.root, path) {
                    Ok(target) if target.is_file() && named_like_input => {
                        out.push(path.to_path_buf())
                    }
                    Ok(target) if target.is_dir() => {
                        self.not_a_file(
                            path,
                            "is a symbolic link to a folder, which trustbook does not follow",
                        );
                    }
                    Ok(_) if named_like_input => self.not_a_file(
                        path,
                        "is a symbolic link to something that is not a regular file",
                    ),
                    Ok(_) => {}
                    Err(target) => self.symlink_escape(path, &target),
                }
            } else if entry.file_type().is_file() {
                if named_like_input {
                    out.push(path.to_path_buf());
                }
            } else if named_like_input {
                let what = if entry.file_type().is_dir() {
                    "is a folder, not a file"
                } else {
                    "is not a regular file (a FIFO, socket or device)"
                };
                self.not_a_file(path, what);
            }
        }
        out
    }

    /// Whether an input at a fixed place is a regular file inside the project; anything else
    /// there (a folder, a FIFO, a link out of the project) is reported rather than ignored.
    fn input_file(&mut self, path: &Path) -> Input {
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            return Input::Missing;
        };
        if meta.file_type().is_symlink() {
            match paths::symlink_target_inside(self.root, path) {
                Ok(target) if target.is_file() => return Input::File,
                Ok(_) => {
                    self.not_a_file(
                        path,
                        "is a symbolic link to something that is not a regular file",
                    );
                    return Input::Broken;
                }
                Err(target) => {
                    self.symlink_escape(path, &target);
                    return Input::Broken;
                }
            }
        }
        if meta.is_file() {
            Input::File
        } else {
            let what = if meta.is_dir() {
                "is a folder, not a file"
            } else {
                "is not a regular file (a FIFO, socket or device)"
            };
            self.not_a_file(path, what);
            Input::Broken
        }
    }

    fn not_a_file(&mut self, path: &Path, what: &str) {
        let name = relative_name(self.root, path);
        self.io_problem(
            path,
            &format!("`{name}` {what}"),
            "inputs are regular files inside the project; replace it with one, or remove it",
        );
    }

    fn io_problem(&mut self, path: &Path, message: &str, hint: &str) {
        let name = relative_name(self.root, path);
        let file = self.sources.add(name, path.to_path_buf(), String::new());
        self.diags.push(
            Diagnostic::error(Code::Io, Span::file_start(file), message.to_owned()).with_hint(hint),
        );
    }

    fn symlink_escape(&mut self, path: &Path, target: &Path) {
        let name = relative_name(self.root, path);
        let file = self
            .sources
            .add(name.clone(), path.to_path_buf(), String::new());
        self.diags.push(
            Diagnostic::error(
                Code::SymlinkEscape,
                Span::file_start(file),
                format!(
                    "`{name}` is a symbolic link to `{}`, outside the project",
                    target.display()
                ),
            )
            .with_hint(
                "copy the file into the project instead; links that leave it are never followed",
            ),
        );
    }

    /// Reads a file as UTF-8 and registers it; reports unreadable, oversized and non-UTF-8
    /// files.
    fn read(&mut self, path: &Path) -> Option<FileId> {
        let name = relative_name(self.root, path);
        if path.is_symlink()
            && let Err(target) = paths::symlink_target_inside(self.root, path)
        {
            self.symlink_escape(path, &target);
            return None;
        }
        if let Ok(meta) = std::fs::metadata(path)
            && meta.len() > MAX_INPUT_BYTES
        {
            let name = relative_name(self.root, path);
            self.io_problem(
                path,
                &format!(
                    "`{name}` is {} MiB; inputs are read whole, up to {} MiB",
                    meta.len() / (1024 * 1024),
                    MAX_INPUT_BYTES / (1024 * 1024)
                ),
                "split the data over several files; large material belongs in evidence files",
            );
            return None;
        }
        match std::fs::read(path) {
            Ok(bytes) => {
                match String::from_utf8(bytes) {
                    Ok(mut text) => {
                        if text.starts_with('\u{feff}') {
                            text.drain(..3);
                        }
                        Some(self.sources.add(name, path.to_path_buf(), text))
                    }
                    Err(e) => {
                        let valid = e.utf8_error().valid_up_to();
                        let bytes = e.into_bytes();
                        // Keep the valid prefix so the snippet can show where the bad byte is.
                        let text = String::from_utf8_lossy(&bytes[..valid]).into_owned();
                        let file = self.sources.add(name.clone(), path.to_path_buf(), text);
                        let span = self.sources.span_at(file, valid, 0);
                        self.diags.push(
                        Diagnostic::error(
                            Code::NotUtf8,
                            span,
                            format!("`{name}` is not valid UTF-8 (byte 0x{:02x} at offset {valid})", bytes[valid]),
                        )
                        .with_hint("save the file as UTF-8 (for example with `iconv -f latin1 -t utf-8`)"),
                    );
                        None
                    }
                }
            }
            Err(e) => {
                let file = self
                    .sources
                    .add(name.clone(), path.to_path_buf(), String::new());
                self.diags.push(Diagnostic::error(
                    Code::Io,
                    Span::file_start(file),
                    format!("cannot read `{name}`: {e}"),
                ));
                None
            }
        }
    }

    /// Reads and parses a YAML file.
    fn yaml_file(&mut self, path: &Path) -> Option<(FileId, Node)> {
        let file = self.read(path)?;
        let origin = Origin {
            file,
            line_offset: 0,
            byte_offset: 0,
        };
        match yaml::parse(&self.sources.get(file).text, origin) {
            Ok(node) => Some((file, node)),
            Err(d) => {
                self.diags.push(d);
                None
            }
        }
    }

    /// Reads a Markdown file and parses its front matter; returns the front matter node and
    /// the body with its offset.
    fn markdown_file(
        &mut self,
        path: &Path,
        vars: &crate::markdown::dialect::Variables,
    ) -> Option<(FileId, Node, crate::model::Body)> {
        let file = self.read(path)?;
        let text = &self.sources.get(file).text;
        let split = match split_front_matter(text) {
            Ok(s) => s,
            Err((message, hint)) => {
                self.diags.push(
                    Diagnostic::error(Code::MissingFrontMatter, Span::file_start(file), message)
                        .with_hint(hint),
                );
                return None;
            }
        };
        let origin = Origin {
            file,
            line_offset: 1,
            byte_offset: split.yaml_offset,
        };
        let yaml_text = &text[split.yaml_offset..split.yaml_offset + split.yaml_len];
        let node = if yaml_text.trim().is_empty() {
            Node {
                value: yaml::Value::Map(Vec::new()),
                span: Span::file_start(file),
            }
        } else {
            match yaml::parse(yaml_text, origin) {
                Ok(n) => n,
                Err(d) => {
                    self.diags.push(d);
                    return None;
                }
            }
        };
        let body_text = text[split.body_offset..].to_owned();
        let scan = crate::markdown::scan(&body_text, vars);
        let body = crate::model::Body {
            file,
            offset: split.body_offset,
            text: body_text,
            headings: scan.headings,
            links: scan.links,
            targets: Default::default(),
            too_deep: scan.too_deep,
            dropped_html: scan.dropped,
            events: scan.events,
            notes: scan.notes,
        };
        Some((file, node, body))
    }

    /// Warns about input-looking files in places trustbook does not read, which usually means
    /// a file was put in the wrong folder.
    fn warn_stray_files(&mut self) {
        let content = self.root.join("content");
        if !content.is_dir() {
            return;
        }
        let known = ["policies", "procedures", "pages", "evidence", "assets"];
        // The known folders are read on their own (evidence and assets through the paths that
        // name them); everything else is looked through here.
        let walker = WalkDir::new(&content)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() != 1 || !known.iter().any(|k| e.file_name() == *k));
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().unwrap_or(&content).to_path_buf();
                    let name = relative_name(self.root, &path);
                    self.io_problem(
                        &path,
                        &format!("cannot read `{name}`: {e}"),
                        "make the folder readable, or move it out of content/",
                    );
                    continue;
                }
            };
            let path = entry.path();
            let rel = path.strip_prefix(&content).unwrap_or(path);
            if !entry.file_type().is_file() {
                continue;
            }
            let is_md = path.extension().is_some_and(|e| e == "md");
            let is_stray_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml")
                && rel != Path::new("subprocessors.yaml");
            if is_md || is_stray_yaml {
                let name = relative_name(self.root, path);
                let file = self
                    .sources
                    .add(name.clone(), path.to_path_buf(), String::new());
                self.diags.push(
                    Diagnostic::warning(
                        Code::Suspicious,
                        Span::file_start(file),
                        format!("`{name}` is not read"),
                    )
                    .with_hint("policies go in content/policies/, pages in content/pages/, subprocessors in content/subprocessors.yaml"),
                );
            }
        }
    }
}

/// Checks the configured theme exists (`default` always does).
fn check_theme(root: &Path, theme: &crate::source::Sp<String>) -> Option<Diagnostic> {
    if theme.value == "default" || root.join("themes").join(&theme.value).is_dir() {
        return None;
    }
    let existing: Vec<String> = std::fs::read_dir(root.join("themes"))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .chain(std::iter::once("default".to_owned()))
                .collect()
        })
        .unwrap_or_else(|_| vec!["default".to_owned()]);
    let hint =
        did_you_mean(&theme.value, existing.iter().map(String::as_str)).unwrap_or_else(|| {
            format!(
                "create themes/{}/ with the files to override, or use `default`",
                theme.value
            )
        });
    Some(
        Diagnostic::error(
            Code::MissingFile,
            theme.span,
            format!("theme `{}` does not exist", theme.value),
        )
        .with_hint(hint),
    )
}

/// Where the parts of a Markdown file with front matter are.
struct FrontMatter {
    yaml_offset: usize,
    yaml_len: usize,
    body_offset: usize,
}

/// Splits `---\nyaml\n---\nbody`; explains what is missing otherwise.
fn split_front_matter(text: &str) -> Result<FrontMatter, (String, String)> {
    let example = "start the file with the metadata between two `---` lines:\n---\nid: access-control\ntitle: Access Control Policy\n…\n---";
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "---" {
        return Err(("missing front matter".to_owned(), example.to_owned()));
    }
    let yaml_offset = first_line_end;
    let mut pos = yaml_offset;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            return Ok(FrontMatter {
                yaml_offset,
                yaml_len: pos - yaml_offset,
                body_offset: end,
            });
        }
        pos = end;
    }
    Err((
        "front matter is not closed".to_owned(),
        "add a line with `---` after the last metadata field".to_owned(),
    ))
}

/// Ids name output files (`controls/AC-01.html`), so they are short enough for any file system.
pub const MAX_ID_LEN: usize = 100;

/// Checks that an id is safe to use in file names and URLs.
pub(crate) fn check_id(dec: &mut Decoder<'_>, id: &crate::source::Sp<String>, what: &str) -> bool {
    if id.len() > MAX_ID_LEN {
        dec.error(
            Diagnostic::error(
                Code::InvalidValue,
                id.span,
                format!("the {what} id is {} characters long", id.chars().count()),
            )
            .with_hint(format!(
                "ids name files and URLs; keep them to {MAX_ID_LEN} characters or fewer"
            )),
        );
        return false;
    }
    let ok = id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !ok {
        let suggestion = crate::markdown::slugify(id);
        let mut d = Diagnostic::error(
            Code::InvalidValue,
            id.span,
            format!("`{}` is not a valid {what} id", id.value),
        );
        d = d.with_hint(if suggestion.is_empty() {
            "ids use letters, digits, `-`, `_` and `.`, and start with a letter or digit".to_owned()
        } else {
            format!("ids use letters, digits, `-`, `_` and `.`; for example `{suggestion}`")
        });
        dec.error(d);
    }
    ok
}
