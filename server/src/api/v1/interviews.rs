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

pub async fn list(
    ctx: Ctx,
    PathIds(study_id): PathIds<StudyId>,
) -> Result<Json<Vec<InterviewSummary>>, ServiceError> {
    Ok(Json(interviews::list(&ctx, study_id).await?))
}

pub async fn get(
    ctx: Ctx,
    PathIds(id): PathIds<InterviewId>,
) -> Result<Json<InterviewView>, ServiceError> {
    Ok(Json(interviews::get(&ctx, id).await?))
}

pub async fn put_answer(
    ctx: Ctx,
    PathIds((id, item_id)): PathIds<(InterviewId, NodeId)>,
    JsonBody(body): JsonBody<AnswerChange>,
) -> Result<Json<Written>, ServiceError> {
    Ok(Json(interviews::put_answer(&ctx, id, item_id, body).await?))
}

#[derive(Deserialize)]
pub struct Batch {
    ops: Vec<BatchOp>,
}

#[derive(serde::Serialize)]
pub struct BatchResponse {
    results: Vec<BatchResult>,
}

pub async fn batch(
    ctx: Ctx,
    PathIds(id): PathIds<InterviewId>,
    JsonBody(body): JsonBody<Batch>,
) -> Result<Json<BatchResponse>, ServiceError> {
    Ok(Json(BatchResponse {
        results: interviews::batch(&ctx, id, body.ops).await?,
    }))
}

pub async fn history(
    ctx: Ctx,
    PathIds((id, item_id)): PathIds<(InterviewId, NodeId)>,
) -> Result<Json<Vec<HistoryEntry>>, ServiceError> {
    Ok(Json(interviews::history(&ctx, id, item_id).await?))
}

pub async fn update(
    ctx: Ctx,
    PathIds(id): PathIds<InterviewId>,
    JsonBody(body): JsonBody<InterviewPatch>,
) -> Result<Json<InterviewSummary>, ServiceError> {
    Ok(Json(interviews::update(&ctx, id, body).await?))
}

pub async fn assign_interviewer(
    ctx: Ctx,
    PathIds(id): PathIds<InterviewId>,
    JsonBody(body): JsonBody<InterviewerChoice>,
) -> Result<Json<InterviewSummary>, ServiceError> {
    Ok(Json(
        interview_assignment::assign(&ctx, id, body.user_id).await?,
    ))
}

pub async fn put_field(
    ctx: Ctx,
    PathIds((id, key)): PathIds<(InterviewId, String)>,
    JsonBody(body): JsonBody<FieldChange>,
) -> Result<Json<Written>, ServiceError> {
    Ok(Json(interview_fields::put(&ctx, id, &key, body).await?))
}

pub async fn field_history(
    ctx: Ctx,
    PathIds((id, key)): PathIds<(InterviewId, String)>,
) -> Result<Json<Vec<FieldHistoryEntry>>, ServiceError> {
    Ok(Json(interview_fields::history(&ctx, id, &key).await?))
}

pub async fn aspects(
    ctx: Ctx,
    PathIds(study_id): PathIds<StudyId>,
) -> Result<Json<Vec<TagUse>>, ServiceError> {
    Ok(Json(
        interview_fields::aspect_suggestions(&ctx, study_id).await?,
    ))
}
