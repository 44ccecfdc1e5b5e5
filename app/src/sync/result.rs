//! What the server answers for each queued op.

use serde::{Deserialize, Serialize};

/// The result of one queued operation: the HTTP status it would have had on its own (200,
/// 409, 404, 422, …), the new revision, or the error and, with `stale`, the server's current
/// value (`C`: an answer, a field, the details).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OpResult<C> {
    pub op_id: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<crate::error::AppError>,
    #[serde(default = "none", skip_serializing_if = "Option::is_none")]
    pub current: Option<C>,
}

fn none<C>() -> Option<C> {
    None
}
