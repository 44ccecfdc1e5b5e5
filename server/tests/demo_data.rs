//! The demo data of `serve --demo` on SQLite and PostgreSQL: twelve fictitious interviews by
//! two demo interviewers, written through the op journal (events and history exist), spread so
//! that the verdict rule gives good, partial or insufficient, and too-little-data items, and
//! not added again by a second run.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use app::domain::rating::{Counts, Rating};
use app::domain::reference::TRAINING_COMPANIES;
use app::domain::verdict::{Thresholds, Verdict, evaluate};
use common::{Kind, TestApp};
use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use server::db::entities::{
    answer, codebook_node, event, interview, interview_field, membership, study, user,
};
use server::db::{Db, stored};
use server::services::demo;

/// What a second run must leave as it was.
#[derive(Debug, PartialEq)]
struct Totals {
    interviews: u64,
    answers: u64,
    fields: u64,
    events: u64,
    users: u64,
    memberships: u64,
}

async fn totals(db: &Db) -> Totals {
    Totals {
        interviews: interview::Entity::find().count(db).await.unwrap(),
        answers: answer::Entity::find().count(db).await.unwrap(),
        fields: interview_field::Entity::find().count(db).await.unwrap(),
        events: event::Entity::find().count(db).await.unwrap(),
        users: user::Entity::find().count(db).await.unwrap(),
        memberships: membership::Entity::find().count(db).await.unwrap(),
    }
}

async fn demo_data(kind: Kind) {
    let Some(mut app) = TestApp::anonymous(kind).await else {
        return;
    };
    let first = demo::ensure(&app.db).await.expect("demo data");
    assert_eq!(first.interviews_added, 12);
    let study_id = first.study_id.to_string();
    let interviews = interview::Entity::find()
        .filter(interview::Column::StudyId.eq(&study_id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(interviews.len(), 12);

    details_look_made_up(&interviews);
    sections_follow_table_1_with_gaps(&interviews);
    let interviewers = interviewers_are_demo_members(&app.db, &study_id, &interviews).await;
    let answers = answer::Entity::find()
        .filter(answer::Column::InterviewId.is_in(interviews.iter().map(|i| i.id.clone())))
        .all(&app.db)
        .await
        .unwrap();
    verdicts_are_spread(&app.db, &study_id, &answers).await;
    journalled(&app.db, &study_id, &interviews, &answers, &interviewers).await;
    history_and_fields_through_the_api(&mut app, &interviews, &answers).await;

    let before = totals(&app.db).await;
    let again = demo::ensure(&app.db).await.expect("demo data again");
    assert_eq!(again.interviews_added, 0);
    assert_eq!(again.study_id, first.study_id);
    assert!(again.new_password.is_none());
    assert_eq!(totals(&app.db).await, before, "a second run adds nothing");
    app.cleanup().await;
}

fn details_look_made_up(interviews: &[interview::Model]) {
    let today = chrono::Utc::now().date_naive();
    let mut organisations = BTreeSet::new();
    let mut modes = BTreeSet::new();
    for iv in interviews {
        assert!(
            iv.organisation.ends_with("(fictief)"),
            "{} does not say it is made up",
            iv.organisation
        );
        organisations.insert(iv.organisation.as_str());
        assert!(iv.respondent_function.is_some(), "{}", iv.organisation);
        assert!(iv.notes.as_deref().is_some_and(|n| n.contains("Fictief")));
        let held_on = iv.held_on.expect("a date");
        let age = (today - held_on).num_days();
        assert!((1..=8 * 7).contains(&age), "held {age} days ago");
        modes.insert(iv.mode.clone().expect("a mode"));
    }
    assert_eq!(
        organisations.len(),
        12,
        "each interview at its own organisation"
    );
    assert!(modes.len() >= 2, "{modes:?}");
    let dates: BTreeSet<_> = interviews.iter().filter_map(|i| i.held_on).collect();
    let span = (*dates.last().unwrap() - *dates.first().unwrap()).num_days();
    assert!(
        span >= 14,
        "the interviews span {span} days, not a few weeks"
    );
}

/// G the most, several sections, and sections table 1 weighs visibly left without any.
fn sections_follow_table_1_with_gaps(interviews: &[interview::Model]) {
    let mut per_section: BTreeMap<&str, usize> = BTreeMap::new();
    for iv in interviews {
        *per_section.entry(iv.sbi_section.as_str()).or_default() += 1;
    }
    assert!(per_section.len() >= 5, "{per_section:?}");
    let most = per_section.values().max().copied().unwrap_or(0);
    assert_eq!(per_section.get("G").copied(), Some(most), "{per_section:?}");
    let share_in_table = |code: &str| {
        TRAINING_COMPANIES
            .rows
            .iter()
            .find(|r| r.sbi_section.as_deref() == Some(code))
            .and_then(|r| r.commercieel_medewerker_pct)
            .unwrap_or(0.0)
    };
    let uncovered: Vec<&str> = TRAINING_COMPANIES
        .rows
        .iter()
        .filter_map(|r| r.sbi_section.as_deref())
        .filter(|code| share_in_table(code) >= 1.0 && !per_section.contains_key(code))
        .collect();
    assert!(
        uncovered.len() >= 2,
        "sections of 1 % or more in table 1 without an interview: {uncovered:?}"
    );
}

/// The two demo interviewers, members of the study as interviewers, each holding some.
async fn interviewers_are_demo_members(
    db: &Db,
    study_id: &str,
    interviews: &[interview::Model],
) -> BTreeSet<String> {
    let ids: BTreeSet<String> = interviews
        .iter()
        .map(|i| i.interviewer_id.clone())
        .collect();
    assert_eq!(ids.len(), 2);
    for id in &ids {
        let u = user::Entity::find_by_id(id.clone())
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert!(
            u.email.ends_with("@demo.aansluiting.test") && u.email.starts_with("interviewer"),
            "{}",
            u.email
        );
        let m = membership::Entity::find_by_id((study_id.to_string(), id.clone()))
            .one(db)
            .await
            .unwrap()
            .expect("a member of the study");
        assert_eq!(m.role, "interviewer");
    }
    ids
}

async fn verdicts_are_spread(db: &Db, study_id: &str, answers: &[answer::Model]) {
    let s = study::Entity::find_by_id(study_id.to_string())
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let items: Vec<String> = codebook_node::Entity::find()
        .filter(codebook_node::Column::CodebookId.eq(s.codebook_id))
        .filter(codebook_node::Column::Kind.eq("item"))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.id)
        .collect();
    let mut counts: HashMap<&str, Counts> = HashMap::new();
    let mut ratings = BTreeSet::new();
    for a in answers {
        let rating = stored::rating(&a.rating).expect("a rating");
        ratings.insert(rating.code());
        counts.entry(a.item_id.as_str()).or_default().add(rating);
    }
    assert_eq!(ratings.len(), 4, "every rating occurs: {ratings:?}");
    let rated = items
        .iter()
        .filter(|i| counts.contains_key(i.as_str()))
        .count();
    assert!(
        rated * 10 >= items.len() * 9,
        "{rated} of {} items rated",
        items.len()
    );
    let mut verdicts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut few = 0;
    for item in &items {
        let c = counts.get(item.as_str()).copied().unwrap_or_default();
        let stats = evaluate(&c, &Thresholds::default());
        *verdicts.entry(stats.verdict.code()).or_default() += 1;
        if stats.n < 3 {
            few += 1;
        }
    }
    let of = |v: Verdict| verdicts.get(v.code()).copied().unwrap_or(0);
    assert!(of(Verdict::Good) >= 1, "{verdicts:?}");
    assert!(of(Verdict::Partial) >= 1, "{verdicts:?}");
    assert!(of(Verdict::Insufficient) >= 1, "{verdicts:?}");
    assert!(of(Verdict::InsufficientData) >= 1, "{verdicts:?}");
    assert!(few >= 1, "no item with n < 3");
    // Most items fit: the demo is a bcp that mostly holds, with a minority to discuss.
    assert!(
        of(Verdict::Good) * 2 > items.len(),
        "{verdicts:?} of {}",
        items.len()
    );
    let with_note = answers.iter().filter(|a| a.note.is_some()).count();
    let with_quote = answers.iter().filter(|a| a.quote.is_some()).count();
    assert!(
        with_note >= 10 && with_quote >= 3,
        "{with_note} notes, {with_quote} quotes"
    );
    let not_recognised_notes = answers
        .iter()
        .filter(|a| a.rating == Rating::NotRecognised.code() && a.note.is_some())
        .count();
    assert!(not_recognised_notes >= 1);
}

/// Every answer and field has its event, by the interview's interviewer, at revision 1.
async fn journalled(
    db: &Db,
    study_id: &str,
    interviews: &[interview::Model],
    answers: &[answer::Model],
    interviewers: &BTreeSet<String>,
) {
    let events = event::Entity::find()
        .filter(event::Column::StudyId.eq(study_id))
        .all(db)
        .await
        .unwrap();
    let answer_events: BTreeSet<(&str, &str)> = events
        .iter()
        .filter(|e| e.kind == "answer")
        .map(|e| (e.scope_id.as_str(), e.target.as_str()))
        .collect();
    assert_eq!(
        events.iter().filter(|e| e.kind == "answer").count(),
        answers.len()
    );
    for a in answers {
        assert!(answer_events.contains(&(a.interview_id.as_str(), a.item_id.as_str())));
        assert_eq!(a.revision, 1);
    }
    // Written in bulk: a group commit stamps all its events with one time, so one time per
    // interview means its answers went through the journal as one batch, not one op per call.
    let mut times: HashMap<&str, BTreeSet<chrono::DateTime<chrono::Utc>>> = HashMap::new();
    for e in events.iter().filter(|e| e.kind == "answer") {
        times.entry(e.scope_id.as_str()).or_default().insert(e.at);
    }
    assert_eq!(times.len(), interviews.len());
    assert!(
        times.values().all(|t| t.len() == 1),
        "answers of one interview were committed apart"
    );
    let interviewer_of: HashMap<&str, &str> = interviews
        .iter()
        .map(|i| (i.id.as_str(), i.interviewer_id.as_str()))
        .collect();
    for e in &events {
        assert!(interviewers.contains(&e.actor_id), "{}", e.actor_id);
        assert_eq!(
            interviewer_of.get(e.scope_id.as_str()).copied(),
            Some(e.actor_id.as_str())
        );
    }
    let fields = interview_field::Entity::find()
        .filter(interview_field::Column::InterviewId.is_in(interviews.iter().map(|i| i.id.clone())))
        .all(db)
        .await
        .unwrap();
    assert_eq!(
        events.iter().filter(|e| e.kind == "field").count(),
        fields.len()
    );
    let keys: BTreeSet<&str> = fields
        .iter()
        .map(|f| f.key.split(':').next().unwrap_or_default())
        .collect();
    for key in [
        "trend",
        "aspects",
        "job_titles",
        "related_occupations",
        "education_now",
        "education_in_5_years",
    ] {
        assert!(keys.contains(key), "no {key} recorded: {keys:?}");
    }
}

/// What the coordinator sees: an interview with its answers and fields, and an answer's history.
async fn history_and_fields_through_the_api(
    app: &mut TestApp,
    interviews: &[interview::Model],
    answers: &[answer::Model],
) {
    use server::auth::principal::UserCtx;
    let coordinator = server::services::accounts::find_by_email(&app.db, demo::COORDINATOR_EMAIL)
        .await
        .unwrap()
        .unwrap();
    let ctx = server::services::Ctx::acting_as(
        app.db.clone(),
        UserCtx::on_behalf(coordinator.id, &coordinator.email, &coordinator.name),
    );
    // The demo's password is made at random: give the coordinator the tests' one first.
    server::services::accounts::set_password(&app.db, demo::COORDINATOR_EMAIL, common::PASSWORD)
        .await
        .unwrap();
    let token = server::services::accounts::create_token(&ctx, &common::token_request())
        .await
        .unwrap()
        .token;
    app.bearer = Some(token);

    let iv = &interviews[0];
    let (status, view) = app.get_json(&format!("/api/v1/interviews/{}", iv.id)).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    let mine: Vec<&answer::Model> = answers.iter().filter(|a| a.interview_id == iv.id).collect();
    assert_eq!(view["answers"].as_array().unwrap().len(), mine.len());
    assert!(!view["fields"].as_array().unwrap().is_empty());
    assert_eq!(view["answered"], mine.len());

    let a = mine[0];
    let (status, history) = app
        .get_json(&format!(
            "/api/v1/interviews/{}/answers/{}/history",
            iv.id, a.item_id
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{history}");
    let entries = history.as_array().unwrap();
    assert_eq!(entries.len(), 1, "{history}");
    assert_eq!(entries[0]["new_rating"], a.rating.as_str());
    let actor = entries[0]["actor"].as_str().unwrap_or_default();
    assert!(actor.starts_with("Demo-interviewer"), "{actor}");
}

on_both_databases!(demo_data);
