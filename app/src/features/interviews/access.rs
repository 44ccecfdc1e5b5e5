//! Who may change an interview, as the page shows it: a notice and read-only details for
//! everyone but its interviewer and the coordinators (the server refuses their changes anyway),
//! and for coordinators a choice of interviewer.

use leptos::prelude::*;

use super::api::assign_interviewer;
use super::dto::{InterviewSummary, Mode};
use crate::domain::access::{Permission, allows};
use crate::domain::ids::{StudyId, UserId};
use crate::features::studies::api::list_members;
use crate::i18n::{I18n, Key, use_i18n};

/// Says why the form cannot be changed and whom to ask.
#[component]
pub fn ReadOnlyNotice(interviewer: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="notice notice--info" role="note" data-testid="read-only">
            {move || i18n.t(Key::ReadOnlyNotice).replace("{name}", &interviewer)}
        </p>
    }
}

pub fn mode_key(mode: Mode) -> Key {
    match mode {
        Mode::OnSite => Key::ModeOnSite,
        Mode::Video => Key::ModeVideo,
        Mode::Phone => Key::ModePhone,
    }
}

/// The interview's details as label and value, for reading.
pub fn detail_facts(i18n: I18n, s: &InterviewSummary) -> Vec<(Key, String)> {
    vec![
        (Key::Organisation, s.organisation.clone()),
        (Key::SbiSection, s.sbi_section.clone()),
        (
            Key::RespondentFunction,
            s.respondent_function.clone().unwrap_or_default(),
        ),
        (Key::HeldOn, s.held_on.clone().unwrap_or_default()),
        (
            Key::Mode,
            s.mode
                .map(|m| i18n.t(mode_key(m)).to_string())
                .unwrap_or_default(),
        ),
        (Key::Consent, if s.consent { "✓" } else { "—" }.to_string()),
        (Key::InterviewNotes, s.notes.clone().unwrap_or_default()),
    ]
}

/// The details folded away like the editable form, but as a list of facts.
#[component]
pub fn DetailsFacts(stored: RwSignal<InterviewSummary>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class="card metadata" data-testid="metadata-facts">
            <summary>{move || i18n.t(Key::InterviewDetailsTitle)}</summary>
            <dl class="facts">
                {move || stored.with(|s| detail_facts(i18n, s)).into_iter().map(|(label, value)| view! {
                    <dt>{i18n.t(label)}</dt><dd>{value}</dd>
                }).collect_view()}
            </dl>
        </details>
    }
}

/// For coordinators: the interview's interviewer, chosen among the members who may interview.
#[component]
pub fn InterviewerSelect(study_id: StudyId, stored: RwSignal<InterviewSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let members = Resource::new(move || (), move |_| list_members(study_id));
    let assign = Action::new(move |user_id: &UserId| {
        let interview_id = stored.with_untracked(|s| s.id);
        let user_id = *user_id;
        async move { assign_interviewer(interview_id, user_id).await }
    });
    Effect::new(move |_| {
        match assign.value().get() {
            Some(Ok(saved)) => stored.update(|s| s.interviewer_id = saved.interviewer_id),
            // The select shows the stored interviewer again.
            Some(Err(_)) => stored.update(|_| ()),
            None => {}
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || members.get().and_then(Result::ok).map(|list| {
                let choices: Vec<_> = list.into_iter().filter(|m| allows(m.role, Permission::Interview)).collect();
                view! {
                    <div class="interviewer-choice">
                        <label for="iv-interviewer">{move || i18n.t(Key::InterviewerLabel)}</label>
                        <select
                            id="iv-interviewer"
                            prop:value=move || stored.with(|s| s.interviewer_id.to_string())
                            on:change=move |ev| {
                                // The options carry the members' ids, so this always parses.
                                if let Ok(id) = event_target_value(&ev).parse() {
                                    assign.dispatch(id);
                                }
                            }
                        >
                            {choices.into_iter().map(|m| view! {
                                <option value=m.user_id.to_string() selected=stored.with_untracked(|s| s.interviewer_id == m.user_id)>{m.name.clone()}</option>
                            }).collect_view()}
                        </select>
                        <span role="status" class="muted">
                            {move || match assign.value().get() {
                                Some(Ok(_)) => i18n.t(Key::InterviewerChanged).to_string(),
                                Some(Err(e)) => i18n.error(&e),
                                None => String::new(),
                            }}
                        </span>
                    </div>
                }
            })}
        </Suspense>
    }
}
