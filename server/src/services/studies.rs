//! Studies and their members. A study pins one codebook version; its members each have one role.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde_json::json;

use app::domain::access::{Permission, StudyRole};
use app::domain::ids::{CodebookId, StudyId, UserId};
use app::error::{Problem, Reason};
use app::features::studies::dto::{MemberView, StudyView};

use super::{Ctx, accounts, audit};
use crate::auth::policy;
use crate::db::entities::{codebook, membership, study, user};
use crate::db::{Db, stored};
use crate::error::ServiceError;

pub const MAX_NAME: usize = 300;

pub(super) async fn view(
    db: &impl ConnectionTrait,
    s: study::Model,
    my_role: StudyRole,
) -> Result<StudyView, ServiceError> {
    let cb = codebook::Entity::find_by_id(s.codebook_id.clone())
        .one(db)
        .await?;
    Ok(StudyView {
        id: stored::id(&s.id)?,
        name: s.name,
        codebook_name: cb.as_ref().map(|c| c.name.clone()).unwrap_or_default(),
        codebook_version: cb.map(|c| c.version.max(0) as u32).unwrap_or_default(),
        codebook_id: stored::id(&s.codebook_id)?,
        created_at: s.created_at.to_rfc3339(),
        my_role,
    })
}

pub fn parse_role(role: &str) -> Result<StudyRole, ServiceError> {
    StudyRole::from_code(role).ok_or_else(|| {
        ServiceError::invalid(
            format!("unknown role {role:?}: use coordinator, interviewer, facilitator or viewer"),
            vec![Problem::new(
                "role",
                "coordinator | interviewer | facilitator | viewer",
            )],
        )
    })
}

pub async fn create(
    ctx: &Ctx,
    name: &str,
    codebook: CodebookId,
) -> Result<StudyView, ServiceError> {
    let user = policy::signed_in(&ctx.principal)?.clone();
    let codebook_id = &codebook.to_string();
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(ServiceError::invalid(
            format!("a study needs a name of 1 to {MAX_NAME} characters"),
            vec![Problem::new("name", "required")],
        ));
    }
    if codebook::Entity::find_by_id(codebook_id.to_string())
        .one(&ctx.db)
        .await?
        .is_none()
    {
        return Err(ServiceError::invalid(
            format!("no codebook with id {codebook_id}"),
            vec![Problem::new("codebook_id", "unknown codebook")],
        ));
    }
    let write = ctx.db.begin_write().await?;
    let txn = &write.txn;
    let s = study::ActiveModel {
        id: Set(uuid::Uuid::new_v4().to_string()),
        name: Set(name.to_string()),
        codebook_id: Set(codebook_id.to_string()),
        created_at: Set(Utc::now()),
        created_by: Set(Some(user.id.clone())),
    }
    .insert(txn)
    .await?;
    insert_member(txn, &s.id, &user.id, StudyRole::Coordinator).await?;
    super::threshold_store::insert_defaults(txn, &s.id, &user.id).await?;
    audit::record(
        txn,
        Some(&user.id),
        Some(&s.id),
        "study.created",
        json!({"name": name, "codebook_id": codebook_id}),
    )
    .await?;
    let out = view(txn, s, StudyRole::Coordinator).await?;
    write.commit().await?;
    ctx.db.auth_cache.forget_roles();
    Ok(out)
}

pub async fn mine(ctx: &Ctx) -> Result<Vec<StudyView>, ServiceError> {
    let user = policy::signed_in(&ctx.principal)?;
    let memberships = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user.id.as_str()))
        .all(&ctx.db)
        .await?;
    let mut out = Vec::new();
    for m in memberships {
        let role = stored::role(&m.role)?;
        let Some(s) = study::Entity::find_by_id(m.study_id).one(&ctx.db).await? else {
            continue;
        };
        out.push(view(&ctx.db, s, role).await?);
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

pub async fn get(ctx: &Ctx, id: StudyId) -> Result<StudyView, ServiceError> {
    let (_, role) = policy::study(&ctx.db, &ctx.principal, id, Permission::Read).await?;
    let s = study::Entity::find_by_id(id.to_string())
        .one(&ctx.db)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("no study with id {id}")))?;
    view(&ctx.db, s, role).await
}

pub async fn members(ctx: &Ctx, study: StudyId) -> Result<Vec<MemberView>, ServiceError> {
    policy::study(&ctx.db, &ctx.principal, study, Permission::Coordinate).await?;
    let study_id = &study.to_string();
    let rows = membership::Entity::find()
        .filter(membership::Column::StudyId.eq(study_id))
        .order_by_asc(membership::Column::CreatedAt)
        .all(&ctx.db)
        .await?;
    let mut out = Vec::new();
    for m in rows {
        let role = stored::role(&m.role)?;
        if let Some(u) = user::Entity::find_by_id(m.user_id.clone())
            .one(&ctx.db)
            .await?
        {
            out.push(MemberView {
                user_id: stored::id(&u.id)?,
                email: u.email,
                name: u.name,
                role,
                since: m.created_at.to_rfc3339(),
            });
        }
    }
    Ok(out)
}

pub(super) async fn insert_member(
    db: &impl ConnectionTrait,
    study_id: &str,
    user_id: &str,
    role: StudyRole,
) -> Result<(), ServiceError> {
    membership::ActiveModel {
        study_id: Set(study_id.to_string()),
        user_id: Set(user_id.to_string()),
        role: Set(role.code().to_string()),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Adds an existing account to a study straight away: for the administrator's command line
/// (`actor` `None`) and the demo. Coordinators invite instead (`services::invitations`).
pub async fn add_member_as(
    db: &Db,
    actor: Option<&str>,
    study_id: &str,
    email: &str,
    role: StudyRole,
) -> Result<MemberView, ServiceError> {
    let u = accounts::find_by_email(db, email).await?.ok_or_else(|| {
        ServiceError::invalid(
            format!(
                "no account for {email}; the administrator of this Aansluiting installation can create one"
            ),
            vec![Problem::new("email", "no such account")],
        )
        .because(Reason::NoAccount, Some("email"))
    })?;
    let existing = membership::Entity::find_by_id((study_id.to_string(), u.id.clone()))
        .one(db)
        .await?;
    if existing.is_some() {
        return Err(ServiceError::Conflict(format!(
            "{} is already a member; change the role instead",
            u.email
        ))
        .because(Reason::AlreadyMember, Some("email")));
    }
    let write = db.begin_write().await?;
    let txn = &write.txn;
    // Lost a race with another add of the same member: the answer the check above gives.
    insert_member(txn, study_id, &u.id, role)
        .await
        .map_err(|e| match e {
            ServiceError::Db(e) => ServiceError::conflict_if_unique(e, || {
                ServiceError::Conflict(format!("{} is already a member", u.email))
                    .because(Reason::AlreadyMember, Some("email"))
            }),
            other => other,
        })?;
    audit::record(
        txn,
        actor,
        Some(study_id),
        "member.added",
        json!({"email": u.email, "role": role.code()}),
    )
    .await?;
    write.commit().await?;
    db.auth_cache.forget_roles();
    Ok(MemberView {
        user_id: stored::id(&u.id)?,
        email: u.email,
        name: u.name,
        role,
        since: Utc::now().to_rfc3339(),
    })
}

async fn other_coordinators(
    db: &impl ConnectionTrait,
    study_id: &str,
    user_id: &str,
) -> Result<u64, ServiceError> {
    Ok(membership::Entity::find()
        .filter(membership::Column::StudyId.eq(study_id))
        .filter(membership::Column::Role.eq(StudyRole::Coordinator.code()))
        .filter(membership::Column::UserId.ne(user_id))
        .count(db)
        .await?)
}

fn last_coordinator() -> ServiceError {
    ServiceError::Conflict("a study needs at least one coordinator".into())
        .because(Reason::LastCoordinator, Some("role"))
}

async fn membership_of(
    db: &impl ConnectionTrait,
    study_id: &str,
    user_id: &str,
) -> Result<membership::Model, ServiceError> {
    membership::Entity::find_by_id((study_id.to_string(), user_id.to_string()))
        .one(db)
        .await?
        .ok_or_else(|| {
            ServiceError::NotFound(format!("user {user_id} is not a member of this study"))
        })
}

pub async fn change_role(
    ctx: &Ctx,
    study: StudyId,
    user: UserId,
    role: &str,
) -> Result<MemberView, ServiceError> {
    let (actor, _) = policy::study(&ctx.db, &ctx.principal, study, Permission::Coordinate).await?;
    let (study_id, user_id) = (&study.to_string(), &user.to_string());
    let role = parse_role(role)?;
    let write = ctx.db.begin_write().await?;
    let txn = &write.txn;
    let m = membership_of(txn, study_id, user_id).await?;
    if m.role == StudyRole::Coordinator.code()
        && role != StudyRole::Coordinator
        && other_coordinators(txn, study_id, user_id).await? == 0
    {
        return Err(last_coordinator());
    }
    let old = m.role.clone();
    let mut active: membership::ActiveModel = m.into();
    active.role = Set(role.code().to_string());
    let m = active.update(txn).await?;
    let u = user::Entity::find_by_id(user_id.to_string())
        .one(txn)
        .await?
        .ok_or_else(|| ServiceError::NotFound("no such user".into()))?;
    audit::record(
        txn,
        Some(&actor.id),
        Some(study_id),
        "member.role_changed",
        json!({"email": u.email, "from": old, "to": role.code()}),
    )
    .await?;
    write.commit().await?;
    ctx.db.auth_cache.forget_roles();
    Ok(MemberView {
        user_id: stored::id(&u.id)?,
        email: u.email,
        name: u.name,
        role,
        since: m.created_at.to_rfc3339(),
    })
}

pub async fn remove_member(ctx: &Ctx, study: StudyId, user: UserId) -> Result<(), ServiceError> {
    let (actor, _) = policy::study(&ctx.db, &ctx.principal, study, Permission::Coordinate).await?;
    let (study_id, user_id) = (&study.to_string(), &user.to_string());
    let write = ctx.db.begin_write().await?;
    let txn = &write.txn;
    let m = membership_of(txn, study_id, user_id).await?;
    if m.role == StudyRole::Coordinator.code()
        && other_coordinators(txn, study_id, user_id).await? == 0
    {
        return Err(last_coordinator());
    }
    let email = user::Entity::find_by_id(user_id.to_string())
        .one(txn)
        .await?
        .map(|u| u.email);
    membership::Entity::delete_by_id((study_id.to_string(), user_id.to_string()))
        .exec(txn)
        .await?;
    audit::record(
        txn,
        Some(&actor.id),
        Some(study_id),
        "member.removed",
        json!({"email": email, "role": m.role}),
    )
    .await?;
    write.commit().await?;
    ctx.db.auth_cache.forget_roles();
    Ok(())
}

/// A study by id, or by exact name when unambiguous: for the command line.
pub async fn find_for_admin(
    db: &DatabaseConnection,
    id_or_name: &str,
) -> Result<study::Model, ServiceError> {
    if let Some(s) = study::Entity::find_by_id(id_or_name.to_string())
        .one(db)
        .await?
    {
        return Ok(s);
    }
    let mut by_name = study::Entity::find()
        .filter(study::Column::Name.eq(id_or_name))
        .all(db)
        .await?;
    match by_name.len() {
        1 => Ok(by_name.remove(0)),
        0 => Err(ServiceError::NotFound(format!(
            "no study with id or name {id_or_name:?}"
        ))),
        n => Err(ServiceError::Conflict(format!(
            "{n} studies are named {id_or_name:?}; use the id"
        ))),
    }
}
