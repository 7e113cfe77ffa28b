//! Decoding framework catalogs, including the built-in SOC 2 Trust Services Criteria.

use super::Reader;
use crate::diag::{Code, Diagnostic};
use crate::model::{Criterion, Framework, TSC, TscCategory};
use crate::yaml::{self, Decoder, Keyword, Node, Origin};

/// The built-in catalog, embedded in the binary.
const TSC_YAML: &str = include_str!("../frameworks/tsc.yaml");

/// The name diagnostics use for the built-in catalog.
pub const TSC_SOURCE_NAME: &str = "<built-in>/tsc.yaml";

const FRAMEWORK: &[&str] = &["id", "name", "criteria"];
const CRITERION: &[&str] = &["id", "family", "title", "category"];

/// Adds the built-in TSC catalog.
pub(super) fn load_builtin(reader: &mut Reader<'_>, out: &mut Vec<Framework>) {
    let file = reader.sources.add(
        TSC_SOURCE_NAME.to_owned(),
        TSC_SOURCE_NAME.into(),
        TSC_YAML.to_owned(),
    );
    let origin = Origin {
        file,
        line_offset: 0,
        byte_offset: 0,
    };
    match yaml::parse(TSC_YAML, origin) {
        Ok(node) => {
            if let Some(fw) = decode(&mut Decoder::new(reader.diags), &node) {
                out.push(fw);
            }
        }
        Err(d) => reader.diags.push(d),
    }
}

/// The ids of the built-in Trust Services Criteria (`CC6.1`, `A1.2`…), read from the
/// embedded catalog (importers map other tools' criteria onto them).
pub fn builtin_tsc_keys() -> std::collections::BTreeSet<String> {
    #[derive(serde::Deserialize)]
    struct Catalog {
        criteria: Vec<Entry>,
    }
    #[derive(serde::Deserialize)]
    struct Entry {
        id: String,
    }
    serde_saphyr::from_str::<serde_json::Value>(TSC_YAML)
        .ok()
        .and_then(|v| serde_json::from_value::<Catalog>(v).ok())
        .map(|c| c.criteria.into_iter().map(|e| e.id).collect())
        .unwrap_or_default()
}

/// Decodes one catalog.
pub fn decode(dec: &mut Decoder<'_>, node: &Node) -> Option<Framework> {
    let f = dec.map(node, "a framework catalog", FRAMEWORK)?;
    let id = dec.required(&f, "id", "a framework catalog", |d, n| d.string(n))?;
    let what = format!("framework `{}`", id.value);
    let name = dec.required(&f, "name", &what, |d, n| d.string(n));
    let items = dec.required(&f, "criteria", &what, |d, n| d.seq(n, "criteria"));
    if !crate::load::check_id(dec, &id, "framework") {
        return None;
    }
    let is_tsc = id.value == TSC;
    let criteria = items?
        .iter()
        .filter_map(|n| criterion(dec, n, &id.value, is_tsc))
        .collect();
    Some(Framework {
        id: id.value,
        name: name?.value,
        in_scope: is_tsc,
        criteria,
        span: id.span,
    })
}

fn criterion(
    dec: &mut Decoder<'_>,
    node: &Node,
    framework: &str,
    is_tsc: bool,
) -> Option<Criterion> {
    let f = dec.map(node, "a criterion", CRITERION)?;
    let id = dec.required(&f, "id", "a criterion", |d, n| d.string(n))?;
    let what = format!("criterion `{}`", id.value);
    let family = dec.required(&f, "family", &what, |d, n| d.string(n));
    let title = dec.required(&f, "title", &what, |d, n| d.string(n));
    let category = dec.optional(&f, "category", |d, n| d.string(n));
    let tsc_category = match (&category, is_tsc) {
        (Some(c), true) => match TscCategory::parse(c) {
            Some(k) => Some(k),
            None => {
                dec.error(
                    Diagnostic::error(
                        Code::InvalidValue,
                        c.span,
                        format!("`{}` is not a trust services category", c.value),
                    )
                    .with_hint_opt(crate::diag::did_you_mean(
                        &c.value,
                        TscCategory::ALL.iter().map(|(k, _)| *k),
                    )),
                );
                return None;
            }
        },
        _ => None,
    };
    if id.value.contains(':') || id.value.contains(char::is_whitespace) {
        dec.error(
            Diagnostic::error(
                Code::InvalidValue,
                id.span,
                format!("criterion id `{}` may not contain `:` or spaces", id.value),
            )
            .with_hint("the framework prefix is added when citing: `<framework>:<id>`"),
        );
        return None;
    }
    let key = if framework == TSC {
        id.value.clone()
    } else {
        format!("{framework}:{}", id.value)
    };
    Some(Criterion {
        key,
        id: id.value,
        family: family?.value,
        title: title?.value,
        category: category.map(|c| c.value),
        tsc_category,
        in_scope: false,
        span: id.span,
    })
}
