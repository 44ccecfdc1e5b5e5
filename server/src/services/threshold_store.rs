//! Reading and adding threshold versions: shared by the thresholds service and the live views,
//! which read the version in force when they load a study.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};

use app::domain::verdict::Thresholds;
use app::features::dashboard::dto::ThresholdVersion;

use crate::db::entities::study_threshold;
use crate::db::stored;
use crate::error::ServiceError;

pub fn view(m: &study_threshold::Model) -> Result<ThresholdVersion, ServiceError> {
    Ok(ThresholdVersion {
        version: stored::count(m.version)?,
        good_min: m.good_min,
        partial_min: m.partial_min,
        min_n: stored::count(m.min_n)?,
        created_at: m.created_at.to_rfc3339(),
        created_by: m.created_by.clone(),
    })
}

/// The version in force.
pub async fn current<C: ConnectionTrait>(
    db: &C,
    study_id: &str,
) -> Result<ThresholdVersion, ServiceError> {
    let row = study_threshold::Entity::find()
        .filter(study_threshold::Column::StudyId.eq(study_id))
        .order_by_desc(study_threshold::Column::Version)
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::Internal(format!("study {study_id} has no thresholds")))?;
    view(&row)
}

/// Version 1, written in the transaction that creates the study.
pub async fn insert_defaults<C: ConnectionTrait>(
    txn: &C,
    study_id: &str,
    user_id: &str,
) -> Result<(), ServiceError> {
    insert(txn, study_id, 1, &Thresholds::default(), user_id).await?;
    Ok(())
}

pub(super) async fn insert<C: ConnectionTrait>(
    txn: &C,
    study_id: &str,
    version: u32,
    t: &Thresholds,
    user_id: &str,
) -> Result<study_threshold::Model, ServiceError> {
    let to_i32 = |v: u32| i32::try_from(v).map_err(|_| ServiceError::Internal("too big".into()));
    Ok(study_threshold::ActiveModel {
        study_id: Set(study_id.to_string()),
        version: Set(to_i32(version)?),
        good_min: Set(t.good_min),
        partial_min: Set(t.partial_min),
        min_n: Set(to_i32(t.min_n)?),
        created_at: Set(Utc::now()),
        created_by: Set(Some(user_id.to_string())),
    }
    .insert(txn)
    .await?)
}
