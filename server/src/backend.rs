//! The server's side of `app::ports::Backend`: server functions land here and go straight
//! to the same services the REST API uses.

use std::sync::Arc;

use app::error::AppError;
use app::features::status::SystemStatus;
use app::ports::{Backend, SharedBackend};

use crate::services;
use crate::state::AppState;

pub struct ServiceBackend {
    state: AppState,
}

pub fn shared(state: AppState) -> SharedBackend {
    Arc::new(ServiceBackend { state })
}

#[async_trait::async_trait]
impl Backend for ServiceBackend {
    async fn system_status(&self) -> Result<SystemStatus, AppError> {
        Ok(services::status::system_status(&self.state.db).await?)
    }
}
