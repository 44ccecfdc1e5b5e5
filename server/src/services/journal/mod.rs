//! The op journal: the one write protocol for every change a client makes with an op_id
//! (answers, interview fields; workshop votes and reconciliations next).
//!
//! An op names its scope (the interview), its target (an item, a field key), the value, the
//! revision the client last saw and a client-made op_id. The journal applies ops in order, in
//! groups of one transaction each (`writer`), and decides every op against the state so far
//! (`decide`): an op_id seen before with the same content is answered with its first result,
//! with other content it is `op_conflict`; a base older than the current revision is `stale`
//! with the current value; anything else becomes the next revision. Every accepted op appends
//! one row to `events` (`outbox`), in the same transaction as the new current value, and the
//! process publishes the last id on the event bus after the commit. `history` reads a target's
//! changes back from `events`.
//!
//! What is written is a [`Subject`]: where its current values live and how they are shown.

mod commit;
mod decide;
mod history;
mod op;
pub mod outbox;
mod store;
mod writer;

pub use commit::{commit, commit_checked, op_result};
pub use decide::Decider;
pub use history::{Entry, history};
pub use op::{
    Current, Key, Op, Outcome, Subject, check_batch_size, check_op_id, not_applied, request_hash,
};
pub use outbox::EventBus;
pub use store::{OpIds, commit_group, replayed, write_all};
pub use writer::Writer;
