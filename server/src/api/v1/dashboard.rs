//! `/api/v1/studies/{id}/aggregate`, `/thresholds`, `/items/{item_id}` and the live stream.

use std::convert::Infallible;
use std::time::Duration;

use axum::Json;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::{Stream, StreamExt};
use http::HeaderMap;

use app::domain::ids::{NodeId, StudyId};
use app::features::dashboard::dto::{
    AggregateQuery, AggregateView, ItemDetail, LiveEvent, NewThresholds, ThresholdVersion,
};

use super::extract::{JsonBody, PathIds, QueryParams};
use crate::error::ServiceError;
use crate::live;
use crate::services::{Ctx, dashboard, thresholds};

/// A study's aggregate
///
/// Every item of the study's codebook in display order (of one qualification with
/// `qualification=`), with its counts among the respondents the filters admit and the verdict
/// of api-v1.md's rule under the thresholds named by `threshold_version`. Also per
/// qualification, role and section the items per verdict (`roll_ups`, with a role's own
/// verdict), and respondents per SBI section (`coverage`). `event_id` is the last event of the
/// live stream these figures include.
#[utoipa::path(get, path = "/studies/{id}/aggregate", operation_id = "study_aggregate", tag = "dashboard",
    params(("id" = StudyId, Path, description = "The study"), AggregateQuery),
    responses(
        (status = 200, description = "The aggregate", body = AggregateView),
        (status = 422, description = "A filter that is not one (`field` names it)"),
    ))]
pub async fn aggregate(
    ctx: Ctx,
    PathIds(id): PathIds<StudyId>,
    QueryParams(query): QueryParams<AggregateQuery>,
) -> Result<Json<AggregateView>, ServiceError> {
    Ok(Json(dashboard::aggregate(&ctx, id, query).await?))
}

/// One item's answers
///
/// Every respondent's rating of the item with their note and quote (the organisation for
/// coordinators only), and the ratings per source and per SBI section.
#[utoipa::path(get, path = "/studies/{id}/items/{item_id}", operation_id = "item_detail", tag = "dashboard",
    params(("id" = StudyId, Path, description = "The study"),
        ("item_id" = NodeId, Path, description = "An item of the study's codebook")),
    responses((status = 200, description = "The item's answers", body = ItemDetail)))]
pub async fn item(
    ctx: Ctx,
    PathIds((id, item_id)): PathIds<(StudyId, NodeId)>,
) -> Result<Json<ItemDetail>, ServiceError> {
    Ok(Json(dashboard::item(&ctx, id, item_id).await?))
}

/// Threshold versions
///
/// Oldest first; the last one is in force. Version 1 is api-v1.md's default.
#[utoipa::path(get, path = "/studies/{id}/thresholds", tag = "dashboard",
    params(("id" = StudyId, Path, description = "The study")),
    responses((status = 200, description = "Every version", body = Vec<ThresholdVersion>)))]
pub async fn threshold_versions(
    ctx: Ctx,
    PathIds(id): PathIds<StudyId>,
) -> Result<Json<Vec<ThresholdVersion>>, ServiceError> {
    Ok(Json(thresholds::versions(&ctx, id).await?))
}

/// New thresholds (coordinators)
///
/// Adds the next version; audited; live views recompute every verdict.
#[utoipa::path(put, path = "/studies/{id}/thresholds", tag = "dashboard",
    params(("id" = StudyId, Path, description = "The study")),
    request_body = NewThresholds,
    responses(
        (status = 200, description = "The new version", body = ThresholdVersion),
        (status = 422, description = "Out of 0..1, partial_min not below good_min, or min_n 0"),
    ))]
pub async fn set_thresholds(
    ctx: Ctx,
    PathIds(id): PathIds<StudyId>,
    JsonBody(body): JsonBody<NewThresholds>,
) -> Result<Json<ThresholdVersion>, ServiceError> {
    Ok(Json(thresholds::set(&ctx, id, body).await?))
}

#[derive(serde::Deserialize)]
pub struct LiveQuery {
    last_event_id: Option<i64>,
}

/// Live changes (Server-Sent Events)
///
/// `text/event-stream`. Each event's `event:` is its `type` (`answer`, `field`, `interview`,
/// `thresholds`, `resync`), its `data:` one `LiveEvent` as JSON and its `id:` its place in the
/// study's event sequence. A new stream starts with a `resync` carrying the whole aggregate.
/// Reconnecting with `Last-Event-ID` delivers every event after it, or one `resync` when that
/// is too far back; a client that falls behind is skipped ahead with a `resync`.
#[utoipa::path(get, path = "/studies/{id}/live", operation_id = "live_stream", tag = "dashboard",
    params(("id" = StudyId, Path, description = "The study"),
        ("Last-Event-ID" = Option<i64>, Header, description = "The last event id received"),
        ("last_event_id" = Option<i64>, Query, description = "The same, for a client that cannot set the header (a browser tab taking over another's stream)")),
    responses((status = 200, description = "The event stream", body = LiveEvent,
        content_type = "text/event-stream")))]
pub async fn live(
    ctx: Ctx,
    PathIds(id): PathIds<StudyId>,
    QueryParams(query): QueryParams<LiveQuery>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ServiceError> {
    // The header wins: EventSource sets it when it reconnects. Not a number: start over (a
    // resync), as for a new stream.
    let last_seen = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .or(query.last_event_id);
    let (study, subscription) = dashboard::subscribe(&ctx, id, last_seen).await?;
    let events = live::events(study, subscription).map(|sent| {
        Ok(Event::default()
            .id(sent.id.to_string())
            .event(sent.name)
            .data(&sent.json))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
