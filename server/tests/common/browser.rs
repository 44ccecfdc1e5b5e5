//! Requests as a browser sends them: from our own origin, with a session cookie (never a bearer
//! token: a Cookie header stops the harness from adding its own), and signing in that way.

use axum::body::Body;
use http::{Request, StatusCode};
use serde_json::{Value, json};

use super::{PASSWORD, TESTER, TestApp};

pub fn browser(
    method: &str,
    path: &str,
    cookie: Option<&str>,
    body: Option<Value>,
) -> Request<Body> {
    let cookies = match cookie {
        Some(c) => format!("lang=nl; aansluiting_session={c}"),
        None => "lang=nl".to_string(),
    };
    let req = Request::builder()
        .method(method)
        .uri(path)
        .header("host", "localhost:3000")
        .header("origin", "http://localhost:3000")
        .header("content-type", "application/json")
        .header("cookie", cookies);
    req.body(
        body.map(|b| b.to_string())
            .map(Body::from)
            .unwrap_or_else(Body::empty),
    )
    .unwrap()
}

pub fn session_cookie(res: &http::Response<Body>) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("aansluiting_session="))
        .map(|v| {
            v["aansluiting_session=".len()..]
                .split(';')
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .filter(|v| !v.is_empty())
}

/// Signs the tester in (replacing the session `cookie` if given).
pub async fn sign_in(app: &TestApp, cookie: Option<&str>) -> (StatusCode, Option<String>) {
    sign_in_as(app, TESTER, PASSWORD, cookie).await
}

pub async fn sign_in_as(
    app: &TestApp,
    email: &str,
    password: &str,
    cookie: Option<&str>,
) -> (StatusCode, Option<String>) {
    let res = app
        .send(browser(
            "POST",
            "/api/v1/session",
            cookie,
            Some(json!({"email": email, "password": password})),
        ))
        .await;
    (res.status(), session_cookie(&res))
}

pub async fn who(app: &TestApp, cookie: &str) -> Value {
    let res = app
        .send(browser("GET", "/api/v1/session", Some(cookie), None))
        .await;
    serde_json::from_str(&super::body_text(res).await).unwrap()
}
