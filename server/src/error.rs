//! Service errors and their one mapping onto the API's error shape and HTTP status.

use app::error::{AppError, ErrorCode, Problem, Reason};
use axum::Json;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use sea_orm::DbErr;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("{0}")]
    NotFound(String),
    /// Well-formed input that breaks a rule (422).
    #[error("{message}")]
    Invalid {
        message: String,
        problems: Vec<Problem>,
    },
    /// Input we could not read at all (400).
    #[error("{message}")]
    Malformed {
        message: String,
        problems: Vec<Problem>,
    },
    #[error("{0}")]
    Conflict(String),
    /// The same op_id came with other content.
    #[error("{0}")]
    OpConflict(String),
    /// The change was based on an older revision than the server's.
    #[error("{message}")]
    Stale {
        message: String,
        current: serde_json::Value,
    },
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("too many attempts; try again in {retry_after_secs} s")]
    Throttled { retry_after_secs: u64 },
    #[error("database error: {0}")]
    Db(#[from] DbErr),
    /// A bug: logged with the request id, answered 500.
    #[error("internal error: {0}")]
    Internal(String),
    /// Any of the above, with the rule that refused it and the field it concerns, so that a
    /// client (the UI) can say more than the code does.
    #[error("{inner}")]
    Because {
        inner: Box<ServiceError>,
        reason: Reason,
        field: Option<String>,
    },
}

impl ServiceError {
    pub fn invalid(message: impl Into<String>, problems: Vec<Problem>) -> Self {
        ServiceError::Invalid {
            message: message.into(),
            problems,
        }
    }

    /// Input that breaks a rule about one field.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        ServiceError::invalid(message.clone(), vec![Problem::new(field, message)])
    }

    pub fn malformed(message: impl Into<String>, problems: Vec<Problem>) -> Self {
        ServiceError::Malformed {
            message: message.into(),
            problems,
        }
    }

    /// Names the rule that refused the request and the input field it concerns.
    pub fn because(self, reason: Reason, field: Option<&str>) -> Self {
        ServiceError::Because {
            inner: Box::new(self),
            reason,
            field: field.map(str::to_string),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ServiceError::Because { inner, .. } => inner.status(),
            ServiceError::NotFound(_) => StatusCode::NOT_FOUND,
            ServiceError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ServiceError::Malformed { .. } => StatusCode::BAD_REQUEST,
            ServiceError::Conflict(_)
            | ServiceError::OpConflict(_)
            | ServiceError::Stale { .. } => StatusCode::CONFLICT,
            ServiceError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ServiceError::Forbidden(_) => StatusCode::FORBIDDEN,
            ServiceError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
            ServiceError::Db(_) => StatusCode::SERVICE_UNAVAILABLE,
            ServiceError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn to_app_error(&self) -> AppError {
        let with_problems = |code: ErrorCode, message: &str, problems: &[Problem]| AppError {
            field: problems.first().map(|p| p.at.clone()),
            details: problems.to_vec(),
            ..AppError::new(code, message)
        };
        match self {
            ServiceError::NotFound(m) => AppError::new(ErrorCode::NotFound, m.clone()),
            ServiceError::Invalid { message, problems } => {
                with_problems(ErrorCode::Invalid, message, problems)
            }
            ServiceError::Malformed { message, problems } => {
                with_problems(ErrorCode::Malformed, message, problems)
            }
            ServiceError::Conflict(m) => AppError::new(ErrorCode::Conflict, m.clone()),
            ServiceError::OpConflict(m) => AppError::new(ErrorCode::OpConflict, m.clone()),
            ServiceError::Stale { message, current } => AppError {
                current: Some(current.clone()),
                ..AppError::new(ErrorCode::Stale, message.clone())
            },
            ServiceError::Unauthorized(m) => AppError::new(ErrorCode::Unauthorized, m.clone()),
            ServiceError::Forbidden(m) => AppError::new(ErrorCode::Forbidden, m.clone()),
            e @ ServiceError::Throttled { .. } => {
                AppError::new(ErrorCode::Throttled, e.to_string())
            }
            // The details go to the log, not to the client.
            ServiceError::Db(_) => AppError::new(
                ErrorCode::Unavailable,
                "the database is not available right now",
            ),
            ServiceError::Internal(_) => {
                AppError::new(ErrorCode::Internal, "something went wrong on our side")
            }
            ServiceError::Because {
                inner,
                reason,
                field,
            } => {
                let mut e = inner.to_app_error().with_reason(*reason);
                if field.is_some() {
                    e.field = field.clone();
                }
                e
            }
        }
    }

    pub fn retry_after(&self) -> Option<u64> {
        match self {
            ServiceError::Throttled { retry_after_secs } => Some(*retry_after_secs),
            ServiceError::Because { inner, .. } => inner.retry_after(),
            _ => None,
        }
    }

    fn log(&self) {
        match self {
            ServiceError::Db(db) => tracing::error!(error = %db, "database error"),
            ServiceError::Internal(m) => tracing::error!(error = %m, "internal error"),
            ServiceError::Because { inner, .. } => inner.log(),
            _ => {}
        }
    }
}

impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> Self {
        e.log();
        // Server functions report the HTTP status through the Leptos response options.
        if let Some(resp) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            resp.set_status(e.status());
            if let Some(secs) = e.retry_after() {
                resp.insert_header(http::header::RETRY_AFTER, secs.into());
            }
        }
        e.to_app_error()
    }
}

/// Every error response of the REST API: `{"error": {code, message, …}}`.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    error: AppError,
}

impl IntoResponse for ServiceError {
    fn into_response(self) -> Response {
        self.log();
        let mut res = (
            self.status(),
            Json(ErrorBody {
                error: self.to_app_error(),
            }),
        )
            .into_response();
        if let Some(secs) = self.retry_after() {
            res.headers_mut()
                .insert(http::header::RETRY_AFTER, secs.into());
        }
        res
    }
}

/// The API's error body for cases that never reach a service (unknown route, oversized body).
pub fn api_error(status: StatusCode, code: ErrorCode, message: &str) -> Response {
    (
        status,
        Json(ErrorBody {
            error: AppError::new(code, message),
        }),
    )
        .into_response()
}
