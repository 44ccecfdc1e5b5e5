//! UI pieces shared by several features.

pub mod format;
pub mod layout;
pub mod session;
pub mod verdict;
