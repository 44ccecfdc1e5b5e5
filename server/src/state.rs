//! What every handler can reach: the database, the Leptos options, the auth settings and the
//! journal's writers.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sea_orm::DatabaseConnection;

use crate::auth::AuthConfig;
use crate::services::writers::Writers;
use crate::sfn;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub leptos_options: LeptosOptions,
    pub auth: Arc<AuthConfig>,
    /// The journal's writers and the bus of committed event ids (the live views subscribe).
    pub writers: Writers,
    /// Every server function's access rule and service call.
    pub server_fns: Arc<sfn::Table>,
}

impl AppState {
    /// Starts this instance's journal writers on `db`.
    pub fn new(db: DatabaseConnection, leptos_options: LeptosOptions, auth: AuthConfig) -> Self {
        AppState {
            writers: Writers::start(&db),
            db,
            leptos_options,
            auth: Arc::new(auth),
            server_fns: Arc::new(sfn::Table::new()),
        }
    }
}
