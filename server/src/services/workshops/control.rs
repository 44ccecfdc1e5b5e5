//! The facilitator's controls: open an item, reveal a round, start the next round, close.
//! Decided by `domain::workshop` on the stored state, one control at a time per workshop, and
//! appended to the event sequence so that every phone and presenter follows.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};

use app::domain::access::Permission;
use app::domain::ids::WorkshopId;
use app::domain::workshop::{Control, WorkshopState};

use super::record::{self, Workshop};
use super::refused;
use crate::auth::policy;
use crate::db::entities::event::kind;
use crate::db::entities::workshop;
use crate::error::ServiceError;
use crate::services::journal::outbox::{self, SystemEvent};
use crate::services::{Ctx, audit};

/// Applies `control`; the workshop's new state.
pub async fn control(
    ctx: &Ctx,
    id: WorkshopId,
    control: Control,
) -> Result<WorkshopState, ServiceError> {
    let (user, _) = policy::workshop(&ctx.db, &ctx.principal, id, Permission::Facilitate).await?;
    let write = ctx.db.begin_write().await?;
    let old = record::find_for_update(&write.txn, &id.to_string())
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("no workshop with id {id}")))?;
    let state = old.state.apply(&control).map_err(refused)?;
    let new = Workshop {
        state: state.clone(),
        revision: old.revision + 1,
        ..old.clone()
    };
    let closing = state.closed && !old.state.closed;
    workshop::ActiveModel {
        id: Set(new.id.clone()),
        state: Set(super::json_text(&new.state)?),
        revision: Set(i32::try_from(new.revision).unwrap_or(i32::MAX)),
        open_code: if closing {
            Set(None)
        } else {
            Default::default()
        },
        closed_at: if closing {
            Set(Some(Utc::now()))
        } else {
            Default::default()
        },
        ..Default::default()
    }
    .update(&write.txn)
    .await?;
    if closing {
        audit::record(
            &write.txn,
            Some(&user.id),
            Some(&new.study_id),
            "workshop.closed",
            serde_json::json!({"workshop_id": new.id}),
        )
        .await?;
    }
    let last = outbox::append_system(
        &write.txn,
        SystemEvent {
            kind: kind::WORKSHOP,
            study_id: &new.study_id,
            scope: &new.id,
            target: "",
            actor: &user.id,
            revision: new.revision,
            old: Some(&old),
            new: &new,
        },
    )
    .await?;
    write.commit().await?;
    ctx.published(last);
    Ok(state)
}
