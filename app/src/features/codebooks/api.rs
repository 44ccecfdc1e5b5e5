//! Server functions of the codebook pages: thin calls onto the server's codebook service.

use leptos::prelude::*;

use super::dto::{CodebookSummary, CodebookView, ImportOutcome};
use crate::domain::ids::CodebookId;
use crate::error::AppError;

#[server(prefix = "/sfn", endpoint = "codebooks/list")]
pub async fn list_codebooks() -> Result<Vec<CodebookSummary>, AppError> {
    crate::ports::call(ListCodebooks {}).await
}

#[server(prefix = "/sfn", endpoint = "codebooks/get")]
pub async fn get_codebook(id: CodebookId) -> Result<CodebookView, AppError> {
    crate::ports::call(GetCodebook { id }).await
}

/// `content` is the file's text as the browser read it; its type is sniffed (XML means `.qdc`).
#[server(prefix = "/sfn", endpoint = "codebooks/import")]
pub async fn import_codebook(
    file_name: String,
    content: String,
) -> Result<ImportOutcome, AppError> {
    crate::ports::call(ImportCodebook { file_name, content }).await
}
