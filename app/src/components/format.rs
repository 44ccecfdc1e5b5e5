//! Display formats shared by pages.

/// `2026-11-27T07:08:18.38+00:00` → `2026-11-27 07:08` (UTC, as stored).
pub fn short_time(rfc3339: &str) -> String {
    match (rfc3339.get(0..10), rfc3339.get(11..16)) {
        (Some(date), Some(time)) => format!("{date} {time}"),
        _ => rfc3339.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn short_time_keeps_date_and_minutes() {
        assert_eq!(
            super::short_time("2026-11-27T07:08:18.380357401+00:00"),
            "2026-11-27 07:08"
        );
        assert_eq!(super::short_time("garbage"), "garbage");
    }
}
