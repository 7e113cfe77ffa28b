//! `trustbook import`: starting from the tools teams already use. Importers write a new
//! project into an empty folder and report, file by file, what they could not map and what a
//! person must fill in; they never invent names, dates or classifications silently.

pub mod comply;

use std::collections::BTreeMap;

/// What an import did, and what is left to a person.
#[derive(Debug, Default)]
pub struct Report {
    /// Documents written, by kind.
    pub counts: BTreeMap<&'static str, usize>,
    /// Things that have no trustbook equivalent: (where, what).
    pub unmapped: Vec<(String, String)>,
    /// Fields written with a neutral value for a person to set: (where, what).
    pub to_fill: Vec<(String, String)>,
}

impl Report {
    fn count(&mut self, kind: &'static str) {
        *self.counts.entry(kind).or_default() += 1;
    }

    fn not_mapped(&mut self, at: &str, what: String) {
        self.unmapped.push((at.to_owned(), what));
    }

    fn fill_in(&mut self, at: &str, what: &str) {
        self.to_fill.push((at.to_owned(), what.to_owned()));
    }

    /// The report for people.
    pub fn text(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let counts: Vec<String> = self
            .counts
            .iter()
            .map(|(k, n)| match (*k, *n) {
                (k, 1) => format!("1 {k}"),
                ("policy", n) => format!("{n} policies"),
                (k, n) => format!("{n} {k}s"),
            })
            .collect();
        let _ = writeln!(
            s,
            "imported {}",
            if counts.is_empty() {
                "nothing".to_owned()
            } else {
                counts.join(", ")
            }
        );
        if !self.unmapped.is_empty() {
            let _ = writeln!(s, "\nnot mapped ({}):", self.unmapped.len());
            for (at, what) in &self.unmapped {
                let _ = writeln!(s, "  {at}: {what}");
            }
        }
        if !self.to_fill.is_empty() {
            let _ = writeln!(s, "\nto fill in ({}):", self.to_fill.len());
            for (at, what) in &self.to_fill {
                let _ = writeln!(s, "  {at}: {what}");
            }
        }
        s
    }
}
