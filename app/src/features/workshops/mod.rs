//! Workshops: a facilitator runs a session on some roles of a study; advisers join with a code
//! on their phone and rate the items live, blind first, then after the discussion again.

pub mod api;
pub mod dto;
