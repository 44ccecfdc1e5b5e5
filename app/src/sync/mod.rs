//! Changes made in the browser, kept until the server has them: one op queue for every writer.
//!
//! - [`queue`]: the rules, as a pure state machine (tested natively).
//! - [`driver`]: a queue with a page's lifetime: kept in localStorage, sent in the background,
//!   retried every few seconds and when the browser is back online.
//! - [`storage`]: localStorage and op ids.

pub mod driver;
pub mod queue;
pub mod storage;

use serde::{Deserialize, Serialize};

pub use driver::{SaveState, SyncQueue};
pub use queue::{CallFailure, OpQueue, Outcome, QueuedOp};

/// The result of one queued operation: the HTTP status it would have had on its own (200,
/// 409, 404, 422, …), the new revision, or the error and, with `stale`, the server's current
/// value (`C`: an answer, a field, the details).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OpResult<C> {
    pub op_id: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<crate::error::AppError>,
    #[serde(default = "none", skip_serializing_if = "Option::is_none")]
    pub current: Option<C>,
}

fn none<C>() -> Option<C> {
    None
}

/// Set when a write was refused because the session ended: the page frame then says so and
/// offers to sign in again, and the changes wait in this browser until then.
#[derive(Debug, Clone, Copy)]
pub struct SessionLost(pub leptos::prelude::RwSignal<bool>);
