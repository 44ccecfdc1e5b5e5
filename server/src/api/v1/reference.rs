//! `/api/v1/reference/*`: SBI sections, the report's trends, and table 1 (coverage targets).

use app::domain::reference::{self, SbiSection, TrainingCompanies, Trend};
use axum::Json;

pub async fn sbi_sections() -> Json<&'static [SbiSection]> {
    Json(reference::SBI_SECTIONS.as_slice())
}

pub async fn trends() -> Json<&'static [Trend]> {
    Json(reference::TRENDS.as_slice())
}

pub async fn training_companies() -> Json<&'static TrainingCompanies> {
    Json(&reference::TRAINING_COMPANIES)
}
