//! Dates as people write them: `YYYY-MM-DD` read strictly, with the closest valid date
//! suggested for everything else (`2026-02-30`, `15.01.2026`, `2026/01/15`).

use jiff::civil::Date;

/// Parses `YYYY-MM-DD`, explaining what is wrong and suggesting the closest valid date.
pub fn parse_date(s: &str) -> Result<Date, (String, String)> {
    let example = "dates are written YYYY-MM-DD, for example 2026-01-15";
    let parts: Vec<&str> = s.split('-').collect();
    let shape_ok = parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if !shape_ok {
        let hint = guess_date(s).map_or_else(
            || example.to_owned(),
            |d| format!("did you mean `{d}`? ({example})"),
        );
        return Err((format!("`{s}` is not a date"), hint));
    }
    let (y, m, d) = (
        parts[0].parse::<i16>().unwrap_or(0),
        parts[1].parse::<i8>().unwrap_or(0),
        parts[2].parse::<i8>().unwrap_or(0),
    );
    if !(1..=12).contains(&m) {
        return Err((
            format!("`{s}` is not a date: there is no month {m}"),
            format!("months run from 01 to 12 ({example})"),
        ));
    }
    match Date::new(y, m, d) {
        Ok(date) => Ok(date),
        Err(_) => {
            let last = Date::new(y, m, 1).map_or(28, |first| first.days_in_month());
            Err((
                format!("`{s}` is not a date: {} {y} has {last} days", month_name(m)),
                format!("did you mean `{y:04}-{m:02}-{last:02}`?"),
            ))
        }
    }
}

/// Reads common non-ISO spellings (`15.01.2026`, `2026/01/15`) to suggest the ISO form.
fn guess_date(s: &str) -> Option<String> {
    let nums: Vec<&str> = s
        .split(['/', '.', '-', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    if nums.len() != 3 || !nums.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    // Each part must fit; a part too long for a number is no date at all.
    let n: Vec<i32> = nums.iter().map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let (y, m, d) = match (nums.as_slice(), n.as_slice()) {
        ([first, ..], &[a, b, c]) if first.len() == 4 => (a, b, c),
        ([.., last], &[a, b, c]) if last.len() == 4 => {
            // Day first is the international reading; month first only when the day cannot be.
            if b > 12 { (c, a, b) } else { (c, b, a) }
        }
        _ => return None,
    };
    let date = Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()?;
    Some(date.to_string())
}

fn month_name(m: i8) -> String {
    Date::new(2000, m, 1).map_or_else(
        |_| "this month".to_owned(),
        |d| d.strftime("%B").to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_explain_themselves() {
        assert!(parse_date("2026-01-15").is_ok());
        let (msg, hint) = parse_date("2026-02-30").unwrap_err();
        assert!(msg.contains("February 2026 has 28 days"), "{msg}");
        assert!(hint.contains("2026-02-28"));
        let (_, hint) = parse_date("15.01.2026").unwrap_err();
        assert!(hint.contains("2026-01-15"), "{hint}");
        // Parts too large for a number are no date, and never a panic.
        for s in [
            "2026-99999999999-01",
            "99999999999.1.2026",
            "1.99999999999.2026",
        ] {
            let (msg, _) = parse_date(s).unwrap_err();
            assert!(msg.contains("is not a date"), "{msg}");
        }
        let (msg, _) = parse_date("2026-13-01").unwrap_err();
        assert!(msg.contains("no month 13"));
    }
}
