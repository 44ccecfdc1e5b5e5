//! Cross-site request forgery: a state-changing request that carries one of our cookies must
//! come from our own origin (its `Origin`, or failing that `Sec-Fetch-Site` or `Referer`, says
//! so). `Origin: null` (a sandboxed frame, a redirect across sites) is foreign. Callers that
//! authenticated with a bearer token carry no ambient credentials and need no check; a mere
//! `Authorization` header proves nothing. Sign-in must prove it comes from us even without a
//! cookie, so another site cannot sign a visitor into an account of its choosing.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderMap, Method, StatusCode, header};

use super::identity::Principal;
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

/// What the browser's `Sec-Fetch-Site` says: `same-origin` is ours; `same-site` (a sibling
/// subdomain) and `cross-site` are not; `none` (typed or bookmarked) proves nothing either way.
fn fetch_site(headers: &HeaderMap) -> Option<bool> {
    match headers.get("sec-fetch-site")?.to_str().ok()? {
        "same-origin" => Some(true),
        "same-site" | "cross-site" => Some(false),
        _ => None,
    }
}

/// Whether the request says it comes from our own origin. `None`: it says nothing.
pub fn same_origin(headers: &HeaderMap, cfg: &AuthConfig) -> Option<bool> {
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    if origin == Some("null") {
        return Some(false);
    }
    let claimed = match origin.and_then(origin_of) {
        Some(claimed) => claimed,
        None => {
            if let Some(ours) = fetch_site(headers) {
                return Some(ours);
            }
            headers
                .get(header::REFERER)
                .and_then(|v| v.to_str().ok())
                .and_then(origin_of)?
        }
    };
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

/// Whether the caller was authenticated by a bearer token (`principal::resolve`, which runs
/// first, refuses a bearer header it does not know).
fn by_bearer(req: &Request) -> bool {
    matches!(Principal::of(req.extensions()), Principal::User(u) if u.token_id.is_some())
}

pub async fn check(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let headers = req.headers();
    if is_safe(req.method()) || by_bearer(&req) {
        return next.run(req).await;
    }
    let sign_in = req.uri().path() == "/api/v1/session"
        || req.uri().path().starts_with("/sfn/account/sign_in");
    let verdict = same_origin(headers, &state.auth);
    let refuse = match verdict {
        Some(ours) => !ours,
        // Nothing says where it comes from: only a request without our cookies (a script) may
        // pass, and never a sign-in, whose whole point is to get a cookie.
        None => has_our_cookie(headers, &state.auth) || sign_in,
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
        assert_eq!(
            same_origin(&headers(&[("host", "a.test"), ("origin", "null")]), &cfg),
            Some(false),
            "a sandboxed frame is foreign, not silent"
        );
        assert_eq!(
            same_origin(
                &headers(&[
                    ("host", "a.test"),
                    ("origin", "null"),
                    ("referer", "http://a.test/x")
                ]),
                &cfg
            ),
            Some(false),
            "a Referer does not outvote Origin: null"
        );
        for (site, verdict) in [
            ("same-origin", Some(true)),
            ("same-site", Some(false)),
            ("cross-site", Some(false)),
            ("none", None),
        ] {
            assert_eq!(
                same_origin(
                    &headers(&[("host", "a.test"), ("sec-fetch-site", site)]),
                    &cfg
                ),
                verdict,
                "{site}"
            );
        }
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
