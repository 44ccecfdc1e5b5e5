//! Interviews and their answers. Every answer change is one operation with a client-made
//! `op_id`, written through the op journal (`services::journal`); a change of the details
//! appends its event to the same sequence.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};

use app::domain::access::Permission;
use app::domain::codebook::NodeKind;
use app::domain::ids::{InterviewId, NodeId, StudyId};
use app::domain::reference;
use app::features::interviews::dto::{
    AnswerChange, BatchOp, BatchResult, HistoryEntry, InterviewForm, InterviewPatch,
    InterviewSummary, InterviewView, Mode, NewInterview, Written,
};

use super::answer_store::{AnswerValue, Answers, PreparedOp, answer_view};
use super::journal::{self, outbox};
use super::{Ctx, audit};
use crate::auth::policy;
use crate::db::entities::{answer, codebook_node as node, interview, study};
use crate::db::immutable::InterviewFacts;
use crate::db::{Db, stored};
use crate::error::ServiceError;

pub const MAX_TEXT: usize = 20_000;
pub const MAX_BATCH: usize = 1_000;

pub(super) fn invalid(field: &str, message: impl Into<String>) -> ServiceError {
    ServiceError::invalid_field(field, message)
}

fn clean(text: Option<String>, field: &str) -> Result<Option<String>, ServiceError> {
    match text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) {
        Some(t) if t.chars().count() > MAX_TEXT => Err(invalid(
            field,
            format!("{field} is longer than {MAX_TEXT} characters"),
        )),
        other => Ok(other),
    }
}

pub async fn create(
    ctx: &Ctx,
    study: StudyId,
    input: NewInterview,
) -> Result<InterviewSummary, ServiceError> {
    let (user, _) = policy::study(&ctx.db, &ctx.principal, study, Permission::Interview).await?;
    let study_id = &study.to_string();
    let organisation = check_organisation(&input.organisation)?;
    let sbi = check_sbi(&input.sbi_section)?;
    let held_on = check_date(input.held_on.as_deref())?;
    let model = interview::ActiveModel {
        id: Set(uuid::Uuid::new_v4().to_string()),
        study_id: Set(study_id.to_string()),
        organisation: Set(organisation),
        sbi_section: Set(sbi),
        respondent_function: Set(clean(input.respondent_function, "respondent_function")?),
        held_on: Set(held_on),
        mode: Set(input.mode.map(|m| m.code().to_string())),
        interviewer_id: Set(user.id.clone()),
        consent: Set(input.consent),
        notes: Set(clean(input.notes, "notes")?),
        created_at: Set(Utc::now()),
        revision: Set(1),
    };
    // The study log names every interview started, written with it or not at all; the event
    // tells live views a respondent arrived.
    let write = ctx.db.begin_write().await?;
    let model = model.insert(&write.txn).await?;
    audit::record(
        &write.txn,
        Some(&user.id),
        Some(study_id),
        "interview.created",
        serde_json::json!({"interview_id": model.id, "organisation": model.organisation}),
    )
    .await?;
    let last = details_event(&write.txn, &user.id, None, &model).await?;
    write.commit().await?;
    if let (Some(writers), Some(id)) = (&ctx.writers, last) {
        writers.events.published(id);
    }
    summary(&ctx.db, model).await
}

fn check_organisation(name: &str) -> Result<String, ServiceError> {
    let organisation = name.trim().to_string();
    if organisation.is_empty() || organisation.chars().count() > 300 {
        return Err(invalid(
            "organisation",
            "the organisation needs a name of 1 to 300 characters",
        ));
    }
    Ok(organisation)
}

pub(crate) fn check_sbi(code: &str) -> Result<String, ServiceError> {
    let sbi = code.trim().to_ascii_uppercase();
    if sbi.is_empty() {
        // The form has no default section, so that none is chosen by accident.
        return Err(invalid(
            "sbi_section",
            "choose the SBI section of the organisation",
        ));
    }
    match reference::sbi_section(&sbi) {
        Some(_) => Ok(sbi),
        None => Err(invalid(
            "sbi_section",
            format!("{code:?} is not an SBI section (A to U)"),
        )),
    }
}

fn check_date(date: Option<&str>) -> Result<Option<chrono::NaiveDate>, ServiceError> {
    match date.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| invalid("held_on", format!("{d:?} is not a date like 2026-11-27"))),
        None => Ok(None),
    }
}

fn check_mode(mode: &str) -> Result<Option<Mode>, ServiceError> {
    match mode.trim() {
        "" => Ok(None),
        other => Mode::from_code(other).map(Some).ok_or_else(|| {
            invalid(
                "mode",
                format!("unknown mode {other:?}: on_site, video or phone"),
            )
        }),
    }
}

/// Changes the metadata: by the interview's own interviewer or a coordinator, like its answers.
/// Only if the details are still at `base_revision` (when given): a change made on an older copy
/// is refused as `stale` with the current details, never written over a colleague's. Every
/// field is checked before anything is written.
pub async fn update(
    ctx: &Ctx,
    interview: InterviewId,
    patch: InterviewPatch,
) -> Result<InterviewSummary, ServiceError> {
    let (actor, _) = writable(ctx, interview).await?;
    let interview_id = &interview.to_string();
    let missing = || ServiceError::NotFound(format!("no interview with id {interview_id}"));
    let write = ctx.db.begin_write().await?;
    let current = interview::Entity::find_by_id(interview_id.to_string())
        .one(&write.txn)
        .await?
        .ok_or_else(missing)?;
    if patch
        .base_revision
        .is_some_and(|base| i64::from(base) != i64::from(current.revision))
    {
        drop(write);
        return Err(stale_details(&ctx.db, current).await);
    }
    let revision = current.revision;
    let old = Details::of(&current);
    let mut row = patched(current, &patch)?;
    row.revision = Set(revision + 1);
    // Only if nobody changed the row since it was read (PostgreSQL runs such writes in parallel).
    let changed = interview::Entity::update_many()
        .set(row)
        .filter(interview::Column::Id.eq(interview_id))
        .filter(interview::Column::Revision.eq(revision))
        .exec(&write.txn)
        .await?;
    if changed.rows_affected == 0 {
        drop(write);
        let now = interview::Entity::find_by_id(interview_id.to_string())
            .one(&ctx.db)
            .await?
            .ok_or_else(missing)?;
        return Err(stale_details(&ctx.db, now).await);
    }
    let saved = interview::Entity::find_by_id(interview_id.to_string())
        .one(&write.txn)
        .await?
        .ok_or_else(missing)?;
    let last = details_event(&write.txn, &actor, Some(&old), &saved).await?;
    let new = Details::of(&saved);
    audit::record(
        &write.txn,
        Some(actor.as_str()),
        Some(&saved.study_id),
        "interview.updated",
        serde_json::json!({"interview_id": interview_id, "organisation": new.organisation, "changed": old.changed(&new)}),
    )
    .await?;
    write.commit().await?;
    if let (Some(writers), Some(id)) = (&ctx.writers, last) {
        writers.events.published(id);
    }
    summary(&ctx.db, saved).await
}

/// The details as their events record them.
#[derive(serde::Serialize)]
struct Details {
    organisation: String,
    sbi_section: String,
    respondent_function: Option<String>,
    held_on: Option<String>,
    mode: Option<String>,
    consent: bool,
    notes: Option<String>,
}

impl Details {
    /// The names of the fields that differ (for the audit log, which does not copy the notes).
    fn changed(&self, new: &Details) -> Vec<&'static str> {
        let pairs = [
            ("organisation", self.organisation != new.organisation),
            ("sbi_section", self.sbi_section != new.sbi_section),
            (
                "respondent_function",
                self.respondent_function != new.respondent_function,
            ),
            ("held_on", self.held_on != new.held_on),
            ("mode", self.mode != new.mode),
            ("consent", self.consent != new.consent),
            ("notes", self.notes != new.notes),
        ];
        pairs
            .into_iter()
            .filter(|(_, d)| *d)
            .map(|(n, _)| n)
            .collect()
    }

    fn of(m: &interview::Model) -> Details {
        Details {
            organisation: m.organisation.clone(),
            sbi_section: m.sbi_section.clone(),
            respondent_function: m.respondent_function.clone(),
            held_on: m.held_on.map(|d| d.format("%Y-%m-%d").to_string()),
            mode: m.mode.clone(),
            consent: m.consent,
            notes: m.notes.clone(),
        }
    }
}

/// Appends the change of the details (or, without `old`, the new interview) to the event
/// sequence. The details have no client op_id (the revision check makes a resent edit stale),
/// so the event gets a fresh one.
async fn details_event(
    txn: &impl ConnectionTrait,
    actor: &str,
    old: Option<&Details>,
    saved: &interview::Model,
) -> Result<Option<i64>, ServiceError> {
    let new = Details::of(saved);
    let op_id = uuid::Uuid::new_v4().to_string();
    let content = serde_json::to_value(&new).unwrap_or_default();
    let revision = u32::try_from(saved.revision).unwrap_or(0);
    let event = outbox::NewEvent {
        kind: DETAILS,
        study_id: &saved.study_id,
        scope: &saved.id,
        target: "",
        op_id: &op_id,
        hash: &journal::request_hash("", &[content], None),
        actor,
        at: Utc::now(),
        revision,
        old,
        new: &new,
    };
    Ok(outbox::append(txn, &[event]).await?)
}

/// Appends a change of interviewer (target `interviewer`) to the event sequence, so live views
/// filtering by interviewer follow it. The details' revision is not bumped: nothing of them
/// changed.
pub(super) async fn interviewer_event(
    txn: &impl ConnectionTrait,
    actor: &str,
    from: &str,
    saved: &interview::Model,
) -> Result<Option<i64>, ServiceError> {
    let op_id = uuid::Uuid::new_v4().to_string();
    let new = serde_json::json!({"interviewer_id": saved.interviewer_id});
    let event = outbox::NewEvent {
        kind: DETAILS,
        study_id: &saved.study_id,
        scope: &saved.id,
        target: "interviewer",
        op_id: &op_id,
        hash: &journal::request_hash("interviewer", std::slice::from_ref(&new), None),
        actor,
        at: Utc::now(),
        revision: u32::try_from(saved.revision).unwrap_or(0),
        old: Some(&serde_json::json!({"interviewer_id": from})),
        new: &new,
    };
    Ok(outbox::append(txn, &[event]).await?)
}

/// The `kind` of the details' events.
pub const DETAILS: &str = crate::db::entities::event::kind::INTERVIEW;

/// The row with every field of the patch set, each checked first.
fn patched(
    current: interview::Model,
    patch: &InterviewPatch,
) -> Result<interview::ActiveModel, ServiceError> {
    let mut row: interview::ActiveModel = current.into();
    if let Some(name) = &patch.organisation {
        row.organisation = Set(check_organisation(name)?);
    }
    if let Some(code) = &patch.sbi_section {
        row.sbi_section = Set(check_sbi(code)?);
    }
    if let Some(text) = &patch.respondent_function {
        row.respondent_function = Set(clean(Some(text.clone()), "respondent_function")?);
    }
    if let Some(date) = &patch.held_on {
        row.held_on = Set(check_date(Some(date))?);
    }
    if let Some(mode) = &patch.mode {
        row.mode = Set(check_mode(mode)?.map(|m| m.code().to_string()));
    }
    if let Some(consent) = patch.consent {
        row.consent = Set(consent);
    }
    if let Some(notes) = &patch.notes {
        row.notes = Set(clean(Some(notes.clone()), "notes")?);
    }
    Ok(row)
}

async fn stale_details(db: &DatabaseConnection, current: interview::Model) -> ServiceError {
    let revision = current.revision;
    match summary(db, current).await {
        Ok(current) => ServiceError::Stale {
            message: format!(
                "the interview's details were changed by someone else (now revision {revision})"
            ),
            current: serde_json::to_value(current).unwrap_or_default(),
        },
        Err(e) => e,
    }
}

/// The browser's form: empty strings mean unset; an unknown mode is a 422 like any bad field.
pub async fn create_from_form(
    ctx: &Ctx,
    study_id: StudyId,
    form: InterviewForm,
) -> Result<InterviewSummary, ServiceError> {
    let mode = check_mode(&form.mode)?;
    let input = NewInterview {
        organisation: form.organisation,
        sbi_section: form.sbi_section,
        respondent_function: Some(form.respondent_function),
        held_on: Some(form.held_on),
        mode,
        consent: false,
        notes: None,
    };
    create(ctx, study_id, input).await
}

/// A study's interviews with their progress: three queries however many interviews there are.
pub async fn list(ctx: &Ctx, study: StudyId) -> Result<Vec<InterviewSummary>, ServiceError> {
    policy::study(&ctx.db, &ctx.principal, study, Permission::Read).await?;
    let study_id = &study.to_string();
    let rows = interview::Entity::find()
        .filter(interview::Column::StudyId.eq(study_id))
        .order_by_asc(interview::Column::CreatedAt)
        .all(&ctx.db)
        .await?;
    let items = item_count(&ctx.db, study_id).await?;
    let answered = answered_per_interview(&ctx.db, study_id).await?;
    rows.into_iter()
        .map(|r| {
            let done = answered.get(&r.id).copied().unwrap_or(0);
            summary_of(r, items, done)
        })
        .collect()
}

async fn answered_per_interview(
    db: &impl ConnectionTrait,
    study_id: &str,
) -> Result<HashMap<String, u32>, ServiceError> {
    let in_study = interview::Entity::find()
        .select_only()
        .column(interview::Column::Id)
        .filter(interview::Column::StudyId.eq(study_id))
        .into_query();
    let counts: Vec<(String, i64)> = answer::Entity::find()
        .select_only()
        .column(answer::Column::InterviewId)
        .column_as(answer::Column::ItemId.count(), "answered")
        .filter(answer::Column::InterviewId.in_subquery(in_study))
        .group_by(answer::Column::InterviewId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(counts
        .into_iter()
        .map(|(id, n)| (id, u32::try_from(n).unwrap_or(u32::MAX)))
        .collect())
}

pub async fn get(ctx: &Ctx, interview: InterviewId) -> Result<InterviewView, ServiceError> {
    let (user, role, facts) =
        policy::interview(&ctx.db, &ctx.principal, interview, Permission::Read).await?;
    let interview_id = &interview.to_string();
    let can_edit = policy::may_change(&ctx.db, &user, role, &facts).await?;
    let missing = || ServiceError::NotFound(format!("no interview with id {interview_id}"));
    let iv = interview::Entity::find_by_id(interview_id.to_string())
        .one(&ctx.db)
        .await?
        .ok_or_else(missing)?;
    let answers = answer::Entity::find()
        .filter(answer::Column::InterviewId.eq(interview_id))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(answer_view)
        .collect::<Result<_, _>>()?;
    let interviewer_name = super::accounts::names_of(&ctx.db, &[iv.interviewer_id.as_str()])
        .await?
        .remove(&iv.interviewer_id)
        .unwrap_or_default();
    Ok(InterviewView {
        summary: summary(&ctx.db, iv).await?,
        answers,
        fields: super::field_store::current(&ctx.db, interview_id).await?,
        can_edit,
        interviewer_name,
    })
}

async fn item_count(db: &impl ConnectionTrait, study_id: &str) -> Result<u32, ServiceError> {
    let Some(s) = study::Entity::find_by_id(study_id.to_string())
        .one(db)
        .await?
    else {
        return Ok(0);
    };
    Ok(node::Entity::find()
        .filter(node::Column::CodebookId.eq(s.codebook_id))
        .filter(node::Column::Kind.eq(NodeKind::Item.code()))
        .count(db)
        .await? as u32)
}

pub(super) async fn summary(
    db: &impl ConnectionTrait,
    m: interview::Model,
) -> Result<InterviewSummary, ServiceError> {
    let answered = answer::Entity::find()
        .filter(answer::Column::InterviewId.eq(m.id.as_str()))
        .count(db)
        .await? as u32;
    let items = item_count(db, &m.study_id).await?;
    summary_of(m, items, answered)
}

fn summary_of(
    m: interview::Model,
    items: u32,
    answered: u32,
) -> Result<InterviewSummary, ServiceError> {
    Ok(InterviewSummary {
        mode: stored::mode(m.mode.as_deref())?,
        items,
        answered,
        id: stored::id(&m.id)?,
        study_id: stored::id(&m.study_id)?,
        organisation: m.organisation,
        sbi_section: m.sbi_section,
        respondent_function: m.respondent_function,
        held_on: m.held_on.map(|d| d.format("%Y-%m-%d").to_string()),
        interviewer_id: stored::id(&m.interviewer_id)?,
        consent: m.consent,
        notes: m.notes,
        created_at: m.created_at.to_rfc3339(),
        revision: u32::try_from(m.revision).unwrap_or(0),
    })
}

/// The hash of what the client sent, as `journal::request_hash` wants it.
fn request_hash(item_id: &str, c: &AnswerChange) -> String {
    use serde_json::json;
    let content = [json!(c.rating.code()), json!(c.note), json!(c.quote)];
    journal::request_hash(item_id, &content, c.base_revision)
}

/// The caller's id and the interview, if they may change it (see `policy::interview_writable`).
pub(super) async fn writable(
    ctx: &Ctx,
    interview_id: InterviewId,
) -> Result<(String, InterviewFacts), ServiceError> {
    let (user, iv) = policy::interview_writable(&ctx.db, &ctx.principal, interview_id).await?;
    Ok((user.id, iv))
}

pub async fn put_answer(
    ctx: &Ctx,
    interview_id: InterviewId,
    item_id: NodeId,
    change: AnswerChange,
) -> Result<Written, ServiceError> {
    let (actor, iv) = writable(ctx, interview_id).await?;
    let op = prepare(ctx, &actor, &iv, &item_id.to_string(), change).await?;
    commit(ctx, vec![op])
        .await?
        .pop()
        .unwrap_or_else(|| Err(journal::not_applied()))
}

/// Every op is checked first; those that pass are committed together, in order, in one
/// transaction, and each gets its own result.
pub async fn batch(
    ctx: &Ctx,
    interview_id: InterviewId,
    ops: Vec<BatchOp>,
) -> Result<Vec<BatchResult>, ServiceError> {
    journal::check_batch_size(ops.len(), MAX_BATCH)?;
    let (actor, iv) = writable(ctx, interview_id).await?;
    let mut checked = Vec::with_capacity(ops.len());
    for op in ops {
        let op_id = op.change.op_id.clone();
        checked.push((
            op_id,
            prepare(ctx, &actor, &iv, &op.item_id, op.change).await,
        ));
    }
    let writer = ctx.writers.as_ref().map(|w| &w.answers);
    journal::commit_checked(&ctx.db, writer, checked).await
}

/// Through the group-commit writer; without one (command-line tools), in a transaction of its own.
async fn commit(ctx: &Ctx, ops: Vec<PreparedOp>) -> Result<Vec<journal::Outcome>, ServiceError> {
    let writer = ctx.writers.as_ref().map(|w| &w.answers);
    journal::commit(&ctx.db, writer, ops).await
}

/// The codebook the interview's study pinned. The study is there (the interview's foreign key),
/// so its absence is a damaged database, not a codebook named "".
pub(super) async fn study_codebook(db: &Db, iv: &InterviewFacts) -> Result<String, ServiceError> {
    db.facts
        .study_codebook(db, &iv.study_id)
        .await?
        .ok_or_else(|| {
            ServiceError::Internal(format!("the study of interview {} is missing", iv.id))
        })
}

async fn validate_item(db: &Db, iv: &InterviewFacts, item_id: &str) -> Result<(), ServiceError> {
    let codebook_id = study_codebook(db, iv).await?;
    let item = db.facts.node(db, item_id).await?;
    match item {
        None => Err(ServiceError::NotFound(format!("no item with id {item_id}"))),
        Some(n) if n.codebook_id != codebook_id => Err(invalid(
            "item_id",
            "this item belongs to another codebook than the study's",
        )),
        Some(n) if n.kind != NodeKind::Item.code() => Err(invalid(
            "item_id",
            format!("this is a {}, not an item to rate", n.kind),
        )),
        Some(_) => Ok(()),
    }
}

/// Every check that needs no transaction. Replays are recognised inside the write transaction,
/// where the answer is authoritative; checking here as well would cost every write a query.
async fn prepare(
    ctx: &Ctx,
    actor: &str,
    iv: &InterviewFacts,
    item_id: &str,
    c: AnswerChange,
) -> Result<PreparedOp, ServiceError> {
    let op_id = journal::check_op_id(&c.op_id)?;
    // Each op names its item in the body: parsed here, at the door, like the ids in a path.
    let item_id = &item_id
        .parse::<NodeId>()
        .map_err(|_| ServiceError::NotFound(format!("no item with id {item_id:?}")))?
        .to_string();
    let hash = request_hash(item_id, &c);
    validate_item(&ctx.db, iv, item_id).await?;
    Ok(PreparedOp {
        study_id: iv.study_id.clone(),
        scope: iv.id.clone(),
        target: item_id.to_string(),
        actor: actor.to_string(),
        op_id,
        hash,
        base_revision: c.base_revision,
        value: AnswerValue {
            note: clean(c.note, "note")?,
            quote: clean(c.quote, "quote")?,
            rating: c.rating,
        },
    })
}

pub async fn history(
    ctx: &Ctx,
    interview_id: InterviewId,
    item_id: NodeId,
) -> Result<Vec<HistoryEntry>, ServiceError> {
    policy::interview(&ctx.db, &ctx.principal, interview_id, Permission::Read).await?;
    let (scope, target) = (interview_id.to_string(), item_id.to_string());
    let entries = journal::history::<Answers>(&ctx.db, &scope, &target).await?;
    Ok(entries
        .into_iter()
        .map(|e| HistoryEntry {
            at: e.at,
            actor: e.actor,
            revision: e.revision,
            old_rating: e.old.as_ref().map(|o| o.rating),
            new_rating: e.new.rating,
            old_note: e.old.as_ref().and_then(|o| o.note.clone()),
            new_note: e.new.note,
            old_quote: e.old.and_then(|o| o.quote),
            new_quote: e.new.quote,
            op_id: e.op_id,
        })
        .collect())
}
