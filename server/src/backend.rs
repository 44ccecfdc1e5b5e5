//! The server's side of `app::ports::Backend`: each server function lands here, gets a `Ctx`
//! for its request (who is calling, from the extensions `auth::principal::resolve` filled), and
//! goes straight to the same service the REST API uses.

use std::sync::Arc;

use app::error::AppError;
use app::features::account::dto::{NewToken, SessionInfo, SessionView, TokenView, UserView};
use app::features::codebooks::dto::{CodebookSummary, CodebookView, ImportOutcome};
use app::features::interviews::dto::{
    BatchResult, FieldResult, HistoryEntry, InterviewForm, InterviewPatch, InterviewSummary,
    InterviewView, TagUse,
};
use app::features::status::SystemStatus;
use app::features::studies::dto::{AuditEntryView, MemberView, StudyView};
use app::ports::{Backend, SharedBackend};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

use crate::auth::cookie;
use crate::services::{
    self, Ctx, accounts, audit, codebooks, interview_assignment, interview_fields, interviews,
    studies,
};
use crate::state::AppState;

pub struct ServiceBackend {
    state: AppState,
}

pub fn shared(state: AppState) -> SharedBackend {
    Arc::new(ServiceBackend { state })
}

impl ServiceBackend {
    fn ctx(&self) -> Ctx {
        match use_context::<http::request::Parts>() {
            Some(parts) => Ctx::from_parts(&self.state, &parts.extensions),
            None => Ctx::system(self.state.db.clone()),
        }
    }

    fn set_cookie(&self, value: String) {
        if let (Some(resp), Ok(v)) = (
            use_context::<ResponseOptions>(),
            http::HeaderValue::from_str(&value),
        ) {
            resp.append_header(http::header::SET_COOKIE, v);
        }
    }
}

#[async_trait::async_trait]
impl Backend for ServiceBackend {
    async fn system_status(&self) -> Result<SystemStatus, AppError> {
        Ok(services::status::system_status(&self.state.db).await?)
    }

    async fn list_codebooks(&self) -> Result<Vec<CodebookSummary>, AppError> {
        Ok(codebooks::list(&self.ctx()).await?)
    }

    async fn get_codebook(&self, id: String) -> Result<CodebookView, AppError> {
        Ok(codebooks::get(&self.ctx(), &id).await?)
    }

    async fn import_codebook(
        &self,
        file_name: String,
        content: String,
    ) -> Result<ImportOutcome, AppError> {
        Ok(codebooks::import_upload(&self.ctx(), &file_name, &content).await?)
    }

    async fn whoami(&self) -> Result<SessionInfo, AppError> {
        Ok(accounts::whoami(&self.ctx()))
    }

    async fn sign_in(&self, email: String, password: String) -> Result<UserView, AppError> {
        let ctx = self.ctx();
        let (user, token) = accounts::sign_in(&ctx, &email, &password).await?;
        self.set_cookie(cookie::set(
            &ctx.auth,
            cookie::session_name(&ctx.auth),
            &token,
            ctx.auth.absolute_timeout.as_secs(),
        ));
        Ok(user)
    }

    async fn sign_out(&self) -> Result<(), AppError> {
        let ctx = self.ctx();
        accounts::sign_out(&ctx).await?;
        self.set_cookie(cookie::clear(&ctx.auth, cookie::session_name(&ctx.auth)));
        Ok(())
    }

    async fn sign_out_everywhere(&self) -> Result<u64, AppError> {
        let ctx = self.ctx();
        let n = accounts::sign_out_everywhere(&ctx).await?;
        self.set_cookie(cookie::clear(&ctx.auth, cookie::session_name(&ctx.auth)));
        Ok(n)
    }

    async fn list_sessions(&self) -> Result<Vec<SessionView>, AppError> {
        Ok(accounts::sessions(&self.ctx()).await?)
    }

    async fn revoke_session(&self, id: String) -> Result<(), AppError> {
        Ok(accounts::revoke_session(&self.ctx(), &id).await?)
    }

    async fn list_tokens(&self) -> Result<Vec<TokenView>, AppError> {
        Ok(accounts::tokens(&self.ctx()).await?)
    }

    async fn create_token(&self, name: String) -> Result<NewToken, AppError> {
        Ok(accounts::create_token(&self.ctx(), &name).await?)
    }

    async fn revoke_token(&self, id: String) -> Result<(), AppError> {
        Ok(accounts::revoke_token(&self.ctx(), &id).await?)
    }

    async fn list_studies(&self) -> Result<Vec<StudyView>, AppError> {
        Ok(studies::mine(&self.ctx()).await?)
    }

    async fn create_study(&self, name: String, codebook_id: String) -> Result<StudyView, AppError> {
        Ok(studies::create(&self.ctx(), &name, &codebook_id).await?)
    }

    async fn get_study(&self, id: String) -> Result<StudyView, AppError> {
        Ok(studies::get(&self.ctx(), &id).await?)
    }

    async fn list_members(&self, study_id: String) -> Result<Vec<MemberView>, AppError> {
        Ok(studies::members(&self.ctx(), &study_id).await?)
    }

    async fn add_member(
        &self,
        study_id: String,
        email: String,
        role: String,
    ) -> Result<MemberView, AppError> {
        Ok(studies::add_member(&self.ctx(), &study_id, &email, &role).await?)
    }

    async fn change_member_role(
        &self,
        study_id: String,
        user_id: String,
        role: String,
    ) -> Result<MemberView, AppError> {
        Ok(studies::change_role(&self.ctx(), &study_id, &user_id, &role).await?)
    }

    async fn remove_member(&self, study_id: String, user_id: String) -> Result<(), AppError> {
        Ok(studies::remove_member(&self.ctx(), &study_id, &user_id).await?)
    }

    async fn study_audit(&self, study_id: String) -> Result<Vec<AuditEntryView>, AppError> {
        Ok(audit::list(&self.ctx(), &study_id).await?)
    }

    async fn list_interviews(&self, study_id: String) -> Result<Vec<InterviewSummary>, AppError> {
        Ok(interviews::list(&self.ctx(), &study_id).await?)
    }

    async fn create_interview(
        &self,
        study_id: String,
        form: InterviewForm,
    ) -> Result<InterviewSummary, AppError> {
        Ok(interviews::create_from_form(&self.ctx(), &study_id, form).await?)
    }

    async fn get_interview(&self, interview_id: String) -> Result<InterviewView, AppError> {
        Ok(interviews::get(&self.ctx(), &interview_id).await?)
    }

    async fn save_answers(
        &self,
        interview_id: String,
        ops_json: String,
    ) -> Result<Vec<BatchResult>, AppError> {
        Ok(interviews::batch_json(&self.ctx(), &interview_id, &ops_json).await?)
    }

    async fn update_interview(
        &self,
        interview_id: String,
        patch: InterviewPatch,
    ) -> Result<InterviewSummary, AppError> {
        Ok(interviews::update(&self.ctx(), &interview_id, patch).await?)
    }

    async fn save_fields(
        &self,
        interview_id: String,
        ops_json: String,
    ) -> Result<Vec<FieldResult>, AppError> {
        Ok(interview_fields::save_json(&self.ctx(), &interview_id, &ops_json).await?)
    }

    async fn answer_history(
        &self,
        interview_id: String,
        item_id: String,
    ) -> Result<Vec<HistoryEntry>, AppError> {
        Ok(interviews::history(&self.ctx(), &interview_id, &item_id).await?)
    }

    async fn aspect_suggestions(&self, study_id: String) -> Result<Vec<TagUse>, AppError> {
        Ok(interview_fields::aspect_suggestions(&self.ctx(), &study_id).await?)
    }

    async fn assign_interviewer(
        &self,
        interview_id: String,
        user_id: String,
    ) -> Result<InterviewSummary, AppError> {
        Ok(interview_assignment::assign(&self.ctx(), &interview_id, &user_id).await?)
    }
}
