//! The HTTP surface: one router with health checks, the REST API, server functions and pages.

pub(crate) mod assets;
pub(crate) mod health;
mod limits;
pub mod metrics;
mod middleware;
mod pages;
pub mod phone;
pub mod serve;

use std::sync::LazyLock;
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use leptos_axum::AxumRouteListing;

use crate::state::AppState;
use crate::{api, auth, sfn};

pub use limits::{BODY_LIMIT, IMPORT_LIMIT};

/// The app's page routes, listed once per process: the one static kept when the state moved
/// into `AppState`, because it holds no instance's state, only what `app::App` declares. Listing runs the whole app with resource
/// loading switched off by a process-global flag (leptos_server's `SuppressResourceLoad`): a
/// page whose resource first polled while another router was being built would wait forever
/// (leptos #4773). Two routers in one process (tests, a second instance) therefore share one
/// listing made before either serves a page.
fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: LazyLock<Vec<AxumRouteListing>> =
        LazyLock::new(|| leptos_axum::generate_route_list(app::App));
    ROUTES.clone()
}

pub fn router(state: AppState) -> Router {
    let routes = page_routes();
    let https = state
        .auth
        .public_origin
        .as_deref()
        .is_some_and(|o| o.starts_with("https://"));
    // Operators' endpoints stand outside sign-in: their bearer token is the metrics token
    // (`auth::operator`), not an account's.
    let operations = Router::new()
        .route("/healthz", get(health::live))
        .route("/readyz", get(health::ready))
        .route("/metrics", get(metrics::render));
    let router = Router::new()
        .nest(api::v1::PREFIX, api::v1::router(state.clone()))
        .route("/sfn/{*fn_name}", get(sfn::handle).post(sfn::handle))
        .merge(phone::routes(phone::assets(std::path::Path::new(
            state.leptos_options.site_root.as_ref(),
        ))))
        .merge(pages::routes(routes))
        .fallback(pages::fallback)
        // Inner to outer: CSRF needs to know nothing of the principal; resolving it comes first.
        .layer(axum::middleware::map_response(
            auth::account_mark::clear_cache_when_the_session_changes,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::csrf::check,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::principal::resolve,
        ))
        .merge(operations)
        .layer(axum::middleware::from_fn_with_state(
            state.metrics.clone(),
            metrics::count,
        ))
        // One table of server functions per router: the server-function door and the pages
        // (whose rendering calls server functions directly) share it.
        .layer(axum::Extension(std::sync::Arc::new(sfn::table())))
        .layer(axum::Extension(std::sync::Arc::new(assets::Assets::load(
            &state.leptos_options,
        ))))
        .with_state(state);
    middleware::apply(router, IMPORT_LIMIT, Duration::from_secs(30), https)
}
