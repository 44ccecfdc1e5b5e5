//! Workshops: a facilitator runs a session on some roles of a study; advisers join with a code
//! on their phone and rate the items live, blind first, then after the discussion again.
//!
//! The facilitator's pages live here: the study's workshops with the form that starts one
//! (`/studies/:id/workshops`) and the presenter (`/workshops/:id`). The participants' phone
//! page is a bundle of its own (frontend/phone).

pub mod api;
mod chart;
pub mod dto;
mod list;
pub mod live;
pub mod model;
mod presenter;

pub use list::WorkshopsPage;
pub use presenter::PresenterPage;
