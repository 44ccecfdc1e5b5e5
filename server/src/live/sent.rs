//! An event as it goes out on a live stream: serialised once, shared by every subscriber.

use std::sync::Arc;

use serde::Serialize;

use app::features::dashboard::dto::LiveEvent;
use app::features::workshops::dto::WorkshopEvent;

use crate::error::ServiceError;

#[derive(Debug)]
pub struct Sent {
    pub id: i64,
    /// The SSE `event:` name.
    pub name: &'static str,
    pub json: String,
}

impl Sent {
    /// A study stream's event.
    pub fn new(id: i64, event: &LiveEvent) -> Result<Arc<Sent>, ServiceError> {
        Sent::of(id, event.name(), event)
    }

    /// A workshop stream's event.
    pub fn workshop(id: i64, event: &WorkshopEvent) -> Result<Arc<Sent>, ServiceError> {
        Sent::of(id, event.name(), event)
    }

    fn of(id: i64, name: &'static str, event: &impl Serialize) -> Result<Arc<Sent>, ServiceError> {
        let json =
            serde_json::to_string(event).map_err(|e| ServiceError::Internal(e.to_string()))?;
        Ok(Arc::new(Sent { id, name, json }))
    }
}
