//! Interview capture: the list on the study page and the capture form.

mod access;
pub mod api;
mod capture;
mod details;
pub mod dto;
mod jump;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::components::format::short_time;
use crate::components::session::Denied;
use crate::domain::access::{Permission, StudyRole, allows};
use crate::domain::reference::SBI_SECTIONS;
use crate::error::AppError;
use crate::features::codebooks::api::get_codebook;
use crate::features::studies::api::get_study;
use crate::i18n::{Key, use_i18n};
use api::{CreateInterview, UpdateInterview, aspect_suggestions, get_interview, list_interviews};
use dto::InterviewSummary;

/// How many changes this browser still has to send, over every interview and both queues.
#[cfg(feature = "hydrate")]
pub fn waiting_on_this_device() -> usize {
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return 0;
    };
    let length = storage.length().unwrap_or(0);
    (0..length)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(capture::QUEUE_PREFIX) || k.starts_with(details::QUEUE_PREFIX))
        .filter_map(|k| storage.get_item(&k).ok().flatten())
        .filter_map(|q| serde_json::from_str::<Vec<serde_json::Value>>(&q).ok())
        .map(|ops| ops.len())
        .sum()
}

/// The interviews of a study, and a form to start one (interviewers and coordinators).
#[component]
pub fn StudyInterviews(study_id: String, my_role: StudyRole) -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateInterview>::new();
    let sid = study_id.clone();
    let list = Resource::new(
        move || create.version().get(),
        move |_| list_interviews(sid.clone()),
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
                                    <td>{iv.sbi_section.clone()}</td>
                                    <td>{iv.held_on.clone().unwrap_or_else(|| short_time(&iv.created_at))}</td>
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
                    <input type="hidden" name="study_id" value=study_id.clone()/>
                    <label for="iv-org">{move || i18n.t(Key::Organisation)}</label>
                    <input id="iv-org" name="organisation" type="text" required maxlength="300"/>
                    <label for="iv-sbi">{move || i18n.t(Key::SbiSection)}</label>
                    // No default: a section chosen by accident would count in the wrong sector.
                    <select id="iv-sbi" name="sbi_section" required>
                        <option value="" selected>{move || i18n.t(Key::ChooseOption)}</option>
                        {SBI_SECTIONS.iter().map(|s| view! { <option value=s.code.clone()>{format!("{} — {}", s.code, s.name)}</option> }).collect_view()}
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
                {move || create.value().get().and_then(|r| r.err()).map(|e| view! { <p class="notice notice--error" role="alert">{e.message}</p> })}
            })}
        </section>
    }
}

#[component]
pub fn InterviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let update = ServerAction::<UpdateInterview>::new();
    // Saving the details does not load the page again: the form keeps what was typed (also
    // when the save is refused) and the heading follows the stored details.
    let data = Resource::new(id, |id| async move {
        let interview = get_interview(id).await?;
        let study = get_study(interview.summary.study_id.clone()).await?;
        let codebook = get_codebook(study.codebook_id.clone()).await?;
        // Suggestions are a convenience: the form works without them.
        let tags = aspect_suggestions(study.id.clone())
            .await
            .unwrap_or_default();
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
                    let can_edit = interview.can_edit;
                    let coordinator = study.my_role == StudyRole::Coordinator;
                    let interviewer = interview.interviewer_name.clone();
                    view! {
                        <Title text=interview.summary.organisation.clone()/>
                        <p class="breadcrumb"><A href=format!("/studies/{}", study.id)>{study.name.clone()}</A></p>
                        <h1 data-testid="interview-title">{move || stored.with(|s| s.organisation.clone())}</h1>
                        <p class="muted" data-testid="interview-subtitle">{move || stored.with(|s| subtitle(i18n, s))}</p>
                        {(!can_edit).then(|| view! { <access::ReadOnlyNotice interviewer/> })}
                        {coordinator.then(|| view! { <access::InterviewerSelect study_id=study.id.clone() stored/> })}
                        {if can_edit {
                            view! { <MetadataForm stored update/> }.into_any()
                        } else {
                            view! { <access::DetailsFacts stored/> }.into_any()
                        }}
                        <capture::CaptureForm interview codebook aspect_suggestions=tags/>
                    }.into_any()
                }
                Err(e) => view! { <Denied error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

/// "SBI G · Teamleider · 2026-11-20 · Op locatie": the parts that are known, nothing dangling.
fn subtitle(i18n: crate::i18n::I18n, s: &InterviewSummary) -> String {
    [
        Some(format!("SBI {}", s.sbi_section)),
        s.respondent_function
            .clone()
            .filter(|f| !f.trim().is_empty()),
        s.held_on.clone(),
        s.mode.map(|m| i18n.t(access::mode_key(m)).to_string()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ")
}

/// The interview's metadata, folded away: it is filled in once and rarely changed. Each save
/// names the revision the form was filled in on, so a colleague's newer save is never
/// overwritten unseen: the refusal shows what is stored, the form keeps what was typed, and a
/// second save (now on the stored revision) is a deliberate choice.
#[component]
fn MetadataForm(
    stored: RwSignal<InterviewSummary>,
    update: ServerAction<UpdateInterview>,
) -> impl IntoView {
    let i18n = use_i18n();
    let summary = stored.get_untracked();
    let mode = summary.mode.map(|m| m.code()).unwrap_or_default();
    Effect::new(move |_| match update.value().get() {
        Some(Ok(saved)) => stored.set(saved),
        Some(Err(e)) => {
            if let Some(current) = stale_details(&e) {
                stored.set(current);
            }
        }
        None => {}
    });
    view! {
        <details class="card metadata" data-testid="metadata">
            <summary>{move || i18n.t(Key::EditDetails)}</summary>
            <ActionForm action=update attr:class="form">
                <input type="hidden" name="interview_id" value=summary.id.clone()/>
                <input type="hidden" name="base_revision" value=move || stored.with(|s| s.revision)/>
                <label for="md-org">{move || i18n.t(Key::Organisation)}</label>
                <input id="md-org" name="organisation" type="text" required maxlength="300" value=summary.organisation.clone()/>
                <label for="md-sbi">{move || i18n.t(Key::SbiSection)}</label>
                <select id="md-sbi" name="sbi_section" required>
                    {SBI_SECTIONS.iter().map(|s| view! { <option value=s.code.clone() selected=s.code == summary.sbi_section>{format!("{} — {}", s.code, s.name)}</option> }).collect_view()}
                </select>
                <label for="md-function">{move || i18n.t(Key::RespondentFunction)}</label>
                <input id="md-function" name="respondent_function" type="text" maxlength="300" value=summary.respondent_function.clone().unwrap_or_default()/>
                <label for="md-date">{move || i18n.t(Key::HeldOn)}</label>
                <input id="md-date" name="held_on" type="date" value=summary.held_on.clone().unwrap_or_default()/>
                <label for="md-mode">{move || i18n.t(Key::Mode)}</label>
                <select id="md-mode" name="mode">
                    <option value="" selected=mode.is_empty()>"—"</option>
                    <option value="on_site" selected=mode == "on_site">{move || i18n.t(Key::ModeOnSite)}</option>
                    <option value="video" selected=mode == "video">{move || i18n.t(Key::ModeVideo)}</option>
                    <option value="phone" selected=mode == "phone">{move || i18n.t(Key::ModePhone)}</option>
                </select>
                <label for="md-notes">{move || i18n.t(Key::InterviewNotes)}</label>
                <textarea id="md-notes" name="notes" rows="3" maxlength="20000">{summary.notes.clone().unwrap_or_default()}</textarea>
                <span class="checkbox">
                    <input id="md-consent" name="consent" type="checkbox" checked=summary.consent/>
                    <label for="md-consent">{move || i18n.t(Key::Consent)}</label>
                </span>
                <button type="submit" class="button">{move || i18n.t(Key::SaveDetails)}</button>
            </ActionForm>
            {move || update.value().get().map(|r| match r {
                Ok(_) => view! { <p class="notice notice--ok" role="status">{i18n.t(Key::DetailsSaved)}</p> }.into_any(),
                Err(e) => match stale_details(&e) {
                    Some(current) => view! { <StaleDetails current/> }.into_any(),
                    None => view! { <p class="notice notice--error" role="alert">{e.message}</p> }.into_any(),
                },
            })}
        </details>
    }
}

/// The stored details a `stale` refusal carries.
fn stale_details(e: &AppError) -> Option<InterviewSummary> {
    (e.code == "stale")
        .then(|| e.current.clone())
        .flatten()
        .and_then(|c| serde_json::from_value(c).ok())
}

/// What a colleague stored meanwhile, next to the form that still holds this user's version.
#[component]
fn StaleDetails(current: InterviewSummary) -> impl IntoView {
    let i18n = use_i18n();
    let here = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    let mode = current.mode.map(|m| match m {
        dto::Mode::OnSite => Key::ModeOnSite,
        dto::Mode::Video => Key::ModeVideo,
        dto::Mode::Phone => Key::ModePhone,
    });
    let rows = [
        (Key::Organisation, current.organisation),
        (Key::SbiSection, current.sbi_section),
        (
            Key::RespondentFunction,
            current.respondent_function.unwrap_or_default(),
        ),
        (Key::HeldOn, current.held_on.unwrap_or_default()),
        (
            Key::Mode,
            mode.map(|k| i18n.t(k).to_string()).unwrap_or_default(),
        ),
        (
            Key::Consent,
            if current.consent { "✓" } else { "—" }.to_string(),
        ),
        (Key::InterviewNotes, current.notes.unwrap_or_default()),
    ];
    view! {
        <div class="notice notice--error" role="alert" data-testid="details-conflict">
            <p>{i18n.t(Key::DetailsStale)}</p>
            <dl class="facts">
                {rows.into_iter().map(|(label, value)| view! { <dt>{i18n.t(label)}</dt><dd>{value}</dd> }).collect_view()}
            </dl>
            <p>{i18n.t(Key::DetailsStaleHint)}</p>
            // Loading the page again fills the form with the stored details.
            <p><a href=here rel="external">{i18n.t(Key::DetailsTakeStored)}</a></p>
        </div>
    }
}
