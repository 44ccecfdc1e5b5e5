//! Leptos: server-rendered pages, server functions and static assets.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use http::Request;
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes};

use super::assets::Assets;
use crate::sfn;
use crate::state::AppState;

pub fn routes(list: Vec<AxumRouteListing>) -> Router<AppState> {
    Router::new().leptos_routes_with_handler(list, get(render))
}

async fn render(
    State(state): State<AppState>,
    Extension(table): Extension<Arc<sfn::Table>>,
    req: Request<Body>,
) -> Response {
    let backend = sfn::backend(state.clone(), table);
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_to_stream_with_context(
        move || {
            provide_context(backend.clone());
            content_security_policy();
        },
        move || app::shell(options.clone()),
    );
    handler(req).await.into_response()
}

/// Files from the site root (`assets`); any other address is a page the app does not know. That
/// is rendered like every page — the header with who is signed in, the nonce CSP that admits
/// the app's stylesheet and script — and the app's not-found page answers it with 404.
pub async fn fallback(
    State(state): State<AppState>,
    Extension(assets): Extension<Arc<Assets>>,
    table: Extension<Arc<sfn::Table>>,
    req: Request<Body>,
) -> Response {
    // The head alone is lent out: a request's body cannot be shared across threads.
    let (head, body) = req.into_parts();
    if let Some(file) = assets.serve(&head).await {
        return file;
    }
    render(State(state), table, Request::from_parts(head, body)).await
}

/// Pages get a CSP whose nonce admits exactly the inline scripts Leptos writes into this
/// response (hydration); `'wasm-unsafe-eval'` lets the wasm bundle compile.
fn content_security_policy() {
    let (Some(nonce), Some(resp)) = (
        leptos::nonce::use_nonce(),
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-{nonce}'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        resp.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}
