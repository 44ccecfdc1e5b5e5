//! API tokens for scripts: made from a signed-in session with the current password, for a
//! scope (read, or read and write) and a lifetime; listed without their secrets; revoked.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::json;

use app::domain::ids::TokenId;
use app::features::account::dto::{
    NewToken, TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS, TokenRequest, TokenScope, TokenView,
};

use super::passwords::confirm_current;
use crate::auth::{policy, secret};
use crate::db::entities::api_token;
use crate::db::stored;
use crate::error::ServiceError;
use crate::services::{Ctx, audit};

fn token_view(t: api_token::Model) -> Result<TokenView, ServiceError> {
    let scope = TokenScope::parse(&t.scope).ok_or_else(|| {
        ServiceError::Internal(format!(
            "token {} has the unknown scope {:?}",
            t.id, t.scope
        ))
    })?;
    let expires_at = t
        .expires_at
        .ok_or_else(|| ServiceError::Internal(format!("token {} has no expiry", t.id)))?;
    Ok(TokenView {
        id: stored::id(&t.id)?,
        name: t.name,
        scope,
        created_at: t.created_at.to_rfc3339(),
        expires_at: expires_at.to_rfc3339(),
        last_used_at: t.last_used_at.map(|d| d.to_rfc3339()),
        revoked: t.revoked_at.is_some(),
        expired: expires_at <= Utc::now(),
    })
}

fn check_request(req: &TokenRequest) -> Result<(String, u32), ServiceError> {
    let name = req.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ServiceError::invalid_field(
            "name",
            "a token needs a name of 1 to 200 characters",
        ));
    }
    let days = req.expires_in_days.unwrap_or(TOKEN_DEFAULT_DAYS);
    if !(1..=TOKEN_MAX_DAYS).contains(&days) {
        return Err(ServiceError::invalid_field(
            "expires_in_days",
            format!("a token lasts 1 to {TOKEN_MAX_DAYS} days"),
        ));
    }
    Ok((name.to_string(), days))
}

pub async fn create_token(ctx: &Ctx, req: &TokenRequest) -> Result<NewToken, ServiceError> {
    let u = policy::signed_in(&ctx.principal)?;
    policy::with_password(u)?;
    let (name, days) = check_request(req)?;
    confirm_current(ctx, u, &req.password).await?;
    let token = format!("aan_{}", secret::new_secret());
    let now = Utc::now();
    let model = api_token::ActiveModel {
        id: Set(uuid::Uuid::new_v4().to_string()),
        user_id: Set(u.id.clone()),
        name: Set(name),
        token_hash: Set(secret::hash(&token)),
        created_at: Set(now),
        last_used_at: Set(None),
        revoked_at: Set(None),
        scope: Set(req.scope.as_str().to_string()),
        expires_at: Set(Some(now + chrono::Duration::days(i64::from(days)))),
    }
    .insert(&ctx.db)
    .await?;
    let details = json!({"token_id": model.id, "scope": req.scope, "days": days});
    audit::account(&ctx.db, &u.id, &u.email, "account.token_created", details).await?;
    Ok(NewToken {
        info: token_view(model)?,
        token,
    })
}

pub async fn tokens(ctx: &Ctx) -> Result<Vec<TokenView>, ServiceError> {
    let u = policy::signed_in(&ctx.principal)?;
    let rows = api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(u.id.as_str()))
        .order_by_desc(api_token::Column::CreatedAt)
        .all(&ctx.db)
        .await?;
    rows.into_iter().map(token_view).collect()
}

pub async fn revoke_token(ctx: &Ctx, id: TokenId) -> Result<(), ServiceError> {
    let u = policy::signed_in(&ctx.principal)?;
    let t = api_token::Entity::find_by_id(id.to_string())
        .filter(api_token::Column::UserId.eq(u.id.as_str()))
        .one(&ctx.db)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("no token with id {id}")))?;
    if t.revoked_at.is_none() {
        let mut active: api_token::ActiveModel = t.into();
        active.revoked_at = Set(Some(Utc::now()));
        active.update(&ctx.db).await?;
        ctx.db.auth_cache.forget_logins();
        let details = json!({"token_id": id.to_string()});
        audit::account(&ctx.db, &u.id, &u.email, "account.token_revoked", details).await?;
    }
    Ok(())
}
