//! Live views: each study's aggregate kept current from the one event sequence, and the
//! streams that carry its changes to dashboards and capture forms.
//!
//! - `study`: one study's tally, thresholds and recent events, and what a subscriber gets.
//! - `load`: a study read from the database in one snapshot (first use, and a resync).
//! - `pump`: this instance's one reader of `events` after its cursor; it applies each event to
//!   the loaded studies and broadcasts it. Woken by this instance's commits (the event bus), by
//!   PostgreSQL `NOTIFY` from other instances (`listen`), and by a timer, so a lost wake-up
//!   only delays.
//! - `announce`, `listen`: PostgreSQL `NOTIFY` between instances, one per burst of commits.
//! - `workshop`: a workshop's live state inside its study, and its facilitators' and
//!   participants' channels.
//! - `hub`: the loaded studies and the pump, owned by the application state.

mod announce;
mod hub;
mod listen;
mod load;
mod pump;
mod sent;
mod shared;
mod study;
mod workshop;

pub use hub::Hub;
pub use sent::Sent;
pub use study::{Audience, StudyLive, Subscription, events, workshop_events};
pub use workshop::WorkshopLive;
