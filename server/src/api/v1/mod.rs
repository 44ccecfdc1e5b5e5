//! `/api/v1`: JSON in and out, errors as `{"error": {code, message, field?}}`.

mod openapi;

use axum::Router;
use axum::routing::get;
use http::StatusCode;

use crate::error::api_error;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi::document))
        .fallback(|| async { api_error(StatusCode::NOT_FOUND, "not_found", "no such API route") })
}
