//! Two application instances in one process are two: each has its own caches, metrics and
//! SQLite writer turn, because all of that lives in its `AppState` (its database handle), none
//! in statics. On SQLite and PostgreSQL where it means something.

mod common;

use axum::Router;
use axum::body::Body;
use common::{Kind, TestApp};
use http::{Request, StatusCode};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use tokio::sync::oneshot;

use app::domain::access::StudyRole;
use server::state::AppState;

async fn call(
    router: &Router,
    token: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let req = Request::builder()
        .method(method)
        .uri(path)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
        .unwrap();
    let res = tokio::time::timeout(
        common::RESPONSE_LIMIT,
        tower::ServiceExt::oneshot(router.clone(), req),
    )
    .await
    .unwrap_or_else(|_| panic!("{method} {path} did not answer"))
    .unwrap();
    let status = res.status();
    let text = common::body_text(res).await;
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// A second instance on the test app's database: its own pool, caches, writers and metrics.
async fn second_instance(app: &TestApp) -> (AppState, Router) {
    let state = server::startup::prepare(&app.test_db.cfg, &common::serve_cfg())
        .await
        .unwrap();
    let router = server::http::router(state.clone());
    (state, router)
}

/// A change made through instance A is never served stale by A (it forgets its own cache at
/// once), and A's forgetting is its own: instance B's memory is a different object, which
/// holds what B read until B forgets it (in production, within `auth::cache::TTL`).
async fn caches_and_metrics_belong_to_their_instance(kind: Kind) {
    let Some(a) = TestApp::new(kind).await else {
        return;
    };
    let coordinator = a.bearer.clone().unwrap();
    let (b, b_router) = second_instance(&a).await;
    let study = a.new_study("Twee").await;
    let viewer = a.user_with_token("viewer@example.test").await;
    let member = a
        .join(&study, "viewer@example.test", "viewer", &viewer)
        .await;
    let viewer_id = member["user_id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/studies/{study}");

    // The viewer reads the study through both instances: each remembers the role itself.
    assert_eq!(
        call(&b_router, &viewer, "GET", &path, None).await.0,
        StatusCode::OK
    );
    assert_eq!(
        call(&a.router, &viewer, "GET", &path, None).await.0,
        StatusCode::OK
    );
    let role = |s: &AppState| s.db.auth_cache.role(&study, &viewer_id);
    assert_eq!(role(&a.state), Some(Some(StudyRole::Viewer)));
    assert_eq!(role(&b), Some(Some(StudyRole::Viewer)));

    // The coordinator removes the viewer through A: A answers from the database at once.
    let (status, _) = call(
        &a.router,
        &coordinator,
        "DELETE",
        &format!("/api/v1/studies/{study}/members/{viewer_id}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(role(&a.state), None, "A forgot the roles it remembered");
    assert_eq!(
        call(&a.router, &viewer, "GET", &path, None).await.0,
        StatusCode::NOT_FOUND,
        "A serves no stale role after its own change"
    );
    // B's memory is another object: A's forgetting did not reach it (a shared, process-wide
    // cache would have been emptied too).
    assert_eq!(role(&b), Some(Some(StudyRole::Viewer)));
    b.db.auth_cache.forget_roles();
    assert_eq!(
        call(&b_router, &viewer, "GET", &path, None).await.0,
        StatusCode::NOT_FOUND
    );

    // A handle made for a system context from the instance's shares its caches, so a change
    // made through it is forgotten where requests look.
    let shared = server::services::Ctx::system(a.state.db.clone());
    assert_eq!(
        shared.db.auth_cache.role(&study, &viewer_id),
        role(&a.state)
    );

    // Metrics count each instance's own responses.
    let before = (a.state.metrics.responses(2), b.metrics.responses(2));
    assert_eq!(
        call(&b_router, &viewer, "GET", "/api/v1/studies", None)
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        (a.state.metrics.responses(2), b.metrics.responses(2)),
        (before.0, before.1 + 1)
    );
    b.db.clone().close().await.ok();
    a.cleanup().await;
}

/// One SQLite database's writers never queue behind another's: with instance A's writer turn
/// held, a write to instance B's database commits, while a write on A waits for the turn.
/// No fixed sleeps: each step waits only for the thing it is about.
async fn one_databases_writer_turn_does_not_hold_up_another() {
    let Some(a) = TestApp::new(Kind::Sqlite).await else {
        return;
    };
    let Some(b) = TestApp::new(Kind::Sqlite).await else {
        return;
    };
    let held = a.state.db.hold_writer_turn().await;

    // A write on A must wait for A's turn; it tells us when it is done.
    let (a_done_tx, mut a_done) = oneshot::channel();
    let a_db = a.state.db.clone();
    let a_write = tokio::spawn(async move {
        let write = a_db.begin_write().await.unwrap();
        write
            .txn
            .execute_unprepared("UPDATE users SET name = name")
            .await
            .unwrap();
        write.commit().await.unwrap();
        let _ = a_done_tx.send(());
    });

    // A whole request that writes, on B, while A's turn is held. If B's writers queued behind
    // A's turn this would never finish: A's write can only finish after it, so the select
    // would report A first or the request would time out (the harness's response limit).
    let b_write = b.post_json(
        "/api/v1/studies",
        json!({"name": "Elders", "codebook_id": first_codebook(&b).await}),
    );
    tokio::select! {
        biased;
        _ = &mut a_done => panic!("A's write ran while A's turn was held"),
        (status, body) = b_write => assert_eq!(status, StatusCode::CREATED, "{body}"),
    }
    // And A's write is still waiting for its turn, not finished by chance.
    assert!(
        matches!(a_done.try_recv(), Err(oneshot::error::TryRecvError::Empty)),
        "A's write must wait for A's turn"
    );
    drop(held);
    a_done
        .await
        .expect("A's write finishes once its turn is free");
    a_write.await.unwrap();
    a.cleanup().await;
    b.cleanup().await;
}

async fn first_codebook(app: &TestApp) -> String {
    let (_, books) = app.get_json("/api/v1/codebooks").await;
    books[0]["id"].as_str().unwrap().to_string()
}

/// Two instances on one database write at once, each transaction reading before it writes
/// (as the journal does). On SQLite the instances have separate turns, so only the database's
/// own lock keeps them apart: write transactions begin IMMEDIATE, so all commit and none fails
/// busy (a deferred one that read before another's commit could not upgrade its lock).
async fn two_instances_on_one_database_both_write(kind: Kind) {
    let Some(a) = TestApp::new(kind).await else {
        return;
    };
    let (b, _) = second_instance(&a).await;
    let mut writes = Vec::new();
    for n in 0..8 {
        let db = if n % 2 == 0 {
            a.state.db.clone()
        } else {
            b.db.clone()
        };
        writes.push(tokio::spawn(async move {
            for _ in 0..10 {
                let write = db.begin_write().await?;
                let read = Statement::from_string(
                    db.get_database_backend(),
                    "SELECT COUNT(*) AS n FROM users",
                );
                write.txn.query_one_raw(read).await?;
                tokio::task::yield_now().await;
                write
                    .txn
                    .execute_unprepared("UPDATE users SET name = name")
                    .await?;
                write.commit().await?;
            }
            Ok::<(), sea_orm::DbErr>(())
        }));
    }
    for w in writes {
        w.await.unwrap().expect("every write transaction commits");
    }
    b.db.clone().close().await.ok();
    a.cleanup().await;
}

#[tokio::test]
async fn one_sqlite_databases_writer_turn_does_not_hold_up_another() {
    one_databases_writer_turn_does_not_hold_up_another().await;
}

on_both_databases!(
    caches_and_metrics_belong_to_their_instance,
    two_instances_on_one_database_both_write,
);
