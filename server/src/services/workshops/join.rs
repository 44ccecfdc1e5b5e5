//! Joining a workshop with its code: no account, a participant cookie. A wrong code is answered
//! like a closed one and like one that never existed (404), and counts against the caller's
//! address and against that code; a right code never counts, so a whole room behind one venue
//! address joins freely while guessing from it stops after a few tries.

use std::time::Duration;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};

use app::domain::workshop::normalise_code;
use app::error::Reason;
use app::features::workshops::dto::{JoinRequest, Joined};

use super::record::{self, Participant};
use crate::auth::{secret, throttle};
use crate::db::entities::event::kind;
use crate::db::entities::{participant, workshop};
use crate::error::ServiceError;
use crate::services::Ctx;
use crate::services::interviews::check_sbi;
use crate::services::journal::outbox::{self, SystemEvent};

/// Wrong codes per address: a room's typos stay far below it, guessing does not get far.
pub const PER_ADDRESS: throttle::Limit = throttle::Limit {
    max_failures: 30,
    window: Duration::from_secs(10 * 60),
};

/// How long the participant cookie lasts: a workshop day.
pub const COOKIE_SECS: u64 = 24 * 60 * 60;

fn not_found() -> ServiceError {
    ServiceError::NotFound("no open workshop has this code".into())
}

/// Joins and returns the participant's token (the caller sets it as the cookie).
pub async fn join(ctx: &Ctx, input: JoinRequest) -> Result<Joined, ServiceError> {
    let name = check_text("display_name", &input.display_name, 1, 80)?;
    let organisation = optional(input.organisation.as_deref())
        .map(|o| check_text("organisation", o, 1, 200))
        .transpose()?;
    let sbi_section = optional(input.sbi_section.as_deref())
        .map(check_sbi)
        .transpose()?;
    let ip = ctx.meta.ip.clone().unwrap_or_else(|| "unknown".into());
    let code = normalise_code(&input.code);
    let keys = vec![
        format!("join:ip:{ip}"),
        format!("join:code:{}", code.as_deref().unwrap_or("?")),
    ];
    throttle::check(&ctx.db, &keys, PER_ADDRESS).await?;
    let found = match &code {
        Some(code) => {
            workshop::Entity::find()
                .filter(workshop::Column::OpenCode.eq(code.as_str()))
                .one(&ctx.db)
                .await?
        }
        None => None,
    };
    let Some(found) = found else {
        throttle::record_failure(&ctx.db, &keys, PER_ADDRESS).await?;
        return Err(not_found());
    };
    let token = secret::new_secret();
    let p = Participant {
        id: uuid::Uuid::new_v4().to_string(),
        workshop_id: found.id.clone(),
        display_name: name,
        organisation,
        sbi_section,
    };
    admit(ctx, &p, &token).await?;
    Ok(Joined {
        workshop_id: p.workshop_id,
        participant_id: p.id,
        participant_token: token,
    })
}

/// Stores the participant unless the workshop closed or filled up meanwhile.
async fn admit(ctx: &Ctx, p: &Participant, token: &str) -> Result<(), ServiceError> {
    let write = ctx.db.begin_write().await?;
    let w = record::find_for_update(&write.txn, &p.workshop_id)
        .await?
        .ok_or_else(not_found)?;
    if w.state.closed {
        return Err(not_found());
    }
    let joined = participant::Entity::find()
        .filter(participant::Column::WorkshopId.eq(w.id.clone()))
        .count(&write.txn)
        .await?;
    if joined >= u64::from(w.participant_cap) {
        return Err(ServiceError::Conflict(format!(
            "this workshop admits {} participants and is full",
            w.participant_cap
        ))
        .because(Reason::WorkshopFull, None));
    }
    participant::ActiveModel {
        id: Set(p.id.clone()),
        workshop_id: Set(p.workshop_id.clone()),
        token_hash: Set(secret::hash(token)),
        display_name: Set(p.display_name.clone()),
        organisation: Set(p.organisation.clone()),
        sbi_section: Set(p.sbi_section.clone()),
        created_at: Set(Utc::now()),
    }
    .insert(&write.txn)
    .await?;
    let last = outbox::append_system(
        &write.txn,
        SystemEvent {
            kind: kind::PARTICIPANT,
            study_id: &w.study_id,
            scope: &w.id,
            target: &p.id,
            actor: &p.id,
            revision: 1,
            old: None,
            new: p,
        },
    )
    .await?;
    write.commit().await?;
    ctx.published(last);
    Ok(())
}

fn optional(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|v| !v.is_empty())
}

fn check_text(field: &str, v: &str, min: usize, max: usize) -> Result<String, ServiceError> {
    let v = v.trim();
    let n = v.chars().count();
    if n < min || n > max {
        return Err(ServiceError::invalid_field(
            field,
            format!("{field} must be {min} to {max} characters"),
        ));
    }
    Ok(v.to_string())
}
