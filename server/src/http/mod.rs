//! The HTTP surface: one router with health checks, the REST API, server functions and pages.

mod health;
mod middleware;
mod pages;

use std::time::Duration;

use axum::Router;
use axum::routing::get;

use crate::api;
use crate::state::AppState;

/// Largest JSON body an API route reads.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;
/// Largest body anything accepts: codebook imports (a file) may be this large.
pub const IMPORT_LIMIT: usize = 16 * 1024 * 1024;

pub fn router(state: AppState) -> Router {
    let routes = leptos_axum::generate_route_list(app::App);
    let router = Router::new()
        .route("/healthz", get(health::live))
        .route("/readyz", get(health::ready))
        .nest("/api/v1", api::v1::router())
        .route("/sfn/{*fn_name}", get(pages::server_fn).post(pages::server_fn))
        .merge(pages::routes(routes))
        .fallback(pages::fallback_handler())
        .with_state(state);
    middleware::apply(router, IMPORT_LIMIT, Duration::from_secs(30))
}
