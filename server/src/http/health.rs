//! `/healthz` (the process answers) and `/readyz` (database reachable, migrations applied).

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use std::sync::Arc;

use http::HeaderMap;

use crate::auth::{AuthConfig, operator};
use crate::db::Db;
use crate::services;

/// Liveness: the process answers
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "Alive", body = crate::api::v1::openapi::Liveness)))]
pub async fn live() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

/// Readiness: the database answers and no migration is pending
///
/// Anyone gets the status; the details (database kind, migrations applied, why not ready) only
/// a caller with the metrics token (`Authorization: Bearer <token>`).
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses(
        (status = 200, description = "Ready to serve", body = crate::api::v1::openapi::Ready),
        (status = 503, description = "Not ready: the database does not answer, or migrations are pending", body = crate::api::v1::openapi::NotReady),
    ))]
pub async fn ready(
    State(db): State<Db>,
    State(auth): State<Arc<AuthConfig>>,
    headers: HeaderMap,
) -> Response {
    let detailed = operator::is_operator(&headers, &auth);
    match services::status::readiness(&db).await {
        Ok(s) if detailed => Json(json!({
            "status": "ready",
            "database": s.database,
            "migrations_applied": s.migrations_applied,
        }))
        .into_response(),
        Ok(_) => Json(json!({ "status": "ready" })).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "not ready");
            let body = if detailed {
                json!({ "status": "not_ready", "reason": e.to_string() })
            } else {
                json!({ "status": "not_ready" })
            };
            (http::StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
        }
    }
}
