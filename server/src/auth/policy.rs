//! The authorization layer: every service asks here before it reads or writes anything.
//! A study the caller is not a member of does not exist for them (404, not 403), so ids from
//! other studies leak nothing.

use app::domain::access::{Permission, StudyRole, allows};
use app::domain::ids::{InterviewId, StudyId, WorkshopId};
use sea_orm::{EntityTrait, QuerySelect};

use super::identity::{ParticipantCtx, Principal, UserCtx};
use crate::db::entities::{interview as interview_row, membership, workshop as workshop_row};
use crate::db::immutable::InterviewFacts;
use crate::db::{Db, stored};
use crate::error::ServiceError;
use app::error::Reason;

/// What a route or server function requires, declared where it is registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// A signed-in account (cookie or bearer token).
    SignedIn,
    /// A signed-in account by its session cookie, not a token: making tokens and changing the
    /// password, which a leaked token must not be able to do.
    Session,
    /// A member of the study named in the path with this permission.
    Study(Permission),
    /// A member with this permission of the study the interview in the path belongs to.
    Interview(Permission),
    /// A member with this permission of the study the workshop in the path belongs to.
    Workshop(Permission),
    /// A participant of the workshop in the path (its cookie).
    Participant,
    /// A participant of the workshop in the path, or a member who may read its study.
    WorkshopAudience,
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
        (Access::Session, _) => signed_in(principal).and_then(with_password),
        (Access::SignedIn, _)
        | (Access::Study(_) | Access::Interview(_) | Access::Workshop(_), None) => {
            signed_in(principal).map(|_| ())
        }
        (Access::Participant | Access::WorkshopAudience, None) => match principal {
            Principal::Anonymous => Err(not_joined()),
            _ => Ok(()),
        },
        (Access::Workshop(permission), Some(raw)) => {
            let id = raw.parse().map_err(|_| not_an_id(raw))?;
            workshop(db, principal, id, permission).await.map(|_| ())
        }
        (Access::Participant, Some(raw)) => {
            let id = raw.parse().map_err(|_| not_an_id(raw))?;
            participant(principal, id).map(|_| ())
        }
        (Access::WorkshopAudience, Some(raw)) => {
            let id = raw.parse().map_err(|_| not_an_id(raw))?;
            match principal {
                Principal::Participant(_) => participant(principal, id).map(|_| ()),
                _ => workshop(db, principal, id, Permission::Read)
                    .await
                    .map(|_| ()),
            }
        }
        (Access::Study(permission), Some(raw)) => {
            let id = raw.parse().map_err(|_| not_an_id(raw))?;
            study(db, principal, id, permission).await.map(|_| ())
        }
        // Changing an interview is for its own interviewer or a coordinator, not every member
        // who may interview.
        (Access::Interview(Permission::Interview), Some(raw)) => {
            let id = raw.parse().map_err(|_| not_an_id(raw))?;
            interview_writable(db, principal, id).await.map(|_| ())
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

/// Account changes that a token must not make (another token, the password): the caller signed
/// in with a password, or acts from the command line.
pub fn with_password(u: &UserCtx) -> Result<(), ServiceError> {
    if u.token_id.is_some() {
        return Err(ServiceError::Forbidden(
            "sign in with a password to do this; a token may not".into(),
        )
        .because(Reason::SessionRequired, None));
    }
    Ok(())
}

/// A token that may only read asks to change something.
pub fn read_only_refusal() -> ServiceError {
    ServiceError::Forbidden("this token may only read".into()).because(Reason::ReadOnlyToken, None)
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

fn not_joined() -> ServiceError {
    ServiceError::Unauthorized("join the workshop with its code first".into())
}

fn no_workshop(id: WorkshopId) -> ServiceError {
    ServiceError::NotFound(format!("no workshop with id {id}"))
}

/// A member of the workshop's study with `permission`, and that study. A workshop in a study
/// the caller is not a member of is reported missing, like the study.
pub async fn workshop(
    db: &Db,
    principal: &Principal,
    id: WorkshopId,
    permission: Permission,
) -> Result<(UserCtx, StudyId), ServiceError> {
    signed_in(principal)?;
    let study: Option<String> = workshop_row::Entity::find_by_id(id.to_string())
        .select_only()
        .column(workshop_row::Column::StudyId)
        .into_tuple()
        .one(db)
        .await?;
    let study: StudyId = stored::id(&study.ok_or_else(|| no_workshop(id))?)?;
    match self::study(db, principal, study, permission).await {
        Ok((user, _)) => Ok((user, study)),
        Err(ServiceError::NotFound(_)) => Err(no_workshop(id)),
        Err(e) => Err(e),
    }
}

/// The workshop's own participant who is calling. A participant of another workshop is told
/// this one is not there; an account holder that only participants may do this.
pub fn participant(principal: &Principal, id: WorkshopId) -> Result<&ParticipantCtx, ServiceError> {
    match principal {
        Principal::Participant(p) if p.workshop_id == id.to_string() => Ok(p),
        Principal::Participant(_) => Err(no_workshop(id)),
        Principal::Anonymous => Err(not_joined()),
        Principal::User(_) => Err(ServiceError::Forbidden(
            "only the workshop's participants can do this".into(),
        )),
    }
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
