//! A study's verdict thresholds. Versions are only added: version 1 (api-v1.md's defaults) is
//! written with the study, each change by a coordinator adds the next one, audited and appended
//! to the event sequence in the same transaction, so live views recompute every verdict.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use app::domain::access::Permission;
use app::domain::ids::StudyId;
use app::domain::verdict::{ThresholdError, Thresholds};
use app::error::Problem;
use app::features::dashboard::dto::{NewThresholds, ThresholdVersion};

use super::journal::outbox::{self, SystemEvent};
use super::threshold_store::{current, insert, view};
use super::{Ctx, audit};
use crate::auth::policy;
use crate::db::entities::study_threshold;
use crate::error::ServiceError;

/// The `kind` of a thresholds change in the event sequence.
pub const KIND: &str = crate::db::entities::event::kind::THRESHOLDS;

/// Every version, oldest first.
pub async fn versions(ctx: &Ctx, study: StudyId) -> Result<Vec<ThresholdVersion>, ServiceError> {
    policy::study(&ctx.db, &ctx.principal, study, Permission::Read).await?;
    let rows = study_threshold::Entity::find()
        .filter(study_threshold::Column::StudyId.eq(study.to_string()))
        .order_by_asc(study_threshold::Column::Version)
        .all(&ctx.db)
        .await?;
    rows.iter().map(view).collect()
}

fn check(input: &NewThresholds) -> Result<Thresholds, ServiceError> {
    let t = Thresholds {
        good_min: input.good_min,
        partial_min: input.partial_min,
        min_n: input.min_n,
    };
    t.validate().map_err(|e| {
        let field = match e {
            ThresholdError::OutOfRange if !(0.0..=1.0).contains(&t.good_min) => "good_min",
            ThresholdError::OutOfRange | ThresholdError::Unordered => "partial_min",
            ThresholdError::MinNZero => "min_n",
        };
        ServiceError::invalid(e.to_string(), vec![Problem::new(field, e.to_string())])
    })?;
    Ok(t)
}

/// Adds the next version (coordinators only), audited and announced.
pub async fn set(
    ctx: &Ctx,
    study: StudyId,
    input: NewThresholds,
) -> Result<ThresholdVersion, ServiceError> {
    let (user, _) = policy::study(&ctx.db, &ctx.principal, study, Permission::Coordinate).await?;
    let t = check(&input)?;
    let study_id = study.to_string();
    let write = ctx.db.begin_write().await?;
    let previous = current(&write.txn, &study_id).await?;
    let row = insert(&write.txn, &study_id, previous.version + 1, &t, &user.id).await?;
    let saved = view(&row)?;
    audit::record(
        &write.txn,
        Some(&user.id),
        Some(&study_id),
        "thresholds.changed",
        serde_json::json!({"version": saved.version, "from": previous.version,
            "good_min": t.good_min, "partial_min": t.partial_min, "min_n": t.min_n}),
    )
    .await?;
    // As an event: scope and target are the study, the revision is the version.
    let last = outbox::append_system(
        &write.txn,
        SystemEvent {
            kind: KIND,
            study_id: &study_id,
            scope: &study_id,
            target: "",
            actor: &user.id,
            revision: saved.version,
            old: Some(&previous),
            new: &saved,
        },
    )
    .await?;
    write.commit().await?;
    if let (Some(writers), Some(id)) = (&ctx.writers, last) {
        writers.events.published(id);
    }
    Ok(saved)
}
