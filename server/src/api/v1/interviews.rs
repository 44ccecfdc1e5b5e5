//! `/api/v1/studies/{id}/interviews` and `/api/v1/interviews/…`: interviews, answers, fields, history.

use super::extract::PathIds;
use axum::Json;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use serde::Deserialize;

use app::features::interviews::dto::{
    AnswerChange, BatchOp, BatchResult, FieldChange, FieldHistoryEntry, HistoryEntry,
    InterviewPatch, InterviewSummary, InterviewView, InterviewerChoice, NewInterview, TagUse,
    Written,
};

use super::extract::JsonBody;
use crate::error::ServiceError;
use crate::services::{Ctx, interview_assignment, interview_fields, interviews};
use app::domain::ids::{InterviewId, NodeId, StudyId};

/// Start an interview (interviewers, coordinators)
///
/// The caller becomes its interviewer.
#[utoipa::path(post, path = "/studies/{id}/interviews", operation_id = "create_interview", tag = "interviews",
    params(("id" = app::domain::ids::StudyId, Path, description = "The study")),
    request_body = NewInterview,
    responses(
        (status = 201, description = "Created", body = InterviewSummary),
        (status = 422, description = "A bad organisation, SBI section, date or mode; `field` names it"),
    ))]
pub async fn create(
    ctx: Ctx,
    PathIds(study_id): PathIds<StudyId>,
    JsonBody(body): JsonBody<NewInterview>,
) -> Result<Response, ServiceError> {
    Ok((
        StatusCode::CREATED,
        Json(interviews::create(&ctx, study_id, body).await?),
    )
        .into_response())
}

/// The interviews of a study, with progress (answered of all items)
#[utoipa::path(get, path = "/studies/{id}/interviews", operation_id = "list_interviews", tag = "interviews",
    params(("id" = app::domain::ids::StudyId, Path, description = "The study")),
    responses((status = 200, description = "Every interview of the study", body = Vec<InterviewSummary>)))]
pub async fn list(
    ctx: Ctx,
    PathIds(study_id): PathIds<StudyId>,
) -> Result<Json<Vec<InterviewSummary>>, ServiceError> {
    Ok(Json(interviews::list(&ctx, study_id).await?))
}

/// An interview: its details, every current answer and every field
#[utoipa::path(get, path = "/interviews/{id}", operation_id = "get_interview", tag = "interviews",
    params(("id" = app::domain::ids::InterviewId, Path, description = "The interview")),
    responses((status = 200, description = "The interview; `can_edit` says whether the caller may change it (its interviewer or a coordinator)", body = InterviewView)))]
pub async fn get(
    ctx: Ctx,
    PathIds(id): PathIds<InterviewId>,
) -> Result<Json<InterviewView>, ServiceError> {
    Ok(Json(interviews::get(&ctx, id).await?))
}

/// Set one answer
///
/// The same `op_id` again returns the first result and changes nothing; with other content it
/// is 409 `op_conflict`. A `base_revision` older than the server's is 409 `stale`, with the
/// current answer in `error.current`.
#[utoipa::path(put, path = "/interviews/{id}/answers/{item_id}", tag = "interviews",
    params(("id" = app::domain::ids::InterviewId, Path, description = "The interview"), ("item_id" = app::domain::ids::NodeId, Path, description = "An item of the study's codebook")),
    request_body = AnswerChange,
    responses(
        (status = 200, description = "Committed (or a replay of a committed op)", body = Written),
        (status = 403, description = "Only the interview's own interviewer or a coordinator may change it"),
        (status = 404, description = "No such item"),
        (status = 409, description = "`op_conflict`, or `stale` (`error.current` holds the server's answer)"),
        (status = 422, description = "A bad rating, note, quote or op_id, or an item of another codebook"),
    ))]
pub async fn put_answer(
    ctx: Ctx,
    PathIds((id, item_id)): PathIds<(InterviewId, NodeId)>,
    JsonBody(body): JsonBody<AnswerChange>,
) -> Result<Json<Written>, ServiceError> {
    Ok(Json(interviews::put_answer(&ctx, id, item_id, body).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct Batch {
    ops: Vec<BatchOp>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct BatchResponse {
    /// Inline: `OpResult` is generic, and one component name cannot hold each instance.
    #[schema(inline)]
    results: Vec<BatchResult>,
}

/// Replay an offline queue of answers
///
/// Applied in order, each op idempotent and answered on its own with the status it would have
/// had alone (200, 404, 409, 422), so one refused op does not stop the others.
#[utoipa::path(post, path = "/interviews/{id}/answers:batch", operation_id = "put_answers_batch", tag = "interviews",
    params(("id" = app::domain::ids::InterviewId, Path, description = "The interview")),
    request_body = Batch,
    responses(
        (status = 200, description = "One result per op, in order", body = BatchResponse),
        (status = 403, description = "Only the interview's own interviewer or a coordinator may change it"),
        (status = 422, description = "More ops than one batch may hold"),
    ))]
pub async fn batch(
    ctx: Ctx,
    PathIds(id): PathIds<InterviewId>,
    JsonBody(body): JsonBody<Batch>,
) -> Result<Json<BatchResponse>, ServiceError> {
    Ok(Json(BatchResponse {
        results: interviews::batch(&ctx, id, body.ops).await?,
    }))
}

/// Every change of one answer, oldest first
#[utoipa::path(get, path = "/interviews/{id}/answers/{item_id}/history", operation_id = "answer_history", tag = "interviews",
    params(("id" = app::domain::ids::InterviewId, Path, description = "The interview"), ("item_id" = app::domain::ids::NodeId, Path, description = "The item")),
    responses((status = 200, description = "The changes; empty when never answered", body = Vec<HistoryEntry>)))]
pub async fn history(
    ctx: Ctx,
    PathIds((id, item_id)): PathIds<(InterviewId, NodeId)>,
) -> Result<Json<Vec<HistoryEntry>>, ServiceError> {
    Ok(Json(interviews::history(&ctx, id, item_id).await?))
}

/// Change an interview's details
///
/// Any of organisation, sbi_section, respondent_function, held_on, mode, consent, notes; `""`
/// clears a text. With `base_revision` (the summary's `revision` the edit was made on) an edit
/// on an older copy is 409 `stale` with the current summary. The interview's own interviewer or
/// a coordinator.
#[utoipa::path(patch, path = "/interviews/{id}", operation_id = "update_interview", tag = "interviews",
    params(("id" = app::domain::ids::InterviewId, Path, description = "The interview")),
    request_body = InterviewPatch,
    responses(
        (status = 200, description = "The changed summary", body = InterviewSummary),
        (status = 403, description = "Only the interview's own interviewer or a coordinator may change it"),
        (status = 409, description = "`stale`: the details changed since `base_revision`; `error.current` holds them"),
        (status = 422, description = "A bad organisation, SBI section, date or mode, or an unknown field; nothing changed"),
    ))]
pub async fn update(
    ctx: Ctx,
    PathIds(id): PathIds<InterviewId>,
    JsonBody(body): JsonBody<InterviewPatch>,
) -> Result<Json<InterviewSummary>, ServiceError> {
    Ok(Json(interviews::update(&ctx, id, body).await?))
}

/// Give the interview to another interviewer (coordinators)
///
/// `user_id`: a study member whose role may interview (interviewer or coordinator). Audited.
#[utoipa::path(put, path = "/interviews/{id}/interviewer", tag = "interviews",
    params(("id" = app::domain::ids::InterviewId, Path, description = "The interview")),
    request_body = InterviewerChoice,
    responses(
        (status = 200, description = "The summary with its new interviewer", body = InterviewSummary),
        (status = 422, description = "`user_id` is not a member of the study who may interview"),
    ))]
pub async fn assign_interviewer(
    ctx: Ctx,
    PathIds(id): PathIds<InterviewId>,
    JsonBody(body): JsonBody<InterviewerChoice>,
) -> Result<Json<InterviewSummary>, ServiceError> {
    Ok(Json(
        interview_assignment::assign(&ctx, id, body.user_id).await?,
    ))
}

/// Set one interview field
///
/// Like an answer (`op_id`, `base_revision`). `key`: `trend:<trend key>` →
/// `{"impact": large|some|none|not_discussed, "note"?}`; `aspects:<role id>`, `job_titles`,
/// `related_occupations` → `[text]`; `education_now`, `education_in_5_years` →
/// `[mbo2|mbo3|mbo4|mbo_plus|hbo]`.
#[utoipa::path(put, path = "/interviews/{id}/fields/{key}", tag = "interviews",
    params(("id" = app::domain::ids::InterviewId, Path, description = "The interview"), ("key" = String, Path, description = "The field, e.g. `trend:sustainability`, `job_titles` (see `GET /reference/trends`)")),
    request_body = FieldChange,
    responses(
        (status = 200, description = "Committed (or a replay of a committed op)", body = Written),
        (status = 403, description = "Only the interview's own interviewer or a coordinator may change it"),
        (status = 409, description = "`op_conflict`, or `stale` (`error.current` holds the server's field)"),
        (status = 422, description = "An unknown key, a role of another codebook, a bad op_id, or a value of the wrong shape"),
    ))]
pub async fn put_field(
    ctx: Ctx,
    PathIds((id, key)): PathIds<(InterviewId, String)>,
    JsonBody(body): JsonBody<FieldChange>,
) -> Result<Json<Written>, ServiceError> {
    Ok(Json(interview_fields::put(&ctx, id, &key, body).await?))
}

/// Every change of one interview field, oldest first
#[utoipa::path(get, path = "/interviews/{id}/fields/{key}/history", tag = "interviews",
    params(("id" = app::domain::ids::InterviewId, Path, description = "The interview"), ("key" = String, Path, description = "The field")),
    responses((status = 200, description = "The changes; empty when never set", body = Vec<FieldHistoryEntry>)))]
pub async fn field_history(
    ctx: Ctx,
    PathIds((id, key)): PathIds<(InterviewId, String)>,
) -> Result<Json<Vec<FieldHistoryEntry>>, ServiceError> {
    Ok(Json(interview_fields::history(&ctx, id, &key).await?))
}

/// Aspect tags used in the study's interviews, most used first (suggestions)
#[utoipa::path(get, path = "/studies/{id}/aspects", tag = "interviews",
    params(("id" = app::domain::ids::StudyId, Path, description = "The study")),
    responses((status = 200, description = "Tags with the number of interviews that used them", body = Vec<TagUse>)))]
pub async fn aspects(
    ctx: Ctx,
    PathIds(study_id): PathIds<StudyId>,
) -> Result<Json<Vec<TagUse>>, ServiceError> {
    Ok(Json(
        interview_fields::aspect_suggestions(&ctx, study_id).await?,
    ))
}
