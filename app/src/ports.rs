//! What the server functions need from the server crate. The server installs one
//! [`Backend`] in the Leptos context; server functions are thin calls onto it, so the
//! services (validation, authorization, persistence) live once, in `server::services`.

use std::sync::Arc;

use crate::error::AppError;
use crate::features::account::dto::{NewToken, SessionInfo, SessionView, TokenView, UserView};
use crate::features::codebooks::dto::{CodebookSummary, CodebookView, ImportOutcome};
use crate::features::interviews::dto::{
    BatchResult, FieldResult, HistoryEntry, InterviewForm, InterviewPatch, InterviewSummary,
    InterviewView, TagUse,
};
use crate::features::status::SystemStatus;
use crate::features::studies::dto::{AuditEntryView, MemberView, StudyView};

#[async_trait::async_trait]
pub trait Backend: Send + Sync + 'static {
    async fn system_status(&self) -> Result<SystemStatus, AppError>;

    async fn list_codebooks(&self) -> Result<Vec<CodebookSummary>, AppError>;
    async fn get_codebook(&self, id: String) -> Result<CodebookView, AppError>;
    async fn import_codebook(
        &self,
        file_name: String,
        content: String,
    ) -> Result<ImportOutcome, AppError>;

    async fn whoami(&self) -> Result<SessionInfo, AppError>;
    async fn sign_in(&self, email: String, password: String) -> Result<UserView, AppError>;
    async fn sign_out(&self) -> Result<(), AppError>;
    async fn sign_out_everywhere(&self) -> Result<u64, AppError>;
    async fn list_sessions(&self) -> Result<Vec<SessionView>, AppError>;
    async fn revoke_session(&self, id: String) -> Result<(), AppError>;
    async fn list_tokens(&self) -> Result<Vec<TokenView>, AppError>;
    async fn create_token(&self, name: String) -> Result<NewToken, AppError>;
    async fn revoke_token(&self, id: String) -> Result<(), AppError>;

    async fn list_studies(&self) -> Result<Vec<StudyView>, AppError>;
    async fn create_study(&self, name: String, codebook_id: String) -> Result<StudyView, AppError>;
    async fn get_study(&self, id: String) -> Result<StudyView, AppError>;
    async fn list_members(&self, study_id: String) -> Result<Vec<MemberView>, AppError>;
    async fn add_member(
        &self,
        study_id: String,
        email: String,
        role: String,
    ) -> Result<MemberView, AppError>;
    async fn change_member_role(
        &self,
        study_id: String,
        user_id: String,
        role: String,
    ) -> Result<MemberView, AppError>;
    async fn remove_member(&self, study_id: String, user_id: String) -> Result<(), AppError>;
    async fn study_audit(&self, study_id: String) -> Result<Vec<AuditEntryView>, AppError>;

    async fn list_interviews(&self, study_id: String) -> Result<Vec<InterviewSummary>, AppError>;
    async fn create_interview(
        &self,
        study_id: String,
        form: InterviewForm,
    ) -> Result<InterviewSummary, AppError>;
    async fn get_interview(&self, interview_id: String) -> Result<InterviewView, AppError>;
    async fn save_answers(
        &self,
        interview_id: String,
        ops_json: String,
    ) -> Result<Vec<BatchResult>, AppError>;
    async fn update_interview(
        &self,
        interview_id: String,
        patch: InterviewPatch,
    ) -> Result<InterviewSummary, AppError>;
    async fn save_fields(
        &self,
        interview_id: String,
        ops_json: String,
    ) -> Result<Vec<FieldResult>, AppError>;
    async fn answer_history(
        &self,
        interview_id: String,
        item_id: String,
    ) -> Result<Vec<HistoryEntry>, AppError>;
    async fn aspect_suggestions(&self, study_id: String) -> Result<Vec<TagUse>, AppError>;
    async fn assign_interviewer(
        &self,
        interview_id: String,
        user_id: String,
    ) -> Result<InterviewSummary, AppError>;
}

pub type SharedBackend = Arc<dyn Backend>;

/// The backend installed by the server for this request.
pub fn backend() -> Result<SharedBackend, AppError> {
    leptos::prelude::use_context::<SharedBackend>().ok_or_else(|| {
        AppError::new(
            crate::error::ErrorCode::Internal,
            "no backend in the request context",
        )
    })
}
