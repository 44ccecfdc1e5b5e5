//! Workshops: a facilitator's session on some roles of a study (`create`), joined with a code
//! by participants without an account (`join`), steered by the facilitator's controls
//! (`control`), voted on through the op journal (`votes`), and read as the facilitator's view,
//! a participant's view or the results (`views`).

pub mod control;
pub mod create;
pub mod join;
pub mod record;
pub mod views;
pub mod vote_store;
pub mod votes;

use serde::Serialize;

use app::domain::workshop::Refusal;

use super::Ctx;
use crate::error::ServiceError;

/// Participants a workshop admits unless its facilitator says otherwise.
pub const DEFAULT_CAP: u32 = 500;
pub const MAX_CAP: u32 = 5000;

/// Where a phone joins: the configured public origin, else the address the request came to.
pub fn join_url(ctx: &Ctx, code: &str) -> String {
    let origin = match &ctx.auth.public_origin {
        Some(o) => o.trim_end_matches('/').to_string(),
        None => {
            let scheme = if ctx.auth.secure_cookies {
                "https"
            } else {
                "http"
            };
            let host = ctx.meta.host.as_deref().unwrap_or("localhost");
            format!("{scheme}://{host}")
        }
    };
    format!("{origin}/join/{code}")
}

fn json_text<V: Serialize>(v: &V) -> Result<String, ServiceError> {
    serde_json::to_string(v).map_err(|e| ServiceError::Internal(e.to_string()))
}

/// A control or vote the workshop's rules refuse: a conflict with the state it is in, named
/// so that the phone and the presenter can say what to do.
pub fn refused(r: Refusal) -> ServiceError {
    match r {
        Refusal::UnknownItem => {
            ServiceError::invalid_field("item_id", "this item is not part of the workshop")
        }
        other => ServiceError::Conflict(other.to_string()).because(other.into(), None),
    }
}
