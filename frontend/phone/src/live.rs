//! The workshop's live stream for a participant: a `snapshot` first (and again after every
//! reconnect), then a `state` whenever the facilitator opens an item, reveals, starts a round or
//! closes. The browser's EventSource reconnects by itself; when the server refused the stream
//! (an error status closes it for good) it is opened again after a pause.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use app::domain::ids::WorkshopId;
use app::features::workshops::dto::{ParticipantView, WorkshopEvent, WorkshopSnapshot};

const REOPEN_AFTER: Duration = Duration::from_secs(5);

/// Whether the stream is open now (for the connection line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Connecting,
    Open,
    Lost,
}

/// Applies one event to the participant's view.
pub fn apply(view: &mut Option<ParticipantView>, event: WorkshopEvent) {
    match event {
        WorkshopEvent::Snapshot { view: snapshot } => {
            if let WorkshopSnapshot::Participant(v) = *snapshot {
                *view = Some(v);
            }
        }
        WorkshopEvent::State { state, results, .. } => {
            if let Some(v) = view {
                v.state = state;
                for r in results {
                    v.results
                        .retain(|x| !(x.item_id == r.item_id && x.round == r.round));
                    v.results.push(r);
                }
            }
        }
        // Facilitators' events; a participant's stream never carries them.
        WorkshopEvent::Joined { .. } | WorkshopEvent::Tally { .. } => {}
    }
}

/// Opens the stream for `workshop`, feeding `view`, for the page's lifetime.
pub fn follow(workshop: WorkshopId, view: RwSignal<Option<ParticipantView>>, link: RwSignal<Link>) {
    let source = StoredValue::new_local(None::<web_sys::EventSource>);
    let open = move || open(workshop, view, link, source);
    open();
    on_cleanup(move || {
        if let Some(s) = source.try_get_value().flatten() {
            s.close();
        }
    });
}

fn open(
    workshop: WorkshopId,
    view: RwSignal<Option<ParticipantView>>,
    link: RwSignal<Link>,
    slot: StoredValue<Option<web_sys::EventSource>, LocalStorage>,
) {
    let url = format!("/api/v1/workshops/{workshop}/live");
    let Ok(source) = web_sys::EventSource::new(&url) else {
        link.set(Link::Lost);
        return;
    };
    let on_event =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let Some(data) = e.data().as_string() else {
                return;
            };
            if let Ok(event) = serde_json::from_str::<WorkshopEvent>(&data) {
                link.set(Link::Open);
                view.update(|v| apply(v, event));
            }
        });
    for name in ["snapshot", "state"] {
        let _ = source.add_event_listener_with_callback(name, on_event.as_ref().unchecked_ref());
    }
    on_event.forget();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_e: web_sys::Event| {
        let Some(s) = slot.try_get_value().flatten() else {
            return;
        };
        link.set(Link::Lost);
        // CLOSED: the browser gave up (an error status); otherwise it is retrying already.
        if s.ready_state() == web_sys::EventSource::CLOSED {
            set_timeout(move || open(workshop, view, link, slot), REOPEN_AFTER);
        }
    });
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    slot.set_value(Some(source));
}
