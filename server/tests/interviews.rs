//! Answer writes through the API on SQLite and PostgreSQL: idempotent per op_id, ordered
//! batches, stale-revision conflicts, complete history, and clear refusals that write nothing.

mod common;

use axum::body::Body;
use common::{Kind, TestApp};
use http::{Request, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use server::db::entities::{answer, event};

struct Setup {
    app: TestApp,
    study: String,
    interview: String,
    items: Vec<String>,
    section: String,
}

async fn setup(kind: Kind) -> Option<Setup> {
    let app = TestApp::new(kind).await?;
    let (_, books) = app.get_json("/api/v1/codebooks").await;
    let codebook = books[0]["id"].as_str().unwrap().to_string();
    let (_, study) = app
        .post_body(
            "/api/v1/studies",
            "application/json",
            &json!({"name": "S", "codebook_id": codebook}).to_string(),
        )
        .await;
    let study = study["id"].as_str().unwrap().to_string();
    let (status, iv) = app
        .post_body(
            &format!("/api/v1/studies/{study}/interviews"),
            "application/json",
            &json!({"organisation": "Voorbeeld BV (fictief)", "sbi_section": "g", "held_on": "2026-11-20", "mode": "video", "consent": true}).to_string(),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{iv}");
    assert_eq!(iv["sbi_section"], "G");
    assert_eq!(iv["items"], 193);
    let (_, tree) = app.get_json(&format!("/api/v1/codebooks/{codebook}")).await;
    let nodes = tree["nodes"].as_array().unwrap();
    let items = nodes
        .iter()
        .filter(|n| n["kind"] == "item")
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect();
    let section = nodes.iter().find(|n| n["kind"] == "section").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    Some(Setup {
        app,
        study,
        interview: iv["id"].as_str().unwrap().to_string(),
        items,
        section,
    })
}

impl Setup {
    async fn put(&self, item: &str, body: Value) -> (StatusCode, Value) {
        let req = Request::put(format!(
            "/api/v1/interviews/{}/answers/{item}",
            self.interview
        ))
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
        let res = self.app.send(req).await;
        let status = res.status();
        (
            status,
            serde_json::from_str(&common::body_text(res).await).unwrap_or(Value::Null),
        )
    }

    /// Another interview in the same study; its id.
    async fn another_interview(&self, organisation: &str) -> String {
        let (status, iv) = self
            .app
            .post_body(
                &format!("/api/v1/studies/{}/interviews", self.study),
                "application/json",
                &json!({"organisation": organisation, "sbi_section": "G"}).to_string(),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{iv}");
        iv["id"].as_str().unwrap().to_string()
    }

    /// Sends one answer to any interview of the study.
    async fn put_to(&self, interview: &str, item: &str, body: Value) -> StatusCode {
        let req = Request::put(format!("/api/v1/interviews/{interview}/answers/{item}"))
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        self.app.send(req).await.status()
    }

    async fn events(&self) -> u64 {
        event::Entity::find()
            .filter(event::Column::Kind.eq("answer"))
            .count(&self.app.db)
            .await
            .unwrap()
    }
}

async fn the_same_op_twice_is_one_change(kind: Kind) {
    let Some(s) = setup(kind).await else { return };
    let body = json!({"rating": "recognised", "note": "Klopt", "op_id": "op-1"});
    let (status, first) = s.put(&s.items[0], body.clone()).await;
    assert_eq!(
        (status, first["revision"].as_u64()),
        (StatusCode::OK, Some(1))
    );
    let (status, again) = s.put(&s.items[0], body).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        again, first,
        "a replay is acknowledged with the original result"
    );
    assert_eq!(s.events().await, 1);

    let (status, err) = s
        .put(&s.items[0], json!({"rating": "partly", "op_id": "op-1"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(err["error"]["code"], "op_conflict");
    assert_eq!(s.events().await, 1);
    s.app.cleanup().await;
}

async fn stale_base_revision_is_a_conflict_with_the_current_value(kind: Kind) {
    let Some(s) = setup(kind).await else { return };
    s.put(&s.items[1], json!({"rating": "recognised", "op_id": "a1"}))
        .await;
    s.put(
        &s.items[1],
        json!({"rating": "partly", "note": "tab 2", "op_id": "a2", "base_revision": 1}),
    )
    .await;
    // A tab that still thinks revision 1 is current:
    let (status, err) = s
        .put(
            &s.items[1],
            json!({"rating": "not_recognised", "op_id": "a3", "base_revision": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(err["error"]["code"], "stale");
    assert_eq!(err["error"]["current"]["rating"], "partly");
    assert_eq!(err["error"]["current"]["note"], "tab 2");
    assert_eq!(err["error"]["current"]["revision"], 2);
    let (_, iv) = s
        .app
        .get_json(&format!("/api/v1/interviews/{}", s.interview))
        .await;
    assert_eq!(iv["answers"][0]["rating"], "partly");
    s.app.cleanup().await;
}

async fn history_lists_every_change(kind: Kind) {
    let Some(s) = setup(kind).await else { return };
    let item = &s.items[2];
    s.put(item, json!({"rating": "recognised", "op_id": "h1"}))
        .await;
    s.put(
        item,
        json!({"rating": "partly", "note": "alleen bij grote klanten", "op_id": "h2"}),
    )
    .await;
    s.put(item, json!({"rating": "partly", "note": "alleen bij grote klanten", "quote": "\"We doen dat zelden\"", "op_id": "h3"})).await;
    let (status, h) = s
        .app
        .get_json(&format!(
            "/api/v1/interviews/{}/answers/{item}/history",
            s.interview
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    let h = h.as_array().unwrap();
    assert_eq!(h.len(), 3);
    assert_eq!(
        (h[0]["old_rating"].clone(), h[0]["new_rating"].clone()),
        (Value::Null, json!("recognised"))
    );
    assert_eq!(
        (h[1]["old_rating"].clone(), h[1]["new_rating"].clone()),
        (json!("recognised"), json!("partly"))
    );
    assert_eq!(h[1]["new_note"], "alleen bij grote klanten");
    assert_eq!(h[2]["old_quote"], Value::Null);
    assert_eq!(h[2]["new_quote"], "\"We doen dat zelden\"");
    assert_eq!(h[2]["actor"], common::TESTER);
    assert_eq!(
        h.iter()
            .map(|e| e["op_id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["h1", "h2", "h3"]
    );
    s.app.cleanup().await;
}

async fn a_replayed_batch_applies_exactly_once_in_order(kind: Kind) {
    let Some(s) = setup(kind).await else { return };
    // 200 ops over 20 items, each item changed 10 times; the last rating per item must win.
    let ratings = ["recognised", "partly", "not_recognised", "not_discussed"];
    let ops: Vec<Value> = (0..200)
        .map(|i| json!({"item_id": s.items[i % 20], "rating": ratings[i % 4], "note": format!("stap {i}"), "op_id": format!("batch-{i}")}))
        .collect();
    let path = format!("/api/v1/interviews/{}/answers:batch", s.interview);
    let (status, out) = s
        .app
        .post_body(&path, "application/json", &json!({"ops": ops}).to_string())
        .await;
    assert_eq!(status, StatusCode::OK, "{out}");
    let results = out["results"].as_array().unwrap();
    assert_eq!(results.len(), 200);
    assert!(results.iter().all(|r| r["status"] == 200));
    assert_eq!(results[199]["revision"], 10);

    // A restarted server (a new router on the same database) gets the whole queue again.
    let state = server::startup::prepare(&s.app.test_db.cfg, &common::serve_cfg())
        .await
        .unwrap();
    let restarted = TestApp {
        router: server::http::router(state.clone()),
        state,
        db: s.app.db.clone(),
        test_db: common::TestDb::dummy(),
        bearer: s.app.bearer.clone(),
    };
    let (status, again) = restarted
        .post_body(&path, "application/json", &json!({"ops": ops}).to_string())
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        again["results"], out["results"],
        "every op acknowledged again with its original revision"
    );
    assert_eq!(s.events().await, 200);
    assert_eq!(answer::Entity::find().count(&s.app.db).await.unwrap(), 20);
    let (_, iv) = s
        .app
        .get_json(&format!("/api/v1/interviews/{}", s.interview))
        .await;
    assert_eq!(iv["answered"], 20);
    for a in iv["answers"].as_array().unwrap() {
        let idx = s
            .items
            .iter()
            .position(|i| i == a["item_id"].as_str().unwrap())
            .unwrap();
        let last = 180 + idx; // the last op that touched this item
        assert_eq!(a["note"], format!("stap {last}"));
        assert_eq!(a["rating"], ratings[last % 4]);
        assert_eq!(a["revision"], 10);
    }
    s.app.cleanup().await;
}

/// One batch is one transaction decided op by op: a repeated op_id inside it is a replay, a
/// reused op_id with other content and a base revision overtaken by an earlier op of the same
/// batch are refused, an op for an unknown item fails alone, and the history chains through.
async fn a_batch_decides_each_op_against_the_ones_before_it(kind: Kind) {
    let Some(s) = setup(kind).await else { return };
    let item = &s.items[3];
    let ops = json!([
        {"item_id": item, "rating": "recognised", "op_id": "b1", "base_revision": 0},
        {"item_id": item, "rating": "recognised", "op_id": "b1", "base_revision": 0},
        {"item_id": item, "rating": "partly", "op_id": "b1"},
        {"item_id": "00000000-0000-4000-8000-000000000000", "rating": "partly", "op_id": "b2"},
        {"item_id": item, "rating": "partly", "note": "tweede", "op_id": "b3", "base_revision": 1},
        {"item_id": item, "rating": "not_recognised", "op_id": "b4", "base_revision": 1},
        {"item_id": s.items[4], "rating": "not_discussed", "op_id": "b5"},
    ]);
    let path = format!("/api/v1/interviews/{}/answers:batch", s.interview);
    let (status, out) = s
        .app
        .post_body(&path, "application/json", &json!({"ops": ops}).to_string())
        .await;
    assert_eq!(status, StatusCode::OK, "{out}");
    let r = out["results"].as_array().unwrap();
    let statuses: Vec<_> = r.iter().map(|r| r["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses, [200, 200, 409, 404, 200, 409, 200], "{out}");
    assert_eq!(
        (r[0]["revision"].clone(), r[1]["revision"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(r[2]["error"]["code"], "op_conflict");
    assert_eq!(r[4]["revision"], 2);
    assert_eq!(r[5]["error"]["code"], "stale");
    assert_eq!(r[5]["current"]["note"], "tweede");
    assert_eq!(r[5]["current"]["revision"], 2);
    assert_eq!(s.events().await, 3);
    let (_, h) = s
        .app
        .get_json(&format!(
            "/api/v1/interviews/{}/answers/{item}/history",
            s.interview
        ))
        .await;
    let chain: Vec<_> = h
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["old_rating"].clone(),
                e["new_rating"].clone(),
                e["revision"].clone(),
            )
        })
        .collect();
    assert_eq!(
        chain,
        [
            (Value::Null, json!("recognised"), json!(1)),
            (json!("recognised"), json!("partly"), json!(2))
        ]
    );
    let (_, iv) = s
        .app
        .get_json(&format!("/api/v1/interviews/{}", s.interview))
        .await;
    assert_eq!(iv["answered"], 2);
    s.app.cleanup().await;
}

async fn bad_writes_are_refused_and_write_nothing(kind: Kind) {
    let Some(s) = setup(kind).await else { return };
    let (status, err) = s
        .put(&s.items[0], json!({"rating": "yes", "op_id": "x1"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("unknown variant"),
        "{err}"
    );
    let (status, err) = s
        .put(
            "00000000-0000-4000-8000-000000000000",
            json!({"rating": "partly", "op_id": "x2"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{err}");
    let (status, err) = s
        .put(&s.section, json!({"rating": "partly", "op_id": "x3"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not an item")
    );
    let (status, _) = s
        .put(&s.items[0], json!({"rating": "partly", "op_id": ""}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = s
        .put(
            &s.items[0],
            json!({"rating": "partly", "op_id": "x4", "note": "x".repeat(20_001)}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // An item of another codebook.
    let other = serde_json::json!({
        "format": "aansluiting.codebook", "format_version": 1, "guid": "60000000-0000-4000-8000-000000000000", "name": "Ander", "version": 1,
        "nodes": [{"guid": "60000000-0000-4000-8000-000000000001", "kind": "qualification", "label": "Q", "children": [
            {"guid": "60000000-0000-4000-8000-000000000002", "kind": "role", "label": "R", "children": [
                {"guid": "60000000-0000-4000-8000-000000000003", "kind": "section", "section_kind": "tasks", "label": "W", "children": [
                    {"guid": "60000000-0000-4000-8000-000000000004", "kind": "item", "label": "I"}]}]}]}]
    });
    let (_, imported) = s
        .app
        .post_body("/api/v1/codebooks", "application/json", &other.to_string())
        .await;
    let (_, tree) = s
        .app
        .get_json(&format!(
            "/api/v1/codebooks/{}",
            imported["codebook"]["id"].as_str().unwrap()
        ))
        .await;
    let foreign = common::first_node(&tree, "item");
    let (status, err) = s
        .put(&foreign, json!({"rating": "partly", "op_id": "x5"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("another codebook")
    );

    // Interviews: bad metadata.
    let (status, err) = s
        .app
        .post_body(
            &format!("/api/v1/studies/{}/interviews", s.study),
            "application/json",
            &json!({"organisation": "X", "sbi_section": "Z"}).to_string(),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["field"], "sbi_section");
    let (status, _) = s
        .app
        .post_body(
            &format!("/api/v1/studies/{}/interviews", s.study),
            "application/json",
            &json!({"organisation": "X", "sbi_section": "G", "held_on": "27-11-2026"}).to_string(),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    assert_eq!(s.events().await, 0);
    assert_eq!(answer::Entity::find().count(&s.app.db).await.unwrap(), 0);
    s.app.cleanup().await;
}

async fn only_its_interviewer_or_a_coordinator_may_change_an_interview(kind: Kind) {
    let Some(s) = setup(kind).await else { return };
    let colleague = s.app.user_with_token("colleague@example.test").await;
    s.app
        .join(
            &s.study,
            "colleague@example.test",
            "interviewer",
            &colleague,
        )
        .await;
    let req = Request::put(format!(
        "/api/v1/interviews/{}/answers/{}",
        s.interview, s.items[0]
    ))
    .header("authorization", format!("Bearer {colleague}"))
    .header("content-type", "application/json")
    .body(Body::from(
        json!({"rating": "partly", "op_id": "c1"}).to_string(),
    ))
    .unwrap();
    let res = s.app.send(req).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // … but may read it.
    let req = Request::get(format!("/api/v1/interviews/{}", s.interview))
        .header("authorization", format!("Bearer {colleague}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(s.app.send(req).await.status(), StatusCode::OK);
    assert_eq!(s.events().await, 0);
    s.app.cleanup().await;
}

/// Two server instances on one database (each with its own pool and group-commit writer)
/// receive the same 60 ops at the same time, as two tabs or a retry through another instance
/// would send them: every op lands once, both instances report the same revision for it, and
/// each item's revisions run 1, 2, 3 without gaps.
async fn two_instances_apply_each_op_once(kind: Kind) {
    let Some(s) = setup(kind).await else { return };
    let second = server::startup::prepare(&s.app.test_db.cfg, &common::serve_cfg())
        .await
        .unwrap();
    let routers = [s.app.router.clone(), server::http::router(second)];
    let token = s.app.bearer.clone().unwrap();
    let mut tasks = Vec::new();
    for (n, router) in routers.into_iter().enumerate() {
        for w in 0..4 {
            let (router, token, interview, items) = (
                router.clone(),
                token.clone(),
                s.interview.clone(),
                s.items.clone(),
            );
            tasks.push(tokio::spawn(async move {
                let mut seen = Vec::new();
                // Both instances walk the same ops, in opposite orders.
                let order: Vec<usize> = if n == 0 {
                    (0..15).collect()
                } else {
                    (0..15).rev().collect()
                };
                for i in order {
                    let op_id = format!("two-{w}-{i}");
                    let req = Request::put(format!(
                        "/api/v1/interviews/{interview}/answers/{}",
                        items[i % 6]
                    ))
                    .header("authorization", format!("Bearer {token}"))
                    .header("content-type", "application/json")
                    .body(Body::from(
                        json!({"rating": "partly", "note": op_id, "op_id": op_id}).to_string(),
                    ))
                    .unwrap();
                    let res = tower::ServiceExt::oneshot(router.clone(), req)
                        .await
                        .unwrap();
                    let status = res.status();
                    let body: Value =
                        serde_json::from_str(&common::body_text(res).await).unwrap_or(Value::Null);
                    seen.push((op_id, status, body["revision"].as_u64()));
                }
                seen
            }));
        }
    }
    let mut revisions: std::collections::BTreeMap<String, Vec<Option<u64>>> = Default::default();
    for t in tasks {
        for (op_id, status, revision) in t.await.unwrap() {
            assert_eq!(status, StatusCode::OK, "{op_id}");
            revisions.entry(op_id).or_default().push(revision);
        }
    }
    assert_eq!(revisions.len(), 60);
    for (op_id, r) in &revisions {
        assert_eq!(r.len(), 2);
        assert_eq!(
            r[0], r[1],
            "{op_id}: both instances answer with the same revision"
        );
    }
    assert_eq!(s.events().await, 60);
    let mut total = 0;
    for item in &s.items[..6] {
        let (_, h) = s
            .app
            .get_json(&format!(
                "/api/v1/interviews/{}/answers/{item}/history",
                s.interview
            ))
            .await;
        let got: Vec<u64> = h
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["revision"].as_u64().unwrap())
            .collect();
        assert_eq!(got, (1..=got.len() as u64).collect::<Vec<_>>());
        total += got.len();
    }
    assert_eq!(total, 60);
    s.app.cleanup().await;
}

async fn concurrent_writers_all_get_acknowledged(kind: Kind) {
    let Some(s) = setup(kind).await else { return };
    // 16 writers at once, 10 changes each, some on the same items: none may fail with a
    // database-busy error, and every acknowledged op is in the history exactly once.
    let mut tasks = Vec::new();
    for w in 0..16 {
        let router = s.app.router.clone();
        let token = s.app.bearer.clone().unwrap();
        let (interview, items) = (s.interview.clone(), s.items.clone());
        tasks.push(tokio::spawn(async move {
            let mut statuses = Vec::new();
            for i in 0..10 {
                let req = Request::put(format!(
                    "/api/v1/interviews/{interview}/answers/{}",
                    items[(w + i) % 24]
                ))
                .header("authorization", format!("Bearer {token}"))
                .header("content-type", "application/json")
                .body(Body::from(
                    json!({"rating": "partly", "op_id": format!("c{w}-{i}")}).to_string(),
                ))
                .unwrap();
                let res = tower::ServiceExt::oneshot(router.clone(), req)
                    .await
                    .unwrap();
                statuses.push(res.status());
            }
            statuses
        }));
    }
    for t in tasks {
        assert!(t.await.unwrap().iter().all(|st| *st == StatusCode::OK));
    }
    assert_eq!(s.events().await, 160);
    // Items were shared between writers: each item's revisions still run 1, 2, 3, … without gaps
    // or repeats, so no two changes were based on the same revision.
    for item in &s.items[..24] {
        let (_, h) = s
            .app
            .get_json(&format!(
                "/api/v1/interviews/{}/answers/{item}/history",
                s.interview
            ))
            .await;
        let revisions: Vec<u64> = h
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["revision"].as_u64().unwrap())
            .collect();
        let expected: Vec<u64> = (1..=revisions.len() as u64).collect();
        assert_eq!(revisions, expected, "item {item}");
    }

    // Eight tabs send the very same op at once: one change, eight identical acknowledgements.
    let mut same = Vec::new();
    for _ in 0..8 {
        let router = s.app.router.clone();
        let token = s.app.bearer.clone().unwrap();
        let uri = format!("/api/v1/interviews/{}/answers/{}", s.interview, s.items[30]);
        same.push(tokio::spawn(async move {
            let req = Request::put(uri)
                .header("authorization", format!("Bearer {token}"))
                .header("content-type", "application/json")
                .body(Body::from(
                    json!({"rating": "recognised", "op_id": "same-op"}).to_string(),
                ))
                .unwrap();
            let res = tower::ServiceExt::oneshot(router, req).await.unwrap();
            (res.status(), common::body_text(res).await)
        }));
    }
    for t in same {
        let (status, body) = t.await.unwrap();
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["revision"], 1);
    }
    assert_eq!(s.events().await, 161);
    s.app.cleanup().await;
}

async fn server_functions_for_interviews(kind: Kind) {
    let Some(s) = setup(kind).await else { return };
    let (status, created) = s
        .app
        .call_fn(
            "/sfn/interviews/create",
            &[
                ("study_id", &s.study),
                ("organisation", "Tweede BV (fictief)"),
                ("sbi_section", "n"),
                ("respondent_function", "Salesmanager"),
                ("held_on", "2026-11-21"),
                ("mode", "phone"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    assert_eq!(created["mode"], "phone");
    let id = created["id"].as_str().unwrap().to_string();
    let (status, err) = s
        .app
        .call_fn(
            "/sfn/interviews/create",
            &[
                ("study_id", &s.study),
                ("organisation", "X"),
                ("sbi_section", "G"),
                ("respondent_function", ""),
                ("held_on", ""),
                ("mode", "fax"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    let (_, list) = s
        .app
        .call_fn("/sfn/interviews/list", &[("study_id", &s.study)])
        .await;
    assert_eq!(list.as_array().unwrap().len(), 2);

    let ops = json!([
        {"item_id": s.items[0], "rating": "recognised", "op_id": "sf-1"},
        {"item_id": s.items[0], "rating": "partly", "note": "deels", "op_id": "sf-2", "base_revision": 1},
        {"item_id": s.items[0], "rating": "not_recognised", "op_id": "sf-3", "base_revision": 1}
    ]);
    let (status, results) = s
        .app
        .call_fn_json(
            "/sfn/interviews/save",
            json!({"interview_id": id, "ops": ops}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{results}");
    let statuses: Vec<u64> = results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [200, 200, 409]);
    assert_eq!(results[2]["error"]["code"], "stale");
    assert_eq!(results[2]["current"]["rating"], "partly");
    let (_, view) = s
        .app
        .call_fn("/sfn/interviews/get", &[("interview_id", &id)])
        .await;
    assert_eq!(view["answers"][0]["note"], "deels");
    assert_eq!(view["answered"], 1);

    let (status, err) = s
        .app
        .post_body(
            "/sfn/interviews/save",
            "application/json",
            &format!(r#"{{"interview_id": "{id}", "ops": not json}}"#),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(err["code"], "malformed");
    s.app.cleanup().await;
}

impl Setup {
    async fn put_field(&self, key: &str, body: Value) -> (StatusCode, Value) {
        let req = Request::put(format!(
            "/api/v1/interviews/{}/fields/{key}",
            self.interview
        ))
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
        let res = self.app.send(req).await;
        let status = res.status();
        (
            status,
            serde_json::from_str(&common::body_text(res).await).unwrap_or(Value::Null),
        )
    }

    async fn field_events(&self) -> u64 {
        event::Entity::find()
            .filter(event::Column::Kind.eq("field"))
            .count(&self.app.db)
            .await
            .unwrap()
    }

    async fn role(&self) -> String {
        let (_, study) = self
            .app
            .get_json(&format!("/api/v1/studies/{}", self.study))
            .await;
        let (_, tree) = self
            .app
            .get_json(&format!(
                "/api/v1/codebooks/{}",
                study["codebook_id"].as_str().unwrap()
            ))
            .await;
        tree["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["kind"] == "role")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    }
}

/// Trend impacts, tags and education levels go through the same op discipline as answers.
async fn fields_are_written_once_per_op_with_history(kind: Kind) {
    let Some(s) = setup(kind).await else { return };
    let key = "trend:sustainability";
    let first = json!({"value": {"impact": "large", "note": " Verpakking  "}, "op_id": "f1", "base_revision": 0});
    let (status, w) = s.put_field(key, first.clone()).await;
    assert_eq!(
        (status, w["revision"].clone()),
        (StatusCode::OK, json!(1)),
        "{w}"
    );
    let (status, again) = s.put_field(key, first).await;
    assert_eq!((status, again), (StatusCode::OK, w));
    assert_eq!(s.field_events().await, 1);
    let (status, err) = s
        .put_field(key, json!({"value": {"impact": "none"}, "op_id": "f1"}))
        .await;
    assert_eq!(
        (status, err["error"]["code"].clone()),
        (StatusCode::CONFLICT, json!("op_conflict"))
    );
    s.put_field(
        key,
        json!({"value": {"impact": "some"}, "op_id": "f2", "base_revision": 1}),
    )
    .await;
    let (status, err) = s
        .put_field(
            key,
            json!({"value": {"impact": "none"}, "op_id": "f3", "base_revision": 1}),
        )
        .await;
    assert_eq!(
        (status, err["error"]["code"].clone()),
        (StatusCode::CONFLICT, json!("stale"))
    );
    assert_eq!(err["error"]["current"]["value"], json!({"impact": "some"}));
    assert_eq!(err["error"]["current"]["revision"], 2);

    let role = s.role().await;
    let (status, _) = s
        .put_field(
            &format!("aspects:{role}"),
            json!({"value": ["Betrouwbaarheid", " proactief ", "betrouwbaarheid"], "op_id": "f4"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    s.put_field(
        "job_titles",
        json!({"value": ["Verkoper binnendienst"], "op_id": "f5"}),
    )
    .await;
    s.put_field(
        "education_in_5_years",
        json!({"value": ["hbo", "mbo4"], "op_id": "f6"}),
    )
    .await;

    let (_, iv) = s
        .app
        .get_json(&format!("/api/v1/interviews/{}", s.interview))
        .await;
    let fields: std::collections::BTreeMap<String, Value> = iv["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["key"].as_str().unwrap().to_string(), f["value"].clone()))
        .collect();
    assert_eq!(
        fields[&format!("aspects:{role}")],
        json!(["Betrouwbaarheid", "proactief"])
    );
    assert_eq!(
        fields["education_in_5_years"],
        json!(["mbo4", "hbo"]),
        "levels in order"
    );
    assert_eq!(fields[key], json!({"impact": "some"}));
    assert_eq!(fields["job_titles"], json!(["Verkoper binnendienst"]));

    let (status, h) = s
        .app
        .get_json(&format!(
            "/api/v1/interviews/{}/fields/{key}/history",
            s.interview
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    let h = h.as_array().unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(
        (h[0]["old_value"].clone(), h[0]["new_value"].clone()),
        (
            Value::Null,
            json!({"impact": "large", "note": "Verpakking"})
        )
    );
    assert_eq!(
        h[1]["old_value"],
        json!({"impact": "large", "note": "Verpakking"})
    );
    assert_eq!(h[1]["actor"], common::TESTER);
    s.app.cleanup().await;
}

async fn bad_fields_are_refused_and_write_nothing(kind: Kind) {
    let Some(s) = setup(kind).await else { return };
    let cases = [
        (
            "trends",
            json!({"value": [], "op_id": "b1"}),
            "unknown field",
        ),
        (
            "trend:weather",
            json!({"value": {"impact": "large"}, "op_id": "b2"}),
            "six trends",
        ),
        (
            "trend:sustainability",
            json!({"value": {"impact": "huge"}, "op_id": "b3"}),
            "impact",
        ),
        (
            &format!("aspects:{}", s.items[0]),
            json!({"value": ["x"], "op_id": "b4"}),
            "not a role",
        ),
        (
            "aspects:00000000-0000-4000-8000-000000000000",
            json!({"value": ["x"], "op_id": "b5"}),
            "not a role",
        ),
        (
            "job_titles",
            json!({"value": "Verkoper", "op_id": "b6"}),
            "list of short texts",
        ),
        (
            "job_titles",
            json!({"value": ["x".repeat(101)], "op_id": "b7"}),
            "at most 100",
        ),
        (
            "education_now",
            json!({"value": ["mbo5"], "op_id": "b8"}),
            "education levels",
        ),
        (
            "education_now",
            json!({"value": ["hbo"], "op_id": ""}),
            "op_id",
        ),
    ];
    for (key, body, says) in cases {
        let (status, err) = s.put_field(key, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{key}: {err}");
        let message = err["error"]["message"].as_str().unwrap_or_default();
        assert!(
            message.contains(says),
            "{key}: {message:?} should say {says:?}"
        );
    }
    let (status, err) = s
        .put_field(
            "job_titles",
            json!({"value": ["x".repeat(101)], "op_id": "b9"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        err["error"]["details"][0]["at"], "/value/0",
        "the place of the problem"
    );
    assert_eq!(s.field_events().await, 0);
    s.app.cleanup().await;
}

async fn metadata_changes_are_checked_whole(kind: Kind) {
    let Some(s) = setup(kind).await else { return };
    let patch = |body: Value| {
        Request::patch(format!("/api/v1/interviews/{}", s.interview))
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    let res = s.app.send(patch(json!({"organisation": "Nieuw BV (fictief)", "consent": true, "notes": "Belafspraak", "mode": "phone"}))).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = s
        .app
        .send(patch(
            json!({"organisation": "Weer anders", "held_on": "27-11-2026"}),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (_, iv) = s
        .app
        .get_json(&format!("/api/v1/interviews/{}", s.interview))
        .await;
    assert_eq!(
        iv["organisation"], "Nieuw BV (fictief)",
        "a refused patch changes nothing"
    );
    assert_eq!(
        (
            iv["consent"].clone(),
            iv["notes"].clone(),
            iv["mode"].clone()
        ),
        (json!(true), json!("Belafspraak"), json!("phone"))
    );
    assert_eq!(iv["held_on"], "2026-11-20");
    // The accepted change is in the study's audit log (which names the fields, not the notes).
    let (_, log) = s
        .app
        .get_json(&format!("/api/v1/studies/{}/audit", s.study))
        .await;
    let updated: Vec<&Value> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "interview.updated")
        .collect();
    assert_eq!(updated.len(), 1, "{log}");
    assert_eq!(
        updated[0]["details"]["changed"],
        json!(["organisation", "mode", "notes"]),
        "consent was given already"
    );
    assert!(!updated[0]["details"].to_string().contains("Belafspraak"));
    let res = s
        .app
        .send(patch(json!({"organization": "Typfout BV"})))
        .await;
    assert!(
        res.status().is_client_error(),
        "a misspelt field is refused, not ignored"
    );
    let body = common::body_text(res).await;
    assert!(body.contains("organization"), "{body}");
    let res = s.app.send(patch(json!({"notes": "", "held_on": ""}))).await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, iv) = s
        .app
        .get_json(&format!("/api/v1/interviews/{}", s.interview))
        .await;
    assert_eq!(
        (iv["notes"].clone(), iv["held_on"].clone()),
        (Value::Null, Value::Null),
        "empty clears"
    );
    s.app.cleanup().await;
}

async fn aspect_suggestions_count_interviews(kind: Kind) {
    let Some(s) = setup(kind).await else { return };
    let role = s.role().await;
    s.put_field(
        &format!("aspects:{role}"),
        json!({"value": ["proactief", "Betrouwbaarheid"], "op_id": "a1"}),
    )
    .await;
    let second = s.another_interview("Tweede BV (fictief)").await;
    let req = Request::put(format!("/api/v1/interviews/{second}/fields/aspects:{role}"))
        .header("content-type", "application/json")
        .body(Body::from(
            json!({"value": ["betrouwbaarheid"], "op_id": "a2"}).to_string(),
        ))
        .unwrap();
    assert_eq!(s.app.send(req).await.status(), StatusCode::OK);
    let (status, tags) = s
        .app
        .get_json(&format!("/api/v1/studies/{}/aspects", s.study))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        tags,
        json!([{"tag": "Betrouwbaarheid", "count": 2}, {"tag": "proactief", "count": 1}])
    );

    // The same through the browser's door.
    let (_, by_fn) = s
        .app
        .call_fn("/sfn/interviews/aspects", &[("study_id", &s.study)])
        .await;
    assert_eq!(by_fn, tags);
    let ops = json!([{"key": "related_occupations", "value": ["Inkoper"], "op_id": "a3"}, {"key": "nope", "value": [], "op_id": "a4"}]);
    let (status, results) = s
        .app
        .call_fn_json(
            "/sfn/interviews/save_fields",
            json!({"interview_id": s.interview, "ops": ops}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{results}");
    assert_eq!(
        (results[0]["status"].clone(), results[1]["status"].clone()),
        (json!(200), json!(422))
    );
    let (status, err) = s
        .app
        .call_fn_json(
            "/sfn/interviews/save_fields",
            json!({"interview_id": s.interview, "ops": "not a list"}),
        )
        .await;
    assert_eq!(
        (status, err["code"].clone()),
        (StatusCode::BAD_REQUEST, json!("malformed"))
    );
    assert_eq!(
        s.field_events().await,
        3,
        "nothing written by the refused calls"
    );
    s.put(&s.items[0], json!({"rating": "partly", "op_id": "a5"}))
        .await;
    let (status, h) = s
        .app
        .call_fn(
            "/sfn/interviews/history",
            &[("interview_id", &s.interview), ("item_id", &s.items[0])],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h[0]["new_rating"], "partly");
    let (status, updated) = s
        .app
        .call_fn_json(
            "/sfn/interviews/update",
            json!({"interview_id": s.interview, "patch": {
                "organisation": "Via formulier BV (fictief)",
                "sbi_section": "h",
                "respondent_function": "Teamleider",
                "held_on": "2026-11-21",
                "mode": "on_site",
                "notes": "",
                "consent": true,
            }}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(
        (updated["sbi_section"].clone(), updated["consent"].clone()),
        (json!("H"), json!(true))
    );
    // The edit names the revision it was made on; an older one is refused as stale.
    let mut stale = json!({"interview_id": s.interview, "patch": {
        "organisation": "Oude kopie BV (fictief)",
        "sbi_section": "G",
        "base_revision": 1,
    }});
    let (status, err) = s
        .app
        .call_fn_json("/sfn/interviews/update", stale.clone())
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["code"], "stale");
    assert_eq!(err["current"]["organisation"], "Via formulier BV (fictief)");
    assert_eq!(err["current"]["revision"], 2);
    stale["patch"]["base_revision"] = json!("twee");
    let (status, err) = s.app.call_fn_json("/sfn/interviews/update", stale).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert_eq!(err["code"], "malformed");
    let (_, iv) = s
        .app
        .get_json(&format!("/api/v1/interviews/{}", s.interview))
        .await;
    assert_eq!(iv["revision"], 2, "a refused form writes nothing");
    s.app.cleanup().await;
}

async fn a_details_edit_on_an_older_revision_is_stale(kind: Kind) {
    let Some(s) = setup(kind).await else { return };
    let send = |body: Value| {
        let req = Request::patch(format!("/api/v1/interviews/{}", s.interview))
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        let app = &s.app;
        async move {
            let res = app.send(req).await;
            let status = res.status();
            let body: Value = serde_json::from_str(&common::body_text(res).await).unwrap();
            (status, body)
        }
    };
    let (_, iv) = s
        .app
        .get_json(&format!("/api/v1/interviews/{}", s.interview))
        .await;
    assert_eq!(iv["revision"], 1);

    let (status, saved) =
        send(json!({"organisation": "Collega BV (fictief)", "base_revision": 1})).await;
    assert_eq!(
        (status, saved["revision"].clone()),
        (StatusCode::OK, json!(2))
    );
    // A second copy of the form, still on revision 1:
    let (status, err) =
        send(json!({"respondent_function": "Filiaalmanager", "base_revision": 1})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["error"]["code"], "stale");
    assert_eq!(
        err["error"]["current"]["organisation"],
        "Collega BV (fictief)"
    );
    assert_eq!(err["error"]["current"]["revision"], 2);
    let (_, iv) = s
        .app
        .get_json(&format!("/api/v1/interviews/{}", s.interview))
        .await;
    assert_eq!(
        (iv["respondent_function"].clone(), iv["revision"].clone()),
        (Value::Null, json!(2)),
        "nothing written"
    );

    // On the stored revision the same change goes through; a refused one bumps nothing.
    let (status, _) =
        send(json!({"respondent_function": "Filiaalmanager", "base_revision": 2})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = send(json!({"held_on": "gisteren", "base_revision": 3})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // A base revision that is not a number is refused and writes nothing.
    let (status, err) = send(json!({"notes": "Onzin", "base_revision": "twee"})).await;
    assert!(status.is_client_error(), "{status} {err}");
    assert!(err.to_string().contains("base_revision"), "{err}");
    // Without a base revision an edit applies to whatever is stored (API clients that choose so).
    let (status, saved) = send(json!({"notes": "Zonder basis"})).await;
    assert_eq!(
        (status, saved["revision"].clone()),
        (StatusCode::OK, json!(4))
    );

    // Two edits on the same revision at once: exactly one lands.
    let (a, b) = tokio::join!(
        send(json!({"organisation": "Eerste BV (fictief)", "base_revision": 4})),
        send(json!({"organisation": "Tweede BV (fictief)", "base_revision": 4})),
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{a:?} {b:?}"
    );
    let (_, iv) = s
        .app
        .get_json(&format!("/api/v1/interviews/{}", s.interview))
        .await;
    assert_eq!(iv["revision"], 5);
    let winner = if a.0 == StatusCode::OK { &a.1 } else { &b.1 };
    assert_eq!(iv["organisation"], winner["organisation"]);
    s.app.cleanup().await;
}

/// An op_id names a change within one interview: two interviews' queues may use the same id
/// (a device reused, a copied queue), and each is one change of its own interview.
async fn an_op_id_is_scoped_to_its_interview(kind: Kind) {
    let Some(s) = setup(kind).await else { return };
    let second = s.another_interview("Zelfde op BV (fictief)").await;
    let body = json!({"rating": "recognised", "op_id": "shared-op"});
    assert_eq!(
        s.put_to(&s.interview, &s.items[0], body.clone()).await,
        StatusCode::OK
    );
    assert_eq!(s.put_to(&second, &s.items[0], body).await, StatusCode::OK);
    assert_eq!(s.events().await, 2, "two changes, not one replay");
    for iv in [&s.interview, &second] {
        let (_, view) = s.app.get_json(&format!("/api/v1/interviews/{iv}")).await;
        assert_eq!(view["answers"][0]["rating"], "recognised", "{view}");
    }
    s.app.cleanup().await;
}

async fn the_list_shows_each_interviews_progress(kind: Kind) {
    let Some(s) = setup(kind).await else { return };
    for item in &s.items[..3] {
        let body = json!({"rating": "recognised", "op_id": format!("p-{item}")});
        assert_eq!(s.put_to(&s.interview, item, body).await, StatusCode::OK);
    }
    let second = s.another_interview("Tweede BV (fictief)").await;
    let body = json!({"rating": "partly", "op_id": "q-1"});
    assert_eq!(s.put_to(&second, &s.items[7], body).await, StatusCode::OK);
    // A third interview, untouched, is listed with nothing answered.
    s.another_interview("Derde BV (fictief)").await;

    let (status, list) = s
        .app
        .get_json(&format!("/api/v1/studies/{}/interviews", s.study))
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let progress: Vec<(&str, u64, u64)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|iv| {
            (
                iv["organisation"].as_str().unwrap(),
                iv["answered"].as_u64().unwrap(),
                iv["items"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        progress,
        vec![
            ("Voorbeeld BV (fictief)", 3, 193),
            ("Tweede BV (fictief)", 1, 193),
            ("Derde BV (fictief)", 0, 193),
        ]
    );
    s.app.cleanup().await;
}

on_both_databases!(
    an_op_id_is_scoped_to_its_interview,
    server_functions_for_interviews,
    concurrent_writers_all_get_acknowledged,
    two_instances_apply_each_op_once,
    the_same_op_twice_is_one_change,
    stale_base_revision_is_a_conflict_with_the_current_value,
    history_lists_every_change,
    a_replayed_batch_applies_exactly_once_in_order,
    a_batch_decides_each_op_against_the_ones_before_it,
    bad_writes_are_refused_and_write_nothing,
    only_its_interviewer_or_a_coordinator_may_change_an_interview,
    fields_are_written_once_per_op_with_history,
    bad_fields_are_refused_and_write_nothing,
    metadata_changes_are_checked_whole,
    a_details_edit_on_an_older_revision_is_stale,
    aspect_suggestions_count_interviews,
    the_list_shows_each_interviews_progress,
);
