//! Bodies that handlers write as `json!` literals, described here for the document. They are
//! never built: the integration tests check every real response against these schemas, which
//! keeps them true (`deny_unknown_fields` makes their schemas refuse a field they do not name).
#![allow(dead_code)]

use utoipa::ToSchema;

/// `DELETE /api/v1/sessions`
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Ended {
    /// How many sessions ended, this one included
    ended: u64,
}

/// `GET /healthz`
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Liveness {
    /// Always `ok`
    #[schema(pattern = "^ok$")]
    status: String,
}

/// `GET /readyz` when ready
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Ready {
    /// Always `ready`
    #[schema(pattern = "^ready$")]
    status: String,
    /// `sqlite` or `postgres` (with the metrics token only)
    database: Option<String>,
    /// With the metrics token only
    migrations_applied: Option<u32>,
}

/// `GET /readyz` when not ready
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotReady {
    /// Always `not_ready`
    #[schema(pattern = "^not_ready$")]
    status: String,
    /// Why, in English (with the metrics token only)
    reason: Option<String>,
}
