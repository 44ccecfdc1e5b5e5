//! Service errors and their one mapping onto the API's error shape and HTTP status.

use app::error::AppError;
use axum::Json;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use sea_orm::DbErr;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("{0}")]
    NotFound(String),
    #[error("{message}")]
    Invalid { message: String, field: Option<String> },
    #[error("{0}")]
    Malformed(String),
    #[error("{0}")]
    Conflict(String),
    #[error("database error: {0}")]
    Db(#[from] DbErr),
}

impl ServiceError {
    pub fn status(&self) -> StatusCode {
        match self {
            ServiceError::NotFound(_) => StatusCode::NOT_FOUND,
            ServiceError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ServiceError::Malformed(_) => StatusCode::BAD_REQUEST,
            ServiceError::Conflict(_) => StatusCode::CONFLICT,
            ServiceError::Db(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    pub fn to_app_error(&self) -> AppError {
        let (code, message, field) = match self {
            ServiceError::NotFound(m) => ("not_found", m.clone(), None),
            ServiceError::Invalid { message, field } => ("invalid", message.clone(), field.clone()),
            ServiceError::Malformed(m) => ("malformed", m.clone(), None),
            ServiceError::Conflict(m) => ("conflict", m.clone(), None),
            // The details go to the log, not to the client.
            ServiceError::Db(_) => ("unavailable", "the database is not available right now".to_string(), None),
        };
        AppError { code: code.to_string(), message, field }
    }
}

impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> Self {
        if let ServiceError::Db(db) = &e {
            tracing::error!(error = %db, "database error");
        }
        // Server functions report the HTTP status through the Leptos response options.
        if let Some(resp) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            resp.set_status(e.status());
        }
        e.to_app_error()
    }
}

#[derive(serde::Serialize)]
struct ErrorBody {
    error: AppError,
}

impl IntoResponse for ServiceError {
    fn into_response(self) -> Response {
        if let ServiceError::Db(db) = &self {
            tracing::error!(error = %db, "database error");
        }
        (self.status(), Json(ErrorBody { error: self.to_app_error() })).into_response()
    }
}

/// The API's error body for cases that never reach a service (unknown route, oversized body).
pub fn api_error(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(ErrorBody { error: AppError::new(code, message) })).into_response()
}
