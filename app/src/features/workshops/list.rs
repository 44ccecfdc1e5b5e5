//! `/studies/:id/workshops`: a study's workshops, and for who may lead one (coordinators,
//! facilitators) the form that starts one on some roles of the study's codebook.

use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use serde::{Deserialize, Serialize};

use super::api::{CreateWorkshop, list_workshops};
use super::dto::{NewWorkshop, WorkshopSummary};
use crate::components::format::date;
use crate::domain::access::{Permission, allows};
use crate::domain::ids::StudyId;
use crate::domain::workshop::Mode;
use crate::error::AppError;
use crate::features::codebooks::api::get_codebook;
use crate::features::dashboard::model::{Outline, Qualification};
use crate::features::errors::{Denied, parse_id};
use crate::features::studies::api::get_study;
use crate::features::studies::dto::StudyView;
use crate::i18n::{Key, use_i18n};

pub fn mode_key(mode: Mode) -> Key {
    match mode {
        Mode::Paced => Key::WsModePaced,
        Mode::SelfPaced => Key::WsModeSelfPaced,
    }
}

fn mode_help_key(mode: Mode) -> Key {
    match mode {
        Mode::Paced => Key::WsModePacedHelp,
        Mode::SelfPaced => Key::WsModeSelfPacedHelp,
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Loaded {
    study: StudyView,
    workshops: Vec<WorkshopSummary>,
    /// The codebook's roles, for who may start a workshop (nobody else needs the tree).
    roles: Option<Outline>,
}

async fn load(id: StudyId) -> Result<Loaded, AppError> {
    let study = get_study(id).await?;
    let workshops = list_workshops(id).await?;
    let roles = if allows(study.my_role, Permission::Facilitate) {
        Some(Outline::of(&get_codebook(study.codebook_id).await?.nodes))
    } else {
        None
    };
    Ok(Loaded {
        study,
        workshops,
        roles,
    })
}

#[component]
pub fn WorkshopsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || parse_id::<StudyId>(params.read().get("id"));
    let data = Resource::new(id, |id| async move { load(id?).await });
    view! {
        <Title text=move || i18n.t(Key::WsTitle)/>
        <Suspense fallback=move || view! { <p aria-busy="true">{i18n.t(Key::Loading)}</p> }>
            {move || data.get().map(|r| match r {
                Ok(loaded) => view! { <Workshops loaded/> }.into_any(),
                Err(e) => view! { <Denied error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Workshops(loaded: Loaded) -> impl IntoView {
    let i18n = use_i18n();
    let Loaded {
        study,
        workshops,
        roles,
    } = loaded;
    view! {
        <Title text=format!("{} · {}", i18n.t(Key::WsTitle), study.name)/>
        <p class="breadcrumb">
            <A href="/studies">{move || i18n.t(Key::StudiesTitle)}</A>
            " › "
            <A href=format!("/studies/{}", study.id)>{study.name.clone()}</A>
        </p>
        <h1 data-testid="workshops-title">{move || i18n.t(Key::WsTitle)}</h1>
        <p class="lead">{move || i18n.t(Key::WsIntro)}</p>
        <section class="card" aria-labelledby="ws-list-title">
            <h2 id="ws-list-title" class="visually-hidden">{move || i18n.t(Key::WsTitle)}</h2>
            <WorkshopTable workshops/>
        </section>
        {match roles {
            Some(outline) => view! { <NewWorkshopForm study_id=study.id outline/> }.into_any(),
            None => view! { <p class="notice notice--info">{move || i18n.t(Key::WsOnlyFacilitators)}</p> }.into_any(),
        }}
    }
}

#[component]
fn WorkshopTable(workshops: Vec<WorkshopSummary>) -> impl IntoView {
    let i18n = use_i18n();
    if workshops.is_empty() {
        return view! { <p data-testid="workshops-none">{move || i18n.t(Key::WsNone)}</p> }
            .into_any();
    }
    view! {
        <div class="table-wrap"><table class="table" data-testid="workshops">
            <thead><tr>
                <th scope="col">{move || i18n.t(Key::WsColTitle)}</th>
                <th scope="col">{move || i18n.t(Key::WsColMode)}</th>
                <th scope="col">{move || i18n.t(Key::WsColCode)}</th>
                <th scope="col">{move || i18n.t(Key::WsColStatus)}</th>
                <th scope="col" class="num">{move || i18n.t(Key::WsColParticipants)}</th>
                <th scope="col">{move || i18n.t(Key::WsColCreated)}</th>
            </tr></thead>
            <tbody>
                {workshops.into_iter().map(|w| {
                    let status = if w.closed { Key::WsStatusClosed } else { Key::WsStatusOpen };
                    let created = w.created_at.clone();
                    view! {
                        <tr class="ws-row" data-testid="workshop-row">
                            <td><A href=format!("/workshops/{}", w.id)>{w.title.clone()}</A></td>
                            <td>{move || i18n.t(mode_key(w.mode))}</td>
                            <td><code class="ws-code-small">{w.code.clone()}</code></td>
                            <td><span class=if w.closed { "ws-status ws-status--closed" } else { "ws-status ws-status--open" }>
                                {move || i18n.t(status)}
                            </span></td>
                            <td class="num">{w.participants}</td>
                            <td class="nowrap">{move || date(i18n.locale(), &created)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
    }
    .into_any()
}

#[component]
fn NewWorkshopForm(study_id: StudyId, outline: Outline) -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateWorkshop>::new();
    let title = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<String>::new());
    let mode = RwSignal::new(Mode::Paced);
    let missing_role = RwSignal::new(false);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(created)) = create.value().get() {
            navigate(&format!("/workshops/{}", created.id), Default::default());
        }
    });
    // The roles go in the codebook's order, whatever order they were ticked in: the items are
    // rated in the order of their roles.
    let order = StoredValue::new(
        outline
            .qualifications
            .iter()
            .flat_map(|q| q.roles.iter().map(|r| r.id.clone()))
            .collect::<Vec<_>>(),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let picked = chosen.get_untracked();
        let role_ids: Vec<String> = order
            .get_value()
            .into_iter()
            .filter(|r| picked.contains(r))
            .collect();
        if role_ids.is_empty() {
            missing_role.set(true);
            return;
        }
        missing_role.set(false);
        create.dispatch(CreateWorkshop {
            study_id,
            workshop: NewWorkshop {
                title: title.get_untracked().trim().to_string(),
                role_ids,
                mode: mode.get_untracked(),
                participant_cap: None,
            },
        });
    };
    let several = outline.qualifications.len() > 1;
    view! {
        <section class="card" aria-labelledby="ws-new-title">
            <h2 id="ws-new-title">{move || i18n.t(Key::WsNew)}</h2>
            <form class="form form--stacked ws-form" on:submit=submit data-testid="new-workshop">
                <label for="ws-title">{move || i18n.t(Key::WsColTitle)}</label>
                <input id="ws-title" name="title" type="text" required maxlength="200"
                    prop:value=move || title.get()
                    on:input=move |ev| title.set(event_target_value(&ev))/>
                <fieldset class="ws-fieldset" aria-describedby="ws-roles-help">
                    <legend>{move || i18n.t(Key::WsRoles)}</legend>
                    <p id="ws-roles-help" class="muted">{move || i18n.t(Key::WsRolesHelp)}</p>
                    {outline.qualifications.into_iter().map(|q| view! {
                        <RoleChoices q several chosen/>
                    }).collect_view()}
                </fieldset>
                <fieldset class="ws-fieldset">
                    <legend>{move || i18n.t(Key::WsColMode)}</legend>
                    {[Mode::Paced, Mode::SelfPaced].into_iter().map(|m| {
                        let id = format!("ws-mode-{}", m.code());
                        let help = format!("{id}-help");
                        view! {
                            <div class="ws-choice">
                                <input type="radio" name="mode" id=id.clone() value=m.code()
                                    aria-describedby=help.clone()
                                    prop:checked=move || mode.get() == m
                                    on:change=move |_| mode.set(m)/>
                                <label for=id>{move || i18n.t(mode_key(m))}</label>
                                <span id=help class="ws-choice__help muted">{move || i18n.t(mode_help_key(m))}</span>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="button" data-testid="create-workshop"
                    disabled=move || create.pending().get()>
                    {move || if create.pending().get() { i18n.t(Key::WsCreating) } else { i18n.t(Key::WsCreate) }}
                </button>
            </form>
            {move || missing_role.get().then(|| view! {
                <p class="notice notice--error" role="alert">{i18n.t(Key::WsNoRoleChosen)}</p>
            })}
            {move || create.value().get().and_then(|r| r.err()).map(|e| view! {
                <p class="notice notice--error" role="alert">{i18n.error(&e)}</p>
            })}
        </section>
    }
}

/// One qualification's roles as checkboxes, each with how many items it has.
#[component]
fn RoleChoices(q: Qualification, several: bool, chosen: RwSignal<Vec<String>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {several.then(|| view! { <p class="ws-qualification">{q.label.clone()}</p> })}
        {q.roles.into_iter().map(|role| {
            let id = format!("ws-role-{}", role.id);
            let count = role.items().count();
            let rid = role.id.clone();
            let toggle = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                chosen.update(|c| {
                    c.retain(|r| *r != rid);
                    if on {
                        c.push(rid.clone());
                    }
                });
            };
            view! {
                <div class="ws-choice">
                    <input type="checkbox" id=id.clone() name="role_ids" value=role.id.clone()
                        data-testid="ws-role" on:change=toggle/>
                    <label for=id>{role.title()}</label>
                    <span class="ws-choice__help muted">
                        {move || i18n.t(Key::WsRoleItems).replace("{n}", &count.to_string())}
                    </span>
                </div>
            }
        }).collect_view()}
    }
}
