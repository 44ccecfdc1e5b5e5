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

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewStudy {
    /// 1 to 200 characters
    name: String,
    codebook_id: CodebookId,
}

/// Create a study
///
/// On a codebook version; the caller becomes its coordinator.
#[utoipa::path(post, path = "/studies", operation_id = "create_study", tag = "studies",
    request_body = NewStudy,
    responses(
        (status = 201, description = "Created", body = StudyView),
        (status = 422, description = "A bad name, or an unknown codebook"),
    ))]
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

/// Studies I am a member of, with my role
#[utoipa::path(get, path = "/studies", operation_id = "list_studies", tag = "studies",
    responses((status = 200, description = "My studies", body = Vec<StudyView>)))]
pub async fn mine(ctx: Ctx) -> Result<Json<Vec<StudyView>>, ServiceError> {
    Ok(Json(studies::mine(&ctx).await?))
}

/// A study
///
/// Members only: to anyone else the study does not exist (404).
#[utoipa::path(get, path = "/studies/{id}", operation_id = "get_study", tag = "studies",
    params(("id" = app::domain::ids::StudyId, Path, description = "The study")),
    responses((status = 200, description = "The study, with the caller's role", body = StudyView)))]
pub async fn get(ctx: Ctx, PathIds(id): PathIds<StudyId>) -> Result<Json<StudyView>, ServiceError> {
    Ok(Json(studies::get(&ctx, id).await?))
}

/// The members of a study (coordinators)
#[utoipa::path(get, path = "/studies/{id}/members", tag = "studies",
    params(("id" = app::domain::ids::StudyId, Path, description = "The study")),
    responses((status = 200, description = "Every member with their role", body = Vec<MemberView>)))]
pub async fn members(
    ctx: Ctx,
    PathIds(id): PathIds<StudyId>,
) -> Result<Json<Vec<MemberView>>, ServiceError> {
    Ok(Json(studies::members(&ctx, id).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct RoleChange {
    #[schema(value_type = app::domain::access::StudyRole)]
    role: String,
}

/// Change a member's role (coordinators)
#[utoipa::path(put, path = "/studies/{id}/members/{user_id}", tag = "studies",
    params(
        ("id" = app::domain::ids::StudyId, Path, description = "The study"),
        ("user_id" = app::domain::ids::UserId, Path, description = "The member"),
    ),
    request_body = RoleChange,
    responses(
        (status = 200, description = "The member with the new role", body = MemberView),
        (status = 404, description = "Not a member of this study"),
        (status = 409, description = "It would leave the study without a coordinator (`reason`: `last_coordinator`)"),
        (status = 422, description = "An unknown role"),
    ))]
pub async fn change_role(
    ctx: Ctx,
    PathIds((id, user_id)): PathIds<(StudyId, UserId)>,
    JsonBody(body): JsonBody<RoleChange>,
) -> Result<Json<MemberView>, ServiceError> {
    Ok(Json(
        studies::change_role(&ctx, id, user_id, &body.role).await?,
    ))
}

/// Remove a member (coordinators)
#[utoipa::path(delete, path = "/studies/{id}/members/{user_id}", tag = "studies",
    params(
        ("id" = app::domain::ids::StudyId, Path, description = "The study"),
        ("user_id" = app::domain::ids::UserId, Path, description = "The member"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 404, description = "Not a member of this study"),
        (status = 409, description = "It would leave the study without a coordinator (`reason`: `last_coordinator`)"),
    ))]
pub async fn remove_member(
    ctx: Ctx,
    PathIds((id, user_id)): PathIds<(StudyId, UserId)>,
) -> Result<StatusCode, ServiceError> {
    studies::remove_member(&ctx, id, user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The study's audit log (coordinators)
///
/// Administrative actions, newest first; read-only.
#[utoipa::path(get, path = "/studies/{id}/audit", tag = "studies",
    params(("id" = app::domain::ids::StudyId, Path, description = "The study")),
    responses((status = 200, description = "The log", body = Vec<AuditEntryView>)))]
pub async fn audit_log(
    ctx: Ctx,
    PathIds(id): PathIds<StudyId>,
) -> Result<Json<Vec<AuditEntryView>>, ServiceError> {
    Ok(Json(audit::list(&ctx, id).await?))
}
