//! What every handler can reach: the database, the Leptos options and the auth settings.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sea_orm::DatabaseConnection;

use crate::auth::AuthConfig;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub leptos_options: LeptosOptions,
    pub auth: Arc<AuthConfig>,
    /// Group commit for answer writes, on SQLite (PostgreSQL commits concurrent writes in parallel).
    pub answers: Option<crate::services::answer_writer::AnswerWriter>,
}
