//! The audit log of administrative actions: append-only; no API edits or deletes it.

use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::Value;

use app::domain::access::Permission;
use app::domain::ids::StudyId;
use app::features::studies::dto::AuditEntryView;

use super::{Ctx, accounts};
use crate::auth::policy;
use crate::db::entities::{audit_entry as audit, user};
use crate::db::stored;
use crate::error::ServiceError;

pub async fn record(
    db: &impl ConnectionTrait,
    actor_id: Option<&str>,
    study_id: Option<&str>,
    action: &str,
    details: Value,
) -> Result<(), ServiceError> {
    let row = audit::ActiveModel {
        at: Set(Utc::now()),
        actor_id: Set(actor_id.map(str::to_string)),
        study_id: Set(study_id.map(str::to_string)),
        action: Set(action.to_string()),
        details: Set(details.to_string()),
        ..Default::default()
    };
    audit::Entity::insert(row).exec(db).await?;
    Ok(())
}

pub async fn list(ctx: &Ctx, study: StudyId) -> Result<Vec<AuditEntryView>, ServiceError> {
    policy::study(&ctx.db, &ctx.principal, study, Permission::Coordinate).await?;
    let study_id = &study.to_string();
    let rows = audit::Entity::find()
        .filter(audit::Column::StudyId.eq(study_id))
        .order_by_desc(audit::Column::Id)
        .all(&ctx.db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let actor = match &r.actor_id {
            Some(id) => user::Entity::find_by_id(id.clone()).one(&ctx.db).await?,
            None => None,
        };
        let details: Value = stored::json("audit entry's details", &r.details)?;
        let subject_name = match details.get("email").and_then(Value::as_str) {
            Some(email) => Some(
                accounts::find_by_email(&ctx.db, email)
                    .await?
                    .map(|u| display_name(&u))
                    .unwrap_or_else(|| email.to_string()),
            ),
            None => None,
        };
        out.push(AuditEntryView {
            id: r.id,
            at: r.at.to_rfc3339(),
            actor: match (&r.actor_id, &actor) {
                (None, _) => Some("system".to_string()),
                (Some(_), u) => u.as_ref().map(|u| u.email.clone()),
            },
            actor_name: actor.as_ref().map(display_name),
            action: r.action,
            details,
            subject_name,
        });
    }
    Ok(out)
}

/// A person as lists show them: their name, or their address if they have none.
fn display_name(u: &user::Model) -> String {
    if u.name.trim().is_empty() {
        u.email.clone()
    } else {
        u.name.clone()
    }
}
