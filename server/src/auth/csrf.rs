//! Cross-site request forgery: a state-changing request that carries one of our cookies must
//! come from our own origin (its `Origin`, or failing that `Referer`, names our host). Bearer
//! requests carry no ambient credentials and need no check. Sign-in is checked too, so another
//! site cannot sign a visitor into an account of its choosing.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderMap, Method, StatusCode, header};

use super::{AuthConfig, cookie};
use crate::error::api_error;
use crate::state::AppState;
use app::error::ErrorCode;

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn has_our_cookie(headers: &HeaderMap, cfg: &AuthConfig) -> bool {
    cookie::read(headers, cookie::session_name(cfg)).is_some()
        || cookie::read(headers, cookie::participant_name(cfg)).is_some()
}

/// `scheme://host[:port]` of an Origin or Referer value.
fn origin_of(url: &str) -> Option<&str> {
    let scheme_end = url.find("://")? + 3;
    let rest = &url[scheme_end..];
    let host_end = rest.find('/').unwrap_or(rest.len());
    Some(&url[..scheme_end + host_end])
}

/// Whether the request says it comes from our own origin. `None`: it says nothing.
pub fn same_origin(headers: &HeaderMap, cfg: &AuthConfig) -> Option<bool> {
    let claimed = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .filter(|v| *v != "null")
        .and_then(origin_of)
        .or_else(|| {
            headers
                .get(header::REFERER)
                .and_then(|v| v.to_str().ok())
                .and_then(origin_of)
        })?;
    let ours = match &cfg.public_origin {
        Some(public) => public.trim_end_matches('/') == claimed,
        None => {
            let host = headers
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            claimed
                .split_once("://")
                .is_some_and(|(_, h)| h.eq_ignore_ascii_case(host))
        }
    };
    Some(ours)
}

pub async fn check(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let headers = req.headers();
    if is_safe(req.method()) || headers.contains_key(header::AUTHORIZATION) {
        return next.run(req).await;
    }
    let sign_in = req.uri().path() == "/api/v1/session"
        || req.uri().path().starts_with("/sfn/account/sign_in");
    let verdict = same_origin(headers, &state.auth);
    let refuse = match verdict {
        Some(ours) => !ours,
        // No Origin or Referer at all: only a request without our cookies (curl, scripts) may pass.
        None => has_our_cookie(headers, &state.auth) && !sign_in,
    };
    if refuse {
        return api_error(
            StatusCode::FORBIDDEN,
            ErrorCode::CrossOrigin,
            "state-changing requests must come from this site",
        );
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        h
    }

    #[test]
    fn origin_must_match_host_or_public_origin() {
        let cfg = AuthConfig::default();
        assert_eq!(
            same_origin(
                &headers(&[("host", "a.test:3000"), ("origin", "http://a.test:3000")]),
                &cfg
            ),
            Some(true)
        );
        assert_eq!(
            same_origin(
                &headers(&[("host", "a.test:3000"), ("origin", "http://evil.test")]),
                &cfg
            ),
            Some(false)
        );
        assert_eq!(
            same_origin(
                &headers(&[("host", "a.test"), ("referer", "http://a.test/studies/1")]),
                &cfg
            ),
            Some(true)
        );
        assert_eq!(same_origin(&headers(&[("host", "a.test")]), &cfg), None);
        let public = AuthConfig {
            public_origin: Some("https://a.example".into()),
            ..AuthConfig::default()
        };
        assert_eq!(
            same_origin(
                &headers(&[("host", "internal:8080"), ("origin", "https://a.example")]),
                &public
            ),
            Some(true)
        );
        assert_eq!(
            same_origin(
                &headers(&[("host", "a.example"), ("origin", "http://a.example")]),
                &public
            ),
            Some(false)
        );
    }
}
