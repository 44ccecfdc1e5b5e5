//! What the server functions need from the server crate. The server installs one
//! [`Backend`] in the Leptos context; server functions are thin calls onto it, so the
//! services (validation, authorization, persistence) live once, in `server::services`.

use std::sync::Arc;

use crate::error::AppError;
use crate::features::codebooks::dto::{CodebookSummary, CodebookView, ImportOutcome};
use crate::features::status::SystemStatus;

#[async_trait::async_trait]
pub trait Backend: Send + Sync + 'static {
    async fn system_status(&self) -> Result<SystemStatus, AppError>;
    async fn list_codebooks(&self) -> Result<Vec<CodebookSummary>, AppError>;
    async fn get_codebook(&self, id: String) -> Result<CodebookView, AppError>;
    async fn import_codebook(&self, file_name: String, content: String) -> Result<ImportOutcome, AppError>;
}

pub type SharedBackend = Arc<dyn Backend>;

/// The backend installed by the server for this request.
pub fn backend() -> Result<SharedBackend, AppError> {
    leptos::prelude::use_context::<SharedBackend>()
        .ok_or_else(|| AppError::new("internal", "no backend in the request context"))
}
