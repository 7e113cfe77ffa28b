//! "Did you mean …?" suggestions by edit distance.

/// The candidate closest to `wrong`, if it is close enough to be a plausible typo.
///
/// The answer never depends on the candidates' order (they often come from a hash map): a
/// candidate equal but for case and look-alike characters wins, then the smallest edit
/// distance, then the highest similarity, then the name in byte order.
pub fn closest<'a, I>(wrong: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let wrong_lower = wrong.to_lowercase();
    let wrong_plain = unconfuse(&wrong_lower);
    let max_dist = (wrong.chars().count().max(3) / 3).max(1);
    let mut best: Option<(bool, usize, f64, &'a str)> = None;
    for cand in candidates {
        let cand_lower = cand.to_lowercase();
        // Differs only by case or look-alike characters (`l`/`1`, `O`/`0`).
        let lookalike = unconfuse(&cand_lower) == wrong_plain;
        let score = strsim::jaro_winkler(&wrong_lower, &cand_lower);
        let dist = strsim::damerau_levenshtein(&wrong_lower, &cand_lower);
        // Accept either a short edit distance or a high similarity (prefix typos).
        if !(lookalike || dist <= max_dist || score >= 0.9) {
            continue;
        }
        let better = match best {
            None => true,
            Some((b_look, b_dist, b_score, b_name)) => (!lookalike, dist)
                .cmp(&(!b_look, b_dist))
                .then_with(|| b_score.total_cmp(&score))
                .then_with(|| cand.cmp(b_name))
                .is_lt(),
        };
        if better {
            best = Some((lookalike, dist, score, cand));
        }
    }
    best.map(|(_, _, _, c)| c)
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

    #[test]
    fn ties_are_broken_the_same_way_in_any_order() {
        let mut cands = [
            "CC6.1", "CC6.2", "CC6.3", "CC6.6", "CC6.7", "CC6.8", "CC9.9", "CC5.9",
        ];
        let first = closest("CC6.9", cands.iter().copied());
        for _ in 0..cands.len() {
            cands.rotate_left(1);
            assert_eq!(closest("CC6.9", cands.iter().copied()), first);
            cands.reverse();
            assert_eq!(closest("CC6.9", cands.iter().copied()), first);
        }
        assert_eq!(first, Some("CC6.1"));
    }
}
