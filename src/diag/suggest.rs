//! "Did you mean …?" suggestions by edit distance.

/// The candidate closest to `wrong`, if it is close enough to be a plausible typo.
pub fn closest<'a, I>(wrong: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let wrong_lower = wrong.to_lowercase();
    let wrong_plain = unconfuse(&wrong_lower);
    let mut best: Option<(f64, &'a str)> = None;
    for cand in candidates {
        let cand_lower = cand.to_lowercase();
        if unconfuse(&cand_lower) == wrong_plain {
            // Differs only by case or look-alike characters (`l`/`1`, `O`/`0`): the answer.
            return Some(cand);
        }
        let score = strsim::jaro_winkler(&wrong_lower, &cand_lower);
        let dist = strsim::damerau_levenshtein(&wrong_lower, &cand_lower);
        // Accept either a short edit distance or a high similarity (prefix typos).
        let max_dist = (wrong.chars().count().max(3) / 3).max(1);
        if (dist <= max_dist || score >= 0.9) && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, cand));
        }
    }
    best.map(|(_, c)| c)
}

/// Maps characters that look alike onto one, so `CC6.l` matches `CC6.1`.
fn unconfuse(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'l' | 'i' | '|' => '1',
            'o' => '0',
            '_' => '-',
            c => c,
        })
        .collect()
}

/// A ready-made hint: "did you mean `x`?".
pub fn did_you_mean<'a, I>(wrong: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    closest(wrong, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let fields = ["id", "owner", "title", "status"];
        assert_eq!(closest("ownr", fields), Some("owner"));
        assert_eq!(closest("Title", fields), Some("title"));
        assert_eq!(closest("frobnicate", fields), None);
        assert_eq!(closest("CC6.l", ["CC6.1", "CC7.1"]), Some("CC6.1"));
    }
}
