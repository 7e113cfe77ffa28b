//! Decoding control matrix files.

use crate::model::{Area, Control, ControlKind, Frequency, Status};
use crate::yaml::{Decoder, Node};

const CONTROL: &[&str] = &[
    "id",
    "title",
    "description",
    "owner",
    "frequency",
    "kind",
    "automated",
    "criteria",
    "policies",
    "procedures",
    "subprocessors",
    "status",
    "test_procedure",
    "public",
    "area",
];

/// Decodes a file holding a list of controls.
pub fn decode_file(dec: &mut Decoder<'_>, node: &Node, out: &mut Vec<Control>) {
    let Some(items) = dec.seq(node, "controls") else {
        return;
    };
    for item in items {
        if let Some(c) = decode(dec, item) {
            out.push(c);
        }
    }
}

fn decode(dec: &mut Decoder<'_>, node: &Node) -> Option<Control> {
    let f = dec.map(node, "a control", CONTROL)?;
    let id = dec.required(&f, "id", "a control", |d, n| d.string(n))?;
    let what = format!("control `{}`", id.value);
    let title = dec.required(&f, "title", &what, |d, n| d.string(n));
    let description = dec.required(&f, "description", &what, |d, n| d.string(n));
    let owner = dec.optional(&f, "owner", |d, n| d.string(n));
    let frequency = dec.required(&f, "frequency", &what, |d, n| d.keyword::<Frequency>(n));
    let kind = dec.required(&f, "kind", &what, |d, n| d.keyword::<ControlKind>(n));
    let automated = dec.optional(&f, "automated", |d, n| d.bool(n));
    let criteria = dec.required(&f, "criteria", &what, |d, n| d.string_list(n, "criteria"));
    let policies = dec.optional(&f, "policies", |d, n| d.string_list(n, "policy ids"));
    let procedures = dec.optional(&f, "procedures", |d, n| d.string_list(n, "procedure ids"));
    let subprocessors = dec.optional(&f, "subprocessors", |d, n| {
        d.string_list(n, "subprocessor ids")
    });
    let status = dec.required(&f, "status", &what, |d, n| d.keyword::<Status>(n));
    let test_procedure = dec.required(&f, "test_procedure", &what, |d, n| d.string(n));
    let public = dec.optional(&f, "public", |d, n| d.bool(n));
    let area = dec.optional(&f, "area", |d, n| d.keyword::<Area>(n));
    crate::load::check_id(dec, &id, "control");
    // Fields that failed to decode were reported; defaults stand in so the control's
    // references are still checked (the run fails anyway).
    Some(Control {
        id,
        title: title.map(|t| t.value).unwrap_or_default(),
        description: description.map(|t| t.value).unwrap_or_default(),
        owner: owner.map(|o| o.value),
        frequency: frequency.map_or(Frequency::Continuous, |f| f.value),
        kind: kind.map_or(ControlKind::Preventive, |k| k.value),
        automated: automated.unwrap_or(false),
        criteria: criteria.unwrap_or_default(),
        policies: policies.unwrap_or_default(),
        procedures: procedures.unwrap_or_default(),
        subprocessors: subprocessors.unwrap_or_default(),
        status: status.map_or(Status::Implemented, |s| s.value),
        test_procedure: test_procedure.map(|t| t.value).unwrap_or_default(),
        public: public.unwrap_or(false),
        area: area.map(|a| a.value),
        // Decided by `resolve` once the criteria are known.
        area_resolved: Area::Governance,
        criteria_refs: Vec::new(),
        policy_refs: Vec::new(),
        procedure_refs: Vec::new(),
        subprocessor_refs: Vec::new(),
    })
}
