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
    /// A body larger than the route takes (413).
    #[error("{0}")]
    TooLarge(String),
    /// The server is at a limit it sets itself (password checks at once): try again shortly.
    #[error("{0}")]
    Busy(String),
    /// Any database error; [`DbFailure::of`] tells an outage (503) from a fault (500).
    #[error("database error: {0}")]
    Db(#[from] DbErr),
    /// Something that cannot happen with a sound database and code: a stored value that does not
    /// parse, a query the database refused. A logged 500; the details stay in the log.
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

    /// A database error where a unique violation is expected (a race between a check and an
    /// insert): that one is this conflict; any other stays a database error.
    pub fn conflict_if_unique(e: DbErr, conflict: impl FnOnce() -> ServiceError) -> ServiceError {
        match e.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => conflict(),
            _ => ServiceError::Db(e),
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
            ServiceError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            ServiceError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ServiceError::Db(e) => match DbFailure::of(e) {
                DbFailure::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
                DbFailure::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            },
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
            ServiceError::Busy(m) => AppError::new(ErrorCode::Unavailable, m.clone()),
            ServiceError::TooLarge(m) => AppError::new(ErrorCode::TooLarge, m.clone()),
            // The details go to the log, not to the client.
            ServiceError::Db(e) if DbFailure::of(e) == DbFailure::Unavailable => AppError::new(
                ErrorCode::Unavailable,
                "the database is not available right now",
            ),
            ServiceError::Db(_) | ServiceError::Internal(_) => AppError::new(
                ErrorCode::Internal,
                "something went wrong on the server; it has been logged",
            ),
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
            ServiceError::Busy(_) => Some(1),
            ServiceError::Because { inner, .. } => inner.retry_after(),
            _ => None,
        }
    }

    /// Server faults and outages go to the log, inside the request's span (which carries its
    /// `x-request-id`), so a user's report can be matched to the line.
    fn log(&self) {
        match self {
            ServiceError::Db(db) => match DbFailure::of(db) {
                DbFailure::Unavailable => tracing::error!(error = %db, "database unavailable"),
                DbFailure::Internal => tracing::error!(error = %db, "database error"),
            },
            ServiceError::Internal(what) => tracing::error!(error = %what, "internal error"),
            ServiceError::Because { inner, .. } => inner.log(),
            _ => {}
        }
    }
}

impl From<crate::auth::password::PasswordError> for ServiceError {
    fn from(e: crate::auth::password::PasswordError) -> Self {
        match e {
            crate::auth::password::PasswordError::Busy => ServiceError::Busy(e.to_string()),
            crate::auth::password::PasswordError::Failed(m) => ServiceError::Internal(m),
        }
    }
}

/// What a database error means for the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbFailure {
    /// The database could not be reached or is overloaded: try again later (503).
    Unavailable,
    /// The database answered, and refused: a bad query, a broken constraint, a value that does
    /// not convert. Not an outage; a fault to fix (500).
    Internal,
}

impl DbFailure {
    /// The one place that tells the two apart. Unique violations a service expects are turned
    /// into conflicts where they happen; any that reach here are faults.
    pub fn of(e: &DbErr) -> DbFailure {
        use sea_orm::RuntimeErr;
        match e {
            DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => DbFailure::Unavailable,
            DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => {
                Self::of_sqlx(e)
            }
            _ => DbFailure::Internal,
        }
    }

    fn of_sqlx(e: &sea_orm::sqlx::Error) -> DbFailure {
        use sea_orm::sqlx::Error as E;
        match e {
            E::Io(_)
            | E::Tls(_)
            | E::Protocol(_)
            | E::PoolTimedOut
            | E::PoolClosed
            | E::WorkerCrashed => DbFailure::Unavailable,
            E::Database(db) if db.code().is_some_and(|c| is_outage_code(&c)) => {
                DbFailure::Unavailable
            }
            _ => DbFailure::Internal,
        }
    }
}

/// Error codes that mean "not now" rather than "not this": PostgreSQL's SQLSTATE classes 08
/// (connection), 53 (insufficient resources), 57 (operator intervention: shutdown, cancel), and
/// SQLite's BUSY (5) and LOCKED (6) in their extended forms. A SQLSTATE is always five
/// characters (and may be all digits); SQLite's codes, extended ones included, have at most four.
fn is_outage_code(code: &str) -> bool {
    if code.len() == 5 {
        return ["08", "53", "57"]
            .iter()
            .any(|class| code.starts_with(class));
    }
    code.parse::<u32>()
        .is_ok_and(|sqlite| matches!(sqlite & 0xff, 5 | 6))
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use sea_orm::sqlx::error::{DatabaseError, ErrorKind};
    use sea_orm::{ConnAcquireErr, DbErr, RuntimeErr};

    use super::*;

    /// A database's refusal with this code.
    #[derive(Debug)]
    struct Refusal(&'static str, ErrorKind);

    impl std::fmt::Display for Refusal {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "refused with {}", self.0)
        }
    }

    impl std::error::Error for Refusal {}

    impl DatabaseError for Refusal {
        fn message(&self) -> &str {
            "refused"
        }
        fn code(&self) -> Option<std::borrow::Cow<'_, str>> {
            Some(self.0.into())
        }
        fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
            self
        }
        fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
            self
        }
        fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
            self
        }
        fn kind(&self) -> ErrorKind {
            match self.1 {
                ErrorKind::UniqueViolation => ErrorKind::UniqueViolation,
                _ => ErrorKind::Other,
            }
        }
    }

    fn query(e: sea_orm::sqlx::Error) -> DbErr {
        DbErr::Query(RuntimeErr::SqlxError(Arc::new(e)))
    }

    fn refused(code: &'static str, kind: ErrorKind) -> DbErr {
        query(sea_orm::sqlx::Error::Database(Box::new(Refusal(
            code, kind,
        ))))
    }

    #[test]
    fn a_database_that_cannot_be_reached_is_unavailable() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        for e in [
            DbErr::ConnectionAcquire(ConnAcquireErr::Timeout),
            DbErr::ConnectionAcquire(ConnAcquireErr::ConnectionClosed),
            DbErr::Conn(RuntimeErr::Internal("gone".into())),
            query(sea_orm::sqlx::Error::Io(io)),
            query(sea_orm::sqlx::Error::PoolTimedOut),
            query(sea_orm::sqlx::Error::PoolClosed),
            // PostgreSQL: admin shutdown, connection failure, too many connections.
            refused("57P01", ErrorKind::Other),
            refused("08006", ErrorKind::Other),
            refused("53300", ErrorKind::Other),
            // SQLite: busy, and busy in its snapshot form.
            refused("5", ErrorKind::Other),
            refused("517", ErrorKind::Other),
        ] {
            assert_eq!(DbFailure::of(&e), DbFailure::Unavailable, "{e}");
            let err = ServiceError::Db(e);
            assert_eq!(err.status(), StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(err.to_app_error().code, ErrorCode::Unavailable);
        }
    }

    #[test]
    fn a_database_that_refuses_a_query_is_an_internal_error() {
        for e in [
            // PostgreSQL: a NUL byte in text, a unique violation nobody expected, bad SQL.
            refused("22021", ErrorKind::Other),
            refused("23505", ErrorKind::UniqueViolation),
            refused("42601", ErrorKind::Other),
            // SQLite: a constraint (2067: UNIQUE), an error in the SQL.
            refused("2067", ErrorKind::UniqueViolation),
            refused("1", ErrorKind::Other),
            query(sea_orm::sqlx::Error::RowNotFound),
            DbErr::Json("a stored value".into()),
            DbErr::Type("not a number".into()),
            DbErr::RecordNotFound("x".into()),
        ] {
            assert_eq!(DbFailure::of(&e), DbFailure::Internal, "{e}");
            let err = ServiceError::Db(e);
            assert_eq!(err.status(), StatusCode::INTERNAL_SERVER_ERROR);
            assert_eq!(err.to_app_error().code, ErrorCode::Internal);
        }
    }

    #[test]
    fn internal_errors_are_500_and_say_nothing_of_the_cause() {
        let e = ServiceError::Internal("a stored rating \"bogus\"".into());
        assert_eq!(e.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let shown = e.to_app_error();
        assert_eq!(shown.code, ErrorCode::Internal);
        assert!(!shown.message.contains("bogus"), "{}", shown.message);
    }
}
