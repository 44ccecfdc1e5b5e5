//! The foundation on both databases: health, readiness, pages, errors, server functions.

mod common;

use axum::body::Body;
use common::{Kind, TestApp, TestDb};
use http::{Request, StatusCode};
use serde_json::json;

macro_rules! app_or_skip {
    ($kind:expr) => {
        match TestApp::new($kind).await {
            Some(app) => app,
            None => return,
        }
    };
}

async fn healthz_answers(kind: Kind) {
    let app = app_or_skip!(kind);
    let (status, body) = app.get("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&body).unwrap(),
        json!({"status": "ok"})
    );
    app.cleanup().await;
}

async fn readyz_reports_database_and_migrations(kind: Kind) {
    let app = app_or_skip!(kind);
    let operator = format!("Bearer {}", common::METRICS_TOKEN);
    let (status, body) = app
        .get_with("/readyz", &[("authorization", &operator)])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["status"], "ready");
    assert_eq!(
        v["database"],
        if kind == Kind::Sqlite {
            "sqlite"
        } else {
            "postgres"
        }
    );
    assert!(v["migrations_applied"].as_u64().unwrap() >= 1);
    app.cleanup().await;
}

async fn readyz_is_503_while_migrations_are_pending(kind: Kind) {
    let Some(test_db) = TestDb::new(kind).await else {
        return;
    };
    // Connect without migrating: the schema is missing, so the instance must not take traffic.
    let db = test_db.connect().await;
    let state = server::state::AppState::new(
        db,
        server::startup::leptos_options(&common::serve_cfg()),
        Default::default(),
    );
    let db = state.db.clone();
    let router = server::http::router(state);
    let res =
        tower::ServiceExt::oneshot(router, Request::get("/readyz").body(Body::empty()).unwrap())
            .await
            .unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body = common::body_text(res).await;
    assert!(body.contains("not_ready"), "{body}");
    db.close().await.ok();
    test_db.cleanup().await;
}

async fn home_page_is_server_rendered_in_dutch(kind: Kind) {
    let app = app_or_skip!(kind);
    let (status, html) = app.get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("lang=\"nl\""), "{html}");
    assert!(html.contains("Aansluiting bij de beroepspraktijk"));
    assert!(html.contains("Demo-omgeving"));
    assert!(html.contains("Sluit gedeeltelijk aan"));
    app.cleanup().await;
}

async fn language_cookie_switches_rendering_to_english(kind: Kind) {
    let app = app_or_skip!(kind);
    let (status, html) = app.get_with("/", &[("cookie", "lang=en")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Fit with professional practice"), "{html}");
    // Exactly one: with two, a browser (and a screen reader) takes the first.
    let html_tag = html
        .split_once("<html")
        .map(|(_, t)| t.split('>').next().unwrap_or(""));
    assert_eq!(html_tag, Some(" lang=\"en\""), "{html}");
    app.cleanup().await;
}

async fn unknown_page_is_a_404_page(kind: Kind) {
    let app = app_or_skip!(kind);
    let (status, html) = app.get("/bestaat/niet").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Pagina niet gevonden"), "{html}");
    app.cleanup().await;
}

async fn unknown_api_route_is_a_json_404(kind: Kind) {
    let app = app_or_skip!(kind);
    let (status, body) = app.get("/api/v1/nothing-here").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["error"]["code"], "not_found");
    assert!(v["error"]["message"].is_string());
    app.cleanup().await;
}

async fn openapi_document_lists_the_routes(kind: Kind) {
    let app = app_or_skip!(kind);
    let (status, body) = app.get("/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["openapi"], "3.1.0");
    assert!(v["paths"]["/readyz"].is_object());
    // Every route the router declares is documented, with its method.
    for spec in server::api::v1::route_specs() {
        let path = format!("{}{}", server::api::v1::PREFIX, spec.path);
        let method = spec.method.as_str().to_lowercase();
        assert!(
            v["paths"][&path][&method].is_object(),
            "{} {path} is not in the OpenAPI document",
            spec.method
        );
    }
    app.cleanup().await;
}

async fn status_server_function_reads_the_database(kind: Kind) {
    let app = app_or_skip!(kind);
    let (status, v) = app.post_json("/sfn/system_status", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(
        v["database"],
        if kind == Kind::Sqlite {
            "sqlite"
        } else {
            "postgres"
        }
    );
    assert_eq!(v["migrations_pending"], 0);
    app.cleanup().await;
}

async fn status_page_renders_the_status(kind: Kind) {
    let app = app_or_skip!(kind);
    let (status, html) = app.get("/status").await;
    assert_eq!(status, StatusCode::OK);
    let db_name = if kind == Kind::Sqlite {
        ">sqlite<"
    } else {
        ">postgres<"
    };
    assert!(html.contains(db_name), "{html}");
    app.cleanup().await;
}

/// Building a router lists the app's routes with resource loading switched off process-wide
/// (leptos #4773). A page rendered meanwhile, by another router in the same process, must still
/// finish: before the listing was made once per process, this hung the suite.
async fn pages_finish_while_other_routers_are_built(kind: Kind) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let app = app_or_skip!(kind);
    let stop = Arc::new(AtomicBool::new(false));
    let builder = {
        let (stop, state) = (stop.clone(), app.state.clone());
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            let mut built = 0u32;
            rt.block_on(async {
                while !stop.load(Ordering::Relaxed) {
                    drop(server::http::router(state.clone()));
                    built += 1;
                    tokio::task::yield_now().await;
                }
            });
            built
        })
    };
    for _ in 0..40 {
        let (status, html) = app.get("/status").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("data-testid=\"status-database\""), "{html}");
    }
    stop.store(true, Ordering::Relaxed);
    assert!(builder.join().expect("builder thread") > 0);
    app.cleanup().await;
}

async fn responses_carry_a_request_id(kind: Kind) {
    let app = app_or_skip!(kind);
    let res = app
        .send(Request::get("/healthz").body(Body::empty()).unwrap())
        .await;
    let id = res
        .headers()
        .get("x-request-id")
        .expect("x-request-id")
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(id.len(), 36);
    let res = app
        .send(
            Request::get("/healthz")
                .header("x-request-id", "abc-123")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.headers().get("x-request-id").unwrap(), "abc-123");
    app.cleanup().await;
}

async fn oversized_body_is_413(kind: Kind) {
    let app = app_or_skip!(kind);
    let big = "x".repeat(server::http::IMPORT_LIMIT + 1);
    let req = Request::post("/sfn/system_status")
        .header("content-type", "application/json")
        .header("content-length", big.len().to_string())
        .body(Body::from(big))
        .unwrap();
    let res = app.send(req).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let v: serde_json::Value = serde_json::from_str(&common::body_text(res).await).unwrap();
    assert_eq!(v["error"]["code"], "too_large");
    app.cleanup().await;
}

async fn migrations_are_idempotent_and_reversible(kind: Kind) {
    use migrations::{Migrator, MigratorTrait};
    let Some(test_db) = TestDb::new(kind).await else {
        return;
    };
    let db = test_db.connect().await;
    server::db::migrate(&db).await.unwrap();
    server::db::migrate(&db).await.unwrap();
    let applied = server::db::migration_state(&db).await.unwrap();
    assert_eq!(applied.pending, 0);
    assert_eq!(applied.applied as usize, Migrator::migrations().len());
    Migrator::down(db.conn(), None).await.unwrap();
    assert_eq!(server::db::migration_state(&db).await.unwrap().applied, 0);
    Migrator::up(db.conn(), None).await.unwrap();
    assert_eq!(server::db::migration_state(&db).await.unwrap().pending, 0);
    db.close().await.ok();
    test_db.cleanup().await;
}

async fn metrics_are_prometheus_text(kind: Kind) {
    let app = app_or_skip!(kind);
    app.get("/healthz").await;
    app.get("/nope").await;
    let res = app
        .send(
            Request::get("/metrics")
                .header("authorization", format!("Bearer {}", common::METRICS_TOKEN))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = common::body_text(res).await;
    assert!(
        text.contains("# TYPE aansluiting_http_responses_total counter"),
        "{text}"
    );
    let count = |class: &str| -> u64 {
        text.lines()
            .find(|l| {
                l.starts_with(&format!(
                    "aansluiting_http_responses_total{{class=\"{class}\"}}"
                ))
            })
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap()
    };
    assert!(count("2xx") >= 1 && count("4xx") >= 1, "{text}");
    assert!(text.contains("aansluiting_database_up 1"));
    app.cleanup().await;
}

/// Every page, many at once on a multi-threaded runtime as in production: each response must
/// finish (a streamed page that stalls is a page the user never gets) and show its data.
async fn pages_finish_under_concurrent_load(kind: Kind) {
    let app = app_or_skip!(kind);
    let (_, books) = app.get_json("/api/v1/codebooks").await;
    let codebook = books[0]["id"].as_str().unwrap().to_string();
    let (_, study) = app
        .post_json(
            "/api/v1/studies",
            json!({"name": "Belasting", "codebook_id": codebook}),
        )
        .await;
    let study = study["id"].as_str().unwrap().to_string();
    let (_, iv) = app
        .post_json(
            &format!("/api/v1/studies/{study}/interviews"),
            json!({"organisation": "Voorbeeld BV (fictief)", "sbi_section": "G"}),
        )
        .await;
    let interview = iv["id"].as_str().unwrap().to_string();
    let pages = [
        ("/status".to_string(), "data-testid=\"status-database\""),
        ("/studies".to_string(), "data-testid=\"study-list\""),
        (format!("/studies/{study}"), "data-testid=\"interviews\""),
        (
            format!("/interviews/{interview}"),
            "data-testid=\"interview-title\"",
        ),
        ("/codebooks".to_string(), "data-testid=\"codebook-table\""),
        (
            format!("/codebooks/{codebook}"),
            "data-testid=\"codebook-counts\"",
        ),
    ];
    let app = std::sync::Arc::new(app);
    let mut tasks = tokio::task::JoinSet::new();
    for round in 0..20 {
        for (path, marker) in pages.clone() {
            let app = app.clone();
            tasks.spawn(async move {
                let (status, html) = app.get(&path).await;
                assert_eq!(status, StatusCode::OK, "{path} (round {round})");
                assert!(html.contains(marker), "{path} (round {round}): {html}");
                // In the streamed head already, not only once the browser has run the page.
                assert!(html.contains("<title>"), "{path} has no title: {html}");
            });
        }
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("page request");
    }
    let Ok(app) = std::sync::Arc::try_unwrap(app) else {
        panic!("a request still holds the app");
    };
    app.cleanup().await;
}

mod under_load {
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn sqlite() {
        super::pages_finish_under_concurrent_load(super::Kind::Sqlite).await
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn postgres() {
        super::pages_finish_under_concurrent_load(super::Kind::Postgres).await
    }
}

async fn offline_page_links_back_only_on_this_site_and_names_nobody(kind: Kind) {
    let app = app_or_skip!(kind);
    let (status, html) = app.get("/offline?from=/studies%3Fx%3D1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("data-testid=\"offline\""), "{html}");
    assert!(html.contains("href=\"/studies?x=1\""), "{html}");
    // Signed in as the tester, yet the page kept for the next user of the device names nobody.
    assert!(!html.contains(common::TESTER), "{html}");
    let (_, other) = app.get("/status").await;
    assert!(
        other.contains(common::TESTER),
        "other pages do name them: {other}"
    );
    for evil in [
        "//evil.example/x",
        "https://evil.example",
        "/%5Cevil.example",
    ] {
        let (_, html) = app.get(&format!("/offline?from={evil}")).await;
        assert!(!html.contains("evil.example\""), "{evil}: {html}");
    }
    app.cleanup().await;
}

on_both_databases!(
    metrics_are_prometheus_text,
    healthz_answers,
    readyz_reports_database_and_migrations,
    readyz_is_503_while_migrations_are_pending,
    home_page_is_server_rendered_in_dutch,
    language_cookie_switches_rendering_to_english,
    unknown_page_is_a_404_page,
    unknown_api_route_is_a_json_404,
    openapi_document_lists_the_routes,
    status_server_function_reads_the_database,
    status_page_renders_the_status,
    offline_page_links_back_only_on_this_site_and_names_nobody,
    pages_finish_while_other_routers_are_built,
    responses_carry_a_request_id,
    oversized_body_is_413,
    migrations_are_idempotent_and_reversible,
);
