//! UI pieces shared by several features.

pub mod layout;
pub mod session;
pub mod verdict;
