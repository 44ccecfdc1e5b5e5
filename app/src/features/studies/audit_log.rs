//! The study log as sentences: "Anna de Vries heeft Jan Jansen toegevoegd als interviewer."
//! Each recorded action has its sentence in the catalogue; the names come from the server.

use leptos::prelude::*;

use super::dto::AuditEntryView;
use crate::components::format::date_time;
use crate::domain::access::StudyRole;
use crate::i18n::{Key, Locale, role_key, text};

/// The sentence for one entry, in `locale`.
pub fn sentence(locale: Locale, e: &AuditEntryView) -> String {
    let detail = |name: &str| e.details.get(name).and_then(|v| v.as_str()).unwrap_or("");
    let role = |name: &str| match StudyRole::from_code(detail(name)) {
        Some(r) => text(locale, role_key(r)).to_lowercase(),
        None => detail(name).to_string(),
    };
    let actor = match (&e.actor_name, e.actor.as_deref()) {
        (Some(name), _) => name.clone(),
        (None, Some("system")) => text(locale, Key::AuditAdministrator).to_string(),
        (None, _) => text(locale, Key::AuditSomeone).to_string(),
    };
    let subject = e
        .subject_name
        .clone()
        .unwrap_or_else(|| text(locale, Key::AuditSomeone).to_lowercase());
    let (key, fills): (Key, Vec<(&str, String)>) = match e.action.as_str() {
        "study.created" => (
            Key::AuditStudyCreated,
            vec![("name", detail("name").into())],
        ),
        "member.added" => (
            Key::AuditMemberAdded,
            vec![("subject", subject), ("role", role("role"))],
        ),
        "member.role_changed" => (
            Key::AuditRoleChanged,
            vec![
                ("subject", subject),
                ("from", role("from")),
                ("to", role("to")),
            ],
        ),
        "member.removed" => (
            Key::AuditMemberRemoved,
            vec![("subject", subject), ("role", role("role"))],
        ),
        // The invitee is shown as the address that was typed, never resolved to an account's
        // name: that would tell the coordinator whether the address has an account.
        "member.invited" => (
            Key::AuditMemberInvited,
            vec![
                ("invitee", detail("invitee").into()),
                ("role", role("role")),
            ],
        ),
        "invitation.withdrawn" => (
            Key::AuditInvitationWithdrawn,
            vec![("invitee", detail("invitee").into())],
        ),
        "invitation.accepted" => (Key::AuditInvitationAccepted, vec![("role", role("role"))]),
        "invitation.declined" => (Key::AuditInvitationDeclined, vec![]),
        "interview.created" => (
            Key::AuditInterviewCreated,
            vec![("organisation", detail("organisation").into())],
        ),
        other => (Key::AuditOther, vec![("action", other.to_string())]),
    };
    fills
        .into_iter()
        .fold(text(locale, key).replace("{actor}", &actor), |s, (k, v)| {
            s.replace(&format!("{{{k}}}"), &v)
        })
}

#[component]
pub fn AuditEntries(entries: Vec<AuditEntryView>) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    if entries.is_empty() {
        return view! { <p class="muted" data-testid="audit">{i18n.t(Key::AuditEmpty)}</p> }
            .into_any();
    }
    view! {
        <ul class="plain-list" data-testid="audit">
            {entries.into_iter().map(|e| {
                let locale = i18n.locale();
                view! {
                    <li>
                        {sentence(locale, &e)}
                        <span class="muted audit-entry__meta"><time datetime=e.at.clone()>{date_time(locale, &e.at)}</time></span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(action: &str, details: serde_json::Value) -> AuditEntryView {
        AuditEntryView {
            id: 1,
            at: "2026-12-03T10:00:00+00:00".into(),
            actor: Some("anna@example.org".into()),
            actor_name: Some("Anna de Vries".into()),
            action: action.into(),
            details,
            subject_name: Some("Jan Jansen".into()),
        }
    }

    #[test]
    fn role_changes_read_as_a_sentence_with_names() {
        let e = entry(
            "member.role_changed",
            json!({"email": "jan@example.org", "from": "coordinator", "to": "viewer"}),
        );
        assert_eq!(
            sentence(Locale::Nl, &e),
            "Anna de Vries heeft de rol van Jan Jansen gewijzigd van coördinator in meelezer."
        );
        assert_eq!(
            sentence(Locale::En, &e),
            "Anna de Vries changed the role of Jan Jansen from coordinator to viewer."
        );
    }

    #[test]
    fn an_invitation_names_the_address_as_typed() {
        let mut e = entry(
            "member.invited",
            json!({"invitee": "jan@example.org", "role": "interviewer"}),
        );
        e.subject_name = None;
        assert_eq!(
            sentence(Locale::Nl, &e),
            "Anna de Vries heeft jan@example.org uitgenodigd als interviewer."
        );
        assert_eq!(
            sentence(Locale::En, &e),
            "Anna de Vries invited jan@example.org as interviewer."
        );
    }

    #[test]
    fn every_recorded_action_has_its_own_sentence() {
        for (action, details) in [
            ("study.created", json!({"name": "S"})),
            ("member.added", json!({"email": "j", "role": "interviewer"})),
            ("member.removed", json!({"email": "j", "role": "viewer"})),
            ("interview.created", json!({"organisation": "Bakkerij Bol"})),
            (
                "member.invited",
                json!({"invitee": "j@x", "role": "viewer"}),
            ),
            (
                "invitation.withdrawn",
                json!({"invitee": "j@x", "role": "viewer"}),
            ),
            (
                "invitation.accepted",
                json!({"email": "j@x", "role": "viewer"}),
            ),
            (
                "invitation.declined",
                json!({"email": "j@x", "role": "viewer"}),
            ),
        ] {
            let s = sentence(Locale::Nl, &entry(action, details));
            assert!(!s.contains('{') && !s.contains(action), "{s}");
            assert!(s.starts_with("Anna de Vries "), "{s}");
        }
        let mut by_cli = entry("member.added", json!({"role": "coordinator"}));
        by_cli.actor = Some("system".into());
        by_cli.actor_name = None;
        assert_eq!(
            sentence(Locale::Nl, &by_cli),
            "De beheerder heeft Jan Jansen toegevoegd als coördinator."
        );
    }
}
