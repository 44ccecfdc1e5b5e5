//! Demo data for `aansluiting serve --demo` (what `make run` starts): a coordinator account and
//! a study on the built-in codebook. All of it is made up and labelled as such in the UI.

use app::domain::ids::StudyId;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{Ctx, accounts};
use crate::auth::password;
use crate::auth::principal::{Principal, UserCtx};
use crate::db::Db;
use crate::db::entities::{codebook, study};
use crate::db::stored;
use crate::error::ServiceError;

pub const COORDINATOR_EMAIL: &str = "coordinator@demo.aansluiting.test";
pub const STUDY_NAME: &str = "Demo-studie Commercie (fictief)";

pub struct DemoAccount {
    pub email: String,
    /// Only when the account was created just now: the password is printed once.
    pub new_password: Option<String>,
    pub study_id: StudyId,
}

impl DemoAccount {
    /// How to sign in to the demo, as `demo` and `serve --demo` print it.
    pub fn notice(&self, url: Option<&str>) -> String {
        let email = &self.email;
        let mut out = match &self.new_password {
            Some(pw) => format!(
                "Demo sign-in: {email} / {pw}   (shown once; reset with `aansluiting admin set-password --email {email}`)"
            ),
            None => format!(
                "Demo sign-in: {email} (its password was shown when it was created; reset with `aansluiting admin set-password --email {email}`)"
            ),
        };
        if let Some(url) = url {
            out.push_str(&format!("\nDemo study: {url}/studies/{}", self.study_id));
        }
        out
    }
}

pub async fn ensure(db: &Db) -> Result<DemoAccount, ServiceError> {
    let (user, new_password) = match accounts::find_by_email(db, COORDINATOR_EMAIL).await? {
        Some(u) => (u, None),
        None => {
            let pw = password::generate();
            accounts::create_user(db, COORDINATOR_EMAIL, "Demo-coördinator", &pw).await?;
            let u = accounts::find_by_email(db, COORDINATOR_EMAIL)
                .await?
                .ok_or_else(|| ServiceError::NotFound("demo user".into()))?;
            (u, Some(pw))
        }
    };
    let existing = study::Entity::find()
        .filter(study::Column::Name.eq(STUDY_NAME))
        .one(db)
        .await?;
    let study_id = match existing {
        Some(s) => stored::id(&s.id)?,
        None => {
            let builtin = codebook::Entity::find()
                .filter(codebook::Column::Origin.eq("builtin"))
                .one(db)
                .await?
                .ok_or_else(|| ServiceError::NotFound("the built-in codebook is missing".into()))?;
            let mut ctx = Ctx::system(db.clone());
            ctx.principal = Principal::User(UserCtx {
                id: user.id.clone(),
                email: user.email.clone(),
                name: user.name.clone(),
                session_id: None,
                token_id: None,
            });
            super::studies::create(&ctx, STUDY_NAME, stored::id(&builtin.id)?)
                .await?
                .id
        }
    };
    Ok(DemoAccount {
        email: user.email,
        new_password,
        study_id,
    })
}
