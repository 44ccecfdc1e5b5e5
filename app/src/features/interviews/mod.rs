//! Interview capture: the list on the study page and the capture form.

pub mod api;
pub mod dto;
