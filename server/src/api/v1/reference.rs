//! `/api/v1/reference/*`: SBI sections, the report's trends, and table 1 (coverage targets).

use app::domain::reference::{self, SbiSection, TrainingCompanies, Trend};
use axum::Json;

/// The 21 SBI sections A–U
#[utoipa::path(get, path = "/reference/sbi-sections", tag = "reference",
    responses((status = 200, description = "Code, Dutch (CBS) name and English (NACE) name", body = Vec<SbiSection>)))]
pub async fn sbi_sections() -> Json<&'static [SbiSection]> {
    Json(reference::SBI_SECTIONS.as_slice())
}

/// The six trends of the report's chapter 3
#[utoipa::path(get, path = "/reference/trends", tag = "reference",
    responses((status = 200, description = "The trends; `key` is what `trend:<key>` fields use", body = Vec<Trend>)))]
pub async fn trends() -> Json<&'static [Trend]> {
    Json(reference::TRENDS.as_slice())
}

/// Table 1: share of active training companies per SBI section
#[utoipa::path(get, path = "/reference/training-companies", tag = "reference",
    responses((status = 200, description = "The table and its source", body = TrainingCompanies)))]
pub async fn training_companies() -> Json<&'static TrainingCompanies> {
    Json(&reference::TRAINING_COMPANIES)
}
