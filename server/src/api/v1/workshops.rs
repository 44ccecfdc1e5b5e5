//! `/api/v1/studies/{id}/workshops`, `/join` and `/workshops/{id}/…`: thin doors onto
//! `services::workshops`.

use std::convert::Infallible;
use std::time::Duration;

use axum::Json;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::{Stream, StreamExt};
use http::{StatusCode, header};

use app::domain::ids::{StudyId, WorkshopId};
use app::domain::workshop::{Control, WorkshopState};
use app::features::workshops::dto::{
    JoinRequest, Joined, NewWorkshop, ParticipantView, VoteBatch, VoteRequest, VoteResult,
    VoteView, WorkshopCreated, WorkshopEvent, WorkshopResults, WorkshopSummary, WorkshopView,
};

use super::extract::{JsonBody, PathIds};
use crate::auth::cookie;
use crate::error::ServiceError;
use crate::live;
use crate::services::Ctx;
use crate::services::workshops::{control, create, join, views, votes};

/// Create a workshop (facilitators, coordinators)
///
/// On some roles of the study's codebook; their items, in display order, are rated. The join
/// code (7 letters and digits without 0/O/1/I/L, any case) is unique among open workshops.
#[utoipa::path(post, path = "/studies/{id}/workshops", operation_id = "create_workshop", tag = "workshops",
    params(("id" = StudyId, Path, description = "The study")),
    request_body = NewWorkshop,
    responses(
        (status = 201, description = "Created", body = WorkshopCreated),
        (status = 422, description = "No title, no roles, a node that is not a role, or a bad cap; `field` names it"),
    ))]
pub async fn create(
    ctx: Ctx,
    PathIds(study): PathIds<StudyId>,
    JsonBody(body): JsonBody<NewWorkshop>,
) -> Result<Response, ServiceError> {
    let created = create::create(&ctx, study, body).await?;
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

/// A study's workshops, newest first
#[utoipa::path(get, path = "/studies/{id}/workshops", operation_id = "list_workshops", tag = "workshops",
    params(("id" = StudyId, Path, description = "The study")),
    responses((status = 200, description = "The workshops", body = Vec<WorkshopSummary>)))]
pub async fn list(
    ctx: Ctx,
    PathIds(study): PathIds<StudyId>,
) -> Result<Json<Vec<WorkshopSummary>>, ServiceError> {
    Ok(Json(create::list(&ctx, study).await?))
}

/// Join a workshop (no account)
///
/// Sets the participant cookie (HttpOnly, SameSite=Lax, a day). A code that is wrong, closed
/// or never existed is the same 404; wrong codes are throttled per address and per code.
#[utoipa::path(post, path = "/join", operation_id = "join_workshop", tag = "workshops",
    request_body = JoinRequest,
    responses(
        (status = 200, description = "Joined", body = Joined,
            headers(("set-cookie" = String, description = "The participant cookie"))),
        (status = 404, description = "No open workshop has this code"),
        (status = 409, description = "The workshop is full (`reason`: `workshop_full`)"),
        (status = 422, description = "A missing name, or a bad organisation or SBI section"),
        (status = 429, description = "Too many wrong codes from this address"),
    ))]
pub async fn join(
    ctx: Ctx,
    JsonBody(body): JsonBody<JoinRequest>,
) -> Result<Response, ServiceError> {
    let joined = join::join(&ctx, body).await?;
    let set = cookie::set(
        &ctx.auth,
        cookie::participant_name(&ctx.auth),
        &joined.participant_token,
        join::COOKIE_SECS,
    );
    Ok(([(header::SET_COOKIE, set)], Json(joined)).into_response())
}

/// A workshop as its facilitator sees it (members)
///
/// The state, the items, how many joined, and per item and round the distribution, how many
/// voted and the verdict the votes imply. Never who voted what.
#[utoipa::path(get, path = "/workshops/{id}", operation_id = "get_workshop", tag = "workshops",
    params(("id" = WorkshopId, Path, description = "The workshop")),
    responses((status = 200, description = "The workshop", body = WorkshopView)))]
pub async fn get(
    ctx: Ctx,
    PathIds(id): PathIds<WorkshopId>,
) -> Result<Json<WorkshopView>, ServiceError> {
    Ok(Json(views::view(&ctx, id).await?))
}

/// The workshop as a participant's phone shows it (participants)
///
/// The state, the items, the caller's own votes, and the results the facilitator has shown.
#[utoipa::path(get, path = "/workshops/{id}/me", operation_id = "workshop_me", tag = "workshops",
    params(("id" = WorkshopId, Path, description = "The workshop")),
    responses((status = 200, description = "The participant's view", body = ParticipantView)))]
pub async fn me(
    ctx: Ctx,
    PathIds(id): PathIds<WorkshopId>,
) -> Result<Json<ParticipantView>, ServiceError> {
    Ok(Json(views::me(&ctx, id).await?))
}

/// Vote (participants)
///
/// For the item's current round; a new vote replaces the participant's earlier one in that
/// round. The same `op_id` again is answered as the first time, even after the round ended.
#[utoipa::path(post, path = "/workshops/{id}/votes", operation_id = "vote", tag = "workshops",
    params(("id" = WorkshopId, Path, description = "The workshop")),
    request_body = VoteRequest,
    responses(
        (status = 200, description = "Counted", body = VoteView),
        (status = 409, description = "The item is not open, its round's results are shown, or the workshop is closed (`reason` says which); or `op_conflict`"),
        (status = 422, description = "An item that is not part of the workshop, or a bad op_id"),
    ))]
pub async fn vote(
    ctx: Ctx,
    PathIds(id): PathIds<WorkshopId>,
    JsonBody(body): JsonBody<VoteRequest>,
) -> Result<Json<VoteView>, ServiceError> {
    Ok(Json(votes::vote(&ctx, id, body).await?))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct VoteBatchResponse {
    /// Inline: `OpResult` is generic, and one component name cannot hold each instance.
    #[schema(inline)]
    results: Vec<VoteResult>,
}

/// Send a phone's queued votes (participants)
///
/// Each op is decided on its own, in order, with its own status.
#[utoipa::path(post, path = "/workshops/{id}/votes:batch", operation_id = "vote_batch", tag = "workshops",
    params(("id" = WorkshopId, Path, description = "The workshop")),
    request_body = VoteBatch,
    responses((status = 200, description = "One result per op, in order", body = VoteBatchResponse)))]
pub async fn vote_batch(
    ctx: Ctx,
    PathIds(id): PathIds<WorkshopId>,
    JsonBody(body): JsonBody<VoteBatch>,
) -> Result<Json<VoteBatchResponse>, ServiceError> {
    Ok(Json(VoteBatchResponse {
        results: votes::batch(&ctx, id, body.ops).await?,
    }))
}

/// Steer the workshop (facilitators, coordinators)
///
/// `open_item` (paced: the item everyone rates now), `reveal` (show the current round's
/// results; its voting ends), `next_round` (a re-vote, blind again), `close`. Paced: reveal and
/// next round act on the open item; self-paced: on every item.
#[utoipa::path(post, path = "/workshops/{id}/control", operation_id = "control_workshop", tag = "workshops",
    params(("id" = WorkshopId, Path, description = "The workshop")),
    request_body = Control,
    responses(
        (status = 200, description = "The new state", body = WorkshopState),
        (status = 409, description = "Not possible now (`reason` says why)"),
    ))]
pub async fn control(
    ctx: Ctx,
    PathIds(id): PathIds<WorkshopId>,
    JsonBody(body): JsonBody<Control>,
) -> Result<Json<WorkshopState>, ServiceError> {
    Ok(Json(control::control(&ctx, id, body).await?))
}

/// Results per item and round (members)
#[utoipa::path(get, path = "/workshops/{id}/results", operation_id = "workshop_results", tag = "workshops",
    params(("id" = WorkshopId, Path, description = "The workshop")),
    responses((status = 200, description = "Counts and voters per item and round", body = WorkshopResults)))]
pub async fn results(
    ctx: Ctx,
    PathIds(id): PathIds<WorkshopId>,
) -> Result<Json<WorkshopResults>, ServiceError> {
    Ok(Json(views::results(&ctx, id).await?))
}

/// The join QR code (members)
///
/// An SVG of the join address, for the presenter's screen.
#[utoipa::path(get, path = "/workshops/{id}/qr.svg", operation_id = "workshop_qr", tag = "workshops",
    params(("id" = WorkshopId, Path, description = "The workshop")),
    responses((status = 200, description = "The QR code", content_type = "image/svg+xml", body = String)))]
pub async fn qr(ctx: Ctx, PathIds(id): PathIds<WorkshopId>) -> Result<Response, ServiceError> {
    let svg = views::qr_svg(&ctx, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "private, max-age=300"),
        ],
        svg,
    )
        .into_response())
}

/// Live workshop (Server-Sent Events)
///
/// Members get `snapshot`, `state`, `joined` and `tally` (every vote's effect on its round's
/// figures); the workshop's participants get `snapshot` and `state`, whose `results` carry only
/// what the facilitator revealed. Every stream starts with a `snapshot`.
#[utoipa::path(get, path = "/workshops/{id}/live", operation_id = "workshop_live", tag = "workshops",
    params(("id" = WorkshopId, Path, description = "The workshop")),
    responses((status = 200, description = "The event stream", body = WorkshopEvent,
        content_type = "text/event-stream")))]
pub async fn live(
    ctx: Ctx,
    PathIds(id): PathIds<WorkshopId>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ServiceError> {
    let (study, audience, first, rx) = views::subscribe(&ctx, id).await?;
    let events = live::workshop_events(study, id.to_string(), audience, first, rx).map(|sent| {
        Ok(Event::default()
            .id(sent.id.to_string())
            .event(sent.name)
            .data(&sent.json))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
