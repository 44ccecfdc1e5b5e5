//! One folder per feature: its pages, components, server functions and DTOs.

pub mod account;
pub mod codebooks;
pub mod dashboard;
pub mod errors;
pub mod home;
pub mod interviews;
pub mod status;
pub mod studies;
pub mod workshops;
