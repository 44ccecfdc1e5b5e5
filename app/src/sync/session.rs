//! The page frame's flag for a session that ended while changes were waiting.

/// Set when a write was refused because the session ended: the page frame then says so and
/// offers to sign in again, and the changes wait in this browser until then.
#[derive(Debug, Clone, Copy)]
pub struct SessionLost(pub leptos::prelude::RwSignal<bool>);
