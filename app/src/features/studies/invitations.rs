//! Invitations in the page: the coordinator's list of open invitations (with withdraw) in the
//! members card, and the invitations addressed to me on the studies page (accept, decline).

use leptos::prelude::*;

use super::api::{
    AcceptInvitation, DeclineInvitation, WithdrawInvitation, my_invitations, study_invitations,
};
use super::dto::InvitationView;
use crate::components::confirm::ConfirmButton;
use crate::components::format::date;
use crate::domain::ids::StudyId;
use crate::i18n::{Key, Locale, role_key, text, use_i18n};

/// "{inviter} nodigt je uit voor „Studie” als interviewer."
fn invitation_sentence(locale: Locale, inv: &InvitationView) -> String {
    let key = match inv.invited_by {
        Some(_) => Key::InvitationFrom,
        None => Key::InvitationPlain,
    };
    text(locale, key)
        .replace("{inviter}", inv.invited_by.as_deref().unwrap_or(""))
        .replace("{study}", &inv.study_name)
        .replace("{role}", &text(locale, role_key(inv.role)).to_lowercase())
}

/// The study's open invitations, each with a way to withdraw it. `version` changes whenever
/// the members card did something, so the list follows new invitations.
#[component]
pub fn PendingInvitations(
    study_id: StudyId,
    version: Signal<(usize, usize, usize, usize)>,
    withdraw: ServerAction<WithdrawInvitation>,
) -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(move || version.get(), move |_| study_invitations(study_id));
    view! {
        <Transition fallback=|| ()>
            {move || list.get().and_then(|r| r.ok()).filter(|l| !l.is_empty()).map(|l| view! {
                <h3 id="invitations-title">{i18n.t(Key::PendingInvitations)}</h3>
                <div class="table-wrap"><table class="table members-table" data-testid="invitations" aria-labelledby="invitations-title">
                    <thead><tr>
                        <th scope="col">{i18n.t(Key::Email)}</th>
                        <th scope="col">{i18n.t(Key::Role)}</th>
                        <th scope="col">{i18n.t(Key::InvitedOn)}</th>
                        <th scope="col"><span class="visually-hidden">{i18n.t(Key::Withdraw)}</span></th>
                    </tr></thead>
                    <tbody>
                        {l.into_iter().map(|inv| {
                            let id = inv.id;
                            let on_withdraw = Callback::new(move |_| {
                                withdraw.dispatch(WithdrawInvitation { study_id, invitation_id: id });
                            });
                            view! {
                                <tr>
                                    <td>{inv.email.clone()}</td>
                                    <td>{i18n.t(role_key(inv.role))}</td>
                                    <td><time datetime=inv.invited_at.clone()>{date(i18n.locale(), &inv.invited_at)}</time></td>
                                    <td><ConfirmButton action=Key::Withdraw subject=inv.email on_confirm=on_withdraw/></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table></div>
            })}
        </Transition>
    }
}

/// The invitations addressed to me, if any, with accept and decline. `accept` is the page's,
/// so that the list of my studies follows an accepted invitation (the study appears there).
#[component]
pub fn MyInvitations(accept: ServerAction<AcceptInvitation>) -> impl IntoView {
    let i18n = use_i18n();
    let decline = ServerAction::<DeclineInvitation>::new();
    let list = Resource::new(
        move || (accept.version().get(), decline.version().get()),
        |_| my_invitations(),
    );
    // The outcome of the latest answer, in words: who was joined, or what went wrong.
    let status = RwSignal::new(None::<Result<String, String>>);
    let declined_study = RwSignal::new(String::new());
    Effect::new(move |_| {
        if accept.pending().get() || decline.pending().get() {
            status.set(None);
        }
    });
    Effect::new(move |_| match accept.value().get() {
        Some(Ok(s)) => status.set(Some(Ok(i18n
            .t(Key::InvitationAccepted)
            .replace("{study}", &s.name)))),
        Some(Err(e)) => status.set(Some(Err(i18n.error(&e)))),
        None => {}
    });
    Effect::new(move |_| match decline.value().get() {
        Some(Ok(())) => status.set(Some(Ok(i18n
            .t(Key::InvitationDeclined)
            .replace("{study}", &declined_study.get_untracked())))),
        Some(Err(e)) => status.set(Some(Err(i18n.error(&e)))),
        None => {}
    });
    view! {
        <Transition fallback=|| ()>
            {move || list.get().and_then(|r| r.ok()).filter(|l| !l.is_empty()).map(|l| view! {
                <section class="card" aria-labelledby="my-invitations-title" data-testid="my-invitations">
                    <h2 id="my-invitations-title">{i18n.t(Key::MyInvitationsTitle)}</h2>
                    <ul class="plain-list invitation-list">
                        {l.into_iter().map(|inv| {
                            let id = inv.id;
                            let study = inv.study_name.clone();
                            view! {
                                <li>
                                    <span>{invitation_sentence(i18n.locale(), &inv)}</span>
                                    <span class="actions">
                                        <button type="button" class="button"
                                            aria-label=format!("{} {}", i18n.t(Key::Accept), inv.study_name)
                                            on:click=move |_| { accept.dispatch(AcceptInvitation { invitation_id: id }); }>
                                            {i18n.t(Key::Accept)}
                                        </button>
                                        <button type="button" class="button button--secondary"
                                            aria-label=format!("{} {}", i18n.t(Key::Decline), inv.study_name)
                                            on:click=move |_| {
                                                declined_study.set(study.clone());
                                                decline.dispatch(DeclineInvitation { invitation_id: id });
                                            }>
                                            {i18n.t(Key::Decline)}
                                        </button>
                                    </span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            })}
        </Transition>
        <div role="status" aria-live="polite" data-testid="invitation-status">
            {move || status.get().map(|s| match s {
                Ok(msg) => view! { <p class="notice">{msg}</p> }.into_any(),
                Err(msg) => view! { <p class="notice notice--error">{msg}</p> }.into_any(),
            })}
        </div>
    }
}
