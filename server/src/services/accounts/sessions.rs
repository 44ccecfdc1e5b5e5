//! A user's own sessions: signing out here or everywhere, listing them, ending one.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;

use app::domain::ids::SessionId;
use app::features::account::dto::SessionView;

use crate::auth::policy;
use crate::db::entities::{api_token, session};
use crate::db::stored;
use crate::error::ServiceError;
use crate::services::{Ctx, audit};

pub async fn sign_out(ctx: &Ctx) -> Result<(), ServiceError> {
    let u = policy::signed_in(&ctx.principal)?;
    if let Some(sid) = &u.session_id {
        session::Entity::delete_by_id(sid.clone())
            .exec(&ctx.db)
            .await?;
        ctx.db.auth_cache.forget_logins();
        audit::account(
            &ctx.db,
            &u.id,
            &u.email,
            "account.signed_out",
            json!({"session_id": sid}),
        )
        .await?;
    }
    Ok(())
}

/// Ends every session of the caller, this one included, and revokes every token: "sign out
/// everywhere" is what someone does who fears a credential got out.
pub async fn sign_out_everywhere(ctx: &Ctx) -> Result<u64, ServiceError> {
    let u = policy::signed_in(&ctx.principal)?;
    let write = ctx.db.begin_write().await?;
    let (sessions, tokens) = end_credentials(&write.txn, &u.id, None).await?;
    audit::record(
        &write.txn,
        Some(&u.id),
        None,
        "account.signed_out_everywhere",
        json!({"email": u.email, "sessions": sessions, "tokens": tokens}),
    )
    .await?;
    write.commit().await?;
    ctx.db.auth_cache.forget_logins();
    Ok(sessions)
}

/// Deletes the user's sessions (all but `keep`) and revokes their live tokens; how many of each.
/// The caller forgets the login cache after committing.
pub(super) async fn end_credentials(
    db: &impl ConnectionTrait,
    user_id: &str,
    keep: Option<&str>,
) -> Result<(u64, u64), ServiceError> {
    let mut sessions = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        sessions = sessions.filter(session::Column::Id.ne(keep));
    }
    let ended = sessions.exec(db).await?.rows_affected;
    let revoked = api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(Some(Utc::now())))
        .filter(api_token::Column::UserId.eq(user_id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected;
    Ok((ended, revoked))
}

pub async fn sessions(ctx: &Ctx) -> Result<Vec<SessionView>, ServiceError> {
    let u = policy::signed_in(&ctx.principal)?;
    let rows = session::Entity::find()
        .filter(session::Column::UserId.eq(u.id.as_str()))
        .filter(session::Column::ExpiresAt.gt(Utc::now()))
        .order_by_desc(session::Column::LastSeenAt)
        .all(&ctx.db)
        .await?;
    rows.into_iter()
        .map(|s| {
            Ok(SessionView {
                current: u.session_id.as_deref() == Some(s.id.as_str()),
                id: stored::id(&s.id)?,
                created_at: s.created_at.to_rfc3339(),
                last_seen_at: s.last_seen_at.to_rfc3339(),
                expires_at: s.expires_at.to_rfc3339(),
                user_agent: s.user_agent,
                ip: s.ip,
            })
        })
        .collect()
}

pub async fn revoke_session(ctx: &Ctx, id: SessionId) -> Result<(), ServiceError> {
    let u = policy::signed_in(&ctx.principal)?;
    let res = session::Entity::delete_many()
        .filter(session::Column::Id.eq(id.to_string()))
        .filter(session::Column::UserId.eq(u.id.as_str()))
        .exec(&ctx.db)
        .await?;
    ctx.db.auth_cache.forget_logins();
    if res.rows_affected == 0 {
        return Err(ServiceError::NotFound(format!("no session with id {id}")));
    }
    let details = json!({"session_id": id.to_string()});
    audit::account(&ctx.db, &u.id, &u.email, "account.session_revoked", details).await?;
    Ok(())
}
