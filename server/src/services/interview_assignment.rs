//! Who holds an interview: a coordinator gives it to another member who may interview. The
//! interviewer is who may change it (besides coordinators), so the change is audited.

use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde_json::json;

use app::domain::access::{Permission, allows};
use app::domain::ids::{InterviewId, UserId};
use app::features::interviews::dto::InterviewSummary;

use super::interviews::{interviewer_event, summary};
use super::{Ctx, audit};
use crate::auth::policy;
use crate::db::entities::{interview, membership, user};
use crate::db::stored;
use crate::error::ServiceError;

/// Makes `user_id` the interview's interviewer (coordinators only). The new interviewer must be
/// a member of the study whose role may interview; choosing the current one changes nothing.
pub async fn assign(
    ctx: &Ctx,
    interview_id: InterviewId,
    user: UserId,
) -> Result<InterviewSummary, ServiceError> {
    let user_id = &user.to_string();
    let (actor, _, facts) = policy::interview(
        &ctx.db,
        &ctx.principal,
        interview_id,
        Permission::Coordinate,
    )
    .await?;
    let missing = || ServiceError::NotFound(format!("no interview with id {interview_id}"));
    let write = ctx.db.begin_write().await?;
    let txn = &write.txn;
    let role = match membership::Entity::find_by_id((facts.study_id.clone(), user_id.to_string()))
        .one(txn)
        .await?
    {
        Some(m) => Some(stored::role(&m.role)?),
        None => None,
    };
    if !role.is_some_and(|r| allows(r, Permission::Interview)) {
        return Err(ServiceError::invalid_field(
            "user_id",
            "the new interviewer must be a member of this study who may interview",
        ));
    }
    let current = interview::Entity::find_by_id(interview_id.to_string())
        .one(txn)
        .await?
        .ok_or_else(missing)?;
    if &current.interviewer_id == user_id {
        drop(write);
        return summary(&ctx.db, current).await;
    }
    let emails = |id: &str| user::Entity::find_by_id(id.to_string()).one(txn);
    let from = emails(&current.interviewer_id).await?.map(|u| u.email);
    let to = emails(user_id).await?.map(|u| u.email);
    let organisation = current.organisation.clone();
    let previous = current.interviewer_id.clone();
    let mut row: interview::ActiveModel = current.into();
    row.interviewer_id = Set(user_id.to_string());
    let saved = row.update(txn).await?;
    audit::record(
        txn,
        Some(&actor.id),
        Some(&facts.study_id),
        "interview.interviewer_changed",
        json!({"interview_id": interview_id, "organisation": organisation, "from": from, "to": to}),
    )
    .await?;
    let last = interviewer_event(txn, &actor.id, &previous, &saved).await?;
    write.commit().await?;
    ctx.db.auth_cache.forget_interviewers();
    if let (Some(writers), Some(id)) = (&ctx.writers, last) {
        writers.events.published(id);
    }
    summary(&ctx.db, saved).await
}
