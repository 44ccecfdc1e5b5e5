//! Passwords: the rules for a new one, changing one's own (current password required), setting
//! one from the command line, and confirming the current one before a sensitive change.

use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde_json::json;

use app::error::Reason;

use super::sessions::end_credentials;
use super::sign_in::{check_lengths, password_matches};
use super::users::{check_new, find_by_email};
use crate::auth::identity::UserCtx;
use crate::auth::password;
use crate::auth::policy;
use crate::db::Db;
use crate::db::entities::user;
use crate::error::ServiceError;
use crate::services::{Ctx, audit};

/// The caller's current password, checked (and counted) like a sign-in: a session left open on
/// a shared computer is not enough to mint a token or take over the account.
pub(super) async fn confirm_current(ctx: &Ctx, u: &UserCtx, pw: &str) -> Result<(), ServiceError> {
    check_lengths(&u.email, pw)?;
    let found = user::Entity::find_by_id(u.id.clone()).one(&ctx.db).await?;
    if password_matches(ctx, &u.email, found.as_ref(), pw).await? {
        return Ok(());
    }
    Err(
        ServiceError::invalid_field("current_password", "the current password is wrong")
            .because(Reason::WrongPassword, Some("current_password")),
    )
}

/// The signed-in user's new password. Every other session ends and every token is revoked: a
/// password change is what someone does who fears it got out. This session stays.
pub async fn change_password(ctx: &Ctx, current: &str, new: &str) -> Result<(), ServiceError> {
    let u = policy::signed_in(&ctx.principal)?;
    policy::with_password(u)?;
    confirm_current(ctx, u, current).await?;
    check_new("new_password", new, &u.email, &u.name)?;
    let hash = ctx.passwords.hash(new).await?;
    let write = ctx.db.begin_write().await?;
    let model = user::Entity::find_by_id(u.id.clone())
        .one(&write.txn)
        .await?
        .ok_or_else(|| ServiceError::NotFound("this account no longer exists".into()))?;
    let mut active: user::ActiveModel = model.into();
    active.password_hash = Set(hash);
    active.update(&write.txn).await?;
    let (sessions, tokens) = end_credentials(&write.txn, &u.id, u.session_id.as_deref()).await?;
    audit::record(
        &write.txn,
        Some(&u.id),
        None,
        "account.password_changed",
        json!({"email": u.email, "sessions_ended": sessions, "tokens_revoked": tokens}),
    )
    .await?;
    write.commit().await?;
    ctx.db.auth_cache.forget_logins();
    Ok(())
}

/// For `aansluiting admin set-password`: a new password for any account (a reset). Every
/// session ends and every token is revoked.
pub async fn set_password(db: &Db, email: &str, pw: &str) -> Result<(), ServiceError> {
    let u = find_by_email(db, email)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("no account for {email}")))?;
    check_new("password", pw, &u.email, &u.name)?;
    let hash = password::hash(pw.to_string())
        .await
        .map_err(|e| ServiceError::Internal(format!("hashing failed: {e}")))?;
    let write = db.begin_write().await?;
    let id = u.id.clone();
    let mut active: user::ActiveModel = u.clone().into();
    active.password_hash = Set(hash);
    active.update(&write.txn).await?;
    let (sessions, tokens) = end_credentials(&write.txn, &id, None).await?;
    audit::record(
        &write.txn,
        None,
        None,
        "account.password_set",
        json!({"email": u.email, "sessions_ended": sessions, "tokens_revoked": tokens, "by": "command line"}),
    )
    .await?;
    write.commit().await?;
    db.auth_cache.forget_logins();
    Ok(())
}
