//! Reference data studies use: the 21 SBI sections, the six trends of the report's chapter 3, and
//! table 1 (share of active training companies per SBI section) as coverage targets.
//! The files live in `migrations/data/` next to the built-in codebook.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::i18n::Locale;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SbiSection {
    pub code: String,
    /// The CBS name (Dutch); `name` for compatibility with the API's first shape.
    pub name: String,
    /// The NACE Rev. 2 section name, which SBI follows section for section.
    pub name_en: String,
}

impl SbiSection {
    pub fn name(&self, locale: Locale) -> &str {
        match locale {
            Locale::Nl => &self.name,
            Locale::En => &self.name_en,
        }
    }

    /// `G — Groot- en detailhandel; …`: how forms and lists show a section.
    pub fn label(&self, locale: Locale) -> String {
        format!("{} — {}", self.code, self.name(locale))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Trend {
    pub key: String,
    pub number: String,
    pub name_nl: String,
    pub name_en: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TrainingCompanyShare {
    /// `None` for the report's "Onbekend" row.
    pub sbi_section: Option<String>,
    pub label_in_report: String,
    pub commercieel_medewerker_pct: Option<f64>,
    pub junior_accountmanager_pct: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TrainingCompanies {
    pub source: String,
    pub rows: Vec<TrainingCompanyShare>,
}

// The files are part of the build; a malformed one fails the unit tests below, never a user.
pub static SBI_SECTIONS: LazyLock<Vec<SbiSection>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../../migrations/data/sbi-sections.json"))
        .unwrap_or_default()
});

pub static TRENDS: LazyLock<Vec<Trend>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../../migrations/data/trends.json")).unwrap_or_default()
});

/// Parsed leniently: extra fields in the file (totals, notes) are for readers of the file.
pub static TRAINING_COMPANIES: LazyLock<TrainingCompanies> = LazyLock::new(|| {
    serde_json::from_str(include_str!(
        "../../../migrations/data/training-companies.json"
    ))
    .unwrap_or(TrainingCompanies {
        source: String::new(),
        rows: vec![],
    })
});

pub fn sbi_section(code: &str) -> Option<&'static SbiSection> {
    SBI_SECTIONS
        .iter()
        .find(|s| s.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_one_sbi_sections_a_to_u() {
        let codes: String = SBI_SECTIONS.iter().map(|s| s.code.as_str()).collect();
        assert_eq!(codes, "ABCDEFGHIJKLMNOPQRSTU");
        assert_eq!(
            sbi_section("g").map(|s| s.name.as_str()),
            Some("Groot- en detailhandel; reparatie van auto's")
        );
    }

    #[test]
    fn every_sbi_section_has_an_english_name() {
        assert!(SBI_SECTIONS.iter().all(|s| !s.name_en.is_empty()));
        let g = sbi_section("G").unwrap();
        assert_eq!(
            g.name(Locale::En),
            "Wholesale and retail trade; repair of motor vehicles and motorcycles"
        );
        assert_eq!(
            g.label(Locale::Nl),
            "G — Groot- en detailhandel; reparatie van auto's"
        );
    }

    #[test]
    fn six_trends_numbered_3_1_to_3_6() {
        let numbers: Vec<&str> = TRENDS.iter().map(|t| t.number.as_str()).collect();
        assert_eq!(numbers, ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6"]);
    }

    #[test]
    fn table_1_rows_name_known_sections_and_sum_to_about_100() {
        assert!(TRAINING_COMPANIES.rows.len() >= 15);
        for row in &TRAINING_COMPANIES.rows {
            if let Some(code) = &row.sbi_section {
                assert!(sbi_section(code).is_some(), "unknown SBI section {code}");
            }
        }
        let sum: f64 = TRAINING_COMPANIES
            .rows
            .iter()
            .filter_map(|r| r.commercieel_medewerker_pct)
            .sum();
        assert!(
            (sum - 100.0).abs() < 0.5,
            "commercieel medewerker shares sum to {sum}"
        );
        let g = TRAINING_COMPANIES
            .rows
            .iter()
            .find(|r| r.sbi_section.as_deref() == Some("G"))
            .unwrap();
        assert_eq!(
            (g.commercieel_medewerker_pct, g.junior_accountmanager_pct),
            (Some(46.79), Some(41.5))
        );
    }
}
