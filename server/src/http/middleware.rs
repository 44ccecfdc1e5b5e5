//! Cross-cutting layers: request ids, access logs, body limits, timeouts, compression.

use std::time::Duration;

use axum::Router;
use http::{HeaderName, Request, Response, StatusCode};
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tracing::Span;

use crate::error::api_error;
use app::error::ErrorCode;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

fn make_span<B>(req: &Request<B>) -> Span {
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path())
}

fn on_response<B>(res: &Response<B>, latency: Duration, _span: &Span) {
    tracing::info!(
        status = res.status().as_u16(),
        latency_ms = latency.as_secs_f64() * 1000.0,
        "served"
    );
}

/// Limits answered by tower or axum come as plain text; give them the API's JSON error shape.
async fn json_errors(res: axum::response::Response) -> axum::response::Response {
    let is_json = res
        .headers()
        .get(http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    match res.status() {
        StatusCode::PAYLOAD_TOO_LARGE if !is_json => api_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::TooLarge,
            "the request body is larger than this route accepts",
        ),
        _ => res,
    }
}

/// A request id a client sent is kept (its logs and ours then name the same request) only if it
/// looks like one: up to 64 letters, digits, dots, dashes and underscores. Anything else (a log
/// injection, a megabyte) is dropped here and replaced by a fresh one.
async fn sane_request_id(mut req: axum::extract::Request) -> axum::extract::Request {
    let sane = req.headers().get(&REQUEST_ID).is_none_or(|v| {
        let b = v.as_bytes();
        !b.is_empty()
            && b.len() <= 64
            && b.iter()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
    });
    if !sane {
        req.headers_mut().remove(&REQUEST_ID);
    }
    req
}

/// Served over https (a public https URL): browsers are told to come back only over https, for
/// a year.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Headers every response carries; pages replace the CSP with one that has their nonce.
async fn security_headers(mut res: axum::response::Response) -> axum::response::Response {
    use http::header::{
        CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
    };
    // Scripts served as files (the service worker) run under their own CSP: they may fetch from
    // this origin. Everything else that is not a page gets the strictest policy.
    let is_script = res
        .headers()
        .get(http::header::CONTENT_TYPE)
        .is_some_and(|v| {
            v.as_bytes().starts_with(b"text/javascript")
                || v.as_bytes().starts_with(b"application/javascript")
        });
    let fallback = if is_script {
        "default-src 'self'; frame-ancestors 'none'"
    } else {
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
    };
    let h = res.headers_mut();
    h.entry(CONTENT_SECURITY_POLICY)
        .or_insert(http::HeaderValue::from_static(fallback));
    h.insert(
        X_CONTENT_TYPE_OPTIONS,
        http::HeaderValue::from_static("nosniff"),
    );
    h.insert(
        REFERRER_POLICY,
        http::HeaderValue::from_static("same-origin"),
    );
    h.insert(X_FRAME_OPTIONS, http::HeaderValue::from_static("DENY"));
    res
}

/// Pages, JSON and files without a precompressed copy are compressed as they go out; live
/// streams (text/event-stream), images and what already is are left alone (tower-http's
/// default), and so is a wasm without copies: a debug build's is 17 MB, which took seconds per
/// download, long enough for browser tests to click before the page had hydrated. The builds
/// the scripts make have copies (scripts/precompress.sh, `make release`).
fn compress_as_it_goes() -> impl Predicate {
    DefaultPredicate::new().and(NotForContentType::const_new("application/wasm"))
}

pub fn apply(router: Router, body_limit: usize, timeout: Duration, https: bool) -> Router {
    let router = router
        .layer(
            ServiceBuilder::new()
                .layer(axum::middleware::map_request(sane_request_id))
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(make_span)
                        .on_response(on_response),
                )
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(RequestBodyLimitLayer::new(body_limit))
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::SERVICE_UNAVAILABLE,
                    timeout,
                )),
        )
        // Outermost, so it also sees the limits the layers above answer themselves.
        .layer(axum::middleware::map_response(json_errors))
        .layer(axum::middleware::map_response(security_headers));
    let router = if https {
        router.layer(axum::middleware::map_response(
            |mut res: axum::response::Response| async move {
                res.headers_mut().insert(
                    http::header::STRICT_TRANSPORT_SECURITY,
                    http::HeaderValue::from_static(HSTS),
                );
                res
            },
        ))
    } else {
        router
    };
    router.layer(CompressionLayer::new().compress_when(compress_as_it_goes()))
}
