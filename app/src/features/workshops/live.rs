//! The presenter's live stream (`GET /api/v1/workshops/{id}/live`): one `EventSource` per
//! presenter page, its events handed to the page as [`WorkshopEvent`]s.
//!
//! Smaller than the study's stream (crate::sync::live): a workshop is presented in one tab, so
//! there is no tab election, and every stream starts with a snapshot, so a reconnect needs no
//! resume point: the snapshot replaces what the page had.

use leptos::prelude::*;

use crate::domain::ids::WorkshopId;
pub use crate::sync::live::LiveState;

use super::dto::WorkshopEvent;

/// The stream's address.
pub fn stream_url(id: WorkshopId) -> String {
    format!("/api/v1/workshops/{id}/live")
}

/// Keeps the stream open while the calling component lives: `state` follows the connection,
/// `on_event` gets every event in order. On the server it does nothing (the page is rendered
/// from the view it loaded).
pub fn keep_connected(
    id: WorkshopId,
    state: RwSignal<LiveState>,
    on_event: impl Fn(WorkshopEvent) + 'static,
) {
    #[cfg(feature = "hydrate")]
    browser::keep_connected(id, state, on_event);
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, state, on_event);
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    use std::time::Duration;

    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    use super::{LiveState, WorkshopEvent, stream_url};
    use crate::domain::ids::WorkshopId;

    /// The SSE `event:` names the server sends a member (`WorkshopEvent::name`).
    const EVENT_NAMES: [&str; 4] = ["snapshot", "state", "joined", "tally"];

    /// An error status (401 after a sign-out elsewhere, 503 while the server restarts) closes
    /// an `EventSource` for good; it is opened again after this long.
    const REOPEN_AFTER: Duration = Duration::from_secs(5);

    type EventHandler = Closure<dyn FnMut(web_sys::Event)>;

    struct Connection {
        id: WorkshopId,
        state: RwSignal<LiveState>,
        on_event: Box<dyn Fn(WorkshopEvent)>,
        closed: Cell<bool>,
        source: RefCell<Option<web_sys::EventSource>>,
        // Kept alive as long as the source can call them.
        handlers: RefCell<Vec<EventHandler>>,
        reopen: RefCell<Option<TimeoutHandle>>,
    }

    pub fn keep_connected(
        id: WorkshopId,
        state: RwSignal<LiveState>,
        on_event: impl Fn(WorkshopEvent) + 'static,
    ) {
        let conn = Rc::new(Connection {
            id,
            state,
            on_event: Box::new(on_event),
            closed: Cell::new(false),
            source: RefCell::new(None),
            handlers: RefCell::new(Vec::new()),
            reopen: RefCell::new(None),
        });
        conn.open();
        let held = StoredValue::new_local(Some(conn));
        on_cleanup(move || {
            if let Some(conn) = held.try_update_value(Option::take).flatten() {
                conn.stop();
            }
        });
    }

    impl Connection {
        fn open(self: &Rc<Self>) {
            self.close_source();
            let Ok(source) = web_sys::EventSource::new(&stream_url(self.id)) else {
                self.state.set(LiveState::Reconnecting);
                self.reopen_later();
                return;
            };
            let mut handlers = Vec::with_capacity(EVENT_NAMES.len() + 2);
            let weak = Rc::downgrade(self);
            let on_open = EventHandler::new(move |_: web_sys::Event| {
                if let Some(conn) = weak.upgrade() {
                    conn.state.set(LiveState::Live);
                }
            });
            source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
            handlers.push(on_open);
            let weak = Rc::downgrade(self);
            let on_error = EventHandler::new(move |_: web_sys::Event| {
                if let Some(conn) = weak.upgrade() {
                    conn.failed();
                }
            });
            source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            handlers.push(on_error);
            for name in EVENT_NAMES {
                let weak = Rc::downgrade(self);
                let handler = EventHandler::new(move |ev: web_sys::Event| {
                    let (Some(conn), Some(ev)) =
                        (weak.upgrade(), ev.dyn_ref::<web_sys::MessageEvent>())
                    else {
                        return;
                    };
                    conn.received(ev);
                });
                let _ =
                    source.add_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
                handlers.push(handler);
            }
            *self.source.borrow_mut() = Some(source);
            *self.handlers.borrow_mut() = handlers;
        }

        fn received(&self, ev: &web_sys::MessageEvent) {
            // Any event means the stream is up (also when `open` was missed in a reconnect).
            if self.state.get_untracked() != LiveState::Live {
                self.state.set(LiveState::Live);
            }
            // An event this version cannot read is skipped: the next snapshot brings it back.
            if let Some(event) = ev
                .data()
                .as_string()
                .and_then(|data| serde_json::from_str::<WorkshopEvent>(&data).ok())
            {
                (self.on_event)(event);
            }
        }

        fn failed(self: &Rc<Self>) {
            self.state.set(LiveState::Reconnecting);
            let closed = self
                .source
                .borrow()
                .as_ref()
                .is_some_and(|s| s.ready_state() == web_sys::EventSource::CLOSED);
            // While CONNECTING the browser retries by itself; CLOSED is final for this source.
            if closed {
                self.reopen_later();
            }
        }

        fn reopen_later(self: &Rc<Self>) {
            let weak = Rc::downgrade(self);
            let handle = set_timeout_with_handle(
                move || {
                    if let Some(conn) = weak.upgrade().filter(|c| !c.closed.get()) {
                        conn.open();
                    }
                },
                REOPEN_AFTER,
            );
            if let Some(old) = self.reopen.replace(handle.ok()) {
                old.clear();
            }
        }

        fn close_source(&self) {
            if let Some(source) = self.source.borrow_mut().take() {
                source.close();
            }
        }

        fn stop(&self) {
            self.closed.set(true);
            self.close_source();
            if let Some(handle) = self.reopen.borrow_mut().take() {
                handle.clear();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rating::Counts;
    use crate::domain::verdict::Thresholds;
    use crate::features::dashboard::dto::ItemAggregate;
    use crate::features::workshops::dto::RoundResult;

    #[test]
    fn the_stream_is_the_workshops_live_address() {
        let id: WorkshopId = "0b0e3d2c-6c2f-4c57-9d55-0a7f3b1b2c3d".parse().unwrap();
        assert_eq!(
            stream_url(id),
            "/api/v1/workshops/0b0e3d2c-6c2f-4c57-9d55-0a7f3b1b2c3d/live"
        );
    }

    /// The stream's data is the event's JSON with its `type`: what the page parses.
    #[test]
    fn events_are_read_from_their_tagged_json() {
        let joined: WorkshopEvent =
            serde_json::from_str(r#"{"type":"joined","participants":4}"#).unwrap();
        assert_eq!(joined, WorkshopEvent::Joined { participants: 4 });
        let tally = WorkshopEvent::Tally {
            result: RoundResult {
                item_id: "a".into(),
                round: 1,
                counts: Counts {
                    partly: 1,
                    ..Counts::default()
                },
                voters: 1,
                aggregate: ItemAggregate::of("a", Counts::default(), &Thresholds::default()),
            },
        };
        let json = serde_json::to_string(&tally).unwrap();
        assert!(json.starts_with(r#"{"type":"tally""#), "{json}");
        assert_eq!(serde_json::from_str::<WorkshopEvent>(&json).unwrap(), tally);
    }
}
