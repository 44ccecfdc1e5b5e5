//! UI pieces shared by several features.

pub mod confirm;
pub mod format;
pub mod layout;
pub mod session;
pub mod user_agent;
pub mod verdict;
