//! Figures as the dashboard writes them: percentages and one-decimal numbers, with the decimal
//! comma in Dutch.

use crate::i18n::Locale;

fn decimal(locale: Locale, s: String) -> String {
    match locale {
        Locale::Nl => s.replace('.', ","),
        Locale::En => s,
    }
}

/// `0.723` → `72%`.
pub fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// `0.4679` → `46,8%` / `46.8%`.
pub fn pct1(locale: Locale, x: f64) -> String {
    decimal(locale, format!("{:.1}%", x * 100.0))
}

/// `1.87` → `1,9` / `1.9`.
pub fn one_decimal(locale: Locale, x: f64) -> String {
    decimal(locale, format!("{x:.1}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_writes_a_decimal_comma() {
        assert_eq!(pct(0.723), "72%");
        assert_eq!(pct(1.0), "100%");
        assert_eq!(pct1(Locale::Nl, 0.4679), "46,8%");
        assert_eq!(pct1(Locale::En, 0.4679), "46.8%");
        assert_eq!(one_decimal(Locale::Nl, 1.87), "1,9");
    }
}
