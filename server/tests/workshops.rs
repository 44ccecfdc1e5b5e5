//! Workshops on SQLite and PostgreSQL: create, join with a code (any case; a wrong, closed or
//! never-issued code is the same 404; wrong codes throttled per address while a room joins),
//! the participant cap (also under a burst of joins), paced and self-paced voting through the
//! op journal (a replay is one vote, even after its round ended), blind rounds, reveal and
//! re-vote, close; the votes counted in the study as source `workshop` (last round); and the
//! live streams (facilitators see every vote, participants only what was revealed).

mod common;

use std::time::Duration;

use axum::body::Body;
use common::sse::Stream;
use common::{Kind, TestApp};
use http::{Method, Request, StatusCode};
use serde_json::{Value, json};

struct Scene {
    app: TestApp,
    study: String,
    role: String,
    /// The role's items, in display order.
    items: Vec<String>,
}

async fn scene(kind: Kind) -> Option<Scene> {
    let app = TestApp::new(kind).await?;
    let study = app.new_study("Werkveldbijeenkomst").await;
    let (_, books) = app.get_json("/api/v1/codebooks").await;
    let codebook = books[0]["id"].as_str().unwrap().to_string();
    let (_, tree) = app.get_json(&format!("/api/v1/codebooks/{codebook}")).await;
    let nodes = tree["nodes"].as_array().unwrap();
    let role = nodes.iter().find(|n| n["kind"] == "role").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    // The role's items: every item below it, in display order.
    let mut inside = vec![role.clone()];
    let mut items = Vec::new();
    for n in nodes {
        let parent = n["parent_id"].as_str().unwrap_or_default();
        if inside.iter().any(|i| i == parent) {
            let id = n["id"].as_str().unwrap().to_string();
            if n["kind"] == "item" {
                items.push(id.clone());
            }
            inside.push(id);
        }
    }
    assert!(items.len() >= 3, "the role has items to rate");
    Some(Scene {
        app,
        study,
        role,
        items,
    })
}

struct Made {
    id: String,
    code: String,
}

async fn workshop(s: &Scene, mode: &str, cap: Option<u32>) -> Made {
    let mut body = json!({"title": "Sessie adviseurs", "role_ids": [s.role], "mode": mode});
    if let Some(cap) = cap {
        body["participant_cap"] = json!(cap);
    }
    let (status, made) = s
        .app
        .post_json(&format!("/api/v1/studies/{}/workshops", s.study), body)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let code = made["code"].as_str().unwrap().to_string();
    assert_eq!(code.len(), 7);
    assert!(
        made["join_url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/join/{code}"))
    );
    Made {
        id: made["id"].as_str().unwrap().to_string(),
        code,
    }
}

/// A request without the tester's bearer token: as a phone sends it.
fn phone(method: Method, path: &str, token: Option<&str>, body: Value) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .header("host", "localhost")
        .header("origin", "http://localhost")
        .header("content-type", "application/json")
        // Always a cookie (an unknown one before joining), so TestApp adds no bearer token.
        .header(
            "cookie",
            format!("aansluiting_participant={}", token.unwrap_or("none")),
        )
        .body(Body::from(body.to_string()))
        .unwrap()
}

async fn call(app: &TestApp, req: Request<Body>) -> (StatusCode, Value) {
    let res = app.send(req).await;
    let status = res.status();
    let text = common::body_text(res).await;
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn try_join(app: &TestApp, code: &str, name: &str) -> (StatusCode, Value) {
    call(
        app,
        phone(
            Method::POST,
            "/api/v1/join",
            None,
            json!({"code": code, "display_name": name}),
        ),
    )
    .await
}

/// Joins and returns the participant token.
async fn join(app: &TestApp, code: &str, name: &str) -> String {
    let (status, body) = try_join(app, code, name).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["participant_token"].as_str().unwrap().to_string()
}

async fn vote(
    app: &TestApp,
    w: &str,
    token: &str,
    item: &str,
    rating: &str,
    op_id: &str,
) -> (StatusCode, Value) {
    call(
        app,
        phone(
            Method::POST,
            &format!("/api/v1/workshops/{w}/votes"),
            Some(token),
            json!({"item_id": item, "rating": rating, "op_id": op_id}),
        ),
    )
    .await
}

/// The participant's own view of the workshop.
async fn me(app: &TestApp, w: &str, token: &str) -> Value {
    let (status, body) = call(
        app,
        phone(
            Method::GET,
            &format!("/api/v1/workshops/{w}/me"),
            Some(token),
            Value::Null,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn control(app: &TestApp, w: &str, body: Value) -> (StatusCode, Value) {
    app.post_json(&format!("/api/v1/workshops/{w}/control"), body)
        .await
}

async fn open(app: &TestApp, w: &str, item: &str) {
    let (status, body) = control(app, w, json!({"action": "open_item", "item_id": item})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn act(app: &TestApp, w: &str, action: &str) {
    let (status, body) = control(app, w, json!({"action": action})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

fn result<'a>(results: &'a Value, item: &str, round: u64) -> &'a Value {
    results["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["item_id"] == item && r["round"] == round)
        .unwrap_or_else(|| panic!("no result for {item} round {round} in {results}"))
}

fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn refused(status: StatusCode, body: &Value, reason: &str) {
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["reason"], reason, "{body}");
}

async fn a_paced_workshop_runs_blind_reveal_revote_close(kind: Kind) {
    let Some(s) = scene(kind).await else { return };
    let app = &s.app;
    let w = workshop(&s, "paced", None).await;
    let (first, second) = (&s.items[0], &s.items[1]);
    // The code in any case, with a dash.
    let typed = format!("{}-{}", &w.code[..3], &w.code[3..]).to_lowercase();
    let anna = join(app, &typed, "Anna").await;
    let bram = join(app, &w.code, "Bram").await;

    let (status, body) = vote(app, &w.id, &anna, first, "recognised", &uuid()).await;
    refused(status, &body, "item_not_open");
    open(app, &w.id, first).await;
    let (status, body) = vote(app, &w.id, &anna, second, "recognised", &uuid()).await;
    refused(status, &body, "item_not_open");

    let op = uuid();
    let (status, first_ack) = vote(app, &w.id, &anna, first, "partly", &op).await;
    assert_eq!(status, StatusCode::OK, "{first_ack}");
    assert_eq!(first_ack["round"], 1);
    // The same op again: the same answer, one vote.
    let (status, again) = vote(app, &w.id, &anna, first, "partly", &op).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again, first_ack);
    let (status, body) = vote(app, &w.id, &anna, first, "recognised", &op).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["error"]["code"], "op_conflict");
    // A new vote replaces the old one within the round.
    let (status, changed) = vote(app, &w.id, &anna, first, "recognised", &uuid()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(changed["revision"], 2);
    let (status, _) = vote(app, &w.id, &bram, first, "not_recognised", &uuid()).await;
    assert_eq!(status, StatusCode::OK);

    let (status, results) = app
        .get_json(&format!("/api/v1/workshops/{}/results", w.id))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(results["participants"], 2);
    let r1 = result(&results, first, 1);
    assert_eq!(r1["voters"], 2);
    assert_eq!(r1["counts"]["recognised"], 1);
    assert_eq!(r1["counts"]["not_recognised"], 1);
    assert_eq!(r1["counts"]["partly"], 0);

    // Blind: the phone sees no results until the reveal.
    let me = me(app, &w.id, &anna).await;
    assert_eq!(me["results"], json!([]), "{me}");
    assert_eq!(me["my_votes"][0]["rating"], "recognised");

    act(app, &w.id, "reveal").await;
    let (status, body) = vote(app, &w.id, &bram, first, "partly", &uuid()).await;
    refused(status, &body, "round_closed");
    // A vote that landed before the reveal, sent again (its answer was lost): acknowledged.
    let (status, late) = vote(app, &w.id, &anna, first, "partly", &op).await;
    assert_eq!(status, StatusCode::OK, "{late}");
    assert_eq!(late, first_ack);
    let me = me(app, &w.id, &anna).await;
    assert_eq!(me["results"][0]["voters"], 2, "{me}");

    // The re-vote after the discussion: round 2, blind again; round 1 is kept.
    act(app, &w.id, "next_round").await;
    let (status, ack) = vote(app, &w.id, &bram, first, "partly", &uuid()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ack["round"], 2);
    let (_, results) = app
        .get_json(&format!("/api/v1/workshops/{}/results", w.id))
        .await;
    assert_eq!(result(&results, first, 1)["voters"], 2);
    assert_eq!(result(&results, first, 2)["voters"], 1);
    assert_eq!(result(&results, first, 2)["counts"]["partly"], 1);

    act(app, &w.id, "close").await;
    let (status, body) = vote(app, &w.id, &anna, first, "partly", &uuid()).await;
    refused(status, &body, "workshop_closed");
    let (status, body) = control(app, &w.id, json!({"action": "reveal"})).await;
    refused(status, &body, "workshop_closed");
    s.app.cleanup().await;
}

async fn a_bad_code_reveals_nothing(kind: Kind) {
    let Some(s) = scene(kind).await else { return };
    let app = &s.app;
    let open_one = workshop(&s, "paced", None).await;
    let closed = workshop(&s, "paced", None).await;
    act(app, &closed.id, "close").await;
    let never = if open_one.code.starts_with('A') {
        "BBBBBBB"
    } else {
        "AAAAAAA"
    };
    let mut answers = Vec::new();
    for code in [closed.code.as_str(), never, "not a code", "0O1IL00"] {
        let (status, body) = try_join(app, code, "Carla").await;
        answers.push((status, body));
    }
    for (status, body) in &answers {
        assert_eq!(*status, StatusCode::NOT_FOUND, "{body}");
        assert_eq!(*body, answers[0].1, "every bad code gets the same answer");
    }
    let (status, body) = try_join(app, &open_one.code, "   ").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "display_name");
    s.app.cleanup().await;
}

/// All these requests come from one address (a venue's NAT): thirty people join and some
/// mistype the code. Right codes never count, so the room joins; guessing from that address is
/// cut off at 30 wrong codes in 10 minutes.
async fn wrong_codes_are_throttled_while_a_room_joins(kind: Kind) {
    let Some(s) = scene(kind).await else { return };
    let app = &s.app;
    let w = workshop(&s, "self_paced", None).await;
    for n in 0..30 {
        if n % 5 == 0 {
            let (status, _) = try_join(app, "ZZZZZZZ", &format!("Typo {n}")).await;
            assert_eq!(status, StatusCode::NOT_FOUND);
        }
        join(app, &w.code, &format!("Deelnemer {n}")).await;
    }
    let mut throttled = None;
    for n in 0..40 {
        let (status, _) = try_join(
            app,
            &format!("QQQQQ{}{}", (b'A' + (n % 20)) as char, 'Z'),
            "Gok",
        )
        .await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            throttled = Some(n);
            break;
        }
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    // 6 typos + 24 guesses = the 30 wrong codes an address may try in 10 minutes.
    assert_eq!(throttled, Some(24), "guessing stops at the limit");
    s.app.cleanup().await;
}

async fn the_participant_cap_holds(kind: Kind) {
    let Some(s) = scene(kind).await else { return };
    let app = &s.app;
    let w = workshop(&s, "self_paced", Some(5)).await;
    // A burst: twelve phones join at once.
    let tries = (0..12).map(|n| {
        let code = w.code.clone();
        async move { try_join(app, &code, &format!("Deelnemer {n}")).await }
    });
    let answers = futures_util::future::join_all(tries).await;
    let joined = answers.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    let full = answers
        .iter()
        .filter(|(s, b)| *s == StatusCode::CONFLICT && b["error"]["reason"] == "workshop_full")
        .count();
    assert_eq!((joined, full), (5, 7), "{answers:?}");
    let (_, view) = app.get_json(&format!("/api/v1/workshops/{}", w.id)).await;
    assert_eq!(view["participants"], 5);
    s.app.cleanup().await;
}

async fn votes_count_in_the_study_as_source_workshop(kind: Kind) {
    let Some(s) = scene(kind).await else { return };
    let app = &s.app;
    let w = workshop(&s, "self_paced", None).await;
    let item = &s.items[2];
    let mut tokens = Vec::new();
    for (n, sbi) in ["G", "G", "C"].iter().enumerate() {
        let (status, body) = call(
            app,
            phone(
                Method::POST,
                "/api/v1/join",
                None,
                json!({"code": w.code, "display_name": format!("P{n}"), "sbi_section": sbi}),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        tokens.push(body["participant_token"].as_str().unwrap().to_string());
    }
    for t in &tokens {
        let (status, _) = vote(app, &w.id, t, item, "not_recognised", &uuid()).await;
        assert_eq!(status, StatusCode::OK);
    }
    let counts = |view: &Value| {
        view["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["item_id"] == *item)
            .unwrap()["counts"]
            .clone()
    };
    let path = |q: &str| format!("/api/v1/studies/{}/aggregate{q}", s.study);
    let (_, all) = app.get_json(&path("")).await;
    assert_eq!(counts(&all)["not_recognised"], 3);
    assert_eq!(all["respondents"], 3);
    let (_, workshops) = app.get_json(&path("?source=workshop")).await;
    assert_eq!(counts(&workshops)["not_recognised"], 3);
    let (_, interviews) = app.get_json(&path("?source=interview")).await;
    assert_eq!(counts(&interviews)["not_recognised"], 0);
    let (_, g) = app.get_json(&path("?source=workshop&sbi_section=G")).await;
    assert_eq!(counts(&g)["not_recognised"], 2);
    assert_eq!(
        all["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["item_id"] == *item)
            .unwrap()["verdict"],
        "insufficient"
    );

    // The re-vote counts, not the blind round: the last round each participant voted in.
    act(app, &w.id, "reveal").await;
    act(app, &w.id, "next_round").await;
    for t in &tokens[..2] {
        let (status, _) = vote(app, &w.id, t, item, "recognised", &uuid()).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (_, all) = app.get_json(&path("")).await;
    let c = counts(&all);
    assert_eq!(
        (c["recognised"].as_u64(), c["not_recognised"].as_u64()),
        (Some(2), Some(1)),
        "{c}"
    );

    // A fresh instance reads the same from the database.
    let state = server::startup::prepare(&app.test_db.cfg, &common::serve_cfg())
        .await
        .unwrap();
    let fresh = state.live.study(s.study.parse().unwrap()).await.unwrap();
    let view = fresh.view(&Default::default(), None).unwrap();
    let again = serde_json::to_value(&view).unwrap();
    assert_eq!(counts(&again), c);
    s.app.cleanup().await;
}

async fn live_streams_show_facilitators_every_vote_and_participants_only_the_reveal(kind: Kind) {
    let Some(s) = scene(kind).await else { return };
    let app = &s.app;
    let w = workshop(&s, "paced", None).await;
    let item = &s.items[0];
    let mut presenter =
        Stream::open_at(app, &format!("/api/v1/workshops/{}/live", w.id), None).await;
    let snapshot = presenter.expect("snapshot").await;
    assert_eq!(snapshot.event, "snapshot");
    assert_eq!(snapshot.data["view"]["audience"], "facilitator");

    let dana = join(app, &w.code, "Dana").await;
    let joined = presenter.expect("joined").await;
    assert_eq!(
        (joined.event.as_str(), joined.data["participants"].as_u64()),
        ("joined", Some(1))
    );
    let mut phone_stream = Stream::request(
        app,
        phone(
            Method::GET,
            &format!("/api/v1/workshops/{}/live", w.id),
            Some(&dana),
            Value::Null,
        ),
    )
    .await;
    let first = phone_stream.expect("snapshot").await;
    assert_eq!(first.data["view"]["audience"], "participant");
    assert_eq!(first.data["view"]["display_name"], "Dana");

    open(app, &w.id, item).await;
    let state = phone_stream.expect("state").await;
    assert_eq!(state.data["state"]["open_item"], item.as_str());
    assert_eq!(presenter.expect("state").await.event, "state");

    let (status, _) = vote(app, &w.id, &dana, item, "partly", &uuid()).await;
    assert_eq!(status, StatusCode::OK);
    let tally = presenter.expect("tally").await;
    assert_eq!(tally.event, "tally");
    assert_eq!(tally.data["result"]["counts"]["partly"], 1);
    assert_eq!(tally.data["result"]["voters"], 1);
    // The phone hears nothing of a blind round's votes.
    assert!(
        phone_stream
            .next(Duration::from_millis(300))
            .await
            .is_none()
    );

    act(app, &w.id, "reveal").await;
    let revealed = phone_stream.expect("state").await;
    assert_eq!(revealed.event, "state");
    assert_eq!(
        revealed.data["results"][0]["counts"]["partly"], 1,
        "{}",
        revealed.data
    );
    s.app.cleanup().await;
}

async fn the_facilitators_rules(kind: Kind) {
    let Some(s) = scene(kind).await else { return };
    let app = &s.app;
    let paced = workshop(&s, "paced", None).await;
    let (status, body) = control(app, &paced.id, json!({"action": "reveal"})).await;
    refused(status, &body, "no_open_item");
    open(app, &paced.id, &s.items[0]).await;
    let (status, body) = control(app, &paced.id, json!({"action": "next_round"})).await;
    refused(status, &body, "not_revealed");
    let (status, body) = control(
        app,
        &paced.id,
        json!({"action": "open_item", "item_id": s.study}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let self_paced = workshop(&s, "self_paced", None).await;
    let (status, body) = control(
        app,
        &self_paced.id,
        json!({"action": "open_item", "item_id": s.items[0]}),
    )
    .await;
    refused(status, &body, "not_paced");
    let (status, body) = app
        .post_json(
            &format!("/api/v1/studies/{}/workshops", s.study),
            json!({"title": "x", "role_ids": [s.items[0]], "mode": "paced"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "role_ids");
    let (status, list) = app
        .get_json(&format!("/api/v1/studies/{}/workshops", s.study))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 2);
    let (status, svg) = app
        .get(&format!("/api/v1/workshops/{}/qr.svg", paced.id))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(svg.starts_with("<?xml") && svg.contains("<svg"), "{svg}");
    s.app.cleanup().await;
}

on_both_databases!(
    a_paced_workshop_runs_blind_reveal_revote_close,
    a_bad_code_reveals_nothing,
    wrong_codes_are_throttled_while_a_room_joins,
    the_participant_cap_holds,
    votes_count_in_the_study_as_source_workshop,
    live_streams_show_facilitators_every_vote_and_participants_only_the_reveal,
    the_facilitators_rules,
);
