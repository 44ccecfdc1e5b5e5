//! Accounts: sign-in and sign-out, sessions, bearer tokens, and account administration.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use app::domain::ids::{SessionId, TokenId};
use app::features::account::dto::{NewToken, SessionInfo, SessionView, TokenView, UserView};

use super::Ctx;
use crate::auth::principal::Principal;
use crate::auth::{password, policy, secret, throttle};
use crate::db::Db;
use crate::db::entities::{api_token, session, user};
use crate::db::stored;
use crate::error::ServiceError;
use app::error::Reason;

fn user_view(u: &user::Model) -> Result<UserView, ServiceError> {
    Ok(UserView {
        id: stored::id(&u.id)?,
        email: u.email.clone(),
        name: u.name.clone(),
    })
}

pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

fn check_email(email: &str) -> Result<(), ServiceError> {
    let ok = email.len() <= 320
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.')
        })
        && !email.contains(char::is_whitespace);
    if ok {
        Ok(())
    } else {
        Err(ServiceError::invalid(
            format!("{email:?} is not an email address"),
            vec![app::error::Problem::new("email", "not an email address")],
        ))
    }
}

/// The display name of each of these users (their email address when the name is empty), to
/// show who made a change; an id without an account (deleted) stands for itself.
pub async fn names_of(
    db: &DatabaseConnection,
    ids: &[&str],
) -> Result<HashMap<String, String>, ServiceError> {
    let found: Vec<(String, String, String)> = user::Entity::find()
        .select_only()
        .columns([user::Column::Id, user::Column::Name, user::Column::Email])
        .filter(user::Column::Id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    let mut names: HashMap<String, String> = ids
        .iter()
        .map(|id| (id.to_string(), id.to_string()))
        .collect();
    names.extend(found.into_iter().map(|(id, name, email)| {
        let shown = if name.trim().is_empty() { email } else { name };
        (id, shown)
    }));
    Ok(names)
}

pub async fn find_by_email(
    db: &DatabaseConnection,
    email: &str,
) -> Result<Option<user::Model>, ServiceError> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(normalise_email(email)))
        .one(db)
        .await?)
}

/// For `aansluiting admin create-user` and the demo: a new account.
pub async fn create_user(
    db: &DatabaseConnection,
    email: &str,
    name: &str,
    pw: &str,
) -> Result<UserView, ServiceError> {
    let email = normalise_email(email);
    check_email(&email)?;
    if name.trim().is_empty() {
        return Err(ServiceError::invalid(
            "a name is required",
            vec![app::error::Problem::new("name", "required")],
        ));
    }
    password::check_strength(pw).map_err(|m| {
        ServiceError::invalid(m, vec![app::error::Problem::new("password", "too short")])
    })?;
    if find_by_email(db, &email).await?.is_some() {
        return Err(ServiceError::Conflict(format!(
            "an account for {email} already exists"
        )));
    }
    let hash = password::hash(pw.to_string())
        .await
        .map_err(|e| ServiceError::Internal(format!("hashing failed: {e}")))?;
    let model = user::ActiveModel {
        id: Set(uuid::Uuid::new_v4().to_string()),
        email: Set(email.clone()),
        name: Set(name.trim().to_string()),
        password_hash: Set(hash),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await
    .map_err(|e| {
        // Lost a race with another sign-up for the same address.
        ServiceError::conflict_if_unique(e, || {
            ServiceError::Conflict(format!("an account for {email} already exists"))
        })
    })?;
    user_view(&model)
}

pub async fn set_password(db: &Db, email: &str, pw: &str) -> Result<(), ServiceError> {
    password::check_strength(pw).map_err(|m| ServiceError::invalid(m, vec![]))?;
    let u = find_by_email(db, email)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("no account for {email}")))?;
    let hash = password::hash(pw.to_string())
        .await
        .map_err(|e| ServiceError::Internal(format!("hashing failed: {e}")))?;
    let mut active: user::ActiveModel = u.clone().into();
    active.password_hash = Set(hash);
    active.update(db).await?;
    // A new password ends every session of the old one.
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(u.id))
        .exec(db)
        .await?;
    db.auth_cache.forget_logins();
    Ok(())
}

/// Signs in and returns the new session's cookie value. Any session the request came with is
/// ended first: the id always changes at sign-in.
pub async fn sign_in(ctx: &Ctx, email: &str, pw: &str) -> Result<(UserView, String), ServiceError> {
    let email = normalise_email(email);
    let ip = ctx.meta.ip.clone().unwrap_or_else(|| "unknown".into());
    let keys = [
        format!("sign_in:account:{email}"),
        format!("sign_in:ip:{ip}"),
    ];
    throttle::check(&ctx.db, &keys, throttle::SIGN_IN).await?;
    let found = find_by_email(&ctx.db, &email).await?;
    let stored = match &found {
        Some(u) => u.password_hash.clone(),
        None => password::DUMMY_HASH.to_string(),
    };
    let ok = password::verify(pw.to_string(), stored).await && found.is_some();
    let Some(u) = found.filter(|_| ok) else {
        throttle::record_failure(&ctx.db, &keys, throttle::SIGN_IN).await?;
        return Err(
            ServiceError::Unauthorized("the email address or password is wrong".into())
                .because(Reason::WrongCredentials, None),
        );
    };
    throttle::forgive(&ctx.db, &keys[0]).await?;
    if let Principal::User(prev) = &ctx.principal {
        if let Some(sid) = &prev.session_id {
            session::Entity::delete_by_id(sid.clone())
                .exec(&ctx.db)
                .await?;
        }
    }
    let token = secret::new_secret();
    ctx.db.auth_cache.forget_logins();
    let now = Utc::now();
    session::ActiveModel {
        id: Set(uuid::Uuid::new_v4().to_string()),
        token_hash: Set(secret::hash(&token)),
        user_id: Set(u.id.clone()),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now
            + chrono::Duration::from_std(ctx.auth.absolute_timeout)
                .unwrap_or(chrono::Duration::hours(12))),
        user_agent: Set(ctx.meta.user_agent.clone()),
        ip: Set(ctx.meta.ip.clone()),
    }
    .insert(&ctx.db)
    .await?;
    Ok((user_view(&u)?, token))
}

pub async fn sign_out(ctx: &Ctx) -> Result<(), ServiceError> {
    let u = policy::signed_in(&ctx.principal)?;
    if let Some(sid) = &u.session_id {
        session::Entity::delete_by_id(sid.clone())
            .exec(&ctx.db)
            .await?;
        ctx.db.auth_cache.forget_logins();
    }
    Ok(())
}

pub async fn sign_out_everywhere(ctx: &Ctx) -> Result<u64, ServiceError> {
    let u = policy::signed_in(&ctx.principal)?;
    let res = session::Entity::delete_many()
        .filter(session::Column::UserId.eq(u.id.as_str()))
        .exec(&ctx.db)
        .await?;
    ctx.db.auth_cache.forget_logins();
    Ok(res.rows_affected)
}

pub fn whoami(ctx: &Ctx) -> Result<SessionInfo, ServiceError> {
    Ok(match &ctx.principal {
        Principal::User(u) => SessionInfo {
            signed_in: true,
            user: Some(UserView {
                id: stored::id(&u.id)?,
                email: u.email.clone(),
                name: u.name.clone(),
            }),
        },
        _ => SessionInfo {
            signed_in: false,
            user: None,
        },
    })
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
    Ok(())
}

fn token_view(t: api_token::Model) -> Result<TokenView, ServiceError> {
    Ok(TokenView {
        id: stored::id(&t.id)?,
        name: t.name,
        created_at: t.created_at.to_rfc3339(),
        last_used_at: t.last_used_at.map(|d| d.to_rfc3339()),
        revoked: t.revoked_at.is_some(),
    })
}

pub async fn create_token(ctx: &Ctx, name: &str) -> Result<NewToken, ServiceError> {
    let u = policy::signed_in(&ctx.principal)?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ServiceError::invalid(
            "a token needs a name of 1 to 200 characters",
            vec![app::error::Problem::new("name", "1 to 200 characters")],
        ));
    }
    let token = format!("aan_{}", secret::new_secret());
    let model = api_token::ActiveModel {
        id: Set(uuid::Uuid::new_v4().to_string()),
        user_id: Set(u.id.clone()),
        name: Set(name.to_string()),
        token_hash: Set(secret::hash(&token)),
        created_at: Set(Utc::now()),
        last_used_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(&ctx.db)
    .await?;
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
    }
    Ok(())
}
