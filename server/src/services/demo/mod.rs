//! Demo data for `aansluiting serve --demo` (what `make run` starts): a coordinator account, a
//! study on the built-in codebook, and twelve interviews in it by two demo interviewers, so a
//! newcomer sees verdicts at once. All of it is made up and labelled as such in the UI.

mod content;
mod interviews;
mod people;
mod plan;
mod prng;

use app::domain::ids::StudyId;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

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
    /// The demo interviews written just now: 0 when the study already had interviews.
    pub interviews_added: usize,
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

/// Creates what is missing: the coordinator, the study, and the interviews when the study has
/// none yet. Running it again adds nothing.
pub async fn ensure(db: &Db) -> Result<DemoAccount, ServiceError> {
    let (user, new_password) =
        people::ensure_account(db, COORDINATOR_EMAIL, "Demo-coördinator").await?;
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
            let ctx = people::acting_as(db, &user);
            super::studies::create(&ctx, STUDY_NAME, stored::id(&builtin.id)?)
                .await?
                .id
        }
    };
    let interviews_added = interviews::ensure(db, &user, study_id).await?;
    Ok(DemoAccount {
        email: user.email,
        new_password,
        study_id,
        interviews_added,
    })
}
