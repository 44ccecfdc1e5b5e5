//! Studies: my studies with a form to start one, and one study's page with its members and
//! audit log for coordinators.

pub mod api;
pub mod dto;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::components::format::short_time;
use crate::components::session::Denied;
use crate::domain::access::{Permission, StudyRole, allows};
use crate::features::codebooks::api::list_codebooks;
use crate::i18n::{Key, use_i18n};
use api::{
    AddMember, ChangeMemberRole, CreateStudy, RemoveMember, get_study, list_members, list_studies,
    study_audit,
};
use dto::StudyView;

pub fn role_key(role: StudyRole) -> Key {
    match role {
        StudyRole::Coordinator => Key::RoleCoordinator,
        StudyRole::Interviewer => Key::RoleInterviewer,
        StudyRole::Facilitator => Key::RoleFacilitator,
        StudyRole::Viewer => Key::RoleViewer,
    }
}

#[component]
pub fn StudiesPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateStudy>::new();
    let studies = Resource::new(move || create.version().get(), |_| list_studies());
    view! {
        <Title text=move || i18n.t(Key::StudiesTitle)/>
        <Suspense fallback=move || view! { <p aria-busy="true">{i18n.t(Key::Loading)}</p> }>
            {move || studies.get().map(|r| match r {
                Ok(list) => view! {
                    <h1>{i18n.t(Key::StudiesTitle)}</h1>
                    <section class="card">
                        {if list.is_empty() {
                            view! { <p>{i18n.t(Key::NoStudies)}</p> }.into_any()
                        } else {
                            view! { <ul class="study-list" data-testid="study-list">{list.into_iter().map(|s| view! { <StudyCard study=s/> }).collect_view()}</ul> }.into_any()
                        }}
                    </section>
                    <NewStudyForm create/>
                }.into_any(),
                Err(e) => view! { <Denied error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn StudyCard(study: StudyView) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <li>
            <A href=format!("/studies/{}", study.id)>{study.name.clone()}</A>
            <span class="muted">{format!(" · {} v{} · ", study.codebook_name, study.codebook_version)}</span>
            <span class="muted">{move || i18n.t(role_key(study.my_role))}</span>
        </li>
    }
}

#[component]
fn NewStudyForm(create: ServerAction<CreateStudy>) -> impl IntoView {
    let i18n = use_i18n();
    let codebooks = Resource::new(|| (), |_| list_codebooks());
    view! {
        <section class="card" aria-labelledby="new-study-title">
            <h2 id="new-study-title">{move || i18n.t(Key::NewStudy)}</h2>
            <ActionForm action=create attr:class="form">
                <label for="study-name">{move || i18n.t(Key::ColName)}</label>
                <input id="study-name" name="name" type="text" required maxlength="300"/>
                <label for="study-codebook">{move || i18n.t(Key::NavCodebooks)}</label>
                <select id="study-codebook" name="codebook_id" required>
                    <Suspense fallback=|| ()>
                        {move || codebooks.get().and_then(|r| r.ok()).map(|list| list.into_iter().map(|c| view! {
                            <option value=c.id.clone()>{format!("{} v{}", c.name, c.version)}</option>
                        }).collect_view())}
                    </Suspense>
                </select>
                <button type="submit" class="button">{move || i18n.t(Key::Create)}</button>
            </ActionForm>
            {move || create.value().get().and_then(|r| r.err()).map(|e| view! { <p class="notice notice--error">{e.message}</p> })}
        </section>
    }
}

#[component]
pub fn StudyPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let study = Resource::new(id, get_study);
    view! {
        // The page's title before the study has loaded; its name replaces it then.
        <Title text=move || i18n.t(Key::StudiesTitle)/>
        <Suspense fallback=move || view! { <p aria-busy="true">{i18n.t(Key::Loading)}</p> }>
            {move || study.get().map(|r| match r {
                Ok(s) => {
                    let coordinator = allows(s.my_role, Permission::Coordinate);
                    view! {
                        <Title text=s.name.clone()/>
                        <p class="breadcrumb"><A href="/studies">{i18n.t(Key::StudiesTitle)}</A></p>
                        <h1 data-testid="study-name">{s.name.clone()}</h1>
                        <dl class="facts">
                            <dt>{i18n.t(Key::NavCodebooks)}</dt>
                            <dd><A href=format!("/codebooks/{}", s.codebook_id)>{format!("{} v{}", s.codebook_name, s.codebook_version)}</A></dd>
                            <dt>{i18n.t(Key::MyRole)}</dt>
                            <dd>{i18n.t(role_key(s.my_role))}</dd>
                        </dl>
                        <crate::features::interviews::StudyInterviews study_id=s.id.clone() my_role=s.my_role/>
                        {coordinator.then(|| view! { <Members study_id=s.id.clone()/> <Audit study_id=s.id.clone()/> })}
                    }.into_any()
                }
                Err(e) => view! { <Denied error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Members(study_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddMember>::new();
    let change = ServerAction::<ChangeMemberRole>::new();
    let remove = ServerAction::<RemoveMember>::new();
    let sid = study_id.clone();
    let members = Resource::new(
        move || {
            (
                add.version().get(),
                change.version().get(),
                remove.version().get(),
            )
        },
        move |_| list_members(sid.clone()),
    );
    let error = move || {
        [
            add.value().get().and_then(|r| r.err()),
            change.value().get().and_then(|r| r.err()),
            remove.value().get().and_then(|r| r.err()),
        ]
        .into_iter()
        .flatten()
        .next()
    };
    let study_for_rows = StoredValue::new(study_id.clone());
    view! {
        <section class="card" aria-labelledby="members-title">
            <h2 id="members-title">{move || i18n.t(Key::MembersTitle)}</h2>
            <Suspense fallback=move || view! { <p aria-busy="true">{i18n.t(Key::Loading)}</p> }>
                {move || members.get().and_then(|r| r.ok()).map(|list| view! {
                    <div class="table-wrap"><table class="table" data-testid="members">
                        <thead><tr>
                            <th scope="col">{i18n.t(Key::ColName)}</th>
                            <th scope="col">{i18n.t(Key::Email)}</th>
                            <th scope="col">{i18n.t(Key::Role)}</th>
                            <th scope="col"><span class="visually-hidden">{i18n.t(Key::Remove)}</span></th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|m| {
                                let (uid, uid2) = (m.user_id.clone(), m.user_id.clone());
                                let current = m.role;
                                view! {
                                    <tr>
                                        <td>{m.name.clone()}</td>
                                        <td>{m.email.clone()}</td>
                                        <td>
                                            <select aria-label=format!("{} {}", i18n.t(Key::Role), m.email) on:change=move |ev| {
                                                change.dispatch(ChangeMemberRole { study_id: study_for_rows.get_value(), user_id: uid.clone(), role: event_target_value(&ev) });
                                            }>
                                                {StudyRole::ALL.into_iter().map(|r| view! {
                                                    <option value=r.code() selected=r == current>{i18n.t(role_key(r))}</option>
                                                }).collect_view()}
                                            </select>
                                        </td>
                                        <td>
                                            <button type="button" class="link-button" on:click=move |_| {
                                                remove.dispatch(RemoveMember { study_id: study_for_rows.get_value(), user_id: uid2.clone() });
                                            }>{i18n.t(Key::Remove)}</button>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table></div>
                })}
            </Suspense>
            <ActionForm action=add attr:class="form">
                <input type="hidden" name="study_id" value=study_id.clone()/>
                <label for="member-email">{move || i18n.t(Key::Email)}</label>
                <input id="member-email" name="email" type="email" required/>
                <label for="member-role">{move || i18n.t(Key::Role)}</label>
                <select id="member-role" name="role">
                    {StudyRole::ALL.into_iter().map(|r| view! { <option value=r.code()>{move || i18n.t(role_key(r))}</option> }).collect_view()}
                </select>
                <button type="submit" class="button">{move || i18n.t(Key::AddMember)}</button>
            </ActionForm>
            {move || error().map(|e| view! { <p class="notice notice--error" role="alert">{e.message}</p> })}
        </section>
    }
}

#[component]
fn Audit(study_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let entries = Resource::new(move || study_id.clone(), study_audit);
    view! {
        <section class="card" aria-labelledby="audit-title">
            <h2 id="audit-title">{move || i18n.t(Key::AuditTitle)}</h2>
            <Suspense fallback=move || view! { <p aria-busy="true">{i18n.t(Key::Loading)}</p> }>
                {move || entries.get().and_then(|r| r.ok()).map(|list| view! {
                    <ul class="plain-list" data-testid="audit">
                        {list.into_iter().map(|e| view! {
                            <li><code>{e.action}</code> " " <span class="muted">{format!("{} · {}", e.actor.unwrap_or_default(), short_time(&e.at))}</span> " " {e.details.to_string()}</li>
                        }).collect_view()}
                    </ul>
                })}
            </Suspense>
        </section>
    }
}
