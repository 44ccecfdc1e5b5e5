//! `/api/v1`: JSON in and out, errors as `{"error": {code, message, field?, details?}}`.

mod codebooks;
mod openapi;
mod reference;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use http::StatusCode;

use crate::error::api_error;
use crate::http::{BODY_LIMIT, IMPORT_LIMIT};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi::document))
        .route(
            "/codebooks",
            get(codebooks::list).post(codebooks::import).layer(DefaultBodyLimit::max(IMPORT_LIMIT)),
        )
        .route("/codebooks/{id}", get(codebooks::get))
        .route("/codebooks/{id}/export.qdc", get(codebooks::export_qdc))
        .route("/codebooks/{id}/export.json", get(codebooks::export_json))
        .route("/reference/sbi-sections", get(reference::sbi_sections))
        .route("/reference/trends", get(reference::trends))
        .route("/reference/training-companies", get(reference::training_companies))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .fallback(|| async { api_error(StatusCode::NOT_FOUND, "not_found", "no such API route") })
}
