//! The op journal and the one event sequence, on SQLite and PostgreSQL: the journal's rules
//! against a plain model under any interleaving of clients, event ids that a reader polling
//! `id > cursor` never sees go backwards while two instances write at once, the bus announcing
//! only committed ids, and the migration that moved the old event tables into `events`.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use axum::body::Body;
use chrono::{DateTime, Duration, Utc};
use common::{Kind, TestApp, TestDb};
use http::{Request, StatusCode};
use migrations::{Migrator, MigratorTrait};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use sea_orm::sea_query::{Alias, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde_json::{Value, json};

use app::domain::rating::Rating;
use server::auth::principal::{Principal, UserCtx};
use server::db::Db;
use server::db::entities::{answer, event};
use server::services::answer_store::{AnswerValue, Answers};
use server::services::journal::{self, Op};
use server::services::{Ctx, accounts, codebooks, interviews, studies};

/// A user, a study on the built-in codebook, and a context acting as that user.
async fn study_of(db: &Db) -> (Ctx, String, Vec<String>) {
    codebooks::ensure_builtin(db).await.unwrap();
    let user = accounts::create_user(db, "j@example.test", "J", common::PASSWORD)
        .await
        .unwrap();
    let ctx = Ctx::acting_as(
        db.clone(),
        UserCtx::on_behalf(user.id.to_string(), &user.email, &user.name),
    );
    let codebook = codebooks::list(&ctx).await.unwrap().remove(0);
    let study = studies::create(&ctx, "J", codebook.id).await.unwrap();
    let items = codebooks::get(&ctx, codebook.id)
        .await
        .unwrap()
        .nodes
        .into_iter()
        .filter(|n| n.kind == app::domain::codebook::NodeKind::Item)
        .map(|n| n.id)
        .collect();
    (ctx, study.id.to_string(), items)
}

async fn new_interview(ctx: &Ctx, study: &str, name: &str) -> String {
    let new = app::features::interviews::dto::NewInterview {
        organisation: name.into(),
        sbi_section: "G".into(),
        respondent_function: None,
        held_on: None,
        mode: None,
        consent: true,
        notes: None,
    };
    interviews::create(ctx, study.parse().unwrap(), new)
        .await
        .unwrap()
        .id
        .to_string()
}

/// A user, a study and an interview written as rows: today's services write tables that the
/// schema of migration 5 does not have yet (thresholds, events).
async fn rows_at_migration_5(db: &Db) -> (Ctx, String, String, Vec<String>) {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    use server::db::entities::{interview, membership, study};
    codebooks::ensure_builtin(db).await.unwrap();
    let user = accounts::create_user(db, "j@example.test", "J", common::PASSWORD)
        .await
        .unwrap();
    let ctx = Ctx::acting_as(
        db.clone(),
        UserCtx::on_behalf(user.id.to_string(), &user.email, &user.name),
    );
    let codebook = codebooks::list(&ctx).await.unwrap().remove(0).id;
    let items: Vec<String> = codebooks::get(&ctx, codebook)
        .await
        .unwrap()
        .nodes
        .into_iter()
        .filter(|n| n.kind == app::domain::codebook::NodeKind::Item)
        .map(|n| n.id)
        .collect();
    let actor = actor_of(&ctx);
    let study = study::ActiveModel {
        id: Set(uuid::Uuid::new_v4().to_string()),
        name: Set("J".into()),
        codebook_id: Set(codebook.to_string()),
        created_at: Set(Utc::now()),
        created_by: Set(Some(actor.clone())),
    }
    .insert(db)
    .await
    .unwrap();
    membership::ActiveModel {
        study_id: Set(study.id.clone()),
        user_id: Set(actor.clone()),
        role: Set("coordinator".into()),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await
    .unwrap();
    let iv = interview::ActiveModel {
        id: Set(uuid::Uuid::new_v4().to_string()),
        study_id: Set(study.id.clone()),
        organisation: Set("Oud BV".into()),
        sbi_section: Set("G".into()),
        respondent_function: Set(None),
        held_on: Set(None),
        mode: Set(None),
        interviewer_id: Set(actor.clone()),
        consent: Set(true),
        notes: Set(None),
        created_at: Set(Utc::now()),
        revision: Set(1),
    }
    .insert(db)
    .await
    .unwrap();
    (ctx, study.id, iv.id, items)
}

fn actor_of(ctx: &Ctx) -> String {
    match &ctx.principal {
        Principal::User(u) => u.id.clone(),
        _ => unreachable!("the tests act as a user"),
    }
}

// ---------------------------------------------------------------------------------------------
// The journal's rules: any interleaving of clients' ops, replays, conflicts and stale bases gives
// what a plain model gives applying the same ops in the same order, and the stored state and
// history are the accepted ops in id order.

/// What one client does next.
#[derive(Debug, Clone)]
enum Step {
    /// A new change of target `t` based on what the client last saw, or on revision `base`.
    Change {
        t: usize,
        rating: usize,
        base: Option<Option<u32>>,
    },
    /// Resends its `n`-th op as it was (a retry after a timeout).
    Replay { n: usize },
    /// Reuses its `n`-th op's op_id for other content (a client bug).
    Reuse { n: usize, rating: usize },
}

#[derive(Debug, Clone)]
struct Plan {
    clients: Vec<Vec<Step>>,
    /// Which client goes next (taken modulo the clients with steps left).
    order: Vec<usize>,
    /// Sizes of the groups committed as one transaction.
    groups: Vec<usize>,
}

const TARGETS: usize = 3;

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..TARGETS, 0..4usize, prop::option::of(prop::option::of(0..4u32)))
            .prop_map(|(t, rating, base)| Step::Change { t, rating, base }),
        1 => (0..8usize).prop_map(|n| Step::Replay { n }),
        1 => (0..8usize, 0..4usize).prop_map(|(n, rating)| Step::Reuse { n, rating }),
    ]
}

fn plan() -> impl Strategy<Value = Plan> {
    (
        prop::collection::vec(prop::collection::vec(step(), 1..8), 1..4),
        prop::collection::vec(0..3usize, 24),
        prop::collection::vec(1..5usize, 24),
    )
        .prop_map(|(clients, order, groups)| Plan {
            clients,
            order,
            groups,
        })
}

/// The rules, written out plainly: what the journal must answer.
#[derive(Default)]
struct Model {
    taken: HashMap<String, (String, u32)>,
    current: HashMap<String, (u32, AnswerValue)>,
    /// (op_id, target, revision, old, new), in the order accepted.
    history: Vec<(String, String, u32, Option<AnswerValue>, AnswerValue)>,
}

/// 200 with a revision, or 409 with a code.
#[derive(Debug, Clone, PartialEq)]
enum Answer {
    Ok(u32),
    Refused(&'static str),
}

impl Model {
    fn apply(&mut self, op: &Op<AnswerValue>) -> Answer {
        if let Some((hash, revision)) = self.taken.get(&op.op_id) {
            return if *hash == op.hash {
                Answer::Ok(*revision)
            } else {
                Answer::Refused("op_conflict")
            };
        }
        let now = self.current.get(&op.target).cloned();
        let revision = now.as_ref().map_or(0, |c| c.0);
        if op.base_revision.is_some_and(|b| b < revision) {
            return Answer::Refused("stale");
        }
        let next = revision + 1;
        self.history.push((
            op.op_id.clone(),
            op.target.clone(),
            next,
            now.map(|c| c.1),
            op.value.clone(),
        ));
        self.current
            .insert(op.target.clone(), (next, op.value.clone()));
        self.taken.insert(op.op_id.clone(), (op.hash.clone(), next));
        Answer::Ok(next)
    }
}

fn answer_of(outcome: &journal::Outcome) -> Answer {
    match outcome {
        Ok(w) => Answer::Ok(w.revision),
        Err(e) => match e.to_app_error().code.as_str() {
            "op_conflict" => Answer::Refused("op_conflict"),
            "stale" => Answer::Refused("stale"),
            other => panic!("unexpected refusal {other}: {e}"),
        },
    }
}

const RATINGS: [Rating; 4] = [
    Rating::Recognised,
    Rating::Partly,
    Rating::NotRecognised,
    Rating::NotDiscussed,
];

struct Client {
    name: usize,
    steps: std::vec::IntoIter<Step>,
    sent: Vec<Op<AnswerValue>>,
    /// The revision each target had when this client last heard of it.
    seen: HashMap<String, u32>,
}

struct Scene {
    ctx: Ctx,
    study: String,
    items: Vec<String>,
}

impl Scene {
    fn op(
        &self,
        interview: &str,
        client: &Client,
        target: &str,
        rating: usize,
        base: Option<u32>,
    ) -> Op<AnswerValue> {
        let value = AnswerValue {
            rating: RATINGS[rating],
            note: Some(format!("client {}", client.name)),
            quote: None,
        };
        let content = [
            json!(value.rating.code()),
            json!(value.note),
            json!(value.quote),
        ];
        Op {
            study_id: self.study.clone(),
            scope: interview.to_string(),
            target: target.to_string(),
            actor: actor_of(&self.ctx),
            op_id: format!(
                "c{}-{}-{}",
                client.name,
                client.sent.len(),
                uuid::Uuid::new_v4().simple()
            ),
            hash: journal::request_hash(target, &content, base),
            base_revision: base,
            value,
        }
    }

    /// The client's next op, from its plan and what it has heard so far.
    fn next(&self, interview: &str, client: &mut Client) -> Option<Op<AnswerValue>> {
        let step = client.steps.next()?;
        let op = match step {
            Step::Change { t, rating, base } => {
                let target = &self.items[t];
                let base =
                    base.unwrap_or_else(|| Some(client.seen.get(target).copied().unwrap_or(0)));
                self.op(interview, client, target, rating, base)
            }
            Step::Replay { n } if !client.sent.is_empty() => {
                client.sent[n % client.sent.len()].clone()
            }
            Step::Reuse { n, rating } if !client.sent.is_empty() => {
                let first = client.sent[n % client.sent.len()].clone();
                let mut other = self.op(
                    interview,
                    client,
                    &first.target,
                    rating,
                    first.base_revision,
                );
                other.op_id = first.op_id;
                other.value.note = Some("something else".into());
                let content = [
                    json!(other.value.rating.code()),
                    json!(other.value.note),
                    json!(other.value.quote),
                ];
                other.hash = journal::request_hash(&other.target, &content, other.base_revision);
                other
            }
            _ => self.op(interview, client, &self.items[0], 0, None),
        };
        client.sent.push(op.clone());
        Some(op)
    }
}

async fn run_plan(scene: &Scene, plan: Plan) {
    let interview = new_interview(&scene.ctx, &scene.study, "Proptest BV").await;
    let mut clients: Vec<Client> = plan
        .clients
        .into_iter()
        .enumerate()
        .map(|(name, steps)| Client {
            name,
            steps: steps.into_iter(),
            sent: Vec::new(),
            seen: HashMap::new(),
        })
        .collect();
    let mut model = Model::default();
    let mut order = plan.order.into_iter().cycle();
    let mut groups = plan.groups.into_iter().cycle();
    let mut live: Vec<usize> = (0..clients.len()).collect();
    while !live.is_empty() {
        // One group: ops from whichever clients go next, committed in one transaction.
        let size = groups.next().unwrap_or(1);
        let mut ops = Vec::new();
        let mut senders = Vec::new();
        while ops.len() < size && !live.is_empty() {
            let pick = order.next().unwrap_or(0) % live.len();
            match scene.next(&interview, &mut clients[live[pick]]) {
                Some(op) => {
                    senders.push(live[pick]);
                    ops.push(op);
                }
                None => {
                    live.remove(pick);
                }
            }
        }
        let outcomes = journal::commit_group::<Answers>(&scene.ctx.db, None, &ops).await;
        assert_eq!(outcomes.len(), ops.len());
        for ((op, outcome), sender) in ops.iter().zip(&outcomes).zip(senders) {
            let expected = model.apply(op);
            assert_eq!(answer_of(outcome), expected, "{op:?}");
            match outcome {
                Ok(w) => {
                    clients[sender].seen.insert(op.target.clone(), w.revision);
                }
                Err(e) => {
                    // A stale refusal tells the client the current revision.
                    if let Some(rev) = e
                        .to_app_error()
                        .current
                        .and_then(|c| c["revision"].as_u64())
                    {
                        clients[sender].seen.insert(op.target.clone(), rev as u32);
                    }
                }
            }
        }
    }
    check_stored(scene, &interview, &model).await;
}

/// The stored history is the model's, in id order, and the current answers are its last values.
async fn check_stored(scene: &Scene, interview: &str, model: &Model) {
    let db = &scene.ctx.db;
    let events = event::Entity::find()
        .filter(event::Column::Kind.eq("answer"))
        .filter(event::Column::ScopeId.eq(interview))
        .order_by_asc(event::Column::Id)
        .all(db)
        .await
        .unwrap();
    let stored: Vec<_> = events
        .iter()
        .map(|e| {
            (
                e.op_id.clone(),
                e.target.clone(),
                e.revision as u32,
                e.old_value
                    .as_deref()
                    .map(|v| serde_json::from_str(v).unwrap()),
                serde_json::from_str::<AnswerValue>(&e.new_value).unwrap(),
            )
        })
        .collect();
    assert_eq!(stored, model.history);
    let ids: Vec<i64> = events.iter().map(|e| e.id).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    let current: BTreeMap<String, (u32, Rating)> = answer::Entity::find()
        .filter(answer::Column::InterviewId.eq(interview))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| {
            (
                a.item_id,
                (a.revision as u32, Rating::from_code(&a.rating).unwrap()),
            )
        })
        .collect();
    let expected: BTreeMap<String, (u32, Rating)> = model
        .current
        .iter()
        .map(|(t, (rev, v))| (t.clone(), (*rev, v.rating)))
        .collect();
    assert_eq!(current, expected);
    // And each target's history, read through the service, is the same.
    for item in &scene.items[..TARGETS] {
        let h = interviews::history(
            &scene.ctx,
            interview.parse().unwrap(),
            item.parse().unwrap(),
        )
        .await
        .unwrap();
        let want: Vec<u32> = model
            .history
            .iter()
            .filter(|e| &e.1 == item)
            .map(|e| e.2)
            .collect();
        assert_eq!(h.iter().map(|e| e.revision).collect::<Vec<_>>(), want);
    }
}

fn journal_rules_hold(kind: Kind, cases: u32) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some(test_db) = rt.block_on(TestDb::new(kind)) else {
        return;
    };
    let scene = rt.block_on(async {
        let db = test_db.connect().await;
        server::db::migrate(&db).await.unwrap();
        let (ctx, study, items) = study_of(&db).await;
        Scene { ctx, study, items }
    });
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&plan(), |plan| {
        rt.block_on(run_plan(&scene, plan));
        Ok(())
    });
    rt.block_on(test_db.cleanup());
    result.unwrap();
}

#[test]
fn journal_rules_hold_on_sqlite() {
    journal_rules_hold(Kind::Sqlite, 40);
}

#[test]
fn journal_rules_hold_on_postgres() {
    journal_rules_hold(Kind::Postgres, 16);
}

// ---------------------------------------------------------------------------------------------
// One event sequence: two instances write answers, fields and details at once; a reader that
// polls `id > cursor` sees every event, so no id ever committed below its cursor; each bus
// announces only ids that are already visible.

async fn send(
    router: &axum::Router,
    token: &str,
    req: http::request::Builder,
    body: Value,
) -> StatusCode {
    let req = req
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let res = tower::ServiceExt::oneshot(router.clone(), req)
        .await
        .unwrap();
    res.status()
}

async fn all_ids(db: &DatabaseConnection, after: i64) -> Vec<i64> {
    event::Entity::find()
        .select_only()
        .column(event::Column::Id)
        .filter(event::Column::Id.gt(after))
        .order_by_asc(event::Column::Id)
        .into_tuple()
        .all(db)
        .await
        .unwrap()
}

/// `n` interviews of a new study on the built-in codebook, and eight of its items.
async fn interviews_and_items(app: &TestApp, n: usize) -> (Vec<String>, Vec<String>) {
    let (_, books) = app.get_json("/api/v1/codebooks").await;
    let codebook = books[0]["id"].as_str().unwrap().to_string();
    let (_, study) = app
        .post_json(
            "/api/v1/studies",
            json!({"name": "S", "codebook_id": codebook}),
        )
        .await;
    let study = study["id"].as_str().unwrap().to_string();
    let mut ivs = Vec::new();
    for i in 0..n {
        let (status, iv) = app
            .post_json(
                &format!("/api/v1/studies/{study}/interviews"),
                json!({"organisation": format!("Org {i}"), "sbi_section": "G"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        ivs.push(iv["id"].as_str().unwrap().to_string());
    }
    let (_, tree) = app.get_json(&format!("/api/v1/codebooks/{codebook}")).await;
    let items: Vec<String> = tree["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "item")
        .map(|n| n["id"].as_str().unwrap().to_string())
        .take(8)
        .collect();
    (ivs, items)
}

async fn event_ids_never_go_back_for_a_reader(kind: Kind) {
    let Some(app) = TestApp::new(kind).await else {
        return;
    };
    let token = app.bearer.clone().unwrap();
    let (ivs, items) = interviews_and_items(&app, 4).await;

    let second = server::startup::prepare(&app.test_db.cfg, &common::serve_cfg())
        .await
        .unwrap();
    let buses = [
        app.state.writers.events.clone(),
        second.writers.events.clone(),
    ];
    let routers = [app.router.clone(), server::http::router(second)];
    let start = all_ids(&app.db, 0).await.last().copied().unwrap_or(0);

    // Each bus: every id it announces is already visible to another connection.
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut watchers = Vec::new();
    for bus in &buses {
        let mut rx = bus.subscribe();
        let (db, done) = (app.db.clone(), done.clone());
        watchers.push(tokio::spawn(async move {
            let mut announced = 0;
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                let changed =
                    tokio::time::timeout(std::time::Duration::from_millis(200), rx.changed()).await;
                if !matches!(changed, Ok(Ok(()))) {
                    continue;
                }
                let id = *rx.borrow_and_update();
                assert!(id > announced, "the bus went from {announced} back to {id}");
                announced = id;
                let found = event::Entity::find_by_id(id).one(&db).await.unwrap();
                assert!(
                    found.is_some(),
                    "the bus announced {id} before it was visible"
                );
            }
            announced
        }));
    }

    // The reader: polls `id > cursor` and keeps every id it saw.
    let reader = {
        let (db, done) = (app.db.clone(), done.clone());
        tokio::spawn(async move {
            let mut cursor = start;
            let mut seen = BTreeSet::new();
            loop {
                let finished = done.load(std::sync::atomic::Ordering::SeqCst);
                for id in all_ids(&db, cursor).await {
                    assert!(id > cursor);
                    seen.insert(id);
                    cursor = id;
                }
                if finished {
                    return seen;
                }
                tokio::task::yield_now().await;
            }
        })
    };

    let mut writers = Vec::new();
    for (n, router) in routers.iter().enumerate() {
        for w in 0..4 {
            let (router, token, ivs, items) =
                (router.clone(), token.clone(), ivs.clone(), items.clone());
            writers.push(tokio::spawn(async move {
                let mut committed = 0;
                for i in 0..12 {
                    let iv = &ivs[(w + i) % ivs.len()];
                    let op = format!("n{n}-w{w}-{i}");
                    let status = match i % 4 {
                        0 => {
                            send(
                                &router,
                                &token,
                                Request::put(format!("/api/v1/interviews/{iv}/fields/job_titles")),
                                json!({"value": [op], "op_id": op}),
                            )
                            .await
                        }
                        1 => {
                            send(
                                &router,
                                &token,
                                Request::patch(format!("/api/v1/interviews/{iv}")),
                                json!({"notes": op}),
                            )
                            .await
                        }
                        _ => {
                            let item = &items[(n * 3 + w + i) % items.len()];
                            send(
                                &router,
                                &token,
                                Request::put(format!("/api/v1/interviews/{iv}/answers/{item}")),
                                json!({"rating": "partly", "op_id": op}),
                            )
                            .await
                        }
                    };
                    // Two edits of the details racing each other: one loses as stale, even
                    // without a base revision (the write is conditional on the one it read).
                    let lost_race = i % 4 == 1 && status == StatusCode::CONFLICT;
                    assert!(status == StatusCode::OK || lost_race, "{op}: {status}");
                    committed += usize::from(status == StatusCode::OK);
                }
                committed
            }));
        }
    }
    let mut committed = 0;
    for w in writers {
        committed += w.await.unwrap();
    }
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let seen = reader.await.unwrap();
    let mut last_announced = 0;
    for w in watchers {
        last_announced = last_announced.max(w.await.unwrap());
    }
    let all: BTreeSet<i64> = all_ids(&app.db, start).await.into_iter().collect();
    assert_eq!(all.len(), committed, "one event per change");
    assert_eq!(
        seen, all,
        "an id committed below the reader's cursor was missed"
    );
    // Both buses together announced the last commit.
    assert_eq!(buses.iter().map(|b| b.last()).max(), all.last().copied());
    assert!(last_announced <= *all.last().unwrap());
    app.cleanup().await;
}

// ---------------------------------------------------------------------------------------------
// The migration: rows of answer_events and interview_field_events move into events in the order
// they happened (time, then old id), none lost, and new events continue after them.

fn insert_old(
    table: &str,
    columns: &[&str],
    values: Vec<sea_orm::sea_query::SimpleExpr>,
) -> sea_orm::sea_query::InsertStatement {
    Query::insert()
        .into_table(Alias::new(table))
        .columns(columns.iter().map(|c| Alias::new(*c)))
        .values_panic(values)
        .to_owned()
}

async fn old_events_move_in_order(kind: Kind) {
    let Some(test_db) = TestDb::new(kind).await else {
        return;
    };
    let db = test_db.connect().await;
    // Up to the migration before `events`.
    Migrator::up(db.conn(), Some(5)).await.unwrap();
    let (ctx, study, iv, items) = rows_at_migration_5(&db).await;
    let actor = actor_of(&ctx);
    let t0: DateTime<Utc> = "2026-11-27T10:00:00Z".parse().unwrap();
    let at = |s: i64| t0 + Duration::seconds(s);
    // (old id, at): answers out of time order, ties within and across the tables.
    let answers = [(1, at(2)), (2, at(0)), (3, at(1)), (4, at(1))];
    let fields = [(1, at(1)), (2, at(3)), (3, at(0))];
    let mut expected = Vec::new();
    for (id, when) in answers {
        let old = (id != 2).then(|| ("recognised", Some(format!("old {id}")), None::<String>));
        let stmt = insert_old(
            "answer_events",
            &[
                "id",
                "op_id",
                "request_hash",
                "study_id",
                "interview_id",
                "item_id",
                "actor_id",
                "at",
                "revision",
                "old_rating",
                "new_rating",
                "old_note",
                "new_note",
                "old_quote",
                "new_quote",
            ],
            vec![
                id.into(),
                format!("a{id}").into(),
                format!("ha{id}").into(),
                study.clone().into(),
                iv.clone().into(),
                items[id as usize].clone().into(),
                actor.clone().into(),
                when.into(),
                (id as i32).into(),
                old.as_ref().map(|o| o.0.to_string()).into(),
                "partly".into(),
                old.as_ref().and_then(|o| o.1.clone()).into(),
                Some(format!("new {id}")).into(),
                None::<String>.into(),
                Some("citaat".to_string()).into(),
            ],
        );
        db.execute(&stmt).await.unwrap();
        let old_value = old.map(|o| json!({"rating": o.0, "note": o.1, "quote": o.2}));
        let new_value = json!({"rating": "partly", "note": format!("new {id}"), "quote": "citaat"});
        expected.push((
            when,
            id,
            0,
            "answer",
            items[id as usize].clone(),
            format!("a{id}"),
            format!("ha{id}"),
            id as i32,
            old_value,
            new_value,
        ));
    }
    for (id, when) in fields {
        let stmt = insert_old(
            "interview_field_events",
            &[
                "id",
                "op_id",
                "request_hash",
                "study_id",
                "interview_id",
                "key",
                "actor_id",
                "at",
                "revision",
                "old_value",
                "new_value",
            ],
            vec![
                id.into(),
                format!("f{id}").into(),
                format!("hf{id}").into(),
                study.clone().into(),
                iv.clone().into(),
                "job_titles".into(),
                actor.clone().into(),
                when.into(),
                (id as i32).into(),
                (id > 1).then(|| format!("[\"t{}\"]", id - 1)).into(),
                format!("[\"t{id}\"]").into(),
            ],
        );
        db.execute(&stmt).await.unwrap();
        let old_value = (id > 1).then(|| json!([format!("t{}", id - 1)]));
        expected.push((
            when,
            id,
            1,
            "field",
            "job_titles".to_string(),
            format!("f{id}"),
            format!("hf{id}"),
            id as i32,
            old_value,
            json!([format!("t{id}")]),
        ));
    }
    expected.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));

    Migrator::up(db.conn(), None).await.unwrap();

    let moved = event::Entity::find()
        .order_by_asc(event::Column::Id)
        .all(&db)
        .await
        .unwrap();
    let got: Vec<_> = moved
        .iter()
        .map(|e| {
            (
                e.id,
                e.kind.as_str(),
                e.target.clone(),
                e.op_id.clone(),
                e.request_hash.clone(),
                e.revision,
                e.at,
                e.old_value
                    .as_deref()
                    .map(|v| serde_json::from_str::<Value>(v).unwrap()),
                serde_json::from_str::<Value>(&e.new_value).unwrap(),
            )
        })
        .collect();
    let want: Vec<_> = expected
        .iter()
        .enumerate()
        .map(|(n, e)| {
            (
                n as i64 + 1,
                e.3,
                e.4.clone(),
                e.5.clone(),
                e.6.clone(),
                e.7,
                e.0,
                e.8.clone(),
                e.9.clone(),
            )
        })
        .collect();
    assert_eq!(got, want);
    assert!(
        moved
            .iter()
            .all(|e| e.scope_id == iv && e.study_id == study && e.actor_id == actor)
    );
    assert!(
        moved
            .iter()
            .all(|e| e.op_key == format!("{}:{}:{}", e.kind, e.scope_id, e.op_id))
    );
    // The old tables are gone, and the next change continues the sequence.
    assert!(
        db.execute_unprepared("SELECT 1 FROM answer_events")
            .await
            .is_err()
    );
    assert!(
        db.execute_unprepared("SELECT 1 FROM interview_field_events")
            .await
            .is_err()
    );
    let change = app::features::interviews::dto::AnswerChange {
        rating: Rating::Recognised,
        note: None,
        quote: None,
        op_id: "after".into(),
        base_revision: None,
    };
    interviews::put_answer(
        &ctx,
        iv.parse().unwrap(),
        items[20].parse().unwrap(),
        change,
    )
    .await
    .unwrap();
    let last = all_ids(&db, 0).await;
    assert_eq!(last.last().copied(), Some(moved.len() as i64 + 1));
    // A moved change reads back through the history.
    let h = interviews::history(&ctx, iv.parse().unwrap(), items[2].parse().unwrap())
        .await
        .unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].op_id, "a2");
    assert_eq!(h[0].old_rating, None);
    assert_eq!(h[0].new_note.as_deref(), Some("new 2"));
    // Down (past every later migration, to before `events`) moves answer and field events back; up
    // again moves them once more.
    let after_events = Migrator::migrations()
        .iter()
        .rev()
        .take_while(|m| m.name() != "m20261128_000006_events")
        .count() as u32;
    Migrator::down(db.conn(), Some(after_events + 1))
        .await
        .unwrap();
    let back = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            r#"SELECT "op_id", "new_rating", "old_note", "new_quote" FROM "answer_events" ORDER BY "id""#,
        ))
        .await
        .unwrap();
    let back: Vec<(String, String, Option<String>, Option<String>)> = back
        .iter()
        .map(|r| {
            (
                r.try_get("", "op_id").unwrap(),
                r.try_get("", "new_rating").unwrap(),
                r.try_get("", "old_note").unwrap(),
                r.try_get("", "new_quote").unwrap(),
            )
        })
        .collect();
    assert_eq!(back.len(), answers.len() + 1);
    assert_eq!(
        back[0],
        ("a2".into(), "partly".into(), None, Some("citaat".into()))
    );
    assert_eq!(
        back[1],
        (
            "a3".into(),
            "partly".into(),
            Some("old 3".into()),
            Some("citaat".into())
        )
    );
    Migrator::up(db.conn(), None).await.unwrap();
    assert_eq!(all_ids(&db, 0).await.len(), moved.len() + 1);
    db.close().await.ok();
    test_db.cleanup().await;
}

// ---------------------------------------------------------------------------------------------
// Groups in flight at once (two instances on one database, each with its writer): changes of
// one answer never share a revision, and one op_id used for two answers at once lands once.

/// The test app's router and a second instance's on the same database.
async fn two_instances(app: &TestApp) -> [axum::Router; 2] {
    let second = server::startup::prepare(&app.test_db.cfg, &common::serve_cfg())
        .await
        .unwrap();
    [app.router.clone(), server::http::router(second)]
}

/// PUTs one answer through `router`; the status.
async fn put_answer(
    router: &axum::Router,
    token: &str,
    iv: &str,
    item: &str,
    body: Value,
) -> StatusCode {
    send(
        router,
        token,
        Request::put(format!("/api/v1/interviews/{iv}/answers/{item}")),
        body,
    )
    .await
}

async fn one_answer_written_at_once_counts_every_change(kind: Kind) {
    let Some(app) = TestApp::new(kind).await else {
        return;
    };
    let token = app.bearer.clone().unwrap();
    let (ivs, items) = interviews_and_items(&app, 1).await;
    let routers = two_instances(&app).await;
    let (clients, each) = (12, 8);
    let mut tasks = Vec::new();
    for c in 0..clients {
        let router = routers[c % 2].clone();
        let (token, iv, items) = (token.clone(), ivs[0].clone(), items.clone());
        tasks.push(tokio::spawn(async move {
            for i in 0..each {
                // Mostly the one answer, with its neighbours in the same groups.
                let item = if i % 3 == 2 {
                    &items[1 + c % 7]
                } else {
                    &items[0]
                };
                let body = json!({"rating": "partly", "op_id": format!("c{c}-{i}")});
                let status = put_answer(&router, &token, &iv, item, body).await;
                assert_eq!(status, StatusCode::OK);
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let revisions: Vec<i32> = event::Entity::find()
        .select_only()
        .column(event::Column::Revision)
        .filter(event::Column::ScopeId.eq(ivs[0].as_str()))
        .filter(event::Column::Target.eq(items[0].as_str()))
        .order_by_asc(event::Column::Id)
        .into_tuple()
        .all(app.db.conn())
        .await
        .unwrap();
    let expected: Vec<i32> = (1..=revisions.len() as i32).collect();
    assert_eq!(
        revisions, expected,
        "each change of the answer took the next revision, in id order"
    );
    let written = clients * (each - each / 3);
    assert_eq!(revisions.len(), written);
    let stored = answer::Entity::find()
        .filter(answer::Column::InterviewId.eq(ivs[0].as_str()))
        .filter(answer::Column::ItemId.eq(items[0].as_str()))
        .one(app.db.conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.revision as usize, written);
    app.cleanup().await;
}

async fn one_op_id_for_two_answers_at_once_lands_once(kind: Kind) {
    let Some(app) = TestApp::new(kind).await else {
        return;
    };
    let token = app.bearer.clone().unwrap();
    let (ivs, items) = interviews_and_items(&app, 1).await;
    let [one, other] = two_instances(&app).await;
    for round in 0..10 {
        let op = format!("shared-{round}");
        let body = json!({"rating": "recognised", "op_id": op});
        let (a, b) = tokio::join!(
            put_answer(&one, &token, &ivs[0], &items[0], body.clone()),
            put_answer(&other, &token, &ivs[0], &items[1], body.clone()),
        );
        let mut statuses = [a, b];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT], "{op}");
        let landed = event::Entity::find()
            .filter(event::Column::ScopeId.eq(ivs[0].as_str()))
            .filter(event::Column::OpId.eq(op.as_str()))
            .count(app.db.conn())
            .await
            .unwrap();
        assert_eq!(landed, 1, "{op}");
    }
    app.cleanup().await;
}

on_both_databases!(
    event_ids_never_go_back_for_a_reader,
    one_answer_written_at_once_counts_every_change,
    one_op_id_for_two_answers_at_once_lands_once,
    old_events_move_in_order
);
