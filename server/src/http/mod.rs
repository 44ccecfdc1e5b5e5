//! The HTTP surface: one router with health checks, the REST API, server functions and pages.

mod health;
mod metrics;
mod middleware;
mod pages;
pub mod server_fns;

use std::time::Duration;

use axum::Router;
use axum::routing::get;

use crate::state::AppState;
use crate::{api, auth};

/// Largest JSON body an API route reads.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;
/// Largest body anything accepts: codebook imports (a file) may be this large.
pub const IMPORT_LIMIT: usize = 16 * 1024 * 1024;

pub fn router(state: AppState) -> Router {
    let routes = leptos_axum::generate_route_list(app::App);
    let router = Router::new()
        .route("/healthz", get(health::live))
        .route("/readyz", get(health::ready))
        .route("/metrics", get(metrics::render))
        .nest(api::v1::PREFIX, api::v1::router(state.clone()))
        .route(
            "/sfn/{*fn_name}",
            get(server_fns::handle).post(server_fns::handle),
        )
        .merge(pages::routes(routes))
        .fallback(pages::fallback_handler())
        // Inner to outer: CSRF needs to know nothing of the principal; resolving it comes first.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::csrf::check,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::principal::resolve,
        ))
        .layer(axum::middleware::from_fn(metrics::count))
        .with_state(state);
    middleware::apply(router, IMPORT_LIMIT, Duration::from_secs(30))
}
