//! `/api/v1/codebooks`: list, import (JSON or REFI-QDA XML), read the tree, export.

use super::extract::PathIds;
use axum::Json;
use axum::body::Bytes;
use axum::extract::Query;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, StatusCode, header};
use serde::Deserialize;

use app::features::codebooks::dto::{CodebookSummary, CodebookView};

use crate::error::ServiceError;
use crate::formats::{self, FileKind, ImportHints};
use crate::services::{Ctx, codebooks};
use app::domain::ids::CodebookId;

/// All codebook versions
#[utoipa::path(get, path = "/codebooks", operation_id = "list_codebooks", tag = "codebooks",
    responses((status = 200, description = "Every version, built-in and imported", body = Vec<CodebookSummary>)))]
pub async fn list(ctx: Ctx) -> Result<Json<Vec<CodebookSummary>>, ServiceError> {
    Ok(Json(codebooks::list(&ctx).await?))
}

/// A codebook: the whole tree, nodes in display order
#[utoipa::path(get, path = "/codebooks/{id}", operation_id = "get_codebook", tag = "codebooks",
    params(("id" = app::domain::ids::CodebookId, Path, description = "The codebook version")),
    responses(
        (status = 200, description = "The codebook; each node comes before its children", body = CodebookView),
        (status = 404, description = "No such codebook"),
    ))]
pub async fn get(
    ctx: Ctx,
    PathIds(id): PathIds<CodebookId>,
) -> Result<Json<CodebookView>, ServiceError> {
    Ok(Json(codebooks::get(&ctx, id).await?))
}

/// Optional names for a `.qdc`, which carries none: `?name=…&guid=…&version=…`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Name for a `.qdc` (which carries none)
    name: Option<String>,
    /// Codebook GUID for a `.qdc`; default: derived from its codes
    guid: Option<String>,
    /// Version for a `.qdc`; default 1
    version: Option<u32>,
}

/// Import a codebook
///
/// Our JSON format (nested as in docs/codebook-format.md, or the flat shape `GET` returns) with
/// `Content-Type: application/json`, or a REFI-QDA `.qdc` with `application/xml`. At most
/// 16 MiB. Validated as a whole: nothing is stored unless every rule holds.
#[utoipa::path(post, path = "/codebooks", operation_id = "import_codebook", tag = "codebooks",
    params(ImportQuery),
    request_body(description = "The codebook file: JSON (a `CodebookDoc`, or the flat shape of `GET /codebooks/{id}`) or a `.qdc`", content(
        (serde_json::Value = "application/json"),
        (String = "application/xml"),
    )),
    responses(
        (status = 201, description = "Imported", body = app::features::codebooks::dto::ImportOutcome),
        (status = 200, description = "This GUID and version already exist with identical content; nothing changed", body = app::features::codebooks::dto::ImportOutcome),
        (status = 400, description = "The file could not be read (syntax, namespace, not UTF-8, unsupported Content-Type); `details` says where"),
        (status = 409, description = "This GUID and version already exist with different content (`reason`: `version_exists`)"),
        (status = 422, description = "The codebook breaks a rule; `details` lists every problem with its place"),
    ))]
pub async fn import(
    ctx: Ctx,
    Query(q): Query<ImportQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ServiceError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let kind = FileKind::from_content_type(content_type).ok_or_else(|| {
        ServiceError::malformed(
            format!("unsupported Content-Type {content_type:?}: send application/json or application/xml"),
            vec![],
        )
    })?;
    let content = std::str::from_utf8(&body).map_err(|e| {
        ServiceError::malformed(format!("the body is not UTF-8 text ({e})"), vec![])
    })?;
    let hints = ImportHints {
        name: q.name,
        guid: q.guid,
        version: q.version,
    };
    let outcome = codebooks::import_file(&ctx, kind, content, &hints).await?;
    let status = if outcome.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(outcome)).into_response())
}

fn attachment(content_type: &str, file_name: String, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

fn file_stem(name: &str, version: u32) -> String {
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!(
        "{}-v{version}",
        if slug.is_empty() { "codebook" } else { &slug }
    )
}

/// Export as a REFI-QDA codebook (`.qdc`)
#[utoipa::path(get, path = "/codebooks/{id}/export.qdc", tag = "codebooks",
    params(("id" = app::domain::ids::CodebookId, Path, description = "The codebook version")),
    responses(
        (status = 200, description = "The `.qdc` file, as an attachment", body = String, content_type = "application/xml",
            headers(("content-disposition" = String, description = "attachment; filename=\"<name>-v<version>.qdc\""))),
        (status = 404, description = "No such codebook"),
    ))]
pub async fn export_qdc(
    ctx: Ctx,
    PathIds(id): PathIds<CodebookId>,
) -> Result<Response, ServiceError> {
    let doc = codebooks::export(&ctx, id).await?;
    let name = format!("{}.qdc", file_stem(&doc.name, doc.version));
    Ok(attachment(
        "application/xml; charset=utf-8",
        name,
        formats::qdc::write(&doc),
    ))
}

/// Export in our JSON codebook format (docs/codebook.schema.json)
#[utoipa::path(get, path = "/codebooks/{id}/export.json", tag = "codebooks",
    params(("id" = app::domain::ids::CodebookId, Path, description = "The codebook version")),
    responses(
        (status = 200, description = "The nested codebook document, as an attachment; it imports again unchanged",
            body = app::domain::codebook::CodebookDoc, content_type = "application/json",
            headers(("content-disposition" = String, description = "attachment; filename=\"<name>-v<version>.codebook.json\""))),
        (status = 404, description = "No such codebook"),
    ))]
pub async fn export_json(
    ctx: Ctx,
    PathIds(id): PathIds<CodebookId>,
) -> Result<Response, ServiceError> {
    let doc = codebooks::export(&ctx, id).await?;
    let name = format!("{}.codebook.json", file_stem(&doc.name, doc.version));
    Ok(attachment(
        "application/json",
        name,
        formats::codebook_json::write(&doc),
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_stems_are_safe_slugs() {
        assert_eq!(
            super::file_stem("Bcp Commercie (SBB, 2021)", 1),
            "bcp-commercie-sbb-2021-v1"
        );
        assert_eq!(super::file_stem("«»", 2), "codebook-v2");
    }
}
