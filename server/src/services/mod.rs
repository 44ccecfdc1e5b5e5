//! Business logic, one module per feature. REST routes and server functions both call these;
//! each asks `auth::policy` first. Nothing else touches the database.

pub mod accounts;
pub mod answer_store;
pub mod audit;
pub mod codebooks;
mod ctx;
pub mod dashboard;
pub mod demo;
pub mod field_store;
pub mod interview_assignment;
pub mod interview_fields;
pub mod interviews;
pub mod invitations;
pub mod journal;
pub mod status;
pub mod studies;
pub mod threshold_store;
pub mod thresholds;
pub mod workshops;
pub mod writers;

pub use ctx::Ctx;
