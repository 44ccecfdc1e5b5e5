//! An [`OpQueue`] with a page's lifetime: every change is kept in localStorage before it is
//! sent, so a reload, a crash or a dropped network loses nothing; the queue is sent in the
//! background, again every few seconds while anything waits, and at once when the browser is
//! back online.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;

use super::queue::{CallFailure, OpQueue, Outcome, QueuedOp};
use super::result::OpResult;
use super::session::SessionLost;
use super::storage;
use crate::error::{AppError, ErrorCode};

#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    Saved,
    Saving,
    Offline,
    /// The session ended; the changes wait until the user signs in again.
    SignedOut,
    Failed(AppError),
}

impl SaveState {
    /// The state to show for several queues at once: the one that needs the user most.
    pub fn worst(states: impl IntoIterator<Item = SaveState>) -> SaveState {
        states
            .into_iter()
            .max_by_key(SaveState::urgency)
            .unwrap_or(SaveState::Saved)
    }

    fn urgency(&self) -> u8 {
        match self {
            SaveState::Saved => 0,
            SaveState::Saving => 1,
            SaveState::Offline => 2,
            SaveState::Failed(_) => 3,
            SaveState::SignedOut => 4,
        }
    }
}

type Reply<C> = Pin<Box<dyn Future<Output = Result<Vec<OpResult<C>>, AppError>>>>;
// The callbacks only hold signal handles, so they can be Send + Sync: a queue is also built
// while the server renders the page, on whatever thread the runtime picks, and dropped on
// another. (The futures they return need not be Send: they only run in the browser.)
type Sender<Op, C> = Arc<dyn Fn(Vec<Op>) -> Reply<C> + Send + Sync>;
type Settled<Op, C> = Arc<dyn Fn(Op, Outcome<C>) + Send + Sync>;

/// Most ops one call carries; the server's limit is higher.
const BATCH: usize = 200;

pub struct SyncQueue<Op: Send + Sync + 'static, C: 'static> {
    queue: RwSignal<OpQueue<Op>>,
    pub state: RwSignal<SaveState>,
    key: StoredValue<String>,
    send: StoredValue<Sender<Op, C>>,
    lost: Option<SessionLost>,
    settled: StoredValue<Settled<Op, C>>,
}

impl<Op: Send + Sync + 'static, C: 'static> Clone for SyncQueue<Op, C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Op: Send + Sync + 'static, C: 'static> Copy for SyncQueue<Op, C> {}

impl<Op, C> SyncQueue<Op, C>
where
    Op: QueuedOp + Send + Sync + 'static,
    C: 'static,
{
    /// A queue kept under `key`. `send` delivers a batch; `settled` hears every op the server
    /// answered for. What an earlier visit left under `key` is sent first.
    pub fn new<F, Fut>(
        key: String,
        send: F,
        settled: impl Fn(Op, Outcome<C>) + Send + Sync + 'static,
    ) -> Self
    where
        F: Fn(Vec<Op>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Vec<OpResult<C>>, AppError>> + 'static,
    {
        let send: Sender<Op, C> = Arc::new(move |ops| Box::pin(send(ops)));
        let q = SyncQueue {
            queue: RwSignal::new(OpQueue::default()),
            state: RwSignal::new(SaveState::Saved),
            key: StoredValue::new(key),
            send: StoredValue::new(send),
            lost: use_context::<SessionLost>(),
            settled: StoredValue::new(Arc::new(settled) as Settled<Op, C>),
        };
        q.keep_trying();
        q
    }

    /// The ops an earlier visit left, to be shown at once; they are sent by [`Self::resume`].
    pub fn stored(&self) -> Vec<Op> {
        storage::load(&self.key.get_value())
            .and_then(|json| serde_json::from_str::<Vec<Op>>(&json).ok())
            .unwrap_or_default()
    }

    /// Takes over what an earlier visit left and sends it.
    pub fn resume(&self) {
        let ops = self.stored();
        if !ops.is_empty() {
            self.queue.update(|q| {
                let mut restored = OpQueue::restore(ops);
                for op in q.ops() {
                    restored.enqueue(op.clone());
                }
                *q = restored;
            });
            self.flush();
        }
    }

    /// Gives `make` a fresh op id and queues the op it makes. Without a random source no op
    /// is made (a predictable id could collide with another's) and the state says so.
    pub fn push_new(&self, make: impl FnOnce(String) -> Op) {
        match storage::op_id() {
            Some(op_id) => self.push(make(op_id)),
            None => self.state.set(SaveState::Failed(AppError::new(
                ErrorCode::Storage,
                "this browser has no random source for an op id",
            ))),
        }
    }

    /// Keeps the op (first on this device, then on the server) and sends the queue.
    pub fn push(&self, op: Op) {
        self.queue.update(|q| q.enqueue(op));
        self.persist();
        self.flush();
    }

    /// All changes still to be sent (reactive).
    pub fn waiting(&self) -> usize {
        self.queue.with(OpQueue::len)
    }

    /// Changes to `target` still to be sent, for the next op's base revision.
    pub fn waiting_for(&self, target: &str) -> u32 {
        self.queue.with_untracked(|q| q.waiting_for(target))
    }

    /// Changes to `target` still to be sent, newest last (not reactive).
    pub fn pending_for(&self, target: &str) -> Vec<Op> {
        self.queue.with_untracked(|q| {
            q.ops()
                .iter()
                .filter(|op| op.target() == target)
                .cloned()
                .collect()
        })
    }

    fn persist(&self) {
        let json = self
            .queue
            .with_untracked(|q| serde_json::to_string(q.ops()))
            .unwrap_or_else(|_| "[]".into());
        if !storage::store(&self.key.get_value(), &json) && cfg!(feature = "browser") {
            self.state.set(SaveState::Failed(AppError::new(
                ErrorCode::Storage,
                "this browser refused to keep the change",
            )));
        }
    }

    pub fn flush(&self) {
        let Some(batch) = self.queue.try_update(|q| q.next_batch(BATCH)).flatten() else {
            return;
        };
        if !matches!(self.state.get_untracked(), SaveState::Failed(_)) {
            self.state.set(SaveState::Saving);
        }
        let reply = self.send.with_value(|send| send(batch));
        let q = *self;
        leptos::task::spawn_local(async move {
            let result = reply.await;
            q.answered(result);
        });
    }

    fn answered(&self, result: Result<Vec<OpResult<C>>, AppError>) {
        match result {
            Ok(results) => {
                let settled = self.queue.try_update(|q| q.settle(results));
                self.persist();
                self.state.set(SaveState::Saved);
                let notify = self.settled.get_value();
                for (op, outcome) in settled.into_iter().flatten() {
                    if let Outcome::Refused(e) = &outcome {
                        self.state.set(SaveState::Failed(e.clone()));
                    }
                    notify(op, outcome);
                }
                if let Some(lost) = self.lost {
                    lost.0.set(false);
                }
                // Changes made while this batch was out go now, not at the next retry.
                self.flush();
            }
            Err(e) => {
                self.queue.update(OpQueue::call_failed);
                self.state.set(match CallFailure::of(&e) {
                    CallFailure::Transport => SaveState::Offline,
                    CallFailure::SignedOut => {
                        if let Some(lost) = self.lost {
                            lost.0.set(true);
                        }
                        SaveState::SignedOut
                    }
                    CallFailure::Other => SaveState::Failed(e),
                });
            }
        }
    }

    #[cfg(feature = "browser")]
    fn keep_trying(&self) {
        let q = *self;
        let retry = set_interval_with_handle(move || q.flush(), std::time::Duration::from_secs(3));
        let online = window_event_listener(leptos::ev::online, move |_| q.flush());
        on_cleanup(move || {
            if let Ok(h) = retry {
                h.clear();
            }
            online.remove();
        });
    }

    #[cfg(not(feature = "browser"))]
    fn keep_trying(&self) {}
}
