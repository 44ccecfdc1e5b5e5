//! Invitations: a study's (coordinators invite, list, withdraw) and the caller's own (accept,
//! decline). `POST /studies/{id}/members` invites; see `services::invitations` for why.

use axum::Json;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use serde::Deserialize;

use app::domain::ids::{InvitationId, StudyId};
use app::features::studies::dto::{InvitationView, StudyView};

use super::extract::{JsonBody, PathIds};
use crate::error::ServiceError;
use crate::services::{Ctx, invitations};

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewMember {
    /// Anyone's e-mail address: whoever signs in with it may accept
    email: String,
    #[schema(value_type = app::domain::access::StudyRole)]
    role: String,
}

/// Invite someone to the study (coordinators)
///
/// Makes an invitation that whoever signs in with this address accepts or declines; the
/// answer is the same whether or not the address has an account here.
#[utoipa::path(post, path = "/studies/{id}/members", tag = "studies",
    params(("id" = app::domain::ids::StudyId, Path, description = "The study")),
    request_body = NewMember,
    responses(
        (status = 201, description = "The invitation", body = InvitationView),
        (status = 409, description = "Already a member (`reason`: `already_member`) or invited (`already_invited`)"),
        (status = 422, description = "Not an e-mail address, or an unknown role"),
    ))]
pub async fn invite(
    ctx: Ctx,
    PathIds(id): PathIds<StudyId>,
    JsonBody(body): JsonBody<NewMember>,
) -> Result<Response, ServiceError> {
    Ok((
        StatusCode::CREATED,
        Json(invitations::invite(&ctx, id, &body.email, &body.role).await?),
    )
        .into_response())
}

/// The study's open invitations (coordinators)
#[utoipa::path(get, path = "/studies/{id}/invitations", tag = "studies",
    params(("id" = app::domain::ids::StudyId, Path, description = "The study")),
    responses((status = 200, description = "Invitations not yet answered, oldest first", body = Vec<InvitationView>)))]
pub async fn of_study(
    ctx: Ctx,
    PathIds(id): PathIds<StudyId>,
) -> Result<Json<Vec<InvitationView>>, ServiceError> {
    Ok(Json(invitations::of_study(&ctx, id).await?))
}

/// Withdraw an invitation (coordinators)
#[utoipa::path(delete, path = "/studies/{id}/invitations/{invitation_id}", tag = "studies",
    params(
        ("id" = app::domain::ids::StudyId, Path, description = "The study"),
        ("invitation_id" = app::domain::ids::InvitationId, Path, description = "The invitation"),
    ),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 404, description = "No such open invitation to this study"),
    ))]
pub async fn withdraw(
    ctx: Ctx,
    PathIds((id, invitation)): PathIds<(StudyId, InvitationId)>,
) -> Result<StatusCode, ServiceError> {
    invitations::withdraw(&ctx, id, invitation).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Invitations addressed to me
#[utoipa::path(get, path = "/invitations", tag = "studies",
    responses((status = 200, description = "Open invitations to my e-mail address, oldest first", body = Vec<InvitationView>)))]
pub async fn mine(ctx: Ctx) -> Result<Json<Vec<InvitationView>>, ServiceError> {
    Ok(Json(invitations::mine(&ctx).await?))
}

/// Accept an invitation: become a member of its study
#[utoipa::path(post, path = "/invitations/{id}/accept", tag = "studies",
    params(("id" = app::domain::ids::InvitationId, Path, description = "The invitation")),
    responses(
        (status = 200, description = "The study, with my role in it", body = StudyView),
        (status = 404, description = "No open invitation with this id to my address"),
    ))]
pub async fn accept(
    ctx: Ctx,
    PathIds(id): PathIds<InvitationId>,
) -> Result<Json<StudyView>, ServiceError> {
    Ok(Json(invitations::accept(&ctx, id).await?))
}

/// Decline an invitation
#[utoipa::path(post, path = "/invitations/{id}/decline", tag = "studies",
    params(("id" = app::domain::ids::InvitationId, Path, description = "The invitation")),
    responses(
        (status = 204, description = "Declined"),
        (status = 404, description = "No open invitation with this id to my address"),
    ))]
pub async fn decline(
    ctx: Ctx,
    PathIds(id): PathIds<InvitationId>,
) -> Result<StatusCode, ServiceError> {
    invitations::decline(&ctx, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
