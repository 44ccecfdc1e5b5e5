//! Leptos: server-rendered pages, server functions and static assets.

use std::sync::Arc;

use app::sync::account::PageAccount;
use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use http::header::CACHE_CONTROL;
use http::{HeaderName, HeaderValue, Request};
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes};

use super::assets::Assets;
use crate::auth::account_mark;
use crate::auth::principal::Principal;
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
    let account = account_mark::of(&Principal::of(req.extensions()));
    // The offline page is kept for whoever uses the device next (public/sw.js): it names no
    // account, though its response still tells the worker who is signed in.
    let page_account = if req.uri().path() == "/offline" {
        account_mark::ANONYMOUS.to_string()
    } else {
        account.clone()
    };
    let handler = leptos_axum::render_app_to_stream_with_context(
        move || {
            provide_context(backend.clone());
            provide_context(PageAccount(page_account.clone()));
            content_security_policy();
            kept_per_account(&account);
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

/// A page holds the data of whoever is signed in: the browser's HTTP cache (and back-forward
/// cache) must not keep it for the next user, and the service worker keeps it only in that
/// account's page cache, which it learns from this header (public/sw.js, `app::sync::account`).
fn kept_per_account(account: &str) {
    let Some(resp) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    resp.insert_header(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::from_str(account) {
        resp.insert_header(HeaderName::from_static(account_mark::HEADER), value);
    }
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
