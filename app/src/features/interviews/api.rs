//! Server functions of the interview pages: thin calls onto the server's interview service.
//! The queues' functions take structured data and travel as JSON, and say which account they
//! were queued for (the server refuses them when another one is signed in, `sync::account`);
//! the others are plain forms.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::dto::{
    BatchOp, BatchResult, FieldOp, FieldResult, HistoryEntry, InterviewPatch, InterviewSummary,
    InterviewView, TagUse,
};
use crate::domain::ids::{InterviewId, NodeId, StudyId, UserId};
use crate::error::AppError;
use crate::sync::account::AccountClient;

#[server(prefix = "/sfn", endpoint = "interviews/list")]
pub async fn list_interviews(study_id: StudyId) -> Result<Vec<InterviewSummary>, AppError> {
    crate::ports::call(ListInterviews { study_id }).await
}

/// `mode` is `on_site`, `video`, `phone` or empty; `held_on` is `YYYY-MM-DD` or empty.
#[server(prefix = "/sfn", endpoint = "interviews/create")]
pub async fn create_interview(
    study_id: StudyId,
    organisation: String,
    sbi_section: String,
    respondent_function: String,
    held_on: String,
    mode: String,
) -> Result<InterviewSummary, AppError> {
    crate::ports::call(CreateInterview {
        study_id,
        organisation,
        sbi_section,
        respondent_function,
        held_on,
        mode,
    })
    .await
}

#[server(prefix = "/sfn", endpoint = "interviews/get")]
pub async fn get_interview(interview_id: InterviewId) -> Result<InterviewView, AppError> {
    crate::ports::call(GetInterview { interview_id }).await
}

/// The browser's queue of answer changes, applied in order, each answered on its own.
#[server(prefix = "/sfn", endpoint = "interviews/save", input = Json, client = AccountClient)]
pub async fn save_answers(
    interview_id: InterviewId,
    ops: Vec<BatchOp>,
) -> Result<Vec<BatchResult>, AppError> {
    crate::ports::call(SaveAnswers { interview_id, ops }).await
}

/// The interview's details as one queued edit: fields left out stay as they are.
#[server(prefix = "/sfn", endpoint = "interviews/update", input = Json, client = AccountClient)]
pub async fn update_interview(
    interview_id: InterviewId,
    patch: InterviewPatch,
) -> Result<InterviewSummary, AppError> {
    crate::ports::call(UpdateInterview {
        interview_id,
        patch,
    })
    .await
}

/// The browser's queue of field changes, applied in order, each answered on its own.
#[server(prefix = "/sfn", endpoint = "interviews/save_fields", input = Json, client = AccountClient)]
pub async fn save_fields(
    interview_id: InterviewId,
    ops: Vec<FieldOp>,
) -> Result<Vec<FieldResult>, AppError> {
    crate::ports::call(SaveFields { interview_id, ops }).await
}

#[server(prefix = "/sfn", endpoint = "interviews/history")]
pub async fn answer_history(
    interview_id: InterviewId,
    item_id: NodeId,
) -> Result<Vec<HistoryEntry>, AppError> {
    crate::ports::call(AnswerHistory {
        interview_id,
        item_id,
    })
    .await
}

#[server(prefix = "/sfn", endpoint = "interviews/aspects")]
pub async fn aspect_suggestions(study_id: StudyId) -> Result<Vec<TagUse>, AppError> {
    crate::ports::call(AspectSuggestions { study_id }).await
}

/// Gives the interview to another interviewer of the study (coordinators).
#[server(prefix = "/sfn", endpoint = "interviews/assign_interviewer")]
pub async fn assign_interviewer(
    interview_id: InterviewId,
    user_id: UserId,
) -> Result<InterviewSummary, AppError> {
    crate::ports::call(AssignInterviewer {
        interview_id,
        user_id,
    })
    .await
}
