//! Signing in, and the one throttled password check that sign-in and account changes share.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde_json::json;

use app::error::Reason;
use app::features::account::dto::UserView;

pub(super) use super::users::check_lengths;
use super::users::{find_by_email, normalise_email, user_view};
use crate::auth::principal::Principal;
use crate::auth::{password, secret, throttle};
use crate::db::entities::{session, user};
use crate::error::ServiceError;
use crate::services::{Ctx, audit};

/// Password attempts are limited per account from one address (a guesser there is stopped, the
/// owner elsewhere is not), per address (one source trying many accounts), and per account from
/// anywhere, where they are paced rather than locked: failing in a colleague's name slows their
/// sign-in down by seconds at most, it never keeps them out.
mod limits {
    use std::time::Duration;

    use crate::auth::throttle::{Limit, Rule};

    pub const WINDOW: Duration = Duration::from_secs(15 * 60);
    pub const PER_ACCOUNT_AND_ADDRESS: Limit = Limit {
        max_failures: 10,
        window: WINDOW,
    };
    pub const PER_ADDRESS: Rule = Rule::Window(Limit {
        max_failures: 100,
        window: WINDOW,
    });
    pub const PER_ACCOUNT: Rule = Rule::Paced {
        free: Limit {
            max_failures: 10,
            window: WINDOW,
        },
        every: Duration::from_secs(5),
    };
}

/// Whether `pw` is the password of the account `email` (which may not exist: then it is checked
/// against a dummy hash, taking as long, and is wrong). Counts as an attempt under the limits
/// before the hash is computed; a right password is not held against anyone.
pub(super) async fn password_matches(
    ctx: &Ctx,
    email: &str,
    found: Option<&user::Model>,
    pw: &str,
) -> Result<bool, ServiceError> {
    let ip = ctx.meta.ip.as_deref().unwrap_or("unknown");
    let pair = format!("password:account_address:{email}|{ip}");
    let rules = [
        (
            pair.clone(),
            throttle::Rule::Window(limits::PER_ACCOUNT_AND_ADDRESS),
        ),
        (format!("password:address:{ip}"), limits::PER_ADDRESS),
        (format!("password:account:{email}"), limits::PER_ACCOUNT),
    ];
    let attempt = throttle::reserve(&ctx.db, &rules).await?;
    let stored = found.map_or(password::DUMMY_HASH.to_string(), |u| {
        u.password_hash.clone()
    });
    let verified = match ctx.passwords.verify(pw, stored).await {
        Ok(v) => v && found.is_some(),
        Err(e) => {
            // Never tried, so not a failure.
            throttle::withdraw(&ctx.db, attempt).await?;
            return Err(e.into());
        }
    };
    if verified {
        throttle::withdraw(&ctx.db, attempt).await?;
        throttle::forgive(&ctx.db, &pair).await?;
        return Ok(true);
    }
    // The reserved attempt stays, as the failure it was. The one that fills the window is a
    // lockout of this address for this account: worth an audit entry (the ones refused after
    // it are not, or a guesser could fill the log).
    let limit = limits::PER_ACCOUNT_AND_ADDRESS;
    if throttle::count(&ctx.db, &pair, limit.window).await? == limit.max_failures {
        audit::record_committed(
            &ctx.db,
            found.map(|u| u.id.as_str()),
            None,
            "account.locked_out",
            json!({"email": email, "ip": ip, "minutes": limit.window.as_secs() / 60}),
        )
        .await?;
    }
    throttle::forget_old(&ctx.db, limits::WINDOW).await?;
    Ok(false)
}

/// Signs in and returns the new session's cookie value. Any session the request came with is
/// ended first: the id always changes at sign-in.
pub async fn sign_in(ctx: &Ctx, email: &str, pw: &str) -> Result<(UserView, String), ServiceError> {
    check_lengths(email, pw)?;
    let email = normalise_email(email);
    let found = find_by_email(&ctx.db, &email).await?;
    let matches = password_matches(ctx, &email, found.as_ref(), pw).await?;
    let Some(u) = found.filter(|_| matches) else {
        return Err(wrong_credentials());
    };
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
    let session_id = uuid::Uuid::new_v4().to_string();
    session::ActiveModel {
        id: Set(session_id.clone()),
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
    let details = json!({"session_id": session_id, "ip": ctx.meta.ip});
    audit::account(&ctx.db, &u.id, &u.email, "account.signed_in", details).await?;
    Ok((user_view(&u)?, token))
}

fn wrong_credentials() -> ServiceError {
    ServiceError::Unauthorized("the email address or password is wrong".into())
        .because(Reason::WrongCredentials, None)
}
