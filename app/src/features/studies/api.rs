//! Server functions for studies and their members.

use leptos::prelude::*;

use super::dto::{AuditEntryView, MemberView, StudyView};
use crate::error::AppError;

#[server(prefix = "/sfn", endpoint = "studies/list")]
pub async fn list_studies() -> Result<Vec<StudyView>, AppError> {
    crate::ports::backend()?.list_studies().await
}

#[server(prefix = "/sfn", endpoint = "studies/create")]
pub async fn create_study(name: String, codebook_id: String) -> Result<StudyView, AppError> {
    crate::ports::backend()?
        .create_study(name, codebook_id)
        .await
}

#[server(prefix = "/sfn", endpoint = "studies/get")]
pub async fn get_study(study_id: String) -> Result<StudyView, AppError> {
    crate::ports::backend()?.get_study(study_id).await
}

#[server(prefix = "/sfn", endpoint = "studies/members")]
pub async fn list_members(study_id: String) -> Result<Vec<MemberView>, AppError> {
    crate::ports::backend()?.list_members(study_id).await
}

#[server(prefix = "/sfn", endpoint = "studies/add_member")]
pub async fn add_member(
    study_id: String,
    email: String,
    role: String,
) -> Result<MemberView, AppError> {
    crate::ports::backend()?
        .add_member(study_id, email, role)
        .await
}

#[server(prefix = "/sfn", endpoint = "studies/change_member_role")]
pub async fn change_member_role(
    study_id: String,
    user_id: String,
    role: String,
) -> Result<MemberView, AppError> {
    crate::ports::backend()?
        .change_member_role(study_id, user_id, role)
        .await
}

#[server(prefix = "/sfn", endpoint = "studies/remove_member")]
pub async fn remove_member(study_id: String, user_id: String) -> Result<(), AppError> {
    crate::ports::backend()?
        .remove_member(study_id, user_id)
        .await
}

#[server(prefix = "/sfn", endpoint = "studies/audit")]
pub async fn study_audit(study_id: String) -> Result<Vec<AuditEntryView>, AppError> {
    crate::ports::backend()?.study_audit(study_id).await
}
