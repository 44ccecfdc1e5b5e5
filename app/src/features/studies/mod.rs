//! Studies: my studies with a form to start one, and one study's page with its members and
//! audit log for coordinators.

pub mod api;
mod audit_log;
pub mod dto;
mod invitations;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::components::confirm::ConfirmButton;
use crate::domain::access::{Permission, StudyRole, allows};
use crate::domain::ids::StudyId;
use crate::error::AppError;
use crate::features::codebooks::api::list_codebooks;
use crate::features::errors::{Denied, parse_id};
use crate::i18n::{Key, role_key, use_i18n};
use api::{
    AcceptInvitation, AddMember, ChangeMemberRole, CreateStudy, RemoveMember, WithdrawInvitation,
    get_study, list_members, list_studies, study_audit,
};
use audit_log::AuditEntries;
use dto::{InvitationView, StudyView};
use invitations::{MyInvitations, PendingInvitations};

#[component]
pub fn StudiesPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateStudy>::new();
    let accept = ServerAction::<AcceptInvitation>::new();
    let studies = Resource::new(
        move || (create.version().get(), accept.version().get()),
        |_| list_studies(),
    );
    view! {
        <Title text=move || i18n.t(Key::StudiesTitle)/>
        <Suspense fallback=move || view! { <p aria-busy="true">{i18n.t(Key::Loading)}</p> }>
            {move || studies.get().map(|r| match r {
                Ok(list) => view! {
                    <h1>{i18n.t(Key::StudiesTitle)}</h1>
                    <MyInvitations accept/>
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
                            <option value=c.id.to_string()>{format!("{} v{}", c.name, c.version)}</option>
                        }).collect_view())}
                    </Suspense>
                </select>
                <button type="submit" class="button">{move || i18n.t(Key::Create)}</button>
            </ActionForm>
            {move || create.value().get().and_then(|r| r.err()).map(|e| view! { <p class="notice notice--error">{i18n.error(&e)}</p> })}
        </section>
    }
}

#[component]
pub fn StudyPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || parse_id::<StudyId>(params.read().get("id"));
    let study = Resource::new(id, |id| async move { get_study(id?).await });
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
                        <p class="actions">
                            <A href=format!("/studies/{}/dashboard", s.id) attr:class="button" attr:data-testid="open-dashboard">
                                {i18n.t(Key::DashboardOpen)}
                            </A>
                            {allows(s.my_role, Permission::Facilitate).then(|| view! {
                                <A href=format!("/studies/{}/workshops", s.id) attr:class="button button--secondary" attr:data-testid="open-workshops">
                                    {i18n.t(Key::WsOpenList)}
                                </A>
                            })}
                        </p>
                        <crate::features::interviews::StudyInterviews study_id=s.id.clone() my_role=s.my_role/>
                        {coordinator.then(|| {
                            let actions = MemberActions::new();
                            view! { <Members study_id=s.id.clone() actions/> <Audit study_id=s.id.clone() actions/> }
                        })}
                    }.into_any()
                }
                Err(e) => view! { <Denied error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

/// The actions of the members card, shared with the log so that it follows every change.
#[derive(Clone, Copy)]
struct MemberActions {
    add: ServerAction<AddMember>,
    change: ServerAction<ChangeMemberRole>,
    remove: ServerAction<RemoveMember>,
    withdraw: ServerAction<WithdrawInvitation>,
}

impl MemberActions {
    fn new() -> Self {
        MemberActions {
            add: ServerAction::new(),
            change: ServerAction::new(),
            remove: ServerAction::new(),
            withdraw: ServerAction::new(),
        }
    }

    /// Changes whenever any of them has finished.
    fn version(&self) -> (usize, usize, usize, usize) {
        (
            self.add.version().get(),
            self.change.version().get(),
            self.remove.version().get(),
            self.withdraw.version().get(),
        )
    }
}

/// Keeps `error` to the outcome of the latest action: cleared when one starts, set if it fails.
fn follow_errors<T: Clone + Send + Sync + 'static>(
    pending: impl Fn() -> bool + Send + Sync + 'static,
    value: impl Fn() -> Option<Result<T, AppError>> + Send + Sync + 'static,
    error: RwSignal<Option<AppError>>,
) {
    Effect::new(move |_| {
        if pending() {
            error.set(None);
        } else if let Some(Err(e)) = value() {
            error.set(Some(e));
        }
    });
}

#[component]
fn Members(study_id: StudyId, actions: MemberActions) -> impl IntoView {
    let i18n = use_i18n();
    let MemberActions {
        add,
        change,
        remove,
        withdraw,
    } = actions;
    let sid = study_id.clone();
    let members = Resource::new(move || actions.version(), move |_| list_members(sid));
    let error = RwSignal::new(None::<AppError>);
    follow_errors(
        move || add.pending().get(),
        move || add.value().get(),
        error,
    );
    follow_errors(
        move || change.pending().get(),
        move || change.value().get(),
        error,
    );
    follow_errors(
        move || remove.pending().get(),
        move || remove.value().get(),
        error,
    );
    follow_errors(
        move || withdraw.pending().get(),
        move || withdraw.value().get(),
        error,
    );
    let form = NodeRef::<leptos::html::Form>::new();
    // The latest invitation, told until the next action starts.
    let invited = RwSignal::new(None::<InvitationView>);
    Effect::new(move |_| {
        let busy = add.pending().get()
            || change.pending().get()
            || remove.pending().get()
            || withdraw.pending().get();
        if busy {
            invited.set(None);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(inv)) = add.value().get() {
            clear_form(form);
            invited.set(Some(inv));
        }
    });
    let version = Signal::derive(move || actions.version());
    let study_for_rows = StoredValue::new(study_id.clone());
    view! {
        <section class="card" aria-labelledby="members-title">
            <h2 id="members-title">{move || i18n.t(Key::MembersTitle)}</h2>
            <Suspense fallback=move || view! { <p aria-busy="true">{i18n.t(Key::Loading)}</p> }>
                {move || members.get().and_then(|r| r.ok()).map(|list| view! {
                    <div class="table-wrap"><table class="table members-table" data-testid="members">
                        <thead><tr>
                            <th scope="col">{i18n.t(Key::ColName)}</th>
                            <th scope="col">{i18n.t(Key::Role)}</th>
                            <th scope="col"><span class="visually-hidden">{i18n.t(Key::Remove)}</span></th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|m| {
                                let (uid, uid2) = (m.user_id.clone(), m.user_id.clone());
                                let current = m.role;
                                let name = if m.name.trim().is_empty() { m.email.clone() } else { m.name.clone() };
                                let on_remove = Callback::new(move |_| {
                                    remove.dispatch(RemoveMember { study_id: study_for_rows.get_value(), user_id: uid2.clone() });
                                });
                                view! {
                                    <tr>
                                        <td>{name.clone()}</td>
                                        <td>
                                            <select aria-label=format!("{} {}", i18n.t(Key::Role), name) on:change=move |ev| {
                                                change.dispatch(ChangeMemberRole { study_id: study_for_rows.get_value(), user_id: uid.clone(), role: event_target_value(&ev) });
                                            }>
                                                {StudyRole::ALL.into_iter().map(|r| view! {
                                                    <option value=r.code() selected=r == current>{i18n.t(role_key(r))}</option>
                                                }).collect_view()}
                                            </select>
                                        </td>
                                        <td>
                                            <ConfirmButton action=Key::Remove subject=name on_confirm=on_remove/>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table></div>
                })}
            </Suspense>
            <PendingInvitations study_id version withdraw/>
            <ActionForm action=add node_ref=form attr:class="form">
                <input type="hidden" name="study_id" value=study_id.to_string()/>
                <label for="member-email">{move || i18n.t(Key::Email)}</label>
                <input id="member-email" name="email" type="email" required maxlength="320" aria-describedby="member-email-help"/>
                <p id="member-email-help" class="muted">{move || i18n.t(Key::InviteHelp)}</p>
                <label for="member-role">{move || i18n.t(Key::Role)}</label>
                <select id="member-role" name="role">
                    {StudyRole::ALL.into_iter().map(|r| view! {
                        <option value=r.code() selected=r == StudyRole::Interviewer>{move || i18n.t(role_key(r))}</option>
                    }).collect_view()}
                </select>
                <button type="submit" class="button">{move || i18n.t(Key::InviteMember)}</button>
            </ActionForm>
            <div role="status" aria-live="polite">
                {move || error.get().map(|e| view! { <p class="notice notice--error" data-testid="members-error">{i18n.error(&e)}</p> })}
                {move || invited.get().map(|inv| view! {
                    <p class="notice" data-testid="members-invited">
                        {i18n.t(Key::InvitedNotice)
                            .replace("{email}", &inv.email)
                            .replace("{role}", &i18n.t(role_key(inv.role)).to_lowercase())}
                    </p>
                })}
            </div>
        </section>
    }
}

/// Empties the invite form after an invitation was made (the role goes back to interviewer).
#[cfg(feature = "hydrate")]
fn clear_form(form: NodeRef<leptos::html::Form>) {
    if let Some(f) = form.get() {
        f.reset();
    }
}

#[cfg(not(feature = "hydrate"))]
fn clear_form(_form: NodeRef<leptos::html::Form>) {}

#[component]
fn Audit(study_id: StudyId, actions: MemberActions) -> impl IntoView {
    let i18n = use_i18n();
    let entries = Resource::new(
        move || (study_id, actions.version()),
        |(id, _)| study_audit(id),
    );
    view! {
        <section class="card" aria-labelledby="audit-title">
            <h2 id="audit-title">{move || i18n.t(Key::AuditTitle)}</h2>
            <Transition fallback=move || view! { <p aria-busy="true">{i18n.t(Key::Loading)}</p> }>
                {move || entries.get().and_then(|r| r.ok()).map(|list| view! { <AuditEntries entries=list/> })}
            </Transition>
        </section>
    }
}
