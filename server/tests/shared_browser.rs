//! One browser, one person after another (security issue 13), on SQLite and PostgreSQL: every
//! page names the account it was rendered for, so that the service worker keeps pages per
//! account (public/sw.js) and the browser keeps none in its own cache; signing in or out drops
//! the browser's cache of the site; and a change queued for one account is refused under the
//! session of another.

mod common;

use axum::body::Body;
use common::{Kind, PASSWORD, TESTER, TestApp};
use http::{Request, Response, StatusCode};
use serde_json::{Value, json};

const OTHER: &str = "other@example.test";
const MARK: &str = "x-aansluiting-account";

fn cookie_request(method: &str, path: &str, cookie: Option<&str>) -> http::request::Builder {
    let cookies = match cookie {
        Some(c) => format!("lang=nl; aansluiting_session={c}"),
        None => "lang=nl".to_string(),
    };
    Request::builder()
        .method(method)
        .uri(path)
        .header("host", "localhost:3000")
        .header("origin", "http://localhost:3000")
        .header("cookie", cookies)
}

fn header<'a>(res: &'a Response<Body>, name: &str) -> Option<&'a str> {
    res.headers().get(name).and_then(|v| v.to_str().ok())
}

async fn sign_in(app: &TestApp, email: &str) -> (Response<Body>, String) {
    let req = cookie_request("POST", "/api/v1/session", None)
        .header("content-type", "application/json")
        .body(Body::from(
            json!({"email": email, "password": PASSWORD}).to_string(),
        ))
        .unwrap();
    let res = app.send(req).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("aansluiting_session="))
        .and_then(|v| v.split(';').next())
        .unwrap()
        .to_string();
    (res, cookie)
}

/// The page at `path` as the browser gets it with `cookie`: its account header and its HTML.
async fn page(app: &TestApp, path: &str, cookie: Option<&str>) -> (Response<Body>, String) {
    let res = app
        .send(
            cookie_request("GET", path, cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let (parts, body) = res.into_parts();
    let html = common::body_text(Response::new(body)).await;
    (Response::from_parts(parts, Body::empty()), html)
}

fn meta(html: &str) -> Option<&str> {
    let at = html.find(r#"<meta name="aansluiting-account" content=""#)?;
    let rest = &html[at + r#"<meta name="aansluiting-account" content=""#.len()..];
    rest.split('"').next()
}

async fn pages_name_their_account_and_are_kept_by_nobody_else(kind: Kind) {
    let app = match TestApp::new(kind).await {
        Some(app) => app,
        None => return,
    };
    app.user_with_token(OTHER).await;
    let (_, first) = sign_in(&app, TESTER).await;
    let (_, second) = sign_in(&app, TESTER).await;
    let (_, other) = sign_in(&app, OTHER).await;

    let (res, html) = page(&app, "/studies", Some(&first)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let mark = header(&res, MARK).unwrap().to_string();
    assert!(mark.starts_with("u-"), "{mark}");
    assert_eq!(
        meta(&html),
        Some(mark.as_str()),
        "the page knows its account"
    );
    assert_eq!(header(&res, "cache-control"), Some("no-store"));
    let (_, me) = app.get_json("/api/v1/session").await;
    let id = me["user"]["id"].as_str().unwrap();
    assert!(
        !mark.contains(id) && !mark.contains("tester"),
        "the mark names nobody: {mark}"
    );

    let (res, _) = page(&app, "/account", Some(&second)).await;
    assert_eq!(
        header(&res, MARK),
        Some(mark.as_str()),
        "every session of one account"
    );
    let (res, _) = page(&app, "/studies", Some(&other)).await;
    let other_mark = header(&res, MARK).unwrap().to_string();
    assert_ne!(other_mark, mark);
    // A page nobody may see says so for nobody; so does an unknown address.
    for path in ["/studies", "/bestaat/niet"] {
        let (res, html) = page(&app, path, None).await;
        assert_eq!(header(&res, MARK), Some("anonymous"), "{path}");
        assert_eq!(meta(&html), Some("anonymous"), "{path}");
    }
    // The offline page is kept for whoever uses the device next: it names no account, though
    // its response tells the worker who is signed in.
    let (res, html) = page(&app, "/offline", Some(&first)).await;
    assert_eq!(header(&res, MARK), Some(mark.as_str()));
    assert_eq!(meta(&html), Some("anonymous"));
    app.cleanup().await;
}

async fn signing_in_and_out_clears_the_browsers_cache_of_the_site(kind: Kind) {
    let app = match TestApp::new(kind).await {
        Some(app) => app,
        None => return,
    };
    let (res, cookie) = sign_in(&app, TESTER).await;
    assert_eq!(header(&res, "clear-site-data"), Some("\"cache\""));
    // The sign-in form of the page (a server function).
    let req = cookie_request("POST", "/sfn/account/sign_in", None)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "email={}&password={PASSWORD}",
            TESTER.replace('@', "%40")
        )))
        .unwrap();
    let res = app.send(req).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "clear-site-data"), Some("\"cache\""));
    // Anything else leaves the cache alone.
    let (res, _) = page(&app, "/studies", Some(&cookie)).await;
    assert_eq!(header(&res, "clear-site-data"), None);
    let res = app
        .send(
            cookie_request("DELETE", "/api/v1/session", Some(&cookie))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&res, "clear-site-data"), Some("\"cache\""));
    app.cleanup().await;
}

async fn a_change_queued_for_one_account_is_refused_under_another(kind: Kind) {
    let app = match TestApp::new(kind).await {
        Some(app) => app,
        None => return,
    };
    app.user_with_token(OTHER).await;
    let study = app.new_study("Gedeelde browser").await;
    let (status, iv) = app
        .post_json(
            &format!("/api/v1/studies/{study}/interviews"),
            json!({"organisation": "Voorbeeld BV (fictief)", "sbi_section": "G"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{iv}");
    let interview = iv["id"].as_str().unwrap().to_string();
    // The study is on the first codebook (`new_study`).
    let (_, books) = app.get_json("/api/v1/codebooks").await;
    let (_, tree) = app
        .get_json(&format!(
            "/api/v1/codebooks/{}",
            books[0]["id"].as_str().unwrap()
        ))
        .await;
    let item = common::first_node(&tree, "item");

    let (_, mine) = sign_in(&app, TESTER).await;
    let (_, theirs) = sign_in(&app, OTHER).await;
    let (res, _) = page(&app, &format!("/interviews/{interview}"), Some(&mine)).await;
    let my_mark = header(&res, MARK).unwrap().to_string();
    let save = |cookie: &str, claimed: &str, op_id: &str| {
        cookie_request("POST", "/sfn/interviews/save", Some(cookie))
            .header("content-type", "application/json")
            .header(MARK, claimed)
            .body(Body::from(
                json!({"interview_id": interview, "ops": [{"item_id": item, "rating": "recognised", "op_id": op_id}]})
                    .to_string(),
            ))
            .unwrap()
    };
    let answered = || async {
        let (_, view) = app
            .get_json(&format!("/api/v1/interviews/{interview}"))
            .await;
        view["answered"].clone()
    };

    // My change, sent while someone else is signed in in this browser: refused as signed out,
    // so the browser keeps it for me.
    let res = app.send(save(&theirs, &my_mark, "op-1")).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let err: Value = serde_json::from_str(&common::body_text(res).await).unwrap();
    assert_eq!(err["code"], "unauthorized", "{err}");
    // After my session ended, the same.
    let res = app.send(save("no-such-session", &my_mark, "op-1")).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(answered().await, json!(0));

    // Signed in again as me, it goes through.
    let res = app.send(save(&mine, &my_mark, "op-1")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(answered().await, json!(1));
    app.cleanup().await;
}

on_both_databases!(
    pages_name_their_account_and_are_kept_by_nobody_else,
    signing_in_and_out_clears_the_browsers_cache_of_the_site,
    a_change_queued_for_one_account_is_refused_under_another,
);
