//! `/healthz` (the process answers) and `/readyz` (database reachable, migrations applied).

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::db::Db;
use crate::services;

pub async fn live() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

pub async fn ready(State(db): State<Db>) -> Response {
    match services::status::readiness(&db).await {
        Ok(s) => Json(json!({
            "status": "ready",
            "database": s.database,
            "migrations_applied": s.migrations_applied,
        }))
        .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "not ready");
            (
                http::StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "not_ready", "reason": e.to_string() })),
            )
                .into_response()
        }
    }
}
