//! A study's live events (`GET /api/v1/studies/{id}/live`), one connection per page, shared by
//! its components through context: [`use_live`] returns the page's [`Live`] handle, with the
//! connection state, the latest event and [`Live::subscribe`] for every event in order.
//!
//! Browsers allow about six HTTP/1.1 connections per origin, so one open stream per tab would
//! starve the eighth tab of a study. The tabs of one study therefore elect a leader with the Web
//! Locks API (`aansluiting-live-<study>`, held while the page lives): only the leader opens the
//! `EventSource` and re-posts every event on the `BroadcastChannel` of the same name; the others
//! listen there. When the leader goes, the next tab in the lock's queue connects, resuming after
//! the last event it saw (`?last_event_id=`, since an `EventSource` cannot set `Last-Event-ID`
//! itself). Without Web Locks (an insecure context, an old browser) each tab connects on its own.

use std::collections::VecDeque;
use std::sync::Arc;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::ids::StudyId;
use crate::features::dashboard::dto::LiveEvent;

/// What the page's live indicator shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LiveState {
    /// Not yet connected (also while the page is rendered on the server).
    Connecting,
    /// Events arrive (through this tab's stream or the leading tab's).
    Live,
    /// The stream dropped; the browser (or we) try again.
    Reconnecting,
}

/// One event as the stream delivered it: its id in the study's event sequence (absent only if
/// the server sent none) and the event.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    pub id: Option<i64>,
    pub event: Arc<LiveEvent>,
}

type Listener = Arc<dyn Fn(&Received) + Send + Sync>;

/// The page's live connection. Cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct Live {
    study: StudyId,
    pub state: RwSignal<LiveState>,
    /// Whether this tab holds the stream (the others hear it from this one).
    pub leading: RwSignal<bool>,
    /// The latest event (for components that only need "something changed").
    pub last: RwSignal<Option<Received>>,
    listeners: StoredValue<Vec<(u64, Listener)>>,
    next_listener: StoredValue<u64>,
    /// The id of the last event delivered: a new leader resumes after it.
    last_id: StoredValue<Option<i64>>,
    /// The latest events, for a component whose figures were read before they came.
    recent: StoredValue<VecDeque<Received>>,
}

/// How many events [`Live::since`] can look back.
const RECENT: usize = 1000;

/// The page's live connection to `study`: the one already in context (opened by an enclosing
/// component), else a new one, provided to the components below.
pub fn use_live(study: StudyId) -> Live {
    if let Some(live) = use_context::<Live>().filter(|l| l.study == study) {
        return live;
    }
    let live = Live {
        study,
        state: RwSignal::new(LiveState::Connecting),
        leading: RwSignal::new(false),
        last: RwSignal::new(None),
        listeners: StoredValue::new(Vec::new()),
        next_listener: StoredValue::new(0),
        last_id: StoredValue::new(None),
        recent: StoredValue::new(VecDeque::new()),
    };
    provide_context(live);
    #[cfg(feature = "hydrate")]
    browser::keep_connected(live);
    live
}

impl Live {
    pub fn study(&self) -> StudyId {
        self.study
    }

    /// Calls `f` with every event from now on, in order, until the caller's owner (its
    /// component) is cleaned up.
    pub fn subscribe(&self, f: impl Fn(&Received) + Send + Sync + 'static) {
        let id = self.next_listener.get_value();
        self.next_listener.set_value(id + 1);
        self.listeners
            .update_value(|ls| ls.push((id, Arc::new(f) as Listener)));
        let listeners = self.listeners;
        on_cleanup(move || {
            listeners.try_update_value(|ls| ls.retain(|(i, _)| *i != id));
        });
    }

    /// The events after `event_id` delivered so far (the latest [`RECENT`]), oldest first: what
    /// figures read at `event_id` still lack.
    pub fn since(&self, event_id: i64) -> Vec<Received> {
        self.recent.with_value(|r| {
            r.iter()
                .filter(|e| e.id.is_none_or(|id| id > event_id))
                .cloned()
                .collect()
        })
    }

    // Only the browser receives events.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    /// Hands an event to every listener, unless it is one already delivered (a new leader's
    /// stream may repeat the last one). A `resync` always goes through: it replaces everything.
    fn deliver(&self, received: Received) {
        let seen = self.last_id.get_value();
        let resync = matches!(*received.event, LiveEvent::Resync { .. });
        if let (Some(id), Some(seen)) = (received.id, seen)
            && id <= seen
            && !resync
        {
            return;
        }
        if received.id.is_some() {
            self.last_id.set_value(received.id);
        }
        self.recent.update_value(|r| {
            if r.len() == RECENT {
                r.pop_front();
            }
            r.push_back(received.clone());
        });
        // Cloned out first: a listener may subscribe or unsubscribe while being called.
        let listeners: Vec<Listener> = self
            .listeners
            .with_value(|ls| ls.iter().map(|(_, l)| Arc::clone(l)).collect());
        for l in listeners {
            l(&received);
        }
        self.last.set(Some(received));
    }

    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    fn last_id(&self) -> Option<i64> {
        self.last_id.get_value()
    }
}

/// What the tabs of one study tell each other on their `BroadcastChannel`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TabMessage {
    /// The leader's stream delivered an event: `data` is its JSON as the server sent it.
    Event { id: Option<i64>, data: String },
    /// The leader's connection state.
    State { state: LiveState },
    /// A new tab asks the leader for its state.
    Hello,
}

/// The name of a study's lock and channel.
pub fn channel_name(study: StudyId) -> String {
    format!("aansluiting-live-{study}")
}

/// The stream's address; a tab taking over resumes after the last event it saw.
pub fn stream_url(study: StudyId, last_id: Option<i64>) -> String {
    match last_id {
        Some(id) => format!("/api/v1/studies/{study}/live?last_event_id={id}"),
        None => format!("/api/v1/studies/{study}/live"),
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    //! The browser side: the lock, the channel and the `EventSource`.

    use std::cell::{Cell, RefCell};
    use std::rc::{Rc, Weak};
    use std::sync::Arc;
    use std::time::Duration;

    use leptos::prelude::*;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::js_sys;

    use super::{Live, LiveState, Received, TabMessage, channel_name, stream_url};
    use crate::features::dashboard::dto::LiveEvent;

    /// The SSE `event:` names the server sends (`LiveEvent::name`).
    const EVENT_NAMES: [&str; 7] = [
        "answer",
        "field",
        "interview",
        "thresholds",
        "vote",
        "participant",
        "resync",
    ];

    /// How long to wait before opening a stream again that the browser gave up on (an error
    /// status such as 401 or 503 closes an `EventSource` for good).
    const REOPEN_AFTER: Duration = Duration::from_secs(5);

    type EventHandler = Closure<dyn FnMut(web_sys::Event)>;
    type MessageHandler = Closure<dyn FnMut(web_sys::MessageEvent)>;

    struct Stream {
        source: web_sys::EventSource,
        // Kept alive as long as the source can call them.
        _handlers: Vec<EventHandler>,
    }

    struct Connection {
        live: Live,
        closed: Cell<bool>,
        leader: Cell<bool>,
        channel: Option<web_sys::BroadcastChannel>,
        on_channel: RefCell<Option<MessageHandler>>,
        stream: RefCell<Option<Stream>>,
        /// Resolves the promise the lock is held by: calling it hands the lead to another tab.
        release: RefCell<Option<js_sys::Function>>,
        reopen: RefCell<Option<TimeoutHandle>>,
    }

    /// Connects `live` (as leader or follower) for as long as the calling component lives.
    pub fn keep_connected(live: Live) {
        let conn = start(live);
        let held = StoredValue::new_local(Some(conn));
        on_cleanup(move || {
            if let Some(conn) = held.try_update_value(Option::take).flatten() {
                conn.stop();
            }
        });
    }

    fn start(live: Live) -> Rc<Connection> {
        let name = channel_name(live.study);
        let locks = web_locks();
        // Without locks every tab has its own stream: the channel would only repeat events
        // the tab has already had.
        let channel = locks
            .as_ref()
            .and_then(|_| web_sys::BroadcastChannel::new(&name).ok());
        let conn = Rc::new(Connection {
            live,
            closed: Cell::new(false),
            leader: Cell::new(false),
            channel,
            on_channel: RefCell::new(None),
            stream: RefCell::new(None),
            release: RefCell::new(None),
            reopen: RefCell::new(None),
        });
        match (locks, conn.channel.is_some()) {
            (Some((manager, request)), true) => {
                conn.listen(Rc::downgrade(&conn));
                conn.post(&TabMessage::Hello);
                request_lead(&conn, &manager, &request, &name);
            }
            _ => conn.lead(),
        }
        conn
    }

    /// `navigator.locks` and its `request` function, where the browser has them. Looked up by
    /// name: web-sys only offers the Web Locks API behind an unstable flag.
    fn web_locks() -> Option<(JsValue, js_sys::Function)> {
        let navigator = web_sys::window()?.navigator();
        let manager = js_sys::Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
        if manager.is_undefined() || manager.is_null() {
            return None;
        }
        let request = js_sys::Reflect::get(&manager, &JsValue::from_str("request"))
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        Some((manager, request))
    }

    /// Queues for the study's lock; once granted this tab leads until it releases the lock.
    fn request_lead(
        conn: &Rc<Connection>,
        manager: &JsValue,
        request: &js_sys::Function,
        name: &str,
    ) {
        let weak = Rc::downgrade(conn);
        let granted = Closure::once_into_js(move |_lock: JsValue| -> js_sys::Promise {
            let Some(conn) = weak.upgrade().filter(|c| !c.closed.get()) else {
                // The page went while waiting: let the next tab have the lock at once.
                return js_sys::Promise::resolve(&JsValue::UNDEFINED);
            };
            let held = js_sys::Promise::new(&mut |resolve, _reject| {
                *conn.release.borrow_mut() = Some(resolve);
            });
            conn.lead();
            held
        });
        // The returned promise settles when the lock is released; nothing waits for it.
        let _ = request.call2(manager, &JsValue::from_str(name), &granted);
    }

    impl Connection {
        fn post(&self, message: &TabMessage) {
            if let (Some(channel), Ok(json)) = (&self.channel, serde_json::to_string(message)) {
                let _ = channel.post_message(&JsValue::from_str(&json));
            }
        }

        fn set_state(&self, state: LiveState) {
            self.live.state.set(state);
            if self.leader.get() {
                self.post(&TabMessage::State { state });
            }
        }

        /// Follows the leader's messages on the channel.
        fn listen(&self, weak: Weak<Connection>) {
            let Some(channel) = &self.channel else {
                return;
            };
            let handler = MessageHandler::new(move |ev: web_sys::MessageEvent| {
                let Some(conn) = weak.upgrade() else {
                    return;
                };
                let Some(text) = ev.data().as_string() else {
                    return;
                };
                if let Ok(message) = serde_json::from_str::<TabMessage>(&text) {
                    conn.heard(message);
                }
            });
            channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
            *self.on_channel.borrow_mut() = Some(handler);
        }

        fn heard(&self, message: TabMessage) {
            match (message, self.leader.get()) {
                (TabMessage::Hello, true) => self.post(&TabMessage::State {
                    state: self.live.state.get_untracked(),
                }),
                (TabMessage::State { state }, false) => self.live.state.set(state),
                (TabMessage::Event { id, data }, false) => self.received(id, &data),
                _ => {}
            }
        }

        fn received(&self, id: Option<i64>, data: &str) {
            // An event this version cannot read is skipped; the next resync brings it back.
            if let Ok(event) = serde_json::from_str::<LiveEvent>(data) {
                self.live.deliver(Received {
                    id,
                    event: Arc::new(event),
                });
            }
        }

        /// This tab opens the stream (resuming after what it has seen) and relays it.
        fn lead(self: &Rc<Self>) {
            if self.closed.get() {
                return;
            }
            self.leader.set(true);
            self.live.leading.set(true);
            // Taking over from a tab that went: its stream is gone until this one opens.
            if self.live.state.get_untracked() == LiveState::Live {
                self.live.state.set(LiveState::Reconnecting);
            }
            self.open();
        }

        fn open(self: &Rc<Self>) {
            self.close_stream();
            let url = stream_url(self.live.study, self.live.last_id());
            let Ok(source) = web_sys::EventSource::new(&url) else {
                self.set_state(LiveState::Reconnecting);
                self.reopen_later();
                return;
            };
            let mut handlers = Vec::with_capacity(EVENT_NAMES.len() + 2);
            let weak = Rc::downgrade(self);
            let on_open = EventHandler::new(move |_ev: web_sys::Event| {
                if let Some(conn) = weak.upgrade() {
                    conn.set_state(LiveState::Live);
                }
            });
            source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
            handlers.push(on_open);
            let weak = Rc::downgrade(self);
            let on_error = EventHandler::new(move |_ev: web_sys::Event| {
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
                    conn.relay(ev);
                });
                let _ =
                    source.add_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
                handlers.push(handler);
            }
            *self.stream.borrow_mut() = Some(Stream {
                source,
                _handlers: handlers,
            });
        }

        /// An event from this tab's stream: delivered here and posted to the other tabs.
        fn relay(&self, ev: &web_sys::MessageEvent) {
            let Some(data) = ev.data().as_string() else {
                return;
            };
            let id = ev.last_event_id().trim().parse::<i64>().ok();
            // Any event means the stream is up (also when `open` was missed in a reconnect).
            if self.live.state.get_untracked() != LiveState::Live {
                self.set_state(LiveState::Live);
            }
            self.post(&TabMessage::Event {
                id,
                data: data.clone(),
            });
            self.received(id, &data);
        }

        fn failed(self: &Rc<Self>) {
            self.set_state(LiveState::Reconnecting);
            let closed = self
                .stream
                .borrow()
                .as_ref()
                .is_some_and(|s| s.source.ready_state() == web_sys::EventSource::CLOSED);
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

        fn close_stream(&self) {
            if let Some(stream) = self.stream.borrow_mut().take() {
                stream.source.close();
            }
        }

        /// The page goes: close the stream and the channel, and hand the lead on.
        fn stop(&self) {
            if self.leader.get() {
                self.post(&TabMessage::State {
                    state: LiveState::Reconnecting,
                });
            }
            self.closed.set(true);
            self.close_stream();
            if let Some(handle) = self.reopen.borrow_mut().take() {
                handle.clear();
            }
            if let Some(channel) = &self.channel {
                channel.set_onmessage(None);
                channel.close();
            }
            self.on_channel.borrow_mut().take();
            if let Some(release) = self.release.borrow_mut().take() {
                let _ = release.call0(&JsValue::UNDEFINED);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_messages_round_trip_as_tagged_json() {
        let m = TabMessage::Event {
            id: Some(7),
            data: r#"{"type":"field"}"#.into(),
        };
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"event","id":7,"data":"{\"type\":\"field\"}"}"#
        );
        assert_eq!(serde_json::from_str::<TabMessage>(&json).unwrap(), m);
        assert_eq!(
            serde_json::to_string(&TabMessage::State {
                state: LiveState::Reconnecting
            })
            .unwrap(),
            r#"{"kind":"state","state":"reconnecting"}"#
        );
    }

    fn field(interview: &str) -> Arc<LiveEvent> {
        Arc::new(LiveEvent::Field {
            interview_id: interview.into(),
            key: "job_titles".into(),
            revision: 1,
        })
    }

    fn view(event_id: i64) -> crate::features::dashboard::dto::AggregateView {
        use crate::features::dashboard::dto::{AggregateView, ThresholdVersion};
        AggregateView {
            study_id: "0b0e3d2c-6c2f-4c57-9d55-0a7f3b1b2c3d".parse().unwrap(),
            threshold_version: 1,
            thresholds: ThresholdVersion {
                version: 1,
                good_min: 0.75,
                partial_min: 0.5,
                min_n: 3,
                created_at: String::new(),
                created_by: None,
            },
            event_id,
            filter: Default::default(),
            qualification: None,
            respondents: 0,
            items: vec![],
            roll_ups: vec![],
            coverage: vec![],
        }
    }

    #[test]
    fn each_event_reaches_every_listener_once_and_stays_for_late_readers() {
        let owner = Owner::new();
        owner.set();
        let study: StudyId = "0b0e3d2c-6c2f-4c57-9d55-0a7f3b1b2c3d".parse().unwrap();
        let live = use_live(study);
        let heard = Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = Arc::clone(&heard);
        live.subscribe(move |r| sink.lock().unwrap().push(r.id));
        // A second component of the page gets the same connection.
        let also = Arc::new(std::sync::Mutex::new(0));
        let count = Arc::clone(&also);
        use_live(study).subscribe(move |_| *count.lock().unwrap() += 1);
        for id in [3, 3, 4, 2] {
            live.deliver(Received {
                id: Some(id),
                event: field("a"),
            });
        }
        assert_eq!(*heard.lock().unwrap(), vec![Some(3), Some(4)]);
        assert_eq!(*also.lock().unwrap(), 2);
        assert_eq!(live.last_id(), Some(4));
        let later: Vec<Option<i64>> = live.since(3).into_iter().map(|r| r.id).collect();
        assert_eq!(later, vec![Some(4)]);
        // A resync starts over, also from an id already seen.
        live.deliver(Received {
            id: Some(4),
            event: Arc::new(LiveEvent::Resync {
                snapshot: Box::new(view(4)),
            }),
        });
        assert_eq!(*heard.lock().unwrap(), vec![Some(3), Some(4), Some(4)]);
        assert!(matches!(
            live.last.get_untracked().map(|r| r.event),
            Some(e) if matches!(*e, LiveEvent::Resync { .. })
        ));
        owner.cleanup();
    }

    #[test]
    fn a_tab_taking_over_resumes_after_the_last_event() {
        let study: StudyId = "0b0e3d2c-6c2f-4c57-9d55-0a7f3b1b2c3d".parse().unwrap();
        assert_eq!(
            stream_url(study, None),
            "/api/v1/studies/0b0e3d2c-6c2f-4c57-9d55-0a7f3b1b2c3d/live"
        );
        assert_eq!(
            stream_url(study, Some(42)),
            "/api/v1/studies/0b0e3d2c-6c2f-4c57-9d55-0a7f3b1b2c3d/live?last_event_id=42"
        );
        assert_eq!(
            channel_name(study),
            "aansluiting-live-0b0e3d2c-6c2f-4c57-9d55-0a7f3b1b2c3d"
        );
    }
}
