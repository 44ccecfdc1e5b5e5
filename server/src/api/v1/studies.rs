//! `/api/v1/studies` and their members and audit log.

use super::extract::PathIds;
use axum::Json;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use serde::Deserialize;

use app::features::studies::dto::{AuditEntryView, MemberView, StudyView};

use super::extract::JsonBody;
use crate::error::ServiceError;
use crate::services::{Ctx, audit, studies};
use app::domain::ids::{CodebookId, StudyId, UserId};

#[derive(Deserialize)]
pub struct NewStudy {
    name: String,
    codebook_id: CodebookId,
}

pub async fn create(
    ctx: Ctx,
    JsonBody(body): JsonBody<NewStudy>,
) -> Result<Response, ServiceError> {
    Ok((
        StatusCode::CREATED,
        Json(studies::create(&ctx, &body.name, body.codebook_id).await?),
    )
        .into_response())
}

pub async fn mine(ctx: Ctx) -> Result<Json<Vec<StudyView>>, ServiceError> {
    Ok(Json(studies::mine(&ctx).await?))
}

pub async fn get(ctx: Ctx, PathIds(id): PathIds<StudyId>) -> Result<Json<StudyView>, ServiceError> {
    Ok(Json(studies::get(&ctx, id).await?))
}

pub async fn members(
    ctx: Ctx,
    PathIds(id): PathIds<StudyId>,
) -> Result<Json<Vec<MemberView>>, ServiceError> {
    Ok(Json(studies::members(&ctx, id).await?))
}

#[derive(Deserialize)]
pub struct NewMember {
    email: String,
    role: String,
}

pub async fn add_member(
    ctx: Ctx,
    PathIds(id): PathIds<StudyId>,
    JsonBody(body): JsonBody<NewMember>,
) -> Result<Response, ServiceError> {
    Ok((
        StatusCode::CREATED,
        Json(studies::add_member(&ctx, id, &body.email, &body.role).await?),
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct RoleChange {
    role: String,
}

pub async fn change_role(
    ctx: Ctx,
    PathIds((id, user_id)): PathIds<(StudyId, UserId)>,
    JsonBody(body): JsonBody<RoleChange>,
) -> Result<Json<MemberView>, ServiceError> {
    Ok(Json(
        studies::change_role(&ctx, id, user_id, &body.role).await?,
    ))
}

pub async fn remove_member(
    ctx: Ctx,
    PathIds((id, user_id)): PathIds<(StudyId, UserId)>,
) -> Result<StatusCode, ServiceError> {
    studies::remove_member(&ctx, id, user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn audit_log(
    ctx: Ctx,
    PathIds(id): PathIds<StudyId>,
) -> Result<Json<Vec<AuditEntryView>>, ServiceError> {
    Ok(Json(audit::list(&ctx, id).await?))
}
