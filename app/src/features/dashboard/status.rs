//! The line under the heading: the live connection (text and colour, announced politely), the
//! threshold version every figure uses, and how many respondents count.

use leptos::prelude::*;

use super::board::Board;
use super::refresh::Refresh;
use crate::i18n::{Key, use_i18n};
use crate::sync::live::{Live, LiveState};

fn state_key(s: LiveState) -> Key {
    match s {
        LiveState::Connecting => Key::LiveConnecting,
        LiveState::Live => Key::LiveLive,
        LiveState::Reconnecting => Key::LiveReconnecting,
    }
}

fn state_code(s: LiveState) -> &'static str {
    match s {
        LiveState::Connecting => "connecting",
        LiveState::Live => "live",
        LiveState::Reconnecting => "reconnecting",
    }
}

#[component]
pub fn StatusBar(live: Live, board: Board, refresh: Refresh) -> impl IntoView {
    let i18n = use_i18n();
    let state = live.state;
    view! {
        <div class="dash-status">
            <p class=move || format!("live live--{}", state_code(state.get()))
                role="status" aria-live="polite" data-testid="live-state" data-state=move || state_code(state.get())
                data-leading=move || live.leading.get().to_string()>
                <span class="live__dot" aria-hidden="true"></span>
                <span class="visually-hidden">{move || i18n.t(Key::LiveLabel)}" "</span>
                {move || i18n.t(state_key(state.get()))}
            </p>
            <p data-testid="threshold-version">
                {move || i18n.t(Key::ThresholdVersionN).replace("{v}", &board.thresholds.with(|t| t.version).to_string())}
            </p>
            <p data-testid="respondents">
                {move || i18n.t(Key::RespondentsN).replace("{n}", &board.respondents.get().to_string())}
            </p>
            <p class="dash-status__busy" aria-live="polite">
                {move || refresh.busy.get().then(|| i18n.t(Key::Updating))}
            </p>
        </div>
        {move || refresh.error.get().map(|e| view! {
            <p class="notice notice--error" role="alert">{i18n.error(&e)}</p>
        })}
    }
}
