//! The demo's accounts, and acting as one of them: the demo writes through the same services
//! as a signed-in user, so its changes are checked, audited and journalled like theirs.

use crate::auth::password;
use crate::auth::principal::UserCtx;
use crate::db::Db;
use crate::db::entities::user;
use crate::error::ServiceError;
use crate::services::{Ctx, accounts};

/// The account with this email, created (with a random password) when missing. The password
/// comes back only when the account is new.
pub async fn ensure_account(
    db: &Db,
    email: &str,
    name: &str,
) -> Result<(user::Model, Option<String>), ServiceError> {
    if let Some(u) = accounts::find_by_email(db, email).await? {
        return Ok((u, None));
    }
    let pw = password::generate();
    accounts::create_user(db, email, name, &pw).await?;
    let u = accounts::find_by_email(db, email)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("demo account {email}")))?;
    Ok((u, Some(pw)))
}

/// A service context acting as `user` (no session: like the command line, on their behalf).
pub fn acting_as(db: &Db, user: &user::Model) -> Ctx {
    Ctx::acting_as(
        db.clone(),
        UserCtx::on_behalf(&user.id, &user.email, &user.name),
    )
}
