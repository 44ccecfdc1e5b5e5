//! Interviews: the list, creating one, capture (answers, fields, details), history, assignment.

use app::domain::access::Permission;
use app::features::interviews::api::*;
use app::features::interviews::dto::InterviewForm;

use super::table::Table;
use crate::auth::policy::Access;
use crate::services::{interview_assignment, interview_fields, interviews};

pub(super) fn routes(t: &mut Table) {
    t.add(
        Access::Study(Permission::Read),
        |ctx, a: ListInterviews| async move { interviews::list(&ctx, a.study_id).await },
    );
    t.add(
        Access::Study(Permission::Interview),
        |ctx, a: CreateInterview| async move {
            let form = InterviewForm {
                organisation: a.organisation,
                sbi_section: a.sbi_section,
                respondent_function: a.respondent_function,
                held_on: a.held_on,
                mode: a.mode,
            };
            interviews::create_from_form(&ctx, a.study_id, form).await
        },
    );
    let read = Access::Interview(Permission::Read);
    let write = Access::Interview(Permission::Interview);
    t.add(read, |ctx, a: GetInterview| async move {
        interviews::get(&ctx, a.interview_id).await
    });
    t.add(write, |ctx, a: SaveAnswers| async move {
        interviews::batch(&ctx, a.interview_id, a.ops).await
    });
    t.add(write, |ctx, a: UpdateInterview| async move {
        interviews::update(&ctx, a.interview_id, a.patch).await
    });
    t.add(write, |ctx, a: SaveFields| async move {
        interview_fields::save(&ctx, a.interview_id, a.ops).await
    });
    t.add(read, |ctx, a: AnswerHistory| async move {
        interviews::history(&ctx, a.interview_id, a.item_id).await
    });
    t.add(
        Access::Study(Permission::Read),
        |ctx, a: AspectSuggestions| async move {
            interview_fields::aspect_suggestions(&ctx, a.study_id).await
        },
    );
    t.add(
        Access::Interview(Permission::Coordinate),
        |ctx, a: AssignInterviewer| async move {
            interview_assignment::assign(&ctx, a.interview_id, a.user_id).await
        },
    );
}
