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
use tower::ServiceExt;
use tower_http::services::ServeDir;

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

/// Static files from the site root; any other address is a page the app does not know. That
/// is rendered like every page — the header with who is signed in, the nonce CSP that admits
/// the app's stylesheet and script — and the app's not-found page answers it with 404.
pub async fn fallback(
    State(state): State<AppState>,
    table: Extension<Arc<sfn::Table>>,
    req: Request<Body>,
) -> Response {
    let root = state.leptos_options.site_root.to_string();
    let mut file_req = Request::builder().uri(req.uri().clone());
    if let Some(enc) = req.headers().get(http::header::ACCEPT_ENCODING) {
        file_req = file_req.header(http::header::ACCEPT_ENCODING, enc);
    }
    if req.method() == http::Method::GET || req.method() == http::Method::HEAD {
        if let Ok(file_req) = file_req.body(Body::empty()) {
            // ServeDir's error type is Infallible: every outcome is a response.
            let Ok(res) = ServeDir::new(root)
                .precompressed_gzip()
                .precompressed_br()
                .oneshot(file_req)
                .await;
            if res.status().is_success() || res.status() == http::StatusCode::NOT_MODIFIED {
                return res.into_response();
            }
        }
    }
    render(State(state), table, req).await
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
