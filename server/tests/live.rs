//! Live aggregation on SQLite and PostgreSQL: the aggregate and its filters, versioned
//! thresholds, and the live stream (resume with `Last-Event-ID`, resync when too far behind,
//! a slow client skipped ahead without slowing a fast one). On PostgreSQL also: a write through
//! one instance reaches a stream of another within a second, and an event whose NOTIFY never
//! came is still delivered.

mod common;

use std::time::{Duration, Instant};

use axum::body::Body;
use common::sse::Stream;
use common::{Kind, TestApp};
use http::{Method, Request, StatusCode};
use serde_json::{Value, json};
use tower::ServiceExt;

struct Scene {
    app: TestApp,
    study: String,
    items: Vec<String>,
    qualifications: Vec<String>,
}

async fn scene(kind: Kind) -> Option<Scene> {
    let app = TestApp::new(kind).await?;
    let study = app.new_study("Live").await;
    let (_, books) = app.get_json("/api/v1/codebooks").await;
    let codebook = books[0]["id"].as_str().unwrap().to_string();
    let (_, tree) = app.get_json(&format!("/api/v1/codebooks/{codebook}")).await;
    let of_kind = |kind: &str| -> Vec<String> {
        tree["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == kind)
            .map(|n| n["id"].as_str().unwrap().to_string())
            .collect()
    };
    Some(Scene {
        items: of_kind("item"),
        qualifications: of_kind("qualification"),
        study,
        app,
    })
}

async fn send(app: &TestApp, method: Method, path: &str, body: Value) -> (StatusCode, Value) {
    let req = Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let res = app.send(req).await;
    let status = res.status();
    let text = common::body_text(res).await;
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn interview(app: &TestApp, study: &str, sbi: &str, held_on: &str) -> String {
    let (status, body) = app
        .post_json(
            &format!("/api/v1/studies/{study}/interviews"),
            json!({"organisation": "Voorbeeld BV (fictief)", "sbi_section": sbi, "held_on": held_on}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_str().unwrap().to_string()
}

async fn rate(app: &TestApp, interview: &str, item: &str, rating: &str) {
    let (status, body) = send(
        app,
        Method::PUT,
        &format!("/api/v1/interviews/{interview}/answers/{item}"),
        json!({"rating": rating, "op_id": uuid::Uuid::new_v4().to_string()}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn aggregate(app: &TestApp, study: &str, query: &str) -> (StatusCode, Value) {
    app.get_json(&format!("/api/v1/studies/{study}/aggregate{query}"))
        .await
}

fn item<'a>(view: &'a Value, id: &str) -> &'a Value {
    view["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item_id"] == id)
        .unwrap_or_else(|| panic!("item {id} is not in {view}"))
}

fn counts(view: &Value, id: &str) -> (u64, u64, u64, u64) {
    let c = &item(view, id)["counts"];
    let n = |k: &str| c[k].as_u64().unwrap();
    (
        n("recognised"),
        n("partly"),
        n("not_recognised"),
        n("not_discussed"),
    )
}

/// Four interviews: three in section G (2, 3 and 4 November), one in C (20 November).
/// Item 0: G recognised ×3, C not recognised → rate exactly 0.75, good.
/// Item 1: partly ×2, not discussed ×2 → n = 2 < min n, insufficient data.
/// Item 2: recognised, partly, not recognised (G) → rate exactly 0.50, partial.
async fn rated_scene(s: &Scene) -> Vec<String> {
    let app = &s.app;
    let mut ivs = Vec::new();
    for (sbi, day) in [("G", "02"), ("G", "03"), ("G", "04"), ("C", "20")] {
        ivs.push(interview(app, &s.study, sbi, &format!("2026-11-{day}")).await);
    }
    for iv in &ivs[..3] {
        rate(app, iv, &s.items[0], "recognised").await;
    }
    rate(app, &ivs[3], &s.items[0], "not_recognised").await;
    for (iv, r) in ivs
        .iter()
        .zip(["partly", "partly", "not_discussed", "not_discussed"])
    {
        rate(app, iv, &s.items[1], r).await;
    }
    for (iv, r) in ivs.iter().zip(["recognised", "partly", "not_recognised"]) {
        rate(app, iv, &s.items[2], r).await;
    }
    ivs
}

async fn aggregate_counts_filters_and_verdicts(kind: Kind) {
    let Some(s) = scene(kind).await else { return };
    let app = &s.app;
    let ivs = rated_scene(&s).await;
    let (status, all) = aggregate(app, &s.study, "").await;
    assert_eq!(status, StatusCode::OK, "{all}");
    assert_eq!(all["threshold_version"], 1);
    assert_eq!(all["respondents"], 4);
    assert_eq!(all["items"].as_array().unwrap().len(), s.items.len());
    assert_eq!(counts(&all, &s.items[0]), (3, 0, 1, 0));
    let i0 = item(&all, &s.items[0]);
    assert_eq!(
        (i0["n"].as_u64(), i0["rate"].as_f64()),
        (Some(4), Some(0.75))
    );
    assert_eq!(i0["verdict"], "good", "a rate of exactly good_min is good");
    assert_eq!(i0["stable"], false, "four answers leave the interval wide");
    assert_eq!(item(&all, &s.items[1])["verdict"], "insufficient_data");
    assert_eq!(item(&all, &s.items[1])["n"], 2);
    assert_eq!(item(&all, &s.items[2])["verdict"], "partial");
    assert_eq!(item(&all, &s.items[3])["verdict"], "insufficient_data");
    assert_eq!(item(&all, &s.items[3])["rate"], Value::Null);
    assert_eq!(
        all["coverage"],
        json!([{"sbi_section": "C", "respondents": 1}, {"sbi_section": "G", "respondents": 3}])
    );

    let (_, g) = aggregate(app, &s.study, "?sbi_section=G").await;
    assert_eq!(g["respondents"], 3);
    assert_eq!(counts(&g, &s.items[0]), (3, 0, 0, 0));
    assert_eq!(item(&g, &s.items[0])["verdict"], "good");
    let (_, workshops) = aggregate(app, &s.study, "?source=workshop").await;
    assert_eq!(workshops["respondents"], 0);
    assert_eq!(counts(&workshops, &s.items[0]), (0, 0, 0, 0));
    let (_, interviews) = aggregate(app, &s.study, "?source=interview").await;
    assert_eq!(interviews["respondents"], 4);
    let (_, dated) = aggregate(app, &s.study, "?from=2026-11-03&to=2026-11-10").await;
    assert_eq!(dated["respondents"], 2);
    assert_eq!(counts(&dated, &s.items[2]), (0, 1, 1, 0));
    let (_, me) = app.get_json("/api/v1/session").await;
    let my_id = me["user"]["id"].as_str().or(me["id"].as_str()).unwrap();
    let (_, mine) = aggregate(app, &s.study, &format!("?interviewer={my_id}")).await;
    assert_eq!(mine["respondents"], 4);
    let (_, nobody) = aggregate(
        app,
        &s.study,
        "?interviewer=00000000-0000-4000-8000-000000000000",
    )
    .await;
    assert_eq!(nobody["respondents"], 0);

    // Another interviewer takes interview 0 over: the interviewer filter follows at once.
    let tweede = app.user_with_token("tweede@example.test").await;
    let member = app
        .join(&s.study, "tweede@example.test", "interviewer", &tweede)
        .await;
    let other = member["user_id"].as_str().unwrap();
    let (status, body) = send(
        app,
        Method::PUT,
        &format!("/api/v1/interviews/{}/interviewer", ivs[0]),
        json!({"user_id": other}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let (_, theirs) = aggregate(app, &s.study, &format!("?interviewer={other}")).await;
        if theirs["respondents"] == 1 {
            assert_eq!(counts(&theirs, &s.items[0]), (1, 0, 0, 0));
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the reassignment never reached the aggregate"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let q = &s.qualifications[0];
    let (status, one) = aggregate(app, &s.study, &format!("?qualification={q}")).await;
    assert_eq!(status, StatusCode::OK, "{one}");
    let listed = one["items"].as_array().unwrap().len();
    assert!(listed > 0 && listed <= s.items.len());
    let top = &one["roll_ups"][0];
    assert_eq!(top["node_id"], q.as_str());
    let total: u64 = ["good", "partial", "insufficient", "insufficient_data"]
        .iter()
        .map(|k| top["items"][k].as_u64().unwrap())
        .sum();
    assert_eq!(
        total as usize, listed,
        "the qualification rolls up all its items"
    );

    for (query, field) in [
        ("?source=survey", "source"),
        ("?from=gisteren", "from"),
        ("?sbi_section=Z", "sbi_section"),
        (&*format!("?qualification={}", s.items[0]), "qualification"),
    ] {
        let (status, body) = aggregate(app, &s.study, query).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
        assert_eq!(body["error"]["field"], field, "{query}: {body}");
    }

    // The server function is the same service.
    let (status, via_fn) = app
        .call_fn_json(
            "/sfn/dashboard/aggregate",
            json!({"study_id": s.study, "query": {"sbi_section": "G"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{via_fn}");
    let (_, g_now) = aggregate(app, &s.study, "?sbi_section=G").await;
    assert_eq!(via_fn, g_now);

    // Kept up to date one change at a time, it equals a fresh instance's recompute.
    let (_, before) = aggregate(app, &s.study, "").await;
    let fresh = server::startup::prepare(&app.test_db.cfg, &common::serve_cfg())
        .await
        .unwrap();
    let router = server::http::router(fresh.clone());
    let bearer = app.bearer.clone().unwrap();
    let req = Request::get(format!("/api/v1/studies/{}/aggregate", s.study))
        .header("authorization", format!("Bearer {bearer}"))
        .body(Body::empty())
        .unwrap();
    let res = router.oneshot(req).await.unwrap();
    let recomputed: Value = serde_json::from_str(&common::body_text(res).await).unwrap();
    assert_eq!(before, recomputed);

    // The drill-down: every answer to item 2 with the distributions.
    let (status, detail) = app
        .get_json(&format!("/api/v1/studies/{}/items/{}", s.study, s.items[2]))
        .await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    assert_eq!(detail["answers"].as_array().unwrap().len(), 3);
    assert_eq!(
        detail["answers"][0]["organisation"], "Voorbeeld BV (fictief)",
        "coordinators see the organisation"
    );
    assert!(
        detail["distributions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["by"] == "sbi_section" && d["key"] == "G" && d["counts"]["partly"] == 1)
    );
    let (status, _) = app
        .get_json(&format!("/api/v1/studies/{}/items/{}", s.study, ivs[0]))
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "an interview id is not an item"
    );
    s.app.cleanup().await;
}

async fn thresholds_are_versioned_and_audited(kind: Kind) {
    let Some(s) = scene(kind).await else { return };
    let app = &s.app;
    rated_scene(&s).await;
    let path = format!("/api/v1/studies/{}/thresholds", s.study);
    let (status, versions) = app.get_json(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(versions.as_array().unwrap().len(), 1);
    assert_eq!(
        (
            &versions[0]["version"],
            &versions[0]["good_min"],
            &versions[0]["min_n"]
        ),
        (&json!(1), &json!(0.75), &json!(3))
    );

    let (status, v2) = send(
        app,
        Method::PUT,
        &path,
        json!({"good_min": 0.8, "partial_min": 0.5, "min_n": 2}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v2}");
    assert_eq!(v2["version"], 2);
    let (_, versions) = app.get_json(&path).await;
    assert_eq!(versions.as_array().unwrap().len(), 2);
    let (_, all) = aggregate(app, &s.study, "").await;
    assert_eq!(all["threshold_version"], 2);
    assert_eq!(all["thresholds"]["good_min"], 0.8);
    assert_eq!(item(&all, &s.items[0])["verdict"], "partial", "0.75 < 0.8");
    assert_eq!(
        item(&all, &s.items[1])["verdict"],
        "partial",
        "n = 2 now counts"
    );

    let (_, audit) = app
        .get_json(&format!("/api/v1/studies/{}/audit", s.study))
        .await;
    assert!(
        audit.to_string().contains("thresholds.changed"),
        "the change is in the study's log: {audit}"
    );

    for (body, field) in [
        (
            json!({"good_min": 0.5, "partial_min": 0.5, "min_n": 3}),
            "partial_min",
        ),
        (
            json!({"good_min": 1.5, "partial_min": 0.5, "min_n": 3}),
            "good_min",
        ),
        (
            json!({"good_min": 0.8, "partial_min": -0.1, "min_n": 3}),
            "partial_min",
        ),
        (
            json!({"good_min": 0.8, "partial_min": 0.5, "min_n": 0}),
            "min_n",
        ),
        (json!({"good_min": 0.8, "partial_min": 0.5}), "."),
        (
            json!({"good_min": 0.8, "partial_min": 0.5, "min_n": 3, "colour": "red"}),
            ".",
        ),
    ] {
        let (status, err) = send(app, Method::PUT, &path, body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {err}");
        if field != "." {
            assert_eq!(err["error"]["field"], field, "{body}: {err}");
        }
    }
    let (_, versions) = app.get_json(&path).await;
    assert_eq!(
        versions.as_array().unwrap().len(),
        2,
        "refusals add nothing"
    );

    let viewer = app.user_with_token("viewer@example.test").await;
    app.join(&s.study, "viewer@example.test", "viewer", &viewer)
        .await;
    let req = Request::put(&path)
        .header("authorization", format!("Bearer {viewer}"))
        .header("content-type", "application/json")
        .body(Body::from(
            json!({"good_min": 0.9, "partial_min": 0.5, "min_n": 3}).to_string(),
        ))
        .unwrap();
    assert_eq!(app.send(req).await.status(), StatusCode::FORBIDDEN);
    let req = Request::get(&path)
        .header("authorization", format!("Bearer {viewer}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.send(req).await.status(), StatusCode::OK, "viewers read");
    s.app.cleanup().await;
}

async fn live_stream_resumes_with_nothing_missed(kind: Kind) {
    let Some(s) = scene(kind).await else { return };
    let app = &s.app;
    let iv = interview(app, &s.study, "G", "2026-11-02").await;
    let mut stream = Stream::open(app, &s.study, None).await;
    let first = stream.expect("resync").await;
    assert_eq!(first.event, "resync");
    assert_eq!(first.data["type"], "resync");
    assert_eq!(first.data["snapshot"]["event_id"], first.id);
    assert_eq!(first.data["snapshot"]["respondents"], 1);

    rate(app, &iv, &s.items[0], "recognised").await;
    let answer = stream.expect("answer").await;
    assert_eq!(answer.event, "answer");
    assert!(answer.id > first.id);
    assert_eq!(answer.data["item_id"], s.items[0].as_str());
    assert_eq!(answer.data["interview_id"], iv.as_str());
    assert_eq!(answer.data["value"]["rating"], "recognised");
    assert_eq!(answer.data["item"]["counts"]["recognised"], 1);
    assert_eq!(answer.data["item"]["verdict"], "insufficient_data");
    assert_eq!(answer.data["threshold_version"], 1);
    drop(stream);

    // Missed while away: three answers, a new interview, a field, new thresholds.
    for item in &s.items[1..4] {
        rate(app, &iv, item, "partly").await;
    }
    let second = interview(app, &s.study, "C", "2026-11-05").await;
    let (status, body) = send(
        app,
        Method::PUT,
        &format!("/api/v1/interviews/{iv}/fields/job_titles"),
        json!({"value": ["Verkoper"], "op_id": uuid::Uuid::new_v4().to_string()}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = send(
        app,
        Method::PUT,
        &format!("/api/v1/studies/{}/thresholds", s.study),
        json!({"good_min": 0.8, "partial_min": 0.5, "min_n": 1}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    let mut resumed = Stream::open(app, &s.study, Some(&answer.id.to_string())).await;
    let mut got = Vec::new();
    for _ in 0..6 {
        got.push(resumed.expect("missed").await);
    }
    let kinds: Vec<&str> = got.iter().map(|e| e.event.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "answer",
            "answer",
            "answer",
            "interview",
            "field",
            "thresholds"
        ]
    );
    assert!(got.windows(2).all(|w| w[0].id < w[1].id), "in order");
    assert!(got[0].id > answer.id);
    assert_eq!(got[3].data["respondent"]["sbi_section"], "C");
    assert_eq!(got[3].data["interview_id"], second.as_str());
    assert_eq!(got[4].data["key"], "job_titles");
    assert_eq!(got[5].data["thresholds"]["version"], 2);
    assert!(
        resumed.next(Duration::from_millis(300)).await.is_none(),
        "nothing twice, nothing extra"
    );
    // And it goes on live.
    rate(app, &second, &s.items[0], "recognised").await;
    let live = resumed.expect("answer").await;
    assert_eq!(live.data["item"]["counts"]["recognised"], 2);
    assert_eq!(live.data["item"]["verdict"], "good", "min n is 1 now");
    assert_eq!(live.data["threshold_version"], 2);

    // A tab taking over another's stream names the last id in the query: nothing missed, nothing
    // twice.
    let path = format!("/api/v1/studies/{}/live?last_event_id={}", s.study, live.id);
    let mut taken_over = Stream::open_at(app, &path, None).await;
    assert!(taken_over.next(Duration::from_millis(300)).await.is_none());
    rate(app, &second, &s.items[1], "recognised").await;
    let next = taken_over.expect("answer").await;
    assert_eq!(next.data["item_id"], s.items[1].as_str());

    // From too far back, or from nonsense: a resync with the whole state.
    for last in ["0", "not-a-number"] {
        let mut again = Stream::open(app, &s.study, Some(last)).await;
        let e = again.expect("resync").await;
        assert_eq!(e.event, "resync", "Last-Event-ID {last}");
        assert_eq!(e.id, next.id);
        assert_eq!(e.data["snapshot"]["respondents"], 2);
    }
    s.app.cleanup().await;
}

async fn a_slow_client_is_skipped_ahead_and_does_not_slow_others(kind: Kind) {
    let Some(s) = scene(kind).await else { return };
    let app = &s.app;
    let mut ivs = Vec::new();
    for _ in 0..4 {
        ivs.push(interview(app, &s.study, "G", "2026-11-02").await);
    }
    let mut slow = Stream::open(app, &s.study, None).await;
    slow.expect("resync").await;
    let mut fast = Stream::open(app, &s.study, None).await;
    fast.expect("resync").await;
    let (tx, rx) = tokio::sync::oneshot::channel::<(usize, usize)>();
    let reader = tokio::spawn(async move {
        let (mut answers, mut resyncs) = (0, 0);
        while let Some(e) = fast.next(Duration::from_secs(10)).await {
            match e.event.as_str() {
                "answer" => answers += 1,
                "resync" => resyncs += 1,
                _ => {}
            }
            if answers == 1200 {
                break;
            }
        }
        tx.send((answers, resyncs)).ok();
    });
    // 4 interviews × 150 items × 2 ratings = 1,200 events: more than a subscriber may lag.
    for iv in &ivs {
        let ops: Vec<Value> = s.items[..150]
            .iter()
            .flat_map(|item| {
                ["recognised", "partly"].map(|rating| {
                    json!({"item_id": item, "rating": rating,
                        "op_id": uuid::Uuid::new_v4().to_string()})
                })
            })
            .collect();
        let (status, body) = app
            .post_json(
                &format!("/api/v1/interviews/{iv}/answers:batch"),
                json!({"ops": ops}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (answers, resyncs) = tokio::time::timeout(Duration::from_secs(30), rx)
        .await
        .expect("the fast client got everything in time")
        .unwrap();
    reader.await.unwrap();
    assert_eq!(
        (answers, resyncs),
        (1200, 0),
        "the fast client missed nothing"
    );

    let first = slow.expect("resync").await;
    assert_eq!(first.event, "resync", "the slow client is skipped ahead");
    let (_, now) = aggregate(app, &s.study, "").await;
    assert_eq!(first.data["snapshot"]["items"], now["items"]);
    assert_eq!(counts(&now, &s.items[0]), (0, 4, 0, 0));
    s.app.cleanup().await;
}

on_both_databases!(
    aggregate_counts_filters_and_verdicts,
    thresholds_are_versioned_and_audited,
    live_stream_resumes_with_nothing_missed,
    a_slow_client_is_skipped_ahead_and_does_not_slow_others,
);

/// A second instance on the same database, as a second server process would be.
async fn second_instance(app: &TestApp) -> axum::Router {
    let state = server::startup::prepare(&app.test_db.cfg, &common::serve_cfg())
        .await
        .unwrap();
    server::http::router(state)
}

async fn open_on(router: &axum::Router, bearer: &str, study: &str) -> Stream {
    let req = Request::get(format!("/api/v1/studies/{study}/live"))
        .header("authorization", format!("Bearer {bearer}"))
        .body(Body::empty())
        .unwrap();
    let res = router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    Stream::of(res)
}

#[tokio::test]
async fn postgres_a_write_on_one_instance_reaches_a_stream_on_another_within_a_second() {
    let Some(s) = scene(Kind::Postgres).await else {
        return;
    };
    let app = &s.app;
    let iv = interview(app, &s.study, "G", "2026-11-02").await;
    let other = second_instance(app).await;
    let bearer = app.bearer.clone().unwrap();
    let mut stream = open_on(&other, &bearer, &s.study).await;
    stream.expect("resync").await;
    for (n, item) in s.items[..5].iter().enumerate() {
        let written = Instant::now();
        rate(app, &iv, item, "recognised").await;
        let e = stream.expect("answer").await;
        let took = written.elapsed();
        assert_eq!(e.data["item_id"], item.as_str(), "write {n}");
        assert!(
            took < Duration::from_secs(1),
            "write {n} took {took:?} to reach the other instance"
        );
    }
    s.app.cleanup().await;
}

#[tokio::test]
async fn postgres_an_event_without_its_notify_is_still_delivered() {
    use sea_orm::ConnectionTrait;
    let Some(s) = scene(Kind::Postgres).await else {
        return;
    };
    let app = &s.app;
    let iv = interview(app, &s.study, "G", "2026-11-02").await;
    let other = second_instance(app).await;
    let mut stream = open_on(&other, &app.bearer.clone().unwrap(), &s.study).await;
    stream.expect("resync").await;
    // A change committed without a NOTIFY, as if the notification were lost.
    let sql = format!(
        "INSERT INTO events (kind, study_id, scope_id, target, op_id, op_key, request_hash, \
         actor_id, at, revision, old_value, new_value) VALUES ('field', '{study}', '{iv}', \
         'job_titles', 'lost-notify', 'field:{iv}:lost-notify', 'x', '{iv}', now(), 1, NULL, \
         '[\"Verkoper\"]')",
        study = s.study
    );
    app.db.execute_unprepared(&sql).await.unwrap();
    let e = stream.expect("field").await;
    assert_eq!(e.event, "field");
    assert_eq!(e.data["interview_id"], iv.as_str());
    s.app.cleanup().await;
}
