//! Sessions, cookies, CSRF, throttling and tokens, on SQLite and PostgreSQL.

mod common;

use axum::body::Body;
use chrono::Utc;
use common::browser::{browser, session_cookie, sign_in, who};
use common::{Kind, PASSWORD, TESTER, TestApp};
use http::{Request, StatusCode};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, sea_query::Expr,
};
use serde_json::{Value, json};
use server::db::entities::{session, throttle_event};

macro_rules! app_or_skip {
    ($kind:expr) => {
        match TestApp::new($kind).await {
            Some(app) => app,
            None => return,
        }
    };
}

async fn sign_in_sets_a_hardened_cookie(kind: Kind) {
    let app = app_or_skip!(kind);
    let res = app
        .send(browser(
            "POST",
            "/api/v1/session",
            None,
            Some(json!({"email": TESTER, "password": PASSWORD})),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let set = res
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=43200"] {
        assert!(set.contains(flag), "{set} lacks {flag}");
    }
    assert!(
        !set.contains("Secure"),
        "plain http must not set Secure: {set}"
    );
    let cookie = session_cookie(&res).unwrap();
    assert_eq!(cookie.len(), 64);
    assert_eq!(who(&app, &cookie).await["user"]["email"], TESTER);
    // The database keeps only a hash of the cookie value.
    let stored = session::Entity::find().all(&app.db).await.unwrap();
    assert!(stored.iter().all(|s| s.token_hash != cookie));
    app.cleanup().await;
}

async fn https_cookies_are_secure_and_host_prefixed(_kind: Kind) {
    let cfg = server::auth::AuthConfig {
        secure_cookies: true,
        public_origin: Some("https://a.example".into()),
        ..Default::default()
    };
    let c = server::auth::cookie::set(&cfg, server::auth::cookie::session_name(&cfg), "v", 60);
    assert!(
        c.starts_with("__Host-aansluiting_session=v;")
            && c.contains("; Secure")
            && c.contains("Path=/"),
        "{c}"
    );
    assert!(
        !c.contains("Domain="),
        "__Host- cookies must not name a domain: {c}"
    );
}

async fn the_session_id_changes_at_sign_in(kind: Kind) {
    let app = app_or_skip!(kind);
    let (_, first) = sign_in(&app, None).await;
    let first = first.unwrap();
    let (status, second) = sign_in(&app, Some(&first)).await;
    assert_eq!(status, StatusCode::OK);
    let second = second.unwrap();
    assert_ne!(first, second);
    assert_eq!(
        who(&app, &first).await["signed_in"],
        false,
        "the old session must be gone"
    );
    assert_eq!(who(&app, &second).await["signed_in"], true);
    app.cleanup().await;
}

async fn expired_and_idle_sessions_are_rejected(kind: Kind) {
    let app = app_or_skip!(kind);
    let (_, cookie) = sign_in(&app, None).await;
    let cookie = cookie.unwrap();
    session::Entity::update_many()
        .col_expr(
            session::Column::LastSeenAt,
            Expr::value(Utc::now() - chrono::Duration::minutes(31)),
        )
        .exec(&app.db)
        .await
        .unwrap();
    // Changed behind the server's back, as another instance would: skip the cache's few seconds.
    app.db.auth_cache.forget_all();
    assert_eq!(
        who(&app, &cookie).await["signed_in"],
        false,
        "idle for 31 minutes"
    );
    assert_eq!(
        session::Entity::find().count(&app.db).await.unwrap(),
        0,
        "an expired session is deleted"
    );

    let (_, cookie) = sign_in(&app, None).await;
    let cookie = cookie.unwrap();
    session::Entity::update_many()
        .col_expr(
            session::Column::ExpiresAt,
            Expr::value(Utc::now() - chrono::Duration::seconds(1)),
        )
        .exec(&app.db)
        .await
        .unwrap();
    app.db.auth_cache.forget_all();
    let res = app
        .send(browser("GET", "/api/v1/studies", Some(&cookie), None))
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNAUTHORIZED,
        "past the absolute limit"
    );
    app.cleanup().await;
}

async fn cross_origin_writes_with_a_cookie_are_refused(kind: Kind) {
    let app = app_or_skip!(kind);
    let (_, cookie) = sign_in(&app, None).await;
    let cookie = cookie.unwrap();
    let body = json!({"name": "x", "password": PASSWORD}).to_string();
    let post = |origin: Option<&str>| {
        let mut r = Request::post("/api/v1/tokens")
            .header("host", "localhost:3000")
            .header("content-type", "application/json")
            .header("cookie", format!("aansluiting_session={cookie}"));
        if let Some(o) = origin {
            r = r.header("origin", o);
        }
        r.body(Body::from(body.clone())).unwrap()
    };
    let res = app.send(post(Some("https://evil.example"))).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let v: Value = serde_json::from_str(&common::body_text(res).await).unwrap();
    assert_eq!(v["error"]["code"], "cross_origin");
    assert_eq!(
        app.send(post(None)).await.status(),
        StatusCode::FORBIDDEN,
        "no Origin or Referer with a cookie"
    );
    assert_eq!(
        app.send(post(Some("http://localhost:3000"))).await.status(),
        StatusCode::CREATED
    );
    // Server functions are guarded the same way.
    let sfn = Request::post("/sfn/account/create_token")
        .header("host", "localhost:3000")
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", format!("aansluiting_session={cookie}"))
        .body(Body::from(format!(
            "request[name]=x&request[password]={PASSWORD}"
        )))
        .unwrap();
    assert_eq!(app.send(sfn).await.status(), StatusCode::FORBIDDEN);
    // A cross-site sign-in form cannot sign a visitor in either.
    let res = app
        .send(
            Request::post("/api/v1/session")
                .header("host", "localhost:3000")
                .header("cookie", "lang=nl")
                .header("origin", "https://evil.example")
                .header("content-type", "application/json")
                .body(Body::from(
                    json!({"email": TESTER, "password": PASSWORD}).to_string(),
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    app.cleanup().await;
}

async fn failed_sign_ins_are_throttled_and_recover(kind: Kind) {
    let app = app_or_skip!(kind);
    let wrong = || {
        browser(
            "POST",
            "/api/v1/session",
            None,
            Some(json!({"email": TESTER, "password": "wrong password"})),
        )
    };
    for _ in 0..10 {
        assert_eq!(app.send(wrong()).await.status(), StatusCode::UNAUTHORIZED);
    }
    let res = app.send(wrong()).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res
        .headers()
        .get("retry-after")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= 15 * 60, "retry-after {retry}");
    let (status, _) = sign_in(&app, None).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );

    // Fifteen minutes later the failures have left the window.
    throttle_event::Entity::update_many()
        .col_expr(
            throttle_event::Column::At,
            Expr::value(Utc::now() - chrono::Duration::minutes(16)),
        )
        .exec(&app.db)
        .await
        .unwrap();
    let (status, cookie) = sign_in(&app, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(cookie.is_some());
    app.cleanup().await;
}

async fn unknown_accounts_fail_like_wrong_passwords(kind: Kind) {
    let app = app_or_skip!(kind);
    let res = app
        .send(browser(
            "POST",
            "/api/v1/session",
            None,
            Some(json!({"email": "nobody@example.test", "password": PASSWORD})),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let v: Value = serde_json::from_str(&common::body_text(res).await).unwrap();
    assert_eq!(
        v["error"]["message"],
        "the email address or password is wrong"
    );
    app.cleanup().await;
}

async fn revoked_tokens_stop_working(kind: Kind) {
    let app = app_or_skip!(kind);
    let (_, cookie) = sign_in(&app, None).await;
    let res = app
        .send(browser(
            "POST",
            "/api/v1/tokens",
            cookie.as_deref(),
            Some(json!({"name": "R-script", "password": PASSWORD})),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = serde_json::from_str(&common::body_text(res).await).unwrap();
    let token = created["token"].as_str().unwrap().to_string();
    let id = created["id"].as_str().unwrap().to_string();
    let with = |t: &str| {
        Request::get("/api/v1/studies")
            .header("authorization", format!("Bearer {t}"))
            .body(Body::empty())
            .unwrap()
    };
    assert_eq!(app.send(with(&token)).await.status(), StatusCode::OK);

    let (_, listed) = app.get_json("/api/v1/tokens").await;
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t.get("token").is_none()),
        "tokens are shown once only"
    );

    let res = app
        .send(
            Request::delete(format!("/api/v1/tokens/{id}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app.send(with(&token)).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    app.cleanup().await;
}

async fn sign_out_here_and_everywhere(kind: Kind) {
    let app = app_or_skip!(kind);
    let (_, a) = sign_in(&app, None).await;
    let (_, b) = sign_in(&app, None).await;
    let (a, b) = (a.unwrap(), b.unwrap());
    let res = app
        .send(browser("GET", "/api/v1/sessions", Some(&a), None))
        .await;
    let sessions: Value = serde_json::from_str(&common::body_text(res).await).unwrap();
    assert_eq!(sessions.as_array().unwrap().len(), 2);
    assert_eq!(
        sessions
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["current"] == true)
            .count(),
        1
    );

    let res = app
        .send(browser("DELETE", "/api/v1/session", Some(&a), None))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(
        res.headers()
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(who(&app, &a).await["signed_in"], false);
    assert_eq!(who(&app, &b).await["signed_in"], true);

    let (_, c) = sign_in(&app, None).await;
    let res = app
        .send(browser(
            "DELETE",
            "/api/v1/sessions",
            Some(&c.unwrap()),
            None,
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(who(&app, &b).await["signed_in"], false);
    let remaining = session::Entity::find()
        .filter(session::Column::UserId.is_not_null())
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(remaining, 0);
    app.cleanup().await;
}

async fn studies_are_scoped_by_membership_and_audited(kind: Kind) {
    let app = app_or_skip!(kind);
    let (_, list) = app.get_json("/api/v1/codebooks").await;
    let codebook = list[0]["id"].as_str().unwrap();
    let (status, study) = app
        .post_body(
            "/api/v1/studies",
            "application/json",
            &json!({"name": "Eigen", "codebook_id": codebook}).to_string(),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(study["my_role"], "coordinator");
    let id = study["id"].as_str().unwrap();

    // Someone else's study does not exist for this caller.
    let outsider = app.user_with_token("outsider@example.test").await;
    let res = app
        .send(
            Request::get(format!("/api/v1/studies/{id}"))
                .header("authorization", format!("Bearer {outsider}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    let (status, invitation) = app
        .post_json(
            &format!("/api/v1/studies/{id}/members"),
            json!({"email": "outsider@example.test", "role": "viewer"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    // Membership changes reach the next request at once, through the role cache.
    let as_outsider = |outsider: &str| {
        Request::get(format!("/api/v1/studies/{id}"))
            .header("authorization", format!("Bearer {outsider}"))
            .body(Body::empty())
            .unwrap()
    };
    assert_eq!(
        app.send(as_outsider(&outsider)).await.status(),
        StatusCode::NOT_FOUND,
        "invited: not in before accepting"
    );
    let accept = Request::post(format!(
        "/api/v1/invitations/{}/accept",
        invitation["id"].as_str().unwrap()
    ))
    .header("authorization", format!("Bearer {outsider}"))
    .body(Body::empty())
    .unwrap();
    assert_eq!(app.send(accept).await.status(), StatusCode::OK);
    assert_eq!(
        app.send(as_outsider(&outsider)).await.status(),
        StatusCode::OK,
        "accepted: in at once"
    );
    let outsider_id = server::services::accounts::find_by_email(&app.db, "outsider@example.test")
        .await
        .unwrap()
        .unwrap()
        .id;
    let res = app
        .send(
            Request::delete(format!("/api/v1/studies/{id}/members/{outsider_id}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.send(as_outsider(&outsider)).await.status(),
        StatusCode::NOT_FOUND,
        "removed: out at once"
    );
    app.join(&id, "outsider@example.test", "viewer", &outsider)
        .await;
    // An address without an account is invited like any other (see tests/invitations.rs).
    let (status, body) = app
        .post_json(
            &format!("/api/v1/studies/{id}/members"),
            json!({"email": "ghost@example.test", "role": "viewer"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, _) = app
        .post_body(
            &format!("/api/v1/studies/{id}/members"),
            "application/json",
            &json!({"email": "outsider@example.test", "role": "boss"}).to_string(),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // The last coordinator cannot leave or be demoted.
    let me = server::services::accounts::find_by_email(&app.db, TESTER)
        .await
        .unwrap()
        .unwrap()
        .id;
    let res = app
        .send(
            Request::delete(format!("/api/v1/studies/{id}/members/{me}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = app
        .send(
            Request::put(format!("/api/v1/studies/{id}/members/{me}"))
                .header("content-type", "application/json")
                .body(Body::from(r#"{"role":"viewer"}"#))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);

    let (_, log) = app.get_json(&format!("/api/v1/studies/{id}/audit")).await;
    let actions = common::actions(&log);
    assert_eq!(
        actions,
        [
            "member.invited",
            "invitation.accepted",
            "member.invited",
            "member.removed",
            "invitation.accepted",
            "member.invited",
            "study.created"
        ]
    );
    assert_eq!(log[0]["actor"], TESTER);
    // Failed attempts wrote nothing (accounts' sign-ins are audited too, apart).
    let rows = app
        .db
        .query_all_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            "SELECT id FROM audit_log WHERE action NOT LIKE 'account.%'",
        ))
        .await
        .unwrap();
    assert_eq!(rows.len(), 7);
    app.cleanup().await;
}

async fn security_headers_are_set(kind: Kind) {
    let app = app_or_skip!(kind);
    let res = app
        .send(Request::get("/").body(Body::empty()).unwrap())
        .await;
    let csp = res
        .headers()
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval' 'nonce-"),
        "{csp}"
    );
    assert!(
        csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap()
        .to_string();
    let html = common::body_text(res).await;
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the inline hydration script carries the nonce"
    );
    let res = app
        .send(
            Request::get("/api/v1/openapi.json")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(
        res.headers().get("x-content-type-options").unwrap(),
        "nosniff"
    );
    assert_eq!(res.headers().get("referrer-policy").unwrap(), "same-origin");
    assert!(
        res.headers()
            .get("content-security-policy")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("default-src 'none'")
    );
    app.cleanup().await;
}

on_both_databases!(
    sign_in_sets_a_hardened_cookie,
    https_cookies_are_secure_and_host_prefixed,
    the_session_id_changes_at_sign_in,
    expired_and_idle_sessions_are_rejected,
    cross_origin_writes_with_a_cookie_are_refused,
    failed_sign_ins_are_throttled_and_recover,
    unknown_accounts_fail_like_wrong_passwords,
    revoked_tokens_stop_working,
    sign_out_here_and_everywhere,
    studies_are_scoped_by_membership_and_audited,
    security_headers_are_set,
    server_functions_for_accounts_and_studies,
);

async fn server_functions_for_accounts_and_studies(kind: Kind) {
    let Some(app) = TestApp::anonymous(kind).await else {
        return;
    };
    app.user_with_token(TESTER).await;
    let form = |path: &str, cookie: Option<&str>, body: &str| {
        let cookies = cookie
            .map(|c| format!("lang=nl; aansluiting_session={c}"))
            .unwrap_or_else(|| "lang=nl".into());
        Request::post(path)
            .header("host", "localhost:3000")
            .header("origin", "http://localhost:3000")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", cookies)
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    let call = |path: &'static str, cookie: Option<String>, body: String| {
        let req = form(path, cookie.as_deref(), &body);
        let app = &app;
        async move {
            let res = app.send(req).await;
            let status = res.status();
            let cookie = session_cookie(&res);
            let text = common::body_text(res).await;
            (
                status,
                serde_json::from_str::<Value>(&text).unwrap_or(Value::Null),
                cookie,
            )
        }
    };
    let (status, user, cookie) = call(
        "/sfn/account/sign_in",
        None,
        format!("email={TESTER}&password={PASSWORD}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{user}");
    assert_eq!(user["email"], TESTER);
    let cookie = cookie.expect("sign_in sets the session cookie");

    let (_, me, _) = call("/sfn/account/whoami", Some(cookie.clone()), String::new()).await;
    assert_eq!(me["user"]["email"], TESTER);
    let (_, books, _) = call("/sfn/codebooks/list", Some(cookie.clone()), String::new()).await;
    let codebook = books[0]["id"].as_str().unwrap().to_string();
    let (status, study, _) = call(
        "/sfn/studies/create",
        Some(cookie.clone()),
        format!("name=Via%20sfn&codebook_id={codebook}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{study}");
    let id = study["id"].as_str().unwrap().to_string();
    let (_, list, _) = call("/sfn/studies/list", Some(cookie.clone()), String::new()).await;
    assert_eq!(list[0]["name"], "Via sfn");
    let (_, got, _) = call(
        "/sfn/studies/get",
        Some(cookie.clone()),
        format!("study_id={id}"),
    )
    .await;
    assert_eq!(got["my_role"], "coordinator");

    let colleague = app.user_with_token("colleague@example.test").await;
    let (status, m, _) = call(
        "/sfn/studies/add_member",
        Some(cookie.clone()),
        format!("study_id={id}&email=colleague%40example.test&role=interviewer"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{m}");
    assert_eq!(m["email"], "colleague@example.test", "an invitation: {m}");
    let accept = Request::post(format!(
        "/api/v1/invitations/{}/accept",
        m["id"].as_str().unwrap()
    ))
    .header("authorization", format!("Bearer {colleague}"))
    .body(Body::empty())
    .unwrap();
    assert_eq!(app.send(accept).await.status(), StatusCode::OK);
    let colleague = server::services::accounts::find_by_email(&app.db, "colleague@example.test")
        .await
        .unwrap()
        .unwrap();
    let uid = colleague.id;
    let (_, m, _) = call(
        "/sfn/studies/change_member_role",
        Some(cookie.clone()),
        format!("study_id={id}&user_id={uid}&role=viewer"),
    )
    .await;
    assert_eq!(m["role"], "viewer");
    let (_, members, _) = call(
        "/sfn/studies/members",
        Some(cookie.clone()),
        format!("study_id={id}"),
    )
    .await;
    assert_eq!(members.as_array().unwrap().len(), 2);
    let (status, _, _) = call(
        "/sfn/studies/remove_member",
        Some(cookie.clone()),
        format!("study_id={id}&user_id={uid}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, log, _) = call(
        "/sfn/studies/audit",
        Some(cookie.clone()),
        format!("study_id={id}"),
    )
    .await;
    let actions = common::actions(&log);
    assert_eq!(
        actions,
        [
            "member.removed",
            "member.role_changed",
            "invitation.accepted",
            "member.invited",
            "study.created"
        ]
    );

    let (_, token, _) = call(
        "/sfn/account/create_token",
        Some(cookie.clone()),
        format!("request[name]=script&request[password]={PASSWORD}&request[scope]=read_write"),
    )
    .await;
    assert!(token["token"].as_str().unwrap().starts_with("aan_"));
    let tid = token["id"].as_str().unwrap().to_string();
    let (status, _, _) = call(
        "/sfn/account/revoke_token",
        Some(cookie.clone()),
        format!("id={tid}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, tokens, _) = call("/sfn/account/tokens", Some(cookie.clone()), String::new()).await;
    assert_eq!(tokens[0]["revoked"], true);
    let (_, sessions, _) = call("/sfn/account/sessions", Some(cookie.clone()), String::new()).await;
    assert_eq!(sessions[0]["current"], true);
    // An argument that is not an id is malformed; an id that names no session of theirs is 404.
    let (status, err, _) = call(
        "/sfn/account/revoke_session",
        Some(cookie.clone()),
        "id=none".into(),
    )
    .await;
    assert_eq!(
        (status, err["code"].clone()),
        (StatusCode::BAD_REQUEST, serde_json::json!("malformed"))
    );
    let (status, _, _) = call(
        "/sfn/account/revoke_session",
        Some(cookie.clone()),
        "id=00000000-0000-4000-8000-000000000000".into(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, _, _) = call("/sfn/account/sign_out", Some(cookie.clone()), String::new()).await;
    assert_eq!(status, StatusCode::OK);
    let (_, me, _) = call("/sfn/account/whoami", Some(cookie.clone()), String::new()).await;
    assert_eq!(me["signed_in"], false);
    let (status, err, _) = call("/sfn/studies/get", Some(cookie), format!("study_id={id}")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(err["code"], "unauthorized");

    // Everywhere: two fresh sessions, one call ends both.
    let (_, _, a) = call(
        "/sfn/account/sign_in",
        None,
        format!("email={TESTER}&password={PASSWORD}"),
    )
    .await;
    let (_, _, b) = call(
        "/sfn/account/sign_in",
        None,
        format!("email={TESTER}&password={PASSWORD}"),
    )
    .await;
    let (_, ended, _) = call("/sfn/account/sign_out_everywhere", a, String::new()).await;
    assert_eq!(ended, 2);
    let (_, me, _) = call("/sfn/account/whoami", b, String::new()).await;
    assert_eq!(me["signed_in"], false);
    app.cleanup().await;
}
