//! A fixture with canary strings planted in every kind of hidden item.

#![allow(dead_code)]

use super::Fixture;

/// The valid fixture plus hidden items carrying canary strings.
pub fn canary_fixture() -> Fixture {
    let f = Fixture::valid();
    let policy = |id: &str, title: &str, class: &str, body: &str| {
        format!(
            "---\nid: {id}\ntitle: {title}\nowner: CTO\napproved_by: CEO\nversion: \"1.0\"\neffective: 2026-01-01\nlast_reviewed: 2026-01-01\nreview_every: 12 months\nclassification: {class}\nsummary: Summary of {title}.\n---\n\n## Body\n\n{body}\n"
        )
    };
    f.write(
        "content/policies/internal.md",
        &policy(
            "canary-internal-policy",
            "CANARY-INTERNAL-TITLE",
            "internal",
            "CANARY-INTERNAL-BODY",
        ),
    );
    // Overdue for review, so the readiness analysis certainly has a finding about it,
    // which the docs site (internal) must not show.
    f.write(
        "content/policies/secret.md",
        &policy(
            "canary-confidential-policy",
            "CANARY-CONFIDENTIAL-TITLE",
            "confidential",
            "CANARY-CONFIDENTIAL-BODY",
        )
        .replace("last_reviewed: 2026-01-01", "last_reviewed: 2024-01-01"),
    );
    f.write(
        "content/policies/customer.md",
        &policy(
            "customer-handbook",
            "Customer Handbook",
            "customer",
            "CANARY-CUSTOMER-BODY",
        ),
    );
    f.write(
        "content/pages/faq.md",
        &format!(
            "{}\nInternally see [the runbook](policy:canary-internal-policy) and [the handbook](policy:customer-handbook).\n\n<script>alert(\"CANARY-SCRIPT\")</script>\n<img alt=\"pixel\" onerror=\"CANARY-ONERROR\">\n<details><summary>More</summary>Kept detail.</details>\n",
            super::PAGE
        ),
    );
    f.write(
        "controls/hidden.yaml",
        "- id: CANARY-CTL-01\n  title: CANARY-CONTROL-TITLE\n  description: CANARY-CONTROL-DESC\n  owner: CTO\n  frequency: monthly\n  kind: detective\n  criteria: [CC7.2]\n  policies: [canary-internal-policy, canary-confidential-policy, customer-handbook]\n  status: implemented\n  test_procedure: CANARY-TEST-PROCEDURE\n",
    );
    f.edit("content/evidence/index.yaml", "- control: AC-02\n  title: Access review Q1", "- control: CANARY-CTL-01\n  title: CANARY-EVIDENCE-TITLE\n  file: CANARY-CTL-01/canary-evidence-file.csv\n  collected: 2026-02-01\n  period: 2026-01\n- control: CANARY-CTL-01\n  title: CANARY-CONF-EVIDENCE\n  file: CANARY-CTL-01/canary-conf-file.csv\n  collected: 2026-03-01\n  classification: confidential\n- control: AC-02\n  title: Access review Q1");
    f.write(
        "content/evidence/CANARY-CTL-01/canary-evidence-file.csv",
        "a,b\nCANARY-EVIDENCE-CONTENT,1\n",
    );
    f.write(
        "content/evidence/CANARY-CTL-01/canary-conf-file.csv",
        "a,b\nCANARY-CONF-CONTENT,1\n",
    );
    f.edit(
        "content/subprocessors.yaml",
        "  added: 2024-01-01\n",
        "  added: 2024-01-01\n  notes: CANARY-SUBPROCESSOR-NOTE\n",
    );
    f
}

pub const TRUST_FORBIDDEN: &[&str] = &[
    "CANARY-INTERNAL",
    "canary-internal-policy",
    "CANARY-CONFIDENTIAL",
    "canary-confidential-policy",
    "CANARY-CUSTOMER-BODY",
    "CANARY-CTL-01",
    "CANARY-CONTROL",
    "CANARY-TEST-PROCEDURE",
    "CANARY-EVIDENCE",
    "canary-evidence-file",
    "CANARY-CONF",
    "canary-conf-file",
    "CANARY-SUBPROCESSOR-NOTE",
    "CANARY-SCRIPT",
    "CANARY-ONERROR",
];
