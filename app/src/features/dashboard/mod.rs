//! The coordinator's dashboard: live verdicts per item, the bcp overview, drill-down, coverage
//! and the thresholds.

pub mod api;
pub mod dto;
