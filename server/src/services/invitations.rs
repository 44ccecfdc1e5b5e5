//! Invitations to a study. A coordinator invites an e-mail address with a role; whoever signs
//! in with that address sees the invitation and accepts (becoming a member) or declines.
//!
//! Why not add the account straight away: the answer would tell the coordinator whether the
//! address has an account here (and the member list would show its name). An invitation looks
//! the same either way, and it lets a coordinator invite someone the administrator has yet to
//! create an account for. The command line, run by the administrator, still adds accounts
//! directly (`studies::add_member_as`).

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde_json::json;

use app::domain::access::Permission;
use app::domain::ids::{InvitationId, StudyId};
use app::error::Reason;
use app::features::studies::dto::{InvitationView, StudyView};

use super::studies::{insert_member, parse_role, view};
use super::{Ctx, accounts, audit};
use crate::auth::policy;
use crate::db::entities::{invitation, membership, study, user};
use crate::db::stored;
use crate::error::ServiceError;

/// Invites `email` to the study with `role`. The answer is the same whether or not the address
/// has an account; only an address that is a member already (the coordinator sees those) or
/// has an open invitation is refused.
pub async fn invite(
    ctx: &Ctx,
    study: StudyId,
    email: &str,
    role: &str,
) -> Result<InvitationView, ServiceError> {
    let (actor, _) = policy::study(&ctx.db, &ctx.principal, study, Permission::Coordinate).await?;
    let role = parse_role(role)?;
    let email = accounts::normalise_email(email);
    accounts::check_email(&email)?;
    let study_id = study.to_string();
    if is_member(&ctx.db, &study_id, &email).await? {
        return Err(
            ServiceError::Conflict(format!("{email} is already a member"))
                .because(Reason::AlreadyMember, Some("email")),
        );
    }
    let row = invitation::ActiveModel {
        id: Set(InvitationId::from(uuid::Uuid::new_v4()).to_string()),
        study_id: Set(study_id.clone()),
        email: Set(email.clone()),
        role: Set(role.code().to_string()),
        invited_by: Set(Some(actor.id.clone())),
        created_at: Set(Utc::now()),
    };
    let write = ctx.db.begin_write().await?;
    let row = row.insert(&write.txn).await.map_err(|e| {
        ServiceError::conflict_if_unique(e, || {
            ServiceError::Conflict(format!("{email} has been invited to this study already"))
                .because(Reason::AlreadyInvited, Some("email"))
        })
    })?;
    audit::record(
        &write.txn,
        Some(&actor.id),
        Some(&study_id),
        "member.invited",
        json!({"invitee": email, "role": role.code()}),
    )
    .await?;
    write.commit().await?;
    let mut views = views(&ctx.db, vec![row]).await?;
    views
        .pop()
        .ok_or_else(|| ServiceError::Internal("the new invitation has no view".into()))
}

/// One query whatever the address: whether an account with it is a member of the study.
async fn is_member(
    db: &impl ConnectionTrait,
    study_id: &str,
    email: &str,
) -> Result<bool, ServiceError> {
    let accounts_with_address = Query::select()
        .column(user::Column::Id)
        .from(user::Entity)
        .and_where(user::Column::Email.eq(email))
        .to_owned();
    Ok(membership::Entity::find()
        .filter(membership::Column::StudyId.eq(study_id))
        .filter(membership::Column::UserId.in_subquery(accounts_with_address))
        .one(db)
        .await?
        .is_some())
}

/// The study's open invitations (coordinators), oldest first.
pub async fn of_study(ctx: &Ctx, study: StudyId) -> Result<Vec<InvitationView>, ServiceError> {
    policy::study(&ctx.db, &ctx.principal, study, Permission::Coordinate).await?;
    let rows = invitation::Entity::find()
        .filter(invitation::Column::StudyId.eq(study.to_string()))
        .order_by_asc(invitation::Column::CreatedAt)
        .all(&ctx.db)
        .await?;
    views(&ctx.db, rows).await
}

/// A coordinator takes an invitation back.
pub async fn withdraw(ctx: &Ctx, study: StudyId, id: InvitationId) -> Result<(), ServiceError> {
    let (actor, _) = policy::study(&ctx.db, &ctx.principal, study, Permission::Coordinate).await?;
    let study_id = study.to_string();
    let write = ctx.db.begin_write().await?;
    let found = invitation::Entity::find_by_id(id.to_string())
        .filter(invitation::Column::StudyId.eq(&study_id))
        .one(&write.txn)
        .await?
        .ok_or_else(|| not_found(id))?;
    invitation::Entity::delete_by_id(found.id.clone())
        .exec(&write.txn)
        .await?;
    audit::record(
        &write.txn,
        Some(&actor.id),
        Some(&study_id),
        "invitation.withdrawn",
        json!({"invitee": found.email, "role": found.role}),
    )
    .await?;
    write.commit().await?;
    Ok(())
}

/// The invitations addressed to the caller, oldest first.
pub async fn mine(ctx: &Ctx) -> Result<Vec<InvitationView>, ServiceError> {
    let me = policy::signed_in(&ctx.principal)?;
    let rows = invitation::Entity::find()
        .filter(invitation::Column::Email.eq(accounts::normalise_email(&me.email)))
        .order_by_asc(invitation::Column::CreatedAt)
        .all(&ctx.db)
        .await?;
    views(&ctx.db, rows).await
}

/// The caller accepts an invitation addressed to them and becomes a member with its role.
/// Someone who is a member already keeps the role they have.
pub async fn accept(ctx: &Ctx, id: InvitationId) -> Result<StudyView, ServiceError> {
    let me = policy::signed_in(&ctx.principal)?.clone();
    let write = ctx.db.begin_write().await?;
    let found = take(&write.txn, &me.email, id).await?;
    let role = stored::role(&found.role)?;
    let existing = membership::Entity::find_by_id((found.study_id.clone(), me.id.clone()))
        .one(&write.txn)
        .await?;
    let role = match existing {
        Some(m) => stored::role(&m.role)?,
        None => {
            insert_member(&write.txn, &found.study_id, &me.id, role).await?;
            role
        }
    };
    audit::record(
        &write.txn,
        Some(&me.id),
        Some(&found.study_id),
        "invitation.accepted",
        json!({"email": me.email, "role": role.code()}),
    )
    .await?;
    let s = study::Entity::find_by_id(found.study_id.clone())
        .one(&write.txn)
        .await?
        .ok_or_else(|| not_found(id))?;
    let out = view(&write.txn, s, role).await?;
    write.commit().await?;
    ctx.db.auth_cache.forget_roles();
    Ok(out)
}

/// The caller declines an invitation addressed to them.
pub async fn decline(ctx: &Ctx, id: InvitationId) -> Result<(), ServiceError> {
    let me = policy::signed_in(&ctx.principal)?.clone();
    let write = ctx.db.begin_write().await?;
    let found = take(&write.txn, &me.email, id).await?;
    audit::record(
        &write.txn,
        Some(&me.id),
        Some(&found.study_id),
        "invitation.declined",
        json!({"email": me.email, "role": found.role}),
    )
    .await?;
    write.commit().await?;
    Ok(())
}

/// Removes the invitation if it is addressed to `email`. Deleting first decides a race between
/// two answers to one invitation: the second finds nothing to delete.
async fn take(
    txn: &impl ConnectionTrait,
    email: &str,
    id: InvitationId,
) -> Result<invitation::Model, ServiceError> {
    let email = accounts::normalise_email(email);
    let found = invitation::Entity::find_by_id(id.to_string())
        .filter(invitation::Column::Email.eq(&email))
        .one(txn)
        .await?
        .ok_or_else(|| not_found(id))?;
    let deleted = invitation::Entity::delete_many()
        .filter(invitation::Column::Id.eq(&found.id))
        .filter(invitation::Column::Email.eq(&email))
        .exec(txn)
        .await?;
    if deleted.rows_affected == 1 {
        Ok(found)
    } else {
        Err(not_found(id))
    }
}

/// Someone else's invitation is as unknown as one that never was.
fn not_found(id: InvitationId) -> ServiceError {
    ServiceError::NotFound(format!("no invitation with id {id}"))
}

async fn views(
    db: &crate::db::Db,
    rows: Vec<invitation::Model>,
) -> Result<Vec<InvitationView>, ServiceError> {
    let inviters: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.invited_by.as_deref())
        .collect();
    let names = accounts::names_of(db, &inviters).await?;
    let study_ids: Vec<&str> = rows.iter().map(|r| r.study_id.as_str()).collect();
    let studies: HashMap<String, String> = study::Entity::find()
        .filter(study::Column::Id.is_in(study_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    rows.into_iter()
        .map(|r| {
            let study_name = studies.get(&r.study_id).cloned().ok_or_else(|| {
                ServiceError::Internal(format!("invitation {} names no study", r.id))
            })?;
            Ok(InvitationView {
                id: stored::id(&r.id)?,
                study_id: stored::id(&r.study_id)?,
                study_name,
                email: r.email,
                role: stored::role(&r.role)?,
                // `names_of` answers an id without an account with the id itself: that is no name.
                invited_by: r
                    .invited_by
                    .and_then(|id| names.get(&id).filter(|n| **n != id).cloned()),
                invited_at: r.created_at.to_rfc3339(),
            })
        })
        .collect()
}
