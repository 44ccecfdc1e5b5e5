//! Leptos: server-rendered pages, server functions and static assets.

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::Request;
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes};

use crate::backend;
use crate::state::AppState;

pub fn routes(list: Vec<AxumRouteListing>) -> Router<AppState> {
    Router::new().leptos_routes_with_handler(list, get(render))
}

async fn render(State(state): State<AppState>, req: Request<Body>) -> Response {
    let backend = backend::shared(state.clone());
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

/// Static files from the site root; anything else renders the app's 404 page with status 404.
pub fn fallback_handler() -> impl Fn(
    http::Uri,
    State<AppState>,
    Request<Body>,
) -> std::pin::Pin<
    Box<dyn std::future::Future<Output = Response<Body>> + Send + 'static>,
> + Clone
+ Send
+ 'static {
    leptos_axum::file_and_error_handler::<AppState, _>(app::shell)
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
