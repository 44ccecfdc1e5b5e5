//! Codebooks: import (validated, all-or-nothing, idempotent per GUID and version), listing,
//! reading the tree, and export. A stored codebook version is never changed: a change is a new
//! version, so studies that pinned a version keep exactly what they were coded against.

use std::collections::HashMap;

use app::domain::codebook::{self, CodebookDoc, FlatNode, TreeNode};
use app::domain::ids::CodebookId;
use app::features::codebooks::dto::{CodebookSummary, CodebookView, ImportOutcome, NodeView};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, SqlErr,
};

use super::{Ctx, audit};
use crate::auth::policy;
use crate::db::Db;
use crate::db::entities::{codebook as cb, codebook_node as node};
use crate::db::stored;
use crate::error::ServiceError;
use crate::formats::{self, FileError, FileKind, ImportHints};
use app::error::Reason;

pub const BUILTIN_JSON: &str =
    include_str!("../../../migrations/data/sbb-commercie-2021.codebook.json");
/// Rows per INSERT: well under SQLite's and PostgreSQL's bind-parameter limits (11 columns each).
const INSERT_CHUNK: usize = 500;

pub async fn list(ctx: &Ctx) -> Result<Vec<CodebookSummary>, ServiceError> {
    policy::signed_in(&ctx.principal)?;
    let db = &ctx.db;
    let books = cb::Entity::find()
        .order_by_asc(cb::Column::Name)
        .order_by_desc(cb::Column::Version)
        .all(db)
        .await?;
    let nodes = node::Entity::find().all(db).await?;
    let mut by_book: HashMap<&str, Vec<&node::Model>> = HashMap::new();
    for n in &nodes {
        by_book.entry(n.codebook_id.as_str()).or_default().push(n);
    }
    let mut out = Vec::with_capacity(books.len());
    for b in books {
        // A codebook without nodes has none to count.
        let flat: Vec<FlatNode> = match by_book.get(b.id.as_str()) {
            Some(ns) => ns.iter().map(|n| flat_by_id(n)).collect::<Result<_, _>>()?,
            None => Vec::new(),
        };
        out.push(summary(b, &flat)?);
    }
    Ok(out)
}

pub async fn get(ctx: &Ctx, id: CodebookId) -> Result<CodebookView, ServiceError> {
    policy::signed_in(&ctx.principal)?;
    view(&ctx.db, &id.to_string()).await
}

async fn view(db: &DatabaseConnection, id: &str) -> Result<CodebookView, ServiceError> {
    let book = find(db, id).await?;
    let rows = nodes_of(db, &book.id).await?;
    let flat: Vec<FlatNode> = rows.iter().map(flat_by_id).collect::<Result<_, _>>()?;
    let nodes = rows.into_iter().map(node_view).collect::<Result<_, _>>()?;
    Ok(CodebookView {
        summary: summary(book, &flat)?,
        nodes,
    })
}

/// The stored codebook as a document of the exchange format.
pub async fn export(ctx: &Ctx, id: CodebookId) -> Result<CodebookDoc, ServiceError> {
    policy::signed_in(&ctx.principal)?;
    let db = &ctx.db;
    let book = find(db, &id.to_string()).await?;
    let rows = nodes_of(db, &book.id).await?;
    to_doc(&book, &rows)
}

pub async fn import_file(
    ctx: &Ctx,
    kind: FileKind,
    content: &str,
    hints: &ImportHints,
) -> Result<ImportOutcome, ServiceError> {
    policy::signed_in(&ctx.principal)?;
    let doc = formats::parse(kind, content, hints).map_err(|e| {
        let n = e.problems().len();
        match e {
            FileError::Unreadable(p) => {
                ServiceError::malformed("the file could not be read as a codebook", p)
            }
            FileError::Invalid(p) => ServiceError::invalid(
                format!("the codebook breaks {n} rule(s); nothing was imported"),
                p,
            ),
        }
    })?;
    let user = policy::signed_in(&ctx.principal)?;
    let outcome = import(&ctx.db, doc, "import").await?;
    if outcome.created {
        let c = &outcome.codebook;
        let details = serde_json::json!({"codebook_id": c.id, "name": c.name, "version": c.version, "items": c.counts.items});
        audit::record_committed(&ctx.db, Some(&user.id), None, "codebook.imported", details)
            .await?;
    }
    Ok(outcome)
}

/// A file uploaded through the browser: its type is sniffed and a `.qdc`'s name taken from the file name.
pub async fn import_upload(
    ctx: &Ctx,
    file_name: &str,
    content: &str,
) -> Result<ImportOutcome, ServiceError> {
    policy::signed_in(&ctx.principal)?;
    let hints = ImportHints {
        name: name_from_file(file_name),
        ..ImportHints::default()
    };
    let kind = FileKind::sniff(content);
    let hints = if kind == FileKind::Qdc {
        hints
    } else {
        ImportHints::default()
    };
    import_file(ctx, kind, content, &hints).await
}

/// `.qdc` files carry no codebook name: the file name is the best one we have.
fn name_from_file(file_name: &str) -> Option<String> {
    let stem = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = stem
        .strip_suffix(".qdc")
        .or_else(|| stem.strip_suffix(".xml"))?;
    let name = stem.replace(['_', '-'], " ").trim().to_string();
    (!name.is_empty()).then_some(name)
}

/// Stores a validated codebook in one transaction. The same GUID and version again is accepted
/// when the content is identical (a retried upload) and refused when it differs.
pub async fn import(
    db: &Db,
    doc: CodebookDoc,
    origin: &str,
) -> Result<ImportOutcome, ServiceError> {
    doc.validate()
        .map_err(|p| ServiceError::invalid("the codebook is not valid; nothing was imported", p))?;
    if let Some(existing) = find_version(db, &doc.guid, doc.version).await? {
        return same_or_conflict(db, existing, &doc).await;
    }
    let write = db.begin_write().await?;
    let txn = &write.txn;
    let book_id = uuid::Uuid::new_v4().to_string();
    let book = cb::ActiveModel {
        id: Set(book_id.clone()),
        guid: Set(codebook::normalise_guid(&doc.guid)),
        name: Set(doc.name.clone()),
        version: Set(doc.version as i32),
        description: Set(doc.description.clone()),
        origin: Set(origin.to_string()),
        created_at: Set(chrono::Utc::now()),
    };
    if let Err(e) = cb::Entity::insert(book).exec(txn).await {
        drop(write);
        // Lost a race with an identical import: answer as the winner would have.
        if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
            if let Some(existing) = find_version(db, &doc.guid, doc.version).await? {
                return same_or_conflict(db, existing, &doc).await;
            }
        }
        return Err(e.into());
    }
    insert_nodes(txn, &book_id, &doc).await?;
    write.commit().await?;
    let view = view(db, &book_id).await?;
    Ok(ImportOutcome {
        codebook: view.summary,
        created: true,
    })
}

/// Loads the built-in SBB Commercie codebook once; later start-ups find it and do nothing.
pub async fn ensure_builtin(db: &Db) -> Result<(), ServiceError> {
    let doc =
        formats::parse(FileKind::Json, BUILTIN_JSON, &ImportHints::default()).map_err(|e| {
            ServiceError::invalid("the built-in codebook is not valid", e.problems().to_vec())
        })?;
    if find_version(db, &doc.guid, doc.version).await?.is_none() {
        let outcome = import(db, doc, "builtin").await?;
        tracing::info!(codebook = %outcome.codebook.name, items = outcome.codebook.counts.items, "built-in codebook loaded");
    }
    Ok(())
}

async fn same_or_conflict(
    db: &DatabaseConnection,
    existing: cb::Model,
    doc: &CodebookDoc,
) -> Result<ImportOutcome, ServiceError> {
    let rows = nodes_of(db, &existing.id).await?;
    let stored = to_doc(&existing, &rows)?;
    if stored.nodes == doc.nodes && stored.name == doc.name {
        let view = view(db, &existing.id).await?;
        return Ok(ImportOutcome {
            codebook: view.summary,
            created: false,
        });
    }
    Err(ServiceError::Conflict(format!(
        "version {} of codebook {} already exists with different content; give the changed codebook a higher version",
        doc.version, doc.guid
    ))
    .because(Reason::VersionExists, Some("/version")))
}

async fn insert_nodes(
    txn: &impl ConnectionTrait,
    book_id: &str,
    doc: &CodebookDoc,
) -> Result<(), ServiceError> {
    let flat = doc.flatten();
    let ids: HashMap<&str, String> = flat
        .iter()
        .map(|n| (n.guid.as_str(), uuid::Uuid::new_v4().to_string()))
        .collect();
    let models: Vec<node::ActiveModel> = flat
        .iter()
        .enumerate()
        .map(|(position, n)| node::ActiveModel {
            id: Set(ids[n.guid.as_str()].clone()),
            codebook_id: Set(book_id.to_string()),
            guid: Set(codebook::normalise_guid(&n.guid)),
            parent_id: Set(n.parent_guid.as_deref().map(|p| ids[p].clone())),
            position: Set(position as i32),
            kind: Set(n.kind.code().to_string()),
            section_kind: Set(n.section_kind.map(|k| k.code().to_string())),
            number: Set(n.number.clone()),
            label: Set(n.label.clone()),
            text: Set(n.text.clone()),
            color: Set(n.color.clone()),
        })
        .collect();
    // Pre-order puts every parent in an earlier chunk or earlier in the same statement.
    for chunk in models.chunks(INSERT_CHUNK) {
        node::Entity::insert_many(chunk.to_vec()).exec(txn).await?;
    }
    Ok(())
}

async fn find(db: &DatabaseConnection, id: &str) -> Result<cb::Model, ServiceError> {
    cb::Entity::find_by_id(id.to_string())
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("no codebook with id {id}")))
}

async fn find_version(
    db: &DatabaseConnection,
    guid: &str,
    version: u32,
) -> Result<Option<cb::Model>, ServiceError> {
    Ok(cb::Entity::find()
        .filter(cb::Column::Guid.eq(codebook::normalise_guid(guid)))
        .filter(cb::Column::Version.eq(version as i32))
        .one(db)
        .await?)
}

async fn nodes_of(
    db: &DatabaseConnection,
    book_id: &str,
) -> Result<Vec<node::Model>, ServiceError> {
    Ok(node::Entity::find()
        .filter(node::Column::CodebookId.eq(book_id))
        .order_by_asc(node::Column::Position)
        .all(db)
        .await?)
}

/// Keyed by row id (not GUID), for counting over stored rows.
fn flat_by_id(n: &node::Model) -> Result<FlatNode, DbErr> {
    Ok(FlatNode {
        guid: n.id.clone(),
        parent_guid: n.parent_id.clone(),
        kind: stored::node_kind(&n.kind)?,
        section_kind: stored::section_kind(n.section_kind.as_deref())?,
        number: None,
        label: String::new(),
        text: None,
        color: None,
    })
}

fn node_view(n: node::Model) -> Result<NodeView, DbErr> {
    Ok(NodeView {
        kind: stored::node_kind(&n.kind)?,
        section_kind: stored::section_kind(n.section_kind.as_deref())?,
        id: n.id,
        guid: n.guid,
        parent_id: n.parent_id,
        number: n.number,
        label: n.label,
        text: n.text,
        color: n.color,
    })
}

fn summary(b: cb::Model, flat: &[FlatNode]) -> Result<CodebookSummary, ServiceError> {
    Ok(CodebookSummary {
        id: stored::id(&b.id)?,
        guid: b.guid,
        name: b.name,
        version: b.version.max(0) as u32,
        description: b.description,
        origin: b.origin,
        created_at: b.created_at.to_rfc3339(),
        counts: codebook::counts(flat),
    })
}

fn to_doc(book: &cb::Model, rows: &[node::Model]) -> Result<CodebookDoc, ServiceError> {
    let guid_of: HashMap<&str, &str> = rows
        .iter()
        .map(|n| (n.id.as_str(), n.guid.as_str()))
        .collect();
    let flat: Vec<FlatNode> = rows
        .iter()
        .map(|n| {
            Ok(FlatNode {
                guid: n.guid.clone(),
                parent_guid: n
                    .parent_id
                    .as_deref()
                    .and_then(|p| guid_of.get(p))
                    .map(|g| g.to_string()),
                kind: stored::node_kind(&n.kind)?,
                section_kind: stored::section_kind(n.section_kind.as_deref())?,
                number: n.number.clone(),
                label: n.label.clone(),
                text: n.text.clone(),
                color: n.color.clone(),
            })
        })
        .collect::<Result<_, DbErr>>()?;
    let nodes: Vec<TreeNode> = codebook::build_tree(&flat).map_err(|p| {
        ServiceError::Internal(format!("the stored codebook {} is damaged: {p:?}", book.id))
    })?;
    Ok(CodebookDoc {
        format: codebook::FORMAT.to_string(),
        format_version: codebook::FORMAT_VERSION,
        guid: book.guid.clone(),
        name: book.name.clone(),
        version: book.version.max(0) as u32,
        description: book.description.clone(),
        nodes,
    })
}
