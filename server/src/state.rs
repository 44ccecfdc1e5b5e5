//! What every handler can reach: the database handle (with this instance's writer turn and
//! caches), the Leptos options, the auth settings, the journal's writers and the metrics. All of
//! an instance's state lives here, none in statics: two instances in one process are two.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

use crate::auth::AuthConfig;
use crate::db::Db;
use crate::http::metrics::Metrics;
use crate::live::Hub;
use crate::services::writers::Writers;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub db: Db,
    pub leptos_options: LeptosOptions,
    pub auth: Arc<AuthConfig>,
    /// The journal's writers and the bus of committed event ids (the live views subscribe).
    pub writers: Writers,
    /// The studies' live aggregates, fed from the event sequence.
    pub live: Hub,
    pub metrics: Metrics,
}

impl AppState {
    /// Starts this instance's journal writers and live pump on `db`.
    pub fn new(db: Db, leptos_options: LeptosOptions, auth: AuthConfig) -> Self {
        let writers = Writers::start(&db);
        AppState {
            live: Hub::start(db.clone(), &writers.events),
            writers,
            metrics: Metrics::default(),
            db,
            leptos_options,
            auth: Arc::new(auth),
        }
    }
}
