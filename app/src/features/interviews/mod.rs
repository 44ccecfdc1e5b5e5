//! Interview capture: the list on the study page and the capture form.

mod access;
mod answers;
pub mod api;
mod capture;
mod details;
pub mod dto;
mod jump;
mod mark;
mod metadata;
mod remote;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::components::format::maybe_date;
use crate::domain::access::{Permission, StudyRole, allows};
use crate::domain::ids::{InterviewId, StudyId};
use crate::domain::reference::{SBI_SECTIONS, sbi_section};
use crate::error::AppError;
use crate::features::codebooks::api::get_codebook;
use crate::features::errors::{Denied, parse_id};
use crate::features::studies::api::get_study;
use crate::i18n::{Key, use_i18n};
use api::{CreateInterview, aspect_suggestions, get_interview, list_interviews};

/// The interviews of a study, and a form to start one (interviewers and coordinators).
#[component]
pub fn StudyInterviews(study_id: StudyId, my_role: StudyRole) -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateInterview>::new();
    let sid = study_id.clone();
    let list = Resource::new(
        move || create.version().get(),
        move |_| list_interviews(sid),
    );
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(created)) = create.value().get() {
            navigate(&format!("/interviews/{}", created.id), Default::default());
        }
    });
    view! {
        <section class="card" aria-labelledby="interviews-title">
            <h2 id="interviews-title">{move || i18n.t(Key::InterviewsTitle)}</h2>
            <Suspense fallback=move || view! { <p aria-busy="true">{i18n.t(Key::Loading)}</p> }>
                {move || list.get().and_then(|r| r.ok()).map(|rows| view! {
                    <div class="table-wrap"><table class="table" data-testid="interviews">
                        <thead><tr>
                            <th scope="col">{i18n.t(Key::Organisation)}</th>
                            <th scope="col">"SBI"</th>
                            <th scope="col">{i18n.t(Key::HeldOn)}</th>
                            <th scope="col" class="num">{i18n.t(Key::Progress)}</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|iv| view! {
                                <tr>
                                    <td><A href=format!("/interviews/{}", iv.id)>{iv.organisation.clone()}</A></td>
                                    <td><abbr title=sbi_section(&iv.sbi_section).map(|s| s.name(i18n.locale()).to_string())>{iv.sbi_section.clone()}</abbr></td>
                                    <td>{maybe_date(i18n.locale(), iv.held_on.as_deref())}</td>
                                    <td class="num">{format!("{}/{}", iv.answered, iv.items)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                })}
            </Suspense>
            {allows(my_role, Permission::Interview).then(|| view! {
                <h3>{move || i18n.t(Key::NewInterview)}</h3>
                <ActionForm action=create attr:class="form form--stacked">
                    <input type="hidden" name="study_id" value=study_id.to_string()/>
                    <label for="iv-org">{move || i18n.t(Key::Organisation)}</label>
                    <input id="iv-org" name="organisation" type="text" required maxlength="300"/>
                    <label for="iv-sbi">{move || i18n.t(Key::SbiSection)}</label>
                    // No default: a section chosen by accident would count in the wrong sector.
                    <select id="iv-sbi" name="sbi_section" required>
                        <option value="" selected>{move || i18n.t(Key::ChooseOption)}</option>
                        {SBI_SECTIONS.iter().map(|s| view! { <option value=s.code.clone()>{s.label(i18n.locale())}</option> }).collect_view()}
                    </select>
                    <label for="iv-function">{move || i18n.t(Key::RespondentFunction)}</label>
                    <input id="iv-function" name="respondent_function" type="text" maxlength="300"/>
                    <label for="iv-date">{move || i18n.t(Key::HeldOn)}</label>
                    <input id="iv-date" name="held_on" type="date"/>
                    <label for="iv-mode">{move || i18n.t(Key::Mode)}</label>
                    <select id="iv-mode" name="mode">
                        <option value="">"—"</option>
                        <option value="on_site">{move || i18n.t(Key::ModeOnSite)}</option>
                        <option value="video">{move || i18n.t(Key::ModeVideo)}</option>
                        <option value="phone">{move || i18n.t(Key::ModePhone)}</option>
                    </select>
                    <button type="submit" class="button">{move || i18n.t(Key::Create)}</button>
                </ActionForm>
                {move || create.value().get().and_then(|r| r.err()).map(|e| view! { <p class="notice notice--error" role="alert">{i18n.error(&e)}</p> })}
            })}
        </section>
    }
}

#[component]
pub fn InterviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || parse_id::<InterviewId>(params.read().get("id"));
    // Saving the details does not load the page again: the form keeps what was typed (also
    // when the save is refused) and the heading follows the details, edits still waiting included.
    let data = Resource::new(id, |id| async move {
        let interview = get_interview(id?).await?;
        let study = get_study(interview.summary.study_id).await?;
        let codebook = get_codebook(study.codebook_id).await?;
        // Suggestions are a convenience: the form works without them.
        let tags = aspect_suggestions(study.id).await.unwrap_or_default();
        Ok::<_, AppError>((
            interview,
            study,
            codebook,
            tags.into_iter().map(|t| t.tag).collect::<Vec<_>>(),
        ))
    });
    view! {
        // The page's title before the interview has loaded; the organisation replaces it then.
        <Title text=move || i18n.t(Key::InterviewsTitle)/>
        <Suspense fallback=move || view! { <p aria-busy="true">{i18n.t(Key::Loading)}</p> }>
            {move || data.get().map(|r| match r {
                Ok((interview, study, codebook, tags)) => {
                    let stored = RwSignal::new(interview.summary.clone());
                    let stale = RwSignal::new(None);
                    let details = metadata::details_queue(interview.summary.id.clone(), stored, stale);
                    let shown = Memo::new(move |_| {
                        details.waiting();
                        stored.with(|s| metadata::shown(s, &details.pending_for(dto::DetailsOp::TARGET)))
                    });
                    // Edits an earlier visit could not send go first.
                    Effect::new(move |_| details.resume());
                    let can_edit = interview.can_edit;
                    let coordinator = study.my_role == StudyRole::Coordinator;
                    let interviewer = interview.interviewer_name.clone();
                    view! {
                        <Title text=interview.summary.organisation.clone()/>
                        <p class="breadcrumb"><A href=format!("/studies/{}", study.id)>{study.name.clone()}</A></p>
                        <h1 data-testid="interview-title">{move || shown.with(|s| s.organisation.clone())}</h1>
                        <p class="muted" data-testid="interview-subtitle">{move || shown.with(|s| subtitle(i18n, s))}</p>
                        {(!can_edit).then(|| view! { <access::ReadOnlyNotice interviewer/> })}
                        {coordinator.then(|| view! { <access::InterviewerSelect study_id=study.id.clone() stored/> })}
                        {if can_edit {
                            view! { <metadata::MetadataForm stored stale queue=details/> }.into_any()
                        } else {
                            view! { <access::DetailsFacts stored/> }.into_any()
                        }}
                        <capture::CaptureForm interview codebook aspect_suggestions=tags details/>
                    }.into_any()
                }
                Err(e) => view! { <Denied error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

/// "SBI G · Teamleider · 20 nov 2026 · Op locatie": the parts that are known, nothing dangling.
fn subtitle(i18n: crate::i18n::I18n, s: &dto::InterviewSummary) -> String {
    [
        Some(format!("SBI {}", s.sbi_section)),
        s.respondent_function
            .clone()
            .filter(|f| !f.trim().is_empty()),
        s.held_on
            .as_deref()
            .map(|d| crate::components::format::date(i18n.locale(), d)),
        s.mode.map(|m| i18n.t(access::mode_key(m)).to_string()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ")
}
