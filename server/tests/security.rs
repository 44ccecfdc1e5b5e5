//! Security hardening (issue 13), on SQLite and PostgreSQL: the sign-in throttle under a burst,
//! lockouts that cannot be turned against the account's owner, trusted proxies, input limits,
//! CSRF edges, token expiry and scope, password changes, the audit chain, and what operators
//! alone may read.

mod common;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use chrono::Utc;
use common::browser::{browser, sign_in, sign_in_as, who};
use common::{Kind, METRICS_TOKEN, PASSWORD, TESTER, TestApp};
use http::{Request, StatusCode};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use server::db::entities::{api_token, audit_entry, throttle_event};
use server::services::audit;

macro_rules! app_or_skip {
    ($kind:expr) => {
        match TestApp::new($kind).await {
            Some(app) => app,
            None => return,
        }
    };
}

/// A sign-in as a browser at `addr` sends it.
fn sign_in_from(addr: &str, email: &str, password: &str) -> Request<Body> {
    let mut req = browser(
        "POST",
        "/api/v1/session",
        None,
        Some(json!({"email": email, "password": password})),
    );
    let peer: SocketAddr = format!("{addr}:40000").parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(peer));
    req
}

/// Every counted attempt moves six seconds into the past: an account's pace (5 s) has passed.
async fn six_seconds_pass(db: &server::db::Db) {
    throttle_event::Entity::update_many()
        .col_expr(
            throttle_event::Column::At,
            Expr::value(Utc::now() - chrono::Duration::seconds(6)),
        )
        .exec(db)
        .await
        .unwrap();
}

async fn json_of(res: http::Response<Body>) -> Value {
    let text = common::body_text(res).await;
    serde_json::from_str(&text).unwrap_or(Value::String(text))
}

async fn a_burst_of_wrong_passwords_is_verified_at_most_ten_times(kind: Kind) {
    let app = app_or_skip!(kind);
    let before = app.state.passwords.verified();
    let sends = (0..50).map(|_| app.send(sign_in_from("192.0.2.7", TESTER, "wrong password!")));
    let statuses: Vec<StatusCode> = futures_util::future::join_all(sends)
        .await
        .into_iter()
        .map(|r| r.status())
        .collect();
    let verified = app.state.passwords.verified() - before;
    assert!(
        verified <= 10,
        "{verified} passwords verified in a burst of 50"
    );
    let wrong = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let throttled = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(wrong + throttled, 50, "{statuses:?}");
    assert_eq!(
        wrong as u64, verified,
        "every verified guess was answered 401"
    );
    // Refused attempts do not count: (when the burst's own reservations crowded each other
    // out) the next one alone is tried.
    if wrong == 0 {
        let res = app
            .send(sign_in_from("192.0.2.7", TESTER, "wrong password!"))
            .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    app.cleanup().await;
}

async fn a_guesser_cannot_lock_the_owner_out(kind: Kind) {
    let app = app_or_skip!(kind);
    for _ in 0..10 {
        let res = app
            .send(sign_in_from("198.51.100.66", TESTER, "guess guess guess"))
            .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    // The guesser's address is stopped for this account, even with the right password...
    let res = app
        .send(sign_in_from("198.51.100.66", TESTER, PASSWORD))
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    // ...and the account is paced: one attempt per 5 seconds from anywhere. Five seconds on,
    // the owner signs in from their own address.
    six_seconds_pass(&app.db).await;
    let res = app
        .send(sign_in_from("203.0.113.5", TESTER, PASSWORD))
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{}", json_of(res).await);
    // Two more attempts at once from elsewhere: one is paced.
    let both = futures_util::future::join_all([
        app.send(sign_in_from("203.0.113.9", TESTER, "wrong again!")),
        app.send(sign_in_from("203.0.113.10", TESTER, "wrong again!")),
    ])
    .await;
    let paced: Vec<_> = both
        .iter()
        .filter(|r| r.status() == StatusCode::TOO_MANY_REQUESTS)
        .collect();
    assert!(
        !paced.is_empty(),
        "the account is still paced after 10 failures"
    );
    for r in paced {
        let retry: u64 = r.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(retry <= 5, "paced, not locked: retry after {retry} s");
    }
    // The lockout of the guesser's address was audited once.
    let locked = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("account.locked_out"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(locked.len(), 1);
    assert!(locked[0].details.contains("198.51.100.66"));
    app.cleanup().await;
}

async fn one_address_guessing_many_accounts_is_stopped(kind: Kind) {
    let app = app_or_skip!(kind);
    for n in 0..100 {
        let res = app
            .send(sign_in_from(
                "192.0.2.99",
                &format!("nobody{n}@example.test"),
                "guess guess",
            ))
            .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "attempt {n}");
    }
    let res = app.send(sign_in_from("192.0.2.99", TESTER, PASSWORD)).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let res = app
        .send(sign_in_from("192.0.2.100", TESTER, PASSWORD))
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "another address is not affected"
    );
    app.cleanup().await;
}

/// Behind a proxy every peer is the proxy: only a listed proxy's `X-Forwarded-For` is believed.
async fn forwarded_addresses_count_only_from_trusted_proxies(kind: Kind) {
    let Some(test_db) = common::TestDb::new(kind).await else {
        return;
    };
    let mut cfg = common::serve_cfg();
    cfg.auth.trusted_proxies = vec!["10.0.0.1".parse().unwrap()];
    let state = server::startup::prepare(&test_db.cfg, &cfg).await.unwrap();
    let router = server::http::router(state.clone());
    server::services::accounts::create_user(&state.db, TESTER, "T", PASSWORD)
        .await
        .unwrap();
    let send = |peer: &str, forwarded: &str, password: &str| {
        let mut req = sign_in_from(peer, TESTER, password);
        req.headers_mut()
            .insert("x-forwarded-for", forwarded.parse().unwrap());
        let router = router.clone();
        async move {
            tower::ServiceExt::oneshot(router, req)
                .await
                .unwrap()
                .status()
        }
    };
    // Ten failures from a client behind the proxy stop that client...
    for _ in 0..10 {
        assert_eq!(
            send("10.0.0.1", "198.51.100.1", "wrong wrong").await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        send("10.0.0.1", "198.51.100.1", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // ...not another client behind the same proxy (once the account's pace allows).
    six_seconds_pass(&state.db).await;
    assert_eq!(
        send("10.0.0.1", "198.51.100.2", PASSWORD).await,
        StatusCode::OK
    );
    // A peer that is not the proxy cannot pick its address with the header.
    let keys: Vec<String> = throttle_event::Entity::find()
        .all(&state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.key)
        .collect();
    assert!(keys.iter().all(|k| !k.contains("10.0.0.1")), "{keys:?}");
    send("203.0.113.50", "198.51.100.3", "wrong wrong").await;
    let keys: Vec<String> = throttle_event::Entity::find()
        .all(&state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.key)
        .collect();
    assert!(keys.iter().any(|k| k.contains("203.0.113.50")));
    assert!(keys.iter().all(|k| !k.contains("198.51.100.3")));
    state.db.clone().close().await.ok();
    test_db.cleanup().await;
}

async fn oversized_input_is_refused_before_any_work(kind: Kind) {
    let app = app_or_skip!(kind);
    let before = app.state.passwords.verified();
    let long_email = format!("{}@example.test", "a".repeat(400));
    let res = app
        .send(sign_in_from("192.0.2.1", &long_email, "whatever"))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_of(res).await["error"]["field"], "email");
    let res = app
        .send(sign_in_from("192.0.2.1", TESTER, &"x".repeat(2000)))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.state.passwords.verified(), before, "nothing was hashed");

    // Server functions take 2 MiB, sign-in included; JSON bodies over the limit are 413.
    let big = "x".repeat(3 * 1024 * 1024);
    let res = app
        .send(
            Request::post("/sfn/account/sign_in")
                .header("host", "localhost:3000")
                .header("origin", "http://localhost:3000")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(format!("email={TESTER}&password={big}")))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(json_of(res).await["code"], "too_large");
    let (status, body) = app
        .post_json("/api/v1/studies", json!({"name": big, "codebook_id": "x"}))
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(body["error"]["code"], "too_large");
    // A codebook import may be larger (and here is refused for what it is, not its size).
    let (status, body) = app
        .call_fn(
            "/sfn/codebooks/import",
            &[("file_name", "big.json"), ("content", &big)],
        )
        .await;
    assert_ne!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    app.cleanup().await;
}

async fn csrf_edges_are_closed(kind: Kind) {
    let app = app_or_skip!(kind);
    let (_, cookie) = sign_in(&app, None).await;
    let cookie = cookie.unwrap();
    let post = |headers: &[(&str, &str)], path: &str, body: Value| {
        let mut r = Request::post(path)
            .header("host", "localhost:3000")
            .header("content-type", "application/json");
        for (k, v) in headers {
            r = r.header(*k, *v);
        }
        r.body(Body::from(body.to_string())).unwrap()
    };
    let with_cookie = format!("aansluiting_session={cookie}");
    let study = json!({"name": "CSRF", "codebook_id": "00000000-0000-4000-8000-000000000000"});
    // A sandboxed frame says `Origin: null`: foreign, not silent.
    let res = app
        .send(post(
            &[("cookie", &with_cookie), ("origin", "null")],
            "/api/v1/studies",
            study.clone(),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Any `Authorization` header is no pass: only a bearer token that authenticated is.
    let res = app
        .send(post(
            &[
                ("cookie", &with_cookie),
                ("origin", "https://evil.example"),
                ("authorization", "Basic Zm9vOmJhcg=="),
            ],
            "/api/v1/studies",
            study.clone(),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Sign-in must prove where it comes from, even without a cookie.
    let creds = json!({"email": TESTER, "password": PASSWORD});
    // (A Cookie header keeps the harness from adding its bearer token.)
    let no_cookie = ("cookie", "lang=nl");
    let res = app
        .send(post(&[no_cookie], "/api/v1/session", creds.clone()))
        .await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "no Origin, no Sec-Fetch-Site"
    );
    let res = app
        .send(post(
            &[no_cookie, ("sec-fetch-site", "cross-site")],
            "/api/v1/session",
            creds.clone(),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .send(post(
            &[no_cookie, ("sec-fetch-site", "same-origin")],
            "/api/v1/session",
            creds.clone(),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // A bearer token still needs no origin.
    let (status, _) = app
        .post_json(
            "/api/v1/studies",
            json!({"name": "Script", "codebook_id": "x"}),
        )
        .await;
    assert_ne!(status, StatusCode::FORBIDDEN);
    app.cleanup().await;
}

/// A token as the tester makes it on the account page: signed in, with the password.
async fn new_token(app: &TestApp, body: Value) -> (StatusCode, Value) {
    let (_, cookie) = sign_in(app, None).await;
    let res = app
        .send(browser(
            "POST",
            "/api/v1/tokens",
            cookie.as_deref(),
            Some(body),
        ))
        .await;
    let status = res.status();
    (status, json_of(res).await)
}

fn bearer(method: &str, path: &str, token: &str, body: Option<Value>) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
        .unwrap()
}

async fn tokens_expire_have_a_scope_and_need_a_password(kind: Kind) {
    let app = app_or_skip!(kind);
    // The password is needed, and checked.
    let (status, body) = new_token(&app, json!({"name": "R", "password": "not it at all"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["reason"], "wrong_password");
    for days in [0, 366] {
        let (status, _) = new_token(
            &app,
            json!({"name": "R", "password": PASSWORD, "expires_in_days": days}),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{days} days");
    }
    // By default: read only, 90 days.
    let (status, read) = new_token(&app, json!({"name": "R", "password": PASSWORD})).await;
    assert_eq!(status, StatusCode::CREATED, "{read}");
    assert_eq!(read["scope"], "read");
    let expires = chrono::DateTime::parse_from_rfc3339(read["expires_at"].as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc);
    let days = (expires - Utc::now()).num_hours() as f64 / 24.0;
    assert!((89.9..=90.0).contains(&days), "{days}");
    let read = read["token"].as_str().unwrap().to_string();
    let res = app
        .send(bearer("GET", "/api/v1/studies", &read, None))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .send(bearer(
            "POST",
            "/api/v1/studies",
            &read,
            Some(json!({"name": "x", "codebook_id": "x"})),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(json_of(res).await["error"]["reason"], "read_only_token");
    let res = app
        .send(bearer("POST", "/sfn/studies/list", &read, Some(json!({}))))
        .await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "server functions are POSTs"
    );

    // A token cannot make another token or change the password.
    let (status, write) = new_token(
        &app,
        json!({"name": "W", "password": PASSWORD, "scope": "read_write", "expires_in_days": 7}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let write = write["token"].as_str().unwrap().to_string();
    let res = app
        .send(bearer(
            "POST",
            "/api/v1/tokens",
            &write,
            Some(json!({"name": "more", "password": PASSWORD})),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(json_of(res).await["error"]["reason"], "session_required");
    let res = app
        .send(bearer(
            "PUT",
            "/api/v1/account/password",
            &write,
            Some(json!({"current_password": PASSWORD, "new_password": "a whole new sentence 42"})),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // Past its expiry a token stops working.
    api_token::Entity::update_many()
        .col_expr(
            api_token::Column::ExpiresAt,
            Expr::value(Some(Utc::now() - chrono::Duration::seconds(1))),
        )
        .filter(api_token::Column::Name.eq("W"))
        .exec(&app.db)
        .await
        .unwrap();
    app.db.auth_cache.forget_all();
    let res = app
        .send(bearer("GET", "/api/v1/studies", &write, None))
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let (_, listed) = app.get_json("/api/v1/tokens").await;
    let w = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "W")
        .unwrap();
    assert_eq!(w["expired"], true);
    app.cleanup().await;
}

async fn changing_the_password_ends_the_other_credentials(kind: Kind) {
    let app = app_or_skip!(kind);
    let (_, here) = sign_in(&app, None).await;
    let (_, elsewhere) = sign_in(&app, None).await;
    let (here, elsewhere) = (here.unwrap(), elsewhere.unwrap());
    let token = app.bearer.clone().unwrap();
    let change = |current: &str, new: &str| {
        browser(
            "PUT",
            "/api/v1/account/password",
            Some(&here),
            Some(json!({"current_password": current, "new_password": new})),
        )
    };
    let res = app
        .send(change("not my password", "a whole new sentence 42"))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_of(res).await["error"]["reason"], "wrong_password");
    let res = app.send(change(PASSWORD, "short1!")).await;
    let body = json_of(res).await;
    assert_eq!(body["error"]["reason"], "password_too_short");
    assert_eq!(
        body["error"]["field"], "new_password",
        "names the field the caller sent"
    );
    let res = app.send(change(PASSWORD, "password1234")).await;
    assert_eq!(json_of(res).await["error"]["reason"], "password_too_common");
    let res = app.send(change(PASSWORD, "tester@example.test")).await;
    assert_eq!(json_of(res).await["error"]["reason"], "password_too_common");

    let res = app.send(change(PASSWORD, "a whole new sentence 42")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        who(&app, &here).await["signed_in"],
        true,
        "this session stays"
    );
    assert_eq!(who(&app, &elsewhere).await["signed_in"], false);
    let res = app
        .send(bearer("GET", "/api/v1/studies", &token, None))
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "tokens are revoked");
    let (status, _) = sign_in_as(&app, TESTER, PASSWORD, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = sign_in_as(&app, TESTER, "a whole new sentence 42", None).await;
    assert_eq!(status, StatusCode::OK);
    app.cleanup().await;
}

async fn sign_out_everywhere_and_a_reset_revoke_tokens(kind: Kind) {
    let app = app_or_skip!(kind);
    let token = app.bearer.clone().unwrap();
    let (_, cookie) = sign_in(&app, None).await;
    let res = app
        .send(browser(
            "DELETE",
            "/api/v1/sessions",
            cookie.as_deref(),
            None,
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .send(bearer("GET", "/api/v1/studies", &token, None))
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    let (_, created) = new_token(&app, json!({"name": "R", "password": PASSWORD})).await;
    let token = created["token"].as_str().unwrap().to_string();
    server::services::accounts::set_password(&app.db, TESTER, "the admin chose this one 7")
        .await
        .unwrap();
    let res = app
        .send(bearer("GET", "/api/v1/studies", &token, None))
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNAUTHORIZED,
        "a reset revokes tokens"
    );
    app.cleanup().await;
}

async fn account_actions_are_audited_in_an_unbroken_chain(kind: Kind) {
    let app = app_or_skip!(kind);
    let (_, cookie) = sign_in(&app, None).await;
    let cookie = cookie.unwrap();
    let (status, _) = new_token(&app, json!({"name": "R", "password": PASSWORD})).await;
    assert_eq!(status, StatusCode::CREATED);
    app.send(browser("DELETE", "/api/v1/session", Some(&cookie), None))
        .await;
    // Writers on several connections at once still make one chain.
    let writes = (0..20)
        .map(|n| audit::record_committed(&app.db, None, None, "test.parallel", json!({ "n": n })));
    for r in futures_util::future::join_all(writes).await {
        r.unwrap();
    }
    let actions: Vec<String> = audit_entry::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for expected in [
        "account.signed_in",
        "account.token_created",
        "account.signed_out",
    ] {
        assert!(
            actions.iter().any(|a| a == expected),
            "{expected} in {actions:?}"
        );
    }
    let check = audit::verify(&app.db).await.unwrap();
    assert!(
        matches!(check, audit::ChainCheck::Intact { entries } if entries >= 23),
        "{check:?}"
    );

    // Changing any recorded entry breaks the chain there.
    let victim = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("account.token_created"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    audit_entry::Entity::update_many()
        .col_expr(audit_entry::Column::Details, Expr::value("{}"))
        .filter(audit_entry::Column::Id.eq(victim.id))
        .exec(&app.db)
        .await
        .unwrap();
    assert_eq!(
        audit::verify(&app.db).await.unwrap(),
        audit::ChainCheck::Broken {
            entry_id: victim.id,
            why: "its contents are not what was recorded".into()
        }
    );
    // Removing one breaks it at the next.
    audit_entry::Entity::update_many()
        .col_expr(
            audit_entry::Column::Details,
            Expr::value(victim.details.clone()),
        )
        .filter(audit_entry::Column::Id.eq(victim.id))
        .exec(&app.db)
        .await
        .unwrap();
    assert!(matches!(
        audit::verify(&app.db).await.unwrap(),
        audit::ChainCheck::Intact { .. }
    ));
    audit_entry::Entity::delete_by_id(victim.id)
        .exec(&app.db)
        .await
        .unwrap();
    let broken = audit::verify(&app.db).await.unwrap();
    assert!(
        matches!(broken, audit::ChainCheck::Broken { entry_id, .. } if entry_id > victim.id),
        "{broken:?}"
    );
    app.cleanup().await;
}

/// Entries written before the chain existed are chained at start-up, in order.
async fn entries_from_before_the_chain_are_sealed(kind: Kind) {
    let app = app_or_skip!(kind);
    app.db
        .execute_unprepared(
            "INSERT INTO audit_log (at, actor_id, study_id, action, details) \
             VALUES ('2026-11-28 10:00:00+00:00', NULL, NULL, 'old.one', '{}')",
        )
        .await
        .unwrap();
    assert!(matches!(
        audit::verify(&app.db).await.unwrap(),
        audit::ChainCheck::Broken { .. }
    ));
    assert_eq!(audit::seal(&app.db).await.unwrap(), 1);
    assert_eq!(audit::seal(&app.db).await.unwrap(), 0, "once only");
    assert!(matches!(
        audit::verify(&app.db).await.unwrap(),
        audit::ChainCheck::Intact { .. }
    ));
    app.cleanup().await;
}

async fn operators_alone_read_metrics_and_readiness_details(kind: Kind) {
    let app = app_or_skip!(kind);
    let get = |auth: Option<&str>, path: &str| {
        let mut r = Request::get(path);
        if let Some(a) = auth {
            r = r.header("authorization", a);
        }
        r.body(Body::empty()).unwrap()
    };
    // The harness would add the tester's token: an account's token is not the metrics token.
    let res = app.send(get(None, "/metrics")).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app
        .send(get(Some(&format!("Bearer {METRICS_TOKEN}")), "/metrics"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        common::body_text(res)
            .await
            .contains("aansluiting_passwords_verified_total")
    );
    let res = app.send(get(Some("Bearer nope"), "/readyz")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json_of(res).await, json!({"status": "ready"}));
    let res = app
        .send(get(Some(&format!("Bearer {METRICS_TOKEN}")), "/readyz"))
        .await;
    let detail = json_of(res).await;
    assert!(
        detail["migrations_applied"].as_u64().unwrap() > 0,
        "{detail}"
    );
    app.cleanup().await;
}

async fn request_ids_are_kept_only_when_sane(kind: Kind) {
    let app = app_or_skip!(kind);
    let id_for = |sent: &str| {
        Request::get("/healthz")
            .header("x-request-id", sent)
            .body(Body::empty())
            .unwrap()
    };
    let res = app.send(id_for("trace-42.abc_DEF")).await;
    assert_eq!(res.headers()["x-request-id"], "trace-42.abc_DEF");
    for bad in ["a b", "tab\there", &"a".repeat(65), "<script>"] {
        let res = app.send(id_for(bad)).await;
        let got = res.headers()["x-request-id"].to_str().unwrap().to_string();
        assert_ne!(got, bad);
        assert!(
            uuid::Uuid::parse_str(&got).is_ok(),
            "replaced by a fresh id: {got}"
        );
    }
    app.cleanup().await;
}

async fn https_deployments_send_hsts(kind: Kind) {
    let Some(test_db) = common::TestDb::new(kind).await else {
        return;
    };
    for (public, expected) in [(Some("https://a.example"), true), (None, false)] {
        let mut cfg = common::serve_cfg();
        cfg.auth.public_origin = public.map(str::to_string);
        let state = server::startup::prepare(&test_db.cfg, &cfg).await.unwrap();
        let res = tower::ServiceExt::oneshot(
            server::http::router(state.clone()),
            Request::get("/healthz").body(Body::empty()).unwrap(),
        )
        .await
        .unwrap();
        let hsts = res.headers().get("strict-transport-security");
        assert_eq!(hsts.is_some(), expected, "{public:?}");
        if let Some(h) = hsts {
            assert!(h.to_str().unwrap().starts_with("max-age=31536000"));
        }
        state.db.clone().close().await.ok();
    }
    test_db.cleanup().await;
}

on_both_databases!(
    request_ids_are_kept_only_when_sane,
    https_deployments_send_hsts,
    a_burst_of_wrong_passwords_is_verified_at_most_ten_times,
    a_guesser_cannot_lock_the_owner_out,
    one_address_guessing_many_accounts_is_stopped,
    forwarded_addresses_count_only_from_trusted_proxies,
    oversized_input_is_refused_before_any_work,
    csrf_edges_are_closed,
    tokens_expire_have_a_scope_and_need_a_password,
    changing_the_password_ends_the_other_credentials,
    sign_out_everywhere_and_a_reset_revoke_tokens,
    account_actions_are_audited_in_an_unbroken_chain,
    entries_from_before_the_chain_are_sealed,
    operators_alone_read_metrics_and_readiness_details,
);
