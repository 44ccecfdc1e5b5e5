//! Server functions for studies and their members.

use leptos::prelude::*;

use super::dto::{AuditEntryView, InvitationView, MemberView, StudyView};
use crate::domain::ids::{CodebookId, InvitationId, StudyId, UserId};
use crate::error::AppError;

#[server(prefix = "/sfn", endpoint = "studies/list")]
pub async fn list_studies() -> Result<Vec<StudyView>, AppError> {
    crate::ports::call(ListStudies {}).await
}

#[server(prefix = "/sfn", endpoint = "studies/create")]
pub async fn create_study(name: String, codebook_id: CodebookId) -> Result<StudyView, AppError> {
    crate::ports::call(CreateStudy { name, codebook_id }).await
}

#[server(prefix = "/sfn", endpoint = "studies/get")]
pub async fn get_study(study_id: StudyId) -> Result<StudyView, AppError> {
    crate::ports::call(GetStudy { study_id }).await
}

#[server(prefix = "/sfn", endpoint = "studies/members")]
pub async fn list_members(study_id: StudyId) -> Result<Vec<MemberView>, AppError> {
    crate::ports::call(ListMembers { study_id }).await
}

/// Invites the address to the study (see `InvitationView`).
#[server(prefix = "/sfn", endpoint = "studies/add_member")]
pub async fn add_member(
    study_id: StudyId,
    email: String,
    role: String,
) -> Result<InvitationView, AppError> {
    crate::ports::call(AddMember {
        study_id,
        email,
        role,
    })
    .await
}

#[server(prefix = "/sfn", endpoint = "studies/change_member_role")]
pub async fn change_member_role(
    study_id: StudyId,
    user_id: UserId,
    role: String,
) -> Result<MemberView, AppError> {
    crate::ports::call(ChangeMemberRole {
        study_id,
        user_id,
        role,
    })
    .await
}

#[server(prefix = "/sfn", endpoint = "studies/remove_member")]
pub async fn remove_member(study_id: StudyId, user_id: UserId) -> Result<(), AppError> {
    crate::ports::call(RemoveMember { study_id, user_id }).await
}

#[server(prefix = "/sfn", endpoint = "studies/audit")]
pub async fn study_audit(study_id: StudyId) -> Result<Vec<AuditEntryView>, AppError> {
    crate::ports::call(StudyAudit { study_id }).await
}

#[server(prefix = "/sfn", endpoint = "studies/invitations")]
pub async fn study_invitations(study_id: StudyId) -> Result<Vec<InvitationView>, AppError> {
    crate::ports::call(StudyInvitations { study_id }).await
}

#[server(prefix = "/sfn", endpoint = "studies/withdraw_invitation")]
pub async fn withdraw_invitation(
    study_id: StudyId,
    invitation_id: InvitationId,
) -> Result<(), AppError> {
    crate::ports::call(WithdrawInvitation {
        study_id,
        invitation_id,
    })
    .await
}

#[server(prefix = "/sfn", endpoint = "invitations/mine")]
pub async fn my_invitations() -> Result<Vec<InvitationView>, AppError> {
    crate::ports::call(MyInvitations {}).await
}

#[server(prefix = "/sfn", endpoint = "invitations/accept")]
pub async fn accept_invitation(invitation_id: InvitationId) -> Result<StudyView, AppError> {
    crate::ports::call(AcceptInvitation { invitation_id }).await
}

#[server(prefix = "/sfn", endpoint = "invitations/decline")]
pub async fn decline_invitation(invitation_id: InvitationId) -> Result<(), AppError> {
    crate::ports::call(DeclineInvitation { invitation_id }).await
}
