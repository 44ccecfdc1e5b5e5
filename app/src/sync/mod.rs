//! Changes made in the browser, kept until the server has them: one op queue for every writer.
//!
//! - [`queue`]: the rules, as a pure state machine (tested natively).
//! - [`driver`]: a queue with a page's lifetime: kept in localStorage, sent in the background,
//!   retried every few seconds and when the browser is back online.
//! - [`storage`]: localStorage and op ids.
//! - [`live`]: a study's live events, one stream per page and one per study across tabs.
//! - [`account`]: which account a page belongs to; queues and known values are kept per account.

pub mod account;
pub mod driver;
pub mod live;
pub mod queue;
mod result;
mod session;
pub mod storage;

pub use driver::{SaveState, SyncQueue};
pub use queue::{CallFailure, OpQueue, Outcome, QueuedOp};
pub use result::OpResult;
pub use session::SessionLost;
