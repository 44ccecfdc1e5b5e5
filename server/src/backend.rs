//! The server's side of `app::ports::Backend`: server functions land here and go straight
//! to the same services the REST API uses.

use std::sync::Arc;

use app::error::AppError;
use app::features::codebooks::dto::{CodebookSummary, CodebookView, ImportOutcome};
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

    async fn list_codebooks(&self) -> Result<Vec<CodebookSummary>, AppError> {
        Ok(services::codebooks::list(&self.state.db).await?)
    }

    async fn get_codebook(&self, id: String) -> Result<CodebookView, AppError> {
        Ok(services::codebooks::get(&self.state.db, &id).await?)
    }

    async fn import_codebook(&self, file_name: String, content: String) -> Result<ImportOutcome, AppError> {
        Ok(services::codebooks::import_upload(&self.state.db, &file_name, &content).await?)
    }
}
