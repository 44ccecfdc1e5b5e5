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

pub async fn list(ctx: Ctx) -> Result<Json<Vec<CodebookSummary>>, ServiceError> {
    Ok(Json(codebooks::list(&ctx).await?))
}

pub async fn get(
    ctx: Ctx,
    PathIds(id): PathIds<CodebookId>,
) -> Result<Json<CodebookView>, ServiceError> {
    Ok(Json(codebooks::get(&ctx, id).await?))
}

/// Optional names for a `.qdc`, which carries none: `?name=…&guid=…&version=…`.
#[derive(Debug, Deserialize)]
pub struct ImportQuery {
    name: Option<String>,
    guid: Option<String>,
    version: Option<u32>,
}

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
