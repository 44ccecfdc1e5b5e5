//! Server functions of the dashboard. The live stream is `GET /api/v1/studies/{id}/live`
//! (Server-Sent Events), which the page opens directly.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::dto::{AggregateQuery, AggregateView, ItemDetail, NewThresholds, ThresholdVersion};
use crate::domain::ids::{NodeId, StudyId};
use crate::error::AppError;

#[server(prefix = "/sfn", endpoint = "dashboard/aggregate", input = Json)]
pub async fn aggregate(
    study_id: StudyId,
    query: AggregateQuery,
) -> Result<AggregateView, AppError> {
    crate::ports::call(Aggregate { study_id, query }).await
}

#[server(prefix = "/sfn", endpoint = "dashboard/item")]
pub async fn item_detail_of(study_id: StudyId, item_id: NodeId) -> Result<ItemDetail, AppError> {
    crate::ports::call(ItemDetailOf { study_id, item_id }).await
}

#[server(prefix = "/sfn", endpoint = "dashboard/thresholds")]
pub async fn threshold_versions(study_id: StudyId) -> Result<Vec<ThresholdVersion>, AppError> {
    crate::ports::call(ThresholdVersions { study_id }).await
}

#[server(prefix = "/sfn", endpoint = "dashboard/set_thresholds", input = Json)]
pub async fn set_thresholds(
    study_id: StudyId,
    thresholds: NewThresholds,
) -> Result<ThresholdVersion, AppError> {
    crate::ports::call(SetThresholds {
        study_id,
        thresholds,
    })
    .await
}
