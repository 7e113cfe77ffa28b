//! `trustbook diff`: what changed between two package versions, as an auditor reads it —
//! policies (with a text diff of the Markdown), controls field by field, subprocessors and
//! evidence.

use super::manifest::Manifest;
use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Rows = BTreeMap<String, BTreeMap<String, String>>;

/// The parts of a package that `diff` compares.
struct Contents {
    manifest: Manifest,
    policies: BTreeMap<String, String>,
    controls: Rows,
    subprocessors: Rows,
    evidence: BTreeMap<String, String>,
}

/// A changed field.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct FieldChange {
    /// Column name.
    pub field: String,
    /// Before.
    pub old: String,
    /// After.
    pub new: String,
}

/// A changed record (control or subprocessor).
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct RecordChange {
    /// Its id.
    pub id: String,
    /// The fields that differ.
    pub fields: Vec<FieldChange>,
}

/// A changed policy.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct PolicyChange {
    /// Its id.
    pub id: String,
    /// Unified diff of the Markdown source.
    pub diff: String,
}

/// Added, removed and changed items of one kind.
#[derive(Debug, Serialize, Default, PartialEq, Eq)]
pub struct Changes<T> {
    /// New ids.
    pub added: Vec<String>,
    /// Ids no longer present.
    pub removed: Vec<String>,
    /// Items present in both that differ.
    pub changed: Vec<T>,
}

impl<T> Changes<T> {
    fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// One side of the comparison.
#[derive(Debug, Serialize)]
pub struct Side {
    /// Package name.
    pub package: String,
    /// Version.
    pub version: String,
    /// Generation time.
    pub generated: String,
}

/// Everything that changed.
#[derive(Debug, Serialize)]
pub struct Diff {
    /// The older package.
    pub old: Side,
    /// The newer package.
    pub new: Side,
    /// Policies.
    pub policies: Changes<PolicyChange>,
    /// Controls, field by field.
    pub controls: Changes<RecordChange>,
    /// Subprocessors, field by field.
    pub subprocessors: Changes<RecordChange>,
    /// Evidence files (package paths); `changed` lists files whose entry differs.
    pub evidence: Changes<String>,
}

impl Diff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.policies.is_empty()
            && self.controls.is_empty()
            && self.subprocessors.is_empty()
            && self.evidence.is_empty()
    }
}

/// Reads what `diff` compares: the manifest, each policy source and the two tables. Each
/// entry is read only up to the size its manifest gives (and at most 64 MiB), so a crafted
/// package cannot exhaust memory; evidence is compared by its manifest digests alone.
fn read(path: &Path) -> Result<Contents> {
    const MAX_ENTRY: u64 = 64 * 1024 * 1024;
    let err = |m: String| Error::package(format!("{}: {m}", path.display()));
    let mut package = super::read::Package::open(path)?;
    let top = package
        .top()
        .map(str::to_owned)
        .ok_or_else(|| err("no single top folder; not a trustbook package".to_owned()))?;
    let manifest = package.manifest(&top).map_err(err)?;
    let sizes: BTreeMap<&str, u64> = manifest
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.size))
        .collect();
    let mut entry = |name: &str| -> Result<Option<Vec<u8>>> {
        let Some(&size) = sizes.get(name) else {
            return Ok(None);
        };
        package
            .small(&format!("{top}/{name}"), size.min(MAX_ENTRY))
            .map(Some)
            .map_err(|e| err(format!("{name}: {e}")))
    };
    let mut policies = BTreeMap::new();
    for f in &manifest.files {
        if let Some(id) = f
            .path
            .strip_prefix("policies/")
            .and_then(|n| n.strip_suffix(".md"))
            && let Some(bytes) = entry(&f.path)?
        {
            policies.insert(id.to_owned(), String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    let mut table = |name: &str, key: &str| -> Result<Rows> {
        let Some(bytes) = entry(name)? else {
            return Ok(Rows::new());
        };
        let bytes = bytes
            .strip_prefix("\u{feff}".as_bytes())
            .unwrap_or(&bytes)
            .to_vec();
        let mut r = csv::Reader::from_reader(bytes.as_slice());
        let headers = r
            .headers()
            .map_err(|e| err(format!("{name}: {e}")))?
            .clone();
        let mut rows = Rows::new();
        for rec in r.records() {
            let rec = rec.map_err(|e| err(format!("{name}: {e}")))?;
            let row: BTreeMap<String, String> = headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_owned(), super::tables::restore(v).to_owned()))
                .collect();
            if let Some(id) = row.get(key) {
                rows.insert(id.clone(), row);
            }
        }
        Ok(rows)
    };
    let controls = table("control-matrix.csv", "Control ID")?;
    let subprocessors = table("subprocessors.csv", "ID")?;
    let evidence = manifest
        .files
        .iter()
        .filter(|f| f.path.starts_with("evidence/") && f.path != "evidence/evidence-index.csv")
        .map(|f| (f.path.clone(), f.sha256.clone()))
        .collect();
    Ok(Contents {
        manifest,
        policies,
        controls,
        subprocessors,
        evidence,
    })
}

fn keys_diff<V>(
    old: &BTreeMap<String, V>,
    new: &BTreeMap<String, V>,
) -> (Vec<String>, Vec<String>, Vec<String>) {
    let a: BTreeSet<&String> = old.keys().collect();
    let b: BTreeSet<&String> = new.keys().collect();
    (
        b.difference(&a).map(|s| (*s).clone()).collect(),
        a.difference(&b).map(|s| (*s).clone()).collect(),
        a.intersection(&b).map(|s| (*s).clone()).collect(),
    )
}

fn records(old: &Rows, new: &Rows) -> Changes<RecordChange> {
    let (added, removed, both) = keys_diff(old, new);
    let changed = both
        .into_iter()
        .filter_map(|id| {
            let (o, n) = (&old[&id], &new[&id]);
            let fields: Vec<FieldChange> = o
                .keys()
                .chain(n.keys())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .filter(|k| o.get(*k) != n.get(*k))
                .map(|k| FieldChange {
                    field: k.clone(),
                    old: o.get(k).cloned().unwrap_or_default(),
                    new: n.get(k).cloned().unwrap_or_default(),
                })
                .collect();
            (!fields.is_empty()).then_some(RecordChange { id, fields })
        })
        .collect();
    Changes {
        added,
        removed,
        changed,
    }
}

/// Compares two packages.
pub fn diff(old_path: &Path, new_path: &Path) -> Result<Diff> {
    let old = read(old_path)?;
    let new = read(new_path)?;
    let (added, removed, both) = keys_diff(&old.policies, &new.policies);
    let changed = both
        .into_iter()
        .filter(|id| old.policies[id] != new.policies[id])
        .map(|id| {
            let text = similar::TextDiff::from_lines(&old.policies[&id], &new.policies[&id]);
            let diff = text
                .unified_diff()
                .context_radius(2)
                .header(
                    &format!("{}/policies/{id}.md", old.manifest.version),
                    &format!("{}/policies/{id}.md", new.manifest.version),
                )
                .to_string();
            PolicyChange { id, diff }
        })
        .collect();
    let (ev_added, ev_removed, ev_both) = keys_diff(&old.evidence, &new.evidence);
    let ev_changed = ev_both
        .into_iter()
        .filter(|p| old.evidence[p] != new.evidence[p])
        .collect();
    let side = |c: &Contents| Side {
        package: c.manifest.package.clone(),
        version: c.manifest.version.clone(),
        generated: c.manifest.generated.clone(),
    };
    Ok(Diff {
        old: side(&old),
        new: side(&new),
        policies: Changes {
            added,
            removed,
            changed,
        },
        controls: records(&old.controls, &new.controls),
        subprocessors: records(&old.subprocessors, &new.subprocessors),
        evidence: Changes {
            added: ev_added,
            removed: ev_removed,
            changed: ev_changed,
        },
    })
}

/// The diff for people, safe for a terminal: everything taken from the packages has its
/// control characters shown as escapes.
pub fn human(d: &Diff) -> String {
    crate::text::printable(&human_raw(d))
}

fn human_raw(d: &Diff) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} ({}) -> {} ({})",
        d.old.package, d.old.generated, d.new.package, d.new.generated
    );
    if d.is_empty() {
        s.push_str("\nNo changes to policies, controls, subprocessors or evidence.\n");
        return s;
    }
    let list = |s: &mut String, title: &str, sign: char, items: &[String]| {
        for i in items {
            let _ = writeln!(s, "  {sign} {title} {i}");
        }
    };
    if !d.policies.is_empty() {
        let _ = writeln!(s, "\nPolicies");
        list(&mut s, "added", '+', &d.policies.added);
        list(&mut s, "removed", '-', &d.policies.removed);
        for p in &d.policies.changed {
            let _ = writeln!(s, "  ~ changed {}", p.id);
            for line in p.diff.lines() {
                let _ = writeln!(s, "      {line}");
            }
        }
    }
    let records = |s: &mut String, title: &str, c: &Changes<RecordChange>| {
        if c.is_empty() {
            return;
        }
        let _ = writeln!(s, "\n{title}");
        list(s, "added", '+', &c.added);
        list(s, "removed", '-', &c.removed);
        for r in &c.changed {
            let _ = writeln!(s, "  ~ changed {}", r.id);
            for f in &r.fields {
                let _ = writeln!(s, "      {}: {:?} -> {:?}", f.field, f.old, f.new);
            }
        }
    };
    records(&mut s, "Controls", &d.controls);
    records(&mut s, "Subprocessors", &d.subprocessors);
    if !d.evidence.is_empty() {
        let _ = writeln!(s, "\nEvidence");
        list(&mut s, "added", '+', &d.evidence.added);
        list(&mut s, "removed", '-', &d.evidence.removed);
        list(&mut s, "changed", '~', &d.evidence.changed);
    }
    s
}
