//! The demo study's twelve interviews, written as their interviewers would write them: each
//! interview created through `services::interviews`, its answers sent as one batch and its
//! fields as one queue through the op journal, so the events, the history and the audit log
//! hold them exactly as they hold a user's work.

use chrono::{Days, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use app::domain::access::StudyRole;
use app::domain::ids::{InterviewId, StudyId};
use app::features::interviews::dto::{
    AnswerChange, BatchOp, FieldChange, FieldOp, NewInterview, OpResult,
};

use super::content::{self, INTERVIEW_NOTE};
use super::people::{acting_as, ensure_account};
use super::plan::{self, Planned, Tree};
use crate::db::Db;
use crate::db::entities::{interview, membership, user};
use crate::error::ServiceError;
use crate::services::{Ctx, codebooks, interview_fields, interviews, studies};

/// Adds the demo interviews when the study has none yet, so a second start adds nothing and a
/// study someone already worked in is left alone. `coordinator` adds the interviewers to the
/// study. Returns how many interviews were added.
pub async fn ensure(
    db: &Db,
    coordinator: &user::Model,
    study: StudyId,
) -> Result<usize, ServiceError> {
    let existing = interview::Entity::find()
        .filter(interview::Column::StudyId.eq(study.to_string()))
        .count(db)
        .await?;
    if existing > 0 {
        return Ok(0);
    }
    let mut interviewers = Vec::with_capacity(content::INTERVIEWERS.len());
    for (email, name) in content::INTERVIEWERS {
        let (u, _) = ensure_account(db, email, name).await?;
        join(db, coordinator, study, &u).await?;
        interviewers.push(acting_as(db, &u));
    }
    let tree = tree_of(&acting_as(db, coordinator), study).await?;
    let planned = plan::interviews(&tree);
    let today = Utc::now().date_naive();
    for p in &planned {
        let ctx = interviewers.get(p.meta.interviewer).ok_or_else(|| {
            ServiceError::Internal(format!("no demo interviewer {}", p.meta.interviewer))
        })?;
        let held_on = today
            .checked_sub_days(Days::new(p.meta.days_ago))
            .unwrap_or(today);
        write(ctx, study, p, held_on).await?;
    }
    Ok(planned.len())
}

/// Makes `u` an interviewer of the study unless they are a member already.
async fn join(
    db: &Db,
    coordinator: &user::Model,
    study: StudyId,
    u: &user::Model,
) -> Result<(), ServiceError> {
    let study_id = study.to_string();
    let member = membership::Entity::find_by_id((study_id.clone(), u.id.clone()))
        .one(db)
        .await?;
    if member.is_none() {
        studies::add_member_as(
            db,
            Some(&coordinator.id),
            &study_id,
            &u.email,
            StudyRole::Interviewer,
        )
        .await?;
    }
    Ok(())
}

/// The study's codebook, read as its members read it.
async fn tree_of(ctx: &Ctx, study: StudyId) -> Result<Tree, ServiceError> {
    let view = studies::get(ctx, study).await?;
    let book = codebooks::get(ctx, view.codebook_id).await?;
    Ok(Tree::of(&book.nodes))
}

async fn write(
    ctx: &Ctx,
    study: StudyId,
    p: &Planned,
    held_on: chrono::NaiveDate,
) -> Result<(), ServiceError> {
    let new = NewInterview {
        organisation: p.meta.organisation.into(),
        sbi_section: p.meta.sbi_section.into(),
        respondent_function: Some(p.meta.respondent_function.into()),
        held_on: Some(held_on.format("%Y-%m-%d").to_string()),
        mode: Some(p.meta.mode),
        consent: true,
        notes: Some(INTERVIEW_NOTE.into()),
    };
    let id = interviews::create(ctx, study, new).await?.id;
    write_answers(ctx, id, p).await?;
    write_fields(ctx, id, p).await
}

/// All answers of one interview in one batch: one transaction, like a capture form's queue.
async fn write_answers(ctx: &Ctx, id: InterviewId, p: &Planned) -> Result<(), ServiceError> {
    let ops = p
        .answers
        .iter()
        .map(|a| BatchOp {
            item_id: a.item_id.clone(),
            change: AnswerChange {
                rating: a.rating,
                note: a.note.map(Into::into),
                quote: a.quote.map(Into::into),
                op_id: uuid::Uuid::new_v4().to_string(),
                base_revision: Some(0),
            },
        })
        .collect();
    all_applied(interviews::batch(ctx, id, ops).await?, p.meta.organisation)
}

async fn write_fields(ctx: &Ctx, id: InterviewId, p: &Planned) -> Result<(), ServiceError> {
    let ops = p
        .fields
        .iter()
        .map(|(key, value)| FieldOp {
            key: key.clone(),
            change: FieldChange {
                value: value.clone(),
                op_id: uuid::Uuid::new_v4().to_string(),
                base_revision: Some(0),
            },
        })
        .collect();
    all_applied(
        interview_fields::save(ctx, id, ops).await?,
        p.meta.organisation,
    )
}

/// A refused demo write is a bug in the demo (it breaks a rule the services check), not
/// something to skip quietly.
fn all_applied<C>(results: Vec<OpResult<C>>, organisation: &str) -> Result<(), ServiceError> {
    match results.into_iter().find(|r| r.status != 200) {
        None => Ok(()),
        Some(r) => Err(ServiceError::Internal(format!(
            "a demo write for {organisation} was refused ({}): {}",
            r.status,
            r.error.map(|e| e.message).unwrap_or_default()
        ))),
    }
}
