//! Codebook files in and out: our JSON format (nested, or the API's flat node list) and REFI-QDA `.qdc`.
//! Parsing reports every problem with its place; nothing here touches the database.

pub mod codebook_json;
mod file;
pub mod qdc;

use app::domain::codebook::CodebookDoc;

pub use file::{FileError, FileKind, ImportHints};

pub fn parse(kind: FileKind, content: &str, hints: &ImportHints) -> Result<CodebookDoc, FileError> {
    let doc = match kind {
        FileKind::Json => codebook_json::parse(content, hints),
        FileKind::Qdc => qdc::parse(content, hints),
    }
    .map_err(FileError::Unreadable)?;
    doc.validate().map_err(FileError::Invalid)?;
    Ok(doc)
}
