//! Accounts themselves: finding them, making one, who is signed in, and how they are shown.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect,
};

use app::features::account::dto::{SessionInfo, UserView};

use crate::auth::password::{self, Weakness};
use crate::auth::principal::Principal;
use crate::db::entities::user;
use crate::db::stored;
use crate::error::ServiceError;
use crate::services::Ctx;
use app::error::Reason;

pub(super) fn user_view(u: &user::Model) -> Result<UserView, ServiceError> {
    Ok(UserView {
        id: stored::id(&u.id)?,
        email: u.email.clone(),
        name: u.name.clone(),
    })
}

pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

pub fn check_email(email: &str) -> Result<(), ServiceError> {
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
    check_new("password", pw, &email, name)?;
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

/// A new password for the account `email` / `name`: long enough and not easily guessed.
pub(super) fn check_new(
    field: &str,
    pw: &str,
    email: &str,
    name: &str,
) -> Result<(), ServiceError> {
    if pw.len() > MAX_PASSWORD {
        return Err(ServiceError::invalid_field(
            field,
            format!("a password has at most {} bytes", MAX_PASSWORD),
        ));
    }
    password::check_strength(pw, &[email, name]).map_err(|weakness| {
        let (message, reason) = match weakness {
            Weakness::TooShort => (
                format!(
                    "a password needs at least {} characters",
                    password::MIN_LENGTH
                ),
                Reason::PasswordTooShort,
            ),
            Weakness::TooCommon => (
                "this password is too common or too easy to guess".to_string(),
                Reason::PasswordTooCommon,
            ),
        };
        ServiceError::invalid_field(field, message).because(reason, Some(field))
    })
}

/// The longest email address (RFC 5321) and password a request may carry: checked before any
/// work, so that neither a key nor a hash is ever made of megabytes.
pub const MAX_EMAIL: usize = 320;
pub const MAX_PASSWORD: usize = 1024;

pub(super) fn check_lengths(email: &str, pw: &str) -> Result<(), ServiceError> {
    if email.len() > MAX_EMAIL {
        return Err(ServiceError::invalid_field(
            "email",
            format!("an email address has at most {MAX_EMAIL} characters"),
        ));
    }
    if pw.len() > MAX_PASSWORD {
        return Err(ServiceError::invalid_field(
            "password",
            format!("a password has at most {MAX_PASSWORD} bytes"),
        ));
    }
    Ok(())
}
