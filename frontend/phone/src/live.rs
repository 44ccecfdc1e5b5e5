//! The workshop's live stream for a participant: a `snapshot` first (and again after every
//! reconnect), then a `state` whenever the facilitator opens an item, reveals, starts a round or
//! closes. The browser's EventSource reconnects by itself; when the server refused the stream
//! (an error status closes it for good) it is opened again after a pause.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use app::domain::ids::WorkshopId;
use app::features::workshops::dto::{ParticipantView, Snapshot, StateChange};

const REOPEN_AFTER: Duration = Duration::from_secs(5);

/// Whether the stream is open now (for the connection line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Connecting,
    Open,
    Lost,
}

/// Applies a `state` event to the participant's view.
fn changed(view: &mut Option<ParticipantView>, change: StateChange) {
    if let Some(v) = view {
        v.state = change.state;
        for r in change.results {
            v.results
                .retain(|x| !(x.item_id == r.item_id && x.round == r.round));
            v.results.push(r);
        }
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
    // Each event is read as its own audience's type (see `dto::Snapshot`).
    let on_snapshot = listener(move |data| {
        let s: Snapshot<ParticipantView> = serde_json::from_str(data).ok()?;
        link.set(Link::Open);
        view.set(Some(s.view));
        Some(())
    });
    let on_state = listener(move |data| {
        let change: StateChange = serde_json::from_str(data).ok()?;
        view.update(|v| changed(v, change));
        Some(())
    });
    let _ =
        source.add_event_listener_with_callback("snapshot", on_snapshot.as_ref().unchecked_ref());
    let _ = source.add_event_listener_with_callback("state", on_state.as_ref().unchecked_ref());
    // They live as long as the page (the stream is only closed when the page goes).
    on_snapshot.forget();
    on_state.forget();
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

/// An SSE listener handed each event's data; an event that does not parse is skipped.
fn listener(
    mut on: impl FnMut(&str) -> Option<()> + 'static,
) -> Closure<dyn FnMut(web_sys::MessageEvent)> {
    Closure::new(move |e: web_sys::MessageEvent| {
        let _ = on(&e.data().as_string().unwrap_or_default());
    })
}
