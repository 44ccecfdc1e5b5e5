//! UI pieces shared by several features.

pub mod confirm;
pub mod format;
pub mod user_agent;
pub mod verdict;
