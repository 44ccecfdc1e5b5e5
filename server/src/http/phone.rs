//! The workshop phone page (`/join`, `/join/{code}`): a small HTML shell that loads the phone's
//! own bundle (frontend/phone), not the app's. `scripts/phone.sh` builds it into
//! `<site root>/phone/` with content hashes in the file names and writes `manifest.json`,
//! read here once when the router is built.

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde::Deserialize;

use app::i18n::{Key, Locale, text};

use crate::state::AppState;

/// The bundle's files, as `scripts/phone.sh` named them (relative to `/phone/`).
#[derive(Debug, Clone, Deserialize)]
pub struct Assets {
    pub js: String,
    pub wasm: String,
    pub css: String,
}

/// The manifest under the site root; `None` when the phone page was not built.
pub fn assets(site_root: &Path) -> Option<Assets> {
    let text = std::fs::read_to_string(site_root.join("phone").join("manifest.json")).ok()?;
    match serde_json::from_str(&text) {
        Ok(a) => Some(a),
        Err(e) => {
            tracing::error!(error = %e, "phone/manifest.json does not parse; /join is unavailable");
            None
        }
    }
}

pub fn routes(assets: Option<Assets>) -> Router<AppState> {
    let assets = Arc::new(assets);
    let page = get(move |headers: HeaderMap| {
        let assets = assets.clone();
        async move { shell(assets.as_ref().as_ref(), &headers) }
    });
    Router::new()
        .route("/join", page.clone())
        .route("/join/{code}", page)
}

fn shell(assets: Option<&Assets>, headers: &HeaderMap) -> Response {
    let locale = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(Locale::from_cookie_header)
        .unwrap_or_default();
    let Some(a) = assets else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            text(locale, Key::PhoneNotBuilt),
        )
            .into_response();
    };
    let nonce = crate::auth::secret::new_secret();
    let lang = locale.code();
    let title = escape(text(locale, Key::PhoneTitle));
    let (js, wasm, css) = (&a.js, &a.wasm, &a.css);
    let html = format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"theme-color\" content=\"#0b5394\"><title>{title} · Aansluiting</title>\
<link rel=\"stylesheet\" href=\"/phone/{css}\">\
<link rel=\"modulepreload\" href=\"/phone/{js}\">\
<link rel=\"preload\" href=\"/phone/{wasm}\" as=\"fetch\" type=\"application/wasm\" crossorigin>\
</head><body><noscript>{title}: JavaScript.</noscript>\
<script type=\"module\" nonce=\"{nonce}\">import init from '/phone/{js}';\
init({{module_or_path:'/phone/{wasm}'}});</script></body></html>"
    );
    let csp = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-{nonce}'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    let mut res = (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            // The nonce is new every time.
            (header::CACHE_CONTROL, "no-cache"),
        ],
        html,
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&csp) {
        res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    res
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
