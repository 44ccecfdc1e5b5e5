//! Display formats shared by pages: dates as people write them ("3 dec 2026"), in the
//! user's language. Times are shown as stored (UTC).

use crate::i18n::{Key, Locale, text};

const MONTHS: [Key; 12] = [
    Key::MonthJan,
    Key::MonthFeb,
    Key::MonthMar,
    Key::MonthApr,
    Key::MonthMay,
    Key::MonthJun,
    Key::MonthJul,
    Key::MonthAug,
    Key::MonthSep,
    Key::MonthOct,
    Key::MonthNov,
    Key::MonthDec,
];

/// `(year, month 1–12, day)` from `2026-12-03` or an RFC 3339 time starting with it.
fn ymd(s: &str) -> Option<(u32, usize, u32)> {
    let year = s.get(0..4)?.parse().ok()?;
    let month: usize = s.get(5..7)?.parse().ok()?;
    let day = s.get(8..10)?.parse().ok()?;
    let separators = s.get(4..5) == Some("-") && s.get(7..8) == Some("-");
    (separators && (1..=12).contains(&month) && (1..=31).contains(&day))
        .then_some((year, month, day))
}

/// `2026-12-03` (or a time on that day) → `3 dec 2026` / `3 Dec 2026`; unreadable input as is.
pub fn date(locale: Locale, s: &str) -> String {
    match ymd(s) {
        Some((y, m, d)) => format!("{d} {} {y}", text(locale, MONTHS[m - 1])),
        None => s.to_string(),
    }
}

/// A date that may be unknown: `—` then.
pub fn maybe_date(locale: Locale, s: Option<&str>) -> String {
    match s.filter(|s| !s.trim().is_empty()) {
        Some(s) => date(locale, s),
        None => text(locale, Key::DateUnknown).to_string(),
    }
}

/// `2026-12-03T07:08:18+00:00` → `3 dec 2026 07:08`.
pub fn date_time(locale: Locale, rfc3339: &str) -> String {
    match (ymd(rfc3339), rfc3339.get(11..16)) {
        (Some(_), Some(time)) => format!("{} {time}", date(locale, rfc3339)),
        _ => date(locale, rfc3339),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_people_write_them() {
        assert_eq!(date(Locale::Nl, "2026-12-03"), "3 dec 2026");
        assert_eq!(date(Locale::En, "2026-12-03"), "3 Dec 2026");
        assert_eq!(date(Locale::Nl, "2026-03-21T10:00:00+00:00"), "21 mrt 2026");
        assert_eq!(date(Locale::Nl, "garbage"), "garbage");
        assert_eq!(date(Locale::Nl, "2026-13-01"), "2026-13-01");
    }

    #[test]
    fn unknown_dates_are_a_dash_and_times_keep_minutes() {
        assert_eq!(maybe_date(Locale::Nl, None), "—");
        assert_eq!(maybe_date(Locale::En, Some("")), "—");
        assert_eq!(
            date_time(Locale::Nl, "2026-11-27T07:08:18.380357401+00:00"),
            "27 nov 2026 07:08"
        );
    }
}
