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

/// One instance's state, shared by every clone (it derefs to [`Instance`]).
///
/// Cloned many times per request: each `from_fn` layer clones its state and the whole stack of
/// layers inside it on every call, and every `State<…>` extractor clones once more. Behind one
/// reference count a clone is one atomic increment; field by field it was dozens (the Leptos
/// options alone hold ten shared strings), which answer writes paid for in throughput.
#[derive(Clone)]
pub struct AppState(Arc<Instance>);

pub struct Instance {
    pub db: Db,
    pub leptos_options: LeptosOptions,
    pub auth: Arc<AuthConfig>,
    /// The journal's writers and the bus of committed event ids (the live views subscribe).
    pub writers: Writers,
    /// The studies' live aggregates, fed from the event sequence.
    pub live: Hub,
    pub metrics: Metrics,
    /// Turns for hashing and verifying passwords.
    pub passwords: crate::auth::password::Passwords,
}

impl AppState {
    /// Starts this instance's journal writers and live pump on `db`.
    pub fn new(db: Db, leptos_options: LeptosOptions, auth: AuthConfig) -> Self {
        let writers = Writers::start(&db);
        AppState(Arc::new(Instance {
            live: Hub::start(db.clone(), &writers.events),
            writers,
            metrics: Metrics::default(),
            passwords: crate::auth::password::Passwords::default(),
            db,
            leptos_options,
            auth: Arc::new(auth),
        }))
    }
}

impl std::ops::Deref for AppState {
    type Target = Instance;

    fn deref(&self) -> &Instance {
        &self.0
    }
}

/// The parts handlers and layers take with `State<…>`, as `#[derive(FromRef)]` would give for
/// the fields of a plain struct.
macro_rules! parts {
    ($($field:ident: $part:ty),* $(,)?) => {
        $(impl FromRef<AppState> for $part {
            fn from_ref(state: &AppState) -> $part {
                state.0.$field.clone()
            }
        })*
    };
}

parts!(
    db: Db,
    leptos_options: LeptosOptions,
    auth: Arc<AuthConfig>,
    writers: Writers,
    live: Hub,
    metrics: Metrics,
    passwords: crate::auth::password::Passwords,
);
