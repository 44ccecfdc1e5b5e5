//! The authorization layer: every service asks here before it reads or writes anything.
//! A study the caller is not a member of does not exist for them (404, not 403), so ids from
//! other studies leak nothing.

use app::domain::access::{Permission, StudyRole, allows};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::principal::{Principal, UserCtx};
use crate::db::entities::{interview, membership};
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
    db: &DatabaseConnection,
    principal: &Principal,
    study_id: &str,
    permission: Permission,
) -> Result<(UserCtx, StudyRole), ServiceError> {
    let user = signed_in(principal)?.clone();
    let role = membership::Entity::find()
        .filter(membership::Column::StudyId.eq(study_id))
        .filter(membership::Column::UserId.eq(user.id.as_str()))
        .one(db)
        .await?
        .and_then(|m| StudyRole::from_code(&m.role))
        .ok_or_else(|| ServiceError::NotFound(format!("no study with id {study_id}")))?;
    if !allows(role, permission) {
        return Err(ServiceError::Forbidden(format!(
            "a {} may not do this in this study",
            role.code()
        )));
    }
    Ok((user, role))
}

/// The interview and the caller's role in its study. An interview in a study the caller is not
/// a member of is reported as missing, like the study itself.
pub async fn interview(
    db: &DatabaseConnection,
    principal: &Principal,
    interview_id: &str,
    permission: Permission,
) -> Result<(UserCtx, StudyRole, interview::Model), ServiceError> {
    signed_in(principal)?;
    let missing = || ServiceError::NotFound(format!("no interview with id {interview_id}"));
    let found = interview::Entity::find_by_id(interview_id.to_string())
        .one(db)
        .await?
        .ok_or_else(missing)?;
    let (user, role) = match study(db, principal, &found.study_id, permission).await {
        Err(ServiceError::NotFound(_)) => return Err(missing()),
        other => other?,
    };
    Ok((user, role, found))
}

/// What the route guard established about an interview for this request, so that the service
/// behind it need not ask the database the same questions again.
#[derive(Debug, Clone)]
pub struct CheckedInterview {
    pub user: UserCtx,
    pub role: StudyRole,
    pub interview: interview::Model,
}

/// [`interview`], reusing the guard's answer when it is about this interview and caller.
pub async fn interview_checked(
    db: &DatabaseConnection,
    principal: &Principal,
    checked: Option<&CheckedInterview>,
    interview_id: &str,
    permission: Permission,
) -> Result<(UserCtx, StudyRole, interview::Model), ServiceError> {
    if let (Some(c), Principal::User(u)) = (checked, principal) {
        if c.interview.id == interview_id && c.user.id == u.id {
            if !allows(c.role, permission) {
                return Err(ServiceError::Forbidden(format!(
                    "a {} may not do this in this study",
                    c.role.code()
                )));
            }
            return Ok((c.user.clone(), c.role, c.interview.clone()));
        }
    }
    interview(db, principal, interview_id, permission).await
}
