//! sea-orm entities, one module per table.

pub mod answer;
pub mod api_token;
pub mod audit_entry;
pub mod codebook;
pub mod codebook_node;
pub mod event;
pub mod interview;
pub mod interview_field;
pub mod invitation;
pub mod membership;
pub mod participant;
pub mod session;
pub mod study;
pub mod study_threshold;
pub mod throttle_event;
pub mod user;
pub mod workshop;
pub mod workshop_vote;
