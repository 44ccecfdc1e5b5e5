//! The authorization layer: every service asks here before it reads or writes anything.
//! A study the caller is not a member of does not exist for them (404, not 403), so ids from
//! other studies leak nothing.

use app::domain::access::{Permission, StudyRole, allows};
use app::domain::ids::{InterviewId, StudyId};
use sea_orm::EntityTrait;

use super::identity::{Principal, UserCtx};
use crate::db::entities::{interview as interview_row, membership};
use crate::db::immutable::InterviewFacts;
use crate::db::{Db, stored};
use crate::error::ServiceError;

/// What a route or server function requires, declared where it is registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// A signed-in account (cookie or bearer token).
    SignedIn,
    /// A member of the study named in the path with this permission.
    Study(Permission),
    /// A member with this permission of the study the interview in the path belongs to.
    Interview(Permission),
}

/// A door's check of a declared rule, before any body is read. `scope` is the `{id}` of the
/// address for study and interview rules; without one (server functions carry the id in their
/// arguments, and their service checks it once decoded) being signed in is what is checked here.
/// An address whose id is not an id names nothing: 404.
pub async fn at_the_door(
    db: &Db,
    principal: &Principal,
    access: Access,
    scope: Option<&str>,
) -> Result<(), ServiceError> {
    let not_an_id = |raw: &str| {
        ServiceError::NotFound(format!("nothing at this address: {raw:?} is not an id"))
    };
    match (access, scope) {
        (Access::Public, _) => Ok(()),
        (Access::SignedIn, _) | (Access::Study(_) | Access::Interview(_), None) => {
            signed_in(principal).map(|_| ())
        }
        (Access::Study(permission), Some(raw)) => {
            let id = raw.parse().map_err(|_| not_an_id(raw))?;
            study(db, principal, id, permission).await.map(|_| ())
        }
        (Access::Interview(permission), Some(raw)) => {
            let id = raw.parse().map_err(|_| not_an_id(raw))?;
            interview(db, principal, id, permission).await.map(|_| ())
        }
    }
}

pub fn signed_in(principal: &Principal) -> Result<&UserCtx, ServiceError> {
    match principal {
        Principal::User(u) => Ok(u),
        Principal::Anonymous => Err(ServiceError::Unauthorized("sign in first".into())),
        Principal::Participant(_) => Err(ServiceError::Forbidden(
            "workshop participants cannot do this".into(),
        )),
    }
}

/// The caller's role in a study, if they may act with `permission` there.
pub async fn study(
    db: &Db,
    principal: &Principal,
    study_id: StudyId,
    permission: Permission,
) -> Result<(UserCtx, StudyRole), ServiceError> {
    member(db, principal, &study_id.to_string(), permission).await
}

/// [`study`] for a study id read from the database.
async fn member(
    db: &Db,
    principal: &Principal,
    study_id: &str,
    permission: Permission,
) -> Result<(UserCtx, StudyRole), ServiceError> {
    let user = signed_in(principal)?.clone();
    let role = role_in(db, study_id, &user.id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("no study with id {study_id}")))?;
    if !allows(role, permission) {
        return Err(ServiceError::Forbidden(format!(
            "a {} may not do this in this study",
            role.code()
        )));
    }
    Ok((user, role))
}

async fn role_in(
    db: &Db,
    study_id: &str,
    user_id: &str,
) -> Result<Option<StudyRole>, ServiceError> {
    if let Some(hit) = db.auth_cache.role(study_id, user_id) {
        return Ok(hit);
    }
    let role = match membership::Entity::find_by_id((study_id.to_string(), user_id.to_string()))
        .one(db)
        .await?
    {
        Some(m) => Some(stored::role(&m.role)?),
        None => None,
    };
    db.auth_cache.remember_role(study_id, user_id, role);
    Ok(role)
}

/// The interview's fixed facts and the caller's role in its study. An interview in a study the
/// caller is not a member of is reported as missing, like the study itself.
pub async fn interview(
    db: &Db,
    principal: &Principal,
    interview_id: InterviewId,
    permission: Permission,
) -> Result<(UserCtx, StudyRole, InterviewFacts), ServiceError> {
    signed_in(principal)?;
    let missing = || ServiceError::NotFound(format!("no interview with id {interview_id}"));
    let found = db
        .facts
        .interview(db, &interview_id.to_string())
        .await?
        .ok_or_else(missing)?;
    let (user, role) = match member(db, principal, &found.study_id, permission).await {
        Err(ServiceError::NotFound(_)) => return Err(missing()),
        other => other?,
    };
    Ok((user, role, found))
}

/// Who may change an interview (its answers, fields and metadata): its own interviewer, or a
/// coordinator of the study. Other members may only read it.
pub async fn interview_writable(
    db: &Db,
    principal: &Principal,
    interview_id: InterviewId,
) -> Result<(UserCtx, InterviewFacts), ServiceError> {
    let (user, role, iv) = interview(db, principal, interview_id, Permission::Interview).await?;
    if !may_change(db, &user, role, &iv).await? {
        return Err(ServiceError::Forbidden(
            "only the interview's own interviewer or a coordinator may change it".into(),
        ));
    }
    Ok((user, iv))
}

/// The rule of [`interview_writable`] for a caller already known to be a member: also asked to
/// show the form read-only to everyone else.
pub async fn may_change(
    db: &Db,
    user: &UserCtx,
    role: StudyRole,
    iv: &InterviewFacts,
) -> Result<bool, ServiceError> {
    if role == StudyRole::Coordinator {
        return Ok(true);
    }
    if !allows(role, Permission::Interview) {
        return Ok(false);
    }
    Ok(interviewer_of(db, &iv.id).await?.as_deref() == Some(user.id.as_str()))
}

async fn interviewer_of(db: &Db, interview_id: &str) -> Result<Option<String>, ServiceError> {
    if let Some(hit) = db.auth_cache.interviewer(interview_id) {
        return Ok(Some(hit));
    }
    let found = interview_row::Entity::find_by_id(interview_id.to_string())
        .one(db)
        .await?
        .map(|i| i.interviewer_id);
    if let Some(id) = &found {
        db.auth_cache.remember_interviewer(interview_id, id.clone());
    }
    Ok(found)
}
