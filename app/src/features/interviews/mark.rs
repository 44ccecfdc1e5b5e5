//! The badge a row or field gets when the live stream brought someone else's change of it.

use leptos::prelude::*;

use crate::i18n::{Key, use_i18n};

/// A row's or field's mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Shown in place: someone else's change.
    Changed,
    /// Someone else changed it too, while this browser has a change of it waiting or typed.
    AlsoElsewhere,
}

impl Mark {
    pub(super) fn key(self) -> Key {
        match self {
            Mark::Changed => Key::RemoteChanged,
            Mark::AlsoElsewhere => Key::RemoteAlsoElsewhere,
        }
    }

    fn code(self) -> &'static str {
        match self {
            Mark::Changed => "changed",
            Mark::AlsoElsewhere => "elsewhere",
        }
    }
}

/// The small badge on a row or field; the form's one live region says it aloud.
#[component]
pub fn RemoteMark(mark: Signal<Option<Mark>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        mark.get().map(|m| {
            view! {
                <span class=format!("remote-mark remote-mark--{}", m.code()) data-testid="remote-mark" data-mark=m.code()>
                    {i18n.t(m.key())}
                </span>
            }
        })
    }
}
