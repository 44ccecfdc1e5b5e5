//! Server functions of the interview pages: thin calls onto the server's interview service.

use leptos::prelude::*;

use super::dto::{BatchResult, FieldResult, HistoryEntry, InterviewSummary, InterviewView, TagUse};
use crate::error::AppError;

#[server(prefix = "/sfn", endpoint = "interviews/list")]
pub async fn list_interviews(study_id: String) -> Result<Vec<InterviewSummary>, AppError> {
    crate::ports::backend()?.list_interviews(study_id).await
}

/// `mode` is `on_site`, `video`, `phone` or empty; `held_on` is `YYYY-MM-DD` or empty.
#[server(prefix = "/sfn", endpoint = "interviews/create")]
pub async fn create_interview(
    study_id: String,
    organisation: String,
    sbi_section: String,
    respondent_function: String,
    held_on: String,
    mode: String,
) -> Result<InterviewSummary, AppError> {
    let form = super::dto::InterviewForm {
        organisation,
        sbi_section,
        respondent_function,
        held_on,
        mode,
    };
    crate::ports::backend()?
        .create_interview(study_id, form)
        .await
}

#[server(prefix = "/sfn", endpoint = "interviews/get")]
pub async fn get_interview(interview_id: String) -> Result<InterviewView, AppError> {
    crate::ports::backend()?.get_interview(interview_id).await
}

/// The browser's queue of answer changes, as JSON (`[BatchOp]`), applied in order.
#[server(prefix = "/sfn", endpoint = "interviews/save")]
pub async fn save_answers(
    interview_id: String,
    ops_json: String,
) -> Result<Vec<BatchResult>, AppError> {
    crate::ports::backend()?
        .save_answers(interview_id, ops_json)
        .await
}

/// The interview's metadata form. Text fields as typed (empty clears); `consent` is present
/// ("on") when ticked; `base_revision` is the revision the form was filled in on.
#[server(prefix = "/sfn", endpoint = "interviews/update")]
#[allow(clippy::too_many_arguments)]
pub async fn update_interview(
    interview_id: String,
    organisation: String,
    sbi_section: String,
    respondent_function: String,
    held_on: String,
    mode: String,
    notes: String,
    #[server(default)] consent: Option<String>,
    #[server(default)] base_revision: Option<u32>,
) -> Result<InterviewSummary, AppError> {
    let patch = super::dto::InterviewPatch {
        organisation: Some(organisation),
        sbi_section: Some(sbi_section),
        respondent_function: Some(respondent_function),
        held_on: Some(held_on),
        mode: Some(mode),
        consent: Some(consent.is_some()),
        notes: Some(notes),
        base_revision,
    };
    crate::ports::backend()?
        .update_interview(interview_id, patch)
        .await
}

/// The browser's queue of field changes, as JSON (`[FieldOp]`), applied in order.
#[server(prefix = "/sfn", endpoint = "interviews/save_fields")]
pub async fn save_fields(
    interview_id: String,
    ops_json: String,
) -> Result<Vec<FieldResult>, AppError> {
    crate::ports::backend()?
        .save_fields(interview_id, ops_json)
        .await
}

#[server(prefix = "/sfn", endpoint = "interviews/history")]
pub async fn answer_history(
    interview_id: String,
    item_id: String,
) -> Result<Vec<HistoryEntry>, AppError> {
    crate::ports::backend()?
        .answer_history(interview_id, item_id)
        .await
}

#[server(prefix = "/sfn", endpoint = "interviews/aspects")]
pub async fn aspect_suggestions(study_id: String) -> Result<Vec<TagUse>, AppError> {
    crate::ports::backend()?.aspect_suggestions(study_id).await
}

/// Gives the interview to another interviewer of the study (coordinators).
#[server(prefix = "/sfn", endpoint = "interviews/assign_interviewer")]
pub async fn assign_interviewer(
    interview_id: String,
    user_id: String,
) -> Result<InterviewSummary, AppError> {
    crate::ports::backend()?
        .assign_interviewer(interview_id, user_id)
        .await
}
